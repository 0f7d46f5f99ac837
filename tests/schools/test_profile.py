"""People belong to schools: the profile picks a school of the register (by name, number or
municipality, with suggestions), free text only for another school or one abroad; the school
numbers typed as text before are linked by the migration; erasing a person keeps the school
(not personal data) and erases the free text (issue 16)."""

import importlib
import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemnet import privacy
from stemnet.accounts.forms import ProfileForm
from stemnet.accounts.models import Profile
from tests.factories import ProfileFactory
from tests.stemnet.test_erasure import _traces

from .factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    return {
        "barbara": SchoolFactory(number="030387", name="Sint-Barbaracollege", municipality="Gent"),
        "jozef_aalst": SchoolFactory(
            number="041001", name="Sint-Jozefscollege", municipality="Aalst", postcode="9300"
        ),
        "jozef_torhout": SchoolFactory(
            number="041002",
            name="Sint-Jozefscollege",
            municipality="Torhout",
            postcode="8820",
            province="VWV",
        ),
        "regenboog": SchoolFactory(
            number="012345", name="Vrije Basisschool De Regenboog", municipality="Gent"
        ),
    }


def suggest(client, text, **headers):
    return client.get(reverse("schools:suggest"), {"q": text}, **headers)


# --- the suggestions ------------------------------------------------------------------------


def test_suggestions_find_by_name_number_or_municipality(world, client_for, register):
    client = client_for(world.users["teacher"])
    by_name = suggest(client, "jozef").json()["results"]
    assert [r["municipality"] for r in by_name] == ["Aalst", "Torhout"]
    assert by_name[0]["label"] == "Sint-Jozefscollege (Aalst) – 041001"
    assert [r["number"] for r in suggest(client, "0303").json()["results"]] == ["030387"]
    by_place = suggest(client, "gent").json()["results"]
    assert [r["name"] for r in by_place] == [
        "Sint-Barbaracollege",
        "Vrije Basisschool De Regenboog",
    ]
    both = suggest(client, "jozef torhout").json()["results"]
    assert [r["number"] for r in both] == ["041002"]
    assert suggest(client, "j").json() == {"results": []}  # too short to mean anything
    assert suggest(client, "\x00" * 3).status_code == 200


def test_suggestions_for_htmx_are_the_options_of_the_datalist(world, client_for, register):
    client = client_for(world.users["teacher"])
    page = suggest(client, "barbara", HTTP_HX_REQUEST="true")
    assert page["Content-Type"].startswith("text/html")
    assert page.content.decode().strip() == (
        '<option value="Sint-Barbaracollege (Gent) – 030387"></option>'
    )
    # The profile form's input sends its own name: ?school=
    again = client.get(reverse("schools:suggest"), {"school": "barbara"}, HTTP_HX_REQUEST="true")
    assert again.content == page.content


def test_suggestions_cost_the_same_queries_for_a_small_and_a_large_register(world, client_for):
    client = client_for(world.users["teacher"])
    counts = []
    for size in (5, 200):
        for n in range(len(counts) * 5, len(counts) * 5 + size):
            SchoolFactory(name=f"Basisschool Gent {n}")
        with CaptureQueriesContext(connection) as queries:
            results = suggest(client, "basisschool gent").json()["results"]
        counts.append(len(queries))
        assert len(results) == min(size if not counts[:-1] else size + 5, 12)
    assert counts[0] == counts[1], counts


# --- the profile form -----------------------------------------------------------------------


def form(**data):
    base = {"first_name": "An", "last_name": "Peeters", "language": "nl-be", "role": "teacher"}
    return ProfileForm({**base, **data}, initial={})


@pytest.mark.parametrize(
    "typed, key",
    [
        ("Sint-Jozefscollege (Aalst) – 041001", "jozef_aalst"),  # a suggestion picked
        ("41001", "jozef_aalst"),  # the number, without its leading zero
        ("030387", "barbara"),
        ("Sint-Barbaracollege", "barbara"),  # the only one of that name
        ("Sint-Jozefscollege (Torhout)", "jozef_torhout"),
        ("regenboog", "regenboog"),  # the only match
    ],
)
def test_the_form_reads_a_school_from_a_suggestion_a_number_or_a_name(register, typed, key):
    bound = form(school=typed)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["school"] == register[key]


def test_several_or_no_matches_say_what_to_do(register):
    several = form(school="Sint-Jozefscollege")
    assert not several.is_valid()
    message = several.errors["school"][0]
    assert "041001" in message and "041002" in message
    none = form(school="Atheneum Lutgardis")
    assert not none.is_valid() and "register" in none.errors["school"][0]
    both = form(school="030387", school_name="Ecole de Lille")
    assert not both.is_valid() and list(both.errors) == ["school_name"]


def test_the_profile_page_picks_a_school_and_keeps_free_text_for_abroad(client_for, register):
    profile = ProfileFactory(levels=[], school_number="30999")
    client = client_for(profile.user)
    url = reverse("accounts:profile")
    html = client.get(url).content.decode()
    assert f'data-hx-get="{reverse("schools:suggest")}"' in html
    assert (
        'list="id_school_suggestions"' in html and '<datalist id="id_school_suggestions">' in html
    )
    assert "30999" in html  # the number typed before is shown, not lost
    data = {"first_name": "An", "last_name": "Peeters", "language": "nl-be", "role": "teacher"}
    # Abroad: free text, and the number typed before stays until a school is chosen.
    assert client.post(url, {**data, "school_name": "Lycée de Lille"}).status_code == 302
    profile.refresh_from_db()
    assert (profile.school, profile.school_name, profile.school_number) == (
        None,
        "Lycée de Lille",
        "30999",
    )
    assert (
        client.post(url, {**data, "school": "Sint-Barbaracollege (Gent) – 030387"}).status_code
        == 302
    )
    profile.refresh_from_db()
    assert (profile.school, profile.school_name, profile.school_number) == (
        register["barbara"],
        "",
        "",
    )
    html = client.get(url).content.decode()
    assert 'value="Sint-Barbaracollege (Gent) – 030387"' in html


# --- the migration and erasure --------------------------------------------------------------


def test_the_migration_links_typed_numbers_that_the_register_holds(register):
    migration = importlib.import_module("stemnet.accounts.migrations.0002_profile_school")
    linked = ProfileFactory(school_number=" 30387", school_name="Barbara")
    unknown = ProfileFactory(school_number="99999", school_name="Elders")
    chosen = ProfileFactory(school=register["regenboog"], school_number="041001")
    migration.link_numbers(apps, None)
    for p in (linked, unknown, chosen):
        p.refresh_from_db()
    assert (linked.school, linked.school_number, linked.school_name) == (
        register["barbara"],
        "",
        "",
    )
    assert (unknown.school, unknown.school_number, unknown.school_name) == (None, "99999", "Elders")
    assert chosen.school == register["regenboog"]  # a chosen school is never replaced
    migration.unlink_numbers(apps, None)
    linked.refresh_from_db()
    assert (linked.school_number, linked.school_name) == ("030387", "Sint-Barbaracollege")


def test_erasing_keeps_the_school_and_erases_the_free_text(world, register):
    person = ProfileFactory(school=register["barbara"]).user
    abroad = ProfileFactory(school_name="Lycée Faidherbe Lille", school_number="59000").user
    exported = privacy.export_person(person)["account"]["profile"]
    assert exported["school"] == {"number": "030387", "name": "Sint-Barbaracollege (Gent)"}
    assert _traces("Faidherbe") and _traces("59000")
    privacy.erase_person(person)
    privacy.erase_person(abroad)
    assert Profile.objects.get(user=person).school == register["barbara"]
    assert _traces("Faidherbe") == [] and _traces("59000") == []
    assert json.dumps(privacy.export_person(abroad)["account"]["profile"]["school"]) == "null"
