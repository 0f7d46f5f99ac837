from tests.matrix import Row, public, roles
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
