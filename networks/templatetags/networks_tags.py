"""Money and figure formatting for the networks pages (localised thousands separators)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from networks import countries

register = template.Library()

SYMBOLS = {"EUR": "€", "GBP": "£"}


@register.filter
def money(value, currency="EUR"):
    """``€ 3.400.000`` (whole amounts without decimals); empty for ``None``."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    amount = number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{SYMBOLS.get(currency, currency)} {amount}"


@register.filter
def country_name(code):
    """``DE`` as "Duitsland" (the name in the active language)."""
    return countries.country_name(code)


@register.filter
def figure(value):
    """A whole number with thousands separators."""
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


@register.filter
def span(figure_range, kind="money"):
    """A ``selectors.Range`` as text: "€ 340 – € 680", "at least € 133", or "–" if unknown."""
    if figure_range is None or not figure_range.known:
        return "–"
    fmt = (lambda v: money(v, figure_range.currency or "EUR")) if kind == "money" else figure
    text = fmt(figure_range.low)
    if figure_range.is_range:
        text = f"{text} – {fmt(figure_range.high)}"
    if figure_range.at_least:
        text = _("at least %(amount)s") % {"amount": text}
    return text


@register.filter
def get_item(sequence, index):
    return sequence[index]
