from tests.matrix import Row, public, roles

from .factories import ObservationFactory


def an_indicator(world):
    return {"code": ObservationFactory(indicator__code="intake_stem").indicator.code}


def a_download(world):
    return {**an_indicator(world), "fmt": "csv"}


ROWS = [
    Row("monitor:overview", public()),
    Row("monitor:indicator", public(), kwargs=an_indicator),
    Row("monitor:indicator_download", public(), kwargs=a_download),
    Row("monitor:observation_create", roles("ministry")),
]
