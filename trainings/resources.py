"""
Import kinds of the trainings app: ``trainings``, ``sessions``, ``participants``, ``budget``.

Every cell arrives as text (``stemnet.tabular``). Each resource parses a row once, in
``before_import_row``: bad cells become errors for their column (the whole file is then
refused by ``stemnet.imports``), good cells are replaced by Python values that the fields copy
onto the model. Rows are matched on natural keys and unchanged rows are skipped, so importing
the same file twice changes nothing.

A coordinator's import is limited to their centres (``centre_ids``); ``None`` (the command
line, admins) allows every centre.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection
from django.db.models import JSONField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.results import RowResult

from networks.models import Centre, Organisation
from stemnet import imports
from stemnet.accounts.models import PersonRole, Profile, StemDomain, User

from .models import BudgetCategory, BudgetLine, Enrolment, Format, Session, TargetLevel, Training

BRUSSELS = ZoneInfo("Europe/Brussels")
PROGRESS_EVERY = 500
TRUE_WORDS = {"1", "true", "yes", "ja", "j", "y", "x", "waar"}
FALSE_WORDS = {"", "0", "false", "no", "nee", "n", "onwaar"}


# --- parsing cells --------------------------------------------------------------------------

@functools.cache
def _known_codes(choices) -> dict[str, str]:
    return {str(c).lower(): c for c in choices.values}


def parse_codes(value: str, choices) -> list[str]:
    """``"S;T"`` -> ``["S", "T"]``; raises ValueError naming unknown codes."""
    known = _known_codes(choices)
    codes, unknown = [], []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        if part.lower() in known:
            if known[part.lower()] not in codes:
                codes.append(known[part.lower()])
        else:
            unknown.append(part)
    if unknown:
        raise ValueError(
            _("Unknown code(s) %(codes)s. Use: %(known)s")
            % {"codes": ", ".join(unknown), "known": ", ".join(choices.values)}
        )
    return codes


def parse_choice(value: str, choices, *, blank_ok=False) -> str:
    if not value and blank_ok:
        return ""
    codes = parse_codes(value, choices)
    if len(codes) != 1:
        raise ValueError(_("Enter one of: %(known)s") % {"known": ", ".join(choices.values)})
    return codes[0]


AMOUNT = re.compile(r"^\d+([.,]\d{1,2})?$")


def parse_amount(value: str) -> Decimal:
    """An amount in euro with a dot or a Flemish decimal comma (``12,50``), never negative.
    Spaces and dots between thousands (``1.250,00``) are accepted too."""
    text = value.replace(" ", "").replace("\u00a0", "").replace("€", "")
    if not text:
        return Decimal("0.00")
    if text.startswith("-"):
        raise ValueError(_("An amount cannot be negative."))
    if "," in text and "." in text:
        text = text.replace(".", "")
    if not AMOUNT.match(text):
        raise ValueError(_("'%(value)s' is not an amount (e.g. 1250,50).") % {"value": value})
    return Decimal(text.replace(",", ".")).quantize(Decimal("0.01"))


def parse_decimal(value: str, places: str = "0.1") -> Decimal:
    text = value.strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("'%(value)s' is not a number.") % {"value": value}) from None
    if number < 0 or not number.is_finite():
        raise ValueError(_("The number cannot be negative."))
    return number.quantize(Decimal(places))


def parse_int(value: str, *, blank_ok=False) -> int | None:
    if not value.strip() and blank_ok:
        return None
    if not re.fullmatch(r"\d+", value.strip()):
        raise ValueError(_("'%(value)s' is not a whole number of 0 or more.") % {"value": value})
    return int(value)


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


# --- the shared base ------------------------------------------------------------------------

class Passthrough(widgets.Widget):
    """The row already holds Python values (parsed in ``before_import_row``)."""

    def clean(self, value, row=None, **kwargs):
        return value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


def field(attribute: str, column: str | None = None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column or attribute, widget=Passthrough())


class TableResource(resources.ModelResource):
    """Parse each row once; refuse it with column errors; match on natural keys."""

    def __init__(self, centre_ids=None, progress: Callable[[int, int], None] | None = None,
                 **kwargs):
        super().__init__(**kwargs)
        self.centre_ids = None if centre_ids is None else frozenset(centre_ids)
        self.progress = progress
        self.seen: dict[tuple, int] = {}
        self.total = 0

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = False
        skip_diff = False
        skip_html_diff = True

    # subclasses: parse(row, errors) -> dict of column -> value, and key(values) -> tuple
    def parse(self, row: dict, errors: dict) -> dict:
        raise NotImplementedError

    def key(self, values: dict) -> tuple:
        raise NotImplementedError

    def key_column(self) -> str:
        return self.get_import_id_fields()[0]

    def may_use_centre(self, centre_id: int) -> bool:
        return self.centre_ids is None or centre_id in self.centre_ids

    def cell(self, row, errors, column, parser, *args, **kwargs):
        try:
            return parser(str(row.get(column) or ""), *args, **kwargs)
        except ValueError as exc:
            errors.setdefault(column, []).append(str(exc))
            return None

    def before_import(self, dataset, **kwargs):
        self.total = len(dataset)
        self.seen = {}

    def before_import_row(self, row, row_number=None, **kwargs):
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


def insert_many(objs: list, *, batch_size: int = 1000) -> None:
    """Insert new model instances and set their primary keys.

    On PostgreSQL one ``INSERT ... VALUES ... RETURNING id`` per batch built with
    ``execute_values``: Django's ``bulk_create`` spends most of a 50,000-row import compiling
    every value. Other databases use ``bulk_create``. Values are taken as they are on the
    instances (defaults and ``auto_now`` filled in here), JSON fields serialised.
    """
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    from psycopg2.extras import Json, execute_values

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = []
    for obj in objs:
        row = []
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = f.pre_save(obj, add=True)
            else:
                value = getattr(obj, f.attname)
            row.append(Json(value) if isinstance(f, JSONField) else value)
        rows.append(row)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Table and column names come from the model (quoted); the values are parameters.
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608
           f"VALUES %s RETURNING {connection.ops.quote_name(model._meta.pk.column)}")
    with connection.cursor() as cursor:
        ids = execute_values(cursor.cursor, sql, rows, page_size=batch_size, fetch=True)
    for obj, (pk,) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False


class CodeCache:
    """Look rows up by code once per import instead of once per row."""

    def __init__(self, queryset, attribute: str):
        self.queryset, self.attribute, self.cache = queryset, attribute, {}

    def get(self, code: str):
        code = code.strip()
        if code not in self.cache:
            self.cache[code] = self.queryset.filter(**{self.attribute: code}).first()
        return self.cache[code]


# --- trainings ------------------------------------------------------------------------------

class TrainingResource(TableResource):
    code = field("code")
    title = field("title")
    centre = field("centre")
    format = field("format")
    stem_domains = field("stem_domains")
    levels = field("levels")
    hours = field("contact_hours", "hours")
    target_participants = field("target_participants")
    fee_eur = field("fee_eur")
    published = field("status", "published")

    class Meta(TableResource.Meta):
        model = Training
        import_id_fields = ("code",)
        fields = ("code", "title", "centre", "format", "stem_domains", "levels", "hours",
                  "target_participants", "fee_eur", "published")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.centres = CodeCache(Centre.objects.all(), "code")
        self.existing = {t.code: t.centre_id for t in Training.objects.filter(
            code__in=[c.strip() for c in dataset["code"]]).only("code", "centre_id")}

    def key(self, values):
        return (values["code"],)

    def parse(self, row, errors):
        code = str(row.get("code") or "").strip()
        if not re.fullmatch(r"[-a-zA-Z0-9_]{1,40}", code):
            errors["code"] = [_("A code has 1 to 40 letters, digits, - or _.")]
        title = str(row.get("title") or "").strip()
        if not title:
            errors["title"] = [_("This cell is required.")]
        elif len(title) > 200:
            errors["title"] = [_("At most 200 characters.")]
        centre = self.centres.get(str(row.get("centre") or ""))
        if centre is None or not self.may_use_centre(centre.pk):
            errors["centre"] = [_("Unknown centre or not one of yours: '%(value)s'.")
                                % {"value": row.get("centre")}]
        elif code in self.existing and self.existing[code] != centre.pk:
            errors["code"] = [_("This code is already used by another centre's training.")]
        published = self.cell(row, errors, "published", parse_bool)
        return {
            "code": code, "title": title, "centre": centre,
            "format": self.cell(row, errors, "format", parse_choice, Format),
            "stem_domains": self.cell(row, errors, "stem_domains", parse_codes, StemDomain),
            "levels": self.cell(row, errors, "levels", parse_codes, TargetLevel),
            "hours": self.cell(row, errors, "hours", parse_decimal),
            "target_participants": self.cell(row, errors, "target_participants", parse_int),
            "fee_eur": self.cell(row, errors, "fee_eur", parse_amount),
            "published": Training.Status.PUBLISHED if published else Training.Status.DRAFT,
        }

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A held or closed training keeps its status; "published" only moves draft <-> published.
        if field.attribute == "status" and instance.status in (Training.Status.HELD,
                                                               Training.Status.CLOSED):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)


# --- sessions -------------------------------------------------------------------------------

class SessionResource(TableResource):
    training = field("training")
    starts_at = field("starts_at")
    ends_at = field("ends_at")
    location = field("location")
    capacity = field("capacity")

    class Meta(TableResource.Meta):
        model = Session
        import_id_fields = ("training", "starts_at")
        fields = ("training", "starts_at", "ends_at", "location", "capacity")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.trainings = CodeCache(Training.objects.all(), "code")

    def key(self, values):
        return (values["training"].pk, values["starts_at"])

    def parse(self, row, errors):
        training = self.trainings.get(str(row.get("training") or ""))
        if training is None or not self.may_use_centre(training.centre_id):
            errors["training"] = [_("Unknown training or not one of your centre: '%(value)s'.")
                                  % {"value": row.get("training")}]
        starts_at = self.cell(row, errors, "starts_at", parse_datetime)
        ends_at = self.cell(row, errors, "ends_at", parse_datetime)
        if starts_at and ends_at and ends_at <= starts_at:
            errors["ends_at"] = [_("The end must be after the start.")]
        location = str(row.get("location") or "").strip()
        if len(location) > 300:
            errors["location"] = [_("At most 300 characters.")]
        return {"training": training, "starts_at": starts_at, "ends_at": ends_at,
                "location": location,
                "capacity": self.cell(row, errors, "capacity", parse_int, blank_ok=True)}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        from .services.enrolment import capacity_change_check

        if instance.capacity is not None:
            try:
                capacity_change_check(training=instance.training,
                                      session=instance,
                                      session_capacity=instance.capacity)
            except ValidationError as exc:
                raise ValidationError({"capacity": exc.messages}) from None
        super().validate_instance(instance, import_validation_errors, validate_unique)


# --- participants ---------------------------------------------------------------------------

class EnrolmentLoader:
    """Every enrolment of the trainings in the file, loaded once (not one query per row)."""

    def __init__(self, resource, dataset):
        self.by_key = resource.enrolments

    def get_instance(self, row):
        training, person = row.get("training"), row.get("email")
        if training is None or person is None:
            return None
        return self.by_key.get((training.pk, person.pk))


class LeanRowResult(RowResult):
    """Keeps the primary key of an imported row, not its text (no query per row for names)."""

    def add_instance_info(self, instance):
        self.object_id = getattr(instance, "pk", None)
        self.object_repr = ""


class ParticipantResource(TableResource):
    """Enrolments; the person is found by e-mail or created with a profile."""

    training = field("training")
    email = field("person", "email")
    status = field("status")

    class Meta(TableResource.Meta):
        model = Enrolment
        import_id_fields = ("training", "email")
        fields = ("training", "email", "status")
        instance_loader_class = EnrolmentLoader
        use_bulk = True
        batch_size = 1000
        # No deep copies and field-by-field diffs for 50,000 rows: ``skip_row`` compares the
        # one field an existing enrolment can change, its status.
        skip_diff = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = {}
        self.profile_codes = {}

    def get_row_result_class(self):
        return LeanRowResult

    def key(self, values):
        return (values["training"].pk, values["email"].pk)

    def key_column(self):
        return "email"

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.trainings = CodeCache(Training.objects.all(), "code")
        codes = {c.strip() for c in dataset["training"]}
        trainings = list(Training.objects.filter(code__in=codes))
        self.trainings.cache.update({t.code: t for t in trainings})
        self.enrolments = {
            (e.training_id, e.person_id): e
            for e in Enrolment.objects.filter(training__in=trainings)
        }
        self.original_status = {key: e.status for key, e in self.enrolments.items()}
        self.taken = {t.pk: 0 for t in trainings}
        self.next_position = {t.pk: 1 for t in trainings}
        for e in self.enrolments.values():
            if e.status in (Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED):
                self.taken[e.training_id] += 1
            if e.waitlist_position:
                self.next_position[e.training_id] = max(self.next_position[e.training_id],
                                                        e.waitlist_position + 1)
        from .services.enrolment import training_capacity

        self.capacity = {t.pk: training_capacity(t) for t in trainings}
        self.people = self._people_for(dataset)

    def _people_for(self, dataset) -> dict[str, User]:
        """Find everyone in the file by e-mail; create the missing people with a profile.

        Rows with bad cells create nobody; and as the whole import is refused when any row is
        bad, people created here are rolled back with it.
        """
        wanted: dict[str, dict] = {}
        for row in dataset.dict:
            errors: dict = {}
            email = self.cell(row, errors, "email", parse_email)
            profile = self._profile_values(row, errors)
            if email and not errors and email not in wanted:
                wanted[email] = {"first_name": str(row.get("first_name") or "").strip()[:150],
                                 "last_name": str(row.get("last_name") or "").strip()[:150],
                                 **profile}
        people = {}
        emails = list(wanted)
        for start in range(0, len(emails), 2000):
            for user in User.objects.filter(email__in=emails[start:start + 2000]):
                people[user.email] = user
        missing = [e for e in emails if e not in people]
        unusable = make_password(None)  # they set a password through "forgot password"
        new_users = [User(email=e, first_name=wanted[e]["first_name"],
                          last_name=wanted[e]["last_name"], password=unusable)
                     for e in missing]
        insert_many(new_users)
        created = {u.email: u for u in new_users}
        if created and any(u.pk is None for u in new_users):  # SQLite before 3.35
            created = {u.email: u for u in User.objects.filter(email__in=missing)}
        insert_many(
            [Profile(user=created[e], role=wanted[e]["role"], school_name=wanted[e]["school"],
                     stem_domain=wanted[e]["stem_domain"], levels=wanted[e]["levels"])
             for e in missing])
        people.update(created)
        return people

    def _profile_values(self, row, errors) -> dict:
        # Few distinct (role, domain, levels) in a file: parse each combination once.
        key = (row.get("role"), row.get("stem_domain"), row.get("levels"))
        if key not in self.profile_codes:
            found: dict = {}
            values = {
                "role": self.cell(row, found, "role", parse_choice, PersonRole),
                "stem_domain": self.cell(row, found, "stem_domain", parse_choice, StemDomain,
                                         blank_ok=True),
                "levels": self.cell(row, found, "levels", parse_codes, TargetLevel),
            }
            self.profile_codes[key] = (values, found)
        values, found = self.profile_codes[key]
        for column, messages in found.items():
            errors.setdefault(column, []).extend(messages)
        return {**values, "school": str(row.get("school") or "").strip()[:200]}

    def parse(self, row, errors):
        training = self.trainings.get(str(row.get("training") or ""))
        if training is None or not self.may_use_centre(training.centre_id):
            errors["training"] = [_("Unknown training or not one of your centre: '%(value)s'.")
                                  % {"value": row.get("training")}]
        email = self.cell(row, errors, "email", parse_email)
        self._profile_values(row, errors)
        status = self.cell(row, errors, "status", parse_choice, Enrolment.Status)
        return {"training": training, "email": self.people.get(email), "status": status}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        seat = (Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
        had_seat = self.original_status.get((instance.training_id, instance.person_id)) in seat
        if instance.status in seat and not had_seat:
            capacity = self.capacity.get(instance.training_id)
            if capacity is not None and self.taken[instance.training_id] >= capacity:
                raise ValidationError({"status": [
                    _("The training is full (%(capacity)d seats); enrol this person as "
                      "waitlisted.") % {"capacity": capacity}]})
            self.taken[instance.training_id] += 1
        elif had_seat and instance.status not in seat:
            self.taken[instance.training_id] -= 1
        if instance.status == Enrolment.Status.WAITLISTED and not instance.waitlist_position:
            instance.waitlist_position = self.next_position[instance.training_id]
            self.next_position[instance.training_id] += 1
        elif instance.status != Enrolment.Status.WAITLISTED:
            instance.waitlist_position = None
        if instance.status == Enrolment.Status.CANCELLED and not instance.cancelled_at:
            from django.utils import timezone

            instance.cancelled_at = timezone.now()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return self.original_status.get((instance.training_id, instance.person_id)) == \
            instance.status

    def get_bulk_update_fields(self):
        return ["status", "waitlist_position", "cancelled_at"]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None):
        """New enrolments through ``insert_many`` (the import runs in one transaction that
        ``stemnet.imports`` rolls back on any error or a dry run)."""
        try:
            insert_many(self.create_instances, batch_size=batch_size or 1000)
        except Exception as exc:  # reported as an error of the file, as import-export does
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()


# --- budget ---------------------------------------------------------------------------------

class BudgetLoader:
    def __init__(self, resource, dataset):
        self.resource = resource

    def get_instance(self, row):
        if row.get("centre") is None or row.get("source") is None:
            return None
        training = row.get("training")
        return BudgetLine.objects.filter(
            centre=row["centre"], training=training, year=row["year"],
            category=row["category"], source=row["source"]).first()


class BudgetResource(TableResource):
    centre = field("centre")
    training = field("training")
    year = field("year")
    category = field("category")
    source = field("source")
    planned_eur = field("planned_eur")
    paid_eur = field("paid_eur")

    class Meta(TableResource.Meta):
        model = BudgetLine
        import_id_fields = ("centre", "training", "year", "category", "source")
        fields = ("centre", "training", "year", "category", "source", "planned_eur", "paid_eur")
        instance_loader_class = BudgetLoader

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.centres = CodeCache(Centre.objects.all(), "code")
        self.trainings = CodeCache(Training.objects.all(), "code")
        self.sources = CodeCache(Organisation.objects.all(), "name")

    def key(self, values):
        return (values["centre"].pk, values["training"] and values["training"].pk,
                values["year"], values["category"], values["source"].pk)

    def key_column(self):
        return "category"

    def parse(self, row, errors):
        centre = self.centres.get(str(row.get("centre") or ""))
        if centre is None or not self.may_use_centre(centre.pk):
            errors["centre"] = [_("Unknown centre or not one of yours: '%(value)s'.")
                                % {"value": row.get("centre")}]
        training = None
        code = str(row.get("training") or "").strip()
        if code:
            training = self.trainings.get(code)
            if training is None or (centre is not None and training.centre_id != centre.pk):
                errors["training"] = [_("Unknown training of this centre: '%(value)s'.")
                                      % {"value": code}]
        year = self.cell(row, errors, "year", parse_int)
        if year is not None and not 2000 <= year <= 2100:
            errors["year"] = [_("Enter a year like 2026.")]
        source = self.sources.get(str(row.get("source") or ""))
        if source is None:
            errors["source"] = [_("Unknown funding source '%(value)s' (the name of an "
                                  "organisation).") % {"value": row.get("source")}]
        return {"centre": centre, "training": training, "year": year,
                "category": self.cell(row, errors, "category", parse_choice, BudgetCategory),
                "source": source,
                "planned_eur": self.cell(row, errors, "planned_eur", parse_amount),
                "paid_eur": self.cell(row, errors, "paid_eur", parse_amount)}


imports.register_kind(
    "trainings", label=gettext_lazy("Trainings"), resource=TrainingResource,
    columns=("code", "title", "centre", "format", "stem_domains", "levels", "hours",
             "target_participants", "fee_eur", "published"))
imports.register_kind(
    "sessions", label=gettext_lazy("Sessions"), resource=SessionResource,
    columns=("training", "starts_at", "ends_at", "location", "capacity"))
imports.register_kind(
    "participants", label=gettext_lazy("Participants"), resource=ParticipantResource,
    columns=("training", "email", "first_name", "last_name", "role", "school", "stem_domain",
             "levels", "status"))
imports.register_kind(
    "budget", label=gettext_lazy("Budget lines"), resource=BudgetResource,
    columns=("centre", "training", "year", "category", "source", "planned_eur", "paid_eur"))
