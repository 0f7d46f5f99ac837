"""
Privacy by design: one registry of the personal data each app holds.

Each app registers, from its ``privacy.py`` (imported by its AppConfig.ready), what it keeps
about a person, a function that exports it and one that erases or anonymises it. The profile
page offers the export of everything (JSON); deleting an account runs every eraser in one
transaction. Erasers keep the rows that reports count (an enrolment stays an enrolment of an
anonymous person), so figures for past years do not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class PersonalData:
    key: str
    description: str
    export: Callable[[object], object]
    erase: Callable[[object], None]
    models: tuple[str, ...]  # "app_label.ModelName" of every model holding this data


_registry: dict[str, PersonalData] = {}


def register(key: str, *, description: str, export, erase, models=()) -> None:
    """Declare personal data kept under ``key`` in ``models``.

    A test checks that every model of the project that points at a person is declared here.
    """
    if key in _registry and _registry[key].export is not export:
        raise ValueError(f"Personal data '{key}' is registered twice.")
    _registry[key] = PersonalData(key, description, export, erase, tuple(models))


def declared_models() -> set[str]:
    return {label for entry in _registry.values() for label in entry.models}


def registered() -> list[PersonalData]:
    return list(_registry.values())


def export_person(user) -> dict:
    """Everything the portal holds about ``user``, by registry key. Reads only."""
    return {entry.key: entry.export(user) for entry in _registry.values()}


def erase_person(user) -> None:
    """Erase or anonymise everything about ``user``, all-or-nothing.

    Erasers run in reverse order of registration so that the account itself goes last.
    Safe to run twice: the second run finds nothing personal left.
    """
    with transaction.atomic():
        for entry in reversed(list(_registry.values())):
            entry.erase(user)
