"""Personal data held by the reports app (see ``stemnet.privacy``): who asked for which report.

Erasing a person keeps the reports (they are the ministry's documents and hold no personal
data) but forgets who asked for them.
"""

from stemnet import privacy

from .models import ReportJob


def export_report_requests(user) -> list[dict]:
    return [
        {
            "kind": job.kind,
            "scope": job.scope_kind,
            "codes": job.codes,
            "from": job.period_from.isoformat(),
            "to": job.period_to.isoformat(),
            "format": job.format,
            "requested_at": job.requested_at.isoformat(),
        }
        for job in ReportJob.objects.filter(requested_by=user).order_by("requested_at")
    ]


def erase_report_requests(user) -> None:
    ReportJob.objects.filter(requested_by=user).update(requested_by=None)


privacy.register(
    "report_requests",
    description="Reports a person asked for (ministry reports).",
    export=export_report_requests,
    erase=erase_report_requests,
    models=["reports.ReportJob"],
)
