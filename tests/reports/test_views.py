"""The reports pages (monitor/reports/views.py): access per role, unguessable downloads,
progress without and with htmx, retry, and the ministry dashboard's query budget."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitor.reports import services
from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.figures import yearly_report
from monitor.reports.models import ReportJob
from monitor.reports.scope import Period, Scope
from monitor.reports.selectors import dashboard
from networks.models import Province
from tests.factories import CentreFactory
from tests.trainings.factories import (
    BudgetLineFactory,
    EnrolmentFactory,
    QuestionFactory,
    QuestionnaireFactory,
    SessionFactory,
    TrainingFactory,
)
from trainings.evaluations.models import Answer, Question, Response
from trainings.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"


def yearly(scope="centre:VOV", year=2017, fmt="json"):
    return {"scope": scope, "year": year, "format": fmt}


def post_and_build(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def test_ministry_asks_follows_and_downloads_a_report(
    world, client_for, django_capture_on_commit_callbacks
):
    load_masterclasses_2017()
    client = client_for(world.ministry)
    response = post_and_build(
        client,
        reverse("reports:request"),
        yearly("network:VL", fmt="pdf"),
        django_capture_on_commit_callbacks,
    )
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", args=[job.token])
    page = client.get(response["Location"])
    assert reverse("reports:download", args=[job.token]) in page.content.decode()
    download = client.get(reverse("reports:download", args=[job.token]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    listing = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:download", args=[job.token]) in listing


def test_the_download_url_is_not_guessable(world, client_for):
    jobs = [
        ReportJob.objects.create(
            key=f"k{i}",
            kind="yearly",
            scope_kind="centre",
            scope_codes="VOV",
            period_from=dt.date(2025, 1, 1),
            period_to=dt.date(2025, 12, 31),
            format="json",
        )
        for i in range(3)
    ]
    tokens = {job.token for job in jobs}
    assert len(tokens) == 3 and all(len(token) == 43 for token in tokens)  # 256 random bits
    client = client_for(world.ministry)
    assert client.get(reverse("reports:job", args=[str(jobs[0].pk)])).status_code == 404
    assert (
        client.get(reverse("reports:download", args=[jobs[0].token[:-1] + "x"])).status_code == 404
    )


def test_a_coordinator_asks_for_their_own_centre_only(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.coordinator)
    page = client.get(reverse("reports:index")).content.decode()
    assert "centre:VOV" in page and "centre:VWV" not in page and "network:VL" not in page
    assert reverse("reports:comparison_request") not in page  # one centre: nothing to compare
    refused = client.post(reverse("reports:request"), yearly("centre:VWV"))
    assert refused.status_code == 400
    refused = client.post(reverse("reports:request"), yearly("network:VL"))
    assert refused.status_code == 400
    refused = client.post(reverse("reports:request"), yearly("province:VOV"))
    assert refused.status_code == 400  # a province may hold other centres
    refused = client.post(
        reverse("reports:comparison_request"),
        {
            "compare-scopes": ["centre:VOV", "centre:VWV"],
            "compare-year": 2017,
            "compare-format": "pdf",
        },
    )
    assert refused.status_code == 400
    assert not ReportJob.objects.exists()
    response = post_and_build(
        client,
        reverse("reports:request"),
        yearly("centre:VOV"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert ReportJob.objects.get().scope_codes == "VOV"


def test_another_centre_s_report_is_not_found_even_with_its_token(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = services.report_request(
            kind="yearly",
            scope_kind="centre",
            codes=["VOV"],
            period=Period.year(2017),
            fmt="json",
            user=world.coordinator,
        )
    for name in ("reports:job", "reports:download", "reports:progress"):
        url = reverse(name, args=[job.token])
        assert client_for(world.other_coordinator).get(url).status_code == 404
        assert client_for(world.teacher).get(url).status_code == 403
        assert client_for(world.ministry).get(url).status_code == 200
    listing = client_for(world.other_coordinator).get(reverse("reports:index"))
    assert job.token not in listing.content.decode()
    assert job.token in client_for(world.coordinator).get(reverse("reports:index")).content.decode()
    retry = client_for(world.other_coordinator).post(reverse("reports:retry", args=[job.token]))
    assert retry.status_code == 404


def test_teachers_and_visitors_get_no_reports(world, client_for):
    data = yearly("centre:VOV")
    assert client_for(world.teacher).post(reverse("reports:request"), data).status_code == 403
    assert client_for(None).post(reverse("reports:request"), data).status_code == 302
    assert not ReportJob.objects.exists()


def test_progress_polls_while_running_and_works_without_javascript(world, client_for):
    job = ReportJob.objects.create(
        key="k",
        kind="yearly",
        scope_kind="centre",
        scope_codes="VOV",
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        format="pdf",
        status=ReportJob.Status.RUNNING,
        progress=40,
    )
    client = client_for(world.coordinator)
    page = client.get(reverse("reports:job", args=[job.token])).content.decode()
    progress_url = reverse("reports:progress", args=[job.token])
    assert f'data-hx-get="{progress_url}"' in page
    assert '<progress id="report-bar" max="100" value="40">' in page
    assert f'href="{reverse("reports:job", args=[job.token])}"' in page  # refresh link
    assert "<script" not in page.split("</main>")[0].split("<main")[1]
    running = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert running.startswith('<div id="report-progress"') and 'value="40"' in running
    assert "<h1>" in client.get(progress_url).content.decode()  # without htmx: the page
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE, progress=100, files={"pdf": {"name": "x.pdf", "size": 9}}
    )
    fragment = client.get(progress_url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "hx-get" not in fragment
    assert reverse("reports:download", args=[job.token]) in fragment
    # The download of a report still being built leads back to its page.
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.QUEUED)
    response = client.get(reverse("reports:download", args=[job.token]))
    assert response.status_code == 302


def test_a_failed_report_shows_the_reason_and_can_be_retried(
    world, client_for, django_capture_on_commit_callbacks
):
    job = ReportJob.objects.create(
        key="yearly:centre:VOV:2017-01-01:2017-12-31:json",
        kind="yearly",
        scope_kind="centre",
        scope_codes="VOV",
        period_from=dt.date(2017, 1, 1),
        period_to=dt.date(2017, 12, 31),
        format="json",
        status=ReportJob.Status.FAILED,
        error="MemoryError: too big",
    )
    client = client_for(world.coordinator)
    page = client.get(reverse("reports:job", args=[job.token])).content.decode()
    assert "MemoryError: too big" in page
    assert reverse("reports:retry", args=[job.token]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[job.token]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE


def test_ministry_compares_provinces(world, client_for, django_capture_on_commit_callbacks):
    load_masterclasses_2017()
    client = client_for(world.ministry)
    response = post_and_build(
        client,
        reverse("reports:comparison_request"),
        {
            "compare-scopes": ["province:VOV", "province:VWV", "province:VAN"],
            "compare-year": 2017,
            "compare-format": "xlsx",
        },
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.kind, job.scope_kind, job.scope_codes) == ("comparison", "province", "VOV,VWV,VAN")
    assert job.status == ReportJob.Status.DONE
    mixed = client.post(
        reverse("reports:comparison_request"),
        {
            "compare-scopes": ["province:VOV", "centre:VWV"],
            "compare-year": 2017,
            "compare-format": "pdf",
        },
    )
    assert mixed.status_code == 400


@pytest.mark.parametrize("count", [1, 13])
def test_a_comparison_of_fewer_than_two_or_more_than_twelve_is_refused(world, client_for, count):
    codes = ["VOV", "VWV"] + [CentreFactory(network=world.network).code for _ in range(11)]
    response = client_for(world.ministry).post(
        reverse("reports:comparison_request"),
        {
            "compare-scopes": [f"centre:{code}" for code in codes[:count]],
            "compare-year": 2017,
            "compare-format": "pdf",
        },
    )
    assert response.status_code == 400
    assert (
        f"minstens 2 en hoogstens 12 om te vergelijken; je koos er {count}"
        in response.content.decode()
    )
    assert not ReportJob.objects.exists()


def test_coordinators_and_ministry_see_reports_in_the_navigation(world, client_for):
    url = reverse("reports:index")
    for user in (world.coordinator, world.ministry):
        assert f'href="{url}"' in client_for(user).get("/").content.decode()
    assert f'href="{url}"' not in client_for(world.teacher).get("/").content.decode()


# --- dashboard -------------------------------------------------------------------------------


def _activity(network, size: int, year: int):
    """``size`` trainings per province with enrolments, budget and evaluations."""
    for province in (Province.ANTWERPEN, Province.LIMBURG, Province.OOST_VLAANDEREN):
        centre = CentreFactory(network=network, province=province)
        for index in range(size):
            training = TrainingFactory(
                centre=centre, target_participants=10, contact_hours=Decimal("3.5")
            )
            start = dt.datetime(year, 3, 1 + index, 9, tzinfo=dt.UTC)
            SessionFactory(
                training=training, starts_at=start, ends_at=start + dt.timedelta(hours=3)
            )
            for _ in range(2):
                EnrolmentFactory(training=training, status=Enrolment.Status.ATTENDED)
            BudgetLineFactory(
                centre=centre, training=training, year=year, paid_eur=Decimal("100.05")
            )
            overall = QuestionFactory(
                questionnaire=QuestionnaireFactory(training=training),
                code="overall",
                kind=Question.Kind.LIKERT,
            )
            response = Response.objects.create(
                questionnaire=overall.questionnaire, submitted_at=start
            )
            Answer.objects.create(response=response, question=overall, number=4 + index % 2)


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    return len(queries)


def test_the_dashboard_keeps_its_query_count_at_two_sizes(world, client_for, settings):
    from django.utils import timezone

    settings.REPORTS_NETWORK_CODE = world.network.code
    year = timezone.localdate().year
    client = client_for(world.ministry)
    _activity(world.network, 1, year)
    small = _dashboard_queries(client)
    _activity(world.network, 6, year)
    large = _dashboard_queries(client)
    # The year, the year before and the five-year trend (tests/reports/test_dashboard.py),
    # and the schools section (the register, the participants' schools, the map's centres),
    # and the default year (selectors.latest_year_with_data).
    assert small == large <= 24, (small, large)


def test_the_dashboard_agrees_with_the_yearly_reports(world, client_for, settings):
    settings.REPORTS_NETWORK_CODE = world.network.code
    _activity(world.network, 3, 2025)
    data = dashboard(year=2025)
    network = yearly_report(
        scope=Scope("network", world.network.code), period=Period.year(2025), details=False
    ).figures
    assert data.network.participants == network["participants"]["total"] == 18
    assert data.network.paid_eur == network["budget"]["paid_eur"] == Decimal("900.45")
    for headline in data.provinces:
        figures = yearly_report(
            scope=Scope("province", headline.code), period=Period.year(2025), details=False
        ).figures
        assert headline.participants == figures["participants"]["total"]
        assert headline.trainings == figures["trainings"]["count"]
        assert headline.contact_hours == figures["trainings"]["contact_hours"]
        assert headline.paid_eur == figures["budget"]["paid_eur"]
        assert headline.cost_per_participant_eur == figures["budget"]["cost_per_participant_eur"]
        assert headline.satisfied_share == figures["evaluation"]["satisfied_share"]
        assert headline.target_reached_share == figures["trainings"]["target_reached_share"]
    page = client_for(world.ministry).get(reverse("reports:dashboard"))
    assert page.status_code == 200


def _jobs(count: int, user) -> None:
    for index in range(count):
        ReportJob.objects.create(
            key=f"list-{user.pk}-{index}",
            kind="yearly",
            scope_kind="centre",
            scope_codes="VOV",
            period_from=dt.date(2000 + index, 1, 1),
            period_to=dt.date(2000 + index, 12, 31),
            format="pdf",
            status=ReportJob.Status.DONE,
            requested_by=user,
        )


@pytest.mark.parametrize("role", ["ministry", "coordinator"])
def test_the_reports_page_keeps_its_query_count_at_two_sizes(world, client_for, role):
    client = client_for(world.users[role])
    url = reverse("reports:index")
    _jobs(2, world.coordinator)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _jobs(20, world.ministry)
    CentreFactory(network=world.network)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(small) == len(large), [q["sql"] for q in large]
    assert response.content.decode().count("monitor/rapporten/") >= 2


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {
                "scope": "network:VL",
                "year": 2017,
                "date_from": "2017-01-01",
                "date_to": "2017-02-01",
                "format": "pdf",
            },
            "niet allebei",
        ),
        ({"scope": "network:VL", "format": "pdf"}, "begin- en een einddatum"),
        (
            {
                "scope": "network:VL",
                "date_from": "2017-03-01",
                "date_to": "2017-02-01",
                "format": "pdf",
            },
            "einddatum ligt voor de begindatum",
        ),
    ],
)
def test_a_bad_period_is_refused_with_a_clear_message(world, client_for, data, message):
    response = client_for(world.ministry).post(reverse("reports:request"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportJob.objects.exists()


def test_asking_again_while_it_runs_joins_and_says_so(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.ministry)
    data = yearly("network:VL")
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(reverse("reports:request"), data)
        second = client.post(reverse("reports:request"), data, follow=True)
    assert first["Location"] == second.redirect_chain[0][0]
    assert "je volgt nu dezelfde aanvraag" in second.content.decode()
    assert ReportJob.objects.count() == 1


# --- all formats in one request -------------------------------------------------------------


def test_one_request_in_all_formats_gives_three_downloads(
    world, client_for, django_capture_on_commit_callbacks
):
    load_masterclasses_2017()
    client = client_for(world.ministry)
    form = client.get(reverse("reports:index")).content.decode()
    assert 'value="all"' in form  # offered next to PDF, XLSX and JSON
    response = post_and_build(
        client,
        reverse("reports:request"),
        yearly("network:VL", fmt="all"),
        django_capture_on_commit_callbacks,
    )
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.token])
    page = client.get(response["Location"]).content.decode()
    expected = {
        "pdf": ("application/pdf", b"%PDF"),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        "json": ("application/json", b"{"),
    }
    for fmt, (content_type, start) in expected.items():
        url = reverse("reports:download_format", args=[job.token, fmt])
        assert url in page
        download = client.get(url)
        assert download.status_code == 200, fmt
        assert download["Content-Type"].split(";")[0] == content_type
        assert b"".join(download.streaming_content).lstrip().startswith(start)
        assert download["Content-Disposition"].endswith(f'.{fmt}"')
        assert download["Cache-Control"] == "private, no-store"
    # the one-file URL of a job in all formats sends to its page, where the files are
    assert client.get(reverse("reports:download", args=[job.token]))["Location"] == reverse(
        "reports:job", args=[job.token]
    )
    listing = client.get(reverse("reports:index")).content.decode()
    assert all(
        reverse("reports:download_format", args=[job.token, fmt]) in listing for fmt in expected
    )


def test_a_second_all_formats_request_joins_and_files_wait_for_the_build(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.ministry)
    data = yearly("network:VL", fmt="all")
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(reverse("reports:request"), data)
        second = client.post(reverse("reports:request"), data, follow=True)
    assert first["Location"] == second.redirect_chain[0][0]
    assert "je volgt nu dezelfde aanvraag" in second.content.decode()
    job = ReportJob.objects.get()
    assert job.format == "all"
    pending = client.get(reverse("reports:download_format", args=[job.token, "xlsx"]))
    assert pending.status_code == 302 and pending["Location"] == first["Location"]


def test_all_formats_downloads_keep_the_token_rules(
    world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = services.report_request(
            kind="yearly",
            scope_kind="centre",
            codes=["VOV"],
            period=Period.year(2017),
            fmt="all",
            user=world.coordinator,
        )
    url = reverse("reports:download_format", args=[job.token, "json"])
    assert client_for(world.other_coordinator).get(url).status_code == 404
    assert client_for(world.teacher).get(url).status_code == 403
    assert client_for(world.coordinator).get(url).status_code == 200
    guessed = reverse("reports:download_format", args=[job.token[:-1] + "x", "json"])
    assert client_for(world.ministry).get(guessed).status_code == 404
    for fmt in ("docx", "all", "PDF"):
        bad = reverse("reports:download_format", args=[job.token, fmt])
        assert client_for(world.ministry).get(bad).status_code == 404, fmt
    # a job in one format offers that format only
    with django_capture_on_commit_callbacks(execute=True):
        single, _ = services.report_request(
            kind="yearly", scope_kind="centre", codes=["VOV"], period=Period.year(2017), fmt="json"
        )
    client = client_for(world.ministry)
    assert (
        client.get(reverse("reports:download_format", args=[single.token, "json"])).status_code
        == 200
    )
    assert (
        client.get(reverse("reports:download_format", args=[single.token, "pdf"])).status_code
        == 404
    )
