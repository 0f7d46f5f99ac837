"""The yearly report's evaluation by role and by centre, after the one rule for small groups,
and its response rate: the same in JSON, XLSX, PDF and the comparison, and the same shares as
the workspace's results page."""

import io
import json
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from openpyxl import load_workbook

from monitor.reports import render
from monitor.reports.comparison import comparison_report
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from tests.evaluations.builders import answered_training
from trainings.evaluations.figures import OTHER_GROUPS

pytestmark = pytest.mark.django_db

GOOD, MEH, BAD = ("5", "yes"), ("4", "no"), ("2", "no")
YEAR = Period.year(2025)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def nl(msgid: str) -> str:
    with translation.override("nl-be"):
        return gettext(msgid)


@pytest.fixture
def data(world):
    """A training of VOV answered by 8 teachers, 6 company staff, 5 researchers and 2
    directors (a small group alone: folded with the researchers, the smallest shown), and 2
    more invited who did not answer."""
    vov = answered_training(
        world.centre,
        {
            "teacher": [GOOD] * 6 + [BAD] * 2,
            "company": [GOOD] * 3 + [MEH] * 3,
            "researcher": [GOOD] * 4 + [BAD],
            "director": [BAD] * 2,
        },
        silent=2,
    )
    return vov


def _report(scope=None):
    scope = scope or Scope("network", "VL")
    with translation.override("nl-be"):
        return yearly_report(scope=scope, period=YEAR)


def test_by_role_in_the_json_with_the_small_group_rule(data):
    figures = json.loads(render.to_json(_report().figures))["evaluation"]
    assert figures["responses"] == 21
    assert (figures["invited"], figures["answered"], figures["response_rate"]) == (23, 21, 91.3)
    assert figures["min_group_size"] == 5
    # directors (2) alone would be the total minus the rest: folded with researchers (5)
    assert list(figures["by_role"]) == ["teacher", "company", OTHER_GROUPS]
    assert figures["by_role"]["teacher"] == {
        "responses": 8,
        "satisfied_share": 75.0,
        "recommend_share": 75.0,
        "overall_answers": 8,
        "recommend_answers": 8,
    }
    assert figures["by_role"]["company"]["satisfied_share"] == 100.0
    assert figures["by_role"]["company"]["recommend_share"] == 50.0
    assert figures["by_role"][OTHER_GROUPS]["responses"] == 7
    assert figures["by_role"][OTHER_GROUPS]["satisfied_share"] == 57.1  # 4 of 7
    assert "director" not in json.dumps(figures) and "researcher" not in figures["by_role"]
    # one centre answered: a split by centre of one line, its total
    assert list(figures["by_centre"]) == ["VOV"]
    assert figures["by_centre"]["VOV"]["name"] == "STEM-centrum Oost-Vlaanderen"


def test_a_small_centre_is_hidden_and_not_left_to_subtraction(data, world):
    answered_training(world.other_centre, {"teacher": [BAD] * 3})
    report = _report()
    figures = report.figures["evaluation"]
    # VWV (3) alone would be the total minus VOV: VOV is folded in, nothing left to show
    assert figures["by_centre"] == {}
    with translation.override("nl-be"):
        flat = pdf_text(render.yearly_pdf(report))
    assert nl("Too few responses per centre to show them separately.") in flat
    assert "STEM-centrum West-Vlaanderen 3" not in flat
    answered_training(world.other_centre, {"teacher": [BAD] * 2})
    figures = _report().figures["evaluation"]
    assert list(figures["by_centre"]) == ["VOV", "VWV"]
    assert figures["by_centre"]["VWV"]["satisfied_share"] == Decimal("0.0")


def test_a_hidden_group_is_in_no_output(world):
    """Teachers 6, company 5, directors 2 and CLB 1 (3 together: hidden, never alone)."""
    answered_training(
        world.centre,
        {"teacher": [GOOD] * 6, "company": [MEH] * 5, "director": [BAD] * 2, "clb": [BAD]},
    )
    report = _report()
    evaluation = report.figures["evaluation"]
    assert list(evaluation["by_role"]) == ["teacher", "company"]
    with translation.override("nl-be"):
        book = load_workbook(io.BytesIO(render.yearly_xlsx(report)))
        flat = pdf_text(render.yearly_pdf(report))
    sheet = book[nl("Evaluation by group")]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in rows] == [("teacher", 6), ("company", 5), ("VOV", 14)]
    labels = {r[2] for r in rows}
    for hidden in ("Director", "CLB staff", "Other groups together"):
        assert nl(hidden) not in labels
    assert nl("Evaluations by the respondents' role") in flat
    teacher, company = nl("Teacher"), nl("Company staff")
    assert f"{teacher} 6 100,0 % 100,0 %" in flat
    assert f"{company} 5 100,0 % 0,0 %" in flat
    assert nl("Director") not in flat.split(nl("Evaluations by the respondents' role"))[1]
    assert nl("Other groups together") not in flat


def test_the_pdf_shows_by_centre_where_several_centres_are_involved(data, world):
    answered_training(world.other_centre, {"teacher": [BAD] * 5})
    report = _report()
    with translation.override("nl-be"):
        flat = pdf_text(render.yearly_pdf(report))
        centre_flat = pdf_text(render.yearly_pdf(_report(Scope("centre", "VOV"))))
    assert nl("Evaluations by centre") in flat
    assert "STEM-centrum West-Vlaanderen 5 0,0 % 0,0 %" in flat
    assert nl("Evaluations by centre") not in centre_flat  # one centre: no split by centre
    assert nl("Response rate") in flat and "91,3 %" in centre_flat


def test_the_summary_names_the_shares_by_role(data):
    with translation.override("nl-be"):
        flat = pdf_text(render.yearly_pdf(_report()))
    with translation.override("nl-be"):
        roles = gettext("Satisfied by the respondents' role: %(list)s.") % {
            "list": f"{gettext('Teacher')} 75,0 %; {gettext('Company staff')} 100,0 %; "
            f"{gettext('Other groups together')} 57,1 %"
        }
        rate = ngettext(
            "%(answered)s of %(invited)s evaluation invitation was answered (%(share)s).",
            "%(answered)s of %(invited)s evaluation invitations were answered (%(share)s).",
            23,
        ) % {"answered": "21", "invited": "23", "share": "91,3 %"}
    assert roles in flat and rate in flat


def test_the_comparison_carries_the_split_and_the_response_rate(data, world):
    answered_training(world.other_centre, {"teacher": [BAD] * 3})
    scopes = [Scope("centre", "VOV"), Scope("centre", "VWV")]
    with translation.override("nl-be"):
        figures = comparison_report(scopes=scopes, period=YEAR)
        book = load_workbook(io.BytesIO(render.comparison_xlsx(figures)))
        flat = pdf_text(render.comparison_pdf(figures))
    vov, vwv = figures["rows"]
    assert vov["response_rate"] == Decimal("91.3") and vwv["response_rate"] == Decimal("100.0")
    assert list(vov["evaluation_by_role"]) == ["teacher", "company", OTHER_GROUPS]
    assert vwv["evaluation_by_role"] == {}  # 3 teachers: too few
    rows = list(book[nl("Evaluation by role")].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in rows] == [("teacher", 8), ("company", 6), (OTHER_GROUPS, 7)]
    assert nl("Too few responses per role to show them separately.") in flat
    yearly = _report(Scope("centre", "VOV")).figures["evaluation"]
    assert vov["evaluation_by_role"] == yearly["by_role"]


def test_the_workspace_and_the_report_give_the_same_shares_by_role(data, world, client_for):
    """The training's results page and the yearly report of its centre call the same split
    (``trainings.evaluations.figures.by_role``): the same groups, responses and shares."""
    page = client_for(world.coordinator).get(reverse("workspace:results", args=[data.pk]))
    workspace = {
        row.key: (row.responses, row.satisfied_share, row.recommend_share)
        for row in page.context["by_role"].rows
    }
    report = {
        key: (g["responses"], g["satisfied_share"], g["recommend_share"])
        for key, g in _report(Scope("centre", "VOV")).figures["evaluation"]["by_role"].items()
    }
    assert workspace == report
    assert list(workspace) == ["teacher", "company", OTHER_GROUPS]
    body = page.content.decode()
    for _key, (_n, satisfied, _recommend) in report.items():
        assert f"{str(satisfied).replace('.', ',')} %" in body
