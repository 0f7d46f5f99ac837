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
