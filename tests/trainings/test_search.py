"""trainings/search.py: the catalogue's search in Dutch, measured on the query set of
``search_queries.py`` on the database of the run (SQLite by default; PostgreSQL under
``bash .ci/with-services.sh .venv/bin/python -m pytest tests/trainings/test_search.py``), and
its index kept by every writer."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from networks.models import Centre
from trainings import search
from trainings.models import Session, Training
from trainings.selectors import CatalogueQuery, catalogue_search
from trainings.services.changes import training_duplicate

from .search_queries import QUERIES, TUNED_ON, at_centre, build, in_domain, measure

pytestmark = pytest.mark.django_db

RECALL_AIM = 0.95
PRECISION_AIM = 0.8


@pytest.fixture
def catalogue():
    return build()


@pytest.fixture
def require_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index only")


def found(q: str, **filters) -> list[str]:
    return [t.code for t in catalogue_search(CatalogueQuery(q=q, **filters))]


def test_the_query_set_has_forty_dutch_queries_and_each_expects_something():
    assert len(QUERIES) >= 40
    assert len({q for q, _ in QUERIES}) == len(QUERIES)
    assert all(expected for _, expected in QUERIES)


def test_recall_and_precision_on_the_query_set(catalogue):
    result = measure(found)
    print(f"{connection.vendor}: {result.report()}")
    assert result.recall >= RECALL_AIM, result.report()
    assert result.precision >= PRECISION_AIM, result.report()
    assert result.query_recall >= RECALL_AIM, result.report()
    assert result.query_precision >= PRECISION_AIM, result.report()


def test_the_queries_written_after_the_tuning_meet_the_aims_too(catalogue):
    result = measure(found, QUERIES[TUNED_ON:])
    assert len(QUERIES) - TUNED_ON >= 15
    assert result.recall >= RECALL_AIM, result.report()
    assert result.precision >= PRECISION_AIM, result.report()


def test_stems_plurals_accents_and_case_find_the_same(catalogue):
    assert set(found("programmeer")) == set(found("programmeren")) >= {"microbit", "scratch"}
    assert set(found("robots")) == set(found("robot")) == set(found("Robotica"))
    assert found("creëren") == found("CREEREN") == ["creatief-wiskunde"]


def test_domain_level_and_place_names_are_searched(catalogue):
    assert set(found("wiskunde")) == in_domain("M")
    assert set(found("Mathematics")) == in_domain("M")  # the English name too
    assert set(found("Limburg")) == at_centre("VLI")
    assert "microbit" in found("eerste graad")
    assert "python-wiskunde" not in found("eerste graad")


def test_the_title_ranks_first_unless_sorted_by_date(catalogue):
    titled = {"python-wiskunde", "wiskunde-kleuters", "wiskunde-lager", "creatief-wiskunde"}
    ranked = found("wiskunde")
    assert ranked[0] in titled and ranked[-1] not in titled  # last: only in its domain
    by_date = found("wiskunde", sort="date")
    starts = {t.code: t.first_start for t in Training.objects.filter(code__in=by_date)}
    assert by_date == sorted(by_date, key=lambda code: starts[code])


def test_phrases_and_excluded_words(catalogue):
    assert found('"gelijke kansen"') == ["lerend-netwerk-basis"]
    assert found('"kansen gelijke"') == []
    assert found("robotica -lego") == ["robots-lager"]


def test_search_within_filters_also_for_a_misspelt_word(catalogue):
    assert found("wiskunde", level="kleuter") == ["wiskunde-kleuters"]
    assert found("robtica", province="VLI") == ["robots-lager"]


def test_a_misspelt_word_costs_one_query_more(catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):  # does it find anything; the list
        right = found("robotica")
    with django_assert_num_queries(3):  # does it find anything; similar words; the list
        misspelt = found("robtica")
    assert right and set(misspelt) == set(right)


def test_words_that_find_nothing_look_nothing_up(catalogue, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert found("de het een") == []
        assert found("!?") == []
    with django_assert_num_queries(1):  # too short to be misspelt: the list only
        assert found("xq") == []


def test_a_word_near_nothing_in_the_index_stays_without_results(catalogue):
    assert found("zzzzqqq") == []


def test_the_index_follows_sessions_trainings_and_centres(catalogue):
    training = catalogue["sterrenkunde"]
    start = timezone.now() + dt.timedelta(days=90)
    session = Session.objects.create(
        training=training,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        theme="Zonsverduistering",
        municipality="Maasmechelen",
    )
    assert found("zonsverduistering") == ["sterrenkunde"]
    assert found("Maasmechelen") == ["sterrenkunde"]
    session.municipality = "Lanaken"
    session.save()
    assert "sterrenkunde" not in found("Maasmechelen")  # (a similar place may stand in)
    assert found("Lanaken") == ["sterrenkunde"]
    session.delete()
    assert found("zonsverduistering") == []

    training.title = "Sterrenkunde en exoplaneten"
    training.save()
    assert found("exoplaneten") == ["sterrenkunde"]
    training.levels = ["clb"]
    training.save()
    assert "sterrenkunde" in found("leerlingenbegeleiding")

    centre = Centre.objects.get(code="VLI")
    centre.name = "STEM-centrum Limburg (PXL)"
    centre.address = "Elfde-Liniestraat 24, 3500 Hasselt-Kiewit"
    centre.save()
    assert set(found("PXL")) == set(found("Kiewit")) == at_centre("VLI")

    training.delete()
    assert found("exoplaneten") == []


def test_writes_in_bulk_are_indexed_by_the_refresh(catalogue):
    training = catalogue["sterrenkunde"]
    start = timezone.now() + dt.timedelta(days=90)
    Session.objects.bulk_create(
        [
            Session(
                training=training,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                theme="Kernfusie",
            )
        ]
    )
    if connection.vendor == "postgresql":
        assert found("kernfusie") == ["sterrenkunde"]  # the triggers saw it
    search.search_index_refresh(training_ids=[training.pk])
    assert found("kernfusie") == ["sterrenkunde"]
    Centre.objects.filter(code="VLI").update(name="Limburgs STEM-huis")
    search.search_index_refresh(centre_ids=[training.centre_id])
    assert "sterrenkunde" in found("STEM-huis")


def test_a_new_edition_is_found_with_its_sessions_once_published(catalogue):
    next_year = timezone.localdate() + dt.timedelta(days=365)
    edition = training_duplicate(training=catalogue["onderzoekend-kleuters"], first_day=next_year)
    assert edition.code not in found("terugblik")  # a draft
    Training.objects.filter(pk=edition.pk).update(status=Training.Status.PUBLISHED)  # no signal
    assert set(found("terugblik")) == {"onderzoekend-kleuters", edition.code}


def test_rebuild_command_repairs_a_lost_index(catalogue):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("UPDATE trainings_training SET search_vector = NULL")
        else:
            cursor.execute("DELETE FROM trainings_search")
    assert found("robotica") == []
    call_command("search_index_rebuild", stdout=io.StringIO())
    assert set(found("robotica")) == {"robotica-g1", "robots-lager"}


def test_after_migrate_only_missing_or_stale_rows_are_written(catalogue, require_sqlite):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE trainings_search SET version = 'old' WHERE rowid = %s",
            [catalogue["microbit"].pk],
        )
        cursor.execute("DELETE FROM trainings_search WHERE rowid = %s", [catalogue["scratch"].pk])
    assert search._sqlite_catch_up() == 2
    assert search._sqlite_catch_up() == 0
    assert {"microbit", "scratch"} <= set(found("programmeren"))


def test_the_code_words_hold_dutch_english_and_the_teachers_words():
    words = search.code_words()
    assert {"Wiskunde", "Mathematics", "wiskundig"} <= set(words[("domain", "M")].split())
    assert "eerste graad" in words[("level", "graad1")]
    assert "Limburg" in words[("province", "VLI")]


@pytest.mark.parametrize(
    ("text", "terms", "phrases", "excluded"),
    [
        ("Robotica en de micro:bit", [("robotica", "robot"), ("micro",), ("bit",)], [], []),
        ('"gelijke kansen" -lego', [], [("gelijke", "kansen")], ["lego"]),
        ("STEM-didactiek", [("stem",), ("didactiek",)], [], []),
        ('"robots', [("robots", "robot", "robotica")], [], []),
        ("-", [], [], []),
    ],
)
def test_parse(text, terms, phrases, excluded):
    query = search.parse(text)
    assert [list(t) for t in query.terms] == [list(t) for t in terms]
    assert list(query.phrases) == phrases
    assert list(query.excluded) == excluded


def test_similarity_is_pg_trgms():
    assert search.similarity("robtica", "robotica") == pytest.approx(6 / 11)
    assert search.similarity("wiskunde", "wiskunde") == 1.0


def test_postgres_has_the_dutch_configuration_without_accents(require_postgres, catalogue):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('stemnet_dutch', 'Creëren programmeren robots')::text")
        assert cursor.fetchone()[0] == "'crer':1 'programmer':2 'robot':3"
        cursor.execute("SELECT trainings_search_label('domain', 'M')")
        assert "Wiskunde" in cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM trainings_search_word WHERE word = 'robotica'")
        assert cursor.fetchone()[0] == 1


def test_postgres_code_words_are_written_once_after_migrate(require_postgres, catalogue):
    assert search.pg_labels_install() is False  # already as the code has them
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION trainings_search_label(kind text, code text) "
            "RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT ''::text $$"
        )
        cursor.execute("UPDATE trainings_training SET search_vector = NULL")
    assert search.pg_labels_install() is True
    assert set(found("wiskunde")) == in_domain("M")
