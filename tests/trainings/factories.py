"""Factories of the trainings app (shared by the enrolment and workspace tests)."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.factories import CentreFactory, OrganisationFactory, ProfileFactory
from trainings.evaluations.models import Question, Questionnaire
from trainings.models import BudgetLine, Enrolment, Session, Training


class TrainingFactory(DjangoModelFactory):
    class Meta:
        model = Training

    code = factory.Sequence(lambda n: f"T{n:04d}")
    title = factory.Sequence(lambda n: f"Nascholing {n}")
    centre = factory.SubFactory(CentreFactory)
    stem_domains = factory.LazyFunction(lambda: ["S"])
    levels = factory.LazyFunction(lambda: ["aso"])
    contact_hours = Decimal("6.0")
    status = Training.Status.PUBLISHED


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    training = factory.SubFactory(TrainingFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    location = "Gent"


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    person = factory.LazyFunction(lambda: ProfileFactory().user)
    training = factory.SubFactory(TrainingFactory)
    status = Enrolment.Status.ENROLLED


# --- workspace: evaluations and budget ------------------------------------------------------
class QuestionnaireFactory(DjangoModelFactory):
    class Meta:
        model = Questionnaire

    kind = Questionnaire.Kind.POST
    title = factory.Sequence(lambda n: f"Evaluatie {n}")
    training = factory.SubFactory(TrainingFactory)


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    kind = Question.Kind.LIKERT
    text = factory.Sequence(lambda n: f"Vraag {n}")
    position = factory.Sequence(lambda n: n)


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    centre = factory.SubFactory(CentreFactory)
    year = 2026
    category = "venue"
    source = factory.SubFactory(OrganisationFactory)
    planned_eur = Decimal("1000.00")
    paid_eur = Decimal("800.00")
