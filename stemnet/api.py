"""
The open-data API's shared parts: one router that each app adds its read-only viewsets to
(``register``, called from the app's ``api.py``, which its ``AppConfig.ready`` imports), the
pagination every endpoint uses and the rules every endpoint keeps. ``stemnet/api_urls.py``
mounts the router under ``/api/v1/``; this module knows no domain app.

The rules, which the OpenAPI schema states (``OpenDataSchema``) and a Schemathesis run over
that schema holds the API to (tests/monitor/test_api.py):

- a malformed query is a 400 with ``{parameter: [messages]}``: a parameter given twice or
  empty, a value outside its type, pattern or choices, a page or page size that is not a
  whole number from 1 (``StrictQueryMixin``, ``OpenDataPagination``);
- an address that names no object is a 404 with ``{"detail": ...}`` in JSON, also when the
  address could never name one (``/observations/abc/``): the lookup takes any path segment
  and the view refuses what is not a well-formed id or code before the database
  (``OpenDataViewSet``); a page past the last one is a 404 too.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import slug_re, validate_slug
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.routers import DefaultRouter


class LookupConverter:
    """Any non-empty rest of the address, newlines and slashes included (Django's ``path``
    converter stops at a newline): a detail address always reaches the view, which answers a
    malformed id or code with the API's JSON 404 rather than the site's HTML one."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: Any) -> str:
        return str(value)


register_converter(LookupConverter, "lookup")
router = DefaultRouter(trailing_slash=True, use_regex_path=False)
router.include_format_suffixes = False

# A whole number as a client writes it: ASCII digits only (``int()`` would also take " 7", "+7",
# "7_000" and Arabic-Indic digits, none of which the schema's ``integer`` allows).
_DIGITS = re.compile(r"[0-9]+")
# The largest id a BigAutoField holds; a larger one names nothing and never reaches the database.
MAX_ID = 2**63 - 1
SLUG_PATTERN = slug_re.pattern.replace(r"\Z", "$")  # ^[-a-zA-Z0-9_]+$, for the schema


def whole_number(name: str, value: str, *, minimum: int = 1) -> int:
    """``value`` as an int, or a 400 for parameter ``name``."""
    if not _DIGITS.fullmatch(value) or int(value) < minimum:
        raise ValidationError(
            {name: [_("Enter a whole number from %(minimum)d.") % {"minimum": minimum}]}
        )
    return int(value)


def lookup_id(value: str) -> int:
    """A path's id as an int, or a 404: anything but digits names no object."""
    if not _DIGITS.fullmatch(value) or not 1 <= int(value) <= MAX_ID:
        raise NotFound
    return int(value)


def lookup_code(value: str) -> str:
    """A path's code (a slug), or a 404."""
    if not slug_re.match(value):
        raise NotFound
    return value


class OpenDataPagination(PageNumberPagination):
    """Pages of 50, ``page_size`` up to 500 (a larger one is read as 500).

    Unlike DRF's default, a page or page size that is not a whole number from 1 is a 400
    rather than a 404 (page) or silently the default (page size); a page past the last is a
    404, as in DRF."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    last_page_strings = ()  # the schema says integer: "last" is not a page

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        return min(whole_number(self.page_size_query_param, value), self.max_page_size)

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        return 1 if value is None else whole_number(self.page_query_param, value)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number, from 1; a page past the last one is a 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page, from 1 (default {self.page_size}); a "
                f"larger number than {self.max_page_size} gives {self.max_page_size}.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


class StrictQueryMixin:
    """Every query parameter at most once and never empty (else 400): the filters would
    otherwise read only the last of several values and take an empty one as absent."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        errors = {}
        for name, values in request.query_params.lists():
            if len(values) > 1:
                errors[name] = [_("Give this parameter once.")]
            elif values == [""]:
                errors[name] = [_("Leave this parameter out rather than empty.")]
        if errors:
            raise ValidationError(errors)


class OpenDataViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """A read-only model endpoint. ``lookup_kind`` says what the detail address takes: an
    ``"id"`` (whole number) or a ``"code"`` (slug); the URL takes anything (``lookup``)."""

    lookup_kind: ClassVar[str] = "id"
    lookup_value_converter = "lookup"
    pagination_class = OpenDataPagination

    def get_object(self):
        kwarg = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs[kwarg]
        self.kwargs[kwarg] = lookup_id(value) if self.lookup_kind == "id" else lookup_code(value)
        return super().get_object()


class CodeField(forms.CharField):
    default_validators = [validate_slug]

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)  # " VOV" is not a code


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN})
class CodeFilter(filters.CharFilter):
    """A code (a slug): anything else is a 400, not an empty result."""

    field_class = CodeField


class TruthField(forms.Field):
    """``true`` or ``false``, as the schema's boolean is written, and nothing else (Django's
    boolean filter reads any other word as absent)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value not in ("true", "false"):
            raise DjangoValidationError(_("Enter true or false."), code="invalid")
        return value == "true"


@extend_schema_field(OpenApiTypes.BOOL)
class TruthFilter(filters.Filter):
    field_class = TruthField


# RFC 3339's date-time, which the schema's ``format: date-time`` means: a full date, a full
# time, an offset. Django's parser also takes a bare date, a space for the T and no offset.
_MOMENT = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)
EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)
_SPAN = (LATEST - EARLIEST) // dt.timedelta(microseconds=1)


def parse_moment(value: str) -> dt.datetime | None:
    """An RFC 3339 date-time as an aware datetime in UTC, or None when it is not one.

    Any offset up to ±23:59 is taken (PostgreSQL refuses offsets beyond ±15:59 that RFC 3339
    allows, so the moment is compared in UTC), a leap second is the second after, and a
    moment outside Python's years 1 to 9999 in UTC (``0000-06-01T00:00:00Z``,
    ``0001-01-01T00:30:00+01:00``) is taken as the earliest or latest moment there is: it
    lies before or after every session."""
    match = _MOMENT.fullmatch(value)
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.group(*range(1, 7)))
    sign, offset_hours, offset_minutes = match.group(8, 9, 10)
    offset_hours, offset_minutes = int(offset_hours or 0), int(offset_minutes or 0)
    if hour > 23 or minute > 59 or second > 60 or offset_hours > 23 or offset_minutes > 59:
        return None
    try:
        # Year 0 (1 BC) is a leap year like year 4, and years 0 to 3 have 1461 days.
        days = dt.date(year or 4, month, day).toordinal() - (0 if year else 1461)
    except ValueError:
        return None  # no such day
    seconds = (days - 1) * 86400 + hour * 3600 + minute * 60 + second
    seconds -= (offset_hours * 3600 + offset_minutes * 60) * (-1 if sign == "-" else 1)
    micro = seconds * 10**6 + int(((match.group(7) or "") + "000000")[:6])
    if micro < 0:
        return EARLIEST
    if micro > _SPAN:
        return LATEST
    return EARLIEST + dt.timedelta(microseconds=micro)


class MomentField(forms.Field):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        moment = parse_moment(value)
        if moment is None:
            raise DjangoValidationError(
                _("Enter a date and time with its offset, like 2026-03-01T09:00:00+01:00."),
                code="invalid",
            )
        return moment


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentFilter(filters.Filter):
    """An RFC 3339 date-time (``parse_moment``), compared in UTC."""

    field_class = MomentField


NOT_FOUND = ResolvedComponent(
    name="NotFound",
    type=ResolvedComponent.SCHEMA,
    object="NotFound",
    schema={
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
BAD_REQUEST = ResolvedComponent(
    name="BadRequest",
    type=ResolvedComponent.SCHEMA,
    object="BadRequest",
    schema={
        "type": "object",
        "description": "Per query parameter, what is wrong with it.",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
)


PATH_SCHEMAS = {
    "id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "code": {"type": "string", "pattern": SLUG_PATTERN},
}


class OpenDataSchema(AutoSchema):
    """drf-spectacular's schema plus what ``OpenDataViewSet`` enforces: the exact form of a
    detail address's id or code, and the errors every operation can answer: 400 for one that
    takes query parameters, 404 for one with a path parameter or pages."""

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super()._get_parameters()
        kind = getattr(self.view, "lookup_kind", None)
        for parameter in parameters:
            if parameter["in"] == "path" and kind in PATH_SCHEMAS:
                parameter["schema"] = dict(PATH_SCHEMAS[kind])
        return parameters

    def _get_response_bodies(self, direction="response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        places = {parameter["in"] for parameter in self._get_parameters()}
        if "query" in places:
            responses.setdefault("400", self._error(BAD_REQUEST, "A malformed query."))
        if "path" in places or (self._is_list_view() and self._get_paginator()):
            responses.setdefault("404", self._error(NOT_FOUND, "No such object or page."))
        return responses

    def _error(self, component: ResolvedComponent, description: str) -> dict[str, Any]:
        self.registry.register_on_missing(component)
        return {
            "description": description,
            "content": {"application/json": {"schema": component.ref}},
        }


def register(prefix: str, viewset, *, basename: str) -> None:
    """Publish ``viewset`` at ``/api/v1/<prefix>/``. Safe to call twice for the same prefix."""
    if any(existing == prefix for existing, _viewset, _basename in router.registry):
        return
    router.register(prefix, viewset, basename=basename)
