"""Demo newsletters: the network's list and the VOV list, each with a few confirmed
subscribers (Lotte, the demo teacher, among them) and one waiting for confirmation; on the
VOV list one sent issue in the archive and one draft. Idempotent (found by slug, address and
subject)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from networks.models import Centre, Network
from stemnet.accounts.models import User
from stemnet.tokens import new_token
from trainings.library.models import Kind
from trainings.models import Training

from .library import scope_items
from .models import Issue, IssueDelivery, NewsletterList, Subscription

LISTS = [
    (
        "vl",
        None,
        "Nieuwsbrief STEMNET Vlaanderen",
        "Elk kwartaal het nieuws van het netwerk: nieuwe nascholingen in heel Vlaanderen, "
        "materiaal uit de bibliotheek en de resultaten van schoolprojecten.",
        "Ik wil de nieuwsbrief van STEMNET Vlaanderen per e-mail ontvangen. Mijn adres wordt "
        "alleen daarvoor gebruikt; ik kan me met één klik afmelden.",
    ),
    (
        "vov",
        "VOV",
        "Nieuwsbrief STEM-centrum Oost-Vlaanderen",
        "Eén keer per maand: de nascholingen van het STEM-centrum Oost-Vlaanderen en wat "
        "scholen in de regio met STEM doen.",
        "Ik wil de nieuwsbrief van het STEM-centrum Oost-Vlaanderen per e-mail ontvangen. Mijn "
        "adres wordt alleen daarvoor gebruikt; ik kan me met één klik afmelden.",
    ),
]
CONFIRMED = ["leerkracht@stemnet.test", "an.desmet@school.example", "pieter.maes@school.example"]
PENDING = "nog.bevestigen@school.example"

SENT_SUBJECT = "Nieuw in het voorjaar: robotica en onderzoekend leren"
SENT_TEXT = (
    "Beste collega's,\n\n"
    "Het voorjaar brengt drie nieuwe nascholingen naar Gent en Aalst, en in de bibliotheek "
    "staan nieuwe lesmaterialen die scholen uit de regio deelden.\n\n"
    "Vragen? Mail ons gerust: stem@arteveldehs.be"
)
DRAFT_SUBJECT = "Concept: het nieuws van juni"
DRAFT_TEXT = "Beste collega's,\n\nVoor de zomer nog dit: …"


def _list(network: Network, slug, centre_code, name, description, consent) -> NewsletterList:
    centre = Centre.objects.filter(code=centre_code).first() if centre_code else None
    newsletter, _ = NewsletterList.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "description": description,
            "consent_text": consent,
            "network": None if centre else network,
            "centre": centre,
        },
    )
    return newsletter


def _subscribe(newsletter: NewsletterList, email: str, *, confirmed: bool, when) -> Subscription:
    subscription = Subscription.objects.filter(newsletter=newsletter, email=email).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            newsletter=newsletter,
            email=email,
            user=User.objects.filter(email=email).first(),
            consent_text=newsletter.consent_text,
            consented_at=when,
            confirmation_sent_at=when,
            confirmed_at=when + dt.timedelta(minutes=7) if confirmed else None,
            token=new_token(),
        )
    return subscription


def load(out) -> None:
    network = Network.objects.filter(code="VL").first()
    if network is None:
        return
    now = timezone.now()
    lists = [_list(network, *row) for row in LISTS]
    for n, newsletter in enumerate(lists):
        for i, email in enumerate(CONFIRMED):
            _subscribe(newsletter, email, confirmed=True, when=now - dt.timedelta(days=90 - i - n))
        _subscribe(newsletter, PENDING, confirmed=False, when=now - dt.timedelta(hours=3))
    vov = lists[1]
    trainings = list(
        Training.objects.filter(centre=vov.centre, status=Training.Status.PUBLISHED).order_by(
            "-created_at"
        )[:3]
    )
    sent_at = now - dt.timedelta(days=30)
    sent, created = Issue.objects.get_or_create(
        newsletter=vov,
        subject=SENT_SUBJECT,
        defaults={
            "intro": SENT_TEXT,
            "status": Issue.Status.SENT,
            "sent_at": sent_at,
            "sending_seen_at": sent_at,
            "finished_at": sent_at + dt.timedelta(minutes=2),
        },
    )
    if created:
        sent.trainings.set(trainings[:2])
        # The library's demo came first: two items and a project result of the centre.
        items = scope_items(vov)
        sent.library_items.set(
            list(items.exclude(kind=Kind.ACTION_RESEARCH)[:2])
            + list(items.filter(kind=Kind.ACTION_RESEARCH)[:1])
        )
        confirmed = vov.subscriptions.filter(confirmed_at__lte=sent_at)
        IssueDelivery.objects.bulk_create(
            [
                IssueDelivery(issue=sent, subscription=s, claimed_at=sent_at, mailed_at=sent_at)
                for s in confirmed
            ],
            ignore_conflicts=True,
        )
    draft, created = Issue.objects.get_or_create(
        newsletter=vov, subject=DRAFT_SUBJECT, defaults={"intro": DRAFT_TEXT}
    )
    if created:
        draft.trainings.set(trainings[:1])
    out.write(f"newsletters: {len(lists)} lists, {Subscription.objects.count()} subscriptions")
