"""Permission-matrix rows of the public and teacher pages of the trainings app.

Imported by ``tests/trainings/matrix.py``.
"""

from tests.matrix import LOGIN, Row, public, signed_in


def _published(world):
    from trainings.models import Training

    from .factories import SessionFactory, TrainingFactory

    training = Training.objects.filter(code="matrix-open").first()
    if training is None:
        training = TrainingFactory(code="matrix-open", centre=world.centre)
        SessionFactory(training=training)
    return {"code": training.code}


def _teachers_enrolment(world):
    from .factories import EnrolmentFactory, SessionFactory, TrainingFactory

    training = TrainingFactory(centre=world.centre)
    SessionFactory(training=training)
    return {"pk": EnrolmentFactory(person=world.teacher, training=training).pk}


def _feed(world):
    from trainings.services.calendar_feeds import calendar_feed_get_or_create

    return {"token": calendar_feed_get_or_create(person=world.teacher).token}


def _saved_search(world):
    from trainings.services.alerts import saved_search_create

    return {"token": saved_search_create(person=world.teacher, params={"q": "robotica"}).token}


POST_ONLY = signed_in(405)

ROWS = [
    Row("trainings:catalogue", public()),
    Row("trainings:detail", public(), kwargs=_published),
    Row("trainings:training_calendar", public(), kwargs=_published),
    Row("trainings:enrol", POST_ONLY, kwargs=_published),
    # Anyone signed in sees the team page; it says who may enrol a team (a director or
    # teacher with a school on the profile) and why not.
    Row("trainings:team_enrol", signed_in(), kwargs=_published),
    Row("trainings:calendar_feed", public(), kwargs=_feed),
    Row("trainings:certificate_verify", public()),
    Row("trainings:my_trainings", signed_in()),
    Row("trainings:calendar_feed_new", POST_ONLY),
    # The confirmation page: only for the teacher's own enrolment (404 for anyone else's).
    Row("trainings:cancel", signed_in(404, teacher=200), kwargs=_teachers_enrolment),
    Row("trainings:claim_offer", POST_ONLY, kwargs=_teachers_enrolment),
    # Only the teacher's own enrolment; the training is not over, so no certificate yet (404)
    # for them and 404 (someone else's) for everyone else.
    Row("trainings:certificate", signed_in(404), kwargs=_teachers_enrolment),
    Row("trainings:saved_searches", signed_in()),
    Row("trainings:saved_search_create", POST_ONLY),
    # Behind the link in the digest: the token is the key (no log-in, like an unsubscribe).
    Row("trainings:saved_search_unsubscribe", public(), kwargs=_saved_search),
]

__all__ = ["ROWS", "LOGIN"]
