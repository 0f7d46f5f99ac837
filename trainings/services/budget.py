"""Budget lines: money a centre plans and pays, per year, category and funding source."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from networks.models import Centre

from ..models import BudgetLine

BUDGET_FIELDS = ("training", "year", "category", "source", "description", "planned_eur", "paid_eur")


def _check(line: BudgetLine) -> None:
    if line.training is not None and line.training.centre_id != line.centre_id:
        raise ValidationError({"training": _("Choose a training of this centre.")})
    line.full_clean()
    clash = BudgetLine.objects.filter(
        centre=line.centre_id,
        training=line.training_id,
        year=line.year,
        category=line.category,
        source=line.source_id,
    ).exclude(pk=line.pk)
    if clash.exists():
        raise ValidationError(
            _(
                "There is already a line for this training, year, category "
                "and funding source; change that one."
            )
        )


@transaction.atomic
def budget_line_create(*, centre: Centre, fields: dict) -> BudgetLine:
    """Add a budget line to ``centre``. Raises ValidationError on negative amounts, a training
    of another centre, or a second line with the same training, year, category and source.
    Not idempotent (the second call fails on the duplicate)."""
    line = BudgetLine(centre=centre, **{k: v for k, v in fields.items() if k in BUDGET_FIELDS})
    _check(line)
    line.save()
    return line


@transaction.atomic
def budget_line_update(*, line: BudgetLine, fields: dict) -> BudgetLine:
    """Change a budget line; same checks as ``budget_line_create``. Safe to run twice."""
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    for name, value in fields.items():
        if name in BUDGET_FIELDS:
            setattr(line, name, value)
    _check(line)
    line.save()
    return line


def budget_line_delete(*, line: BudgetLine) -> None:
    """Remove a budget line. Safe to run twice."""
    BudgetLine.objects.filter(pk=line.pk).delete()
