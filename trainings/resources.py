"""
Import kinds of the trainings app: ``trainings``, ``sessions``, ``participants``, ``budget``.

Built on ``stemnet.resources.TableResource``: each row is parsed once, bad cells become
errors for their column (the whole file is then refused by ``stemnet.imports``), rows are
matched on natural keys and unchanged rows are skipped, so importing the same file twice
changes nothing.

A coordinator's import is limited to their centres (``centre_ids``); ``None`` (the command
line, admins) allows every centre.
"""

from __future__ import annotations

import re

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import JSONField
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from networks.models import Centre, Organisation, Province
from networks.schools.models import School, normal_number
from networks.schools.resources import parse_number as parse_school_number
from stemnet import imports
from stemnet.accounts.models import PersonRole, Profile, StemDomain, User
from stemnet.resources import (
    CodeCache,
    TableResource,
    field,
    parse_amount,
    parse_bool,
    parse_choice,
    parse_codes,
    parse_datetime,
    parse_decimal,
    parse_email,
    parse_int,
)

from .models import BudgetCategory, BudgetLine, Enrolment, Format, Session, TargetLevel, Training


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
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES %s RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        ids = execute_values(cursor.cursor, sql, rows, page_size=batch_size, fetch=True)
    for obj, (pk,) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False


DRAFT_NOTE = gettext_lazy("The training is imported as a draft; publish it later.")


def unknown_training(value) -> str:
    return " ".join(
        [
            _("Unknown training or not one of your centre: '%(value)s'.") % {"value": value},
            _("Import it with Trainings first, or use an existing training's code."),
        ]
    )


# --- trainings ------------------------------------------------------------------------------


class TrainingResource(TableResource):
    hours = field("contact_hours", "hours")
    published = field("status", "published")

    class Meta(TableResource.Meta):
        model = Training
        import_id_fields = ("code",)
        fields = (
            "code",
            "title",
            "centre",
            "format",
            "stem_domains",
            "levels",
            "hours",
            "target_participants",
            "target_group",
            "fee_eur",
            "published",
        )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.centres = CodeCache(Centre.objects.all(), "code")
        self.existing = {
            t.code: t.centre_id
            for t in Training.objects.filter(code__in=[c.strip() for c in dataset["code"]]).only(
                "code", "centre_id"
            )
        }

    def parse(self, row, errors):
        code = str(row.get("code") or "").strip()
        if not re.fullmatch(r"[-a-zA-Z0-9_]{1,40}", code):
            errors["code"] = [_("A code has 1 to 40 letters, digits, - or _.")]
        title = self.text(row, errors, "title", required=True, max_length=200)
        centre = self.centres.get(str(row.get("centre") or ""))
        if centre is None or not self.may_use_centre(centre.pk):
            errors["centre"] = [
                _("Unknown centre or not one of yours: '%(value)s'.") % {"value": row.get("centre")}
            ]
        elif code in self.existing and self.existing[code] != centre.pk:
            errors["code"] = [_("This code is already used by another centre's training.")]
        published = self.cell(row, errors, "published", parse_bool)
        # Optional: a file without the column leaves each training's target group as it is.
        group = {}
        if "target_group" in row:
            group["target_group"] = (
                self.cell(
                    row, errors, "target_group", parse_choice, Training.TargetGroup, blank_ok=True
                )
                or Training.TargetGroup.ALL
            )
        return {
            "code": code,
            "title": title,
            "centre": centre,
            "format": self.cell(row, errors, "format", parse_choice, Format),
            "stem_domains": self.cell(row, errors, "stem_domains", parse_codes, StemDomain),
            "levels": self.cell(row, errors, "levels", parse_codes, TargetLevel),
            "hours": self.cell(row, errors, "hours", parse_decimal),
            "target_participants": self.cell(row, errors, "target_participants", parse_int),
            "fee_eur": self.cell(row, errors, "fee_eur", parse_amount),
            "published": Training.Status.PUBLISHED if published else Training.Status.DRAFT,
            **group,
        }

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A held or closed training keeps its status, and so does one in review (the scientific
        # committee decides, trainings.quality); "published" only moves draft <-> published.
        if field.attribute == "status" and instance.status in (
            Training.Status.HELD,
            Training.Status.CLOSED,
            Training.Status.IN_REVIEW,
        ):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    # Publishing follows the workspace's rule (``training_publish``: not without a session).
    # A row that asks for it is saved as a draft and then published through that service; when
    # the service refuses, the training stays a draft and the report says why (a note, not an
    # error: the rest of the row is imported). An existing draft is tried in a savepoint that
    # is rolled back, so that a row changing nothing else stays "unchanged".

    def skip_row(self, instance, original, row, import_validation_errors=None):
        wants = instance.status == Training.Status.PUBLISHED and (
            original is None or original.status == Training.Status.DRAFT
        )
        instance._publish_after_save = False
        if wants and instance.pk is None:
            instance.status = Training.Status.DRAFT
            instance._publish_after_save = True
        elif wants and not import_validation_errors:
            status, refusal = _publish_outcome(instance)
            instance.status = status  # published, or in review when its centre asks for it
            if refusal:
                self.note("published", [*refusal, DRAFT_NOTE])
        return super().skip_row(instance, original, row, import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        super().save_instance(instance, is_create, row, **kwargs)
        if getattr(instance, "_publish_after_save", False):
            from .services.trainings import training_publish

            try:
                instance.status = training_publish(training=instance).status
            except ValidationError as exc:
                self.note("published", [*exc.messages, DRAFT_NOTE])


def _publish_outcome(training: Training) -> tuple[str, list[str]]:
    """What ``training_publish`` would make of the saved draft ``training``: the status it
    would get (published, or in review when its centre asks for review) and, when it would
    refuse, why (then the status stays draft). Tried in a savepoint that is always rolled
    back: nothing changes."""
    from django.db import transaction

    from .services.trainings import training_publish

    try:
        with transaction.atomic():
            status = training_publish(training=training).status
            transaction.set_rollback(True)
    except ValidationError as exc:
        return Training.Status.DRAFT, exc.messages
    return status, []


# --- sessions -------------------------------------------------------------------------------


class SessionResource(TableResource):
    class Meta(TableResource.Meta):
        model = Session
        import_id_fields = ("training", "starts_at")
        fields = (
            "training",
            "starts_at",
            "ends_at",
            "location",
            "capacity",
            "postcode",
            "province",
        )

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.trainings = CodeCache(Training.objects.all(), "code")

    def parse(self, row, errors):
        training = self.trainings.get(str(row.get("training") or ""))
        if training is None or not self.may_use_centre(training.centre_id):
            errors["training"] = [unknown_training(row.get("training"))]
        starts_at = self.cell(row, errors, "starts_at", parse_datetime)
        ends_at = self.cell(row, errors, "ends_at", parse_datetime)
        if starts_at and ends_at and ends_at <= starts_at:
            errors["ends_at"] = [_("The end must be after the start.")]
        location = self.text(row, errors, "location", max_length=300)
        return {
            "training": training,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "location": location,
            "capacity": self.cell(row, errors, "capacity", parse_int, blank_ok=True),
            **self._place(row, errors),
        }

    def _place(self, row, errors) -> dict:
        """The optional ``postcode`` and ``province``: a file without them leaves each
        session's as it is. The province follows from a Belgian postcode (``Session.clean``);
        one the postcode contradicts is a row error."""
        if "postcode" not in row and "province" not in row:
            return {}
        place = Session(
            postcode=self.text(row, errors, "postcode", max_length=10),
            province=self.cell(row, errors, "province", parse_choice, Province, blank_ok=True)
            or "",
        )
        try:
            place.clean()
        except ValidationError as exc:
            errors.setdefault("province", []).extend(exc.message_dict.get("province", []))
        values = {"province": place.province}
        if "postcode" in row:
            values["postcode"] = place.postcode
        return values

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        from .services.enrolment import capacity_change_check

        if instance.capacity is not None:
            try:
                capacity_change_check(
                    training=instance.training, session=instance, session_capacity=instance.capacity
                )
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

    email = field("person", "email")

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
        self.schools: dict[str, School] = {}

    def get_row_result_class(self):
        return LeanRowResult

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
                self.next_position[e.training_id] = max(
                    self.next_position[e.training_id], e.waitlist_position + 1
                )
        from .counting import training_capacity

        self.capacity = {t.pk: training_capacity(t) for t in trainings}
        numbers = set()
        if "school_number" in (dataset.headers or []):
            numbers = {normal_number(n) for n in dataset["school_number"]} - {None}
        self.schools = {s.number: s for s in School.objects.filter(number__in=numbers)}
        self.people = self._people_for(dataset)

    def _people_for(self, dataset) -> dict[str, User]:
        """Find everyone in the file by e-mail; create the missing people with a profile.

        Rows with bad cells create nobody; and as the whole import is refused when any row is
        bad, people created here are rolled back with it.
        """
        wanted: dict[str, dict] = {}
        for line, row in enumerate(dataset.dict, start=2):
            errors: dict = {}
            email = self.cell(row, errors, "email", parse_email)
            profile = self._profile_values(row, errors)
            if email and not errors and email not in wanted:
                wanted[email] = {
                    "first_name": str(row.get("first_name") or "").strip()[:150],
                    "last_name": str(row.get("last_name") or "").strip()[:150],
                    "line": line,
                    **profile,
                }
        people = {}
        emails = list(wanted)
        for start in range(0, len(emails), 2000):
            for user in User.objects.filter(email__in=emails[start : start + 2000]):
                people[user.email] = user
        missing = [e for e in emails if e not in people]
        unusable = make_password(None)  # they set a password through "forgot password"
        new_users = [
            User(
                email=e,
                first_name=wanted[e]["first_name"],
                last_name=wanted[e]["last_name"],
                password=unusable,
            )
            for e in missing
        ]
        insert_many(new_users)
        created = {u.email: u for u in new_users}
        if created and any(u.pk is None for u in new_users):  # SQLite before 3.35
            created = {u.email: u for u in User.objects.filter(email__in=missing)}
        insert_many(
            [
                Profile(
                    user=created[e],
                    role=wanted[e]["role"],
                    school=wanted[e]["school_of_register"],
                    school_name="" if wanted[e]["school_of_register"] else wanted[e]["school"],
                    stem_domain=wanted[e]["stem_domain"],
                    levels=wanted[e]["levels"],
                )
                for e in missing
            ]
        )
        self._schools_of_existing(people, wanted)
        people.update(created)
        return people

    def _schools_of_existing(self, people: dict[str, User], wanted: dict[str, dict]) -> None:
        """``school_number`` for people who have an account: it sets the school of a profile
        that has none of the register yet; a school the person chose stays (with a note)."""
        given = {people[e].pk: e for e in people if wanted[e]["school_of_register"]}
        changed = []
        for profile in Profile.objects.filter(user_id__in=list(given)).select_related("school"):
            email = given[profile.user_id]
            school = wanted[email]["school_of_register"]
            if profile.school_id is None:
                profile.school, profile.school_name, profile.school_number = school, "", ""
                changed.append(profile)
            elif profile.school_id != school.pk:
                self.notes.append(
                    (
                        wanted[email]["line"],
                        "school_number",
                        _(
                            "%(email)s keeps the school of their profile, %(school)s; only the "
                            "person changes it."
                        )
                        % {"email": email, "school": profile.school},
                    )
                )
        Profile.objects.bulk_update(
            changed, ["school", "school_name", "school_number"], batch_size=1000
        )

    def _profile_values(self, row, errors) -> dict:
        # Few distinct (role, domain, levels) in a file: parse each combination once.
        key = (row.get("role"), row.get("stem_domain"), row.get("levels"))
        if key not in self.profile_codes:
            found: dict = {}
            values = {
                "role": self.cell(row, found, "role", parse_choice, PersonRole),
                "stem_domain": self.cell(
                    row, found, "stem_domain", parse_choice, StemDomain, blank_ok=True
                ),
                "levels": self.cell(row, found, "levels", parse_codes, TargetLevel),
            }
            self.profile_codes[key] = (values, found)
        values, found = self.profile_codes[key]
        for column, messages in found.items():
            errors.setdefault(column, []).extend(messages)
        return {
            **values,
            "school": str(row.get("school") or "").strip()[:200],
            "school_of_register": self._school_of_register(row, errors),
        }

    def _school_of_register(self, row, errors) -> School | None:
        """The optional ``school_number``: a school of the register, or an error."""
        if not str(row.get("school_number") or "").strip():
            return None
        number = self.cell(row, errors, "school_number", parse_school_number)
        school = self.schools.get(number) if number else None
        if number and school is None:
            errors["school_number"] = [
                _("No school in the register has the number %(number)s.") % {"number": number}
            ]
        return school

    def parse(self, row, errors):
        training = self.trainings.get(str(row.get("training") or ""))
        if training is None or not self.may_use_centre(training.centre_id):
            errors["training"] = [unknown_training(row.get("training"))]
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
                raise ValidationError(
                    {
                        "status": [
                            _(
                                "The training is full (%(capacity)d seats); enrol this person as "
                                "waitlisted."
                            )
                            % {"capacity": capacity}
                        ]
                    }
                )
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
        return (
            self.original_status.get((instance.training_id, instance.person_id)) == instance.status
        )

    def get_bulk_update_fields(self):
        return ["status", "waitlist_position", "cancelled_at"]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
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
            centre=row["centre"],
            training=training,
            year=row["year"],
            category=row["category"],
            source=row["source"],
        ).first()


class BudgetResource(TableResource):
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

    def key_column(self):
        return "category"

    def parse(self, row, errors):
        centre = self.centres.get(str(row.get("centre") or ""))
        if centre is None or not self.may_use_centre(centre.pk):
            errors["centre"] = [
                _("Unknown centre or not one of yours: '%(value)s'.") % {"value": row.get("centre")}
            ]
        training = None
        code = str(row.get("training") or "").strip()
        if code:
            training = self.trainings.get(code)
            if training is None or (centre is not None and training.centre_id != centre.pk):
                errors["training"] = [
                    _("Unknown training of this centre: '%(value)s'.") % {"value": code}
                ]
        year = self.cell(row, errors, "year", parse_int)
        if year is not None and not 2000 <= year <= 2100:
            errors["year"] = [_("Enter a year like 2026.")]
        source = self.sources.get(str(row.get("source") or ""))
        if source is None:
            errors["source"] = [
                _("Unknown funding source '%(value)s' (the name of an organisation).")
                % {"value": row.get("source")}
            ]
        return {
            "centre": centre,
            "training": training,
            "year": year,
            "category": self.cell(row, errors, "category", parse_choice, BudgetCategory),
            "source": source,
            "planned_eur": self.cell(row, errors, "planned_eur", parse_amount),
            "paid_eur": self.cell(row, errors, "paid_eur", parse_amount),
        }


TRAINING_OF_YOUR_CENTRE = gettext_lazy(
    "The code of a training of your centre: import it with Trainings first, or use an "
    "existing training's code."
)

imports.register_kind(
    "trainings",
    label=gettext_lazy("Trainings"),
    resource=TrainingResource,
    columns=(
        "code",
        "title",
        "centre",
        "format",
        "stem_domains",
        "levels",
        "hours",
        "target_participants",
        "fee_eur",
        "published",
    ),
    optional_columns=("target_group",),
    needs=("centres",),
    column_help={
        "code": gettext_lazy(
            "Your own code for the training: 1 to 40 letters, digits, - or _. A row with an "
            "existing code changes that training."
        ),
        "title": gettext_lazy("The title, at most 200 characters."),
        "centre": gettext_lazy("The code of your centre, e.g. VOV."),
        "format": gettext_lazy("The format of the training."),
        "stem_domains": gettext_lazy("STEM domains, separated by ; (may be empty)."),
        "levels": gettext_lazy("Levels and target groups, separated by ; (may be empty)."),
        "hours": gettext_lazy("Contact hours, e.g. 7,5."),
        "target_participants": gettext_lazy("The number of participants aimed at."),
        "target_group": gettext_lazy(
            "Whom the target counts: all (every participant, also when empty) or teachers."
        ),
        "fee_eur": gettext_lazy("The fee in euro, e.g. 45,00; empty is free."),
        "published": gettext_lazy("yes: published in the catalogue; no: a draft."),
    },
    column_choices={
        "format": Format,
        "stem_domains": StemDomain,
        "levels": TargetLevel,
        "target_group": Training.TargetGroup,
    },
)
imports.register_kind(
    "sessions",
    label=gettext_lazy("Sessions"),
    resource=SessionResource,
    columns=("training", "starts_at", "ends_at", "location", "capacity"),
    optional_columns=("postcode", "province"),
    needs=("trainings",),
    column_help={
        "training": TRAINING_OF_YOUR_CENTRE,
        "postcode": gettext_lazy(
            "The postcode of the place (may be empty); a Belgian one sets the province."
        ),
        "province": gettext_lazy(
            "Where it is held, without a Belgian postcode (a company site): VAN, VBR, VLI, "
            "VOV, VWV or BRU; empty is online, abroad or unknown."
        ),
        "starts_at": gettext_lazy("The start, e.g. 2026-03-04T13:30 (Brussels time)."),
        "ends_at": gettext_lazy("The end, after the start, e.g. 2026-03-04T16:30."),
        "location": gettext_lazy("Where the session takes place (may be empty)."),
        "capacity": gettext_lazy("Seats in this session; empty is unlimited."),
    },
    column_choices={"province": Province},
)
imports.register_kind(
    "participants",
    label=gettext_lazy("Participants"),
    resource=ParticipantResource,
    columns=(
        "training",
        "email",
        "first_name",
        "last_name",
        "role",
        "school",
        "stem_domain",
        "levels",
        "status",
    ),
    optional_columns=("school_number",),
    needs=("trainings", "schools"),
    column_help={
        "training": TRAINING_OF_YOUR_CENTRE,
        "email": gettext_lazy(
            "The person's e-mail address: who already has an account is found by it, anyone "
            "else gets one (without a password)."
        ),
        "first_name": gettext_lazy("First name (for a new person)."),
        "last_name": gettext_lazy("Last name (for a new person)."),
        "role": gettext_lazy("The person's role."),
        "school": gettext_lazy("School or organisation (for a new person)."),
        "school_number": gettext_lazy(
            "The institution number of the person's school in the register (may be empty); "
            "it sets the school of a profile that has none yet."
        ),
        "stem_domain": gettext_lazy("The person's STEM domain (may be empty)."),
        "levels": gettext_lazy("Levels the person teaches, separated by ; (may be empty)."),
        "status": gettext_lazy(
            "The enrolment's status (a full training takes only waitlisted people)."
        ),
    },
    column_choices={
        "role": PersonRole,
        "stem_domain": StemDomain,
        "levels": TargetLevel,
        "status": Enrolment.Status,
    },
)
imports.register_kind(
    "budget",
    label=gettext_lazy("Budget lines"),
    resource=BudgetResource,
    columns=("centre", "training", "year", "category", "source", "planned_eur", "paid_eur"),
    needs=("centres", "trainings", "organisations"),
    column_help={
        "centre": gettext_lazy("The code of your centre, e.g. VOV."),
        "training": gettext_lazy(
            "The code of a training of that centre; empty for the centre as a whole."
        ),
        "year": gettext_lazy("The year, e.g. 2026."),
        "category": gettext_lazy("The budget category."),
        "source": gettext_lazy(
            "Who pays: the exact name of an organisation in the portal, e.g. "
            "Vlaamse overheid, Departement Onderwijs en Vorming."
        ),
        "planned_eur": gettext_lazy("The planned amount in euro, e.g. 1.250,50."),
        "paid_eur": gettext_lazy("The amount paid so far in euro, e.g. 950,00."),
    },
    column_choices={"category": BudgetCategory},
)
