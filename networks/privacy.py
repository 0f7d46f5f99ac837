"""Personal data held by the networks app: the roles a person holds."""

from stemnet import privacy

from .models import Membership


def export_memberships(user) -> list[dict]:
    return [
        {"role": m.role, "centre": m.centre.code if m.centre_id else None}
        for m in Membership.objects.filter(user=user).select_related("centre")
    ]


def erase_memberships(user) -> None:
    Membership.objects.filter(user=user).delete()


privacy.register(
    "memberships",
    description="Roles held in centres and the network.",
    export=export_memberships,
    erase=erase_memberships,
    models=["networks.Membership"],
)
