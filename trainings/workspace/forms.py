"""Forms of the coordinator workspace and of the questionnaires people answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Centre, Organisation
from stemnet import imports
from stemnet.accounts.models import StemDomain
from stemnet.forms import EuroField
from trainings.evaluations.models import ActorGroup, Question
from trainings.models import (
    BudgetLine,
    Session,
    Speaker,
    TargetLevel,
    Training,
    TrainingMessage,
)

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
        if self.instance.pk:
            del self.fields["centre"]
        else:
            self.limit_centres(centre_ids)
            self.initial["fee_eur"] = None  # empty, not "0.00" to type in front of


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
        fields = [
            "starts_at",
            "ends_at",
            "location",
            "street",
            "postcode",
            "municipality",
            "online_url",
            "capacity",
            "theme",
            "experts",
            "speakers",
        ]
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


class BudgetLineForm(CentreChoiceMixin, forms.ModelForm):
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

    def __init__(self, *args, centre_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial["planned_eur"] = self.initial["paid_eur"] = None
        self.fields["source"].queryset = Organisation.objects.order_by("name")
        trainings = Training.objects.select_related("centre").order_by("title")
        if self.instance.pk:
            del self.fields["centre"]
            trainings = trainings.filter(centre_id=self.instance.centre_id)
        else:
            self.limit_centres(centre_ids)
            if centre_ids is not None:
                trainings = trainings.filter(centre_id__in=centre_ids)
        self.fields["training"].queryset = trainings
        self.fields["training"].required = False


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
