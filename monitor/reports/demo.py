"""
The STEM masterclasses of autumn 2017 (seed ``000_*``), as data the yearly report must give
back exactly: 45 participants (21 teachers, 16 company staff, 8 researchers, no CLB staff),
the teachers' domains and levels of the minister's answer, 29,012.01 EUR paid against a
target of about 100 teachers.

The seed gives no split over the two provinces, no planned budget and no evaluation figures:
the split (27 in East Flanders, 18 in West Flanders), the planned amount (equal to the paid
one) and the few evaluation answers (paraphrasing the arguments in the answer) are
illustrative. ``load_masterclasses_2017()`` is idempotent.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.db import transaction

from networks.models import Centre, Network, Organisation, Province
from stemnet.accounts.models import PersonRole, Profile, User
from trainings.models import (
    Answer,
    BudgetLine,
    Enrolment,
    Question,
    Questionnaire,
    Response,
    Session,
    Training,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
PAID = Decimal("29012.01")
FUNDER = "Vlaamse overheid, Departement Onderwijs en Vorming"

# The teachers' domains and levels (seed 000, answer 1b). Seven teachers teach at two levels.
DOMAINS = ["S"] * 3 + ["T"] * 10 + ["E"] * 4 + ["M"] * 3 + ["other"]
LEVEL_SLOTS = (["graad1"] * 8 + ["aso"] * 7 + ["tso_kso_bso"] * 9 + ["lerarenopleiding"] * 3
               + ["andere"])
ROLES = [PersonRole.TEACHER] * 21 + [PersonRole.COMPANY] * 16 + [PersonRole.RESEARCHER] * 8
OPEN_ANSWERS = [
    "Kennismaken met onderzoekers en bedrijven was het sterkste punt.",
    "Ik ontdekte minder bekende STEM-profielen die ik aan mijn leerlingen kan tonen.",
    "Bruikbare informatie voor de studie- en beroepskeuze van onze leerlingen.",
    "Kennisdeling met collega's uit andere scholen; graag meer tijd voor vragen.",
]
# (code, centre, title, target, session days)
TRAININGS = [
    ("mc2017-oost", "VOV", "STEM Masterclass Oost-Vlaanderen", 60,
     [dt.date(2017, 10, 17), dt.date(2017, 11, 21)]),
    ("mc2017-west", "VWV", "STEM Masterclass West-Vlaanderen", 40, [dt.date(2017, 11, 9)]),
]


def _levels(index: int) -> list[str]:
    levels = [LEVEL_SLOTS[index]]
    extra = 21 + index
    if extra < len(LEVEL_SLOTS):
        levels.append(LEVEL_SLOTS[extra])
    return levels


def _centre(code: str, network: Network) -> Centre:
    names = {"VOV": ("STEM-centrum Oost-Vlaanderen", Province.OOST_VLAANDEREN),
             "VWV": ("STEM-centrum West-Vlaanderen", Province.WEST_VLAANDEREN)}
    name, province = names[code]
    centre, _ = Centre.objects.get_or_create(
        code=code, defaults={"network": network, "name": name, "province": province})
    return centre


@transaction.atomic
def load_masterclasses_2017() -> list[Training]:
    network, _ = Network.objects.get_or_create(
        code="VL", defaults={"name": "STEMNET Vlaanderen", "country": "BE"})
    funder, _ = Organisation.objects.get_or_create(
        name=FUNDER, defaults={"kind": Organisation.Kind.GOVERNMENT})
    trainings = []
    for code, centre_code, title, target, days in TRAININGS:
        training, _ = Training.objects.update_or_create(code=code, defaults={
            "title": title, "centre": _centre(centre_code, network),
            "stem_domains": ["S", "T", "E", "M"], "levels": ["graad1", "aso", "tso_kso_bso"],
            "format": "company_visit", "contact_hours": Decimal("6.0") * len(days),
            "target_participants": target, "status": Training.Status.HELD,
            "co_created_research": True, "co_created_industry": True,
            "description": "Een dag achter de schermen van STEM-onderzoekscentra en "
                           "-bedrijven (proefproject, najaar 2017).",
        })
        if not training.sessions.exists():
            for day in days:
                Session.objects.create(
                    training=training, location="Gent" if centre_code == "VOV" else "Kortrijk",
                    starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=BRUSSELS),
                    ends_at=dt.datetime.combine(day, dt.time(16), tzinfo=BRUSSELS))
        trainings.append(training)
    east, west = trainings
    people = []
    for index, role in enumerate(ROLES):
        user, created = User.objects.get_or_create(
            email=f"masterclass2017-{index + 1:02d}@example.org",
            defaults={"first_name": "Deelnemer", "last_name": f"{index + 1:02d}"})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        is_teacher = role == PersonRole.TEACHER
        Profile.objects.update_or_create(user=user, defaults={
            "role": role, "stem_domain": DOMAINS[index] if is_teacher else "",
            "levels": _levels(index) if is_teacher else []})
        people.append(user)
    for index, person in enumerate(people):
        Enrolment.objects.update_or_create(
            person=person, training=east if index % 5 < 3 else west,
            defaults={"status": Enrolment.Status.ATTENDED})
    BudgetLine.objects.update_or_create(
        centre=east.centre, training=None, year=2017, category="other", source=funder,
        defaults={"planned_eur": PAID, "paid_eur": PAID,
                  "description": "STEM Masterclasses, proefproject 15/12/2016-14/12/2017"})
    _evaluations(east, people)
    return trainings


def _evaluations(training: Training, people: list[User]) -> None:
    questionnaire, created = Questionnaire.objects.get_or_create(
        training=training, kind=Questionnaire.Kind.POST,
        defaults={"title": "Evaluatie van de masterclass"})
    if not created:
        return
    overall = Question.objects.create(questionnaire=questionnaire, position=1, code="overall",
                                      kind=Question.Kind.LIKERT, is_standard=True,
                                      text="Hoe tevreden bent u over deze nascholing?")
    recommend = Question.objects.create(questionnaire=questionnaire, position=2,
                                        code="recommend", kind=Question.Kind.RECOMMEND,
                                        is_standard=True,
                                        text="Zou u deze nascholing aanraden aan een collega?")
    remark = Question.objects.create(questionnaire=questionnaire, position=3, code="improve",
                                     kind=Question.Kind.OPEN, is_standard=True,
                                     text="Wat was goed, en wat kan beter?")
    scores = [5, 4, 5, 4, 4, 5, 3, 4, 2, 5]
    submitted = dt.datetime(2017, 11, 23, 10, tzinfo=BRUSSELS)
    for index, score in enumerate(scores):
        response = Response.objects.create(questionnaire=questionnaire, submitted_at=submitted)
        Answer.objects.create(response=response, question=overall, number=score)
        Answer.objects.create(response=response, question=recommend, number=int(score >= 4))
        if index < len(OPEN_ANSWERS):
            Answer.objects.create(response=response, question=remark, text=OPEN_ANSWERS[index])
