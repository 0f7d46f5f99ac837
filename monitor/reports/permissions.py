"""Who may ask for and download which report.

Ministry staff and admins: every report. Coordinators: reports about the centres they
coordinate only (a yearly report of their centre, or a comparison of centres that are all
theirs). Everyone else: none. A report of another centre is "not found" (404), as anywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from monitor.reports.models import ReportJob
from networks.models import Centre
from stemnet import access

if TYPE_CHECKING:
    from stemnet.accounts.models import User


def _own_centre_codes(user: User) -> set[str]:
    ids = access.coordinated_centre_ids(user)
    if not ids:
        return set()
    cached = getattr(user, "_report_centre_codes", None)
    if cached is None:
        cached = set(Centre.objects.filter(pk__in=ids).values_list("code", flat=True))
        user._report_centre_codes = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


def can_request_report(user: User, *, scope_kind: str, codes: list[str]) -> bool:
    if access.sees_whole_network(user):
        return True
    return (
        scope_kind == ReportJob.ScopeKind.CENTRE
        and bool(codes)
        and set(codes) <= _own_centre_codes(user)
    )


def can_read_report(user: User, job: ReportJob) -> bool:
    return can_request_report(user, scope_kind=job.scope_kind, codes=job.codes)


def can_use_reports(user: User) -> bool:
    return access.sees_whole_network(user) or bool(access.coordinated_centre_ids(user))


def get_report_job_for_user(user: User, token: str) -> ReportJob:
    """The job with this token, if the person may read it; 404 otherwise."""
    return access.get_or_404_for(
        ReportJob.objects.select_related("requested_by"),
        lambda job: can_read_report(user, job),
        token=token,
    )


def report_jobs_for_user(user: User) -> QuerySet[ReportJob]:
    jobs = ReportJob.objects.select_related("requested_by")
    if access.sees_whole_network(user):
        return jobs
    return jobs.filter(
        scope_kind=ReportJob.ScopeKind.CENTRE, scope_codes__in=sorted(_own_centre_codes(user))
    )
