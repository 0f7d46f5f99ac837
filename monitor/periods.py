"""
Periods of the STEM monitor: a school year ``2013-2014`` or a calendar year ``2014``.

A school year's two years must follow each other (``2013-2014``, never ``2014-2013`` or
``2013-2015``). ``period_start`` gives the year a period starts in, used for ordering and for
the API's period range filter.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHOOL_YEAR = "school_year"
CALENDAR_YEAR = "calendar_year"
FIRST_YEAR, LAST_YEAR = 1950, 2100
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def parse_period(value: str) -> tuple[str, int]:
    """``"2013-2014"`` -> ``("school_year", 2013)``; ``"2014"`` -> ``("calendar_year", 2014)``.

    Raises ValidationError (code ``period``) with a message for the person who typed it.
    """
    text = (value or "").strip()
    match = _PATTERN.match(text)
    if not match:
        raise ValidationError(
            _(
                "'%(value)s' is not a period: enter a school year like 2013-2014 or a year "
                "like 2014."
            ),
            code="period",
            params={"value": value},
        )
    first = int(match.group(1))
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise ValidationError(
            _("The year must lie between %(first)d and %(last)d."),
            code="period",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if match.group(2) is None:
        return CALENDAR_YEAR, first
    second = int(match.group(2))
    if second != first + 1:
        raise ValidationError(
            _("A school year runs over two years in order, like %(first)d-%(next)d."),
            code="period",
            params={"first": first, "next": first + 1},
        )
    return SCHOOL_YEAR, first


def validate_period(value: str) -> None:
    parse_period(value)


def period_start(value: str) -> int:
    return parse_period(value)[1]
