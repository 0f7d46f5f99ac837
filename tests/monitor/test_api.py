"""The read-only open-data API (/api/v1/): monitor/api.py, trainings/api.py, stemnet/api_urls.py."""

import datetime as dt
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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
    html = client.get(reverse("api:docs")).content.decode()  # drawn on the server, no script
    main = html.split("<main")[1].split("</main>")[0]
    assert all(f"<code>GET {path}</code>" in main for path in schema["paths"])
    assert "<script" not in main and "cdn" not in html.lower()


# Schemathesis checks switched off, each with the reason why. Empty: every check runs.
EXCLUDED_CHECKS: dict[str, str] = {}
# Checks that run but find nothing to judge: ignored_auth needs an operation that asks for
# credentials, and every operation of the open-data API is public.
NOT_APPLICABLE = {"ignored_auth"}


def period_range_is_ordered(context, case) -> bool:
    """A Schemathesis ``filter_case`` hook: valid data never has period_from after period_to.

    That rule joins two query parameters, which an OpenAPI schema cannot state, and the API
    refuses a reversed range with a 400 (test_bad_filters_are_a_clear_400); without this hook
    ``positive_data_acceptance`` would count that 400 as a valid request refused. Invalid
    (negative) cases are all kept."""
    from schemathesis.generation.modes import GenerationMode

    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return True
    query = case.query or {}
    first, last = query.get("period_from"), query.get("period_to")
    if not (isinstance(first, str) and isinstance(last, str)):
        return True
    return first[:4] <= last[:4]  # both are periods (the schema's enum): compare start years


class SchemathesisRun:
    """What an engine run did: cases, generation modes, checks run, statuses, failures."""

    def __init__(self):
        self.cases, self.modes, self.checks, self.statuses = 0, set(), set(), set()
        self.failures: dict[tuple[str, str, str], str] = {}  # one example per kind
        self.errors: list[str] = []

    def record(self, event) -> None:
        from schemathesis.engine import events

        if isinstance(event, (events.NonFatalError, events.FatalError)):
            self.errors.append(repr(event))
        if not isinstance(event, events.ScenarioFinished):
            return
        recorder = event.recorder
        self.cases += len(recorder.cases)
        self.modes |= {
            node.value.meta.generation.mode
            for node in recorder.cases.values()
            if node.value.meta is not None
        }
        self.statuses |= {
            interaction.response.status_code
            for interaction in recorder.interactions.values()
            if interaction.response is not None
        }
        for case_id, nodes in recorder.checks.items():
            for node in nodes:
                self.checks.add(node.name)
                if node.failure_info is not None:
                    failure = node.failure_info.failure
                    label = recorder.cases[case_id].value.operation.label
                    self.failures.setdefault(
                        (node.name, label, failure.title),
                        f"{node.name} on {label}: {failure.title}: {failure.message}\n"
                        f"  {node.failure_info.code_sample}",
                    )


@pytest.mark.django_db(transaction=True)
def test_schemathesis_all_checks(world, loaded, live_server):
    """Schemathesis over the OpenAPI schema as ``st run --checks all`` runs it: every phase
    (examples, coverage, fuzzing, stateful), valid and invalid data, every check. Django's live
    server answers (the engine calls from threads of its own) over committed data: the demo
    monitor and network and a public training with a session."""
    import schemathesis
    from schemathesis.checks import CHECKS, load_all_checks
    from schemathesis.config import SchemathesisConfig
    from schemathesis.generation.modes import GenerationMode

    SessionFactory(training=TrainingFactory(centre=world.centre, code="pub"))
    load_all_checks()
    all_checks = set(CHECKS.get_all_names())
    assert set(EXCLUDED_CHECKS) <= all_checks and all(EXCLUDED_CHECKS.values())
    config = SchemathesisConfig.from_dict(
        {
            "workers": 1,
            # Django's test server keeps a connection open, and every request on a kept one
            # then waits some 40 ms for a delayed TCP acknowledgement: a new one is faster.
            "headers": {"Connection": "close"},
            "cache": {"enabled": False},  # no .schemathesis/ folder in the tree
            "suppress-health-check": ["all"],
            "generation": {"mode": "all", "max-examples": 100, "database": "none"},
            "checks": {"enabled": True, **{n: {"enabled": False} for n in EXCLUDED_CHECKS}},
        }
    )
    url = live_server.url.replace("localhost", "127.0.0.1") + "/api/v1/schema/?format=json"
    schema = schemathesis.openapi.from_url(url, config=config)
    schema.hook("filter_case")(period_range_is_ordered)
    run = SchemathesisRun()
    for event in schemathesis.engine.from_schema(schema).execute():
        run.record(event)
    print(f"Schemathesis: {run.cases} cases, checks {sorted(run.checks)}")
    assert not run.errors, run.errors
    failures = "\n".join(run.failures.values())
    assert not run.failures, f"{len(run.failures)} kinds of failure:\n{failures}"
    assert run.cases >= 1000
    assert run.modes == set(GenerationMode)  # valid and invalid data
    assert run.checks == all_checks - set(EXCLUDED_CHECKS) - NOT_APPLICABLE
    assert {200, 400, 404} <= run.statuses  # real data as well as errors


def test_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/v1/observations/" in (tmp_path / "schema.yml").read_text()


@pytest.mark.parametrize(
    "params, count",
    [
        ({"starts_after": "0533-04-26T22:39:46+19:13"}, 1),  # PostgreSQL refuses the offset
        # Moments outside Python's years 1 to 9999 in UTC are valid RFC 3339 date-times (they
        # used to be a 400, a valid request refused): before or after every session.
        ({"starts_after": "0001-01-01T00:30:00+01:00"}, 1),
        ({"starts_before": "0001-01-01T00:30:00+01:00"}, 0),
        ({"starts_after": "0000-06-01T00:00:00Z"}, 1),
        ({"starts_after": "9999-12-31T23:30:00-01:00"}, 0),
        ({"starts_before": "9999-12-31T23:30:00-01:00"}, 1),
        ({"starts_before": "2016-12-31T23:59:60Z"}, 0),  # a leap second
        ({"starts_after": "2000-01-01t00:00:00.1234567z"}, 1),  # RFC 3339 allows t, z, digits
    ],
)
def test_session_filters_take_any_rfc3339_moment(client, world, params, count):
    SessionFactory(training=TrainingFactory(centre=world.centre), starts_at=SESSION_START)
    response, data = get(client, reverse("api:session-list"), **params)
    assert response.status_code == 200 and data["count"] == count


@pytest.mark.parametrize(
    "value",
    [
        "morgen",
        "2026-03-01",  # Django's parser took a bare date, the schema's date-time does not
        "2026-03-01T09:00:00",  # no offset: a local time, of no zone
        "2026-03-01 09:00:00+01:00",
        "2026-02-29T09:00:00Z",
        "2026-03-01T24:00:00Z",
        "2026-03-01T09:00:00+24:00",
        "٢٠٢٦-03-01T09:00:00Z",  # Arabic-Indic digits
    ],
)
def test_session_filters_refuse_what_is_not_an_rfc3339_moment(client, world, value):
    response, data = get(client, reverse("api:session-list"), starts_after=value)
    assert response.status_code == 400 and list(data) == ["starts_after"]


SESSION_START = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)


def test_a_count_indicator_has_no_numerator_and_the_schema_says_so(client, loaded):
    """response_schema_conformance: numerator and denominator are null for a count."""
    _, data = get(client, reverse("api:indicator-detail", args=["intake_stem"]))
    assert data["unit"] == "count" and data["numerator"] is None is data["denominator"]
    properties = openapi(client)["components"]["schemas"]["Indicator"]["properties"]
    assert properties["numerator"]["nullable"] is properties["denominator"]["nullable"] is True


def openapi(client) -> dict:
    return json.loads(client.get(reverse("api:schema") + "?format=json").content)


def test_every_operation_documents_its_errors(client):
    """status_code_conformance: the 400 of a malformed query and the 404 of a missing object
    or page are in the schema, as JSON."""
    paths = openapi(client)["paths"]
    for path, item in paths.items():
        operation = item["get"]
        places = {p["in"] for p in operation.get("parameters", [])}
        expected = {"200"} | ({"400"} if "query" in places else set())
        if "path" in places or "page" in {p["name"] for p in operation.get("parameters", [])}:
            expected.add("404")
        assert set(operation["responses"]) == expected, path
        for status in expected - {"200"}:
            assert set(operation["responses"][status]["content"]) == {"application/json"}
    assert set(paths["/api/v1/yearly-figures/"]["get"]["responses"]) == {"200"}
    assert set(paths["/api/v1/observations/{id}/"]["get"]["responses"]) == {"200", "404"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/observations/abc/",
        "/api/v1/observations/null,null/",
        "/api/v1/observations/-1/",
        "/api/v1/observations/0/",
        "/api/v1/observations/%201/",
        "/api/v1/observations/99999999999999999999999/",
        "/api/v1/targets/1.5/",
        "/api/v1/sessions/%0A/",  # Django's path converter stops at a newline
        "/api/v1/sessions/1/2/",
        "/api/v1/indicators/%C3%A9/",
        "/api/v1/indicators/a%20b/",
        "/api/v1/trainings/%00/",
        "/api/v1/trainings/no-such-training/",
        "/api/v1/yearly-figures/abc/",
        "/api/v1/yearly-figures/1999/",
        "/api/v1/yearly-figures/%0A/",
    ],
)
def test_a_malformed_or_unknown_address_is_the_apis_json_404(client, loaded, url):
    """content_type_conformance: such addresses got the site's HTML 404 (the int and slug
    path converters refused them before the API's view)."""
    response, data = get(client, url)
    assert response.status_code == 404 and set(data) == {"detail"}, url


def test_detail_addresses_still_answer(client, loaded, world):
    from monitor.models import Observation

    training = TrainingFactory(centre=world.centre, code="pub_2-x")
    session = SessionFactory(training=training)
    observation = Observation.objects.first()
    for url in [
        reverse("api:observation-detail", args=[observation.pk]),
        reverse("api:indicator-detail", args=["intake_stem"]),
        reverse("api:training-detail", args=[training.code]),
        reverse("api:session-detail", args=[session.pk]),
        reverse("api:yearly-figures-detail", args=[2020]),
    ]:
        assert get(client, url)[0].status_code == 200, url


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},  # these four were a 404 "Invalid page"
        {"page": "-1"},
        {"page": "abc"},
        {"page": "last"},
        {"page_size": "0"},  # these three silently gave the default page size
        {"page_size": "-5"},
        {"page_size": "ten"},
        {"page": "+2"},
        {"page_size": " 10"},
    ],
)
def test_a_page_or_page_size_that_is_not_a_whole_number_from_1_is_a_400(client, loaded, params):
    response, data = get(client, reverse("api:observation-list"), **params)
    assert response.status_code == 400 and list(data) == list(params)


def test_a_page_past_the_last_is_a_404_and_the_bounds_are_in_the_schema(client, loaded):
    assert get(client, reverse("api:observation-list"), page=99)[0].status_code == 404
    _, data = get(client, reverse("api:observation-list"), page_size=10**30)
    assert len(data["results"]) == 52  # read as 500
    parameters = openapi(client)["paths"]["/api/v1/observations/"]["get"]["parameters"]
    schemas = {p["name"]: p["schema"] for p in parameters}
    assert schemas["page"] == schemas["page_size"] == {"type": "integer", "minimum": 1}


@pytest.mark.parametrize(
    "query",
    [
        "indicator=intake_stem&indicator=intake_stem_share",  # only the last one was read
        "page_size=5&page_size=7",
        "dimension=",  # these were read as absent
        "total=",
        "indicator=",
        "period_from=",
    ],
)
def test_a_parameter_twice_or_empty_is_a_400(client, loaded, query):
    response = client.get(reverse("api:observation-list") + "?" + query)
    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


@pytest.mark.parametrize(
    "params",
    [
        {"indicator": "\x00"},  # was a 400 the schema did not announce (plain string)
        {"indicator": "not a code"},  # these were an empty result
        {"indicator": " intake_stem"},
        {"category": "purple"},
        {"category": "\x00"},
        {"total": "1"},  # "1" and "True" were true, "yes" was ignored
        {"total": "True"},
        {"total": "yes"},
        {"period_from": "٢٠١٤"},  # Arabic-Indic digits passed the period pattern's \d
        {"period_from": " 2014"},  # was stripped
        {"period_to": "1949"},
        {"period_to": "2101-2102"},
    ],
)
def test_observation_filters_refuse_what_the_schema_does_not_allow(client, loaded, params):
    response, data = get(client, reverse("api:observation-list"), **params)
    assert response.status_code == 400 and list(data) == list(params)


def test_code_filters_refuse_what_is_not_a_code_but_an_unknown_code_is_no_result(client, world):
    for name, params in [
        ("api:target-list", {"indicator__code": "a/b"}),
        ("api:training-list", {"centre": "V O V"}),
        ("api:session-list", {"training": "\x00"}),
    ]:
        response, data = get(client, reverse(name), **params)
        assert response.status_code == 400 and list(data) == list(params), name
    for name, params in [
        ("api:target-list", {"indicator__code": "unknown"}),
        ("api:training-list", {"centre": "XYZ"}),
        ("api:session-list", {"training": "no-such-training"}),
    ]:
        response, data = get(client, reverse(name), **params)
        assert response.status_code == 200 and data["count"] == 0, name


def test_the_schema_states_the_filters_exact_values(client):
    from monitor.periods import FIRST_YEAR, LAST_YEAR

    paths = openapi(client)["paths"]

    def schemas(path):
        return {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}

    observations = schemas("/api/v1/observations/")
    periods = observations["period_from"]["enum"]
    assert observations["period_to"]["enum"] == periods
    assert len(periods) == 2 * (LAST_YEAR - FIRST_YEAR + 1)
    assert {"1950", "1950-1951", "2013-2014", "2100", "2100-2101"} <= set(periods)
    assert "2012-2011" not in periods and "2013-2015" not in periods
    assert set(observations["category"]["enum"]) >= {"female", "ASO", "stem", "non_stem"}
    assert observations["total"] == {"type": "boolean"}
    slug = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
    assert observations["indicator"] == slug
    assert schemas("/api/v1/targets/")["indicator__code"] == slug
    assert schemas("/api/v1/trainings/")["centre"] == slug
    assert schemas("/api/v1/sessions/")["training"] == slug
    assert schemas("/api/v1/sessions/{id}/")["id"]["minimum"] == 1
    assert schemas("/api/v1/trainings/{code}/")["code"] == slug


def test_a_bad_period_is_reported_under_its_parameter(client, loaded):
    """The error was filed under "period", a name the query does not have."""
    _, data = get(client, reverse("api:observation-list"), period_from="2012-2011")
    assert list(data) == ["period_from"] and "2012-2013" in data["period_from"][0]


@pytest.mark.parametrize("value", ["2014%", "%s", "%(value)s%", "¯iðY\U000e3e33²¯¡%"])
def test_a_period_with_percent_signs_is_a_400_that_quotes_it(client, loaded, value):
    """Schemathesis found a 500: the value went into the message before django-filter
    formatted it again, so a trailing '%' broke the formatting."""
    response, data = get(client, reverse("api:observation-list"), period_from=value)
    assert response.status_code == 400 and value in data["period_from"][0]


@pytest.mark.parametrize(
    "value, moment",
    [
        ("2026-03-01T09:00:00-01:30", dt.datetime(2026, 3, 1, 10, 30, tzinfo=dt.UTC)),
        ("2026-03-01T09:00:00.25+23:59", dt.datetime(2026, 2, 28, 9, 1, 0, 250000, dt.UTC)),
        ("2016-12-31T23:59:60Z", dt.datetime(2017, 1, 1, tzinfo=dt.UTC)),
        ("0000-12-31T23:59:59-01:00", dt.datetime(1, 1, 1, 0, 59, 59, tzinfo=dt.UTC)),
        ("0000-02-29T00:00:00Z", dt.datetime.min.replace(tzinfo=dt.UTC)),
        ("9999-12-31T23:30:00-01:00", dt.datetime.max.replace(tzinfo=dt.UTC)),
        ("2026-02-29T00:00:00Z", None),
        ("2026-03-01T09:00:00-00:60", None),
        ("2026-03-01T09:00:00+01:00\n", None),
    ],
)
def test_parse_moment(value, moment):
    from stemnet.api import parse_moment

    assert parse_moment(value) == moment
