"""``{% participants_map %}``: this year's participants per province as a map with its tables
(``monitor/reports/maps.py``), for any page or PDF template.

    {% load report_maps %}
    {% participants_map %}                     a page: the tables in a <details>
    {% participants_map year=2025 print=True %}  a PDF: the tables shown
"""

from django import template
from django.utils import timezone

from monitor.reports import maps

register = template.Library()


@register.inclusion_tag("includes/_province_map.html")
def participants_map(year=None, print=False):  # noqa: A002 — the include's word
    year = int(year) if year else timezone.localdate().year
    return {"map": maps.participants_map(year=year), "print": print}
