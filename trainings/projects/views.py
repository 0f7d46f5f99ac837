"""Pages of school development projects: read the input, check access once, call one service,
render. Who may open which URL: ``urls.py``; which object: ``permissions.py``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from networks.models import Centre, Province
from stemnet import access, uploads
from stemnet.accounts.models import Level

from . import permissions, selectors, services
from .forms import (
    ApplicationForm,
    BudgetFormSet,
    CallForm,
    DecisionForm,
    FinalReportForm,
    InviteForm,
    MilestoneForm,
    ProgressForm,
    ProjectForm,
    ReviewForm,
    budget_lines,
)
from .models import Call, Milestone, Project, Review

LEVELS = dict(Level.choices)
PROVINCES = dict(Province.choices)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- public -----------------------------------------------------------------------------------


def call_index(request):
    return render(
        request,
        "projects/call_index.html",
        {
            "calls": selectors.open_calls(),
            "past": selectors.past_calls(),
            "published": selectors.published_projects()[:12],
        },
    )


def call_detail(request, pk):
    call = permissions.get_call_for_user(request.user, pk)
    refusal = None
    own = None
    if request.user.is_authenticated:
        refusal = services.apply_refusal(call, request.user)
        own = call.applications.filter(members__person=request.user).first()
    return render(
        request,
        "projects/call_detail.html",
        {
            "call": call,
            "criteria": call.criteria.all(),
            "questions": call.questions.all(),
            "refusal": refusal,
            "own": own,
            "can_manage": permissions.can_manage_call(request.user, call),
            "levels_display": [str(LEVELS.get(code, code)) for code in call.levels],
            "provinces_display": [str(PROVINCES.get(code, code)) for code in call.provinces],
            "projects": selectors.call_projects(call).filter(
                final_report_published_at__isnull=False
            ),
        },
    )


def project_public(request, pk):
    project = permissions.get_published_project(pk)
    return render(request, "projects/project_public.html", {"project": project})


# --- applicants -------------------------------------------------------------------------------


@require_POST
def apply(request, pk):
    call = permissions.get_call_for_user(request.user, pk)
    try:
        application = services.application_start(call=call, person=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("projects:call", pk=call.pk)
    return redirect("projects:application_edit", pk=application.pk)


def my_applications(request):
    return render(
        request,
        "projects/my_applications.html",
        {"applications": selectors.my_applications(request.user)},
    )


def application_edit(request, pk):
    application = permissions.get_application_for_team(request.user, pk)
    if not application.is_draft:
        return redirect("projects:application", pk=application.pk)
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(
        data, request.FILES or None, application=application, person=request.user
    )
    initial = [
        {"description": i.description, "category": i.category, "amount_eur": i.amount_eur}
        for i in application.budget_items.all()
    ]
    budget = BudgetFormSet(data, initial=initial, prefix="budget")
    if request.method == "POST" and form.is_valid() and budget.is_valid():
        submit = "submit" in request.POST
        try:
            services.application_save(
                application=application,
                person=request.user,
                title=form.cleaned_data["title"],
                colleague_addresses=form.cleaned_data["colleagues"],
                answers=form.answers(),
                budget=budget_lines(budget),
                new_files=[f for f in [form.cleaned_data.get("attachment")] if f],
                removed_attachments=[int(p) for p in form.cleaned_data.get("remove", [])],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if not submit:
                messages.success(request, _("Your draft was saved."))
                return redirect("projects:application_edit", pk=application.pk)
            try:
                services.application_submit(application=application, person=request.user)
            except ValidationError as exc:
                messages.warning(
                    request,
                    _("Your draft was saved but not submitted: %(reasons)s")
                    % {"reasons": " ".join(exc.messages)},
                )
                return redirect("projects:application_edit", pk=application.pk)
            messages.success(request, _("Your application was submitted. A receipt is on its way."))
            return redirect("projects:application", pk=application.pk)
    return render(
        request,
        "projects/application_form.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "budget": budget,
            "members": application.members.select_related("person"),
            "attachments": application.attachments.all(),
            "missing": services.application_missing(application),
        },
    )


def application_detail(request, pk):
    application = permissions.get_application_for_user(request.user, pk)
    call = application.call
    can_manage = permissions.can_manage_call(request.user, call)
    reviewer = permissions.reviewer_of(request.user, call.pk)
    return render(
        request,
        "projects/application_detail.html",
        {
            "application": application,
            "call": call,
            "members": application.members.select_related("person"),
            "answers": application.answers.select_related("question").order_by(
                "question__position"
            ),
            "budget": application.budget_items.all(),
            "attachments": application.attachments.all(),
            "can_manage": can_manage,
            "is_member": permissions.is_member(request.user, application),
            "reviewer": reviewer,
            "project": getattr(application, "project", None),
        },
    )


@require_GET
def attachment_download(request, pk):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    return uploads.download_response(
        attachment.file, fallback_name=attachment.filename, cache="private, no-store"
    )


# --- reviewers --------------------------------------------------------------------------------


def my_reviews(request):
    return render(
        request, "projects/my_reviews.html", {"calls": selectors.my_reviews(request.user)}
    )


def review(request, pk):
    application, reviewer = permissions.get_application_for_review(request.user, pk)
    criteria = list(application.call.criteria.all())
    existing = Review.objects.filter(reviewer=reviewer, application=application).first()
    form = ReviewForm(request.POST or None, criteria=criteria, review=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_save(
                reviewer=reviewer,
                application=application,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your review was saved."))
            return redirect("projects:my_reviews")
    return render(
        request,
        "projects/review_form.html",
        {"application": application, "call": application.call, "form": form},
    )


@require_POST
def conflict(request, pk):
    application, reviewer = permissions.get_application_for_conflict(request.user, pk)
    services.conflict_declare(reviewer=reviewer, application=application)
    messages.success(
        request,
        _("Your conflict of interest with “%(title)s” is recorded: you no longer see it.")
        % {"title": application.title},
    )
    return redirect("projects:my_reviews")


# --- coordinators -----------------------------------------------------------------------------


def _centres(user):
    centres = Centre.objects.filter(kind__in=[Centre.Kind.NATIONAL, Centre.Kind.REGIONAL])
    if not access.is_admin(user):
        centres = centres.filter(pk__in=access.coordinated_centre_ids(user))
    return centres.order_by("name")


def manage(request):
    return render(request, "projects/manage.html", {"calls": selectors.managed_calls(request.user)})


def _call_form(request, call: Call | None):
    centres = _centres(request.user)
    initial = CallForm.initial_for(call) if call else {}
    form = CallForm(request.POST or None, centres=centres, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.call_save(
                centre=data["centre"],
                user=request.user,
                call=call,
                title=data["title"],
                aims=data["aims"],
                levels=data["levels"],
                provinces=data["provinces"],
                budget_per_project_eur=data["budget_per_project_eur"],
                budget_total_eur=data["budget_total_eur"],
                projects_max=data["projects_max"],
                source=data["source"],
                deadline=data["deadline"],
                criteria=data["criteria"],
                questions=data["questions"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The call was saved."))
            return redirect("projects:call", pk=saved.pk)
    return render(request, "projects/call_form.html", {"form": form, "call": call})


def call_create(request):
    return _call_form(request, None)


def call_edit(request, pk):
    call = permissions.get_call_for_change(request.user, pk)
    if call.status != Call.Status.DRAFT:
        messages.error(request, _("Only a draft call can be changed."))
        return redirect("projects:call", pk=call.pk)
    return _call_form(request, call)


@require_POST
def call_status(request, pk):
    call = permissions.get_call_for_change(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.call_open(call=call)
            messages.success(request, _("The call is open and being announced."))
        elif action == "close":
            services.call_close(call=call)
            messages.success(request, _("The call is closed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("projects:call", pk=call.pk)


def reviewers(request, pk):
    call = permissions.get_call_for_change(request.user, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reviewer_invite(call=call, invited_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The reviewer was invited by e-mail."))
            return redirect("projects:reviewers", pk=call.pk)
    return render(
        request,
        "projects/reviewers.html",
        {"call": call, "form": form, "reviewers": call.reviewers.select_related("person")},
    )


def review_table(request, pk):
    call = permissions.get_call_for_change(request.user, pk)
    return render(
        request,
        "projects/review_table.html",
        {"table": selectors.review_table(call), "call": call},
    )


def decide(request, pk):
    application = permissions.get_application_for_decision(request.user, pk)
    call = application.call
    form = DecisionForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                application=application,
                user=request.user,
                accepted=data["decision"] == "accept",
                motivation=data["motivation"],
                grant_eur=data["grant_eur"],
                coach=data["coach"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded and the team is told."))
            return redirect("projects:review_table", pk=call.pk)
    return render(
        request,
        "projects/decision_form.html",
        {"application": application, "call": call, "form": form},
    )


# --- projects ---------------------------------------------------------------------------------


def _project_page(request, project: Project, **forms):
    project = selectors.project_detail(project)
    call = project.application.call
    can_change = permissions.can_change_project(request.user, project)
    can_work = permissions.can_work_on_project(request.user, project)
    context = {
        "project": project,
        "call": call,
        "can_change": can_change,
        "can_work": can_work,
        "milestone_form": forms.get("milestone_form") or MilestoneForm(),
        "progress_form": forms.get("progress_form") or ProgressForm(),
        "final_form": forms.get("final_form")
        or FinalReportForm(initial={"report": project.final_report}),
        "project_form": forms.get("project_form")
        or ProjectForm(
            call=call, initial={"paid_eur": project.paid_eur, "coach": project.coach_id}
        ),
    }
    return render(request, "projects/project_detail.html", context)


def project_detail(request, pk):
    project = permissions.get_project_for_user(request.user, pk)
    if request.method != "POST":
        return _project_page(request, project)
    if not permissions.can_work_on_project(request.user, project):
        raise Http404
    action = request.POST.get("action")
    done = redirect("projects:project", pk=project.pk)
    if action == "milestone":
        form = MilestoneForm(request.POST)
        if form.is_valid():
            services.milestone_add(project=project, **form.cleaned_data)
            messages.success(request, _("The milestone was added."))
            return done
        return _project_page(request, project, milestone_form=form)
    if action in ("done", "undone"):
        milestone = Milestone.objects.filter(
            project=project, pk=_int(request.POST.get("milestone"))
        ).first()
        if milestone is None:
            raise Http404
        services.milestone_mark(milestone=milestone, done=action == "done")
        return done
    if action == "progress":
        form = ProgressForm(request.POST)
        if form.is_valid():
            services.progress_report_add(
                project=project, author=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("The progress report was added."))
            return done
        return _project_page(request, project, progress_form=form)
    if action in ("final", "publish"):
        form = FinalReportForm(request.POST)
        if form.is_valid():
            services.final_report_save(project=project, text=form.cleaned_data["report"])
            if action == "publish":
                if not permissions.can_change_project(request.user, project):
                    raise Http404
                services.final_report_publish(project=project, by=request.user)
                messages.success(request, _("The final report is published for other schools."))
            else:
                messages.success(request, _("The final report was saved."))
            return done
        return _project_page(request, project, final_form=form)
    if action == "grant" and permissions.can_change_project(request.user, project):
        form = ProjectForm(request.POST, call=project.application.call)
        if form.is_valid():
            try:
                services.project_update(
                    project=project,
                    paid_eur=form.cleaned_data["paid_eur"],
                    coach=form.cleaned_data["coach"],
                    status=project.status,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The grant was saved."))
                return done
        return _project_page(request, project, project_form=form)
    raise Http404


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def project_index(request):
    """The projects of the centres ``user`` coordinates."""
    projects = Project.objects.select_related("application__call__centre", "application__school")
    if not access.is_admin(request.user):
        projects = projects.filter(
            Q(application__call__centre_id__in=access.coordinated_centre_ids(request.user))
            | Q(coach=request.user)
        )
    return render(request, "projects/project_index.html", {"projects": projects})
