"""Report jobs (monitor/reports/services.py, monitor/reports/tasks.py): joining, idempotent builds,
failures that say why, retry, the yearly beat job."""

import datetime as dt
import json

import pytest
from celery.schedules import crontab
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitor.reports import services
from monitor.reports.demo import load_masterclasses_2017
from monitor.reports.models import ReportJob
from monitor.reports.scope import Period
from monitor.reports.tasks import build_report, previous_year_reports
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reports_root(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    return settings.REPORTS_ROOT


def ask(fmt="json", codes=("VOV",), scope_kind="centre", kind="yearly", year=2017, user=None):
    return services.report_request(
        kind=kind,
        scope_kind=scope_kind,
        codes=list(codes),
        period=Period.year(year),
        fmt=fmt,
        user=user,
    )


def test_a_request_builds_the_file_after_commit(world, django_capture_on_commit_callbacks):
    load_masterclasses_2017()
    with django_capture_on_commit_callbacks(execute=True):
        job, created = ask(user=world.coordinator)
    job.refresh_from_db()
    assert created
    assert job.status == ReportJob.Status.DONE and job.progress == 100
    assert job.requested_by == world.coordinator and job.finished_at is not None
    data = json.loads(services.report_path(job).read_bytes())
    assert data["participants"]["total"] == 45
    assert job.file_size == services.report_path(job).stat().st_size
    assert not list(services.report_path(job).parent.glob("*.part"))


def test_the_same_request_while_one_runs_joins_it(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first, created_first = ask()
        second, created_second = ask(user=world.ministry)
    assert created_first and not created_second
    assert second.pk == first.pk
    assert len(callbacks) == 1  # one build queued, not two
    assert ReportJob.objects.count() == 1
    other_format, created = ask(fmt="pdf")
    assert created and other_format.pk != first.pk


def test_a_finished_report_is_kept_and_a_new_request_builds_a_fresh_one(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = ask()
    with django_capture_on_commit_callbacks(execute=True):
        second, created = ask()
    assert created and second.pk != first.pk
    assert ReportJob.objects.filter(status=ReportJob.Status.DONE).count() == 2


def test_a_redelivered_task_neither_duplicates_nor_loses_the_report(world):
    """A worker killed mid-report leaves the job running; the broker hands the task out
    again, and the second run rebuilds the same job into the same file."""
    load_masterclasses_2017()
    job, _ = ask(fmt="xlsx")
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=40)
    build_report(job.pk)  # the redelivery
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.attempts == 1
    path = services.report_path(job)
    built = path.read_bytes()
    build_report(job.pk)  # a third delivery of a done job does nothing
    job.refresh_from_db()
    assert job.attempts == 1 and path.read_bytes() == built
    assert ReportJob.objects.count() == 1
    assert len(list(path.parent.iterdir())) == 1


def test_a_job_stuck_running_is_queued_again_by_the_next_request(
    world, django_capture_on_commit_callbacks
):
    job, _ = ask()
    long_ago = timezone.now() - dt.timedelta(hours=2)
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, updated_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        again, created = ask()
    again.refresh_from_db()
    assert not created and again.pk == job.pk
    assert again.status == ReportJob.Status.DONE


def test_a_failed_job_says_why_and_can_be_retried(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report):
        raise RuntimeError("WeasyPrint ran out of memory")

    monkeypatch.setattr(services.render, "yearly_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = ask(fmt="pdf")
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert "WeasyPrint ran out of memory" in job.error
    assert not job.file_name
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = services.report_retry(job=job)
    retried.refresh_from_db()
    assert retried.pk == job.pk and retried.token == job.token
    assert retried.status == ReportJob.Status.DONE and retried.error == ""
    assert retried.attempts == 2
    assert services.report_path(retried).read_bytes().startswith(b"%PDF")
    assert services.report_retry(job=retried).status == ReportJob.Status.DONE  # safe twice


def test_retrying_while_the_same_report_runs_joins_that_one(world):
    failed, _ = ask()
    ReportJob.objects.filter(pk=failed.pk).update(status=ReportJob.Status.FAILED, error="x")
    running, created = ask()
    assert created
    assert services.report_retry(job=failed).pk == running.pk
    failed.refresh_from_db()
    assert failed.status == ReportJob.Status.FAILED


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"kind": "comparison", "codes": ["VOV"]}, "minstens 2 en hoogstens 12"),
        ({"codes": ["VOV", "VWV"]}, "over één netwerk"),
        ({"codes": ["NOPE"]}, "NOPE"),
        ({"fmt": "docx"}, "docx"),
        ({"scope_kind": "planet"}, "planet"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(world, arguments, message):
    with pytest.raises(ValidationError, match=message):
        ask(**arguments)
    assert not ReportJob.objects.exists()


def test_a_comparison_of_thirteen_is_refused(world):
    with pytest.raises(ValidationError):
        ask(
            kind="comparison",
            scope_kind="province",
            codes=["VAN", "VBR", "VLI", "VOV", "VWV", "BRU"] * 2 + ["VAN2"],
        )


def test_a_comparison_takes_two_to_twelve_distinct_scopes(world):
    """The bounds themselves: 2 and 12 known centres are accepted, 1 and 13 refused by count."""
    codes = ["VOV", "VWV"] + [CentreFactory(network=world.network).code for _ in range(11)]
    for count in (2, 12):
        job, created = ask(kind="comparison", codes=codes[:count])
        assert created and job.scope_codes.split(",") == codes[:count]
    before = ReportJob.objects.count()
    for count in (1, 13):
        with pytest.raises(ValidationError, match=f"minstens 2 en hoogstens 12.*{count}"):
            ask(kind="comparison", codes=codes[:count])
    assert ReportJob.objects.count() == before


def test_the_yearly_beat_job_builds_last_years_network_report_once(
    world, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_NETWORK_CODE = "VL"
    with django_capture_on_commit_callbacks(execute=True):
        jobs = services.previous_year_network_reports(today=dt.date(2018, 1, 15))
    assert {job.format for job in jobs} == {"pdf", "xlsx", "json"}
    assert all(
        job.period_from == dt.date(2017, 1, 1)
        and job.period_to == dt.date(2017, 12, 31)
        and job.scope_codes == "VL"
        and job.requested_by is None
        for job in jobs
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert previous_year_reports() == 3
    assert ReportJob.objects.filter(period_from=dt.date(2017, 1, 1)).count() == 3


def test_reports_run_on_their_own_queue_and_the_beat_runs_on_15_january(settings):
    assert settings.CELERY_TASK_ROUTES["reports.build_report"] == {"queue": "reports"}
    entry = settings.CELERY_BEAT_SCHEDULE["reports-previous-year-reports"]
    assert entry["task"] == "reports.previous_year_reports"
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.day_of_month == {15} and schedule.month_of_year == {1}


@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_requests_make_one_job(require_postgres, monkeypatch):
    """Eight people ask for the same report at the same moment: one job, one build."""
    import threading

    from django.db import connection

    from tests.factories import CentreFactory

    CentreFactory(code="VOV")
    queued = []
    monkeypatch.setattr(services, "_enqueue", lambda job: queued.append(job.pk))
    barrier = threading.Barrier(8)
    jobs, errors = [], []

    def request():
        try:
            barrier.wait()
            jobs.append(ask()[0].pk)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(jobs)) == 1 and len(jobs) == 8
    assert ReportJob.objects.count() == 1
    assert queued == jobs[:1]


def test_erasing_a_person_keeps_their_reports_but_forgets_who_asked(world):
    from stemnet import privacy

    job, _ = ask(user=world.coordinator)
    exported = privacy.export_person(world.coordinator)["report_requests"]
    assert exported == [
        {
            "kind": "yearly",
            "scope": "centre",
            "codes": ["VOV"],
            "from": "2017-01-01",
            "to": "2017-12-31",
            "format": "json",
            "requested_at": job.requested_at.isoformat(),
        }
    ]
    privacy.erase_person(world.coordinator)
    job.refresh_from_db()
    assert job.requested_by is None
    assert privacy.export_person(world.coordinator)["report_requests"] == []


def test_the_build_task_goes_to_the_reports_queue():
    from stemnet import celery_app

    route = celery_app.amqp.router.route({}, "reports.build_report")
    assert route["queue"].name == "reports"
    assert (
        celery_app.amqp.router.route({}, "reports.build_pdf_report")["queue"].name == "reports_pdf"
    )
    assert (
        celery_app.amqp.router.route({}, "reports.previous_year_reports")["queue"].name == "default"
    )


def test_pdf_jobs_go_to_their_own_queue_with_a_recycled_single_worker(world, monkeypatch):
    """PDF builds run apart from JSON and XLSX: their task is routed to ``reports_pdf``, whose
    worker builds one at a time and is replaced after each task."""
    import re
    from pathlib import Path

    import yaml
    from django.conf import settings

    from stemnet import celery_app
    from stemnet.outbox.models import OutboxTask

    pdf, _ = ask(fmt="pdf")
    xlsx, _ = ask(fmt="xlsx")
    queued = [
        (celery_app.amqp.router.route({}, row.task)["queue"].name, row.args[0])
        for row in OutboxTask.objects.filter(task__startswith="reports.")
    ]
    assert queued == [("reports_pdf", pdf.pk), ("reports", xlsx.pk)]
    compose = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
    (command,) = [
        s["command"]
        for s in compose["services"].values()
        if re.search(r"-Q\s+\S*reports_pdf", str(s.get("command", "")))
    ]
    assert "--concurrency 1" in command and "--max-tasks-per-child 1" in command


# --- all formats in one job -----------------------------------------------------------------


def test_all_formats_build_three_files_from_the_same_figures(
    world, django_capture_on_commit_callbacks
):
    """One request in all formats: one job, one build, a PDF, an XLSX and a JSON that give the
    same figures (computed once: the same ``generated_at`` in the JSON as in the PDF run)."""
    from openpyxl import load_workbook

    load_masterclasses_2017()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job, created = ask(fmt="all", codes=["VL"], scope_kind="network", user=world.ministry)
    assert created and len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.attempts == 1
    assert [d["format"] for d in job.downloads] == ["pdf", "xlsx", "json"]
    paths = {fmt: services.report_path(job, fmt) for fmt in job.file_formats}
    assert len({path.name for path in paths.values()}) == 3
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert paths["xlsx"].read_bytes().startswith(b"PK")  # a zip: the XLSX container
    data = json.loads(paths["json"].read_bytes())
    assert data["participants"]["total"] == 45
    book = load_workbook(paths["xlsx"], read_only=True)
    cells = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]
    assert 45 in cells
    for fmt, path in paths.items():
        assert job.files[fmt]["size"] == path.stat().st_size > 0
    assert services.report_path(job) == paths["pdf"]  # the first file: the PDF
    assert (job.file_name, job.file_size) == (job.files["pdf"]["name"], job.files["pdf"]["size"])
    assert not list(paths["pdf"].parent.glob("*.part"))


def test_all_formats_is_its_own_key_and_a_second_request_joins(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first, created_first = ask(fmt="all")
        second, created_second = ask(fmt="all", user=world.ministry)
        single, created_single = ask(fmt="pdf")
    assert created_first and not created_second and second.pk == first.pk
    assert created_single and single.pk != first.pk  # one format alone is another report
    assert len(callbacks) == 2
    assert first.key.endswith(":all")


def test_all_formats_go_to_the_pdf_queue(world):
    from stemnet import celery_app
    from stemnet.outbox.models import OutboxTask

    job, _ = ask(fmt="all")
    (row,) = OutboxTask.objects.filter(task__startswith="reports.")
    assert row.args[0] == job.pk
    assert celery_app.amqp.router.route({}, row.task)["queue"].name == "reports_pdf"


def test_a_redelivered_all_formats_job_rebuilds_the_same_three_files(world):
    load_masterclasses_2017()
    job, _ = ask(fmt="all")
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=70)
    build_report(job.pk)  # the redelivery, after a worker died while rendering
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.attempts == 1
    directory = services.report_path(job).parent
    built = {path.name: path.read_bytes() for path in directory.iterdir()}
    assert len(built) == 3
    build_report(job.pk)  # a done job is left alone
    job.refresh_from_db()
    assert job.attempts == 1
    assert {path.name: path.read_bytes() for path in directory.iterdir()} == built


def test_a_stale_all_formats_job_is_recovered_then_fails_with_a_reason(
    world, django_capture_on_commit_callbacks
):
    job, _ = ask(fmt="all")
    long_ago = timezone.now() - dt.timedelta(hours=2)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, updated_at=long_ago, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_jobs_recover() == 1
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.attempts == 2
    assert set(job.files) == {"pdf", "xlsx", "json"}
    # A job that keeps killing its worker fails with a reason instead of a fourth try.
    poison, _ = ask(fmt="all", year=2016)
    ReportJob.objects.filter(pk=poison.pk).update(
        status=ReportJob.Status.RUNNING, updated_at=long_ago, attempts=services.MAX_ATTEMPTS
    )
    assert services.report_jobs_recover() == 1
    poison.refresh_from_db()
    assert poison.status == ReportJob.Status.FAILED and "3" in poison.error
    assert poison.files == {} and poison.downloads == []


def test_an_all_formats_job_that_fails_in_one_format_lists_no_file(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report):
        raise RuntimeError("no room for the XLSX")

    monkeypatch.setattr(services.render, "yearly_xlsx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = ask(fmt="all")
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and "no room for the XLSX" in job.error
    assert job.files == {} and services.report_path(job, "pdf") is None
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = services.report_retry(job=job)
    retried.refresh_from_db()
    assert retried.status == ReportJob.Status.DONE and set(retried.files) == {"pdf", "xlsx", "json"}
