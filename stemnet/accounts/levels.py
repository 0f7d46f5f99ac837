"""
Education levels in two structures of secondary education, and the one mapping between them.

Flanders modernised its secondary education from 1 September 2019 (first grade), 2021
(second grade) and 2023 (third grade). The portal keeps both code lists (``Level``):

- **modernised** (what new records are entered in): first grade ``graad1_a`` (A stream) and
  ``graad1_b`` (B stream); second and third grade by finaliteit: ``doorstroom`` (towards
  higher education), ``dubbele_finaliteit`` (higher education or the labour market),
  ``arbeidsmarkt`` (the labour market).
- **old** (kept valid for the records and series from before): ``graad1``, ``aso``,
  ``tso_kso_bso``. Forms offer them only to a record that already holds one (so that it can
  be kept or taken off, never lost by saving the form); imports accept them, so that older
  lists can still be loaded.

The mapping to the old grouping (``OLD_GROUP``), so that older series stay comparable: the A
and B stream are the 1st grade (``graad1``); doorstroom is ASO-like (``aso``); dubbele
finaliteit and arbeidsmarkt are TSO/KSO/BSO-like (``tso_kso_bso``). Every other code (pre-
school, primary, higher education, teacher training, other and the old codes themselves) is
its own group. The mapping is not exact the other way: a TSO programme can be doorstroom,
so an old ``tso_kso_bso`` is never split into the new codes. The yearly report's
``participants.by_level`` counts in the old grouping (a teacher once per group, however many
of its codes they hold); ``docs/reports.md`` says so.

The catalogue's level filter finds what overlaps (``related``): a search for the A stream also
finds trainings for the old 1st grade, a search for the old ``aso`` also finds doorstroom.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from .models import Level

NEW_SECONDARY = (
    Level.GRAAD1_A,
    Level.GRAAD1_B,
    Level.DOORSTROOM,
    Level.DUBBELE_FINALITEIT,
    Level.ARBEIDSMARKT,
)
OLD_SECONDARY = (Level.GRAAD1, Level.ASO, Level.TSO_KSO_BSO)

OLD_GROUP: dict[str, str] = {
    Level.GRAAD1_A: Level.GRAAD1,
    Level.GRAAD1_B: Level.GRAAD1,
    Level.DOORSTROOM: Level.ASO,
    Level.DUBBELE_FINALITEIT: Level.TSO_KSO_BSO,
    Level.ARBEIDSMARKT: Level.TSO_KSO_BSO,
}

# The groups of the yearly report's ``by_level``, in its order: the old codes' list.
REPORT_GROUPS = (
    Level.KLEUTER,
    Level.LAGER,
    Level.GRAAD1,
    Level.ASO,
    Level.TSO_KSO_BSO,
    Level.HOGER,
    Level.LERARENOPLEIDING,
    Level.ANDERE,
)
REPORT_GROUP_LABELS = {
    Level.GRAAD1: _("Secondary, 1st grade (also A and B stream)"),
    Level.ASO: _("ASO or doorstroom, 2nd and 3rd grade"),
    Level.TSO_KSO_BSO: _("TSO/KSO/BSO, dual finality or labour market, 2nd and 3rd grade"),
}


def old_group(code: str) -> str:
    """The old grouping's code for ``code``: ``doorstroom`` -> ``aso``; others unchanged."""
    return str(OLD_GROUP.get(code, code))


def old_groups(codes: Iterable[str]) -> list[str]:
    """The old groups of ``codes``, each once, in the order met."""
    return list(dict.fromkeys(old_group(code) for code in codes or ()))


def related(code: str) -> list[str]:
    """The codes a filter on ``code`` finds: the code, its old group, and (for an old code)
    the new codes of its group. ``graad1_a`` -> graad1_a, graad1; ``aso`` -> aso, doorstroom."""
    group = old_group(code)
    found = [code, group, *(new for new, old in OLD_GROUP.items() if old == code)]
    return [str(c) for c in dict.fromkeys(found)]


def report_group_labels() -> dict[str, str]:
    """``by_level``'s groups and their labels, in order."""
    labels = dict(Level.choices)
    return {str(code): str(REPORT_GROUP_LABELS.get(code, labels[code])) for code in REPORT_GROUPS}


def _groups(choices: list[tuple[str, str]], kept: Iterable[str]) -> list:
    """``choices`` grouped as the education system is, the old secondary codes only when
    ``kept`` (a record's current codes) holds them."""
    labels = dict(choices)
    kept = set(kept or ())
    sections = [
        (_("Elementary education"), (Level.KLEUTER, Level.LAGER)),
        (_("Secondary education, 1st grade"), (Level.GRAAD1_A, Level.GRAAD1_B)),
        (
            _("Secondary education, 2nd and 3rd grade"),
            (Level.DOORSTROOM, Level.DUBBELE_FINALITEIT, Level.ARBEIDSMARKT),
        ),
        (
            _("Secondary education before the modernisation (kept for older records)"),
            tuple(code for code in OLD_SECONDARY if code in kept),
        ),
        (_("Higher education and other"), (Level.HOGER, Level.LERARENOPLEIDING, Level.ANDERE)),
    ]
    placed = {code for _title, codes in sections for code in codes} | set(OLD_SECONDARY)
    rest = [(code, label) for code, label in choices if code not in placed]
    grouped = [
        (title, [(str(code), labels[code]) for code in codes]) for title, codes in sections if codes
    ]
    if rest:  # a training's target groups beyond the levels (``TargetLevel``)
        grouped.append((_("Roles in and around the school"), rest))
    return grouped


def level_choices(kept: Iterable[str] = ()) -> list:
    """The profile's levels for a form, grouped; the old codes only those in ``kept``."""
    return _groups(list(Level.choices), kept)


def target_level_choices(choices, kept: Iterable[str] = ()) -> list:
    """A training's levels and target groups (``trainings.models.TargetLevel.choices``, given
    by the caller: stemnet imports no domain app) for a form, grouped (see ``level_choices``)."""
    return _groups(list(choices), kept)
