"""Reads of evaluations: a questionnaire's answers summarised per question, with the
satisfied and recommend shares of ``figures.satisfaction`` (the one rule for them), and split by
the respondents' role with ``figures.by_role`` (the one rule for small groups)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from stemnet.accounts.models import PersonRole
from stemnet.numbers import share
from trainings.models import Training

from .figures import (
    Satisfaction,
    by_role,
    group_label,
    min_group_size,
    satisfaction,
    satisfaction_by,
)
from .models import Answer, Invitation, Question, Questionnaire, Response


@dataclass
class QuestionSummary:
    question: Question
    count: int = 0
    average: Decimal | None = None
    distribution: dict = field(default_factory=dict)  # likert 1-5 / options -> count
    texts: list[str] = field(default_factory=list)
    share_yes: Decimal | None = None


@dataclass
class EvaluationSummary:
    questionnaire: Questionnaire | None
    invited: int
    responses: int
    share_satisfied: Decimal | None  # share answering 4 or 5 on the overall question
    share_recommend: Decimal | None
    questions: list[QuestionSummary]


def evaluation_summary(
    questionnaire: Questionnaire,
    *,
    actor_group: str | None = None,
) -> EvaluationSummary:
    """Answers summarised per question: averages, distributions, open answers, and the shares
    satisfied (4 or 5 on the overall question) and who would recommend. Five queries."""
    questions = list(questionnaire.questions.all())
    responses = Response.objects.filter(questionnaire=questionnaire)
    invitations = questionnaire.invitations.all()
    if actor_group is not None:
        responses = responses.filter(actor_group=actor_group)
        invitations = invitations.filter(actor_group=actor_group)
    answers = Answer.objects.filter(response__in=responses)
    rows = answers.values_list("question_id", "number", "text", "selected")
    return _summarise(
        questionnaire,
        questions,
        rows,
        invitations.count(),
        responses.count(),
        satisfaction(answers),
    )


@dataclass(frozen=True)
class GroupRow:
    """One line of a split: the group's key and label, its responses and the two shares."""

    key: str
    label: str
    responses: int
    satisfied_share: Decimal | None
    recommend_share: Decimal | None


@dataclass(frozen=True)
class Split:
    """A questionnaire's responses split by group, as far as the small-group rule allows."""

    rows: list[GroupRow]
    minimum: int

    @property
    def responses_shown(self) -> int:
        return sum(row.responses for row in self.rows)


def evaluation_by_role(questionnaire: Questionnaire) -> Split:
    """The responses to ``questionnaire`` by the respondents' role: ``figures.by_role``, the
    split the yearly report makes, so that both show the same shares. Two queries."""
    labels = dict(PersonRole.choices)
    rows = [
        GroupRow(
            str(g.key),
            group_label(g.key, labels),
            g.responses,
            g.satisfied_share,
            g.recommend_share,
        )
        for g in by_role(Response.objects.filter(questionnaire=questionnaire))
    ]
    return Split(rows, min_group_size())


def evaluation_summaries_by_group(
    questionnaire: Questionnaire,
    actor_groups: list[str],
) -> list[EvaluationSummary]:
    """``evaluation_summary`` for each actor group of a survey, in the order given, in five
    queries whatever the number of groups."""
    questions = list(questionnaire.questions.all())
    answers: dict[str, list] = {group: [] for group in actor_groups}
    for group, *row in Answer.objects.filter(response__questionnaire=questionnaire).values_list(
        "response__actor_group", "question_id", "number", "text", "selected"
    ):
        answers.setdefault(group, []).append(row)
    responses = dict(
        Response.objects.filter(questionnaire=questionnaire)
        .values_list("actor_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    invited = dict(
        questionnaire.invitations.values_list("actor_group").annotate(n=Count("pk")).order_by()
    )
    shares = satisfaction_by(
        Answer.objects.filter(response__questionnaire=questionnaire), "response__actor_group"
    )
    return [
        _summarise(
            questionnaire,
            questions,
            answers[group],
            invited.get(group, 0),
            responses.get(group, 0),
            shares.get(group, Satisfaction()),
        )
        for group in actor_groups
    ]


def _summarise(
    questionnaire: Questionnaire,
    questions: list[Question],
    answers,
    invited: int,
    responses: int,
    shares: Satisfaction,
) -> EvaluationSummary:
    """The summary of ``answers`` (rows of question id, number, text, selected)."""
    per_question = {q.pk: QuestionSummary(q) for q in questions}
    for question_id, number, text, selected in answers:
        s = per_question.get(question_id)
        if s is None:
            continue
        s.count += 1
        kind = s.question.kind
        if kind in (Question.Kind.LIKERT, Question.Kind.RECOMMEND) and number is not None:
            s.distribution[number] = s.distribution.get(number, 0) + 1
        elif kind == Question.Kind.SINGLE:
            s.distribution[text] = s.distribution.get(text, 0) + 1
        elif kind == Question.Kind.MULTIPLE:
            for option in selected:
                s.distribution[option] = s.distribution.get(option, 0) + 1
        elif text:
            s.texts.append(text)
    for s in per_question.values():
        if s.question.kind == Question.Kind.LIKERT and s.count:
            total = sum(k * v for k, v in s.distribution.items())
            s.average = (Decimal(total) / s.count).quantize(Decimal("0.01"))
        if s.question.kind == Question.Kind.RECOMMEND and s.count:
            s.share_yes = share(s.distribution.get(1, 0), s.count)
        if s.question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            s.distribution = {c: s.distribution.get(c, 0) for c in s.question.choices}
        if s.question.kind == Question.Kind.LIKERT:
            s.distribution = {k: s.distribution.get(k, 0) for k in range(1, 6)}
    return EvaluationSummary(
        questionnaire,
        invited,
        responses,
        shares.satisfied_share,
        shares.recommend_share,
        [per_question[q.pk] for q in questions],
    )


@dataclass
class RawResponse:
    """One response as the raw answers export shows it: when, the role and actor group, and
    the answers by question id as (number, text, selected). Nothing about who answered."""

    submitted_at: dt.datetime
    role: str
    actor_group: str
    answers: dict[int, tuple[int | None, str, list]] = field(default_factory=dict)


def questionnaire_answers(questionnaire: Questionnaire) -> tuple[list[Question], list[RawResponse]]:
    """The questions of ``questionnaire`` and every response to it with its answers, oldest
    first. Reads no person, invitation or token. Three queries."""
    questions = list(questionnaire.questions.all())
    responses = {
        pk: RawResponse(submitted_at, role, group)
        for pk, submitted_at, role, group in Response.objects.filter(questionnaire=questionnaire)
        .order_by("submitted_at", "pk")
        .values_list("pk", "submitted_at", "role", "actor_group")
    }
    rows = Answer.objects.filter(response__questionnaire=questionnaire).values_list(
        "response_id", "question_id", "number", "text", "selected"
    )
    for response_id, question_id, number, text, selected in rows.iterator(chunk_size=5000):
        if response_id in responses:
            responses[response_id].answers[question_id] = (number, text, selected or [])
    return questions, list(responses.values())


def training_questionnaires(training: Training) -> dict[str, Questionnaire]:
    qs = training.questionnaires.annotate(
        n_invited=Count("invitations", distinct=True),
        n_sent=Count("invitations", filter=Q(invitations__sent_at__isnull=False), distinct=True),
        n_responses=Count("responses", distinct=True),
    )
    return {q.kind: q for q in qs}


@dataclass
class SendingStatus:
    """Who was invited to a questionnaire and when, who was reminded, who answered (only
    whether: never what)."""

    invited: int
    answered: int
    rate: Decimal | None
    reminded: int
    not_sent: int
    invitations: list[Invitation]


def questionnaire_sending_status(questionnaire: Questionnaire) -> SendingStatus:
    """The sending page's figures and list (``figures.response_rate``): two queries."""
    from .figures import response_rate

    invited, answered, rate = response_rate(questionnaire.invitations.all())
    invitations = list(
        questionnaire.invitations.select_related("person").order_by(
            "person__last_name", "person__first_name", "pk"
        )
    )
    return SendingStatus(
        invited=invited,
        answered=answered,
        rate=rate,
        reminded=sum(1 for i in invitations if i.reminded_at),
        not_sent=sum(1 for i in invitations if i.sent_at is None),
        invitations=invitations,
    )
