"""Personal data held by evaluations (see ``stemnet.privacy``): the invitations sent to a
person and who set up a survey. Answers are anonymous and stay, unlinked, for the counts."""

from stemnet import privacy

from .models import Answer, Invitation, Survey


def export_invitations(user) -> list[dict]:
    """Questionnaires sent to the person and, while still linked to them, their answers."""
    invitations = list(
        Invitation.objects.filter(person=user).select_related("questionnaire__training", "response")
    )
    answers: dict[int, list] = {}
    for a in (
        Answer.objects.filter(response__invitation__person=user)
        .select_related("question")
        .order_by("question__position")
    ):
        answers.setdefault(a.response_id, []).append(
            {
                "question": a.question.text,
                "number": a.number,
                "text": a.text,
                "selected": a.selected,
            }
        )
    rows = []
    for i in invitations:
        response = getattr(i, "response", None)
        rows.append(
            {
                "questionnaire": i.questionnaire.title,
                "training": i.questionnaire.training.code if i.questionnaire.training_id else None,
                "sent_at": i.sent_at.isoformat() if i.sent_at else None,
                "answered_at": i.responded_at.isoformat() if i.responded_at else None,
                "answers": answers.get(response.pk, []) if response else [],
            }
        )
    return rows


def erase_invitations(user) -> None:
    """Invitations go; the answers stay, unlinked from the person (counted anonymously)."""
    Invitation.objects.filter(person=user).delete()
    Survey.objects.filter(created_by=user).update(created_by=None)


privacy.register(
    "questionnaire_invitations",
    description="Questionnaires sent to the person and whether they answered (not the answers, "
    "which are anonymous).",
    export=export_invitations,
    erase=erase_invitations,
    models=["evaluations.Invitation", "evaluations.Survey"],
)
