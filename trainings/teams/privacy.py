"""Personal data held by school teams (see ``stemnet.privacy``): which teams a person enrolled.
The members' own enrolments are the trainings app's; erasing the organiser keeps the team
(its members stay enrolled) without saying who enrolled it."""

from stemnet import privacy

from .models import Team


def export_teams(user) -> list[dict]:
    return [
        {
            "training": team.training.code,
            "created_at": team.created_at.isoformat(),
            "members": team.members.count(),
        }
        for team in Team.objects.filter(organiser=user).select_related("training")
    ]


def erase_teams(user) -> None:
    Team.objects.filter(organiser=user).update(organiser=None)


privacy.register(
    "school_teams",
    description="Teams of colleagues this person enrolled in a training",
    export=export_teams,
    erase=erase_teams,
    models=("teams.Team",),
)
