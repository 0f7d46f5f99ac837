"""Demo data of the quality cycle. Idempotent (matched on codes, titles and years).

STEM-centrum Oost-Vlaanderen (VOV) asks for review before publication and has one training in
review; its 2025 yearly review holds findings and actions; a peer review by LUMA (Finland) and
an external evaluation of the network, modelled on what the networks of ``004_*`` do (the
formative and summative evaluation of the Maisons pour la science, the external evaluation
reports of the UK's NSLN, the yearly evaluation by LUMA's steering group). The demo log-ins of
the scientific committee and the steering group get their memberships here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from networks.models import Centre, Membership, Network
from stemnet.accounts.models import Level, User

from ..models import Format, Session, Training
from .models import (
    Criterion,
    CriterionVerdict,
    ExternalEvaluation,
    QualityAction,
    TrainingReview,
    Verdict,
    YearlyReview,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
COMMITTEE_LOGIN = "comite@stemnet.test"
STEERING_LOGIN = "stuurgroep@stemnet.test"
IN_REVIEW_CODE = "vov-onderzoekend-leren-ai"

FINDINGS_2025 = (
    "Het aanbod bereikt vooral leraren van de eerste graad; de tweede en derde graad TSO en "
    "BSO blijven ondervertegenwoordigd.\n\n"
    "Nascholingen die samen met onderzoekers van de UGent zijn opgezet, scoren duidelijk "
    "hoger op tevredenheid dan de losse sessies.\n\n"
    "De kost per deelnemer ligt hoger dan het Vlaamse gemiddelde door de meerdaagse "
    "trajecten; die bereiken wel meer scholen per deelnemer."
)
ACTIONS_2025 = [
    (
        "Twee nascholingen op maat van de tweede en derde graad TSO/BSO, samen met Hogeschool Gent",
        "Coördinator STEM-centrum Oost-Vlaanderen",
        120,
        QualityAction.Status.IN_PROGRESS,
    ),
    (
        "De nodenbevraging bij scholen herhalen en de resultaten naast het aanbod leggen",
        "Wetenschappelijk comité",
        60,
        QualityAction.Status.PLANNED,
    ),
    (
        "Elke nascholing vermeldt de onderzoeksbasis in haar beschrijving",
        "Coördinator STEM-centrum Oost-Vlaanderen",
        -200,
        QualityAction.Status.DONE,
    ),
]
PEER_REVIEW = {
    "title": "Peer review door LUMA Centre Finland",
    "kind": ExternalEvaluation.Kind.PEER,
    "evaluator": "LUMA Centre Finland (Universiteit van Helsinki) en IMST (Klagenfurt)",
    "held_from": dt.date(2025, 10, 6),
    "held_until": dt.date(2025, 10, 8),
    "findings": (
        "Sterke verankering in de lerarenopleiding en goede samenwerking met de UGent.\n\n"
        "Meer leraren zelf laten onderzoeken in hun klas (action research), zoals in de "
        "Finse LUMA-centra en de Oostenrijkse regionale netwerken.\n\n"
        "De opvolging na de nascholing (follow-up-bevraging) wordt nog weinig gebruikt."
    ),
}
PEER_ACTIONS = [
    (
        "Een lerend netwerk 'onderzoek in de klas' opstarten met vijf scholen",
        "Coördinator STEM-centrum Oost-Vlaanderen",
        240,
        QualityAction.Status.PLANNED,
    ),
    (
        "De follow-up-bevraging standaard inplannen drie maanden na elke meerdaagse nascholing",
        "Coördinator STEM-centrum Oost-Vlaanderen",
        30,
        QualityAction.Status.IN_PROGRESS,
    ),
]
NETWORK_EVALUATION = {
    "title": "Externe evaluatie van het kennisnetwerk STEM 2023-2025",
    "kind": ExternalEvaluation.Kind.EXTERNAL,
    "evaluator": "Onafhankelijk evaluatieteam (opdracht: Departement Onderwijs en Vorming)",
    "held_from": dt.date(2025, 9, 1),
    "held_until": dt.date(2025, 11, 28),
    "findings": (
        "Het netwerk bereikt elk jaar meer leraren; de spreiding over de provincies is "
        "ongelijk.\n\n"
        "De centra gebruiken de vragenlijsten na de nascholing goed; de impact op de klas "
        "wordt nog niet gemeten."
    ),
}
NETWORK_ACTIONS = [
    (
        "Een gedeeld kader voor impactmeting, naar het voorbeeld van het Britse NSLN",
        "Stuurgroep",
        365,
        QualityAction.Status.PLANNED,
    ),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _actions(rows, **parent) -> None:
    """Each action due ``days`` from the first load (a done one in the past)."""
    today = timezone.localdate()
    for description, owner, days, status in rows:
        QualityAction.objects.get_or_create(
            description=description,
            **parent,
            defaults={
                "owner": owner,
                "due_on": today + dt.timedelta(days=days),
                "status": status,
            },
        )


def _training_in_review(centre: Centre) -> Training:
    training = Training.objects.filter(code=IN_REVIEW_CODE).first()
    if training is None:
        training = Training.objects.create(
            code=IN_REVIEW_CODE,
            centre=centre,
            title="Onderzoekend leren met artificiële intelligentie in de klas",
            description=(
                "Drie sessies over onderzoekend leren met AI-toepassingen in de lessen "
                "wetenschappen en technologie van de eerste graad, met lesmateriaal dat je "
                "meteen gebruikt."
            ),
            format=Format.MULTI_DAY,
            stem_domains=["S", "T"],
            levels=[Level.GRAAD1],
            contact_hours=Decimal("9.0"),
            target_participants=24,
            co_created_research=True,
            shared_capacity=24,
        )
        start = timezone.localdate() + dt.timedelta(days=60)
        for week in range(3):
            day = start + dt.timedelta(days=7 * week)
            Session.objects.create(
                training=training,
                starts_at=dt.datetime.combine(day, dt.time(13, 30), tzinfo=BRUSSELS),
                ends_at=dt.datetime.combine(day, dt.time(16, 30), tzinfo=BRUSSELS),
                location="UGent Campus Sterre, Gent",
                municipality="Gent",
                province="VOV",
                capacity=24,
            )
    # The status by hand, not through ``training_publish``: the demo sets the scene.
    if training.status == Training.Status.DRAFT and not training.quality_reviews.exists():
        Training.objects.filter(pk=training.pk).update(status=Training.Status.IN_REVIEW)
    return training


def _returned_once(training: Training, reviewer: User | None) -> None:
    """An earlier decision that sent the training back, so its history shows one."""
    if training.quality_reviews.exists():
        return
    review = TrainingReview.objects.create(
        training=training,
        reviewer=reviewer,
        reviewer_name=reviewer.get_full_name() if reviewer else "",
        decision=TrainingReview.Decision.RETURNED,
        remarks=(
            "Maak de band met de nodenbevraging van 2025 expliciet en vermeld welk onderzoek "
            "van de UGent de aanpak onderbouwt."
        ),
        decided_at=timezone.now() - dt.timedelta(days=9),
        mailed_at=timezone.now() - dt.timedelta(days=9),
    )
    verdicts = {
        Criterion.RESEARCH: (Verdict.PARTLY, "De onderzoeksbasis wordt niet genoemd."),
        Criterion.CO_CREATION: (Verdict.MEETS, ""),
        Criterion.NEEDS: (Verdict.NOT_MET, "Geen verwijzing naar de nodenbevraging."),
        Criterion.LEVEL_FORMAT: (Verdict.MEETS, ""),
    }
    CriterionVerdict.objects.bulk_create(
        CriterionVerdict(review=review, criterion=code, verdict=v, remark=remark)
        for code, (v, remark) in verdicts.items()
    )


def load(out) -> None:
    vov = Centre.objects.filter(code="VOV").first()
    network = Network.objects.filter(code="VL").first() or (vov.network if vov else None)
    if vov is None or network is None:
        out.write("  quality: skipped (no centre VOV)")
        return
    committee, steering = _user(COMMITTEE_LOGIN), _user(STEERING_LOGIN)
    if committee is not None:
        Membership.objects.get_or_create(
            user=committee, role=Membership.Role.COMMITTEE, centre=None
        )
    if steering is not None:
        Membership.objects.get_or_create(user=steering, role=Membership.Role.STEERING, centre=None)
    Centre.objects.filter(pk=vov.pk).update(review_before_publication=True)
    training = _training_in_review(vov)
    _returned_once(training, committee)
    review, _created = YearlyReview.objects.get_or_create(
        centre=vov,
        year=2025,
        defaults={
            "findings": FINDINGS_2025,
            "opened_by": committee,
            "opened_at": dt.datetime(2026, 1, 20, 10, 0, tzinfo=BRUSSELS),
        },
    )
    _actions(ACTIONS_2025, yearly_review=review)
    peer, _created = ExternalEvaluation.objects.get_or_create(
        title=PEER_REVIEW["title"], defaults={**PEER_REVIEW, "centre": vov}
    )
    _actions(PEER_ACTIONS, evaluation=peer)
    external, _created = ExternalEvaluation.objects.get_or_create(
        title=NETWORK_EVALUATION["title"], defaults={**NETWORK_EVALUATION, "network": network}
    )
    _actions(NETWORK_ACTIONS, evaluation=external)
    out.write(
        f"  quality: review before publication at VOV, "
        f"{Training.objects.filter(status=Training.Status.IN_REVIEW).count()} training in "
        f"review, {YearlyReview.objects.count()} yearly review, "
        f"{ExternalEvaluation.objects.count()} evaluations"
    )
