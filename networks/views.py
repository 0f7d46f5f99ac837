"""Pages of the networks app. Access is declared in ``urls.py``; object access is checked here
once through ``permissions``; reads come from ``selectors`` and writes go through ``services``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stemnet import charts

from . import permissions, selectors, services
from .forms import CentreForm, DirectoryFilterForm, GoodPracticeForm


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    networks = list(selectors.network_directory(
        country=filters.get("country") or "", focus=filters.get("focus") or "",
        size=filters.get("size") or ""))
    return render(request, "networks/directory.html", {"form": form, "networks": networks})


def _funding_chart(table: selectors.FundingTable, title: str):
    if not table:
        return None
    series = [charts.Series(str(row["source"]), row["amounts"]) for row in table.rows]
    return charts.bar_chart(title=title, categories=[str(y) for y in table.years],
                            series=series, stacked=True, value_label=_("EUR"),
                            category_label=_("Year"), show_values=False)


def network_detail(request, code):
    page = selectors.network_page(code=code, user=request.user)
    if page is None:
        raise Http404
    chart = _funding_chart(page.funding, _("Funding of %(name)s by source and year (EUR)")
                           % {"name": page.network.name})
    return render(request, "networks/network_detail.html", {"page": page, "chart": chart})


def centre_detail(request, code):
    page = selectors.centre_page(code=code, user=request.user)
    if page is None:
        raise Http404
    return render(request, "networks/centre_detail.html", {
        "page": page, "can_change": permissions.can_change_centre(request.user, page.centre),
    })


def compare(request):
    comparison = selectors.compare(network_codes=request.GET.getlist("network"),
                                   centre_codes=request.GET.getlist("centre"),
                                   user=request.user)
    networks, centres = selectors.compare_choices()
    return render(request, "networks/compare.html", {
        "comparison": comparison, "networks": networks, "centres": centres,
        "picked_networks": request.GET.getlist("network"),
        "picked_centres": request.GET.getlist("centre"),
        "min": selectors.COMPARE_MIN, "max": selectors.COMPARE_MAX,
    })


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def centre_edit(request, code):
    centre = permissions.get_centre_for_change(request.user, code)
    form = CentreForm(request.POST or None, instance=centre)
    if request.method == "POST" and form.is_valid():
        try:
            services.centre_update(centre=centre, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The centre's details were saved."))
            return redirect("networks:centre", code=centre.code)
    return render(request, "networks/centre_edit.html", {
        "centre": centre, "form": form, "practices": selectors.centre_practices(centre),
    })


def practice_detail(request, pk):
    practice = permissions.get_good_practice_for_user(request.user, pk)
    return render(request, "networks/practice_detail.html", {
        "practice": practice,
        "can_change": permissions.can_change_centre(request.user, practice.centre),
    })


def practice_create(request, code):
    centre = permissions.get_centre_for_change(request.user, code)
    form = GoodPracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice = services.good_practice_create(
                centre=centre, title=data["title"], theme=data["theme"],
                summary=data["summary"], links=data["links"], status=data["status"],
                attachment=data["attachment"] or None)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The good practice was saved."))
            return redirect("networks:practice", pk=practice.pk)
    return render(request, "networks/practice_form.html", {"centre": centre, "form": form,
                                                           "practice": None})


def practice_edit(request, pk):
    practice = permissions.get_good_practice_for_change(request.user, pk)
    form = GoodPracticeForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = request.FILES.get("attachment")
        try:
            services.good_practice_update(
                practice=practice, title=data["title"], theme=data["theme"],
                summary=data["summary"], links=data["links"], status=data["status"],
                attachment=upload, remove_attachment=data.get("remove_attachment", False))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The good practice was saved."))
            return redirect("networks:practice", pk=practice.pk)
    return render(request, "networks/practice_form.html", {
        "centre": practice.centre, "form": form, "practice": practice})
