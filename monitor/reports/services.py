"""
Report jobs: asking for a report, building it (in a Celery task), failing, retrying.

A job is identified by its ``key`` (kind, scope, period, format). At most one job per key is
queued or running (a partial unique constraint): asking again while one runs returns that
job. Building re-reads the job under a row lock and does only what is still missing, so a
redelivered task (a worker killed mid-report: ``acks_late`` with ``reject_on_worker_lost``)
rebuilds the same file of the same job: no duplicate, no lost report.

A job in all formats (``ReportJob.Format.ALL``, its own key) computes the figures once and
renders the PDF, the XLSX and the JSON from them, so the three files always agree; it is one
job with one lease, built on the PDF queue, and a redelivered task rebuilds the same three
files under the same names.

A running job holds a lease: its build touches ``updated_at`` every ``HEARTBEAT`` (a thread
beside the build, as well as each progress step). A running job untouched for ``STALE`` lost
its worker (killed with its parent, out of memory): ``report_jobs_recover`` (Celery beat,
every minute) queues it again, or fails it with a reason the person sees once it has been
tried ``MAX_ATTEMPTS`` times (a report that always kills its worker must not block the PDF
queue); a request for the same report, and "try again" on its page, do the same at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from monitor.reports.models import ReportJob
from stemnet.outbox.services import send_after_commit

from . import render
from .comparison import comparison_report, validate_count
from .figures import Progress, yearly_report
from .scope import Period, Scope, validate_scopes

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from stemnet.accounts.models import User

log = logging.getLogger(__name__)
EXTENSIONS = {"pdf": "pdf", "xlsx": "xlsx", "json": "json"}
CONTENT_TYPES = {"pdf": render.PDF_TYPE, "xlsx": render.XLSX_TYPE, "json": render.JSON_TYPE}


def job_key(*, kind: str, scope_kind: str, codes: list[str], period: Period, fmt: str) -> str:
    return f"{kind}:{scope_kind}:{','.join(codes)}:{period.start}:{period.end}:{fmt}"


HEARTBEAT = dt.timedelta(seconds=20)  # a running build touches its job this often
STALE = dt.timedelta(minutes=2)  # a running job untouched this long has lost its worker
MAX_ATTEMPTS = 3  # builds started; then the job fails with a reason instead of a 4th try


def _stale_after() -> dt.timedelta:
    """A queued job waiting longer than this was lost with its task (and is queued again)."""
    return dt.timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 900) + 60)


def report_job_is_stale(job: ReportJob, *, now: dt.datetime | None = None) -> bool:
    """Whether an active job has lost its worker (running) or its task (queued)."""
    now = now or timezone.now()
    if job.status == ReportJob.Status.RUNNING:
        return job.updated_at < now - STALE
    if job.status == ReportJob.Status.QUEUED:
        return job.updated_at < now - _stale_after()
    return False


def _gave_up(job: ReportJob) -> str:
    with translation.override(_language(job)):
        return _(
            "The report could not be built: the work stopped %(attempts)s times before it "
            "was finished (the report may be too large). Ask again with a shorter period or "
            "another format, or contact the portal's staff."
        ) % {"attempts": job.attempts}


def _recover(job: ReportJob, *, now: dt.datetime) -> ReportJob:
    """Queue a stale job again, or fail it after ``MAX_ATTEMPTS``; ``job`` is row-locked."""
    if job.attempts >= MAX_ATTEMPTS:
        job.status, job.error, job.finished_at = ReportJob.Status.FAILED, _gave_up(job), now
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        log.warning("report job %s failed after %s attempts", job.pk, job.attempts)
        return job
    job.status, job.progress, job.step = ReportJob.Status.QUEUED, 0, ""
    job.save(update_fields=["status", "progress", "step", "updated_at"])
    log.warning("report job %s lost its worker; queued again", job.pk)
    _enqueue(job)
    return job


def report_jobs_recover(*, now: dt.datetime | None = None) -> int:
    """Celery beat, every minute: every stale job queued again or failed (see the module).
    Returns how many were recovered. Safe twice and beside a live build (row locks)."""
    now = now or timezone.now()
    recovered = 0
    candidates = ReportJob.objects.filter(status__in=ReportJob.ACTIVE).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            job = ReportJob.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None or not job.is_active or not report_job_is_stale(job, now=now):
                continue
            _recover(job, now=now)
            recovered += 1
    return recovered


@contextmanager
def _heartbeat(job_id: int):
    """Touch the job every ``HEARTBEAT`` while the block runs (its lease), from a thread with
    its own database connection; the beat dies with the process that builds."""
    done = threading.Event()

    def beat() -> None:
        try:
            while not done.wait(HEARTBEAT.total_seconds()):
                ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
                    updated_at=timezone.now()
                )
        except Exception:  # noqa: BLE001  (a missed beat only makes the job look stale)
            log.exception("report job %s: heartbeat failed", job_id)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"report-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=5)


def _enqueue(job: ReportJob) -> None:
    """Queue the build after commit; jobs that build a PDF (alone or in all formats) go to
    the PDF queue (see settings)."""
    from .tasks import build_pdf_report, build_report

    builds_pdf = ReportJob.Format.PDF in job.file_formats
    send_after_commit(build_pdf_report if builds_pdf else build_report, job.pk)


@transaction.atomic
def report_request(
    *,
    kind: str,
    scope_kind: str,
    codes: list[str],
    period: Period,
    fmt: str,
    user: User | AnonymousUser | None = None,
) -> tuple[ReportJob, bool]:
    """Ask for a report in ``fmt`` (pdf, xlsx, json, or all: the three files in one job);
    returns ``(job, created)``.

    Joins the queued or running job with the same key (``created`` False); a job that has
    been running for longer than the task time limit is queued again. Otherwise creates a
    job and queues the build after commit. Raises ValidationError for an unknown kind,
    format or code, or a comparison of fewer than 2 or more than 12. Access is checked by the
    caller (``permissions.can_request_report``).
    """
    if kind not in ReportJob.Kind.values:
        raise ValidationError(_("Unknown report kind."))
    if fmt not in ReportJob.Format.values:
        raise ValidationError(_("Unknown format '%(fmt)s'.") % {"fmt": fmt})
    scopes = validate_scopes(scope_kind, codes)
    if kind == ReportJob.Kind.YEARLY and len(scopes) != 1:
        raise ValidationError(_("A yearly report is about one network, centre or province."))
    if kind == ReportJob.Kind.COMPARISON:
        validate_count(scopes)
    codes = [s.code for s in scopes]
    key = job_key(kind=kind, scope_kind=scope_kind, codes=codes, period=period, fmt=fmt)
    active = (
        ReportJob.objects.select_for_update().filter(key=key, status__in=ReportJob.ACTIVE).first()
    )
    if active is not None:
        if report_job_is_stale(active):  # its worker died: queue it again (or fail it)
            _recover(active, now=timezone.now())
        return active, False
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(
                key=key,
                kind=kind,
                scope_kind=scope_kind,
                scope_codes=",".join(codes),
                period_from=period.start,
                period_to=period.end,
                format=fmt,
                requested_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:  # the same request, a moment earlier, in another transaction
        return ReportJob.objects.get(key=key, status__in=ReportJob.ACTIVE), False
    _enqueue(job)
    return job, True


@transaction.atomic
def report_retry(*, job: ReportJob) -> ReportJob:
    """Queue a failed job again (same job, same token). Returns the job that will build the
    report: this one, or the one already running for the same key. A job that is not failed
    is returned unchanged. Safe twice."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.is_active and report_job_is_stale(job):  # "try again" on a job whose worker died
        job.attempts = min(job.attempts, MAX_ATTEMPTS - 1)  # the person's try is one more
        return _recover(job, now=timezone.now())
    if job.status != ReportJob.Status.FAILED:
        return job
    active = ReportJob.objects.filter(key=job.key, status__in=ReportJob.ACTIVE).first()
    if active is not None:
        return active
    job.status, job.progress, job.step, job.error = ReportJob.Status.QUEUED, 0, "", ""
    job.save(update_fields=["status", "progress", "step", "error", "updated_at"])
    _enqueue(job)
    return job


def _progress(job_id: int) -> Progress:
    def report(percent: int, step: str) -> None:
        ReportJob.objects.filter(pk=job_id).update(
            progress=min(percent, 99), step=step[:200], updated_at=timezone.now()
        )

    return report


def _language(job: ReportJob) -> str:
    return getattr(job.requested_by, "language", "") or settings.LANGUAGE_CODE


def report_contents(
    *,
    kind: str,
    scopes: list[Scope],
    period: Period,
    formats: tuple[str, ...],
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """The files of a yearly report (of ``scopes[0]``) or of a comparison of ``scopes``, one
    per format of ``formats`` (json, xlsx, pdf), all rendered from the same figures computed
    once, in the active language. Reads only."""
    progress = progress or (lambda percent, step: None)
    if kind == ReportJob.Kind.YEARLY:
        report = yearly_report(scope=scopes[0], period=period, progress=progress)
        renderers = {
            "json": lambda: render.to_json(report.figures),
            "xlsx": lambda: render.yearly_xlsx(report),
            "pdf": lambda: render.yearly_pdf(report),
        }
    else:
        figures = comparison_report(scopes=scopes, period=period, progress=progress)
        renderers = {
            "json": lambda: render.to_json(figures),
            "xlsx": lambda: render.comparison_xlsx(figures),
            "pdf": lambda: render.comparison_pdf(figures),
        }
    contents = {}
    for index, fmt in enumerate(formats):
        progress(65 + 30 * index // len(formats), "render")
        contents[fmt] = renderers[fmt]()
    return contents


def report_content(
    *, kind: str, scopes: list[Scope], period: Period, fmt: str, progress: Progress | None = None
) -> bytes:
    """The file of a yearly report or a comparison in one format ``fmt`` (json, xlsx, pdf);
    see ``report_contents``. Reads only."""
    contents = report_contents(
        kind=kind, scopes=scopes, period=period, formats=(fmt,), progress=progress
    )
    return contents[fmt]


def build_files(job: ReportJob, progress: Progress | None = None) -> dict[str, bytes]:
    """The files of ``job``, one per format it builds (reads only)."""
    scopes = [Scope(job.scope_kind, code) for code in job.codes]
    with translation.override(_language(job)):
        return report_contents(
            kind=job.kind,
            scopes=scopes,
            period=Period(job.period_from, job.period_to),
            formats=job.file_formats,
            progress=progress,
        )


def report_path(job: ReportJob, fmt: str | None = None) -> Path | None:
    """Where the file of ``job`` in ``fmt`` lies (default: its first format, the PDF of a job
    in all formats); ``None`` while the job has no such file."""
    entry = (job.files or {}).get(fmt or job.file_formats[0])
    return Path(settings.REPORTS_ROOT) / entry["name"] if entry else None


def report_build(*, job_id: int) -> ReportJob | None:
    """Build the files of a queued or running job (one, or three for all formats) and mark
    it done; a done or failed job is left alone (so a redelivered task does nothing twice), a
    missing one is ignored.

    Each file is written to a temporary name and renamed into place, so a half-written file
    is never served; the job lists its files (``files``) only once all are in place. An error
    marks the job failed with the reason and is not raised again (retrying is the person's
    choice); the task's time limit still applies.
    """
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or not job.is_active:
            return job
        if job.status == ReportJob.Status.RUNNING and job.attempts >= MAX_ATTEMPTS:
            # Redelivered after its worker died, again: a poison job, failed with a reason.
            return _recover(job, now=timezone.now())
        job.status, job.started_at, job.progress = ReportJob.Status.RUNNING, timezone.now(), 1
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "progress", "attempts", "updated_at"])
    try:
        with _heartbeat(job.pk):
            contents = build_files(job, _progress(job.pk))
        files = {}
        for fmt in job.file_formats:  # the same names on every build: a rebuild replaces them
            name = f"{job.kind}/{job.pk}-{job.token[:12]}.{EXTENSIONS[fmt]}"
            path = Path(settings.REPORTS_ROOT) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(path.suffix + ".part")
            partial.write_bytes(contents[fmt])
            os.replace(partial, path)
            files[fmt] = {"name": name, "size": len(contents[fmt])}
    except Exception as exc:  # noqa: BLE001 — any failure is reported on the job
        log.exception("report job %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        job.refresh_from_db()
        return job
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE,
        progress=100,
        step="",
        error="",
        file_name=files[job.file_formats[0]]["name"],
        file_size=files[job.file_formats[0]]["size"],
        files=files,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def previous_year_network_reports(*, today: dt.date | None = None) -> list[ReportJob]:
    """Celery beat, 15 January: last year's report of the home network in every format.
    Joins jobs already asked for; safe twice."""
    today = today or timezone.localdate()
    code = getattr(settings, "REPORTS_NETWORK_CODE", "VL")
    period = Period.year(today.year - 1)
    return [
        report_request(
            kind=ReportJob.Kind.YEARLY, scope_kind="network", codes=[code], period=period, fmt=fmt
        )[0]
        for fmt in ("pdf", "xlsx", "json")
    ]
