"""Pages of the library. Access is declared in ``urls.py``; object access is checked here
once through ``permissions``; reads come from ``selectors`` and writes go through
``services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from networks.models import Centre
from stemnet import access, uploads
from stemnet.pagination import page_of

from . import permissions, selectors, services
from .forms import LibraryFilterForm, LibraryItemForm, ReservationForm
from .models import Kind


def _errors_onto(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_GET
def index(request):
    form = LibraryFilterForm(request.GET)
    items = selectors.library_search(form.to_query())
    page = page_of(request, items, selectors.PAGE_SIZE)
    return render(
        request,
        "library/index.html",
        {
            "form": form,
            "page": page,
            "paginator": page.paginator,
            "can_add": bool(access.coordinated_centre_ids(request.user))
            or access.is_admin(request.user),
        },
    )


@require_GET
def item_detail(request, pk):
    item = permissions.get_item_for_user(request.user, pk)
    context = selectors.item_page(item, user=request.user)
    context["can_change"] = permissions.can_change_item(request.user, item)
    if item.kind == Kind.KIT and request.user.is_authenticated:
        context["reservation_form"] = ReservationForm(
            initial=ReservationForm.initial_for(timezone.localdate())
        )
    return render(request, "library/item_detail.html", context)


@require_GET
def attachment(request, pk):
    """An attachment, to whoever may see its item (404 otherwise); published items' files
    may be cached by shared caches, drafts' only privately."""
    found = permissions.get_attachment_for_user(request.user, pk)
    return uploads.download_response(
        found.file,
        fallback_name=found.title or found.item.title,
        cache="public, max-age=3600" if found.item.is_published else "private",
    )


def _managed_centres(user):
    if access.is_admin(user):
        return Centre.objects.order_by("name")
    return Centre.objects.filter(pk__in=access.coordinated_centre_ids(user)).order_by("name")


def _item_values(data) -> dict:
    return {
        "title": data["title"],
        "summary": data["summary"],
        "kind": data["kind"],
        "stem_domains": data["stem_domains"],
        "levels": data["levels"],
        "keys": data["keys"],
        "themes": data["themes"],
        "authors": data["authors"],
        "licence": data["licence"],
        "link": data["link"],
        "max_loan_days": data.get("max_loan_days"),
        "trainings": data["trainings"],
    }


def _save(request, form, write) -> object | None:
    """Run ``write(data)`` and the attachment and copies that came with the form in one
    transaction; errors go back onto the form (nothing saved)."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        with transaction.atomic():
            item = write(data)
            if data.get("attachment"):
                services.library_attachment_add(
                    item=item, file=data["attachment"], title=data.get("attachment_title") or ""
                )
            if data.get("copies") is not None:
                services.kit_copies_set(kit=item, count=data["copies"])
    except ValidationError as exc:
        _errors_onto(form, exc)
        return None
    return item


def item_create(request):
    centres = _managed_centres(request.user)
    initial = {}
    code = request.GET.get("centre", "").replace("\x00", "").strip()[:10]
    if code:  # a link from a centre's page; anything else simply preselects nothing
        initial["centre"] = centres.filter(code=code).first()
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
    form = LibraryItemForm(
        request.POST or None, request.FILES or None, centres=centres, initial=initial
    )
    item = _save(
        request,
        form,
        lambda data: services.library_item_create(centre=data["centre"], **_item_values(data)),
    )
    if item is not None:
        messages.success(request, _("The item was saved as a draft."))
        return redirect("library:item", pk=item.pk)
    return render(request, "library/item_form.html", {"form": form, "item": None})


def item_edit(request, pk):
    item = permissions.get_item_for_change(request.user, pk)
    initial = {
        "title": item.title,
        "kind": item.kind,
        "summary": item.summary,
        "stem_domains": item.stem_domains,
        "levels": item.levels,
        "keys": item.keys,
        "themes": item.themes,
        "authors": item.authors,
        "licence": item.licence,
        "link": item.link,
        "trainings": list(item.trainings.all()),
        "copies": item.copies.filter(active=True).count() if item.is_kit else None,
        "max_loan_days": item.max_loan_days,
    }
    form = LibraryItemForm(
        request.POST or None,
        request.FILES or None,
        centres=_managed_centres(request.user),
        item=item,
        initial=initial,
    )
    saved = _save(
        request,
        form,
        lambda data: services.library_item_update(item=item, **_item_values(data)),
    )
    if saved is not None:
        messages.success(request, _("The item was saved."))
        return redirect("library:item", pk=item.pk)
    return render(
        request,
        "library/item_form.html",
        {"form": form, "item": item, "attachments": list(item.attachments.all())},
    )


@require_POST
def item_publish(request, pk):
    item = permissions.get_item_for_change(request.user, pk)
    services.library_item_publish(item=item, by=request.user)
    messages.success(request, _("The item is published: everyone can find it in the library."))
    return redirect("library:item", pk=item.pk)


@require_POST
def item_unpublish(request, pk):
    item = permissions.get_item_for_change(request.user, pk)
    services.library_item_unpublish(item=item)
    messages.success(request, _("The item is a draft again."))
    return redirect("library:item", pk=item.pk)


@require_POST
def attachment_delete(request, pk):
    found = permissions.get_attachment_for_change(request.user, pk)
    services.library_attachment_remove(attachment=found)
    messages.success(request, _("The attachment was removed."))
    return redirect("library:edit", pk=found.item_id)


@require_GET
def manage(request):
    return render(
        request,
        "library/manage.html",
        {
            "items": list(selectors.managed_items(request.user)),
            "reservations": selectors.centre_reservations(request.user),
            "today": timezone.localdate(),
        },
    )


@require_POST
def reserve(request, pk):
    item = permissions.get_item_for_user(request.user, pk)
    if item.kind != Kind.KIT:
        raise Http404
    form = ReservationForm(request.POST)
    if form.is_valid():
        try:
            reservation = services.kit_reserve(
                kit=item,
                person=request.user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("Reserved: copy %(copy)s. Collect it at %(centre)s on the first day.")
                % {"copy": reservation.copy.label, "centre": item.centre.name},
            )
            return redirect("library:my_reservations")
    context = selectors.item_page(item, user=request.user)
    context.update(
        can_change=permissions.can_change_item(request.user, item), reservation_form=form
    )
    return render(request, "library/item_detail.html", context, status=400)


@require_GET
def my_reservations(request):
    return render(
        request,
        "library/my_reservations.html",
        {"reservations": selectors.own_reservations(request.user), "today": timezone.localdate()},
    )


def _reservation_step(request, reservation, step, done: str, back: str):
    try:
        step(reservation=reservation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(back)


@require_POST
def reservation_cancel(request, pk):
    reservation = permissions.get_own_reservation(request.user, pk)
    return _reservation_step(
        request,
        reservation,
        services.kit_reservation_cancel,
        _("Your reservation is cancelled."),
        reverse("library:my_reservations"),
    )


@require_POST
def reservation_collect(request, pk):
    reservation = permissions.get_reservation_for_centre(request.user, pk)
    return _reservation_step(
        request,
        reservation,
        services.kit_reservation_collect,
        _("Marked as collected."),
        reverse("library:manage"),
    )


@require_POST
def reservation_return(request, pk):
    reservation = permissions.get_reservation_for_centre(request.user, pk)
    return _reservation_step(
        request,
        reservation,
        services.kit_reservation_return,
        _("Marked as returned."),
        reverse("library:manage"),
    )
