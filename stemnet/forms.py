"""Form fields the whole portal shares."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234,56: a point groups thousands


class DateField(forms.DateField):
    """A date from year ``first_year`` to ``last_year``; anything else is a form error.

    Python's calendar runs from year 1 to 9999, so a date at either end (9999-12-31,
    0001-01-01) overflows once a day is added or it is moved to another time zone: without
    the bounds such a date in a query string is a server error, not a message.
    """

    first_year = 1900
    last_year = 2999
    default_error_messages = {
        "out_of_range": _("Enter a date between the years %(first)d and %(last)d."),
    }

    def validate(self, value):
        super().validate(value)
        if value and not self.first_year <= value.year <= self.last_year:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": self.first_year, "last": self.last_year},
            )


class EuroInput(forms.TextInput):
    """A text input for an amount in euros, the € sign in front of it."""

    template_name = "stemnet/euro_input.html"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class EuroField(forms.DecimalField):
    """An amount in euros as people type it: "480", "480,50", "480.50", "€ 1.234,56". Empty
    by default (no "0.00" to type in front of); empty means zero. Never negative."""

    widget = EuroInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("required", False)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.validators.append(MinValueValidator(Decimal("0")))

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
            if _GROUPED.match(value):
                value = value.replace(".", "")
            value = value.replace(",", ".")
            if value.count(".") > 1:
                raise forms.ValidationError(
                    _("Enter an amount like 480 or 480,50."), code="invalid"
                )
        number = super().to_python(value)
        return Decimal("0.00") if number is None else number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value
