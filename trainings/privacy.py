"""Personal data held by the trainings app (see ``stemnet.privacy``).

Erasure first releases the person's seats and waiting-list places in trainings that have not
started (the waiting list moves up as after a cancellation). Enrolments and attendance of
trainings that have started stay (reports of past years count them) but no longer lead to
the person: the account itself is anonymised by the accounts app. Calendar feeds and
reminder records are deleted; certificate codes are withdrawn. In the history of trainings
the person's changes lose their author, and what was written about them is removed.
"""

from django.contrib.contenttypes.models import ContentType

from stemnet import privacy

from . import history
from .models import CalendarFeed, Enrolment, MessageDelivery, SessionReminder, TrainingMessage
from .services.enrolment import enrolments_release


def export_enrolments(user) -> list[dict]:
    rows = []
    enrolments = (
        Enrolment.objects.filter(person=user)
        .select_related("training")
        .prefetch_related("attendances__session")
    )
    for enrolment in enrolments:
        rows.append(
            {
                "training": enrolment.training.code,
                "title": enrolment.training.title,
                "status": enrolment.status,
                "waitlist_position": enrolment.waitlist_position,
                "created_at": enrolment.created_at.isoformat(),
                "cancelled_at": enrolment.cancelled_at.isoformat()
                if enrolment.cancelled_at
                else None,
                "certificate_code": enrolment.certificate_code,
                "attendance": [
                    {
                        "session": a.session.starts_at.isoformat(),
                        "present": a.present,
                        "hours": str(a.hours),
                    }
                    for a in enrolment.attendances.all()
                ],
            }
        )
    return rows


def erase_enrolments(user) -> None:
    """Release the seats of trainings to come; keep the rest (enrolments, attendance) for
    the counts, dropping what points back at the person."""
    enrolments_release(person=user)
    Enrolment.objects.filter(person=user).update(certificate_code=None)
    Enrolment.objects.filter(person=user, status=Enrolment.Status.WAITLISTED).update(
        status=Enrolment.Status.CANCELLED, waitlist_position=None, offer_expires_at=None
    )
    SessionReminder.objects.filter(enrolment__person=user).delete()


def export_calendar_feed(user) -> dict | None:
    feed = CalendarFeed.objects.filter(person=user).first()
    return {"created_at": feed.created_at.isoformat()} if feed else None


def erase_calendar_feed(user) -> None:
    CalendarFeed.objects.filter(person=user).delete()


def export_messages(user) -> list[dict]:
    """The messages received from centres, and those sent as a coordinator."""
    received = MessageDelivery.objects.filter(person=user).select_related("message__training")
    sent = TrainingMessage.objects.filter(sender=user).select_related("training")
    return [
        {
            "direction": "received",
            "training": d.message.training.code,
            "subject": d.message.subject,
            "body": d.message.body,
            "sent_at": d.sent_at.isoformat() if d.sent_at else None,
        }
        for d in received
    ] + [
        {
            "direction": "sent",
            "training": m.training.code,
            "subject": m.subject,
            "created_at": m.created_at.isoformat(),
        }
        for m in sent
    ]


def erase_messages(user) -> None:
    """Who received a message is forgotten; a message the person sent stays with the
    training (its text is the centre's), without its sender."""
    MessageDelivery.objects.filter(person=user).delete()
    TrainingMessage.objects.filter(sender=user).update(sender=None)


ACTIONS = {
    history.Action.CREATE: "created",
    history.Action.UPDATE: "changed",
    history.Action.DELETE: "deleted",
}


def export_history(user) -> list[dict]:
    """The changes the person made to trainings, and the changes to their own enrolments
    and attendance, as the history of trainings keeps them."""
    rows = []
    for entry in history.person_entries(user):
        data = entry.additional_data or {}
        model = ContentType.objects.get_for_id(entry.content_type_id).model
        rows.append(
            {
                "when": entry.timestamp.isoformat(),
                "action": ACTIONS.get(entry.action, "other"),
                "object": model,
                "object_id": entry.object_id,
                "training": entry.object_id if model == "training" else data.get("training"),
                "made_by_you": entry.actor_id == user.pk,
                "about_you": data.get("person") == user.pk,
                "changes": entry.changes,
            }
        )
    return rows


def erase_history(user) -> None:
    history.person_erase(user)


# Registered before the others of this app, so that it is erased after them: releasing the
# person's seats writes entries that must lose their author too.
privacy.register(
    "training_history",
    description="The history of trainings: changes the person made (as their author) and "
    "changes to their own enrolments and attendance.",
    export=export_history,
    erase=erase_history,
    models=["auditlog.LogEntry"],
)
privacy.register(
    "enrolments",
    description="Trainings enrolled in, waiting-list places, attendance, certificate codes, "
    "reminders sent.",
    export=export_enrolments,
    erase=erase_enrolments,
    models=["trainings.Enrolment", "trainings.Attendance", "trainings.SessionReminder"],
)
privacy.register(
    "calendar_feed",
    description="The secret address of the personal calendar feed.",
    export=export_calendar_feed,
    erase=erase_calendar_feed,
    models=["trainings.CalendarFeed"],
)
privacy.register(
    "training_messages",
    description="Messages received from a centre about a training, and messages sent to a "
    "training's participants.",
    export=export_messages,
    erase=erase_messages,
    models=["trainings.TrainingMessage", "trainings.MessageDelivery"],
)


def export_saved_searches(user) -> list[dict]:
    from .models import SavedSearch, SearchAlertSent

    sent = list(
        SearchAlertSent.objects.filter(person=user).values_list("training__code", "sent_at")
    )
    return [
        {
            "name": s.name,
            "search": s.query,
            "alerts": s.alerts,
            "created_at": s.created_at.isoformat(),
        }
        for s in SavedSearch.objects.filter(person=user)
    ] + [{"training_sent": code, "sent_at": at.isoformat()} for code, at in sent]


def erase_saved_searches(user) -> None:
    from .models import SavedSearch, SearchAlertSent

    SavedSearch.objects.filter(person=user).delete()
    SearchAlertSent.objects.filter(person=user).delete()


privacy.register(
    "saved_searches",
    description="Saved catalogue searches, their e-mail alerts, and which trainings the "
    "alerts sent.",
    export=export_saved_searches,
    erase=erase_saved_searches,
    models=["trainings.SavedSearch", "trainings.SearchAlertSent"],
)
