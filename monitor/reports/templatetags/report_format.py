"""Number formats of the reports (PDF and pages): ``{{ value|num }}``, ``|money``, ``|pct``,
``|hours``; each writes "–" for a missing value."""

from django import template

from monitor.reports import text

register = template.Library()


@register.filter
def num(value):
    return text.number(value)


@register.filter
def money(value):
    return text.money(value)


@register.filter
def pct(value):
    return text.percent(value)


@register.filter
def hours(value):
    return "–" if value is None else text.hours(value)
