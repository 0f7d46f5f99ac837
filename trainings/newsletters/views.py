"""The newsletter pages: the lists and their subscription form, the public archive, the
confirmation and one-click unsubscribe links (no log-in: the signed code or the token is the
key), a person's subscriptions, and the coordinator's composer, preview and sending."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import IssueForm, SubscribeForm
from .library import issue_library_picks, library_candidates
from .mail import issue_build
from .models import Issue, NewsletterList, Subscription
from .permissions import get_issue_for_user, get_newsletter_for_user, newsletters_run_by

PREVIEW_TOKEN = "voorbeeld"  # noqa: S105  (no secret: the preview's unsubscribe link is a dummy)

# --- public ---------------------------------------------------------------------------------


def index(request):
    return render(
        request, "newsletters/index.html", {"newsletters": selectors.public_newsletters()}
    )


@require_http_methods(["GET", "POST"])
def newsletter_detail(request, slug):
    """A list: what it is, the subscription form and the archive of its sent issues."""
    newsletter = get_object_or_404(NewsletterList.objects.select_related("centre"), slug=slug)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = SubscribeForm(request.POST or None, newsletter=newsletter, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_request(
                newsletter=newsletter, email=form.cleaned_data["email"], user=request.user
            )
        except ValidationError as exc:
            form.add_error("email", exc.messages[0])
        else:
            return render(
                request,
                "newsletters/subscribe_sent.html",
                {"newsletter": newsletter, "email": form.cleaned_data["email"]},
            )
    return render(
        request,
        "newsletters/detail.html",
        {
            "newsletter": newsletter,
            "form": form,
            "issues": selectors.archive_issues(newsletter),
        },
    )


def archive_issue(request, slug, pk):
    """One sent issue as a page (the mail's "Read it on the website"). Drafts are a 404."""
    issue = get_object_or_404(
        Issue.objects.select_related("newsletter__centre").filter(sent_at__isnull=False),
        newsletter__slug=slug,
        pk=pk,
    )
    return render(request, "newsletters/issue.html", _issue_context(issue))


def _issue_context(issue: Issue) -> dict:
    library, results = issue_library_picks(issue)
    return {
        "issue": issue,
        "newsletter": issue.newsletter,
        "trainings": selectors.issue_trainings(issue),
        "library": library,
        "results": results,
    }


@require_http_methods(["GET", "POST"])
def confirm(request, code):
    """GET shows the button (a link scanner that opens the link confirms nothing); POST
    confirms."""
    subscription = services.subscription_for_code(code)
    if subscription is None or subscription.unsubscribed_at is not None:
        return render(request, "newsletters/confirm.html", {"invalid": True}, status=404)
    done = subscription.confirmed_at is not None
    if request.method == "POST":
        subscription = services.subscription_confirm(code=code)
        done = True
    return render(
        request,
        "newsletters/confirm.html",
        {"subscription": subscription, "newsletter": subscription.newsletter, "done": done},
    )


@csrf_exempt  # the token is the key; mail clients post here for one-click unsubscribe (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks with one button; POST (the button, or a mail client's one-click) ends the
    subscription at once, as often as it comes."""
    subscription = get_object_or_404(Subscription.objects.select_related("newsletter"), token=token)
    if request.method == "POST":
        services.subscription_end(subscription=subscription)
    return render(
        request,
        "newsletters/unsubscribe.html",
        {
            "subscription": subscription,
            "newsletter": subscription.newsletter,
            "done": request.method == "POST",
        },
    )


# --- signed in ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def mine(request):
    """A person's subscriptions, each with a button to end it."""
    subscriptions = selectors.subscriptions_of(request.user)
    if request.method == "POST":
        chosen = next(
            (s for s in subscriptions if str(s.pk) == request.POST.get("subscription")), None
        )
        if chosen is None:
            raise Http404
        services.subscription_end(subscription=chosen)
        messages.success(
            request,
            _("You no longer receive %(name)s.") % {"name": chosen.newsletter.name},
        )
        return redirect("newsletters:mine")
    return render(
        request,
        "newsletters/mine.html",
        {"subscriptions": subscriptions, "newsletters": selectors.public_newsletters()},
    )


# --- the people who run a list ------------------------------------------------------------


def manage(request):
    return render(
        request, "newsletters/manage.html", {"newsletters": newsletters_run_by(request.user)}
    )


def manage_newsletter(request, slug):
    newsletter = get_newsletter_for_user(request.user, slug)
    subscriptions = newsletter.subscriptions
    return render(
        request,
        "newsletters/manage_newsletter.html",
        {
            "newsletter": newsletter,
            "issues": selectors.newsletter_issues(newsletter),
            "confirmed": selectors.confirmed_subscribers(newsletter).count(),
            "pending": subscriptions.filter(
                confirmed_at__isnull=True, unsubscribed_at__isnull=True
            ).count(),
        },
    )


def _issue_form(request, newsletter: NewsletterList, issue: Issue | None):
    library, results = library_candidates(newsletter, issue)
    initial = {}
    if issue is not None:
        picked_library, picked_results = issue_library_picks(issue)
        initial = {
            "subject": issue.subject,
            "intro": issue.intro,
            "trainings": [t.pk for t in issue.trainings.all()],
            "library_items": [i.pk for i in picked_library],
            "results": [i.pk for i in picked_results],
        }
    return IssueForm(
        request.POST or None,
        initial=initial,
        trainings=selectors.training_candidates(newsletter, issue),
        library=library,
        results=results,
    )


def _save(request, form, *, newsletter: NewsletterList, issue: Issue | None):
    data = form.cleaned_data
    fields = {
        "subject": data["subject"],
        "intro": data["intro"],
        "trainings": list(data.get("trainings") or []),
        "library_items": list(data.get("library_items") or []) + list(data.get("results") or []),
    }
    if issue is None:
        return services.issue_create(newsletter=newsletter, author=request.user, **fields)
    return services.issue_update(issue=issue, **fields)


@require_http_methods(["GET", "POST"])
def issue_new(request, slug):
    newsletter = get_newsletter_for_user(request.user, slug)
    form = _issue_form(request, newsletter, None)
    if request.method == "POST" and form.is_valid():
        try:
            issue = _save(request, form, newsletter=newsletter, issue=None)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Look at the preview before you send it."))
            return redirect("newsletters:issue_preview", pk=issue.pk)
    return render(request, "newsletters/issue_form.html", {"newsletter": newsletter, "form": form})


@require_http_methods(["GET", "POST"])
def issue_edit(request, pk):
    """A draft's composer; a sent issue's page shows how far the sending came."""
    issue = get_issue_for_user(request.user, pk)
    newsletter = issue.newsletter
    if not issue.is_draft:
        return render(
            request,
            "newsletters/issue_status.html",
            {"issue": issue, "newsletter": newsletter, "progress": selectors.issue_progress(issue)},
        )
    form = _issue_form(request, newsletter, issue)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, form, newsletter=newsletter, issue=issue)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("newsletters:issue_preview", pk=issue.pk)
    return render(
        request,
        "newsletters/issue_form.html",
        {"newsletter": newsletter, "form": form, "issue": issue},
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _preview_subscription(request, newsletter: NewsletterList) -> Subscription:
    """A subscription that exists only for the preview: the coordinator as reader."""
    return Subscription(
        newsletter=newsletter, email=request.user.email, user=request.user, token=PREVIEW_TOKEN
    )


def issue_preview(request, pk):
    """The issue as its subscribers will get it: the text part, and the HTML part in a frame
    (``?part=html`` serves the HTML part itself, framed by this page only)."""
    issue = get_issue_for_user(request.user, pk)
    message = issue_build(issue, _preview_subscription(request, issue.newsletter), preview=True)
    if request.GET.get("part") == "html":
        (html,) = [content for content, kind in message.alternatives if kind == "text/html"]
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        # The mail's own rules: inline styles, nothing loaded, framed by the preview only.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; "
            "base-uri 'none'; form-action 'none'"
        )
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response
    return render(
        request,
        "newsletters/issue_preview.html",
        {
            "issue": issue,
            "newsletter": issue.newsletter,
            "subject": message.subject,
            "text": message.body,
            "headers": message.extra_headers,
            "confirmed": selectors.confirmed_subscribers(issue.newsletter).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def issue_send(request, pk):
    """GET asks; POST sends a draft, or goes on with an interrupted sending."""
    issue = get_issue_for_user(request.user, pk)
    progress = selectors.issue_progress(issue)
    if request.method == "POST":
        try:
            if issue.is_draft:
                count = services.issue_send(issue=issue)
                messages.success(request, _("Sending to %(count)s subscribers.") % {"count": count})
            else:
                count = services.issue_send_resume(issue=issue)
                messages.success(
                    request, _("Sending resumed: %(count)s still to go.") % {"count": count}
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("newsletters:issue_edit", pk=issue.pk)
    return render(
        request,
        "newsletters/issue_send.html",
        {
            "issue": issue,
            "newsletter": issue.newsletter,
            "progress": progress,
            "confirmed": selectors.confirmed_subscribers(issue.newsletter).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def issue_delete(request, pk):
    issue = get_issue_for_user(request.user, pk)
    if request.method == "POST":
        try:
            services.issue_delete(issue=issue)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("newsletters:issue_edit", pk=issue.pk)
        messages.success(request, _("Draft deleted."))
        return redirect("newsletters:manage_newsletter", slug=issue.newsletter.slug)
    return render(
        request, "newsletters/issue_delete.html", {"issue": issue, "newsletter": issue.newsletter}
    )
