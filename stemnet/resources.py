"""
Building blocks of the import resources that the apps register with ``stemnet.imports``.

- ``ScopedResource``: the base of every import resource. Unchanged rows are skipped and
  reported, and a coordinator's import is limited to their centres (``centre_ids``; ``None``,
  the command line and admins, allows every centre).
- ``TableResource``: parses each row once, in ``before_import_row``. Every cell arrives as text
  (``stemnet.tabular``); bad cells become errors for their column (the whole file is then
  refused by ``stemnet.imports``), good cells are replaced by Python values that the fields
  (``field``, made for every column of ``Meta.fields`` named as its model field) copy onto
  the model. Rows are matched on natural keys; a second row with the same
  key in one file is refused.
- ``parse_*``: cell parsers that raise ``ValueError`` with a reason for the person importing
  (numbers with a dot or a Flemish decimal comma, yes/no, code lists, dates, e-mail addresses).
- ``CodeCache``: look related rows up by code once per import instead of once per row.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

BRUSSELS = ZoneInfo("Europe/Brussels")
PROGRESS_EVERY = 500
TRUE_WORDS = {"1", "true", "yes", "ja", "j", "y", "x", "waar"}
FALSE_WORDS = {"", "0", "false", "no", "nee", "n", "onwaar"}


# --- parsing cells --------------------------------------------------------------------------


def is_blank(value) -> bool:
    return value is None or str(value).strip() == ""


# Dutch words coordinators use beside the codes and the labels, by code. A word only counts
# for a list of choices that has its code (``"other"`` is a STEM domain and a role alike).
CHOICE_SYNONYMS: dict[str, tuple[str, ...]] = {
    # roles (PersonRole)
    "teacher": ("leerkracht", "leraar", "lerares"),
    "director": ("directeur", "directrice", "directie"),
    "company": ("bedrijf",),
    # enrolment statuses (Enrolment.Status)
    "enrolled": ("ingeschreven",),
    "waitlisted": ("wachtlijst", "op wachtlijst", "wachtend"),
    "cancelled": ("geannuleerd", "afgemeld"),
    "attended": ("aanwezig", "deelgenomen"),
    # STEM domains (StemDomain)
    "S": ("wetenschappen", "wetenschap"),
    "T": ("technologie", "techniek"),
    "E": ("engineering", "ingenieurswetenschappen"),
    "M": ("wiskunde",),
    "other": ("ander", "andere", "overig", "overige"),
    # levels (Level, TargetLevel)
    "kleuter": ("kleuteronderwijs",),
    "lager": ("lager onderwijs", "basisonderwijs"),
    "graad1": ("eerste graad", "1ste graad", "1e graad", "graad 1"),
    "tso_kso_bso": ("tso", "kso", "bso"),
    "graad1_a": ("a stroom", "1ste graad a stroom", "eerste graad a stroom"),
    "graad1_b": ("b stroom", "1ste graad b stroom", "eerste graad b stroom"),
    "doorstroom": ("doorstroomfinaliteit", "finaliteit doorstroom"),
    "arbeidsmarkt": ("arbeidsmarktfinaliteit", "finaliteit arbeidsmarkt"),
    "hoger": ("hoger onderwijs",),
    "technicus": ("technici",),
    # formats (Format)
    "short": ("kort",),
    "multi_day": ("meerdaags", "meerdaagse"),
    "long": ("langlopend",),
    "company_visit": ("bedrijfsbezoek", "onderzoeksbezoek"),
    # budget categories (BudgetCategory)
    "teacher_replacement": ("vervanging",),
    "materials": ("materialen",),
    "travel": ("verplaatsing", "reiskosten"),
}


def normal_word(text) -> str:
    """How a code or a name is compared: case, accents, spaces and punctuation do not count
    (``" Coördinator "``, ``"coordinator"``; ``"multi-day"``, ``"Multi day"``, ``"multi_day"``)."""
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", text).strip()


def _names_of(label: str) -> list[str]:
    """A label and the words in its brackets: ``"Science (wetenschappen)"`` gives
    ``["Science (wetenschappen)", "Science", "wetenschappen"]``."""
    names = [label]
    inner = re.findall(r"\(([^)]*)\)", label)
    if inner:
        names.append(re.sub(r"\([^)]*\)", "", label))
        names.extend(inner)
    return names


@functools.cache
def choice_lookup(choices) -> dict[str, str]:
    """Every word accepted for ``choices`` (a TextChoices class), normalised, to its code.

    The one place where import cells are matched to codes: the codes themselves first, then
    the English and the Dutch labels (and the words in their brackets), then
    ``CHOICE_SYNONYMS``. A name that would mean two codes is left out; a code always wins.
    """
    from django.utils import translation

    lookup = {normal_word(code): code for code in choices.values if normal_word(code)}
    names: dict[str, set[str]] = {}
    for language in ("en", "nl-be"):
        with translation.override(language):
            for code, label in choices.choices:
                for name in _names_of(str(label)):
                    names.setdefault(normal_word(name), set()).add(code)
    for code in choices.values:
        for name in CHOICE_SYNONYMS.get(code, ()):
            names.setdefault(normal_word(name), set()).add(code)
    for name, codes in names.items():
        if name and name not in lookup and len(codes) == 1:
            lookup[name] = codes.pop()
    return lookup


def accepted_values(choices) -> str:
    """The codes of ``choices`` with their label in the active language, for messages and
    templates: ``"teacher = Leraar, director = Directeur, …"``."""
    shown = []
    for code, label in choices.choices:
        if not code:
            continue
        same = normal_word(label) == normal_word(code)
        shown.append(str(code) if same else f"{code} = {label}")
    return ", ".join(shown)


def parse_codes(value: str, choices) -> list[str]:
    """``"S;T"`` (or ``"wetenschappen; Techniek"``) -> ``["S", "T"]``: codes or names of
    ``choices`` (see ``choice_lookup``); raises ValueError naming the unknown ones and the
    accepted values."""
    known = choice_lookup(choices)
    codes, unknown = [], []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        code = known.get(normal_word(part))
        if code is None:
            unknown.append(f"'{part}'")
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise ValueError(
            _("Unknown code or name %(values)s. Use one of: %(accepted)s.")
            % {"values": ", ".join(unknown), "accepted": accepted_values(choices)}
        )
    return codes


def parse_choice(value: str, choices, *, blank_ok=False) -> str:
    """One code or name of ``choices`` -> its code (see ``parse_codes``)."""
    if not value.strip() and blank_ok:
        return ""
    codes = parse_codes(value, choices)
    if len(codes) != 1:
        raise ValueError(
            _("Enter one value, one of: %(accepted)s.") % {"accepted": accepted_values(choices)}
        )
    return codes[0]


AMOUNT = re.compile(r"^\d+([.,]\d{1,2})?$")
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
# More digits than any number field holds; longer cells are refused before Decimal or int
# sees them (a Decimal of 40 digits cannot be rounded, an int of 5,000 digits cannot be made).
MAX_DIGITS = 20


def shown(value, limit: int = 40) -> str:
    """A cell's text as a message quotes it: at most ``limit`` characters."""
    text = str(value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_digits(text: str, value) -> None:
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise ValueError(
            _("'%(value)s' has too many digits (at most %(max)d).")
            % {"value": shown(value), "max": MAX_DIGITS}
        )


def _without_spaces(value: str) -> str:
    return value.replace(" ", "").replace("\u00a0", "")


def _flemish(text: str) -> str:
    """``1.234,5`` -> ``1234,5``: with a dot before a comma, the dots separate thousands.

    The other way round (``1,234.50``, English style) is left as it is, so that the caller
    refuses it rather than guess which of the two marks is the decimal one.
    """
    if "," in text and "." in text and text.rindex(",") > text.rindex("."):
        return text.replace(".", "")
    return text


def parse_amount(value: str) -> Decimal:
    """An amount in euro with a dot or a Flemish decimal comma (``12,50``), never negative.
    Spaces and dots between thousands (``1.250,00``) are accepted too."""
    text = _without_spaces(value).replace("€", "")
    if not text:
        return Decimal("0.00")
    if text.startswith("-"):
        raise ValueError(_("An amount cannot be negative."))
    text = _flemish(text)
    if not AMOUNT.match(text):
        raise ValueError(
            _("'%(value)s' is not an amount (e.g. 1250,50).") % {"value": shown(value)}
        )
    _check_digits(text, value)
    return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))


def parse_number(value: str, *, blank_ok: bool = False) -> Decimal | None:
    """``1234``, ``43,99``, ``43.99`` or ``1.234,5`` -> Decimal; blank -> None when allowed."""
    text = _without_spaces(value.strip())
    if not text:
        if blank_ok:
            return None
        raise ValueError(_("This cell is required."))
    text = _flemish(text)
    if not NUMBER.match(text):  # so no NaN, Infinity or 1E+30 either
        raise ValueError(_("'%(value)s' is not a number.") % {"value": shown(value)})
    _check_digits(text, value)
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise ValueError(_("'%(value)s' is not a number.") % {"value": shown(value)}) from None


def parse_decimal(value: str, places: str = "0.1") -> Decimal:
    """A number of 0 or more (``7,5``, ``7.5``, ``1.234,5``), rounded to ``places``."""
    number = parse_number(value)
    if number < 0:
        raise ValueError(_("The number cannot be negative."))
    return number.quantize(Decimal(places))


def parse_int(value: str, *, blank_ok=False) -> int | None:
    text = value.strip()
    if not text and blank_ok:
        return None
    if not re.fullmatch(r"\d+", text):
        raise ValueError(
            _("'%(value)s' is not a whole number of 0 or more.") % {"value": shown(value)}
        )
    _check_digits(text, value)
    return int(text)


def parse_bool(value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("Enter yes or no."))


def parse_datetime(value: str) -> dt.datetime:
    """ISO 8601 (``2026-03-05T09:00`` or with a space); without an offset it is Brussels time."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            _("'%(value)s' is not a date and time like 2026-03-05T09:00.") % {"value": value}
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BRUSSELS)
    return moment


def parse_email(value: str) -> str:
    email = value.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(
            _("'%(value)s' is not a valid e-mail address.") % {"value": value}
        ) from None
    return email


# --- fields and resources -------------------------------------------------------------------


class Passthrough(widgets.Widget):
    """The row already holds Python values (parsed in ``before_import_row``)."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def field(
    attribute: str, column: str | None = None, *, widget: widgets.Widget | None = None
) -> fields.Field:
    """The model attribute ``attribute`` read from the column ``column`` (the same name by
    default), through ``widget`` (by default the value ``parse`` already put in the row)."""
    return fields.Field(
        attribute=attribute,
        column_name=column or attribute,
        widget=Passthrough() if widget is None else widget,
    )


def number_problem(model_field, value, column: str) -> str | None:
    """Why ``value`` does not fit the number field ``model_field`` (None when it fits): not a
    finite number, more digits before or after the point than the field's ``max_digits`` and
    ``decimal_places``, or outside the integer range. The same answer on every database, so
    PostgreSQL never gets to say "numeric field overflow" or "integer out of range"."""
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.models import DecimalField, IntegerField
    from django.utils.formats import number_format

    if value is None or isinstance(value, bool):
        return None
    if isinstance(model_field, DecimalField) and isinstance(value, Decimal | int | float):
        number = Decimal(value) if not isinstance(value, float) else Decimal(repr(value))
        if not number.is_finite():
            return _("%(column)s: '%(value)s' is not a number.") % {
                "column": column,
                "value": value,
            }
        places = model_field.decimal_places
        largest = Decimal(10) ** (model_field.max_digits - places) - Decimal(10) ** -places
        if abs(number) > largest:
            return _("%(column)s: %(value)s is too large; at most %(max)s.") % {
                "column": column,
                "value": shown(number),
                "max": number_format(largest, decimal_pos=places),
            }
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            if not places:
                return _("%(column)s: enter a whole number.") % {"column": column}
            return _("%(column)s: at most %(places)d decimals.") % {
                "column": column,
                "places": places,
            }
    elif isinstance(model_field, IntegerField) and isinstance(value, int):
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            model_field.get_internal_type(), (None, None)
        )
        if (low is not None and value < low) or (high is not None and value > high):
            return _("%(column)s: %(value)s is out of range; enter %(low)s to %(high)s.") % {
                "column": column,
                "value": shown(value),
                "low": low,
                "high": number_format(high),
            }
    return None


class ScopedResource(resources.ModelResource):
    """Skips and reports unchanged rows; limited to ``centre_ids`` when given. Numbers that do
    not fit their model field are refused for their column (``number_problem``) before any
    model check or the database sees them."""

    def __init__(self, centre_ids=None, **kwargs):
        super().__init__(**kwargs)
        self.centre_ids = None if centre_ids is None else frozenset(centre_ids)
        self.notes: list[tuple[int, str, str]] = []  # (line, column, message): see ``note``
        self.current_line = 0

    @functools.cached_property
    def number_fields(self) -> list[tuple[str, object, str]]:
        """(attribute, model field, column) of every imported number field."""
        from django.core.exceptions import FieldDoesNotExist
        from django.db.models import DecimalField, IntegerField

        found = []
        for resource_field in self.fields.values():
            if not resource_field.attribute:
                continue
            try:
                model_field = self._meta.model._meta.get_field(resource_field.attribute)
            except FieldDoesNotExist:
                continue
            if isinstance(model_field, DecimalField | IntegerField) and not (
                model_field.is_relation
            ):
                found.append((model_field.attname, model_field, resource_field.column_name))
        return found

    def before_import_row(self, row, row_number=None, **kwargs):
        self.current_line = (row_number or 0) + 1  # the header is line 1
        super().before_import_row(row, row_number=row_number, **kwargs)

    def note(self, column: str, messages) -> None:
        """Tell the person importing something about the current row that is not an error."""
        self.notes.append((self.current_line, column, " ".join(str(m) for m in messages)))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for attname, model_field, column in self.number_fields:
            if model_field.name in errors:
                continue  # its cell could not be read: that reason is enough
            problem = number_problem(model_field, getattr(instance, attname, None), column)
            if problem:
                errors[model_field.name] = [problem]
        super().validate_instance(instance, errors, validate_unique)

    class Meta:
        skip_unchanged = True
        report_skipped = True

    def may_use_centre(self, centre_id: int | None) -> bool:
        return self.centre_ids is None or centre_id in self.centre_ids


class TableResource(ScopedResource):
    """Parse each row once; refuse it with column errors; match on natural keys."""

    def __init__(
        self, centre_ids=None, progress: Callable[[int, int], None] | None = None, **kwargs
    ):
        super().__init__(centre_ids, **kwargs)
        self.progress = progress
        self.seen: dict[tuple, int] = {}
        self.total = 0

    class Meta(ScopedResource.Meta):
        clean_model_instances = False
        skip_diff = False
        skip_html_diff = True

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        """A column of ``Meta.fields`` named as its model field is ``field(name)``: only
        columns with another name (``field("contact_hours", "hours")``) are declared."""
        return field(field_name)

    # subclasses: parse(row, errors) -> dict of column -> value
    def parse(self, row: dict, errors: dict) -> dict:
        raise NotImplementedError

    def key(self, values: dict) -> tuple:
        """The row's natural key: its ``import_id_fields`` values, related rows by primary key."""
        return tuple(
            getattr(values[name], "pk", values[name]) for name in self.get_import_id_fields()
        )

    def key_column(self) -> str:
        return self.get_import_id_fields()[0]

    def cell(self, row, errors, column, parser, *args, **kwargs):
        try:
            return parser(str(row.get(column) or ""), *args, **kwargs)
        except ValueError as exc:
            errors.setdefault(column, []).append(str(exc))
            return None

    def text(self, row, errors, column, *, required=False, max_length=300) -> str:
        value = str(row.get(column) or "").strip()
        if required and not value:
            errors[column] = [_("This cell is required.")]
        elif len(value) > max_length:
            errors[column] = [_("At most %(count)d characters.") % {"count": max_length}]
        return value

    def before_import(self, dataset, **kwargs):
        self.total = len(dataset)
        self.seen = {}
        # An optional column that is part of the natural key (an observation's dimension and
        # category) may be left out of the file: it is blank on every row.
        for name in self.get_import_id_fields():
            column = self.fields[name].column_name
            if column not in (dataset.headers or []):
                dataset.append_col([""] * len(dataset), header=column)

    def before_import_row(self, row, row_number=None, **kwargs):
        super().before_import_row(row, row_number=row_number, **kwargs)
        errors: dict[str, list[str]] = {}
        values = self.parse(row, errors)
        if not errors:
            key = self.key(values)
            if key in self.seen:
                errors[self.key_column()] = [
                    _("Duplicate of line %(line)d.") % {"line": self.seen[key] + 1}
                ]
            else:
                self.seen[key] = row_number
        if errors:
            raise ValidationError(errors)
        row.update(values)

    def after_import_row(self, row, row_result, row_number=None, **kwargs):
        if self.progress and row_number and row_number % PROGRESS_EVERY == 0:
            self.progress(row_number, self.total)


class CodeCache:
    """Look rows up by code once per import instead of once per row."""

    def __init__(self, queryset, attribute: str):
        self.queryset, self.attribute, self.cache = queryset, attribute, {}

    def get(self, code: str):
        code = code.strip()
        if code not in self.cache:
            self.cache[code] = self.queryset.filter(**{self.attribute: code}).first()
        return self.cache[code]
