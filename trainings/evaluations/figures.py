"""
How satisfied people are with a training: the one definition of the *satisfied* and
*recommend* shares, used by the workspace's results, the ministry dashboard, the yearly
report and the comparison.

- satisfied: answers of 4 or 5 to the standard *overall* question (a 1-5 scale, code
  ``overall``), as a share of all answers to it;
- recommend: *yes* answers to a "would you recommend" question, as a share of all answers
  to such questions.

Shares are percentages with one decimal (``stemnet.numbers.share``), ``None`` when nobody
answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from stemnet.numbers import share

from .models import Answer, Question

OVERALL_CODE = "overall"

_OVERALL = Q(question__code=OVERALL_CODE, question__kind=Question.Kind.LIKERT)
_RECOMMEND = Q(question__kind=Question.Kind.RECOMMEND)
_COUNTS = {
    "overall_answers": Count("pk", filter=_OVERALL),
    "satisfied": Count("pk", filter=_OVERALL & Q(number__gte=4)),
    "recommend_answers": Count("pk", filter=_RECOMMEND),
    "recommend_yes": Count("pk", filter=_RECOMMEND & Q(number=1)),
}


@dataclass(frozen=True)
class Satisfaction:
    """The answers counted for the two shares, and the shares themselves."""

    overall_answers: int = 0
    satisfied: int = 0
    recommend_answers: int = 0
    recommend_yes: int = 0

    def __add__(self, other: Satisfaction) -> Satisfaction:
        return Satisfaction(
            self.overall_answers + other.overall_answers,
            self.satisfied + other.satisfied,
            self.recommend_answers + other.recommend_answers,
            self.recommend_yes + other.recommend_yes,
        )

    @property
    def satisfied_share(self) -> Decimal | None:
        return share(self.satisfied, self.overall_answers)

    @property
    def recommend_share(self) -> Decimal | None:
        return share(self.recommend_yes, self.recommend_answers)


def satisfaction(answers: QuerySet[Answer]) -> Satisfaction:
    """The satisfied and recommend counts of ``answers`` (one query)."""
    return Satisfaction(**answers.filter(number__isnull=False).aggregate(**_COUNTS))


def satisfaction_by(answers: QuerySet[Answer], group: str) -> dict[Any, Satisfaction]:
    """``satisfaction`` per value of ``group`` (a lookup such as ``response__actor_group``), in
    one query; a value nobody answered for is missing (use ``Satisfaction()`` for it)."""
    rows = answers.filter(number__isnull=False).values(group).annotate(**_COUNTS).order_by()
    return {row.pop(group): Satisfaction(**row) for row in rows}
