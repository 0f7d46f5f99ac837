"""Reads of the coordinator workspace, each with its joins done once (no query per row)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, Sum

from stemnet.numbers import share

from .models import (
    Answer,
    Attendance,
    BudgetLine,
    Enrolment,
    Question,
    Questionnaire,
    Response,
    Session,
    Training,
)

S = Enrolment.Status
CENT = Decimal("0.01")


def _scoped(queryset, centre_ids, field_name="centre_id"):
    return queryset if centre_ids is None else queryset.filter(**{f"{field_name}__in": centre_ids})


def workspace_trainings(centre_ids, *, status: str = ""):
    """Trainings of ``centre_ids`` (None: all) with their counts, newest first."""
    qs = (
        _scoped(Training.objects.all(), centre_ids)
        .select_related("centre")
        .annotate(
            n_sessions=Count("sessions", distinct=True),
            n_enrolled=Count(
                "enrolments",
                filter=Q(enrolments__status__in=[S.ENROLLED, S.ATTENDED]),
                distinct=True,
            ),
            n_waitlisted=Count(
                "enrolments", filter=Q(enrolments__status=S.WAITLISTED), distinct=True
            ),
            sessions_start=Min("sessions__starts_at"),
            sessions_end=Max("sessions__ends_at"),
        )
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-sessions_start", "title")


def training_sessions(training: Training):
    """The sessions (or learning-network meetings) with how many were present at each."""
    return training.sessions.annotate(
        n_present=Count("attendances", filter=Q(attendances__present=True))
    ).order_by("starts_at")


def training_enrolments(training: Training) -> dict[str, list[Enrolment]]:
    """Enrolments of a training by status; the waiting list in its order."""
    by_status = defaultdict(list)
    for e in (
        Enrolment.objects.filter(training=training)
        .select_related("person__profile")
        .order_by("waitlist_position", "created_at")
    ):
        by_status[e.status].append(e)
    return by_status


@dataclass
class AttendanceRow:
    enrolment: Enrolment
    present: bool
    hours: Decimal | None


def attendance_sheet(session: Session) -> list[AttendanceRow]:
    """Everyone who holds a seat in the session's training, with what is recorded so far."""
    enrolments = (
        Enrolment.objects.filter(
            training_id=session.training_id, status__in=[S.ENROLLED, S.ATTENDED]
        )
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
        .prefetch_related(
            Prefetch(
                "attendances", queryset=Attendance.objects.filter(session=session), to_attr="here"
            )
        )
    )
    return [
        AttendanceRow(
            e, e.here[0].present if e.here else False, e.here[0].hours if e.here else None
        )
        for e in enrolments
    ]


# --- evaluations ----------------------------------------------------------------------------


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
    satisfied (4 or 5 on the overall question) and who would recommend. Four queries."""
    questions = list(questionnaire.questions.all())
    responses = Response.objects.filter(questionnaire=questionnaire)
    invitations = questionnaire.invitations.all()
    if actor_group is not None:
        responses = responses.filter(actor_group=actor_group)
        invitations = invitations.filter(actor_group=actor_group)
    answers = Answer.objects.filter(response__in=responses).values_list(
        "question_id", "number", "text", "selected"
    )
    return _summarise(questionnaire, questions, answers, invitations.count(), responses.count())


def evaluation_summaries_by_group(
    questionnaire: Questionnaire,
    actor_groups: list[str],
) -> list[EvaluationSummary]:
    """``evaluation_summary`` for each actor group of a survey, in the order given, in four
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
    return [
        _summarise(
            questionnaire, questions, answers[group], invited.get(group, 0), responses.get(group, 0)
        )
        for group in actor_groups
    ]


def _summarise(
    questionnaire: Questionnaire, questions: list[Question], answers, invited: int, responses: int
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
    satisfied = recommend = None
    for s in per_question.values():
        if s.question.kind == Question.Kind.LIKERT and s.count:
            total = sum(k * v for k, v in s.distribution.items())
            s.average = (Decimal(total) / s.count).quantize(Decimal("0.01"))
            if s.question.code == "overall":
                satisfied = share(s.distribution.get(4, 0) + s.distribution.get(5, 0), s.count)
        if s.question.kind == Question.Kind.RECOMMEND and s.count:
            s.share_yes = share(s.distribution.get(1, 0), s.count)
            if recommend is None:
                recommend = s.share_yes
        if s.question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            s.distribution = {c: s.distribution.get(c, 0) for c in s.question.choices}
        if s.question.kind == Question.Kind.LIKERT:
            s.distribution = {k: s.distribution.get(k, 0) for k in range(1, 6)}
    return EvaluationSummary(
        questionnaire,
        invited,
        responses,
        satisfied,
        recommend,
        [per_question[q.pk] for q in questions],
    )


def training_questionnaires(training: Training) -> dict[str, Questionnaire]:
    qs = training.questionnaires.annotate(
        n_invited=Count("invitations", distinct=True),
        n_sent=Count("invitations", filter=Q(invitations__sent_at__isnull=False), distinct=True),
        n_responses=Count("responses", distinct=True),
    )
    return {q.kind: q for q in qs}


# --- budget ---------------------------------------------------------------------------------


@dataclass
class BudgetYear:
    year: int
    planned: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    participants: int = 0
    by_source: dict = field(default_factory=dict)  # source name -> [planned, paid]

    @property
    def cost_per_participant(self) -> Decimal | None:
        if not self.participants:
            return None
        return (self.paid / self.participants).quantize(CENT, ROUND_HALF_UP)


def budget_lines(centre_ids, *, year: int | None = None):
    qs = _scoped(BudgetLine.objects.all(), centre_ids).select_related(
        "centre", "training", "source"
    )
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "centre__code", "training__title", "category")


def participants_per_year(centre_ids) -> dict[int, int]:
    """Distinct people who attended a training of these centres, by year of its first session
    (a person who attended two trainings counts once per year)."""
    enrolments = _scoped(
        Enrolment.objects.filter(status=S.ATTENDED), centre_ids, "training__centre_id"
    )
    starts = (
        enrolments.values("training_id")
        .annotate(start=Min("training__sessions__starts_at"))
        .values_list("training_id", "start")
    )
    year_of = {tid: start.year for tid, start in starts if start}
    people = defaultdict(set)
    for training_id, person_id in enrolments.values_list("training_id", "person_id"):
        if training_id in year_of:
            people[year_of[training_id]].add(person_id)
    return {year: len(ids) for year, ids in people.items()}


def budget_overview(centre_ids) -> list[BudgetYear]:
    """Totals per year (planned, paid, by funding source) and cost per participant
    (paid / distinct people who attended). Three queries whatever the number of lines."""
    years: dict[int, BudgetYear] = {}
    rows = (
        _scoped(BudgetLine.objects.all(), centre_ids)
        .values("year", "source__name")
        .annotate(planned=Sum("planned_eur"), paid=Sum("paid_eur"))
    )
    for row in rows:
        y = years.setdefault(row["year"], BudgetYear(row["year"]))
        planned, paid = row["planned"].quantize(CENT), row["paid"].quantize(CENT)
        y.planned += planned
        y.paid += paid
        y.by_source[row["source__name"]] = [planned, paid]
    for year, count in participants_per_year(centre_ids).items():
        if year in years:
            years[year].participants = count
    return [years[y] for y in sorted(years, reverse=True)]


def training_cost_per_participant(training: Training) -> Decimal | None:
    paid = training.budget_lines.aggregate(s=Sum("paid_eur"))["s"]
    attended = training.enrolments.filter(status=S.ATTENDED).count()
    if paid is None or not attended:
        return None
    return (paid / attended).quantize(CENT, ROUND_HALF_UP)
