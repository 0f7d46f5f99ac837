"""
The STEM masterclasses of autumn 2017 (the minister's answer to a parliamentary question) as
a yearly report must give them back:
``trainings.demo.load_masterclasses_2017()`` (45 participants — 21 teachers, 16 company staff,
8 researchers, no CLB staff — with the teachers' domains and levels of the minister's answer,
target about 100 teachers: 21 of them took part) plus what the answer says and that loader
leaves out: the 29,012.01 euro paid for the project (15/12/2016-14/12/2017), as one budget
line of 2017.

The answer gives no evaluation figures, only that "the great majority" was positive: the ten
answers added here (8 satisfied, open answers paraphrasing the answer's arguments) are
illustrative. ``load_masterclasses_2017()`` is idempotent.

Not part of ``loaddemo``: the trainings demo (``trainings/demo.py``) records its own,
different budget lines for the masterclasses.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

from django.db import transaction

from networks.models import Organisation
from trainings.demo import load_masterclasses_2017 as load_trainings_masterclasses
from trainings.evaluations.models import Answer, Question, Questionnaire, Response
from trainings.models import BudgetLine, Training

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
PAID = Decimal("29012.01")
FUNDER = "Vlaamse overheid, Departement Onderwijs en Vorming"
OPEN_ANSWERS = [
    "Kennismaken met onderzoekers en bedrijven was het sterkste punt.",
    "Ik ontdekte minder bekende STEM-profielen die ik aan mijn leerlingen kan tonen.",
    "Bruikbare informatie voor de studie- en beroepskeuze van onze leerlingen.",
    "Kennisdeling met collega's uit andere scholen; graag meer tijd voor vragen.",
]
SCORES = [5, 4, 5, 4, 4, 5, 3, 4, 2, 5]


@transaction.atomic
def load_masterclasses_2017() -> Training:
    training = load_trainings_masterclasses()
    # The minister invited "een 100-tal leerkrachten": the target counts teachers (21 came).
    if training.target_group != Training.TargetGroup.TEACHERS:
        training.target_group = Training.TargetGroup.TEACHERS
        training.save(update_fields=["target_group"])
    funder, _ = Organisation.objects.get_or_create(
        name=FUNDER, defaults={"kind": Organisation.Kind.GOVERNMENT}
    )
    BudgetLine.objects.update_or_create(
        centre=training.centre,
        training=training,
        year=2017,
        category="other",
        source=funder,
        defaults={
            "planned_eur": PAID,
            "paid_eur": PAID,
            "description": "STEM-masterclasses, proefproject 15/12/2016-14/12/2017",
        },
    )
    _evaluations(training)
    return training


def _evaluations(training: Training) -> None:
    questionnaire, created = Questionnaire.objects.get_or_create(
        training=training,
        kind=Questionnaire.Kind.POST,
        defaults={"title": "Evaluatie van de masterclasses"},
    )
    if not created:
        return
    overall, recommend, remark = (
        Question.objects.create(
            questionnaire=questionnaire,
            position=position,
            code=code,
            kind=kind,
            is_standard=True,
            text=text,
        )
        for position, (code, kind, text) in enumerate(
            [
                ("overall", Question.Kind.LIKERT, "Hoe tevreden bent u over deze nascholing?"),
                (
                    "recommend",
                    Question.Kind.RECOMMEND,
                    "Zou u deze nascholing aanraden aan een collega?",
                ),
                ("improve", Question.Kind.OPEN, "Wat was goed, en wat kan beter?"),
            ],
            start=1,
        )
    )
    submitted = dt.datetime(2017, 12, 4, 10, tzinfo=BRUSSELS)
    for index, score in enumerate(SCORES):
        response = Response.objects.create(questionnaire=questionnaire, submitted_at=submitted)
        Answer.objects.create(response=response, question=overall, number=score)
        Answer.objects.create(response=response, question=recommend, number=int(score >= 4))
        if index < len(OPEN_ANSWERS):
            Answer.objects.create(response=response, question=remark, text=OPEN_ANSWERS[index])
