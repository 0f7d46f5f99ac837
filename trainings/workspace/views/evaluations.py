"""Questionnaires in the workspace, their results, and the network-wide surveys."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from networks.models import Centre
from stemnet import charts
from stemnet.accounts.models import PersonRole
from stemnet.compression import uncompressed
from stemnet.tabular import table_response
from trainings.evaluations import selectors as sel
from trainings.evaluations import services
from trainings.evaluations.figures import min_group_size
from trainings.evaluations.models import ActorGroup, Question, Questionnaire, Survey
from trainings.evaluations.permissions import (
    can_change_questionnaire,
    can_manage_surveys,
    get_questionnaire_for_user,
    get_survey_for_user,
)

from ..forms import QuestionForm, QuestionnaireSettingsForm, SurveyForm, SurveyInviteForm
from ..permissions import changeable_centre_ids, get_training_for_user, require_change

TRAINING_KINDS = [Questionnaire.Kind.PRE, Questionnaire.Kind.POST, Questionnaire.Kind.FOLLOW_UP]


@require_POST
def questionnaire_setup(request, pk):
    """Create (or open) a training's questionnaire of one kind, copied from the standard one."""
    training = get_training_for_user(request.user, pk)
    require_change(request.user, training.centre_id)
    kind = request.POST.get("kind", "")
    if kind not in TRAINING_KINDS:
        raise Http404
    questionnaire = services.questionnaire_for_training(training=training, kind=kind)
    return redirect("workspace:questionnaire", pk=questionnaire.pk)


@require_POST
def centre_questionnaire(request):
    """Open (creating it the first time) the coordinator's centre's own questions of a kind."""
    centre_ids = changeable_centre_ids(request.user)
    kind = request.POST.get("kind", "")
    centre = Centre.objects.filter(pk=request.POST.get("centre") or 0).first()
    if (
        kind not in TRAINING_KINDS
        or centre is None
        or (centre_ids is not None and centre.pk not in centre_ids)
    ):
        raise Http404
    questionnaire = services.centre_questionnaire(centre=centre, kind=kind)
    return redirect("workspace:questionnaire", pk=questionnaire.pk)


@require_http_methods(["GET", "POST"])
def questionnaire_detail(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    can_change = can_change_questionnaire(request.user, questionnaire)
    form = QuestionForm(request.POST if "text" in request.POST else None)
    is_survey = questionnaire.kind == Questionnaire.Kind.SURVEY
    settings_form = (
        None
        if is_survey
        else QuestionnaireSettingsForm(
            request.POST if "send_offset_days" in request.POST else None,
            initial={
                "send_offset_days": questionnaire.send_offset_days,
                "sending_enabled": questionnaire.sending_enabled,
            },
        )
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if settings_form is not None and settings_form.is_bound and settings_form.is_valid():
            services.questionnaire_settings_update(
                questionnaire=questionnaire, **settings_form.cleaned_data
            )
            messages.success(request, _("The sending rule was saved."))
            return redirect("workspace:questionnaire", pk=questionnaire.pk)
        delete = request.POST.get("delete")
        if delete:
            question = questionnaire.questions.filter(pk=delete).first()
            if question is None:
                raise Http404
            try:
                services.question_delete(question=question)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("workspace:questionnaire", pk=questionnaire.pk)
        if form.is_valid():
            try:
                services.question_add(questionnaire=questionnaire, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("The question was added."))
                return redirect("workspace:questionnaire", pk=questionnaire.pk)
    survey = Survey.objects.filter(questionnaire=questionnaire).first()
    return render(
        request,
        "workspace/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "questions": questionnaire.questions.all(),
            "form": form,
            "can_change": can_change,
            "survey": survey,
            "has_answers": questionnaire.responses.exists(),
            "settings_form": settings_form,
        },
    )


def _short(text: str, size: int = 34) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _average(value) -> str:
    """An average as the results table writes it (4,04), whole numbers without decimals.

    The charts' default rounds to one decimal, which shows 4,04 and 3,96 both as 4,0 and
    4,00 as 4 next to them."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    places = 0 if value == value.to_integral_value() else 2
    return number_format(
        value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP),
        decimal_pos=places,
        use_l10n=True,
    )


def _charts(summary) -> list:
    """Bar charts of the averages per scale question and of the two key shares."""
    likert = [s for s in summary.questions if s.question.kind == Question.Kind.LIKERT and s.count]
    out = []
    if likert:
        categories = [_short(s.question.text) for s in likert]
        series = [charts.Series(_("Average (1–5)"), [s.average for s in likert])]
        title = _("Average per question (1–5)")
        out.append(
            {
                "svg": charts.bar_chart(
                    title=title,
                    categories=categories,
                    series=series,
                    orientation="horizontal",
                    value_format=_average,
                ),
                "table": charts.chart_table(
                    caption=title, categories=categories, series=series, value_format=_average
                ),
            }
        )
    shares = [
        (_("Satisfied (4 or 5)"), summary.share_satisfied),
        (_("Would recommend"), summary.share_recommend),
    ]
    shares = [(label, value) for label, value in shares if value is not None]
    if shares:
        title = _("Share of respondents (%)")
        categories = [label for label, _v in shares]
        series = [charts.Series("%", [value for _l, value in shares])]
        out.append(
            {
                "svg": charts.bar_chart(
                    title=title,
                    categories=categories,
                    series=series,
                    orientation="horizontal",
                    value_label="%",
                ),
                "table": charts.chart_table(caption=title, categories=categories, series=series),
            }
        )
    return out


@require_GET
def results(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    survey = Survey.objects.filter(questionnaire=questionnaire).first()
    groups = []
    if survey is not None:
        labels = dict(ActorGroup.choices)
        summaries = sel.evaluation_summaries_by_group(questionnaire, survey.actor_groups)
        groups = [
            (g, labels.get(g, g), summary)
            for g, summary in zip(survey.actor_groups, summaries, strict=True)
        ]
    summary = sel.evaluation_summary(questionnaire)
    return render(
        request,
        "workspace/results.html",
        {
            "questionnaire": questionnaire,
            "summary": summary,
            "survey": survey,
            "groups": groups,
            "charts": _charts(summary),
            "by_role": _by_role(questionnaire),
            "min_group_size": min_group_size(),
            "can_download_answers": can_change_questionnaire(request.user, questionnaire),
        },
    )


def _by_role(questionnaire: Questionnaire) -> sel.Split | None:
    """A training's questionnaire is split by the respondents' role (a survey by actor group)."""
    return sel.evaluation_by_role(questionnaire) if questionnaire.training_id else None


@require_GET
def results_export(request, pk):
    """The summary as XLSX: one row per question (and per actor group for a survey); for a
    training, the responses and shares per role ("role:<role>" rows: responses, satisfied share
    in the average column, recommend share in the share column) as far as the small-group rule
    of ``trainings.evaluations.figures.groups_shown`` allows."""
    questionnaire = get_questionnaire_for_user(request.user, pk)
    survey = Survey.objects.filter(questionnaire=questionnaire).first()
    parts = [("", sel.evaluation_summary(questionnaire))]
    if survey is not None:
        parts += zip(
            survey.actor_groups,
            sel.evaluation_summaries_by_group(questionnaire, survey.actor_groups),
            strict=True,
        )
    headers = [
        "actor_group",
        "code",
        "question",
        "kind",
        "answers",
        "average",
        "share_yes",
        "distribution",
        "open_answers",
    ]
    rows = []
    by_role = _by_role(questionnaire)
    for group, summary in parts:
        rows.append([group or "all", "", _("Responses"), "", summary.responses, "", "", "", ""])
        if not group and by_role is not None:
            for row in by_role.rows:
                rows.append(
                    [
                        "all",
                        f"role:{row.key}",
                        _("Role: %(label)s") % {"label": row.label},
                        "",
                        row.responses,
                        row.satisfied_share,
                        row.recommend_share,
                        "",
                        "",
                    ]
                )
        rows.append(
            [
                group or "all",
                "overall",
                _("Share satisfied (4 or 5)"),
                "",
                "",
                summary.share_satisfied,
                "",
                "",
                "",
            ]
        )
        rows.append(
            [
                group or "all",
                "recommend",
                _("Share who would recommend"),
                "",
                "",
                "",
                summary.share_recommend,
                "",
                "",
            ]
        )
        for s in summary.questions:
            rows.append(
                [
                    group or "all",
                    s.question.code,
                    s.question.text,
                    s.question.kind,
                    s.count,
                    s.average,
                    s.share_yes,
                    "; ".join(f"{k}: {v}" for k, v in s.distribution.items()),
                    "\n".join(s.texts),
                ]
            )
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return table_response(
        headers, rows, filename=f"evaluation-{questionnaire.pk}", fmt=fmt, sheet=_("Results")
    )


def _raw_cell(question: Question, answer: tuple | None):
    """One answer as a typed cell: scale answers as numbers, several choices joined by "; "."""
    if answer is None:
        return None
    number, text, selected = answer
    if question.kind == Question.Kind.LIKERT:
        return number
    if question.kind == Question.Kind.RECOMMEND:
        return None if number is None else (_("yes") if number == 1 else _("no"))
    if question.kind == Question.Kind.MULTIPLE:
        return "; ".join(str(option) for option in selected)
    return text or None


@require_GET
def questionnaire_answers_xlsx(request, pk):
    """Every response as one row, every question as one column (headed by its text as stored),
    after the date submitted, the role and the actor group; never a name, e-mail address or
    token. For the centre's own use (those who change the questionnaire: its centre's
    coordinators; a survey's managers), so no small-group rule on the answers, but the role
    column is left out when fewer than ``EVALUATION_MIN_GROUP_SIZE`` responses exist in all."""
    questionnaire = get_questionnaire_for_user(request.user, pk)
    if not can_change_questionnaire(request.user, questionnaire):
        raise PermissionDenied
    questions, responses = sel.questionnaire_answers(questionnaire)
    with_role = len(responses) >= min_group_size()
    roles, groups = dict(PersonRole.choices), dict(ActorGroup.choices)
    headers = [_("Submitted on")]
    headers += [_("Role")] if with_role else []
    headers += [_("Actor group"), *(q.text for q in questions)]
    rows = []
    for response in responses:
        row: list = [timezone.localdate(response.submitted_at)]
        if with_role:
            row.append(str(roles.get(response.role, response.role)) if response.role else None)
        row.append(
            str(groups.get(response.actor_group, response.actor_group))
            if response.actor_group
            else None
        )
        row += [_raw_cell(q, response.answers.get(q.pk)) for q in questions]
        rows.append(row)
    return table_response(
        headers,
        rows,
        filename=f"antwoorden-{questionnaire.pk}",
        fmt="xlsx",
        sheet=_("Answers"),
    )


# --- answering (no log-in) ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def surveys(request):
    if not can_manage_surveys(request.user):
        raise PermissionDenied
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("The survey was created; add its questions."))
        return redirect("workspace:questionnaire", pk=survey.questionnaire_id)
    return render(
        request,
        "workspace/surveys.html",
        {
            "surveys": Survey.objects.select_related("questionnaire").order_by("-created_at"),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@uncompressed  # shows the anonymous answer links (see stemnet/compression.py)
def survey_detail(request, pk):
    survey = get_survey_for_user(request.user, pk)
    form = SurveyInviteForm(request.POST or None, groups=survey.actor_groups)
    if request.method == "POST":
        try:
            if request.POST.get("status") in Survey.Status.values:
                services.survey_set_status(survey=survey, status=request.POST["status"])
                messages.success(request, _("The survey's status was changed."))
                return redirect("workspace:survey", pk=survey.pk)
            if form.is_valid():
                sent = services.survey_invite(survey=survey, **form.cleaned_data)
                messages.success(
                    request, _("%(count)d personal links were sent.") % {"count": sent}
                )
                return redirect("workspace:survey", pk=survey.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    labels = dict(ActorGroup.choices)
    links = [
        (labels.get(ln.actor_group, ln.actor_group), ln)
        for ln in survey.links.order_by("actor_group")
    ]
    return render(
        request,
        "workspace/survey.html",
        {
            "survey": survey,
            "links": links,
            "form": form,
            "responses": survey.questionnaire.responses.count(),
        },
    )
