"""
Import kinds of the trainings app: ``trainings``, ``sessions``, ``participants``, ``budget``.

Built on ``stemnet.resources.TableResource``: each row is parsed once, bad cells become
errors for their column (the whole file is then refused by ``stemnet.imports``), rows are
matched on natural keys and unchanged rows are skipped, so importing the same file twice
changes nothing. ``participants``, whose files run to tens of thousands of rows, is checked
and written in bulk under the same rules (``ParticipantResource.import_rows``).

A coordinator's import is limited to their centres (``centre_ids``); ``None`` (the command
line, admins) allows every centre.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import RowResult

from networks.models import Centre, Organisation, Province
from networks.schools.models import School, normal_number
from networks.schools.resources import parse_number as parse_school_number
from stemnet import imports
from stemnet.accounts.models import PersonRole, Profile, StemDomain, User
from stemnet.resources import (
    PROGRESS_EVERY,
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


@dataclasses.dataclass
class Seats:
    """A training of a participants file: its capacity (None: unlimited), the seats taken,
    the next place on its waiting list, and its enrolments by person (pk, status, waiting-list
    position, cancelled at), as the rows of the file change them."""

    training: Training
    capacity: int | None
    taken: int = 0
    next_position: int = 1
    enrolments: dict[int, tuple] = dataclasses.field(default_factory=dict)


class ParticipantResource:
    """Enrolments; the person is found by e-mail or created with a profile.

    Checked and written in bulk (``import_rows``, see ``stemnet.imports``), not row by row
    through django-import-export: a 50,000-row file spent most of its time in the per-row
    machinery (an instance, a row result and three field copies per row). The checks and their
    messages are those of the other kinds (``stemnet.resources``' parsers); the code lists of a
    row are parsed once per distinct cell. Nothing is written while any row is bad; then people,
    profiles and enrolments go in with one ``COPY`` each (``imports.insert_rows``; on
    PostgreSQL the seat and schedule triggers fire once per statement), changed enrolments with
    one ``bulk_update``. Unchanged rows are not written, so importing the same file again
    changes nothing. Safe to run twice.
    """

    def __init__(self, centre_ids=None, progress: Callable[[int, int], None] | None = None):
        self.centre_ids = None if centre_ids is None else frozenset(centre_ids)
        self.progress = progress

    def import_rows(self, dataset, *, dry_run: bool) -> imports.BulkOutcome:
        """Check every row, then (without errors) write people, profiles and enrolments.

        ``dry_run`` writes all the same: ``stemnet.imports`` rolls the transaction back, so
        that a check meets what the database would refuse too."""
        total = len(dataset)
        outcome = imports.BulkOutcome(actions=["invalid"] * total)
        cells = {name: dataset[name] for name in dataset.headers}
        blank = [""] * total

        def column(name: str) -> list[str]:
            return cells.get(name, blank)  # school_number, first_name, … may be left out

        trainings = {  # only those of the importer's centres: any other is "unknown"
            code: seats
            for code, seats in self._trainings({c.strip() for c in column("training")}).items()
            if self._may_use_centre(seats.training.centre_id)
        }
        schools = self._schools(column("school_number"))
        status_of: dict[str, tuple[str | None, str | None]] = {}
        profile_of: dict[tuple, tuple[dict, list[tuple[str, str]]]] = {}
        school_of: dict[str, tuple[School | None, str | None]] = {}
        wanted: dict[str, dict] = {}  # e-mail -> the person and profile of its first good row
        email_of = EmailCheck().parse
        checked = []  # (line, seats, e-mail, status) of the rows whose cells are good
        errors = outcome.errors
        for index, (code, email_cell, status_cell, role, domain, levels, number) in enumerate(
            zip(
                column("training"),
                column("email"),
                column("status"),
                column("role"),
                column("stem_domain"),
                column("levels"),
                column("school_number"),
                strict=True,
            )
        ):
            line = index + 2  # the header is line 1
            if self.progress and index and index % PROGRESS_EVERY == 0:
                self.progress(index, total)
            bad = len(errors)
            training = trainings.get(code.strip())
            if training is None:
                errors.append(imports.RowError(line, "training", unknown_training(code)))
            email, message = _parsed(email_of, email_cell)
            if message:
                errors.append(imports.RowError(line, "email", message))
            key = (role, domain, levels)
            if key not in profile_of:
                profile_of[key] = _profile_codes(role, domain, levels)
            profile, found = profile_of[key]
            profile_bad = bool(found)
            if found:
                errors.extend(imports.RowError(line, c, m) for c, m in found)
            school = None
            if number.strip():
                if number not in school_of:
                    school_of[number] = _school_of_register(number, schools)
                school, message = school_of[number]
                if message:
                    errors.append(imports.RowError(line, "school_number", message))
                    profile_bad = True
            if status_cell not in status_of:
                status_of[status_cell] = _parsed(parse_choice, status_cell, Enrolment.Status)
            status, message = status_of[status_cell]
            if message:
                errors.append(imports.RowError(line, "status", message))
            if email and not profile_bad and email not in wanted:
                wanted[email] = {"line": line, "index": index, "school": school, **profile}
            if len(errors) == bad:
                checked.append((line, training, email, status))
        people = self._people(wanted)
        outcome.notes, schools_set = self._schools_of_existing(people, wanted)
        new, changed = self._enrolments(checked, people, outcome)
        if not errors:
            Profile.objects.bulk_update(
                schools_set, ["school", "school_name", "school_number"], batch_size=1000
            )
            self._create_people(wanted, people, column)
            new["person_id"] = [people[email] for email in new["person_id"]]
            imports.insert_rows(Enrolment, new)
            Enrolment.objects.bulk_update(
                changed, ["status", "waitlist_position", "cancelled_at"], batch_size=1000
            )
        return outcome

    def _may_use_centre(self, centre_id: int | None) -> bool:
        return self.centre_ids is None or centre_id in self.centre_ids

    @staticmethod
    def _trainings(codes: set[str]) -> dict[str, Seats]:
        """The file's trainings by code, each with its seats (capacity, sessions prefetched)
        and every enrolment it has, in two queries."""
        from .counting import training_capacity

        seats = {
            t.code: Seats(t, training_capacity(t, t.sessions.all()))
            for t in Training.objects.filter(code__in=codes).prefetch_related("sessions")
        }
        by_pk = {s.training.pk: s for s in seats.values()}
        held = (Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
        for row in Enrolment.objects.filter(training__in=list(by_pk)).values_list(
            "training_id", "person_id", "pk", "status", "waitlist_position", "cancelled_at"
        ):
            training = by_pk[row[0]]
            training.enrolments[row[1]] = row[2:]
            if row[3] in held:
                training.taken += 1
            if row[4]:
                training.next_position = max(training.next_position, row[4] + 1)
        return seats

    @staticmethod
    def _schools(numbers) -> dict[str, School]:
        found = {normal_number(n) for n in set(numbers) if n} - {None}
        return {s.number: s for s in School.objects.filter(number__in=found)} if found else {}

    @staticmethod
    def _people(emails: Iterable[str]) -> dict[str, int]:
        """The primary keys of the people with these e-mail addresses who have an account."""
        emails = list(emails)
        if connection.vendor == "postgresql":  # one array parameter, not 50,000
            table = connection.ops.quote_name(User._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT email, id FROM {table} WHERE email = ANY(%s)", [emails])  # noqa: S608
                return dict(cursor.fetchall())
        people: dict[str, int] = {}
        for start in range(0, len(emails), 5000):
            chunk = emails[start : start + 5000]
            people.update(User.objects.filter(email__in=chunk).values_list("email", "pk"))
        return people

    @staticmethod
    def _enrolments(checked, people: dict[str, int], outcome) -> tuple[dict, list]:
        """The rows with good cells in file order: refuse a second row of one training and
        person, and enrolled or attended rows beyond the training's capacity; give new
        waitlisted rows the end of the waiting list. Returns the new enrolments (by column,
        for ``insert_rows``, which dates them all at the moment of the import: they keep the
        file's order by key; the person still by e-mail) and the changed ones."""
        held = (Enrolment.Status.ENROLLED, Enrolment.Status.ATTENDED)
        waitlisted, cancelling = Enrolment.Status.WAITLISTED, Enrolment.Status.CANCELLED
        seen: dict[tuple, int] = {}
        persons, training_ids, statuses, positions, cancelled = [], [], [], [], []
        changed = []
        now = timezone.now()  # the moment of the import: of every row it cancels
        actions = outcome.actions
        for line, seats, email, status in checked:
            key = (seats.training.pk, email)
            if key in seen:
                message = _("Duplicate of line %(line)d.") % {"line": seen[key]}
                outcome.errors.append(imports.RowError(line, "email", message))
                continue
            seen[key] = line
            person = people.get(email)
            existing = seats.enrolments.get(person) if person else None
            if existing is not None and existing[1] == status:
                outcome.unchanged += 1
                actions[line - 2] = RowResult.IMPORT_TYPE_SKIP
                continue
            had_seat = existing is not None and existing[1] in held
            if status in held and not had_seat:
                if seats.capacity is not None and seats.taken >= seats.capacity:
                    message = _(
                        "The training is full (%(capacity)d seats); enrol this person as "
                        "waitlisted."
                    ) % {"capacity": seats.capacity}
                    outcome.errors.append(imports.RowError(line, "status", message))
                    continue
                seats.taken += 1
            elif had_seat and status not in held:
                seats.taken -= 1
            position = existing[2] if existing else None
            if status == waitlisted and not position:
                position = seats.next_position
                seats.next_position += 1
            elif status != waitlisted:
                position = None
            cancelled_at = existing[3] if existing else None
            if status == cancelling and not cancelled_at:
                cancelled_at = now
            if existing is None:
                persons.append(email)
                training_ids.append(seats.training.pk)
                statuses.append(status)
                positions.append(position)
                cancelled.append(cancelled_at)
                outcome.new += 1
                actions[line - 2] = RowResult.IMPORT_TYPE_NEW
            else:
                changed.append(
                    Enrolment(
                        pk=existing[0],
                        status=status,
                        waitlist_position=position,
                        cancelled_at=cancelled_at,
                    )
                )
                outcome.updated += 1
                actions[line - 2] = RowResult.IMPORT_TYPE_UPDATE
        new = {
            "person_id": persons,
            "training_id": training_ids,
            "status": statuses,
            "waitlist_position": positions,
            "cancelled_at": cancelled,
        }
        return new, changed

    def _create_people(self, wanted: dict[str, dict], people: dict[str, int], column) -> None:
        """Create the people of the file who have no account, each with a profile, without a
        usable password (they set one through "forgot password"); add their keys to
        ``people``. The names and school text are those of the person's first row."""
        missing = [e for e in wanted if e not in people]
        first, last, school_text = column("first_name"), column("last_name"), column("school")
        rows = [wanted[email] for email in missing]
        users = {
            "email": missing,
            "first_name": [first[p["index"]].strip()[:150] for p in rows],
            "last_name": [last[p["index"]].strip()[:150] for p in rows],
            "password": [make_password(None)] * len(missing),
        }
        keys = imports.insert_rows(User, users, ids=True)
        if any(key is None for key in keys):  # SQLite before 3.35
            found = self._people(missing)
            keys = [found[e] for e in missing]
        people.update(zip(missing, keys, strict=True))
        profiles = {
            "user_id": keys,
            "school_id": [p["school"].pk if p["school"] else None for p in rows],
            "school_name": [
                "" if p["school"] else school_text[p["index"]].strip()[:200] for p in rows
            ],
            "role": [p["role"] for p in rows],
            "stem_domain": [p["stem_domain"] for p in rows],
            "levels": [p["levels"] for p in rows],
        }
        imports.insert_rows(Profile, profiles)

    @staticmethod
    def _schools_of_existing(
        people: dict[str, int], wanted: dict[str, dict]
    ) -> tuple[list[imports.RowError], list[Profile]]:
        """``school_number`` for people who have an account: it sets the school of a profile
        that has none of the register yet; a school the person chose stays (with a note).
        Returns the notes and the profiles to save."""
        notes = []
        given = {people[e]: e for e in wanted if e in people and wanted[e]["school"]}
        changed = []
        for profile in Profile.objects.filter(user_id__in=list(given)).select_related("school"):
            email = given[profile.user_id]
            school = wanted[email]["school"]
            if profile.school_id is None:
                profile.school, profile.school_name, profile.school_number = school, "", ""
                changed.append(profile)
            elif profile.school_id != school.pk:
                message = _(
                    "%(email)s keeps the school of their profile, %(school)s; only the "
                    "person changes it."
                ) % {"email": email, "school": profile.school}
                notes.append(imports.RowError(wanted[email]["line"], "school_number", message))
        return notes, changed


class EmailCheck(EmailValidator):
    """Django's check of an e-mail address (``validate_email``, which ``parse_email`` runs)
    for a file of them: the same rules, with the user part's pattern compiled here rather
    than reached through a lazy proxy on every call, and each domain checked once."""

    user_regex = re.compile(EmailValidator.user_regex.pattern, EmailValidator.user_regex.flags)

    def __init__(self):
        super().__init__()
        self.domains: dict[str, bool] = {}

    def validate_domain_part(self, domain_part):
        if domain_part not in self.domains:
            self.domains[domain_part] = super().validate_domain_part(domain_part)
        return self.domains[domain_part]

    def parse(self, value: str) -> str:
        """``parse_email``: the address in lower case, or ValueError with its reason."""
        email = value.strip().lower()
        try:
            self(email)
        except ValidationError:
            return parse_email(value)  # refuses it, with the reason the other kinds give
        return email


def _parsed(parser, value: str, *args) -> tuple:
    """(value, None), or (None, the reason) when ``parser`` refuses the cell."""
    try:
        return parser(value, *args), None
    except ValueError as exc:
        return None, str(exc)


def _profile_codes(role: str, domain: str, levels: str) -> tuple[dict, list[tuple[str, str]]]:
    """The profile's codes of one (role, stem_domain, levels) combination of cells, and the
    (column, reason) of each bad cell."""
    values, found = {}, []
    for name, value, parse in (
        ("role", role, lambda v: parse_choice(v, PersonRole)),
        ("stem_domain", domain, lambda v: parse_choice(v, StemDomain, blank_ok=True)),
        ("levels", levels, lambda v: parse_codes(v, TargetLevel)),
    ):
        values[name], message = _parsed(parse, value)
        if message:
            found.append((name, message))
    return values, found


def _school_of_register(
    number: str, schools: dict[str, School]
) -> tuple[School | None, str | None]:
    """The optional ``school_number``: a school of the register, or the reason it is not."""
    parsed, message = _parsed(parse_school_number, number)
    if message:
        return None, message
    school = schools.get(parsed)
    if school is None:
        return None, _("No school in the register has the number %(number)s.") % {"number": parsed}
    return school, None


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
