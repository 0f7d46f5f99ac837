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

Splits by group (the respondents' role, the training's centre) follow one rule for small
groups, ``groups_shown``, so that nobody in a small group can be recognised; ``split`` applies
it for the workspace's results and the yearly report alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy

from stemnet.accounts.models import PersonRole
from stemnet.numbers import share

from .models import Answer, Invitation, Question, Response

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


# --- splits by group, with the one rule for small groups --------------------------------------

OTHER_GROUPS = "other_groups"  # the key of the bucket of the groups not shown on their own
OTHER_GROUPS_LABEL = gettext_lazy("Other groups together")


@dataclass(frozen=True)
class GroupsShown:
    """What a split may show: ``shown`` groups on their own (in the order of the counts given),
    then the ``folded`` ones together as ``OTHER_GROUPS`` when ``bucket_shown``."""

    shown: tuple = ()
    folded: tuple = ()
    bucket_shown: bool = False


def min_group_size() -> int:
    """The fewest responses a group shown on its own holds (``EVALUATION_MIN_GROUP_SIZE``)."""
    return settings.EVALUATION_MIN_GROUP_SIZE


def groups_shown(counts: Mapping[Hashable, int], *, minimum: int | None = None) -> GroupsShown:
    """The one rule for small groups: which groups of a split are shown, so that nobody in a
    small group can be recognised. ``counts`` are the responses per group; ``minimum`` is
    ``settings.EVALUATION_MIN_GROUP_SIZE`` (5) unless given.

    1. A group without responses is left out (there is nobody to recognise).
    2. A group with at least ``minimum`` responses is shown on its own.
    3. The other groups are folded into one bucket, ``OTHER_GROUPS`` ("other groups together"),
       shown when it holds at least ``minimum`` responses together and hidden otherwise.
    4. The total is shown anyway, so the total minus the shown groups gives the hidden bucket
       away. A hidden bucket of two or more groups only gives those groups away together; a
       hidden bucket of ONE group would give that group away, so then the smallest shown group
       (the last of the smallest, in the order given) is folded in too, and the bucket, now
       holding at least ``minimum``, is shown.
    5. When no group is left to show on its own, the split shows nothing: its only line would be
       the total, or a part of it that subtraction gives away.

    For example, with a minimum of 5: teachers 12, companies 7, directors 3, CLB 1 shows
    teachers and companies, and hides directors and CLB (4 together, fewer than 5; subtracting
    gives them away only together). Teachers 12, companies 7, directors 3 shows teachers and
    "other groups together" (10: companies and directors), never the directors' 3 alone.
    Teachers 20, directors 3 shows no split.
    """
    minimum = min_group_size() if minimum is None else minimum
    present = [(key, n) for key, n in counts.items() if n > 0]
    shown = [key for key, n in present if n >= minimum]
    folded = [key for key, n in present if n < minimum]
    if len(folded) == 1 and shown:
        smallest = min(reversed(shown), key=lambda key: counts[key])
        shown.remove(smallest)
        folded.append(smallest)
    if not shown:
        return GroupsShown(folded=tuple(key for key, _n in present))
    bucket = sum(counts[key] for key in folded)
    return GroupsShown(tuple(shown), tuple(folded), bool(folded) and bucket >= minimum)


@dataclass(frozen=True)
class GroupFigures:
    """The figures of one group of a split (``key`` is ``OTHER_GROUPS`` for the bucket)."""

    key: Any
    responses: int
    satisfaction: Satisfaction

    @property
    def satisfied_share(self) -> Decimal | None:
        return self.satisfaction.satisfied_share

    @property
    def recommend_share(self) -> Decimal | None:
        return self.satisfaction.recommend_share


def split(
    responses: QuerySet[Response],
    group: str,
    *,
    order: Sequence = (),
    key: Callable[[Any], Any] | None = None,
    minimum: int | None = None,
) -> list[GroupFigures]:
    """The responses and the satisfied and recommend shares of ``responses`` per value of
    ``group`` (a lookup from the response: ``role``, ``questionnaire__training__centre__code``),
    with only what ``groups_shown`` allows: the groups shown on their own (in ``order``, then
    any others sorted), then ``OTHER_GROUPS`` when it is shown. ``key`` maps a
    stored value to its group (a blank role counts as *other*). Two queries."""
    key = key or (lambda value: value)
    counts: dict = {}
    for value, n in responses.values_list(group).annotate(n=Count("pk")).order_by():
        counts[key(value)] = counts.get(key(value), 0) + n
    known = [k for k in order if k in counts]
    counts = {k: counts[k] for k in [*known, *sorted(set(counts) - set(known), key=str)]}
    shares: dict = {}
    answers = Answer.objects.filter(response__in=responses)
    for value, counted in satisfaction_by(answers, f"response__{group}").items():
        shares[key(value)] = shares.get(key(value), Satisfaction()) + counted
    rule = groups_shown(counts, minimum=minimum)
    out = [GroupFigures(k, counts[k], shares.get(k, Satisfaction())) for k in rule.shown]
    if rule.bucket_shown:
        bucket = Satisfaction()
        for k in rule.folded:
            bucket += shares.get(k, Satisfaction())
        out.append(GroupFigures(OTHER_GROUPS, sum(counts[k] for k in rule.folded), bucket))
    return out


def role_group(role: str) -> str:
    """The group of a response's role: a blank role (no profile, a public link) is *other*."""
    return role or PersonRole.OTHER


def by_role(responses: QuerySet[Response], *, minimum: int | None = None) -> list[GroupFigures]:
    """``split`` of ``responses`` by the respondents' role, in the order of ``PersonRole``."""
    return split(responses, "role", order=PersonRole.values, key=role_group, minimum=minimum)


def by_centre(
    responses: QuerySet[Response], *, order: Sequence[str] = (), minimum: int | None = None
) -> list[GroupFigures]:
    """``split`` of ``responses`` by the code of their training's centre (in ``order``)."""
    return split(responses, "questionnaire__training__centre__code", order=order, minimum=minimum)


def group_label(key: Any, labels: Mapping[Any, Any]) -> str:
    """The label of a split's group: from ``labels``, "other groups together" for the bucket."""
    if key == OTHER_GROUPS:
        return str(OTHER_GROUPS_LABEL)
    return str(labels.get(key, key))


def response_rate(invitations: QuerySet[Invitation]) -> tuple[int, int, Decimal | None]:
    """(invited, answered, share) of ``invitations``: invited counts the invitations sent,
    answered those of them answered, share is answered as a percentage of invited (``None``
    when none was sent). One query."""
    counts = invitations.filter(sent_at__isnull=False).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(responded_at__isnull=False))
    )
    return counts["invited"], counts["answered"], share(counts["answered"], counts["invited"])
