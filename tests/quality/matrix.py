"""Every URL of the quality cycle, every role (see tests/matrix.py).

``committee`` is the scientific committee of ``world.centre``; ``steering`` the network's
steering group (reads everything, records nothing); ``other_coordinator`` runs another centre
and gets 404 for this centre's objects.
"""

import datetime as dt

from tests.matrix import Row, roles
from tests.trainings.factories import SessionFactory, TrainingFactory
from trainings.models import Training
from trainings.quality.models import ExternalEvaluation, QualityAction, YearlyReview

READERS = ("coordinator", "other_coordinator", "ministry", "committee", "steering")
# A centre's object: its readers; another centre's coordinator 404.
CENTRE_READ = roles(*READERS, other_centre=404)
RECORD = roles("committee")


def training_in_review(world) -> Training:
    training = Training.objects.filter(code="kwaliteit-in-review").first()
    if training is None:
        training = TrainingFactory(
            code="kwaliteit-in-review", centre=world.centre, status=Training.Status.IN_REVIEW
        )
        SessionFactory(training=training)
    return training


def yearly_review(world) -> YearlyReview:
    review, _created = YearlyReview.objects.get_or_create(centre=world.centre, year=2025)
    return review


def evaluation(world) -> ExternalEvaluation:
    found, _created = ExternalEvaluation.objects.get_or_create(
        title="Peer review door LUMA",
        defaults={
            "kind": ExternalEvaluation.Kind.PEER,
            "centre": world.centre,
            "evaluator": "LUMA Centre Finland",
            "held_from": dt.date(2025, 10, 6),
        },
    )
    return found


def action(world) -> QualityAction:
    found, _created = QualityAction.objects.get_or_create(
        yearly_review=yearly_review(world),
        description="Bevraging van de noden herhalen",
        defaults={"owner": "Coördinator", "due_on": dt.date(2026, 6, 30)},
    )
    return found


ROWS = [
    Row("quality:overview", roles(*READERS)),
    Row("quality:centre", CENTRE_READ, kwargs={"code": "VOV"}),
    Row("quality:training_review", CENTRE_READ, kwargs=lambda w: {"pk": training_in_review(w).pk}),
    Row("quality:yearly_review", CENTRE_READ, kwargs={"code": "VOV", "year": 2025}),
    Row("quality:yearly_action_add", RECORD, kwargs={"code": "VOV", "year": 2025}),
    Row("quality:action_edit", RECORD, kwargs=lambda w: {"pk": action(w).pk}),
    Row("quality:evaluations", roles(*READERS)),
    Row("quality:evaluation_create", RECORD),
    Row("quality:evaluation", CENTRE_READ, kwargs=lambda w: {"pk": evaluation(w).pk}),
    Row("quality:evaluation_action_add", RECORD, kwargs=lambda w: {"pk": evaluation(w).pk}),
]
