"""Results split by the respondents' role, the one rule for small groups
(``trainings.evaluations.figures.groups_shown``), and the raw answers export."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.evaluations.builders import answered_training
from trainings.evaluations import services as ev
from trainings.evaluations.figures import (
    OTHER_GROUPS,
    GroupsShown,
    by_role,
    groups_shown,
    response_rate,
)
from trainings.evaluations.models import Question, Questionnaire, Response
from trainings.evaluations.selectors import evaluation_by_role

pytestmark = pytest.mark.django_db

GOOD, BAD = ("5", "yes"), ("2", "no")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def nl(msgid: str) -> str:
    """``msgid`` as the pages and files show it (the users here read Dutch)."""
    with translation.override("nl-be"):
        return gettext(msgid)


# --- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # every group big enough: all shown, no bucket
        ({"t": 12, "c": 7, "d": 0}, GroupsShown(("t", "c"), (), False)),
        # two small groups, 4 together: hidden; subtracting gives only both together away
        ({"t": 12, "c": 7, "d": 3, "clb": 1}, GroupsShown(("t", "c"), ("d", "clb"), False)),
        # two small groups, 5 together: shown as the bucket
        ({"t": 12, "d": 3, "clb": 2}, GroupsShown(("t",), ("d", "clb"), True)),
        # ONE small group: the total minus the others would give it away, so the smallest shown
        # group (the last of equals) is folded in and the bucket is shown
        ({"t": 12, "c": 7, "r": 7, "d": 3}, GroupsShown(("t", "c"), ("d", "r"), True)),
        # nothing left to show on its own: no split at all
        ({"t": 20, "d": 3}, GroupsShown((), ("t", "d"), False)),
        ({"t": 3, "d": 1}, GroupsShown((), ("t", "d"), False)),
        ({}, GroupsShown((), (), False)),
    ],
)
def test_the_small_group_rule(counts, expected):
    assert groups_shown(counts, minimum=5) == expected


@pytest.mark.parametrize(
    "counts",
    [
        {"a": 9, "b": 6, "c": 5, "d": 4},
        {"a": 30, "b": 1},
        {"a": 6, "b": 6, "c": 1, "d": 1},
        {"a": 5, "b": 4, "c": 3, "d": 2, "e": 1},
        {"a": 100, "b": 5, "c": 1},
    ],
)
def test_no_group_below_the_minimum_can_be_worked_out(counts):
    """Whatever is shown, the total minus what is shown is never one small group alone."""
    rule = groups_shown(counts, minimum=5)
    assert all(counts[k] >= 5 for k in rule.shown)
    hidden = [k for k in counts if k not in rule.shown and not rule.bucket_shown]
    if rule.shown:
        assert len(hidden) != 1
    if rule.bucket_shown:
        assert sum(counts[k] for k in rule.folded) >= 5


def test_the_minimum_is_a_setting():
    with override_settings(EVALUATION_MIN_GROUP_SIZE=2):
        assert groups_shown({"t": 3, "d": 2}).shown == ("t", "d")
    assert groups_shown({"t": 3, "d": 2}).shown == ()


# --- the split ------------------------------------------------------------------------------


def test_split_by_role_counts_and_shares(world):
    q = answered_training(
        world.centre,
        {
            "teacher": [GOOD] * 4 + [BAD] * 2,
            "company": [GOOD] * 3 + [BAD] * 2,
            "other": [GOOD] * 3,
            "": [BAD] * 2,  # no profile: counts as other
        },
    )
    groups = {g.key: g for g in by_role(Response.objects.filter(questionnaire=q))}
    assert list(groups) == ["teacher", "company", "other"]
    assert groups["teacher"].responses == 6
    assert groups["teacher"].satisfied_share == Decimal("66.7")
    assert groups["company"].recommend_share == Decimal("60.0")
    assert groups["other"].responses == 5 and groups["other"].satisfied_share == Decimal("60.0")


def _page_and_export(client, q):
    page = client.get(reverse("workspace:results", args=[q.pk]))
    assert page.status_code == 200
    export = client.get(reverse("workspace:results_export", args=[q.pk]))
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    return page, page.content.decode(), {r[1]: r for r in rows[1:] if str(r[1]).startswith("role:")}


def test_results_page_and_export_hide_a_small_group(world, client_for):
    q = answered_training(
        world.centre,
        {"teacher": [GOOD] * 6, "company": [GOOD, BAD] * 3, "director": [BAD] * 2, "clb": [BAD]},
    )
    page, body, exported = _page_and_export(client_for(world.coordinator), q)
    split = page.context["by_role"]
    assert [r.key for r in split.rows] == ["teacher", "company"]
    assert 'data-group="teacher"' in body and 'data-group="company"' in body
    assert 'data-group="director"' not in body and 'data-group="clb"' not in body
    assert 'data-group="other_groups"' not in body  # 3 together: fewer than 5
    assert (
        nl("Some responses are in groups too small to show; they count in the total above.") in body
    )
    assert set(exported) == {"role:teacher", "role:company"}
    teacher = exported["role:teacher"]
    assert teacher[4] == 6 and Decimal(str(teacher[5])) == Decimal("100.0")


def test_one_small_group_is_never_left_to_subtraction(world, client_for):
    """Teachers 7, company 5, directors 2: hiding the directors alone would let anyone
    subtract them from the total, so company staff are folded in with them."""
    q = answered_training(
        world.centre, {"teacher": [GOOD] * 7, "company": [GOOD] * 5, "director": [BAD] * 2}
    )
    page, body, exported = _page_and_export(client_for(world.coordinator), q)
    rows = {r.key: r for r in page.context["by_role"].rows}
    assert list(rows) == ["teacher", OTHER_GROUPS]
    assert rows[OTHER_GROUPS].responses == 7
    assert rows[OTHER_GROUPS].satisfied_share == Decimal("71.4")  # 5 of 7
    assert 'data-group="director"' not in body and 'data-group="company"' not in body
    assert nl("Other groups together") in body
    assert set(exported) == {"role:teacher", "role:other_groups"}


def test_too_few_responses_show_no_split(world, client_for):
    q = answered_training(world.centre, {"teacher": [GOOD] * 3})
    page, body, exported = _page_and_export(client_for(world.coordinator), q)
    assert page.context["by_role"].rows == []
    assert nl("Too few responses per role to show them separately.") in body and exported == {}


def test_results_page_keeps_its_query_count_with_the_split(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.coordinator)
    counts = []
    for n in (5, 15):
        q = answered_training(world.centre, {"teacher": [GOOD] * n, "company": [BAD] * n})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workspace:results", args=[q.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_response_rate_counts_sent_invitations(world):
    q = answered_training(world.centre, {"teacher": [GOOD] * 3}, silent=1)
    q.invitations.create(person=world.teacher)  # not sent yet: not counted
    assert response_rate(q.invitations.all()) == (4, 3, Decimal("75.0"))
    assert response_rate(q.invitations.none()) == (0, 0, None)


# --- the raw answers ------------------------------------------------------------------------


def _raw(client, q):
    response = client.get(reverse("workspace:questionnaire_answers_xlsx", args=[q.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="antwoorden-{q.pk}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def test_raw_answers_one_row_per_response_typed_and_without_personal_data(world, client_for):
    q = answered_training(world.centre, {"teacher": [GOOD] * 3, "company": [BAD] * 2})
    Question.objects.create(
        questionnaire=q,
        position=20,
        kind="multiple",
        text="=Welke thema's?",
        required=False,
        choices=["Robotica", "Data", "-Energie"],
    )
    Question.objects.create(
        questionnaire=q,
        position=21,
        kind="single",
        text="Welk niveau?",
        required=False,
        choices=["Basis", "Gevorderd"],
    )
    person = world.teacher
    invitation = q.invitations.create(person=person, sent_at=dt.datetime(2025, 3, 4, tzinfo=dt.UTC))
    multiple, single = q.questions.order_by("-position")[1], q.questions.order_by("-position")[0]
    improve = q.questions.get(code="improve")
    answers = {qq.pk: "3" for qq in q.questions.all() if qq.kind == Question.Kind.LIKERT} | {
        q.questions.get(code="recommend").pk: "no",
        multiple.pk: ["Robotica", "-Energie"],
        single.pk: "Gevorderd",
        improve.pk: '=HYPERLINK("http://evil","klik")',
    }
    ev.response_submit(
        invitation=invitation, answers=answers, now=dt.datetime(2025, 3, 5, 23, 30, tzinfo=dt.UTC)
    )
    book = _raw(client_for(world.coordinator), q)
    assert book.sheetnames == [nl("Answers")]
    rows = list(book.active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    questions = list(q.questions.all())
    columns = [nl("Submitted on"), nl("Role"), nl("Actor group")]
    assert list(header[:3]) == columns
    assert list(header[3:]) == [
        "'" + qq.text if qq.text.startswith("=") else qq.text for qq in questions
    ]
    assert len(body) == 6
    last = dict(zip(header, body[-1], strict=True))
    assert last[columns[0]] == dt.datetime(2025, 3, 6)  # the date in Brussels, a date cell
    assert last[columns[1]] == nl("Teacher") and last[columns[2]] is None
    overall = next(qq.text for qq in questions if qq.code == "overall")
    assert last[overall] == 3 and isinstance(last[overall], int)
    assert last[q.questions.get(code="recommend").text] == nl("no")
    assert last["'=Welke thema's?"] == "Robotica; -Energie"
    assert last["Welk niveau?"] == "Gevorderd"
    assert last[improve.text] == '\'=HYPERLINK("http://evil","klik")'
    cells = book.active.iter_rows()
    assert not any(c.data_type == "f" for row in cells for c in row)  # no formula anywhere
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    for secret in (person.email, person.last_name, invitation.token, "example.org"):
        assert secret not in flat
    first = dict(zip(header, body[0], strict=True))
    assert first["Welk niveau?"] is None  # not asked of the earlier respondents


def test_raw_answers_leave_the_role_out_below_the_minimum(world, client_for):
    q = answered_training(world.centre, {"teacher": [GOOD] * 2, "director": [BAD] * 2})
    header = next(_raw(client_for(world.coordinator), q).active.iter_rows(values_only=True))
    assert nl("Role") not in header and header[:2] == (nl("Submitted on"), nl("Actor group"))
    page = client_for(world.coordinator).get(reverse("workspace:results", args=[q.pk]))
    body = page.content.decode()
    assert reverse("workspace:questionnaire_answers_xlsx", args=[q.pk]) in body
    note = nl(
        "The file of every answer holds no names, e-mail addresses or personal links; it is "
        "for your centre's own use. With fewer than %(n)s responses it leaves out the "
        "respondents' role."
    )
    assert note % {"n": 5} in body


def test_raw_answers_are_the_centres_own(world, client_for):
    """Only the centre's coordinators download them; ministry staff read the results page
    (no link to the raw answers there)."""
    q = answered_training(world.centre, {"teacher": [GOOD]})
    url = reverse("workspace:questionnaire_answers_xlsx", args=[q.pk])
    assert client_for(world.other_coordinator).get(url).status_code == 404
    assert client_for(world.teacher).get(url).status_code == 403
    assert client_for(world.ministry).get(url).status_code == 403
    page = client_for(world.ministry).get(reverse("workspace:results", args=[q.pk]))
    assert page.status_code == 200 and url not in page.content.decode()


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_masterclasses_split_by_role(db):
    call_command("loaddemo", stdout=io.StringIO())
    q = Questionnaire.objects.get(training__code="stem-masterclasses-2017", kind="post")
    split = evaluation_by_role(q)
    assert [r.key for r in split.rows] == ["teacher", "company", "researcher"]
    assert all(r.responses >= split.minimum for r in split.rows)
    stem_plus = Questionnaire.objects.get(training__code="stem-plus-2016-2017", kind="post")
    assert [r.key for r in evaluation_by_role(stem_plus).rows] == [
        "teacher",
        "director",
        OTHER_GROUPS,
    ]
    before = Response.objects.count()
    call_command("loaddemo", stdout=io.StringIO())
    assert Response.objects.count() == before
