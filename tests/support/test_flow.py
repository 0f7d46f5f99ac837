"""The whole path of a claim (apply → director confirms → centre approves → attended →
payable → paid) and its refusals, through the services and the pages."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from trainings.models import BudgetCategory, BudgetLine
from trainings.support import services
from trainings.support.models import Claim, ClaimPayment

from .factories import (
    IBAN,
    EnrolmentFactory,
    SchemeFactory,
    attend,
    director_of,
    future_training,
    past_training,
    school,
    teacher_of,
)

pytestmark = pytest.mark.django_db
Status = Claim.Status


@pytest.fixture
def setup(world):
    sint = school()
    teacher = teacher_of(sint, "an.peeters@school.example")
    director = director_of(sint)
    training = past_training(world.centre)
    scheme = SchemeFactory(centre=world.centre)  # the centre's: inherited by the training
    enrolment = EnrolmentFactory(training=training, person=teacher)
    return world, teacher, director, training, scheme, enrolment


def test_the_whole_path_from_application_to_payment(
    setup, client_for, django_capture_on_commit_callbacks
):
    world, teacher, director, training, scheme, enrolment = setup
    client = client_for(teacher)
    apply_url = reverse("support:apply", args=[training.code])
    assert client.get(apply_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url,
            {
                "fee": "on",
                "travel_km": "100",
                "replacement_hours": "4",
                "night_eur": "",
                "iban": "be68 5390 0754 7034",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    claim = Claim.objects.get()
    assert claim.status == Status.AWAITING_DIRECTOR
    assert claim.iban == IBAN
    # fee 60 + 100 km × 0.43 + 4 h × 40
    assert claim.total_eur == Decimal("263.00")
    assert {i.kind: i.amount_eur for i in claim.items.all()} == {
        "fee": Decimal("60.00"),
        "travel": Decimal("43.00"),
        "replacement": Decimal("160.00"),
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([director.email, teacher.email])

    # The director of the same school confirms (by account).
    mail.outbox.clear()
    client = client_for(director)
    confirm = reverse("support:director_confirm", args=[claim.pk])
    assert client.get(reverse("support:mine")).content.decode().count(confirm) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm, {"answer": "confirm"}).status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED and claim.director == director
    assert [m.to for m in mail.outbox] == [[teacher.email]]

    # The coordinator approves; not payable yet (no attendance).
    client = client_for(world.coordinator)
    review = reverse("support:claim_review", args=[claim.pk])
    assert client.get(reverse("support:claims")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"action": "approve"})
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED
    response = client.post(review, {"action": "paid"})
    assert response.status_code == 400
    assert "Not payable yet" in response.content.decode() or "Nog niet" in response.content.decode()
    assert not BudgetLine.objects.exists()

    # One of two sessions attended: the threshold is 50 %: payable, then paid.
    attend(enrolment, 1)
    assert services.claim_payable(Claim.objects.get(pk=claim.pk))
    export = client.get(reverse("support:export"))
    assert export.status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(review, {"action": "paid"}).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.PAID
    assert [m.to for m in mail.outbox] == [[teacher.email]]
    lines = {
        line.category: line.paid_eur
        for line in BudgetLine.objects.filter(training=training, source=scheme.source)
    }
    assert lines == {
        BudgetCategory.TRAVEL: Decimal("103.00"),
        BudgetCategory.TEACHER_REPLACEMENT: Decimal("160.00"),
    }
    # Paying twice is refused: the budget holds the claim once.
    with pytest.raises(ValidationError):
        services.claim_mark_paid(claim=claim, coordinator=world.coordinator)
    assert sum(p.amount_eur for p in ClaimPayment.objects.all()) == Decimal("263.00")


def test_payment_adds_to_the_line_the_centre_already_keeps(setup):
    world, _teacher, _director, training, scheme, enrolment = setup
    line = BudgetLine.objects.create(
        centre=world.centre,
        training=training,
        year=services.training_year(training),
        category=BudgetCategory.TRAVEL,
        source=scheme.source,
        planned_eur=Decimal("500.00"),
        paid_eur=Decimal("20.00"),
    )
    claim = services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)
    services.claim_approve(claim=claim, coordinator=world.coordinator)
    attend(enrolment)
    services.claim_mark_paid(claim=claim, coordinator=world.coordinator)
    line.refresh_from_db()
    assert (line.planned_eur, line.paid_eur) == (Decimal("500.00"), Decimal("80.00"))
    assert BudgetLine.objects.count() == 1


def test_a_director_without_an_account_answers_by_the_personal_link(
    world, client_for, client, django_capture_on_commit_callbacks
):
    teacher = teacher_of(school("Atheneum Brugge", "045678"))
    training = past_training(world.centre)
    SchemeFactory(centre=world.centre)
    enrolment = EnrolmentFactory(training=training, person=teacher)
    with pytest.raises(ValidationError) as refused:
        services.claim_submit(enrolment=enrolment, replacement_hours=2, iban=IBAN)
    assert "director_email" in refused.value.message_dict
    assert not Claim.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_submit(
            enrolment=enrolment,
            replacement_hours=2,
            iban=IBAN,
            director_email="Directeur@Atheneum.example",
        )
    assert claim.director_email == "directeur@atheneum.example" and claim.director_token
    (to_director,) = [m for m in mail.outbox if m.to == ["directeur@atheneum.example"]]
    link = reverse("support:director_link", args=[claim.director_token])
    assert link in to_director.body
    client.logout()
    assert client.get(link).status_code == 200
    assert client.post(link, {"answer": "confirm"}).status_code == 400  # a name is needed
    assert client.post(link, {"answer": "decline", "name": "M. Janssens"}).status_code == 400
    response = client.post(link, {"answer": "confirm", "name": "M. Janssens"})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED and claim.director_name == "M. Janssens"
    assert client.get(link).status_code == 404  # the link works once


def test_a_director_of_another_school_cannot_confirm(setup, client_for):
    _world, teacher, _director, _training, _scheme, enrolment = setup
    claim = services.claim_submit(enrolment=enrolment, replacement_hours=2, iban=IBAN)
    stranger = director_of(school("Andere school", "099999"), "andere@school.example")
    url = reverse("support:director_confirm", args=[claim.pk])
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(teacher).get(url).status_code == 404


def test_over_the_persons_limit_is_refused_and_nothing_written(setup):
    world, teacher, director, _training, scheme, enrolment = setup
    services.claim_submit(enrolment=enrolment, fee=True, travel_km=200, iban=IBAN)  # 146.00
    second = EnrolmentFactory(training=past_training(world.centre, fee="0"), person=teacher)
    with pytest.raises(ValidationError) as refused:
        # 146 + 8 h × 40 = 466, + 90 for the night = 556 > 500
        services.claim_submit(enrolment=second, replacement_hours=8, night_eur=90, iban=IBAN)
    assert "500" in " ".join(refused.value.messages)
    assert Claim.objects.count() == 1
    services.claim_submit(enrolment=second, replacement_hours=8, iban=IBAN)  # 466 ≤ 500
    assert Claim.objects.count() == 2


def test_over_a_cap_and_bad_numbers_are_refused(setup, client_for):
    world, teacher, _director, training, _scheme, enrolment = setup
    with pytest.raises(ValidationError) as refused:
        services.claim_submit(enrolment=enrolment, travel_km=201, iban=IBAN)
    assert "travel_km" in refused.value.message_dict
    client = client_for(teacher)
    url = reverse("support:apply", args=[training.code])
    for data in (
        {"travel_km": "NaN", "iban": IBAN},
        {"travel_km": "-5", "iban": IBAN},
        {"travel_km": "9" * 40, "iban": IBAN},
        {"night_eur": "1e999", "iban": IBAN},
        {"travel_km": "10\x00", "iban": IBAN},
        {"travel_km": "10", "iban": "BE68539007547035"},  # wrong check digits
        {"travel_km": "10", "iban": ""},
        {},
    ):
        assert client.post(url, data).status_code == 400, data
    assert not Claim.objects.exists()


def test_over_the_ceiling_is_refused_and_nothing_written(world):
    scheme = SchemeFactory(centre=world.centre, yearly_ceiling_eur=Decimal("100.00"))
    training = past_training(world.centre)
    first = services.claim_submit(
        enrolment=EnrolmentFactory(training=training), fee=True, iban=IBAN
    )
    second = services.claim_submit(
        enrolment=EnrolmentFactory(training=training), fee=True, iban=IBAN
    )
    services.claim_approve(claim=first, coordinator=world.coordinator)
    with pytest.raises(ValidationError) as refused:
        services.claim_approve(claim=second, coordinator=world.coordinator)
    assert refused.value.code == "ceiling"
    second.refresh_from_db()
    assert second.status == Status.SUBMITTED
    assert scheme.source.name in " ".join(refused.value.messages)


def test_not_attended_is_not_payable(setup):
    world, _teacher, _director, _training, _scheme, enrolment = setup
    claim = services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)
    services.claim_approve(claim=claim, coordinator=world.coordinator)
    with pytest.raises(ValidationError) as refused:
        services.claim_mark_paid(claim=claim, coordinator=world.coordinator)
    assert refused.value.code == "not_attended"
    assert not BudgetLine.objects.exists() and not ClaimPayment.objects.exists()
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED


def test_a_training_to_come_is_not_payable(world):
    SchemeFactory(centre=world.centre)
    enrolment = EnrolmentFactory(training=future_training(world.centre))
    claim = services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)
    services.claim_approve(claim=claim, coordinator=world.coordinator)
    assert not services.claim_payable(claim)


def test_another_centres_claim_is_404(setup, client_for):
    world, _teacher, _director, _training, _scheme, enrolment = setup
    claim = services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)
    client = client_for(world.other_coordinator)
    url = reverse("support:claim_review", args=[claim.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "approve"}).status_code == 404
    assert claim.pk not in [c.pk for c in client.get(reverse("support:claims")).context["claims"]]
    claim.refresh_from_db()
    assert claim.status == Status.SUBMITTED


def test_a_trainings_own_scheme_wins_over_its_centres(world):
    centre_scheme = SchemeFactory(centre=world.centre)
    training = past_training(world.centre)
    assert services.scheme_for(training) == centre_scheme
    own = SchemeFactory(centre=world.centre, training=training, refunds_fee=False)
    assert services.scheme_for(training) == own
    with pytest.raises(ValidationError):  # the own scheme does not refund the fee
        services.claim_submit(enrolment=EnrolmentFactory(training=training), fee=True, iban=IBAN)
    own.active = False
    own.save()
    assert services.scheme_for(training) is None


def test_refusing_needs_a_reason_and_mails_it(setup, django_capture_on_commit_callbacks):
    world, teacher, _director, _training, _scheme, enrolment = setup
    claim = services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)
    with pytest.raises(ValidationError):
        services.claim_refuse(claim=claim, coordinator=world.coordinator, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_refuse(claim=claim, coordinator=world.coordinator, reason="Geen kosten")
    assert "Geen kosten" in mail.outbox[0].body
    # Refused: the person may apply again.
    services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)


def test_one_open_claim_per_enrolment(setup):
    _world, _teacher, _director, _training, _scheme, enrolment = setup
    services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)
    with pytest.raises(ValidationError):
        services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)


def test_the_export_has_the_iban_only_where_the_scheme_asks(setup, client_for):
    import io

    from openpyxl import load_workbook

    world, teacher, _director, training, scheme, enrolment = setup
    claim = services.claim_submit(enrolment=enrolment, fee=True, iban=IBAN)
    services.claim_approve(claim=claim, coordinator=world.coordinator)
    attend(enrolment)
    other_training = past_training(world.centre, fee="30")
    SchemeFactory(centre=world.centre, training=other_training, asks_bank_account=False)
    other = services.claim_submit(enrolment=EnrolmentFactory(training=other_training), fee=True)
    services.claim_approve(claim=other, coordinator=world.coordinator)
    attend(other.enrolment)
    services.claim_mark_paid(claim=other, coordinator=world.coordinator)
    not_payable = services.claim_submit(
        enrolment=EnrolmentFactory(training=training), fee=True, iban=IBAN
    )
    response = client_for(world.coordinator).get(reverse("support:export"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Ondersteuningsaanvragen"]
    rows = list(book.active.iter_rows(values_only=True))
    header, *data = rows
    assert len(data) == 2
    by_email = {row[1]: row for row in data}
    assert not_payable.person.email not in by_email
    assert by_email[teacher.email][-1] == IBAN
    assert by_email[other.person.email][-1] in ("", None)
    fee_col = header.index("Terugbetaling inschrijvingsgeld (EUR)")
    assert by_email[teacher.email][fee_col] == 60  # a typed number
    assert client_for(world.other_coordinator).get(reverse("support:export")).status_code == 200
