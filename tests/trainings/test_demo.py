"""trainings/demo.py: the figures of the minister's answers, exactly, and idempotence."""

import io
from collections import Counter

import pytest

from networks import demo as networks_demo
from stemnet.accounts import demo as accounts_demo
from trainings import demo
from trainings.models import Attendance, Enrolment, Format, Session, Training

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    out = io.StringIO()
    networks_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    return out


def test_masterclasses_2017_match_the_ministers_answer(loaded):
    training = Training.objects.get(code="stem-masterclasses-2017")
    assert training.target_participants == 100
    assert training.format == Format.COMPANY_VISIT
    sessions = list(training.sessions.all())
    assert len(sessions) == 3
    assert all(s.starts_at.year == 2017 and s.starts_at.month >= 9 for s in sessions)
    enrolments = Enrolment.objects.filter(training=training).select_related("person__profile")
    assert enrolments.count() == 45
    assert {e.status for e in enrolments} == {Enrolment.Status.ATTENDED}
    roles = Counter(e.person.profile.role for e in enrolments)
    assert roles == {"teacher": 21, "company": 16, "researcher": 8}
    teachers = [e.person.profile for e in enrolments if e.person.profile.role == "teacher"]
    assert Counter(p.stem_domain for p in teachers) == {"S": 3, "T": 10, "E": 4, "M": 3, "other": 1}
    levels = Counter(level for p in teachers for level in p.levels)
    assert levels == {"graad1": 8, "aso": 7, "tso_kso_bso": 9, "lerarenopleiding": 3, "andere": 1}
    assert sum(levels.values()) == 28
    assert (
        Attendance.objects.filter(enrolment__training=training, present=True)
        .values("enrolment")
        .distinct()
        .count()
        == 45
    )


def test_stem_plus_learning_network(loaded):
    training = Training.objects.get(code="stem-plus-2016-2017")
    assert training.format == Format.LEARNING_NETWORK
    starts = sorted(training.sessions.values_list("starts_at", flat=True))
    assert len(starts) == 8
    assert starts[0].date().isoformat() >= "2016-09-01"
    assert starts[-1].date().isoformat() <= "2017-08-31"
    assert training.enrolments.count() == 120


def test_demo_has_every_format_and_regional_centre(loaded):
    published = Training.objects.filter(status=Training.Status.PUBLISHED)
    all_formats = set(Training.objects.values_list("format", flat=True))
    assert all_formats == {f.value for f in Format}
    assert set(published.values_list("centre__code", flat=True)) == {
        "VAN",
        "VBR",
        "VLI",
        "VOV",
        "VWV",
        "BRU",
    }


def test_loading_twice_changes_nothing(loaded):
    before = (
        Training.objects.count(),
        Session.objects.count(),
        Enrolment.objects.count(),
        Attendance.objects.count(),
        list(Enrolment.objects.order_by("pk").values_list("status", flat=True)),
    )
    demo.load(io.StringIO())
    after = (
        Training.objects.count(),
        Session.objects.count(),
        Enrolment.objects.count(),
        Attendance.objects.count(),
        list(Enrolment.objects.order_by("pk").values_list("status", flat=True)),
    )
    assert before == after
