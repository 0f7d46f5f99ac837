"""Labels and the Dutch summary of a report: sentences with the numbers in them, written the
way the minister's answers to parliamentary questions are."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from networks.models import Province
from networks.schools.models import SchoolLevel
from stemnet.accounts import levels as level_codes
from stemnet.accounts.models import PersonRole, StemDomain
from trainings.evaluations.figures import group_label


def number(value, places: int = 0) -> str:
    """A localised number with grouping (``29.012,01`` in Dutch); "–" for None."""
    if value is None:
        return "–"
    return number_format(Decimal(value), decimal_pos=places, use_l10n=True, force_grouping=True)


def money(value) -> str:
    return "–" if value is None else f"€ {number(value, 2)}"


def money_chart(value) -> str:
    """Money on a chart: cents only when there are any (axis ticks stay short)."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    return f"€ {number(value, 0 if value == value.to_integral_value() else 2)}"


def percent(value) -> str:
    return "–" if value is None else f"{number(value, 1)} %"


def hours(value) -> str:
    value = Decimal(value or 0)
    return number(value, 0 if value == value.to_integral_value() else 1)


def role_labels() -> dict[str, str]:
    return {key: str(label) for key, label in PersonRole.choices}


def domain_labels() -> dict[str, str]:
    return {key: str(label) for key, label in StemDomain.choices}


def level_labels() -> dict[str, str]:
    """``participants.by_level``'s groups: the old grouping (``stemnet.accounts.levels``)."""
    return level_codes.report_group_labels()


def school_level_labels() -> dict[str, str]:
    """``schools.by_level``'s keys: the levels a school of the register offers."""
    return {code: str(label) for code, label in SchoolLevel.choices}


def province_label(code: str) -> str:
    return str(dict(Province.choices).get(code, code)) if code else _("No province")


def summary_keys() -> list[tuple[str, str]]:
    """The scalar figures of a yearly report, as (key path, label), in reading order."""
    return [
        ("participants.total", _("Participants (distinct persons)")),
        ("participants.participations", _("Participations (enrolments)")),
        ("participants.teachers", _("Teachers")),
        *[
            (f"participants.by_role.{k}", _("Role: %(label)s") % {"label": v})
            for k, v in role_labels().items()
        ],
        *[
            (f"participants.by_domain.{k}", _("Teachers' STEM domain: %(label)s") % {"label": v})
            for k, v in domain_labels().items()
        ],
        ("participants.teachers_without_domain", _("Teachers without a STEM domain")),
        *[
            (f"participants.by_level.{k}", _("Teachers' level: %(label)s") % {"label": v})
            for k, v in level_labels().items()
        ],
        ("participants.teachers_without_level", _("Teachers without a level")),
        ("trainings.count", _("Trainings")),
        ("trainings.sessions", _("Sessions")),
        ("trainings.contact_hours", _("Contact hours")),
        ("trainings.target_participants", _("Target number of participants")),
        ("trainings.target_counted", _("Counted toward the target")),
        ("trainings.target_reached_share", _("Target reached (%)")),
        ("budget.planned_eur", _("Budget planned (EUR)")),
        ("budget.paid_eur", _("Budget paid (EUR)")),
        ("budget.cost_per_participant_eur", _("Cost per participant (EUR)")),
        ("evaluation.responses", _("Evaluation responses")),
        ("evaluation.satisfied_share", _("Satisfied (%)")),
        ("evaluation.recommend_share", _("Would recommend (%)")),
        ("evaluation.invited", _("Evaluation invitations sent")),
        ("evaluation.answered", _("Evaluation invitations answered")),
        ("evaluation.response_rate", _("Response rate (%)")),
        ("schools.reached", _("Schools reached")),
        ("schools.register_total", _("Schools in the register")),
        ("schools.share_reached", _("Schools reached (%)")),
        ("schools.without_school", _("Participants without a school of the register")),
    ]


def evaluation_groups(evaluation: dict, split: str) -> list[tuple[str, str, dict]]:
    """(key, label, figures) of each group ``evaluation[split]`` shows (``by_role`` or
    ``by_centre``), in the report's order; the bucket is "other groups together"."""
    groups = evaluation.get(split, {})
    if split == "by_role":
        names = role_labels()
    else:
        names = {key: figures.get("name") or key for key, figures in groups.items()}
    return [(key, group_label(key, names), figures) for key, figures in groups.items()]


def lookup(figures: dict, path: str):
    value = figures
    for part in path.split("."):
        value = value[part]
    return value


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def summary_sentences(figures: dict) -> list[str]:
    """The report's summary in a few paragraphs, numbers written out in sentences."""
    people, trainings = figures["participants"], figures["trainings"]
    budget, evaluation = figures["budget"], figures["evaluation"]
    roles = people["by_role"]
    nouns = {
        PersonRole.TEACHER: lambda n: ngettext("%(n)s teacher", "%(n)s teachers", n),
        PersonRole.DIRECTOR: lambda n: ngettext("%(n)s director", "%(n)s directors", n),
        PersonRole.COMPANY: lambda n: ngettext(
            "%(n)s person from a company", "%(n)s people from companies", n
        ),
        PersonRole.RESEARCHER: lambda n: ngettext("%(n)s researcher", "%(n)s researchers", n),
        PersonRole.STUDENT: lambda n: ngettext("%(n)s student", "%(n)s students", n),
        PersonRole.OTHER: lambda n: ngettext("%(n)s other person", "%(n)s others", n),
    }
    parts = [
        noun(roles[key]) % {"n": number(roles[key])} for key, noun in nouns.items() if roles[key]
    ]
    period = figures["period"]
    if len(period["label"]) == 4:  # a calendar year
        when = _("in %(year)s") % {"year": period["label"]}
    else:
        start, end = period["label"].split(" – ")
        when = _("from %(start)s to %(end)s") % {"start": start, "end": end}
    values = {
        "total": number(people["total"]),
        "scope": figures["scope"]["name"],
        "when": when,
        "roles": _join(parts),
    }
    out = []
    if people["total"]:
        out.append(
            ngettext(
                "%(total)s person took part in a training of %(scope)s %(when)s: %(roles)s.",
                "%(total)s people took part in trainings of %(scope)s %(when)s: %(roles)s.",
                people["total"],
            )
            % values
        )
    else:
        out.append(_("Nobody took part in a training of %(scope)s %(when)s.") % values)
    out.append(
        ngettext(
            "%(count)s training was held (sessions: %(sessions)s; contact hours: %(hours)s).",
            "%(count)s trainings were held (sessions: %(sessions)s; contact hours: %(hours)s).",
            trainings["count"],
        )
        % {
            "count": number(trainings["count"]),
            "sessions": number(trainings["sessions"]),
            "hours": hours(trainings["contact_hours"]),
        }
    )
    if people["participations"] != people["total"]:
        out.append(
            _("Together they took part %(count)s times: some followed more than one training.")
            % {"count": number(people["participations"])}
        )
    if roles[PersonRole.CLB]:
        out.append(
            ngettext(
                "%(count)s CLB staff member took part.",
                "%(count)s CLB staff took part.",
                roles[PersonRole.CLB],
            )
            % {"count": number(roles[PersonRole.CLB])}
        )
    else:
        out.append(_("No CLB staff took part."))
    if people["teachers"]:
        domains = [
            f"{label}: {number(people['by_domain'][key])}" for key, label in domain_labels().items()
        ]
        out.append(
            _("By the STEM domain the teachers count themselves in: %(list)s.")
            % {"list": "; ".join(domains)}
        )
        levels = [
            f"{label}: {number(people['by_level'][key])}"
            for key, label in level_labels().items()
            if people["by_level"][key]
        ]
        if levels:
            out.append(_("By education level: %(list)s.") % {"list": "; ".join(levels)})
        if sum(people["by_level"].values()) > people["teachers"]:
            out.append(
                _("Some teachers teach at several levels and so count in several categories.")
            )
    if budget["paid_eur"] or budget["planned_eur"]:
        sentence = _("%(paid)s euro was paid, against %(planned)s euro planned.") % {
            "paid": number(budget["paid_eur"], 2),
            "planned": number(budget["planned_eur"], 2),
        }
        if budget["cost_per_participant_eur"] is not None:
            sentence += " " + _("That is %(cost)s euro per participant.") % {
                "cost": number(budget["cost_per_participant_eur"], 2)
            }
        out.append(sentence)
    else:
        out.append(_("No budget was recorded for this period."))
    if evaluation["responses"]:
        sentence = ngettext(
            "%(count)s evaluation was filled in.",
            "%(count)s evaluations were filled in.",
            evaluation["responses"],
        ) % {"count": number(evaluation["responses"])}
        if evaluation["satisfied_share"] is not None:
            sentence += " " + _(
                "%(share)s of those who answered were satisfied (4 or 5 out of 5)."
            ) % {"share": percent(evaluation["satisfied_share"])}
        if evaluation["recommend_share"] is not None:
            sentence += " " + _("%(share)s would recommend the training to a colleague.") % {
                "share": percent(evaluation["recommend_share"])
            }
        out.append(sentence)
        roles = evaluation_groups(evaluation, "by_role")
        if roles:
            out.append(
                _("Satisfied by the respondents' role: %(list)s.")
                % {
                    "list": "; ".join(
                        f"{label} {percent(figures['satisfied_share'])}"
                        for _key, label, figures in roles
                    )
                }
                + " "
                + _("Groups with fewer than %(n)s responses are not shown on their own.")
                % {"n": number(evaluation["min_group_size"])}
            )
    else:
        out.append(_("No evaluations were filled in."))
    if evaluation.get("invited"):
        out.append(
            ngettext(
                "%(answered)s of %(invited)s evaluation invitation was answered (%(share)s).",
                "%(answered)s of %(invited)s evaluation invitations were answered (%(share)s).",
                evaluation["invited"],
            )
            % {
                "answered": number(evaluation["answered"]),
                "invited": number(evaluation["invited"]),
                "share": percent(evaluation["response_rate"]),
            }
        )
    if trainings["target_participants"]:
        out.append(target_sentence(trainings))
    return out


def target_sentence(trainings: dict) -> str:
    """Target versus reached, in the group the targets name (``trainings.target_group``)."""
    counted = trainings.get("target_counted", 0)
    values = {
        "target": number(trainings["target_participants"]),
        "counted": number(counted),
        "share": percent(trainings["target_reached_share"]),
    }
    group = trainings.get("target_group")
    if group == "teachers" and trainings["target_reached"]:
        return (
            ngettext(
                "%(counted)s teacher took part: the target of %(target)s teachers was reached "
                "(%(share)s).",
                "%(counted)s teachers took part: the target of %(target)s teachers was reached "
                "(%(share)s).",
                counted,
            )
            % values
        )
    if group == "teachers":
        return (
            ngettext(
                "%(counted)s of the about %(target)s teachers aimed at took part (%(share)s): "
                "the target was not reached.",
                "%(counted)s of the about %(target)s teachers aimed at took part (%(share)s): "
                "the target was not reached.",
                counted,
            )
            % values
        )
    if group == "mixed":
        return (
            _(
                "The trainings aimed at %(target)s participants, some of them counting teachers "
                "only: %(counted)s took part in the groups aimed at (%(share)s)."
            )
            % values
        )
    if trainings["target_reached"]:
        return _("The target of %(target)s participants was reached (%(share)s).") % values
    return (
        _(
            "It was not possible to reach the target of %(target)s participants: "
            "%(share)s of it was reached."
        )
        % values
    )
