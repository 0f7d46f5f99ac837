"""trainings/library/search.py and the index's filters (selectors.library_search): the
catalogue's search tests (tests/trainings/test_search.py) for the library, on the database
of the run (SQLite by default; PostgreSQL under ``bash .ci/with-services.sh
.venv/bin/python -m pytest tests/library/test_search.py``)."""

import pytest
from django.db import connection

from tests.factories import CentreFactory, NetworkFactory
from trainings.library import search
from trainings.library.models import LibraryItem
from trainings.library.selectors import LibraryQuery, library_search

from .factories import LibraryItemFactory

pytestmark = pytest.mark.django_db

ITEMS = [
    # key, centre, kind, title, summary, domains, levels, keys, themes, licence
    ("wiskunde-data", "VAN", "lesson_material", "Statistiek met echte datasets",
     "Wiskunde met havengegevens.", ["M"], ["doorstroom"], ["integratie"], ["statistiek"],
     "cc_by"),
    ("modelleren", "VBR", "recording", "Webinar modelleren met GeoGebra",
     "Groei en afname in modellen, met wat statistiek.", ["M"], ["doorstroom"], [],
     ["GeoGebra"], "cc_by"),
    ("robots", "VOV", "kit", "Robotkoffer", "Twaalf robots om te programmeren.",
     ["T"], ["graad1_a"], ["eigenaarschap"], ["robotica"], "all_rights"),
    ("robotica-kaarten", "VOV", "lesson_material", "Robotica: opdrachtkaarten",
     "Een robot laten rijden met Lego en sensoren.", ["T"], ["graad1_a", "graad1_b"],
     ["eigenwaarde"], ["robotica", "programmeren"], "cc_by_sa"),
    ("robots-lager", "VLI", "good_practice", "Robots in de lagere school",
     "Robotica zonder bouwsteentjes voor het basisonderwijs.", ["T"], ["lager"],
     ["samenwerking"], ["robotica"], "cc_by"),
    ("creatief", "VWV", "good_practice", "Creëren met wiskunde en kunst",
     "Patronen, symmetrie en ontwerp.", ["M", "other"], ["lager"], ["eigenheid"], [], "cc_by_nc"),
    ("kansen", "VWV", "action_research", "Zes sleutels voor gelijke kansen",
     "Praktijkonderzoek naar gelijke kansen in het lerend netwerk STEM+.", ["other"],
     ["graad1_a"], ["eigenwaarde", "eigenheid", "eigenaarschap", "integratie", "assessment",
                    "samenwerking"], ["gelijke kansen"], "cc_by"),
    ("kleuters", "VBR", "lesson_material", "Proeven met water bij kleuters",
     "Drijven en zinken in de kleuterklas.", ["S"], ["kleuter"], ["eigenwaarde"], [],
     "cc_by_nc_sa"),
    ("chemie", "VWV", "lesson_material", "Duurzame chemie: bioplastic",
     "Experimenteren met zetmeel.", ["S"], ["dubbele_finaliteit"], ["assessment"],
     ["chemie", "duurzaamheid"], "cc_by"),
]  # fmt: skip


@pytest.fixture
def library():
    network = NetworkFactory(code="VL")
    names = {
        "VAN": "STEM-centrum Antwerpen",
        "VBR": "STEM-centrum Vlaams-Brabant",
        "VLI": "STEM-centrum Limburg",
        "VOV": "STEM-centrum Oost-Vlaanderen",
        "VWV": "STEM-centrum West-Vlaanderen",
    }
    centres = {
        code: CentreFactory(code=code, name=name, network=network, province=code)
        for code, name in names.items()
    }
    made = {}
    for key, centre, kind, title, summary, domains, levels, keys, themes, licence in ITEMS:
        made[key] = LibraryItemFactory(
            centre=centres[centre],
            kind=kind,
            title=title,
            summary=summary,
            stem_domains=domains,
            levels=levels,
            keys=keys,
            themes=themes,
            licence=licence,
            link="https://example.org/opname" if kind == "recording" else "",
        )
    # Never found: a draft about robots.
    made["draft"] = LibraryItemFactory(
        centre=centres["VOV"], title="Robotica-draft", status="draft", published_at=None
    )
    return made


def found(q: str = "", **filters) -> list[str]:
    titles = {title: key for key, _c, _k, title, *_rest in ITEMS}
    return [titles.get(i.title, i.title) for i in library_search(LibraryQuery(q=q, **filters))]


def test_wiskunde_finds_wiskunde_and_the_mathematics_domain(library):
    in_domain_m = {"wiskunde-data", "modelleren", "creatief"}
    assert set(found("wiskunde")) == set(found("Wiskunde")) == in_domain_m
    assert set(found("Mathematics")) == in_domain_m  # the English name of the domain too


def test_stems_plurals_accents_and_case_find_the_same(library):
    assert set(found("robots")) == set(found("robot")) == set(found("Robotica"))
    assert set(found("robot")) == {"robots", "robotica-kaarten", "robots-lager"}
    assert found("creëren") == found("CREEREN") == ["creatief"]
    assert set(found("programmeer")) == set(found("programmeren")) >= {"robots"}


def test_level_kind_key_and_centre_names_are_searched(library):
    assert found("kleuterschool") == ["kleuters"]  # the words teachers use for a level
    assert "robots" in found("eerste graad") and "chemie" not in found("eerste graad")
    assert set(found("uitleenkoffer")) | set(found("kit")) >= {"robots"}
    assert set(found("eigenheid")) == {"creatief", "kansen"}
    assert set(found("Limburg")) == {"robots-lager"}


def test_the_title_ranks_first(library):
    assert found("statistiek") == ["wiskunde-data", "modelleren"]  # title, theme > summary


def test_phrases_and_excluded_words(library):
    assert found('"gelijke kansen"') == ["kansen"]
    assert found('"kansen gelijke"') == []
    assert set(found("robotica -lego")) == {"robots", "robots-lager"}


def test_search_within_filters_also_for_a_misspelt_word(library):
    assert found("robtica", level="lager") == ["robots-lager"]
    assert found("wiskunde", kind="recording") == ["modelleren"]


def test_a_misspelt_word_costs_one_query_more(library, django_assert_num_queries):
    with django_assert_num_queries(2):  # does it find anything; the list
        right = found("robotica")
    with django_assert_num_queries(3):  # does it find anything; similar words; the list
        misspelt = found("robtica")
    assert right and set(misspelt) == set(right)


def test_words_that_find_nothing_look_nothing_up(library, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert found("de het een") == []
        assert found("!?") == []
    assert found("zzzzqqq") == []


def test_drafts_are_never_found(library):
    assert "Robotica-draft" not in found("robotica")
    assert "Robotica-draft" not in found()


def test_filters_kind_domain_level_theme_key_centre_licence(library):
    assert found(kind="kit") == ["robots"]
    assert set(found(domain="S")) == {"kleuters", "chemie"}
    assert set(found(level="lager")) == {"robots-lager", "creatief"}
    assert set(found(theme="robotica")) == {"robots", "robotica-kaarten", "robots-lager"}
    assert set(found(key="assessment")) == {"kansen", "chemie"}
    assert set(found(centre="VWV")) == {"creatief", "kansen", "chemie"}
    assert found(licence="all_rights") == ["robots"]
    assert found("robot", centre="VOV", key="eigenwaarde") == ["robotica-kaarten"]


def test_the_index_follows_saves_and_deletes(library):
    item = library["chemie"]
    assert found("sterrenkunde") == []
    item.title = "Sterrenkunde voor beginners"
    item.save()
    assert found("sterrenkunde") == ["Sterrenkunde voor beginners"]
    item.delete()
    assert found("sterrenkunde") == []


def test_the_rebuild_indexes_every_item(library):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM library_search")
    else:
        LibraryItem.objects.update(search_vector=None)
    assert found("chemie") == []
    assert search.library_index_rebuild() == LibraryItem.objects.count()
    assert found("chemie") == ["chemie"]


def test_bad_input_never_fails(library):
    for text in ("\x00robot", '"""', "-", "a" * 500, "robot* OR NEAR(x)", "'; DROP TABLE x"):
        found(text)  # no error
