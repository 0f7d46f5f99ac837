"""
The comparison report: two to twelve networks, centres or provinces side by side over a
period. The networks' profile columns (organisation, start year, initiative, main focus,
budget per year, reach) come from the networks app's records; the figures
(participants, hours, budget paid, cost per participant, satisfaction, response rate, and
satisfaction by the respondents' role after the small-group rule) from the yearly report
service, so a comparison row always agrees with that scope's yearly report.

The portal's own network (``networks.comparison.home_network_code``, "VL") is no record typed
over from a study: its profile is computed from the portal (``_home_profile``): the earliest
launch year of the network and its centres, the funding it received over the period's years
per year, the teachers of its yearly report, the register schools its participants' profiles
name (``figures["schools"]``, ``trainings.counting.schools_reached``), its centres. Every row
computed from the portal (centres, provinces, the portal's network) carries the same schools
figure; a network abroad keeps the schools it reports.

Money keeps its currency: ``budget_per_year`` is ``{"low", "high", "currency", "partial"}`` in
the currency the network reports (the UK's in GBP); nothing is converted (``currencies``
says so in a sentence). The portal's own amounts (``paid_eur``, ``cost_per_participant_eur``)
are euros.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from networks.comparison import PortalReach, comparison_size_error, home_network_code
from networks.models import Centre, Funding, Network
from trainings import counting
from trainings.evaluations.figures import min_group_size
from trainings.models import Session

from .figures import Progress, _none, eur, yearly_report
from .scope import CENTRE, NETWORK, Period, Scope

EUR = "EUR"


def validate_count(scopes: list[Scope]) -> None:
    """Raise ``ValidationError`` for too few or too many scopes (``comparison_size_error``)."""
    error = comparison_size_error(len(scopes))
    if error:
        raise ValidationError(error, code="size")


def _range(low, high=None) -> dict:
    return {"low": low, "high": high if high not in (None, low) else None}


def _money(low, high=None, *, currency: str = EUR, partial: bool = False) -> dict:
    """An amount per year or a range of them, in ``currency`` (ISO 4217), unconverted;
    ``partial`` when it covers only part of the network (a lower bound). Amounts are money
    with two places (``figures.eur``: a string with two decimals in the JSON)."""
    low, high = (None if v is None else eur(v) for v in (low, high))
    return {**_range(low, high), "currency": currency or EUR, "partial": partial}


def _reach(teachers: dict, *, schools=None, centres=None, centres_note="", note="") -> dict:
    return {
        "teachers": teachers,
        "schools": schools,
        "centres": centres,
        "centres_note": centres_note,
        "note": note,
    }


def _years_label(period: Period) -> str:
    years = period.years
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _received_per_year(centre_or_network: Q, period: Period):
    """The funding received over the period's calendar years, per year (euros), or ``None``
    when no funding line was received in them."""
    total = Funding.objects.filter(
        centre_or_network, year__in=period.years, status=Funding.Status.RECEIVED
    ).aggregate(total=Sum("amount_eur"))["total"]
    return eur(total / len(period.years)) if total is not None else None


def _home_profile(network: Network, period: Period, figures: dict) -> dict:
    """The home network's profile, computed from the portal (see the module's docstring)."""
    centres = list(network.centres.values_list("launch_year", flat=True))
    starts = [year for year in [network.launch_year, *centres] if year]
    budget = _received_per_year(Q(network=network) | Q(centre__network=network), period)
    years = _years_label(period)
    return {
        "organisation": network.structure or str(network.coordinating_organisation or ""),
        "start_year": min(starts) if starts else None,
        "initiative": network.initiative,
        "focus": network.main_focus,
        "budget_per_year": _money(budget),
        "budget_note": _("Funding received in %(years)s, per year") % {"years": years}
        if budget is not None
        else _("No funding received in %(years)s is recorded") % {"years": years},
        "reach": _reach(
            _range(figures["participants"]["teachers"]),
            schools=figures["schools"]["reached"],
            centres=len(centres),
            centres_note=ngettext(
                "%(n)d centre in the portal", "%(n)d centres in the portal", len(centres)
            )
            % {"n": len(centres)},
            note=_(
                "Teachers with a counted participation in %(period)s (the yearly report's "
                "figure); schools: the register's schools of the participants' profiles"
            )
            % {"period": period.label},
        ),
        "computed_from_portal": True,
        "note": _(
            "Computed from the portal: start year from the launch years of the network and "
            "its centres, budget from the funding received, reach from the participants."
        ),
    }


def _network_profile(network: Network) -> dict:
    """A network as the study reports it (the networks app's record), in its own currency."""
    return {
        "organisation": network.structure or str(network.coordinating_organisation or ""),
        "start_year": network.launch_year,
        "initiative": network.initiative,
        "focus": network.main_focus,
        "budget_per_year": _money(
            network.budget_min,
            network.budget_max,
            currency=network.budget_currency,
            partial=network.budget_partial,
        ),
        "budget_note": network.budget_note,
        "reach": _reach(
            _range(network.reach_teachers_min, network.reach_teachers_max),
            schools=network.reach_schools,
            centres=network.centres_reported,
            centres_note=network.centres_note,
            note=network.reach_note,
        ),
        "computed_from_portal": False,
        "note": "",
    }


def _profile(scope: Scope, period: Period, figures: dict) -> dict:
    """The profile columns of one scope (organisation, start year, initiative, focus …)."""
    if scope.kind == NETWORK:
        network = (
            Network.objects.select_related("coordinating_organisation")
            .filter(code=scope.code)
            .first()
        )
        if network.code == home_network_code():
            return _home_profile(network, period, figures)
        return _network_profile(network)
    centres = Centre.objects.filter(scope.centre_q()).select_related("host", "network")
    centres = list(centres.order_by("name"))
    budget = _received_per_year(Q(centre__in=centres), period)
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
        "budget_per_year": _money(budget),
        "budget_note": _("Funding received, per year of the period") if budget else "",
        "reach": _reach(
            _range(sum(reach) if reach else None),
            schools=figures["schools"]["reached"],
            centres=len(centres),
            note=_("Teachers reached per year, as the centres record it") if reach else "",
        ),
        "computed_from_portal": False,
        "note": "",
    }


def currencies_note(rows: list[dict]) -> dict:
    """Whether amounts were converted (never) and the sentence that says so."""
    foreign = sorted({row["budget_per_year"]["currency"] for row in rows} - {EUR})
    if foreign:
        note = _(
            "Every amount is shown in its own currency; none is converted to euros. The budget "
            "per year is in the currency each network reports it in (here also %(currencies)s); "
            "the portal's figures (budget paid, cost per participant) are in euros."
        ) % {"currencies": ", ".join(foreign)}
    else:
        note = _("Every amount is in euros; none is converted.")
    return {"converted": False, "foreign": foreign, "note": note}


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
        profile = _profile(scope, period, figures)
        portal = scope.kind != NETWORK or profile["computed_from_portal"]
        rows.append(
            {
                "kind": scope.kind,
                "code": scope.code,
                "name": figures["scope"]["name"],
                **profile,
                # From the portal's register (``counting.schools_reached``); a network abroad
                # keeps the schools it reports (``reach.schools``) and has null here.
                "schools_reached": figures["schools"]["reached"] if portal else None,
                "schools_share_reached": figures["schools"]["share_reached"] if portal else None,
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
                # School development projects (trainings.projects.figures), portal scopes only.
                "project_applications": figures["projects"]["applications"] if portal else None,
                "projects_accepted": figures["projects"]["accepted"] if portal else None,
                "project_grants_paid_eur": figures["projects"]["grants_paid_eur"]
                if portal
                else None,
                "project_schools": figures["projects"]["schools"] if portal else None,
            }
        )
        progress(5 + int(55 * (index + 1) / len(scopes)), scope.code)
    return {
        "report": "comparison",
        "scope_kind": scopes[0].kind,
        "period": period.as_dict(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "min_group_size": min_group_size(),
        "currencies": currencies_note(rows),
        "rows": rows,
    }


def latest_reach(network_code: str) -> PortalReach | None:
    """The teachers of ``network_code``'s yearly report for its latest complete calendar year
    with a training (this year's, still running, only when no earlier year has one), and the
    register schools its participants reached; ``None`` without any training. Registered with
    ``networks.comparison`` for the directory's comparison page."""
    scope = Scope(NETWORK, network_code)
    this_year = timezone.localdate().year
    start, end = Period(dt.date(1900, 1, 1), dt.date(this_year, 12, 31)).bounds()
    trainings = counting.trainings_held_between(start, end, centres=scope.centre_q("centre__"))
    sessions = Session.objects.filter(training__in=trainings.values("pk"), starts_at__gte=start)
    this_year_start = Period.year(this_year).bounds()[0]
    last = sessions.filter(starts_at__lt=this_year_start).aggregate(last=Max("starts_at"))["last"]
    last = last or sessions.filter(starts_at__lt=end).aggregate(last=Max("starts_at"))["last"]
    if last is None:
        return None
    period = Period.year(timezone.localtime(last).year)
    figures = yearly_report(scope=scope, period=period, details=False).figures
    return PortalReach(
        year=period.start.year,
        teachers=figures["participants"]["teachers"],
        schools=figures["schools"]["reached"],
    )
