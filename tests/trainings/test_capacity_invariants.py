"""Never fewer seats than seats held: every capacity change goes through
``trainings.services.enrolment.capacity_change_check`` (the services, the workspace forms,
and under concurrent enrolments on the real PostgreSQL)."""

import datetime as dt
import itertools
import re
import threading

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from stemnet.accounts.models import User
from trainings import counting
from trainings.models import Enrolment, Session, Training
from trainings.services import enrolment
from trainings.services import trainings as services
from trainings.workspace.forms import SessionForm, TrainingForm

from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

pytestmark = pytest.mark.django_db

Status = Enrolment.Status
NUMBERS = itertools.count()


def people(count: int) -> list[User]:
    password = make_password(None)
    return User.objects.bulk_create(
        User(email=f"person{next(NUMBERS)}@example.org", password=password) for _ in range(count)
    )


def enrolled(training: Training, count: int) -> list[Enrolment]:
    return [enrolment.enrolment_create(person=p, training=training) for p in people(count)]


def measured(centre=None) -> tuple[Training, Session]:
    """The measured case: a shared capacity of 10, one session of 5, ten people enrolled."""
    extra = {"centre": centre} if centre else {}
    training = TrainingFactory(shared_capacity=10, **extra)
    session = SessionFactory(training=training, capacity=5)
    assert [e.status for e in enrolled(training, 10)] == [Status.ENROLLED] * 10
    return training, session


def refusal(exc: pytest.ExceptionInfo, field: str) -> str:
    """The one message of a ``below_held`` refusal on ``field``."""
    (error,) = exc.value.error_dict[field]
    assert error.code == "below_held"
    return error.message % (error.params or {})


def numbers(message: str) -> set[str]:
    return set(re.findall(r"\d+", message))


# --- the measured sequence -------------------------------------------------------------------


def test_clearing_the_shared_capacity_below_the_seats_held_is_refused():
    training, session = measured()
    with pytest.raises(ValidationError) as exc:
        services.training_update(training=training, fields={"shared_capacity": None})
    assert {"5", "10"} <= numbers(refusal(exc, "shared_capacity"))
    training.refresh_from_db()
    assert training.shared_capacity == 10
    assert counting.training_capacity(training) == 10


def test_the_check_itself_tells_clearing_from_leaving_unchanged():
    training, session = measured()
    with pytest.raises(ValidationError):
        enrolment.capacity_change_check(training=training, shared_capacity=None)
    assert enrolment.capacity_change_check(training=training) == 10  # nothing changes
    # The session's 5 counts only once the shared capacity is gone.
    assert enrolment.capacity_change_check(training=training, session=session) == 10


def test_the_workspace_refuses_it_on_the_field_as_the_coordinator(world, client_for):
    training, session = measured(centre=world.centre)
    client = client_for(world.coordinator)
    form = TrainingForm(instance=training)
    response = client.post(
        reverse("workspace:training_edit", args=[training.pk]),
        post_data(form, shared_capacity=""),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["shared_capacity"]
    assert {"5", "10"} <= numbers(errors["shared_capacity"][0])
    training.refresh_from_db()
    assert training.shared_capacity == 10


def test_the_workspace_refuses_a_session_below_the_seats_held(world, client_for):
    training = TrainingFactory(centre=world.centre)
    session = SessionFactory(training=training, capacity=5)
    enrolled(training, 4)
    client = client_for(world.coordinator)
    form = SessionForm(instance=session, centre_id=world.centre.pk)
    url = reverse("workspace:session_edit", args=[session.pk])
    response = client.post(url, post_data(form, capacity="3"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["capacity"] and {"3", "4"} <= numbers(errors["capacity"][0])
    assert Session.objects.get(pk=session.pk).capacity == 5
    # A new session that would be the smallest room: refused on the field, nothing added.
    response = client.post(
        reverse("workspace:session_create", args=[training.pk]), post_data(form, capacity="2")
    )
    assert list(response.context["form"].errors) == ["capacity"]
    assert training.sessions.count() == 1
    # Exactly the seats held is enough.
    assert client.post(url, post_data(form, capacity="4")).status_code == 302
    assert Session.objects.get(pk=session.pk).capacity == 4


def post_data(form, **changes) -> dict:
    """What the browser posts for an unchanged ``form``, with ``changes``."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    data.update(changes)
    return data


# --- lowering, raising, adding ---------------------------------------------------------------


def test_lowering_to_exactly_the_seats_held_is_allowed():
    training = TrainingFactory(shared_capacity=10)
    session = SessionFactory(training=training, capacity=12)
    enrolled(training, 7)
    offered = EnrolmentFactory(  # an open offer holds a seat too
        training=training,
        status=Status.WAITLISTED,
        waitlist_position=1,
        offer_expires_at=timezone.now() + dt.timedelta(hours=5),
    )
    with pytest.raises(ValidationError) as exc:
        services.training_update(training=training, fields={"shared_capacity": 7})
    assert {"7", "8"} <= numbers(refusal(exc, "shared_capacity"))
    services.training_update(training=training, fields={"shared_capacity": 8})
    # The shared 8 gives the seats, so a session of 7 passes; clearing the 8 then does not.
    services.session_update(session=session, fields={"capacity": 7})
    with pytest.raises(ValidationError) as exc:
        services.training_update(training=training, fields={"shared_capacity": None})
    assert {"7", "8"} <= numbers(refusal(exc, "shared_capacity"))
    services.session_update(session=session, fields={"capacity": 8})
    services.training_update(training=training, fields={"shared_capacity": None})
    training.refresh_from_db()
    assert (training.shared_capacity, counting.training_capacity(training)) == (None, 8)
    assert counting.seats_taken(training) == 8
    assert Enrolment.objects.get(pk=offered.pk).status == Status.WAITLISTED


def test_an_expired_offer_holds_no_seat():
    training = TrainingFactory(shared_capacity=5)
    SessionFactory(training=training)
    enrolled(training, 3)
    EnrolmentFactory(
        training=training,
        status=Status.WAITLISTED,
        waitlist_position=1,
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert services.training_update(training=training, fields={"shared_capacity": 3})


def test_raising_is_always_allowed_even_with_seats_given_above_the_capacity():
    training = TrainingFactory(shared_capacity=5)
    session = SessionFactory(training=training, capacity=3)
    enrolled(training, 5)
    EnrolmentFactory.create_batch(2, training=training, above_capacity=True)  # 7 held
    services.training_update(training=training, fields={"shared_capacity": 6})
    services.training_update(training=training, fields={"shared_capacity": 6})  # unchanged
    with pytest.raises(ValidationError):
        services.training_update(training=training, fields={"shared_capacity": 5})
    with pytest.raises(ValidationError):  # down to the session's 3
        services.training_update(training=training, fields={"shared_capacity": None})
    services.training_update(training=training, fields={"shared_capacity": 20})
    # With a shared capacity a session's own capacity gives no seats: any change passes.
    services.session_update(session=session, fields={"capacity": 1})
    services.session_update(session=session, fields={"capacity": None})
    # Without a shared capacity and no session capacity there is no limit.
    services.training_update(training=training, fields={"shared_capacity": None})
    training.refresh_from_db()
    assert counting.training_capacity(training) is None


def test_a_session_added_goes_through_the_check():
    training = TrainingFactory(shared_capacity=None)
    SessionFactory(training=training, capacity=6)
    enrolled(training, 4)
    start = timezone.now() + dt.timedelta(days=30)
    fields = {"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}
    with pytest.raises(ValidationError) as exc:
        services.session_create(training=training, fields={**fields, "capacity": 3})
    assert {"3", "4"} <= numbers(refusal(exc, "capacity"))
    assert training.sessions.count() == 1
    services.session_create(training=training, fields={**fields, "capacity": 4})
    services.session_create(training=training, fields=fields)  # no capacity: no limit
    assert counting.training_capacity(training) == 4


# --- concurrency (real PostgreSQL only) ------------------------------------------------------

RUNS = 10
SEATS, HELD, LOWER_TO, NEWCOMERS = 10, 7, 8, 3


def _race(training: Training, session: Session, what: str, newcomers: list[User]) -> list:
    """The newcomers enrol while the coordinator lowers the capacity to ``LOWER_TO``, all at
    once, each thread on its own connection. Returns what the lowering raised (or None) and
    the errors of the enrolments."""
    barrier = threading.Barrier(len(newcomers) + 1)
    lowering, errors = [], []

    def enrol(person):
        try:
            barrier.wait()
            enrolment.enrolment_create(person=person, training=training)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    def lower():
        try:
            barrier.wait()
            if what == "shared":
                services.training_update(training=training, fields={"shared_capacity": LOWER_TO})
            else:
                services.session_update(session=session, fields={"capacity": LOWER_TO})
            lowering.append(None)
        except ValidationError as exc:
            lowering.append(exc)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(p,)) for p in newcomers]
    threads.append(threading.Thread(target=lower))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [lowering[0] if lowering else "missing", errors]


@pytest.mark.parametrize("what", ["shared", "session"])
@pytest.mark.django_db(transaction=True)
def test_an_enrolment_and_a_lowering_that_race_keep_the_invariant(require_postgres, what):
    for run in range(RUNS):
        training = TrainingFactory(
            code=f"cap-{what}-{run}", shared_capacity=SEATS if what == "shared" else None
        )
        session = SessionFactory(training=training, capacity=None if what == "shared" else SEATS)
        crowd = people(HELD + NEWCOMERS)
        for person in crowd[:HELD]:
            enrolment.enrolment_create(person=person, training=training)
        lowered, errors = _race(training, session, what, crowd[HELD:])

        assert errors == [], f"run {run}: {errors[:3]}"
        training.refresh_from_db()
        capacity = counting.training_capacity(training)
        held = counting.seats_taken(training)
        assert held <= capacity, f"run {run}: {held} held for {capacity} seats"
        if lowered is None:
            assert capacity == LOWER_TO, f"run {run}"
        else:
            assert lowered.error_dict and capacity == SEATS, f"run {run}: {lowered!r}"
        # Every newcomer got a seat while one was free: the seats are full either way.
        assert held == capacity, f"run {run}"
        waiting = Enrolment.objects.filter(training=training, status=Status.WAITLISTED).count()
        assert held + waiting == HELD + NEWCOMERS, f"run {run}"
