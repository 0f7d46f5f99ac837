"""Reads of evaluations: a questionnaire's answers summarised per question, with the
satisfied and recommend shares of ``figures.satisfaction`` (the one rule for them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from stemnet.numbers import share
from trainings.models import Training

from .figures import Satisfaction, satisfaction, satisfaction_by
from .models import Answer, Question, Questionnaire, Response


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


def training_questionnaires(training: Training) -> dict[str, Questionnaire]:
    qs = training.questionnaires.annotate(
        n_invited=Count("invitations", distinct=True),
        n_sent=Count("invitations", filter=Q(invitations__sent_at__isnull=False), distinct=True),
        n_responses=Count("responses", distinct=True),
    )
    return {q.kind: q for q in qs}
