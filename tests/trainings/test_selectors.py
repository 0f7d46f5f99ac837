"""trainings/selectors.py: the catalogue search (PostgreSQL full-text and the SQLite fallback)."""

import pytest

from trainings.selectors import CatalogueQuery, catalogue_search

from .factories import SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainings():
    made = {}
    for code, title, description in [
        ("wisk", "Wiskundige modellen", "Functies met GeoGebra."),
        ("robo", "Robotica", "Wiskunde en techniek met robots."),
        ("chem", "Chemie", "Proeven in het labo."),
    ]:
        made[code] = TrainingFactory(code=code, title=title, description=description)
        SessionFactory(training=made[code])
    return made


def codes(**query):
    return [t.code for t in catalogue_search(CatalogueQuery(**query))]


def test_every_word_must_match(trainings):
    assert set(codes(q="labo")) == {"chem"}
    assert set(codes(q="GeoGebra functies")) == {"wisk"}
    assert codes(q="onbestaand") == []


def test_dutch_stemming_and_ranking_on_postgres(require_postgres, trainings):
    # "wiskunde" and "wiskundige" share their stem; the title match ranks first.
    assert codes(q="wiskunde") == ["wisk", "robo"]
    assert codes(q="wiskunde", sort="date") == sorted(
        ["wisk", "robo"], key=lambda c: trainings[c].sessions.first().starts_at
    )
    assert codes(q='"proeven in het labo"') == ["chem"]
    assert codes(q="wiskunde -robots") == ["wisk"]


@pytest.mark.parametrize("q", ['"', "(((", "a & | !", "'; DROP TABLE x; --", "ë" * 200])
def test_odd_search_text_never_fails(trainings, q):
    assert isinstance(codes(q=q), list)
