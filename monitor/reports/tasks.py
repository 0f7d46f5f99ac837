"""Background work of the reports: report jobs (JSON and XLSX on the ``reports`` queue, PDF on
``reports_pdf``, see settings)."""

from celery import shared_task


@shared_task(name="reports.build_report")
def build_report(job_id: int) -> None:
    """Build one report job's file (``reports.services.report_build``). Safe twice: a job that
    is done or failed is left alone; a redelivered job is rebuilt into the same file."""
    from .services import report_build

    report_build(job_id=job_id)


@shared_task(name="reports.build_pdf_report")
def build_pdf_report(job_id: int) -> None:
    """``build_report`` for a PDF job, on its own queue: a worker that builds one at a time and
    is replaced after each (WeasyPrint holds whole documents in memory). Safe twice."""
    from .services import report_build

    report_build(job_id=job_id)


@shared_task(name="reports.previous_year_reports")
def previous_year_reports() -> int:
    """Celery beat, 15 January: last year's network report in PDF, XLSX and JSON."""
    from .services import previous_year_network_reports

    return len(previous_year_network_reports())


@shared_task(name="reports.recover_stale_jobs")
def recover_stale_jobs() -> int:
    """Celery beat, every minute: jobs whose worker died queued again, or failed after the
    last attempt (``services.report_jobs_recover``)."""
    from .services import report_jobs_recover

    return report_jobs_recover()
