"""Permission matrix rows of teachers' support (see tests/matrix.py).

Claims belong to trainings of ``world.centre``: its coordinator decides them, the other
centre's coordinator gets 404, teachers and ministry staff 403 on the centre's pages. A claim
waiting for a director is a 404 for everyone who is not that director (the world has none).
"""

from decimal import Decimal

from tests.factories import OrganisationFactory
from tests.matrix import Row, public, roles, signed_in
from tests.trainings.factories import EnrolmentFactory, SessionFactory, TrainingFactory
from trainings.support.models import Claim, ClaimItem, SupportScheme
from trainings.support.services import training_year

CLAIMS = roles("coordinator", "other_coordinator")  # each their own centre's


def _scheme(world) -> SupportScheme:
    scheme, _created = SupportScheme.objects.get_or_create(
        centre=world.centre,
        training=None,
        defaults={
            "name": "Deelnamefonds",
            "source": OrganisationFactory(name="Departement Onderwijs en Vorming"),
            "yearly_ceiling_eur": Decimal("5000.00"),
            "refunds_fee": True,
            "travel_rate_eur_per_km": Decimal("0.43"),
            "travel_km_cap": 200,
            "replacement_rate_eur_per_hour": Decimal("40.00"),
            "replacement_hours_cap": Decimal("8"),
        },
    )
    return scheme


def _training_with_scheme(world):
    _scheme(world)
    return {"code": SessionFactory(training__centre=world.centre).training.code}


def _claim(world, status=Claim.Status.SUBMITTED, token=""):
    scheme = _scheme(world)
    training = TrainingFactory(centre=world.centre, fee_eur=Decimal("40.00"))
    SessionFactory(training=training)
    enrolment = EnrolmentFactory(training=training, person=world.teacher)
    claim = Claim.objects.create(
        enrolment=enrolment,
        person=world.teacher,
        scheme=scheme,
        year=training_year(training),
        status=status,
        total_eur=Decimal("40.00"),
        director_email="directie@school.example" if token else "",
        director_token=token,
    )
    ClaimItem.objects.create(claim=claim, kind="fee", amount_eur=Decimal("40.00"))
    return claim


def _claim_pk(world):
    return {"pk": _claim(world).pk}


def _awaiting_director(world):
    return {"pk": _claim(world, Claim.Status.AWAITING_DIRECTOR).pk}


def _director_token(world):
    claim = Claim.objects.filter(director_token__startswith="matrix-").first()
    if claim is None:
        claim = _claim(world, Claim.Status.AWAITING_DIRECTOR, token="matrix-" + "a" * 30)
    return {"token": claim.director_token}


def _scheme_pk(world):
    return {"pk": _scheme(world).pk}


ROWS = [
    Row("support:mine", signed_in()),
    Row("support:apply", signed_in(), kwargs=_training_with_scheme),
    Row("support:withdraw", signed_in(405), kwargs=_claim_pk),
    Row("support:director_confirm", signed_in(404), kwargs=_awaiting_director),
    Row("support:director_link", public(), kwargs=_director_token),
    Row("support:claims", CLAIMS),
    Row("support:export", CLAIMS),
    Row("support:claim_review", roles("coordinator", other_centre=404), kwargs=_claim_pk),
    Row("support:schemes", CLAIMS),
    Row("support:scheme_edit", roles("coordinator", other_centre=404), kwargs=_scheme_pk),
]
