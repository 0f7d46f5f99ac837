"""
The Flemish school calendar (basis- and secundair onderwijs), computed from its rules, so that
demo data and anything else that plans for teachers can tell a school day from a holiday.

The rules (Vlaamse overheid, "Schoolvakanties en vrije dagen op school"):

- the school year runs from 1 September to 30 June: the first school day is 1 September, the
  Monday after when that is a Saturday or Sunday; the last is 30 June, the Friday before when
  that is a Saturday or Sunday; the summer holiday is 1 July to 31 August;
- autumn break, one week from the Monday of the week of 1 November (from 2 November when
  1 November is a Sunday);
- Christmas break, two weeks from the Monday of the week of 25 December (the Monday after
  when 25 December is a Saturday or Sunday);
- spring (carnival) break, one week from the seventh Monday before Easter;
- Easter break, two weeks from the first Monday of April; from the Monday after Easter when
  Easter falls in March, from the second Monday before Easter when it falls after 15 April;
- the holidays 1 and 11 November, Easter Monday, 1 May, Ascension Day and the day after,
  Whit Monday.

The French Community's calendar (two-week autumn and carnival breaks, a late-August start)
is not Flanders': these are the Flemish rules.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

DAY = dt.timedelta(days=1)


def easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian; the anonymous computus of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _monday_of(day: dt.date) -> dt.date:
    return day - day.weekday() * DAY


def school_year_of(day: dt.date) -> int:
    """The first calendar year of the school year ``day`` belongs to (2026 for 2026-2027);
    July and August count with the school year they end."""
    return day.year if day.month >= 9 else day.year - 1


def school_year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    """The first and last school day of school year ``start_year``-``start_year + 1``."""
    first = dt.date(start_year, 9, 1)
    while first.weekday() >= 5:
        first += DAY
    last = dt.date(start_year + 1, 6, 30)
    while last.weekday() >= 5:
        last -= DAY
    return first, last


@cache
def breaks(start_year: int) -> tuple[tuple[str, dt.date, dt.date], ...]:
    """The holidays of school year ``start_year``: (name, first day, last day), in order."""
    year = start_year + 1
    all_saints = dt.date(start_year, 11, 1)
    autumn = all_saints + DAY if all_saints.weekday() == 6 else _monday_of(all_saints)
    christmas_day = dt.date(start_year, 12, 25)
    christmas = (
        _monday_of(christmas_day) + 7 * DAY
        if christmas_day.weekday() >= 5
        else _monday_of(christmas_day)
    )
    sunday = easter(year)
    carnival = sunday - 48 * DAY  # the seventh Monday before Easter
    if sunday.month == 3:
        spring = sunday + DAY
    elif sunday > dt.date(year, 4, 15):
        spring = sunday - 13 * DAY
    else:
        spring = dt.date(year, 4, 1)
        while spring.weekday() != 0:
            spring += DAY
    ascension = sunday + 39 * DAY
    days = [
        ("autumn", autumn, autumn + 6 * DAY),
        ("all_saints", all_saints, all_saints),
        ("armistice", dt.date(start_year, 11, 11), dt.date(start_year, 11, 11)),
        ("christmas", christmas, christmas + 13 * DAY),
        ("carnival", carnival, carnival + 6 * DAY),
        ("easter", spring, spring + 13 * DAY),
        ("easter_monday", sunday + DAY, sunday + DAY),
        ("labour_day", dt.date(year, 5, 1), dt.date(year, 5, 1)),
        ("ascension", ascension, ascension + DAY),
        ("whit_monday", sunday + 50 * DAY, sunday + 50 * DAY),
    ]
    return tuple(sorted(days, key=lambda row: row[1]))


def is_school_day(day: dt.date) -> bool:
    """A weekday of the school year that is no holiday."""
    if day.weekday() >= 5:
        return False
    start_year = school_year_of(day)
    first, last = school_year_bounds(start_year)
    if not first <= day <= last:
        return False
    return not any(start <= day <= end for _name, start, end in breaks(start_year))


def next_school_day(day: dt.date) -> dt.date:
    """``day`` when it is a school day, else the first school day after it."""
    while not is_school_day(day):
        day += DAY
    return day


def school_days(start_year: int) -> list[dt.date]:
    """Every school day of school year ``start_year``, in order."""
    first, last = school_year_bounds(start_year)
    days, day = [], first
    while day <= last:
        if is_school_day(day):
            days.append(day)
        day += DAY
    return days
