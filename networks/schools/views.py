from django.http import JsonResponse
from django.shortcuts import render

from .models import School


def suggest(request):
    """Schools matching ``?q=`` or ``?school=`` (name, number or municipality), for the
    profile's school picker: ``<option>`` elements for htmx (the input's ``<datalist>``),
    JSON otherwise."""
    # ``school``: the profile form's input, as htmx sends it.
    text = request.GET.get("q") or request.GET.get("school") or ""
    if not isinstance(text, str) or "\x00" in text:
        text = ""
    schools = School.objects.search(text)
    if getattr(request, "htmx", False):
        return render(request, "schools/_suggestions.html", {"schools": schools})
    return JsonResponse(
        {
            "results": [
                {
                    "number": s.number,
                    "name": s.name,
                    "municipality": s.municipality,
                    "postcode": s.postcode,
                    "label": s.label,
                }
                for s in schools
            ]
        }
    )
