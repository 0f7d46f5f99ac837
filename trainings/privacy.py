"""Personal data held by the trainings app (see ``stemnet.privacy``).

Enrolments and attendance stay after erasure (reports of past years count them) but no longer
lead to the person: the account itself is anonymised by the accounts app. Calendar feeds
and reminder records are deleted; certificate codes are withdrawn.
"""

from stemnet import privacy

from .models import CalendarFeed, Enrolment, MessageDelivery, SessionReminder, TrainingMessage


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
    """Keep enrolments and attendance for the counts; drop what points back at the person."""
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
