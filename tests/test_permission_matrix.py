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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_permission(row, role, world, client_for):
    client = client_for(world.users[role])
    kwargs = row.kwargs(world) if callable(row.kwargs) else row.kwargs
    url = reverse(row.name, kwargs=kwargs) + (f"?{row.query}" if row.query else "")
    response = client.get(url)
    expected = row.expect[role]
    assert response.status_code < 500, f"{url} as {role}: server error"
    if expected == LOGIN:
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    elif expected == REDIRECT:
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
        assert not response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, (
            f"{url} as {role}: got {response.status_code}, expected {expected}"
        )


REFUSED = [(row, role) for row in ROWS for role in ROLES if row.expect[role] in (LOGIN, 403, 404)]


@pytest.mark.parametrize(("row", "role"), REFUSED, ids=[f"{r.name}-{role}" for r, role in REFUSED])
def test_a_refused_reader_is_refused_as_a_writer_too(row, role, world, client_for):
    """A POST is never a 500, and whoever may not open a URL may not post to it either
    (read-only roles such as ministry staff are refused by the same guard). A GET-only page
    may answer 405 instead: it changes nothing and reveals nothing."""
    expected = row.expect[role]
    client = client_for(world.users[role])
    kwargs = row.kwargs(world) if callable(row.kwargs) else row.kwargs
    url = reverse(row.name, kwargs=kwargs) + (f"?{row.query}" if row.query else "")
    response = client.post(url, {})
    assert response.status_code < 500, f"POST {url} as {role}: server error"
    if expected == LOGIN:
        assert response.status_code == 302, f"POST {url} as {role}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login")), response["Location"]
    else:
        assert response.status_code in (expected, 405), (
            f"POST {url} as {role}: got {response.status_code}, expected {expected}"
        )


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
    kwargs = row.kwargs(world) if callable(row.kwargs) else row.kwargs
    url = reverse(row.name, kwargs=kwargs) + (f"?{row.query}" if row.query else "")
    response = client_for(world.ministry).post(url, {})
    assert response.status_code in (403, 404, 405), f"POST {url}: {response.status_code}"
