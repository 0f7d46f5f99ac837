"""What a report is about: a scope (the network, a centre or a province) and a period."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from networks.models import Centre, Network, Province

NETWORK, CENTRE, PROVINCE = "network", "centre", "province"
KINDS = (NETWORK, CENTRE, PROVINCE)


@dataclass(frozen=True)
class Scope:
    kind: str
    code: str

    def centre_q(self, prefix: str = "") -> Q:
        """The centres of the scope, as a filter on a relation to Centre (``prefix``)."""
        if self.kind == NETWORK:
            return Q(**{f"{prefix}network__code": self.code})
        if self.kind == CENTRE:
            return Q(**{f"{prefix}code": self.code})
        return Q(**{f"{prefix}province": self.code})

    def name(self) -> str:
        if self.kind == PROVINCE:
            return str(dict(Province.choices).get(self.code, self.code))
        model = Network if self.kind == NETWORK else Centre
        obj = model.objects.filter(code=self.code).only("name").first()
        return obj.name if obj else self.code

    def kind_label(self) -> str:
        return {NETWORK: _("network"), CENTRE: _("centre"), PROVINCE: _("province")}[self.kind]


def validate_scopes(kind: str, codes: list[str]) -> list[Scope]:
    """Scopes for ``codes`` of ``kind``; raises ValidationError naming unknown codes."""
    if kind not in KINDS:
        raise ValidationError(_("Unknown scope '%(kind)s'.") % {"kind": kind})
    codes = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    if not codes:
        raise ValidationError(_("Give at least one code."))
    if kind == PROVINCE:
        known = set(Province.values)
    else:
        model = Network if kind == NETWORK else Centre
        known = set(model.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown %(kind)s code: %(codes)s.")
            % {"kind": Scope(kind, "").kind_label(), "codes": ", ".join(unknown)}
        )
    return [Scope(kind, code) for code in codes]


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included (Europe/Brussels)."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise ValidationError(_("The end date comes before the start date."))
        return cls(start, end)

    @property
    def is_calendar_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (
            1,
            1,
            12,
            31,
        ) and self.start.year == self.end.year

    @property
    def years(self) -> list[int]:
        """The calendar years the period touches (budget lines are kept per year)."""
        return list(range(self.start.year, self.end.year + 1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes: the period's first moment and the moment after it."""
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end

    @property
    def label(self) -> str:
        if self.is_calendar_year:
            return str(self.start.year)
        return (
            f"{date_format(self.start, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(self.end, 'SHORT_DATE_FORMAT')}"
        )

    def as_dict(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": self.label}
