"""Pages of the networks app. Access is declared in ``urls.py``; object access is checked here
once through ``permissions``; reads come from ``selectors`` and writes go through ``services``.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stemnet import charts, uploads

from . import permissions, selectors, services
from .comparison import COMPARE_MAX, COMPARE_MIN, home_network_code
from .forms import CentreForm, DirectoryFilterForm, GoodPracticeForm


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    networks = list(
        selectors.network_directory(
            country=filters.get("country") or "",
            focus=filters.get("focus") or "",
            size=filters.get("size") or "",
        )
    )
    compare_query = urlencode([("network", n.code) for n in networks[:COMPARE_MAX]])
    return render(
        request,
        "networks/directory.html",
        {
            "form": form,
            "networks": networks,
            "compare_query": compare_query if len(networks) >= COMPARE_MIN else "",
        },
    )


def _funding_chart(table: selectors.FundingTable, title: str):
    if not table:
        return None
    series = [charts.Series(str(row["source"]), row["amounts"]) for row in table.rows]
    return charts.bar_chart(
        title=title,
        categories=[str(y) for y in table.years],
        series=series,
        stacked=True,
        value_label=_("EUR"),
        category_label=_("Year"),
        show_values=False,
    )


def network_detail(request, code):
    page = selectors.network_page(code=code, user=request.user)
    if page is None:
        raise Http404
    chart = _funding_chart(
        page.funding,
        _("Funding of %(name)s by source and year (EUR)") % {"name": page.network.name},
    )
    return render(
        request,
        "networks/network_detail.html",
        {
            "page": page,
            "chart": chart,
            # the map of participants per province: the portal's own network only
            "reach_map": page.network.code == home_network_code(),
        },
    )


def centre_detail(request, code):
    page = selectors.centre_page(code=code, user=request.user)
    if page is None:
        raise Http404
    return render(
        request,
        "networks/centre_detail.html",
        {
            "page": page,
            "can_change": permissions.can_change_centre(request.user, page.centre),
        },
    )


def compare(request):
    comparison = selectors.compare(
        network_codes=request.GET.getlist("network"),
        centre_codes=request.GET.getlist("centre"),
        user=request.user,
    )
    networks, centres = selectors.compare_choices()
    return render(
        request,
        "networks/compare.html",
        {
            "comparison": comparison,
            "networks": networks,
            "centres": centres,
            "picked_networks": request.GET.getlist("network"),
            "picked_centres": request.GET.getlist("centre"),
            "min": COMPARE_MIN,
            "max": COMPARE_MAX,
        },
    )


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _submit(request, form, write, done: str, next_url):
    """On a valid POST, call ``write(cleaned_data)`` (one service) and redirect to
    ``next_url(result)``; a ``ValidationError`` from the service goes back onto the form.
    Returns the redirect, or None when the form is to be shown (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None
    messages.success(request, done)
    return redirect(next_url(result))


def _practice_fields(data) -> dict:
    return {
        "title": data["title"],
        "theme": data["theme"],
        "summary": data["summary"],
        "links": data["links"],
        "status": data["status"],
    }


def centre_edit(request, code):
    centre = permissions.get_centre_for_change(request.user, code)
    form = CentreForm(request.POST or None, instance=centre)
    done = _submit(
        request,
        form,
        lambda data: services.centre_update(centre=centre, **data),
        _("The centre's details were saved."),
        lambda c: reverse("networks:centre", kwargs={"code": c.code}),
    )
    return done or render(
        request,
        "networks/centre_edit.html",
        {"centre": centre, "form": form},  # its items: the library's template tag
    )


def practice_detail(request, pk):
    practice = permissions.get_good_practice_for_user(request.user, pk)
    return render(
        request,
        "networks/practice_detail.html",
        {
            "practice": practice,
            "can_change": permissions.can_change_centre(request.user, practice.centre),
        },
    )


@require_GET
def practice_attachment(request, pk):
    """The attachment of a good practice, to whoever may see the practice (404 otherwise):
    served here, not from ``MEDIA_URL``, which production does not serve."""
    practice = permissions.get_good_practice_for_user(request.user, pk)
    published = practice.status == practice.Status.PUBLISHED
    return uploads.download_response(
        practice.attachment,
        fallback_name=practice.title,
        cache="private" if published else "private, no-store",
    )


def _practice_url(practice) -> str:
    return reverse("networks:practice", kwargs={"pk": practice.pk})


def practice_create(request, code):
    centre = permissions.get_centre_for_change(request.user, code)
    form = GoodPracticeForm(request.POST or None, request.FILES or None)
    done = _submit(
        request,
        form,
        lambda data: services.good_practice_create(
            centre=centre, attachment=data["attachment"] or None, **_practice_fields(data)
        ),
        _("The good practice was saved."),
        _practice_url,
    )
    return done or render(
        request, "networks/practice_form.html", {"centre": centre, "form": form, "practice": None}
    )


def practice_edit(request, pk):
    practice = permissions.get_good_practice_for_change(request.user, pk)
    form = GoodPracticeForm(request.POST or None, request.FILES or None, instance=practice)
    done = _submit(
        request,
        form,
        lambda data: services.good_practice_update(
            practice=practice,
            attachment=request.FILES.get("attachment"),
            remove_attachment=data.get("remove_attachment", False),
            **_practice_fields(data),
        ),
        _("The good practice was saved."),
        _practice_url,
    )
    return done or render(
        request,
        "networks/practice_form.html",
        {"centre": practice.centre, "form": form, "practice": practice},
    )
