"""Writes that join people to the school register."""

from __future__ import annotations

from stemnet.accounts.models import Profile

from .models import School, normal_number


def profiles_link_schools() -> int:
    """Give every profile without a school the register's school of the number it holds as
    text (typed before the register existed, e.g. ``30387`` for ``030387``); the number and
    the free-text name it replaces are cleared. Returns how many profiles were linked.

    Run after an import of the register (and, on the historical models, by the migration
    that added the field). Safe to run twice: linked profiles are left alone.
    """
    waiting = list(
        Profile.objects.filter(school__isnull=True)
        .exclude(school_number="")
        .only("pk", "school_number")
    )
    numbers: dict[int, str] = {}
    for profile in waiting:
        number = normal_number(profile.school_number)
        if number:
            numbers[profile.pk] = number
    schools = dict(
        School.objects.filter(number__in=set(numbers.values())).values_list("number", "pk")
    )
    linked = [p for p in waiting if numbers.get(p.pk) in schools]
    for profile in linked:
        profile.school_id = schools[numbers[profile.pk]]
        profile.school_number = ""
        profile.school_name = ""
    Profile.objects.bulk_update(linked, ["school", "school_number", "school_name"], batch_size=500)
    return len(linked)
