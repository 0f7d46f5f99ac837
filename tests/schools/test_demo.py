"""The demo's school register: at least 300 schools over the five provinces and Brussels, in
real municipalities (the postcode in the province), deterministic; demo teachers get a school
of the province they trained in, and loading twice changes nothing (issue 16)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from networks.postcodes import province_for_postcode
from networks.schools.demo import register_rows
from networks.schools.models import EducationNetwork, School, SchoolLevel
from stemnet.accounts.models import Profile


def test_the_register_is_large_spread_and_the_same_every_time():
    rows = register_rows()
    assert rows == register_rows()
    assert len(rows) >= 300
    numbers = [r["number"] for r in rows]
    assert len(set(numbers)) == len(numbers) and all(len(n) == 6 and n.isdigit() for n in numbers)
    provinces = Counter(r["province"] for r in rows)
    assert set(provinces) == {"VAN", "VBR", "VLI", "VOV", "VWV", "BRU"}
    assert min(provinces.values()) >= 30
    assert all(province_for_postcode(r["postcode"]) == r["province"] for r in rows)
    networks = Counter(r["network"] for r in rows)
    assert set(networks) == set(EducationNetwork.values)
    assert networks["KOV"] > len(rows) / 2  # most Flemish schools are Catholic
    levels = Counter(level for r in rows for level in r["levels"])
    assert set(levels) == set(SchoolLevel.values)
    assert levels["lager"] > levels["secundair"] > levels["buitengewoon"] > 0
    names = Counter((r["name"], r["municipality"]) for r in rows)
    assert max(names.values()) == 1  # no two schools of one name in one municipality


@pytest.mark.django_db
def test_the_demo_loads_the_register_and_gives_teachers_a_school_once():
    call_command("loaddemo", stdout=io.StringIO())
    assert School.objects.count() == len(register_rows())
    lotte = Profile.objects.get(user__email="leerkracht@stemnet.test")
    assert (lotte.school.number, str(lotte.school)) == ("030387", "Sint-Barbaracollege (Gent)")
    staff = Profile.objects.filter(role__in=["teacher", "director"])
    assert staff.count() > 50 and not staff.filter(school__isnull=True).exists()
    # Teachers of the masterclasses (a centre of Oost-Vlaanderen) teach there.
    masterclass = staff.filter(user__email__startswith="masterclass2017")
    assert masterclass.exists()
    assert set(masterclass.values_list("school__province", flat=True)) == {"VOV"}
    before = list(Profile.objects.order_by("pk").values_list("pk", "school_id"))
    schools = list(School.objects.order_by("pk").values())
    call_command("loaddemo", stdout=io.StringIO())
    assert list(Profile.objects.order_by("pk").values_list("pk", "school_id")) == before
    assert list(School.objects.order_by("pk").values()) == schools
