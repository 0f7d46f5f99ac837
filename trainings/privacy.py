"""Personal data held by the trainings app (see ``stemnet.privacy``)."""

from stemnet import privacy

from .models import Invitation, Survey

# --- evaluations (workspace) ----------------------------------------------------------------

def export_invitations(user) -> list[dict]:
    return [
        {"questionnaire": i.questionnaire.title,
         "training": i.questionnaire.training.code if i.questionnaire.training_id else None,
         "sent_at": i.sent_at.isoformat() if i.sent_at else None,
         "answered_at": i.responded_at.isoformat() if i.responded_at else None}
        for i in Invitation.objects.filter(person=user).select_related(
            "questionnaire__training")
    ]


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
    models=["trainings.Invitation", "trainings.Survey"],
)
