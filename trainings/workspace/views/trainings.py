"""The coordinator workspace: trainings and sessions, attendance, imports, budget.

Every view: read the input, check access once (``permissions``), call one service, render.
Coordinators change their own centre; ministry staff read every centre.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stemnet.access import can_change_centre
from stemnet.pagination import page_of
from stemnet.pdf import html_to_pdf, pdf_response
from stemnet.tabular import table_response, template_response
from trainings.evaluations import selectors as evaluation_selectors
from trainings.evaluations.models import Questionnaire
from trainings.models import BudgetLine, Format, Training
from trainings.services import budget as budget_services
from trainings.services import imports as import_services
from trainings.services import trainings as services

from .. import selectors as sel
from ..forms import BudgetLineForm, ImportForm, SessionForm, TrainingForm, WalkInForm
from ..permissions import (
    changeable_centre_ids,
    get_budget_line_for_user,
    get_session_for_user,
    get_training_for_user,
    readable_centre_ids,
    require_change,
)

PREVIEW_ROWS = 50


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _submit(request, form, action, success: str) -> bool:
    """Validate ``form`` and run ``action(cleaned_data)`` (one service call); on success say
    so and return True, otherwise put the service's errors on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(dict(form.cleaned_data))
    except ValidationError as exc:
        _form_errors(form, exc)
        return False
    messages.success(request, success)
    return True


# --- dashboard and trainings ----------------------------------------------------------------


PAGE_SIZE = 50
SEARCH_MAX = 100


def _page(request, items) -> Page:
    """The page ``?page=`` of ``items``, ``PAGE_SIZE`` each (``stemnet.pagination.page_of``)."""
    return page_of(request, items, PAGE_SIZE)


def _search_term(raw: str) -> str:
    """``?q=`` as a search term: no NUL (PostgreSQL refuses it in a string), at most
    ``SEARCH_MAX`` characters."""
    return raw.replace("\x00", "").strip()[:SEARCH_MAX]


@require_GET
def dashboard(request):
    centre_ids = readable_centre_ids(request.user)
    status = request.GET.get("status", "")
    if status not in Training.Status.values:
        status = ""
    q = _search_term(request.GET.get("q", ""))
    trainings = sel.workspace_trainings(centre_ids, status=status, q=q)
    page = _page(request, trainings.values_list("pk", flat=True))
    return render(
        request,
        "workspace/dashboard.html",
        {
            "trainings": sel.with_counts(list(page.object_list)),
            "page": page,
            "paginator": page.paginator,
            "statuses": Training.Status.choices,
            "status": status,
            "q": q,
            "can_change": changeable_centre_ids(request.user) != frozenset(),
            "own_centres": _own_centres(request.user),
            "standard_questionnaires": sorted(  # before, after, follow-up: the order of the kinds
                Questionnaire.objects.filter(is_template=True, centre__isnull=True),
                key=lambda q: Questionnaire.Kind.values.index(q.kind),
            ),
            "kinds": [c for c in Questionnaire.Kind.choices if c[0] != Questionnaire.Kind.SURVEY],
        },
    )


def _own_centres(user):
    """The centres whose own questions this person keeps (none listed for admins: all)."""
    from networks.models import Centre

    ids = changeable_centre_ids(user)
    return [] if ids is None else list(Centre.objects.filter(pk__in=ids).order_by("name"))


@require_http_methods(["GET", "POST"])
def training_create(request):
    form = TrainingForm(request.POST or None, centre_ids=changeable_centre_ids(request.user))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        centre = fields.pop("centre")
        require_change(request.user, centre.pk)
        try:
            training = services.training_create(centre=centre, fields=fields)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The training was created as a draft."))
            return redirect("workspace:training", pk=training.pk)
    return render(
        request,
        "workspace/form.html",
        {"form": form, "title": _("New training"), "back": reverse("workspace:dashboard")},
    )


@require_GET
def training_detail(request, pk):
    training = get_training_for_user(request.user, pk)
    enrolments = sel.training_enrolments(training)
    return render(
        request,
        "workspace/training.html",
        {
            "training": training,
            "sessions": sel.training_sessions(training),
            "enrolled": enrolments.get("enrolled", []) + enrolments.get("attended", []),
            "waitlisted": enrolments.get("waitlisted", []),
            "cancelled": enrolments.get("cancelled", []),
            "questionnaires": _questionnaire_rows(training),
            "cost_per_participant": sel.training_cost_per_participant(training),
            "target_counted": sel.training_target_counted(training),
            "schools_represented": sel.training_schools_represented(training),
            "learning_network": training.format == Format.LEARNING_NETWORK,
            "can_change": can_change_centre(request.user, training.centre_id),
            "editions": list(training.next_editions.order_by("pk").only("pk", "code")),
        },
    )


def _questionnaire_rows(training):
    existing = evaluation_selectors.training_questionnaires(training)
    return [
        (kind, label, existing.get(kind))
        for kind, label in Questionnaire.Kind.choices
        if kind != Questionnaire.Kind.SURVEY
    ]


@require_http_methods(["GET", "POST"])
def training_edit(request, pk):
    training = get_training_for_user(request.user, pk)
    require_change(request.user, training.centre_id)
    form = TrainingForm(request.POST or None, instance=Training.objects.get(pk=training.pk))
    if _submit(
        request,
        form,
        lambda data: services.training_update(training=training, fields=data),
        _("The training was saved."),
    ):
        return redirect("workspace:training", pk=training.pk)
    return render(
        request,
        "workspace/form.html",
        {
            "form": form,
            "title": _("Edit %(title)s") % {"title": training.title},
            "back": reverse("workspace:training", args=[training.pk]),
        },
    )


STATUS_ACTIONS = {
    "publish": (services.training_publish, _("The training is published.")),
    "held": (services.training_mark_held, _("The training is marked as held.")),
    "close": (services.training_close, _("The training is closed.")),
}


@require_POST
def training_status(request, pk):
    training = get_training_for_user(request.user, pk)
    require_change(request.user, training.centre_id)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    try:
        changed = action[0](training=training)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        in_review = changed.status == Training.Status.IN_REVIEW
        messages.success(
            request, _("The training is submitted for review.") if in_review else action[1]
        )
    return redirect("workspace:training", pk=training.pk)


# --- sessions and attendance ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    training = get_training_for_user(request.user, pk)
    require_change(request.user, training.centre_id)
    network = training.format == Format.LEARNING_NETWORK
    form = SessionForm(request.POST or None, learning_network=network, centre_id=training.centre_id)
    if _submit(
        request,
        form,
        lambda data: services.session_create(training=training, fields=data),
        _("The meeting was added.") if network else _("The session was added."),
    ):
        return redirect("workspace:training", pk=training.pk)
    return render(
        request,
        "workspace/form.html",
        {
            "form": form,
            "title": _("New meeting") if network else _("New session"),
            "subtitle": training.title,
            "back": reverse("workspace:training", args=[training.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk)
    training = session.training
    require_change(request.user, training.centre_id)
    network = training.format == Format.LEARNING_NETWORK
    form = SessionForm(
        request.POST or None,
        instance=session,
        learning_network=network,
        centre_id=training.centre_id,
    )
    if _submit(
        request,
        form,
        lambda data: services.session_update(session=session, fields=data),
        _("The session was saved."),
    ):
        return redirect("workspace:training", pk=training.pk)
    return render(
        request,
        "workspace/form.html",
        {
            "form": form,
            "title": _("Edit session"),
            "subtitle": training.title,
            "back": reverse("workspace:training", args=[training.pk]),
        },
    )


def _attendance_entries(post, rows) -> tuple[dict, dict[int, str]]:
    """What the form says for each row, and an error per row (by enrolment id) whose hours
    are not a number."""
    entries, errors = {}, {}
    for row in rows:
        pk = row.enrolment.pk
        present = post.get(f"present-{pk}") == "1"
        raw = (post.get(f"hours-{pk}") or "").strip().replace(",", ".")
        hours = None
        if raw:
            try:
                hours = Decimal(raw)
                if not hours.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors[pk] = _("'%(value)s' is not a number of hours.") % {"value": raw[:20]}
        entries[pk] = (present, hours)
    return entries, errors


def _as_posted(post, rows) -> list:
    """The rows as the coordinator typed them, so that one bad value loses nothing else."""
    return [
        replace(
            row,
            present=post.get(f"present-{row.enrolment.pk}") == "1",
            hours=(post.get(f"hours-{row.enrolment.pk}") or "").strip()[:20] or None,
        )
        for row in rows
    ]


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    session = get_session_for_user(request.user, pk)
    can_change = can_change_centre(request.user, session.training.centre_id)
    rows = sel.attendance_sheet(session)
    row_errors: dict[int, str] = {}
    errors: list[str] = []
    if request.method == "POST":
        require_change(request.user, session.training.centre_id)
        entries, row_errors = _attendance_entries(request.POST, rows)
        if request.POST.get("everyone") == "1":  # "everyone present": the whole session each
            entries, row_errors = {row.enrolment.pk: (True, None) for row in rows}, {}
        if not row_errors:
            try:
                changed = services.attendance_log(session=session, entries=entries)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    row_errors = {int(pk): " ".join(m) for pk, m in exc.message_dict.items()}
                else:
                    errors = exc.messages
            else:
                messages.success(
                    request, _("Attendance saved (%(count)d changes).") % {"count": changed}
                )
                return redirect("workspace:attendance", pk=session.pk)
        rows = _as_posted(request.POST, rows)
        names = {row.enrolment.pk: _person_name(row.enrolment.person) for row in rows}
        errors += [f"{names[pk]}: {message}" for pk, message in row_errors.items()]
        if errors:
            errors.insert(0, _("Nothing was saved yet: correct the marked rows and save again."))
    return render(
        request,
        "workspace/attendance.html",
        {
            "session": session,
            "training": session.training,
            "rows": rows,
            "errors": errors,
            "row_errors": row_errors,
            "can_change": can_change,
            "present_count": sum(1 for r in rows if r.present),
            "not_started": session.starts_at > timezone.now(),
            "walk_in_form": WalkInForm(),
        },
    )


def _person_name(person) -> str:
    return person.get_full_name() or person.email


WALK_IN_ROWS = 6


@require_GET
def session_signin_sheet(request, pk):
    """The session's sign-in sheet as PDF, to print: who may read its attendance may print it."""
    session = get_session_for_user(request.user, pk)
    html = render_to_string(
        "workspace/signin_sheet_pdf.html",
        {
            "session": session,
            "training": session.training,
            "enrolments": sel.signin_sheet(session),
            "walk_in_rows": range(WALK_IN_ROWS),
        },
        request=request,
    )
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    label, day = _("sign-in sheet"), timezone.localdate(session.starts_at)
    name = slugify(f"{label} {session.training.code} {day:%Y-%m-%d}")
    return pdf_response(pdf, filename=f"{name}.pdf", inline=True)


# --- imports --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    job_id = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        from django.conf import settings

        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            form.add_error(
                "file",
                _("The file is too large (at most %(mb)d MB).")
                % {"mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        else:
            job_id, report = import_services.import_check(
                kind=form.cleaned_data["kind"],
                data=upload.read(),
                filename=upload.name,
                centre_ids=changeable_centre_ids(request.user),
                owner_id=request.user.pk,
                preview_rows=PREVIEW_ROWS,
            )
            if report is None:  # a large file is checked by a Celery job
                return redirect("workspace:import_job", job_id=job_id)
            if not report.ok:
                job_id = None
    return render(
        request,
        "workspace/import.html",
        {
            "form": form,
            "report": report,
            "job_id": job_id,
            "preview_rows": PREVIEW_ROWS,
            "columns": _import_columns(),
        },
    )


def _import_columns():
    """The kinds of the import page in the order to import them: what each needs first and
    what to write in each column."""
    from stemnet import imports

    known = imports.kinds()
    return [
        {
            "name": k,
            "label": known[k].label,
            "needs": [known[n].label for n in known[k].needs if n in known],
            "columns": list(imports.column_notes(known[k]).items()),
        }
        for k in ImportForm.KINDS
        if k in known
    ]


@require_GET
def import_template(request, kind, fmt):
    """A template of ``kind`` (XLSX or CSV): the importer's exact columns and one example row
    with the user's own centre and training, ready to fill in and import."""
    from stemnet import imports

    if kind not in ImportForm.KINDS or fmt not in ("xlsx", "csv"):
        raise Http404
    import_kind = imports.get_kind(kind)
    example = import_services.import_template_example(
        kind=kind, centre_ids=changeable_centre_ids(request.user)
    )
    name = _("import template")
    return template_response(
        list(import_kind.all_columns),
        example,
        imports.column_notes(import_kind),
        filename=slugify(f"{name} {import_kind.label}"),
        fmt=fmt,
        sheet=str(import_kind.label),
    )


@require_POST
def import_confirm(request, job_id):
    try:
        report = import_services.import_confirm(job_id=job_id, owner_id=request.user.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workspace:import")
    if report is None:
        return redirect("workspace:import_job", job_id=job_id)
    if report.ok:
        messages.success(
            request,
            _("Imported: %(new)d created, %(updated)d changed, %(unchanged)d unchanged.")
            % report.as_dict(),
        )
        return redirect("workspace:import")
    return render(
        request,
        "workspace/import.html",
        {"form": ImportForm(), "report": report, "columns": _import_columns()},
    )


@require_GET
def import_job(request, job_id):
    progress = import_services.import_progress(job_id=job_id, owner_id=request.user.pk)
    if progress is None:
        raise Http404
    return render(
        request,
        "workspace/import_job.html",
        {
            "job_id": job_id,
            "progress": progress,
            "report": progress.get("report"),
            "preview_rows": PREVIEW_ROWS,
        },
    )


# --- budget ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def budget(request):
    centre_ids = readable_centre_ids(request.user)
    change_ids = changeable_centre_ids(request.user)
    year = _year_filter(request)
    form = None
    if change_ids != frozenset():
        # The training choice: the chosen year's trainings, else this and next year's.
        years = range(year, year + 1) if year else None
        form = BudgetLineForm(request.POST or None, centre_ids=change_ids, years=years)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            fields = dict(form.cleaned_data)
            centre = fields.pop("centre")
            require_change(request.user, centre.pk)
            try:
                budget_services.budget_line_create(centre=centre, fields=fields)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The budget line was added."))
                return redirect("workspace:budget")
    q = _search_term(request.GET.get("q", ""))
    page = _page(request, sel.budget_lines(centre_ids, year=year, q=q))
    return render(
        request,
        "workspace/budget.html",
        {
            "lines": page.object_list,
            "page": page,
            "paginator": page.paginator,
            "years": sel.budget_overview(centre_ids),
            "form": form,
            "year": year,
            "q": q,
        },
    )


def _year_filter(request) -> int | None:
    """The budget page's ``?year=``: four ASCII digits (``str.isdigit`` also passes "²" and
    thousands of digits, which ``int`` or the database refuse); else every year, with a word."""
    raw = request.GET.get("year", "")
    if re.fullmatch(r"[0-9]{4}", raw):
        return int(raw)
    if raw:
        messages.warning(request, _("That year is not valid; you see every year."))
    return None


@require_http_methods(["GET", "POST"])
def budget_edit(request, pk):
    line = get_budget_line_for_user(request.user, pk)
    require_change(request.user, line.centre_id)
    form = BudgetLineForm(request.POST or None, instance=BudgetLine.objects.get(pk=line.pk))
    if request.method == "POST":
        if request.POST.get("delete"):
            budget_services.budget_line_delete(line=line)
            messages.success(request, _("The budget line was removed."))
            return redirect("workspace:budget")
        if _submit(
            request,
            form,
            lambda data: budget_services.budget_line_update(line=line, fields=data),
            _("The budget line was saved."),
        ):
            return redirect("workspace:budget")
    return render(request, "workspace/budget_edit.html", {"form": form, "line": line})


BUDGET_COLUMNS = ["centre", "training", "year", "category", "source", "planned_eur", "paid_eur"]


@require_GET
def budget_export(request):
    """The budget lines as XLSX (or CSV) in the import's columns: export, edit, import again."""
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    lines = sel.budget_lines(readable_centre_ids(request.user))
    rows = (
        [
            ln.centre.code,
            ln.training.code if ln.training_id else "",
            ln.year,
            ln.category,
            ln.source.name,
            ln.planned_eur,
            ln.paid_eur,
        ]
        for ln in lines
    )
    return table_response(BUDGET_COLUMNS, rows, filename="budget", fmt=fmt, sheet=_("Budget lines"))
