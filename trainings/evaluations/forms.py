"""The answer form: one field per question of a questionnaire."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question

LIKERT_CHOICES = [
    ("1", _("1 – not at all")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 – completely")),
]
RECOMMEND_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class AnswerForm(forms.Form):
    """One field per question of a questionnaire; every field works without JavaScript."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            name = f"q{q.pk}"
            common = {"label": q.text, "required": q.required}
            if q.kind == Question.Kind.LIKERT:
                f = forms.ChoiceField(choices=LIKERT_CHOICES, widget=forms.RadioSelect, **common)
            elif q.kind == Question.Kind.RECOMMEND:
                f = forms.ChoiceField(choices=RECOMMEND_CHOICES, widget=forms.RadioSelect, **common)
            elif q.kind == Question.Kind.SINGLE:
                f = forms.ChoiceField(
                    choices=[(c, c) for c in q.choices], widget=forms.RadioSelect, **common
                )
            elif q.kind == Question.Kind.MULTIPLE:
                f = forms.MultipleChoiceField(
                    choices=[(c, c) for c in q.choices],
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            else:
                f = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common
                )
            f.question_kind = q.kind
            self.fields[name] = f

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
