"""The school register in the open-data API: public, filtered by province, network and level."""

import pytest
from django.urls import reverse

from .factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_register_is_listed_filtered_and_found_by_number(client):
    SchoolFactory(number="030387", name="Sint-Barbaracollege", levels=["secundair"])
    SchoolFactory(
        number="012345", postcode="8000", municipality="Brugge", province="VWV", network="GO"
    )
    listed = client.get(reverse("api:school-list")).json()
    assert listed["count"] == 2 and [s["number"] for s in listed["results"]] == ["012345", "030387"]
    assert "profiles" not in listed["results"][0]
    for query, numbers in [
        ({"province": "VWV"}, ["012345"]),
        ({"network": "KOV"}, ["030387"]),
        ({"level": "secundair"}, ["030387"]),
        ({"level": "lager"}, ["012345"]),
    ]:
        found = client.get(reverse("api:school-list"), query).json()["results"]
        assert [s["number"] for s in found] == numbers, query
    assert client.get(reverse("api:school-list"), {"level": "hoger"}).status_code == 400
    one = client.get(reverse("api:school-detail", kwargs={"number": "030387"})).json()
    assert one["name"] == "Sint-Barbaracollege" and one["levels"] == ["secundair"]
    for missing in ("999999", "%20", "abc"):
        assert client.get(f"/api/v1/schools/{missing}/").status_code == 404
