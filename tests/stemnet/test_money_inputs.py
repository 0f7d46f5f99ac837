"""Money inputs: empty by default, a decimal comma or point, the € sign beside them."""

from decimal import Decimal

import pytest
from django import forms

from stemnet.forms import EuroField
from trainings.workspace.forms import BudgetLineForm, TrainingForm


class Amount(forms.Form):
    amount = EuroField()


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("480", Decimal("480")),
        ("480,50", Decimal("480.50")),
        ("480.50", Decimal("480.50")),
        ("€ 1.234,56", Decimal("1234.56")),
        (" 12 ", Decimal("12")),
        ("", Decimal("0")),
    ],
)
def test_an_amount_is_read_as_people_type_it(typed, amount):
    form = Amount({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == amount


@pytest.mark.parametrize(
    "typed", ["abc", "-5", "NaN", "Infinity", "1.2.3", "4,80,1", "\x00", "1" * 30]
)
def test_a_bad_amount_is_refused_with_a_message(typed):
    form = Amount({"amount": typed})
    assert not form.is_valid() and form.errors["amount"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_class, names",
    [(TrainingForm, ["fee_eur"]), (BudgetLineForm, ["planned_eur", "paid_eur"])],
)
def test_a_new_forms_money_inputs_are_empty_with_the_euro_sign(form_class, names):
    html = str(form_class(centre_ids=None))
    for name in names:
        field = form_class(centre_ids=None)[name]
        assert field.value() in (None, ""), (name, field.value())
        assert 'inputmode="decimal"' in str(field) and "€" in str(field)
    assert "0.00" not in html
