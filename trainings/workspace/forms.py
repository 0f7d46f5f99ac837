"""Forms of the coordinator workspace and of the questionnaires people answer."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from networks.models import Centre, Organisation
from stemnet import imports
from stemnet.accounts.levels import target_level_choices
from stemnet.accounts.models import StemDomain
from stemnet.forms import EuroField
from trainings.evaluations.models import ActorGroup, Question
from trainings.models import (
    BudgetCategory,
    BudgetLine,
    Session,
    Speaker,
    TargetLevel,
    Training,
    TrainingMessage,
)
from trainings.services.trainings import SESSION_FIELDS

from .selectors import budget_trainings

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CentreChoiceMixin:
    def limit_centres(self, centre_ids):
        field = self.fields["centre"]
        field.queryset = (
            Centre.objects.all() if centre_ids is None else Centre.objects.filter(pk__in=centre_ids)
        )
        if field.queryset.count() == 1:
            field.initial = field.queryset.first()


class TrainingForm(CentreChoiceMixin, forms.ModelForm):
    stem_domains = forms.MultipleChoiceField(
        label=_("STEM domains"),
        choices=StemDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    levels = forms.MultipleChoiceField(
        label=_("target levels"),
        choices=TargetLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Training
        fields = [
            "centre",
            "code",
            "title",
            "description",
            "format",
            "stem_domains",
            "levels",
            "contact_hours",
            "ects",
            "fee_eur",
            "target_participants",
            "target_group",
            "shared_capacity",
            "enrolment_deadline",
            "co_created_research",
            "co_created_industry",
            "attendance_threshold",
            "accessibility",
        ]
        widgets = {"enrolment_deadline": DATETIME, "accessibility": forms.Textarea({"rows": 2})}
        field_classes = {"fee_eur": EuroField}

    def __init__(self, *args, centre_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The modernised levels, grouped; the old codes only for a training that holds them.
        self.fields["levels"].choices = target_level_choices(
            TargetLevel.choices, self.instance.levels or ()
        )
        if self.instance.pk:
            del self.fields["centre"]
        else:
            self.limit_centres(centre_ids)
            self.initial["fee_eur"] = None  # empty, not "0.00" to type in front of
        # A post without the field keeps the training's group (a new one: all participants).
        self.fields["target_group"].required = False

    def clean_target_group(self):
        return self.cleaned_data.get("target_group") or self.instance.target_group


class SessionForm(forms.ModelForm):
    new_speaker_name = forms.CharField(
        label=_("New trainer or expert: name"), max_length=200, required=False
    )
    new_speaker_organisation = forms.CharField(
        label=_("Their organisation"), max_length=200, required=False
    )
    new_speaker_bio = forms.CharField(
        label=_("A short introduction"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )

    class Meta:
        model = Session
        fields = [*SESSION_FIELDS, "speakers"]  # what session_update changes, and who leads
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "speakers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, learning_network=False, centre_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speakers"].queryset = Speaker.objects.filter(centre_id=centre_id)
        self.fields["speakers"].help_text = ""
        if not self.fields["speakers"].queryset.exists():
            del self.fields["speakers"]
        if learning_network:
            # Members rather than seats: a learning network's meetings have a theme and experts.
            del self.fields["capacity"]
            self.fields["theme"].required = True
        else:
            del self.fields["experts"]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        if "postcode" in self.changed_data and "province" not in self.changed_data:
            data["province"] = ""  # follows the new postcode (``Session.clean``)
        data["new_speaker"] = {
            "name": data.pop("new_speaker_name", ""),
            "organisation": data.pop("new_speaker_organisation", ""),
            "bio": data.pop("new_speaker_bio", ""),
        }
        return data


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you import?"))
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    KINDS = ("trainings", "sessions", "participants", "budget")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = imports.kinds()
        self.fields["kind"].choices = [(k, known[k].label) for k in self.KINDS if k in known]


SUGGESTIONS = 200


class CodeWithSuggestions(forms.TextInput):
    """A text input for a training's code with a ``<datalist>`` of ``suggestions`` (trainings)
    that browsers offer as one types; without them (or without a browser that shows them)
    one types the code."""

    suggestions: Iterable[Training] = ()

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}_suggestions"
        attrs = {**(attrs or {}), "list": list_id, "autocomplete": "off"}
        options = format_html_join(
            "", '<option value="{}">{}</option>', ((t.code, t.title) for t in self.suggestions)
        )
        return super().render(name, value, attrs, renderer) + format_html(
            '<datalist id="{}">{}</datalist>', list_id, options
        )


class TrainingCodeField(forms.ModelChoiceField):
    """A training chosen by its code (as in the imports and the budget export): one query to
    check it, never a list of every training to choose from."""

    default_error_messages = {"invalid_choice": _("No training of your centre has this code.")}

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Training.objects.none(),
            to_field_name="code",
            widget=CodeWithSuggestions,
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class BudgetLineForm(CentreChoiceMixin, forms.ModelForm):
    training = TrainingCodeField(label=_("Training (code)"), required=False)

    class Meta:
        model = BudgetLine
        fields = [
            "centre",
            "training",
            "year",
            "category",
            "source",
            "description",
            "planned_eur",
            "paid_eur",
        ]
        field_classes = {"planned_eur": EuroField, "paid_eur": EuroField}

    def __init__(self, *args, centre_ids=None, years: range | None = None, **kwargs):
        """The training is typed by its code, checked among the trainings of ``centre_ids``
        (None: all), the centre's own when a line is edited: a centre may run thousands, too
        many for a list. The input suggests the trainings of ``years``
        (``budget_trainings``, at most ``SUGGESTIONS``): by default the current and the next
        year; a line being edited: its year."""
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial["planned_eur"] = self.initial["paid_eur"] = None
        self.fields["source"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            del self.fields["centre"]
            centre_ids = {self.instance.centre_id}
            years = range(self.instance.year, self.instance.year + 1)
            if self.instance.training_id:
                self.initial["training"] = self.instance.training.code
        else:
            self.limit_centres(centre_ids)
            if years is None:
                this_year = timezone.localdate().year
                years = range(this_year, this_year + 2)
            self.initial.setdefault("year", years[0])
        training = self.fields["training"]
        training.queryset = (
            Training.objects.all()
            if centre_ids is None
            else Training.objects.filter(centre_id__in=centre_ids)
        )
        training.widget.suggestions = budget_trainings(centre_ids, years=years).only(
            "code", "title"
        )[:SUGGESTIONS]
        shown = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        help_text = _(
            "Empty: the centre as a whole. The code is on the training's page; as you type, "
            "the trainings of %(years)s are suggested."
        ) % {"years": shown}
        if not self.instance.pk:
            help_text += " " + _("Another year's trainings: choose that year in the totals above.")
        training.help_text = help_text
        # Grants to school projects are kept by trainings.projects (the sum of the decided
        # grants and what was paid of them): not typed here, where the next decision would
        # overwrite them.
        category = self.fields["category"]
        category.choices = [c for c in category.choices if c[0] != BudgetCategory.SCHOOL_PROJECTS]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.category == BudgetCategory.SCHOOL_PROJECTS:
            raise forms.ValidationError(
                _(
                    "This line holds the grants to school development projects: it follows "
                    "the decisions and payments of the projects and is not changed here."
                )
            )
        return cleaned


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of question"),
        choices=[c for c in Question.Kind.choices if c[0] != "recommend"],
    )
    text = forms.CharField(label=_("Question"), max_length=500)
    choices = forms.CharField(
        label=_("Options (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for single and multiple choice."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]


class QuestionnaireSettingsForm(forms.Form):
    send_offset_days = forms.IntegerField(
        label=_("Send after (days)"),
        min_value=0,
        max_value=730,
        help_text=_(
            "Before the training: days before the first session. After and follow-up: "
            "days after the last session."
        ),
    )
    sending_enabled = forms.BooleanField(label=_("Send automatically"), required=False)


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea)
    actor_groups = forms.MultipleChoiceField(
        label=_("Groups of actors"), choices=ActorGroup.choices, widget=forms.CheckboxSelectMultiple
    )


class SurveyInviteForm(forms.Form):
    actor_group = forms.ChoiceField(label=_("Group of actors"))
    emails = forms.CharField(
        label=_("E-mail addresses (one per line)"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ActorGroup.choices)
        self.fields["actor_group"].choices = [(g, labels.get(g, g)) for g in groups]

    def clean_emails(self):
        return [e.strip() for e in self.cleaned_data["emails"].split() if e.strip()]


class TrainingMessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("To"), choices=TrainingMessage.Audience.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea)


# --- a training's changes and people (trainings.services.changes, .participants) ------------

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FirstDayForm(forms.Form):
    """The day the first session moves to (postponing, a new edition)."""

    first_day = forms.DateField(label=_("New day of the first session"), widget=DATE)
    code = forms.SlugField(
        label=_("Code of the new edition"),
        max_length=40,
        required=False,
        help_text=_("Leave empty: the old code with the new year."),
    )

    def __init__(self, *args, with_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_code:
            del self.fields["code"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The people concerned are told this reason by e-mail."),
    )


class ParticipantAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(
        label=_("First name"), max_length=150, required=False, help_text=_("For a new account.")
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    above_capacity = forms.BooleanField(
        label=_("Give a seat above the capacity when the training is full"),
        required=False,
        help_text=_("Otherwise a full training puts the person at the end of the waiting list."),
    )


class WalkInForm(forms.Form):
    """Someone who came without enrolling (the attendance page)."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
