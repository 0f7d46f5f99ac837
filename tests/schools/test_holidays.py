"""The Flemish school calendar of ``networks.schools.holidays``, against published calendars."""

import datetime as dt

import pytest

from networks.schools.holidays import (
    breaks,
    easter,
    is_school_day,
    next_school_day,
    school_days,
    school_year_bounds,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (2016, D(2016, 3, 27)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2027, D(2027, 3, 28)),
    ],
)
def test_easter(year, sunday):
    assert easter(year) == sunday


@pytest.mark.parametrize(
    ("start_year", "expected"),
    [
        # 2019-2020 as the press printed it (autumn, Christmas, carnival, Easter, Ascension)
        (
            2019,
            {
                "autumn": (D(2019, 10, 28), D(2019, 11, 3)),
                "christmas": (D(2019, 12, 23), D(2020, 1, 5)),
                "carnival": (D(2020, 2, 24), D(2020, 3, 1)),
                "easter": (D(2020, 4, 6), D(2020, 4, 19)),
                "ascension": (D(2020, 5, 21), D(2020, 5, 22)),
            },
        ),
        # 2023-2024 as a Flemish secondary school published it
        (
            2023,
            {
                "autumn": (D(2023, 10, 30), D(2023, 11, 5)),
                "christmas": (D(2023, 12, 25), D(2024, 1, 7)),
                "carnival": (D(2024, 2, 12), D(2024, 2, 18)),
                "easter": (D(2024, 4, 1), D(2024, 4, 14)),
                "ascension": (D(2024, 5, 9), D(2024, 5, 10)),
                "whit_monday": (D(2024, 5, 20), D(2024, 5, 20)),
            },
        ),
    ],
)
def test_breaks_match_published_calendars(start_year, expected):
    found = {name: (start, end) for name, start, end in breaks(start_year)}
    for name, days in expected.items():
        assert found[name] == days, name


def test_school_days():
    assert school_year_bounds(2026) == (D(2026, 9, 1), D(2027, 6, 30))
    assert school_year_bounds(2024) == (D(2024, 9, 2), D(2025, 6, 30))  # 1 Sept a Sunday
    assert not is_school_day(D(2026, 12, 24))  # Christmas break
    assert not is_school_day(D(2027, 1, 1))
    assert not is_school_day(D(2026, 11, 11))  # Armistice
    assert not is_school_day(D(2026, 12, 6))  # a Sunday
    assert not is_school_day(D(2026, 7, 15))  # summer
    assert is_school_day(D(2026, 12, 3))
    assert next_school_day(D(2026, 12, 19)) == D(2027, 1, 4)
    days = school_days(2026)
    assert 175 <= len(days) <= 185 and all(d.weekday() < 5 for d in days)
