"""No malformed request is a server error: every URL of the permission matrix (tests/matrix.py),
asked with random query strings and with mangled path segments, answers below 500.

The query keys are the view's own filters (its forms' fields, the ``request.GET`` keys its code
reads, an API view's filter set and pagination) and random ones; the values are what breaks a
careless view: dates past year 9999 or before year 1, NaN and infinities, NUL and other control
characters, very long strings, negative and huge numbers. Path segments (tokens, codes,
primary keys) get NUL and control characters substituted in. Each URL is asked as an anonymous
visitor and as a person allowed to open it.
"""

import inspect
import re
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.matrix import LOGIN, ROLES, Row
from tests.test_permission_matrix import ROWS

# A few examples per URL and per kind of probe: the whole matrix stays well under a minute.
PROBE = settings(
    max_examples=6,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the tree; a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

COMMON_KEYS = ["page", "page_size", "format", "next", "q", "code", "year", "status", "sort"]

CONTROL = "".join(chr(c) for c in [*range(0x00, 0x20), 0x7F, 0x85, 0x2028, 0xFEFF])

NASTY = [
    "9999-12-31",
    "99999-01-01",
    "0000-01-01",
    "0001-01-01",
    "-0001-01-01",
    "2026-02-30",
    "2026-13-01",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e999",
    "-1e999",
    "1e-999",
    "-1",
    "-0",
    "0",
    "-99999999999999999999",
    "99999999999999999999999999",
    str(2**63),
    str(-(2**63) - 1),
    "1.5",
    "1,5",
    "١٢٣",  # Arabic-Indic digits: int() takes them
    "\x00",
    "a\x00b",
    "%00",
    "\r\n",
    "\x1b[31m",
    "\ud7ff\ufffd",
    "x" * 5000,
    "9" * 5000,
    "true",
    "[]",
    "{}",
    "' OR 1=1 --",
    "<script>",
    "../../etc/passwd",
]

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=CONTROL, min_size=1, max_size=5),
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(lambda d: d.isoformat()),
)


def allowed_role(row: Row) -> str | None:
    """A signed-in role that may open the URL: one with a 200 if there is one."""
    opened = [r for r in ROLES[1:] if row.expect[r] not in (LOGIN, 403, 404)]
    ok = [r for r in opened if row.expect[r] == 200]
    return (ok or opened or [None])[0]


def known_keys(path: str) -> list[str]:
    """The query keys the view behind ``path`` reads."""
    callback = resolve(path).func
    keys: set[str] = set()
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        filterset = getattr(view_class, "filterset_class", None)
        if filterset is not None:
            keys |= set(filterset.base_filters)
        pagination = getattr(view_class, "pagination_class", None)
        if pagination is not None:
            keys |= {pagination.page_query_param, pagination.page_size_query_param} - {None}
        form_class = getattr(view_class, "form_class", None)
        if form_class is not None:
            keys |= set(getattr(form_class, "base_fields", {}))
    else:
        view = inspect.unwrap(callback)
        try:
            source = inspect.getsource(view)
        except (OSError, TypeError):
            source = ""
        keys |= set(re.findall(r"""GET(?:\.get|\.getlist)?[(\[]\s*["'](\w+)["']""", source))
        for name in re.findall(r"(\w+Form)\(\s*request\.GET", source):
            form_class = view.__globals__.get(name)
            keys |= set(getattr(form_class, "base_fields", {}))
    return sorted(keys | set(COMMON_KEYS))


def query_strings(keys: list[str]):
    """Pairs of keys (mostly the view's own) and values; or every key with one nasty value."""
    key = st.one_of(st.sampled_from(keys), st.sampled_from(keys), st.text(max_size=12))
    return st.one_of(
        st.lists(st.tuples(key, values), min_size=1, max_size=8),
        st.sampled_from(NASTY).map(lambda value: [(k, value) for k in keys]),
    ).map(urlencode)


# Asked for every URL, with every known key at once: what broke views before.
KNOWN_KILLERS = ["9999-12-31", "99999-01-01", "0000-01-01", "NaN", "Infinity", "1e999", "\x00"]


def clients(row: Row, world) -> list[tuple[str, Client]]:
    """An anonymous client and one signed in as a person allowed to open the URL."""
    result = [("anonymous", Client())]
    role = allowed_role(row)
    if role is not None:
        client = Client()
        client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        result.append((role, client))
    return result


def shown(text: str, limit: int = 300) -> str:
    text = repr(text)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def ask(client: Client, role: str, url: str) -> None:
    try:
        response = client.get(url)
    except Exception as exc:  # the test client re-raises the view's exception
        raise AssertionError(f"GET {shown(url)} as {role}: {shown(str(exc))}") from exc
    assert response.status_code < 500, f"GET {shown(url)} as {role}: {response.status_code}"


def row_path(row: Row, world) -> tuple[str, dict]:
    kwargs = row.kwargs_in(world)
    return reverse(row.name, kwargs=kwargs), kwargs


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_random_query_strings_are_never_a_server_error(row, world):
    path, _ = row_path(row, world)
    by_role = clients(row, world)
    keys = known_keys(path)
    reads_filters = bool(set(keys) - set(COMMON_KEYS))

    @settings(PROBE, max_examples=30 if reads_filters else 6)
    @given(who=st.sampled_from(by_role), query=query_strings(keys))
    def probe(who, query):
        role, client = who
        ask(client, role, f"{path}?{query}")

    for value in KNOWN_KILLERS:
        probe = example(who=by_role[-1], query=urlencode([(k, value) for k in keys]))(probe)
    probe()


PATH_ROWS = [row for row in ROWS if row.kwargs]


def mangled(value: str):
    """``value`` with control characters put in, in front, behind or instead."""
    junk = st.text(alphabet=CONTROL, min_size=1, max_size=3)
    return st.one_of(
        junk.map(lambda j: value + j),
        junk.map(lambda j: j + value),
        st.tuples(junk, st.integers(0, len(value))).map(
            lambda pair: value[: pair[1]] + pair[0] + value[pair[1] :]
        ),
        junk,
        st.sampled_from(["\x00", "%00", "-1", "0", "9" * 30, "x" * 300, "NaN", "1e999"]),
    )


@pytest.mark.parametrize("row", PATH_ROWS, ids=lambda r: r.name)
def test_mangled_path_segments_are_never_a_server_error(row, world):
    path, kwargs = row_path(row, world)
    by_role = clients(row, world)
    segments = path.split("/")

    def with_segment(name: str, new: str) -> str:
        """The path with the part that carries ``name`` (``<token>.ics`` too) set to ``new``."""
        old = str(kwargs[name])
        changed = list(segments)
        for i, segment in enumerate(segments):
            parts = segment.split(".")
            if old in parts:
                parts[parts.index(old)] = quote(new, safe="")
                changed[i] = ".".join(parts)
                return "/".join(changed)
        for i, segment in enumerate(segments):  # part of a segment: allauth's <uidb36>-<key>
            if old in segment:
                changed[i] = segment.replace(old, quote(new, safe=""), 1)
                return "/".join(changed)
        raise AssertionError(f"{path}: no segment {old!r}")

    @PROBE
    @given(
        who=st.sampled_from(by_role),
        name_and_value=st.sampled_from(sorted(kwargs)).flatmap(
            lambda name: st.tuples(st.just(name), mangled(str(kwargs[name])))
        ),
    )
    def probe(who, name_and_value):
        role, client = who
        ask(client, role, with_segment(*name_and_value))

    for name, value in kwargs.items():  # a NUL byte in each part, as each role
        for who in by_role:
            probe = example(who=who, name_and_value=(name, f"{value}\x00"))(probe)
    probe()


def test_an_unknown_address_is_a_404_without_collected_static_files(settings, tmp_path):
    """In production (DEBUG off, hashed static names) before ``collectstatic`` has run, or
    with a file missing from its manifest, the error pages still render."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "stemnet.storage.StaticFilesStorage"},
    }
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    assert b"/static/css/stemnet.css" in response.content


HOURS = ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1e999", "-1e999", "1E+1", "²"]


@pytest.mark.parametrize("hours", HOURS)
def test_attendance_hours_that_are_no_number_of_hours_are_a_form_error(world, hours):
    from tests.trainings.factories import EnrolmentFactory, SessionFactory

    session = SessionFactory(training__centre=world.centre)
    enrolment = EnrolmentFactory(training=session.training)
    client = Client()
    client.force_login(world.coordinator, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("workspace:attendance", args=[session.pk])
    response = client.post(url, {f"present-{enrolment.pk}": "1", f"hours-{enrolment.pk}": hours})
    assert response.status_code == 200
    assert response.context["row_errors"], hours


def test_attendance_hours_are_never_a_server_error(world):
    from tests.trainings.factories import EnrolmentFactory, SessionFactory

    session = SessionFactory(training__centre=world.centre)
    enrolment = EnrolmentFactory(training=session.training)
    client = Client()
    client.force_login(world.coordinator, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("workspace:attendance", args=[session.pk])

    @settings(PROBE, max_examples=40)
    @given(hours=values)
    def probe(hours):
        try:
            response = client.post(url, {f"hours-{enrolment.pk}": hours})
        except Exception as exc:
            raise AssertionError(f"hours {shown(hours)}: {shown(str(exc))}") from exc
        assert response.status_code < 500

    probe()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_a_date_outside_the_calendar_is_a_form_error_on_the_catalogue(db, day):
    response = Client().get(reverse("trainings:catalogue"), {"date_from": day, "date_to": day})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date_from", "date_to"}


def test_a_report_period_outside_the_calendar_is_a_form_error(world):
    from monitor.reports.forms import YearlyReportForm

    form = YearlyReportForm(
        {
            "scope": "network:VL",
            "date_from": "0001-01-01",
            "date_to": "9999-12-31",
            "format": "pdf",
        },
        user=world.ministry,
    )
    assert not form.is_valid()
    assert {"date_from", "date_to"} <= set(form.errors)
