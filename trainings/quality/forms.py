"""The forms of the quality pages: they validate input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    CRITERION_HELP,
    FIRST_YEAR,
    LAST_YEAR,
    Criterion,
    ExternalEvaluation,
    QualityAction,
    Verdict,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_MAX = 5000


class ReviewRuleForm(forms.Form):
    review_before_publication = forms.BooleanField(
        label=_("Trainings of this centre are reviewed before publication"),
        required=False,
        help_text=_(
            '"Publish" then submits a training for review: a member of the scientific '
            "committee approves it (it is published) or sends it back with remarks."
        ),
    )


class ReviewDecisionForm(forms.Form):
    """A verdict and a remark per criterion, the decision and the general remarks."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve and publish")), ("return", _("Send back with remarks"))],
        widget=forms.RadioSelect,
    )
    remarks = forms.CharField(
        label=_("Remarks for the coordinator"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Required when you send the training back."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        decision, remarks = self.fields.pop("decision"), self.fields.pop("remarks")
        for code, label in Criterion.choices:
            self.fields[f"verdict_{code}"] = forms.ChoiceField(
                label=label, choices=Verdict.choices, widget=forms.RadioSelect
            )
            self.fields[f"remark_{code}"] = forms.CharField(
                label=_("Remark on “%(criterion)s”") % {"criterion": label},
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea({"rows": 2}),
            )
        self.fields["decision"], self.fields["remarks"] = decision, remarks

    def criteria(self):
        """(label, help, verdict field, remark field) per criterion, for the template."""
        return [
            (label, CRITERION_HELP[code], self[f"verdict_{code}"], self[f"remark_{code}"])
            for code, label in Criterion.choices
        ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("remarks") or "").strip():
            self.add_error(
                "remarks", _("Say why the training is sent back: the coordinator reads it.")
            )
        return data

    def verdicts(self) -> dict[str, tuple[str, str]]:
        return {
            code: (self.cleaned_data[f"verdict_{code}"], self.cleaned_data[f"remark_{code}"])
            for code in Criterion.values
        }


class FindingsForm(forms.Form):
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=TEXT_MAX * 4,
        widget=forms.Textarea({"rows": 8}),
        help_text=_("One finding per paragraph (an empty line between two findings)."),
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = QualityAction
        fields = ["description", "owner", "due_on", "status"]
        widgets = {"due_on": DATE, "description": forms.Textarea({"rows": 2})}

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due and not FIRST_YEAR <= due.year <= LAST_YEAR:
            raise forms.ValidationError(_("Give a date between 2000 and 2100."))
        return due


class EvaluationForm(forms.ModelForm):
    """An external evaluation or peer review; ``subjects`` (value, label) says what it may be
    about (``network:<pk>`` or ``centre:<pk>``), only when it is recorded."""

    subject = forms.ChoiceField(label=_("About"))

    class Meta:
        model = ExternalEvaluation
        fields = ["kind", "title", "evaluator", "held_from", "held_until", "findings"]
        widgets = {
            "held_from": DATE,
            "held_until": DATE,
            "findings": forms.Textarea({"rows": 6}),
        }

    def __init__(self, *args, subjects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if subjects is None:
            del self.fields["subject"]
        else:
            self.fields["subject"].choices = subjects
            self.order_fields(["subject", "kind"])

    def clean(self):
        data = super().clean()
        for name in ("held_from", "held_until"):
            value = data.get(name)
            if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
                self.add_error(name, _("Give a date between 2000 and 2100."))
        start, end = data.get("held_from"), data.get("held_until")
        if start and end and end < start:
            self.add_error("held_until", _("The end comes before the start."))
        return data
