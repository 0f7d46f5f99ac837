"""The (page, role) cases both validators walk: every matrix row a role opens with a 200."""

from dataclasses import dataclass

from django.test import Client

from tests.matrix import ROLES
from tests.test_permission_matrix import ROWS

CASES = [(row, role) for row in ROWS for role in ROLES if row.expect[role] == 200]


@dataclass(frozen=True)
class Page:
    url: str
    role: str
    html: str


def html_pages(world, roles=ROLES) -> list[Page]:
    """Every case of ``roles`` that answers with HTML (downloads, JSON and feeds are not
    pages), fetched with the test client as its role. A row's objects are made once and shared
    by its roles."""
    urls: dict[str, str] = {}
    clients: dict[str, Client] = {}
    pages = []
    for row, role in CASES:
        if role not in roles:
            continue
        if row.name not in urls:
            urls[row.name] = row.url(world)
        url = urls[row.name]
        if role not in clients:
            clients[role] = Client()
            if world.users[role] is not None:
                clients[role].force_login(
                    world.users[role], backend="django.contrib.auth.backends.ModelBackend"
                )
        response = clients[role].get(url)
        assert response.status_code == 200, f"{url} as {role}: {response.status_code}"
        if response.get("Content-Type", "").startswith("text/html"):
            pages.append(Page(url, role, response.content.decode()))
    return pages
