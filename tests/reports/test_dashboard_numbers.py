"""The same numbers on the dashboard as in the yearly reports: every page of the drill-down
(the network, each province, each centre) shows, for the year asked and the year before, the
figures of the yearly report of that scope and year (``figures.yearly_report``), in the
headline table as the page prints them; a province's centre rows are its report's centre
rows. (The same-number test across the portal is tests/test_same_numbers.py.)"""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from monitor.reports import text
from monitor.reports.figures import yearly_report
from monitor.reports.scope import Period, Scope
from networks.models import Centre, Province
from tests.factories import CentreFactory

from .test_dashboard import held_training

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def data(world, settings):
    """Two years of trainings over three centres in two provinces: targets of both groups,
    a centre without budget lines, evaluations with and without recommend answers."""
    settings.REPORTS_NETWORK_CODE = world.network.code
    ghent = CentreFactory(code="VOV-GENT", network=world.network, name="Antenne Gent")
    ghent.province = Province.OOST_VLAANDEREN
    ghent.save()
    for year, scale in ((YEAR - 1, 1), (YEAR, 2)):
        held_training(
            world.centre, year, participants=3 * scale, paid="1234.56", overall=(5, 4, 2, 4)
        )
        held_training(
            world.centre,
            year,
            month=10,
            participants=scale,
            target=5,
            target_group="teachers",
            teachers=1,
            hours="7.25",
            recommend=(True, False, True),
            overall=(3, 5, 5),
        )
        held_training(ghent, year, participants=2 * scale + 1, target=3, overall=(1,))
        held_training(world.other_centre, year, participants=4, paid=f"{99.99 * scale:.2f}")


def _number(value) -> Decimal | None:
    """Numbers of either type (``Decimal``, float, or a decimal string) compare as Decimal."""
    return None if value is None else Decimal(str(value))


def _report(scope: Scope, year: int) -> dict:
    figures = yearly_report(scope=scope, period=Period.year(year), details=True).figures
    return {
        "participants": figures["participants"]["total"],
        "participations": figures["participants"]["participations"],
        "trainings": figures["trainings"]["count"],
        "contact_hours": _number(figures["trainings"]["contact_hours"]),
        "target_participants": figures["trainings"]["target_participants"],
        "target_counted": figures["trainings"]["target_counted"],
        "target_reached_share": _number(figures["trainings"]["target_reached_share"]),
        "satisfied_share": _number(figures["evaluation"]["satisfied_share"]),
        "recommend_share": _number(figures["evaluation"]["recommend_share"]),
        "responses": figures["evaluation"]["responses"],
        "paid_eur": _number(figures["budget"]["paid_eur"]),
        "cost_per_participant_eur": _number(figures["budget"]["cost_per_participant_eur"]),
        "centres": figures["centres"],
    }


def _headline(headline) -> dict:
    return {
        key: (
            _number(getattr(headline, key))
            if key in ("contact_hours", "target_reached_share", "satisfied_share")
            or key in ("recommend_share", "paid_eur", "cost_per_participant_eur")
            else getattr(headline, key)
        )
        for key in (
            "participants",
            "participations",
            "trainings",
            "contact_hours",
            "target_participants",
            "target_counted",
            "target_reached_share",
            "satisfied_share",
            "recommend_share",
            "responses",
            "paid_eur",
            "cost_per_participant_eur",
        )
    }


PRINTED = {  # the headline table's rows: label, report key, how the page writes it
    "Deelnemers": ("participants", text.number),
    "Deelnames": ("participations", text.number),
    "Nascholingen": ("trainings", text.number),
    "Doel bereikt": ("target_reached_share", text.percent),
    "Tevreden": ("satisfied_share", text.percent),
    "Zou het aanraden": ("recommend_share", text.percent),
    "Betaald": ("paid_eur", text.money),
    "Kost per deelnemer": ("cost_per_participant_eur", text.money),
}


def _scopes(world) -> list[tuple[Scope, str]]:
    pages = [(Scope("network", world.network.code), reverse("reports:dashboard"))]
    pages += [
        (Scope("province", code), reverse("reports:dashboard_province", args=[code]))
        for code in Province.values
    ]
    pages += [
        (Scope("centre", code), reverse("reports:dashboard_centre", args=[code]))
        for code in Centre.objects.filter(network=world.network).values_list("code", flat=True)
    ]
    return pages


def test_every_drill_down_page_shows_its_yearly_reports_figures(data, world, client_for):
    client = client_for(world.ministry)
    pages = _scopes(world)
    assert len(pages) == 1 + 6 + 3
    for scope, url in pages:
        page = client.get(url, {"year": YEAR})
        assert page.status_code == 200, url
        this_year, last_year = _report(scope, YEAR), _report(scope, YEAR - 1)
        shown = page.context["page"]
        assert _headline(shown.board.total) == {
            k: v for k, v in this_year.items() if k != "centres"
        }, scope
        assert _headline(shown.previous) == {
            k: v for k, v in last_year.items() if k != "centres"
        }, scope
        trend = {point.year: point for point in shown.trend}
        assert trend[YEAR].participants == this_year["participants"]
        assert trend[YEAR - 1].trainings == last_year["trainings"]
        html = " ".join(page.content.decode().split())
        with translation.override("nl-be"):
            for label, (key, write) in PRINTED.items():
                row = (
                    f'<th scope="row">{label}</th> '
                    f'<td class="num" data-label="{YEAR}">{write(this_year[key])}</td> '
                    f'<td class="num" data-label="{YEAR - 1}">{write(last_year[key])}</td>'
                )
                assert row in html, (scope, label, row)


def test_a_provinces_centre_rows_are_its_reports_centre_rows(data, world, client_for):
    page = client_for(world.ministry).get(
        reverse("reports:dashboard_province", args=["VOV"]), {"year": YEAR}
    )
    rows = {row.code: row for row in page.context["board"].rows}
    report_rows = _report(Scope("province", "VOV"), YEAR)["centres"]
    assert sorted(rows) == sorted(row["code"] for row in report_rows) == ["VOV", "VOV-GENT"]
    for report_row in report_rows:
        row = rows[report_row["code"]]
        assert (row.participants, row.participations, row.trainings) == (
            report_row["participants"],
            report_row["participations"],
            report_row["trainings"],
        )
        assert _number(row.contact_hours) == _number(report_row["contact_hours"])
        assert _number(row.paid_eur) == _number(report_row["paid_eur"])
        # And each centre's own report, as the centre's page shows it.
        own = _report(Scope("centre", report_row["code"]), YEAR)
        assert _headline(row) == {k: v for k, v in own.items() if k != "centres"}
    html = " ".join(page.content.decode().split())
    assert re.search(r"Antenne Gent</a></th> <td[^>]*>5</td>", html)  # 2 × 2 + 1 participants
