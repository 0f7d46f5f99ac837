from monitor.models import Observation
from tests.matrix import Row, public, roles
from tests.trainings.factories import SessionFactory, TrainingFactory

from .factories import ObservationFactory, TargetFactory


def _observation():
    """The one observation of ``intake_stem`` (made once: the validators share one world)."""
    existing = Observation.objects.filter(indicator__code="intake_stem").first()
    return existing or ObservationFactory(indicator__code="intake_stem")


def an_indicator(world):
    return {"code": _observation().indicator.code}


def a_download(world):
    return {**an_indicator(world), "fmt": "csv"}


def an_observation(world):
    return {"pk": _observation().pk}


def a_target(world):
    return {"pk": TargetFactory(indicator__code="intake_stem").pk}


def a_training(world):
    return {"code": TrainingFactory(centre=world.centre).code}


def a_session(world):
    return {"pk": SessionFactory(training__centre=world.centre).pk}


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
]
