"""Forms of school development projects: they validate input; the services write."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from networks.models import Centre, Organisation, Province
from stemnet.accounts.levels import level_choices
from stemnet.accounts.models import User

from .models import SCORE_MAX, SCORE_MIN, BudgetItem, Call

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_MAX = Decimal("9999999999.99")
CRITERION_LINE = re.compile(r"^(?P<name>.+?)\s*\|\s*(?P<weight>\d{1,3})\s*$")


def _money_field(label, **kwargs):
    return forms.DecimalField(
        label=label, min_value=0, max_value=MONEY_MAX, max_digits=12, decimal_places=2, **kwargs
    )


def _no_nul(value: str) -> str:
    if "\x00" in (value or ""):
        raise ValidationError(_("The text holds a character that is not allowed."))
    return value


class CallForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=Centre.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200, validators=[_no_nul])
    aims = forms.CharField(
        label=_("Aims"), widget=forms.Textarea(attrs={"rows": 5}), validators=[_no_nul]
    )
    levels = forms.MultipleChoiceField(
        label=_("Who may apply: education levels"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every level."),
    )
    provinces = forms.MultipleChoiceField(
        label=_("Who may apply: provinces"),
        required=False,
        choices=Province.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every province."),
    )
    budget_per_project_eur = _money_field(_("Budget per project (EUR)"))
    budget_total_eur = _money_field(_("Total budget (EUR)"))
    projects_max = forms.IntegerField(label=_("Number of projects"), min_value=1, max_value=500)
    source = forms.ModelChoiceField(
        label=_("Funding source"), queryset=Organisation.objects.order_by("name")
    )
    deadline = forms.DateTimeField(label=_("Deadline"), widget=DATETIME)
    criteria = forms.CharField(
        label=_("Criteria and weights"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One criterion per line, its weight after a bar: “Fit with the school | 3”."),
        validators=[_no_nul],
    )
    questions = forms.CharField(
        label=_("Questions of the application form"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One question per line."),
        validators=[_no_nul],
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0].pk
        self.fields["levels"].choices = level_choices(self.initial.get("levels", ()))

    @classmethod
    def initial_for(cls, call: Call) -> dict:
        return {
            "centre": call.centre_id,
            "title": call.title,
            "aims": call.aims,
            "levels": call.levels,
            "provinces": call.provinces,
            "budget_per_project_eur": call.budget_per_project_eur,
            "budget_total_eur": call.budget_total_eur,
            "projects_max": call.projects_max,
            "source": call.source_id,
            "deadline": call.deadline,
            "criteria": "\n".join(f"{c.name} | {c.weight}" for c in call.criteria.all()),
            "questions": "\n".join(q.text for q in call.questions.all()),
        }

    def clean_criteria(self):
        criteria, bad = [], []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            match = CRITERION_LINE.match(line.strip())
            weight = int(match["weight"]) if match else 0
            if not match or not 1 <= weight <= 100 or len(match["name"]) > 200:
                bad.append(line.strip()[:60])
                continue
            criteria.append((match["name"], weight))
        if bad:
            raise ValidationError(
                _("Write each line as “criterion | weight” (a weight from 1 to 100): %(lines)s")
                % {"lines": "; ".join(bad)}
            )
        if not criteria or len(criteria) > 20:
            raise ValidationError(_("Name one to twenty criteria."))
        return criteria

    def clean_questions(self):
        questions = [q.strip() for q in self.cleaned_data["questions"].splitlines() if q.strip()]
        if not questions or len(questions) > 20:
            raise ValidationError(_("Ask one to twenty questions."))
        if any(len(q) > 300 for q in questions):
            raise ValidationError(_("A question has at most 300 characters."))
        return questions


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200, validators=[_no_nul])
    colleagues = forms.CharField(
        label=_("Your team: your colleagues' e-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line: the director and at least two teachers of your school in all "
            "(you included). They need an account with your school on their profile."
        ),
        validators=[_no_nul],
    )
    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        help_text=_("A document or picture (PDF, Office, OpenDocument, PNG, JPEG), at most 10 MB."),
    )

    def __init__(self, *args, application, person, **kwargs):
        super().__init__(*args, **kwargs)
        answers = {a.question_id: a.text for a in application.answers.all()}
        for question in application.call.questions.all():
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=answers.get(question.pk, ""),
                validators=[_no_nul],
            )
        attachments = list(application.attachments.all())
        if attachments:
            self.fields["remove"] = forms.MultipleChoiceField(
                label=_("Remove attachments"),
                required=False,
                choices=[(a.pk, a.filename) for a in attachments],
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["title"].initial = application.title
        self.fields["colleagues"].initial = "\n".join(
            m.person.email for m in application.members.all() if m.person_id != person.pk
        )
        questions = [name for name in self.fields if name.startswith("q_")]
        self.order_fields(["title", "colleagues", *questions, "attachment", "remove"])

    def answers(self) -> dict[int, str]:
        return {
            int(name[2:]): value for name, value in self.cleaned_data.items() if name[:2] == "q_"
        }


class BudgetItemForm(forms.Form):
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False, validators=[_no_nul]
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *BudgetItem.Category.choices], required=False
    )
    amount_eur = _money_field(_("Amount (EUR)"), required=False)

    def clean(self):
        data = super().clean()
        filled = [data.get("description"), data.get("category"), data.get("amount_eur")]
        if any(v not in (None, "") for v in filled) and not all(
            v not in (None, "") for v in filled
        ):
            raise ValidationError(
                _("Fill in description, category and amount, or leave the line empty.")
            )
        return data


BudgetFormSet = forms.formset_factory(BudgetItemForm, extra=3, max_num=30, absolute_max=30)


def budget_lines(formset) -> list[tuple[str, str, Decimal]]:
    return [
        (f.cleaned_data["description"], f.cleaned_data["category"], f.cleaned_data["amount_eur"])
        for f in formset.forms
        if f.cleaned_data.get("description")
    ]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[_no_nul],
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        given = {s.criterion_id: s.value for s in review.scores.all()} if review else {}
        choices = [(str(v), str(v)) for v in range(SCORE_MIN, SCORE_MAX + 1)]
        for criterion in criteria:
            self.fields[f"c_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)d)")
                % {"criterion": criterion.name, "weight": criterion.weight},
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                initial=given.get(criterion.pk),
            )
        if review:
            self.fields["comment"].initial = review.comment
        self.order_fields([*(f"c_{c.pk}" for c in criteria), "comment"])

    def scores(self) -> dict[int, int]:
        return {int(n[2:]): v for n, v in self.cleaned_data.items() if n[:2] == "c_"}


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(
        label=_("First name"), max_length=150, required=False, validators=[_no_nul]
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, required=False, validators=[_no_nul]
    )


def _coaches(call: Call):
    return User.objects.filter(
        is_active=True, memberships__role="coordinator", memberships__centre_id=call.centre_id
    ).order_by("last_name", "first_name", "email")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Do not accept"))],
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[_no_nul],
    )
    grant_eur = _money_field(_("Grant (EUR)"), required=False, help_text=_("When accepted."))
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = _coaches(call)


class ProjectForm(forms.Form):
    paid_eur = _money_field(_("Paid (EUR)"))
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = _coaches(call)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200, validators=[_no_nul])
    due_on = forms.DateField(label=_("Date"), widget=DATE)


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=_("Progress"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[_no_nul],
    )


class FinalReportForm(forms.Form):
    report = forms.CharField(
        label=_("Final report"),
        max_length=100000,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[_no_nul],
        help_text=_(
            "What you did, what it changed for your pupils and teachers, and what another "
            "school needs to do the same."
        ),
    )
