"""The request forms of the reports page. They only read and check the input; the service
(``services.report_request``) creates the job."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from monitor.reports.models import ReportJob
from networks.comparison import COMPARE_MIN, comparison_size_error
from stemnet.forms import DateField

from .permissions import can_request_report
from .scope import Period
from .selectors import latest_year_with_data, scope_choices


class _PeriodMixin(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Calendar year"), required=False, min_value=2000, max_value=2100
    )
    date_from = DateField(
        label=gettext_lazy("Or from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = DateField(
        label=gettext_lazy("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    format = forms.ChoiceField(
        label=pgettext_lazy("file format", "Format"),
        choices=ReportJob.Format.choices,
        initial="pdf",
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        try:
            data["period"] = self._period()
        except ValidationError as exc:
            self.add_error(None, exc)
        return data

    def _period(self) -> Period:
        year = self.cleaned_data.get("year")
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if year and (start or end):
            raise ValidationError(_("Give a calendar year or two dates, not both."))
        if year:
            return Period.year(year)
        if start and end:
            return Period.between(start, end)
        raise ValidationError(_("Give a calendar year, or a start and an end date."))


def _split(value: str) -> tuple[str, str]:
    kind, _sep, code = value.partition(":")
    return kind, code


class YearlyReportForm(_PeriodMixin):
    scope = forms.ChoiceField(label=gettext_lazy("Network, centre or province"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["scope"].choices = scope_choices(user)
        self.fields["year"].initial = latest_year_with_data()
        home = f"network:{getattr(settings, 'REPORTS_NETWORK_CODE', 'VL')}"
        if any(
            value == home
            for _group, choices in self.fields["scope"].choices
            for value, _label in choices
        ):
            self.fields["scope"].initial = home
        self.order_fields(["scope", "year", "date_from", "date_to", "format"])

    def clean(self):
        data = super().clean()
        if data.get("scope"):
            kind, code = _split(data["scope"])
            if not can_request_report(self.user, scope_kind=kind, codes=[code]):
                raise ValidationError(_("You cannot ask for this report."))
            data["scope_kind"], data["codes"] = kind, [code]
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": ReportJob.Kind.YEARLY,
            "scope_kind": data["scope_kind"],
            "codes": data["codes"],
            "period": data["period"],
            "fmt": data["format"],
        }


class ComparisonForm(_PeriodMixin):
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Compare"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Pick 2 to 12 networks, centres or provinces, all of one kind."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["scopes"].choices = scope_choices(user)
        self.fields["year"].initial = latest_year_with_data()
        self.order_fields(["scopes", "year", "date_from", "date_to", "format"])

    def clean(self):
        data = super().clean()
        picked = [_split(value) for value in data.get("scopes", [])]
        if picked:
            kinds = {kind for kind, _code in picked}
            if len(kinds) > 1:
                raise ValidationError(
                    _(
                        "Compare networks with networks, centres with centres "
                        "or provinces with provinces."
                    )
                )
            size_error = comparison_size_error(len(picked))
            if size_error:
                raise ValidationError(size_error)
            kind = kinds.pop()
            codes = [code for _kind, code in picked]
            if not can_request_report(self.user, scope_kind=kind, codes=codes):
                raise ValidationError(_("You cannot ask for this report."))
            data["scope_kind"], data["codes"] = kind, codes
        return data

    @property
    def can_compare(self) -> bool:
        """Whether there are two scopes of one kind to pick (not for a one-centre coordinator)."""
        return any(len(choices) >= COMPARE_MIN for _label, choices in self.fields["scopes"].choices)

    def scope_groups(self) -> list[dict]:
        """The choices per group (networks, centres, provinces), each group a fieldset."""
        picked = set(self["scopes"].value() or [])
        groups = []
        for group_index, (label, choices) in enumerate(self.fields["scopes"].choices):
            groups.append(
                {
                    "label": label,
                    "choices": [
                        {
                            "value": value,
                            "label": name,
                            "checked": value in picked,
                            "id": f"{self['scopes'].auto_id}_{group_index}_{index}",
                        }
                        for index, (value, name) in enumerate(choices)
                    ],
                }
            )
        return groups

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": ReportJob.Kind.COMPARISON,
            "scope_kind": data["scope_kind"],
            "codes": data["codes"],
            "period": data["period"],
            "fmt": data["format"],
        }
