"""
The comparison report: two to twelve networks, centres or provinces side by side over a
period. The networks' profile columns (organisation, start year, initiative, main focus,
budget per year, reach) come from the networks app's records; the figures
(participants, hours, budget paid, cost per participant, satisfaction, response rate, and
satisfaction by the respondents' role after the small-group rule) from the yearly report
service, so a comparison row always agrees with that scope's yearly report.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.comparison import comparison_size_error
from networks.models import Centre, Funding, Network
from trainings.evaluations.figures import min_group_size

from .figures import Progress, _none, eur, yearly_report
from .scope import CENTRE, NETWORK, Period, Scope


def validate_count(scopes: list[Scope]) -> None:
    """Raise ``ValidationError`` for too few or too many scopes (``comparison_size_error``)."""
    error = comparison_size_error(len(scopes))
    if error:
        raise ValidationError(error, code="size")


def _range(low, high=None) -> dict:
    return {"low": low, "high": high if high not in (None, low) else None}


def _profile(scope: Scope, period: Period) -> dict:
    """The profile columns of one scope (organisation, start year, initiative, focus …)."""
    if scope.kind == NETWORK:
        network = (
            Network.objects.select_related("coordinating_organisation")
            .filter(code=scope.code)
            .first()
        )
        return {
            "organisation": network.structure or str(network.coordinating_organisation or ""),
            "start_year": network.launch_year,
            "initiative": network.initiative,
            "focus": network.main_focus,
            "budget_per_year_eur": _range(network.budget_min, network.budget_max),
            "budget_note": network.budget_note,
            "reach_teachers": _range(network.reach_teachers_min, network.reach_teachers_max),
            "reach_note": network.reach_note,
        }
    centres = Centre.objects.filter(scope.centre_q()).select_related("host", "network")
    centres = list(centres.order_by("name"))
    funding = Funding.objects.filter(
        centre__in=centres, year__in=period.years, status=Funding.Status.RECEIVED
    ).aggregate(total=Sum("amount_eur"), first=Min("year"))
    years = len(period.years)
    budget = eur(funding["total"] / years) if funding["total"] is not None else None
    reach = [c.reach_teachers for c in centres if c.reach_teachers is not None]
    starts = [c.launch_year for c in centres if c.launch_year]
    networks = list(dict.fromkeys(c.network for c in centres))
    return {
        "organisation": ", ".join(dict.fromkeys(str(c.host) for c in centres if c.host_id))
        if scope.kind != CENTRE or not centres
        else str(centres[0].host or ""),
        "start_year": min(starts) if starts else None,
        "initiative": "; ".join(n.initiative for n in networks if n.initiative),
        "focus": "; ".join(n.main_focus for n in networks if n.main_focus),
        "budget_per_year_eur": _range(budget),
        "budget_note": _("Funding received, per year of the period") if budget else "",
        "reach_teachers": _range(sum(reach) if reach else None),
        "reach_note": "",
    }


def comparison_report(
    *, scopes: list[Scope], period: Period, progress: Progress | None = None
) -> dict:
    """The comparison of ``scopes`` (all of one kind) over ``period``, as the JSON interface.

    Reads only. Raises ValidationError for fewer than 2 or more than 12 scopes.
    """
    progress = progress or _none
    validate_count(scopes)
    rows = []
    for index, scope in enumerate(scopes):
        figures = yearly_report(scope=scope, period=period, details=False).figures
        rows.append(
            {
                "kind": scope.kind,
                "code": scope.code,
                "name": figures["scope"]["name"],
                **_profile(scope, period),
                "participants": figures["participants"]["total"],
                "participations": figures["participants"]["participations"],
                "teachers": figures["participants"]["teachers"],
                "trainings": figures["trainings"]["count"],
                "contact_hours": figures["trainings"]["contact_hours"],
                "paid_eur": figures["budget"]["paid_eur"],
                "cost_per_participant_eur": figures["budget"]["cost_per_participant_eur"],
                "satisfied_share": figures["evaluation"]["satisfied_share"],
                "recommend_share": figures["evaluation"]["recommend_share"],
                "response_rate": figures["evaluation"]["response_rate"],
                "evaluation_by_role": figures["evaluation"]["by_role"],
            }
        )
        progress(5 + int(55 * (index + 1) / len(scopes)), scope.code)
    return {
        "report": "comparison",
        "scope_kind": scopes[0].kind,
        "period": period.as_dict(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "min_group_size": min_group_size(),
        "rows": rows,
    }
