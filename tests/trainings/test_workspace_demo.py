"""The workspace demo loader is idempotent and gives the pages something to show."""

import io

from django.core.management import call_command

from trainings.models import Answer, BudgetLine, Invitation, Questionnaire, Response, Survey


def counts():
    return [m.objects.count() for m in (Questionnaire, Invitation, Response, Answer, BudgetLine,
                                        Survey)]


def test_loaddemo_twice_changes_nothing(db):
    call_command("loaddemo", stdout=io.StringIO())
    first = counts()
    assert Questionnaire.objects.filter(is_template=True, centre__isnull=True).count() == 3
    assert Response.objects.filter(questionnaire__training__code="stem-plus-2016-2017").exists()
    assert BudgetLine.objects.filter(training__code="stem-plus-2016-2017").count() == 5
    assert Survey.objects.get().links.count() == 7
    call_command("loaddemo", stdout=io.StringIO())
    assert counts() == first
