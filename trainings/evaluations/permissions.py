"""Who may read and change questionnaires and network-wide surveys.

A training's questionnaire follows its centre: its coordinators change it, ministry staff
read it. The network's standard questionnaires are read by every coordinator and changed by
admins; network-wide surveys are set up by ministry staff and the national centre. Another
centre's questionnaire is a 404 (missing and forbidden look alike).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from networks.models import Centre
from stemnet.access import (
    can_change_centre,
    can_read_centre,
    coordinated_centre_ids,
    get_or_404_for,
    is_admin,
    sees_whole_network,
)

from .models import Questionnaire, Survey

if TYPE_CHECKING:
    from stemnet.accounts.models import User


def get_questionnaire_for_user(user: User, pk: int) -> Questionnaire:
    """A training's questionnaire (its centre), or a template (centre or network-wide)."""

    def allowed(q: Questionnaire) -> bool:
        if q.kind == Questionnaire.Kind.SURVEY:
            return can_manage_surveys(user)
        centre_id = q.training.centre_id if q.training is not None else q.centre_id
        if centre_id is None:
            return sees_whole_network(user) or bool(coordinated_centre_ids(user))
        return can_read_centre(user, centre_id)

    return get_or_404_for(
        Questionnaire.objects.select_related("training__centre", "centre"), allowed, pk=pk
    )


def can_change_questionnaire(user: User, questionnaire: Questionnaire) -> bool:
    if questionnaire.kind == Questionnaire.Kind.SURVEY:
        return can_manage_surveys(user)
    centre_id = (
        questionnaire.training.centre_id
        if questionnaire.training is not None
        else questionnaire.centre_id
    )
    if centre_id is None:  # the network's standard questionnaire
        return is_admin(user)
    return can_change_centre(user, centre_id)


def can_manage_surveys(user: User) -> bool:
    """Network-wide surveys are set up by ministry staff or the national centre."""
    if sees_whole_network(user):
        return True
    return Centre.objects.filter(
        pk__in=coordinated_centre_ids(user), kind=Centre.Kind.NATIONAL
    ).exists()


def get_survey_for_user(user: User, pk: int) -> Survey:
    return get_or_404_for(
        Survey.objects.select_related("questionnaire"), lambda s: can_manage_surveys(user), pk=pk
    )
