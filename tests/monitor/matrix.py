from tests.matrix import REDIRECT, Row, public, roles
from tests.trainings.factories import SessionFactory, TrainingFactory

from .factories import ObservationFactory, TargetFactory


def an_indicator(world):
    return {"code": ObservationFactory(indicator__code="intake_stem").indicator.code}


def a_download(world):
    return {**an_indicator(world), "fmt": "csv"}


def an_observation(world):
    return {"pk": ObservationFactory(indicator__code="intake_stem").pk}


def a_target(world):
    return {"pk": TargetFactory(indicator__code="intake_stem").pk}


def a_training(world):
    return {"code": TrainingFactory(centre=world.centre).code}


def a_session(world):
    return {"pk": SessionFactory(training__centre=world.centre).pk}


def a_centre_report(world):
    """A queued yearly report of ``world.centre`` (its coordinator's; not another centre's)."""
    import datetime as dt

    from monitor.reports.models import ReportJob

    job = ReportJob.objects.create(
        key="matrix",
        kind="yearly",
        scope_kind="centre",
        scope_codes=world.centre.code,
        period_from=dt.date(2025, 1, 1),
        period_to=dt.date(2025, 12, 31),
        format="pdf",
        requested_by=world.coordinator,
    )
    return {"token": job.token}


# Reports: ministry staff all, coordinators their own centre (404 for another's), others 403.
REPORT_STAFF = roles("coordinator", "ministry", other_centre=404)
POST_ONLY = roles("coordinator", "other_coordinator", "ministry", status=405)

ROWS = [
    Row("monitor:overview", public()),
    Row("monitor:indicator", public(), kwargs=an_indicator),
    Row("monitor:indicator_download", public(), kwargs=a_download),
    Row("monitor:observation_create", roles("ministry")),
    # The open-data API (stemnet/api_urls.py): public and read-only.
    Row("api:api-root", public()),
    Row("api:indicator-list", public()),
    Row("api:indicator-detail", public(), kwargs=an_indicator),
    Row("api:observation-list", public()),
    Row("api:observation-detail", public(), kwargs=an_observation),
    Row("api:target-list", public()),
    Row("api:target-detail", public(), kwargs=a_target),
    Row("api:training-list", public()),
    Row("api:training-detail", public(), kwargs=a_training),
    Row("api:session-list", public()),
    Row("api:session-detail", public(), kwargs=a_session),
    Row("api:schema", public()),
    Row("api:docs", public()),
    Row("reports:index", roles("coordinator", "other_coordinator", "ministry")),
    Row("reports:request", POST_ONLY),
    Row("reports:comparison_request", POST_ONLY),
    Row("reports:job", REPORT_STAFF, kwargs=a_centre_report),
    Row("reports:progress", REPORT_STAFF, kwargs=a_centre_report),
    Row(
        "reports:download",
        roles("coordinator", "ministry", status=REDIRECT, other_centre=404),
        kwargs=a_centre_report,
    ),
    Row("reports:retry", POST_ONLY, kwargs=a_centre_report),
    Row("reports:dashboard", roles("ministry")),
]
