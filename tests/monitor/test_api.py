"""The read-only open-data API (/api/v1/): monitor/api.py, trainings/api.py, stemnet/api_urls.py."""

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings

from monitor import demo
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.models import Enrolment, Training

pytestmark = pytest.mark.django_db
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def loaded():
    demo.load(StringIO())


def get(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    return response, (
        response.json() if response["Content-Type"].startswith("application/json") else None
    )


def test_indicators_with_share_definitions(client, loaded):
    response, data = get(client, reverse("api:indicator-list"))
    assert response.status_code == 200 and data["count"] == 9
    girls = next(i for i in data["results"] if i["code"] == "intake_stem_girls_share")
    assert (
        girls["unit"],
        girls["numerator"],
        girls["numerator_dimension"],
        girls["numerator_category"],
        girls["denominator"],
        girls["factor"],
    ) == ("share", "intake_stem", "gender", "female", "intake_stem", "100.00")
    response, data = get(client, reverse("api:indicator-detail", args=["intake_stem_share"]))
    assert data["reference_period"] == "2011-2012"


def test_observations_filter_by_indicator_period_range_and_breakdown(client, loaded):
    url = reverse("api:observation-list")
    _, data = get(
        client, url, indicator="intake_stem_share", period_from="2010-2011", period_to="2012-2013"
    )
    assert [
        (o["period"], o["value"], o["numerator"], o["denominator"]) for o in data["results"]
    ] == [
        ("2010-2011", "43.5900", "29994.00", "68805.00"),
        ("2011-2012", "43.9900", "29929.00", "68043.00"),
        ("2012-2013", "43.6600", "29697.00", "68021.00"),
    ]
    _, data = get(client, url, dimension="occupation", category="stem")
    assert [(o["indicator"], o["value"]) for o in data["results"]] == [
        ("vdab_vacancies_received", "37434.0000"),
        ("vdab_vacancies_open", "9290.0000"),
    ]
    _, data = get(client, url, indicator="vdab_vacancies_open", total="true")
    assert [o["value"] for o in data["results"]] == ["28332.0000"]
    _, data = get(client, url, indicator="vdab_vacancies_open", total="false")
    assert data["count"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"period_from": "2012-2011"},
        {"period_to": "twintig"},
        {"period_from": "2013-2014", "period_to": "2010-2011"},
        {"dimension": "colour"},
    ],
)
def test_bad_filters_are_a_clear_400(client, loaded, params):
    response, data = get(client, reverse("api:observation-list"), **params)
    assert response.status_code == 400 and data


def test_pagination(client, loaded):
    _, data = get(client, reverse("api:observation-list"), page_size=10)
    assert data["count"] == 52 and len(data["results"]) == 10 and data["next"]
    _, data = get(client, reverse("api:observation-list"), page_size=10, page=6)
    assert len(data["results"]) == 2 and data["next"] is None
    _, data = get(client, reverse("api:observation-list"), page_size=10_000)
    assert len(data["results"]) == 52  # page_size is honoured (up to 500)


def test_targets(client, loaded):
    _, data = get(client, reverse("api:target-list"), indicator__code="intake_stem_girls_share")
    assert [(t["period"], t["comparator"], t["value"]) for t in data["results"]] == [
        ("2019-2020", "gte", "33.3300")
    ]


def test_public_catalogue_without_drafts_and_without_online_links(client, world):
    published = TrainingFactory(centre=world.centre, code="pub")
    SessionFactory(training=published, online_url="https://meet.example.org/secret-room")
    TrainingFactory(centre=world.centre, code="draft", status=Training.Status.DRAFT)
    _, data = get(client, reverse("api:training-list"))
    assert [t["code"] for t in data["results"]] == ["pub"]
    session = data["results"][0]["sessions"][0]
    assert session["online"] is True and "secret-room" not in json.dumps(data)
    assert data["results"][0]["centre"] == {"code": "VOV", "name": world.centre.name}
    response, _ = get(client, reverse("api:training-detail", args=["draft"]))
    assert response.status_code == 404
    _, data = get(client, reverse("api:session-list"), training="draft")
    assert data["count"] == 0


def all_api_urls(client) -> list[str]:
    """Every list page (following pagination) and every object's detail URL."""
    _, root = get(client, reverse("api:api-root"))
    seen, pending = [], list(root.values())
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.append(url)
        _, data = get(client, url)
        if isinstance(data, dict) and "results" in data:
            if data["next"]:
                pending.append(data["next"])
            for item in data["results"]:
                if "url" in item:
                    pending.append(item["url"])
                elif "id" in item:
                    pending.append(url.split("?")[0] + f"{item['id']}/")
    return seen


def test_no_personal_data_anywhere_in_the_api(client, world, loaded):
    training = TrainingFactory(centre=world.centre)
    SessionFactory(training=training)
    people = []
    for status in (
        Enrolment.Status.ENROLLED,
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.ATTENDED,
    ):
        enrolment = EnrolmentFactory(
            training=training, status=status, person__first_name="Griet", person__last_name=status
        )
        people.append(enrolment.person)
    for number, person in enumerate([world.teacher, world.coordinator, world.ministry]):
        # Names no API text could hold by chance (a random surname such as "Engels" is also a
        # word of the schema's Dutch labels).
        person.first_name, person.last_name = f"Voornaamx{number}", f"Familienaamx{number}"
        person.save()
        people.append(person)
    world.centre.contact_email = "contact@centre.example"
    world.centre.contact_name = "Contactpersoon Vandamme"
    world.centre.save()
    urls = all_api_urls(client)
    assert len(urls) > 60  # lists, pages and every object
    assert any("/trainings/" in u and training.code in u for u in urls)
    for url in urls + [reverse("api:schema") + "?format=json"]:
        body = client.get(url, HTTP_ACCEPT="application/json").content.decode()
        assert not EMAIL.search(body), (url, EMAIL.search(body))
        for person in people:
            for name in {person.first_name, person.last_name} - {""}:
                assert name not in body, (url, name)
        assert "Vandamme" not in body


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_write_access(client, loaded, world, method):
    training = TrainingFactory(centre=world.centre)
    urls = [
        reverse("api:indicator-list"),
        reverse("api:indicator-detail", args=["intake_stem"]),
        reverse("api:observation-list"),
        reverse("api:target-list"),
        reverse("api:training-list"),
        reverse("api:training-detail", args=[training.code]),
        reverse("api:session-list"),
    ]
    from monitor.models import Indicator, Observation

    observation = Observation.objects.first()
    urls.append(reverse("api:observation-detail", args=[observation.pk]))
    before = (Observation.objects.count(), Indicator.objects.count())
    for url in urls:
        response = getattr(client, method)(
            url, data=json.dumps({"value": "1"}), content_type="application/json"
        )
        assert response.status_code == 405, (method, url, response.status_code)
    assert (Observation.objects.count(), Indicator.objects.count()) == before
    observation.refresh_from_db()
    assert observation.value != Decimal(1)


@pytest.mark.parametrize(
    "name", ["api:observation-list", "api:indicator-list", "api:training-list", "api:session-list"]
)
def test_list_query_count_does_not_grow(client, world, name):
    from tests.monitor.factories import ObservationFactory, ShareIndicatorFactory

    def grow(n):
        for _ in range(n):
            share = ShareIndicatorFactory()
            ObservationFactory(indicator=share, value=Decimal("1.5"))
            SessionFactory(training=TrainingFactory(centre=world.centre))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name), HTTP_ACCEPT="application/json").status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(15)
    assert count() == small <= 3


def test_schema_and_local_docs(client):
    response = client.get(reverse("api:schema") + "?format=json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/observations/", "/api/v1/trainings/{code}/"} <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/api/v1/observations/"]["get"]["parameters"]}
    assert {"indicator", "period_from", "period_to", "dimension", "category"} <= params
    assert all(set(ops) <= {"get", "parameters"} for ops in schema["paths"].values())
    html = client.get(reverse("api:docs")).content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_schemathesis_finds_no_server_error(world, loaded):
    """A property-based run over the OpenAPI schema: no request it generates gets a 5xx."""
    import schemathesis
    from schemathesis.checks import not_a_server_error

    training = TrainingFactory(centre=world.centre, code="pub")
    SessionFactory(training=training)
    calls = []
    # As Django's test client does: the WSGI handler must not close the test's connection
    # after each request (on PostgreSQL that would end the test transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/schema/?format=json", get_wsgi_application()
        )

        @given(case=schema.as_strategy())
        @settings(
            max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case):
            response = case.call(headers={"Accept": "application/json"})
            calls.append(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

        run()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert len(calls) >= 100
    assert 200 in calls  # it did reach real data, not only errors


def test_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/v1/observations/" in (tmp_path / "schema.yml").read_text()


@pytest.mark.parametrize(
    "params, status",
    [
        ({"starts_after": "0533-04-26T22:39:46+19:13"}, 200),  # PostgreSQL refuses the offset
        ({"starts_after": "0001-01-01T00:30:00+01:00"}, 400),  # before year 1 in UTC
        ({"starts_before": "morgen"}, 400),
    ],
)
def test_session_filters_take_any_offset_and_refuse_impossible_moments(
    client, world, params, status
):
    SessionFactory(training=TrainingFactory(centre=world.centre))
    response, _ = get(client, reverse("api:session-list"), **params)
    assert response.status_code == status
