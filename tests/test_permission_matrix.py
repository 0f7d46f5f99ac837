"""Every named URL, every role: the expected status, never a 500 (see tests/matrix.py)."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.matrix import LOGIN, REDIRECT, ROLES, Row

# The Django admin's many model pages are guarded by the admin itself (staff only);
# the matrix covers its index, and tests/stemnet/test_security.py its log-in.
EXEMPT_NAMESPACES = {"admin"}


def collect_rows() -> list[Row]:
    rows = []
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg:
            try:
                matrix = importlib.import_module(f"tests.{module.name}.matrix")
            except ModuleNotFoundError:
                continue
            rows.extend(matrix.ROWS)
    return rows


ROWS = collect_rows()


def project_url_names(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                if entry.namespace in EXEMPT_NAMESPACES:
                    continue
                ns = f"{namespace}{entry.namespace}:"
            yield from project_url_names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_every_named_url_is_in_the_matrix():
    listed = {row.name for row in ROWS}
    missing = sorted(set(project_url_names()) - listed)
    assert not missing, f"URLs without a row in a tests/<app>/matrix.py: {missing}"


def test_matrix_rows_are_unique():
    names = [row.name for row in ROWS]
    assert len(names) == len(set(names))


def get_problem(client, url: str, role: str, expected) -> str | None:
    """What is wrong with a GET of ``url`` as ``role`` (None: it got ``expected``)."""
    response = client.get(url)
    status = response.status_code
    location = response.get("Location", "")
    if status >= 500:
        return f"GET {url} as {role}: server error {status}"
    if expected == LOGIN:
        if status != 302 or not location.startswith(reverse("account_login")):
            return f"GET {url} as {role}: {status} {location}, expected the log-in page"
    elif expected == REDIRECT:
        if status != 302 or location.startswith(reverse("account_login")):
            return f"GET {url} as {role}: {status} {location}, expected a redirect"
    elif status != expected:
        return f"GET {url} as {role}: got {status}, expected {expected}"
    return None


def post_problem(client, url: str, role: str, expected) -> str | None:
    """A POST is never a 500, and whoever may not open a URL may not post to it either
    (read-only roles such as ministry staff are refused by the same guard). A GET-only page
    may answer 405 instead: it changes nothing and reveals nothing."""
    response = client.post(url, {})
    status = response.status_code
    if status >= 500:
        return f"POST {url} as {role}: server error {status}"
    if expected == LOGIN:
        if status != 302 or not response["Location"].startswith(reverse("account_login")):
            return f"POST {url} as {role}: {status}, expected the log-in page"
    elif status not in (expected, 405):
        return f"POST {url} as {role}: got {status}, expected {expected}"
    return None


REFUSALS = (LOGIN, 403, 404)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_permission(row, world, client_for):
    """Each role in turn, in one world: the GET gets what the row expects, and a role that is
    refused the GET is refused a POST as well. Every (row, role) is checked; the failures of
    a row are reported together."""
    url = row.url(world)
    problems = []
    for role in ROLES:
        client = client_for(world.users[role])
        expected = row.expect[role]
        problems.append(get_problem(client, url, role, expected))
        if expected in REFUSALS:
            problems.append(post_problem(client, url, role, expected))
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


MINISTRY_READS = [
    row
    for row in ROWS
    if row.name.startswith("workspace:")
    and row.expect["ministry"] == 200
    and row.expect["anonymous"] == LOGIN
    and "survey" not in row.name
]


@pytest.mark.parametrize("row", MINISTRY_READS, ids=lambda r: r.name)
def test_ministry_reads_the_centres_but_changes_nothing(row, world, client_for):
    """Ministry staff see every centre's workspace read-only: a POST is refused."""
    url = row.url(world)
    response = client_for(world.ministry).post(url, {})
    assert response.status_code in (403, 404, 405), f"POST {url}: {response.status_code}"
