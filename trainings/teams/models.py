"""
A school team: colleagues of one school enrolled together in one training by their director
or STEM coordinator (``services.team_enrol``). Each member holds an ordinary enrolment, so
seats, waiting lists, attendance, certificates and reports treat them like everyone else;
the team only remembers who enrolled whom, so that the organiser sees who declined.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    training = models.ForeignKey(
        "trainings.Training",
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("training"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="teams_organised",
        verbose_name=_("enrolled by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("school team")
        verbose_name_plural = _("school teams")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.training} · {self.organiser or '—'}"


class TeamMember(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("team")
    )
    enrolment = models.OneToOneField(
        "trainings.Enrolment",
        on_delete=models.CASCADE,
        related_name="team_member",
        verbose_name=_("enrolment"),
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return f"{self.team_id}: {self.enrolment_id}"
