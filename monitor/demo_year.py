"""
The generated demo year: every regional centre of the network gets a plausible current and
previous school year, relative to ``today`` (and the one before, so that the previous
calendar year is whole: ``school_years``), beside the exact seed-based demo (the 2017
masterclasses, STEM+ 2016-2017, the monitor series, the seven networks), which it never
touches.

One generator for the demo and the benchmarks: ``loaddemo`` runs it at ``DEMO_TRAININGS``
trainings per centre and school year, ``bench/`` at benchmark sizes (``loaddemo --trainings``).

What it makes, per centre and school year:

- trainings across the formats and target levels, on school days only (weekdays outside the
  Flemish school holidays: ``networks.schools.holidays``), at real municipalities of the
  centre's province (the school register's places), so every session has its province;
  online sessions have none. Nothing starts from ``today`` to ten days after it, so loading
  queues no reminder or questionnaire;
- enrolments with waiting lists, cancellations (about one in twelve) and a few cancelled
  trainings; attendance per session for what was held (about nine in ten present);
- a pool of people per province (teachers mostly, some directors, CLB staff, company staff,
  researchers) with a profile and, once the register exists, a school of the province that
  offers the levels they teach; a few school teams;
- budget lines from several funding sources (the ministry, the host institution, the
  province, ESF, VLAIO, a foundation, the sector) for each training and for the centre as a
  whole, so that the cost per participant is some hundreds of euros;
- the post-training evaluation of what was held: invitations to those who attended, answers
  from 35 to 60 % of them, mostly satisfied, with some open answers. Questionnaires that
  would send something by themselves are closed or switched off.

Deterministic: one ``random.Random`` per centre and school year, seeded with the centre, the
school year and ``seed``; the same ``today`` gives the same data on every machine. Idempotent:
a centre's school year that exists (matched on its code prefix) is left as it is; people are
matched on e-mail address, centre-wide budget lines on their natural key.

It writes in bulk with its own primary keys (``bulk_create`` in chunks; PostgreSQL ``COPY``
with ``fast=True``), so 100,000 trainings load in minutes. It lives in the monitor layer
because it writes trainings, evaluations, teams and reads the school register: the lowest
layer above all of them.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from networks.models import Centre, Funding, Organisation, Province
from networks.postcodes import province_for_postcode
from networks.schools.demo import PLACES
from networks.schools.holidays import school_days, school_year_of
from networks.schools.models import School
from stemnet.accounts.models import PersonRole, Profile, User
from stemnet.imports import copy_cell
from trainings.evaluations.models import Answer, Invitation, Question, Questionnaire, Response
from trainings.evaluations.services import standard_questionnaire
from trainings.models import Attendance, BudgetLine, Enrolment, Format, Session, Training
from trainings.teams.models import Team, TeamMember

BRUSSELS = ZoneInfo("Europe/Brussels")
SEED = "stemnet-demo-year"
DEMO_TRAININGS = 12  # per regional centre and school year
QUIET_DAYS = 10  # no session from today to this many days after it (nothing due at load)
CENT = Decimal("0.01")
Status = Enrolment.Status
MINISTRY = "Vlaamse overheid, Departement Onderwijs en Vorming"
SOURCES = [
    (MINISTRY, Organisation.Kind.GOVERNMENT),
    ("Europees Sociaal Fonds Vlaanderen", Organisation.Kind.GOVERNMENT),
    ("Agentschap Innoveren & Ondernemen (VLAIO)", Organisation.Kind.GOVERNMENT),
    ("Koning Boudewijnstichting", Organisation.Kind.FOUNDATION),
    ("Agoria Vlaanderen", Organisation.Kind.SECTOR_FEDERATION),
]
PROVINCE_NAMES = {
    "VAN": "Provincie Antwerpen",
    "VBR": "Provincie Vlaams-Brabant",
    "VLI": "Provincie Limburg",
    "VOV": "Provincie Oost-Vlaanderen",
    "VWV": "Provincie West-Vlaanderen",
    "BRU": "Vlaamse Gemeenschapscommissie",
}

# (format, weight, sessions (low, high), hours per session, capacity (low, high))
FORMATS = [
    (Format.SHORT, 34, (1, 1), (3, 6), (14, 28)),
    (Format.MULTI_DAY, 18, (2, 3), (3, 6), (14, 24)),
    (Format.LONG, 7, (4, 6), (3, 3), (12, 20)),
    (Format.BLENDED, 8, (2, 3), (3, 3), (16, 24)),
    (Format.ONLINE, 13, (1, 2), (2, 2), (40, 80)),
    (Format.RESIDENTIAL, 3, (2, 2), (7, 7), (18, 26)),
    (Format.COMPANY_VISIT, 8, (1, 1), (6, 6), (15, 25)),
    (Format.LEARNING_NETWORK, 9, (4, 5), (3, 3), (15, 30)),
]
PRIMARY = ["kleuter", "lager"]
SECONDARY = ["graad1_a", "graad1_b", "doorstroom", "dubbele_finaliteit", "arbeidsmarkt"]
ROLE_LEVELS = ["directie", "stem_coordinator", "technicus", "clb"]
TOPICS = {
    "S": [
        "Onderzoekend leren met eenvoudig materiaal",
        "Duurzame chemie in de klas",
        "Biologie buiten: het schoolplein als labo",
        "Fysica-experimenten met je smartphone",
        "Klimaat en energie in de les wetenschappen",
    ],
    "T": [
        "Programmeren met de micro:bit",
        "Robotica van idee tot prototype",
        "3D-printen en lasersnijden",
        "Sensoren en dataverzameling",
        "Elektronica voor beginners",
    ],
    "E": [
        "Ontwerpend leren: design thinking",
        "Bruggen bouwen: constructie en krachten",
        "Waterstof en hernieuwbare energie",
        "Maakonderwijs in de klas",
    ],
    "M": [
        "Wiskundig modelleren met GeoGebra",
        "Data en statistiek met echte datasets",
        "Computationeel denken in de wiskundeles",
        "Rekenen en meten in STEM-projecten",
    ],
    "other": [
        "STEM en gelijke kansen",
        "Geïntegreerd STEM-onderwijs ontwerpen",
        "Evalueren in STEM-projecten",
        "Meisjes en STEM: rolmodellen in de klas",
    ],
}
VENUES = [
    "Campus {host}",
    "STEM-academie {town}",
    "Cultuurcentrum {town}",
    "Technisch instituut {town}",
    "Gemeentelijk Onderwijscentrum {town}",
]
COMPANIES = [
    "Chemiebedrijf",
    "Energiecentrale",
    "Machinebouwer",
    "Voedingsbedrijf",
    "Onderzoekscentrum",
]
OPEN_ANSWERS = [
    "Heel praktisch: ik kan dit morgen in mijn klas gebruiken.",
    "Graag meer tijd om zelf te experimenteren.",
    "De voorbeelden sloten goed aan bij mijn vak.",
    "Interessant, maar soms te snel voor beginners.",
    "Sterke lesgever, duidelijke uitleg.",
    "Meer voorbeelden voor het eerste jaar graag.",
    "Fijn om collega's van andere scholen te ontmoeten.",
    "Het materiaal was niet altijd beschikbaar voor iedereen.",
    "Een vervolgsessie zou welkom zijn.",
    "De locatie was moeilijk bereikbaar met het openbaar vervoer.",
]
ROLES = [
    (PersonRole.TEACHER, 80),
    (PersonRole.DIRECTOR, 6),
    (PersonRole.CLB, 3),
    (PersonRole.COMPANY, 4),
    (PersonRole.RESEARCHER, 3),
    (PersonRole.STUDENT, 2),
    (PersonRole.OTHER, 2),
]
FIRST_NAMES = [
    "An", "Bart", "Charlotte", "Dirk", "Els", "Femke", "Geert", "Hanne", "Ilse", "Jan",
    "Karen", "Lien", "Mohamed", "Nora", "Pieter", "Sofie", "Tom", "Vera", "Wout", "Yasmina",
]  # fmt: skip
LAST_NAMES = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Vermeulen", "Van den Broeck", "El Amrani", "Desmet",
    "Hermans", "Aerts", "Lambrechts", "Verstraete", "Demir",
]  # fmt: skip


def _eur(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _weighted(rng: random.Random, rows: list, weight_index: int = 1):
    return rng.choices(rows, weights=[row[weight_index] for row in rows])[0]


def school_years(today: dt.date) -> list[int]:
    """The current school year, the previous one, and the one before that (their first
    calendar years): so the previous calendar year is whole too, and the dashboard's "this
    year against the year before" and the five-year trend compare like with like."""
    current = school_year_of(today)
    return [current - 2, current - 1, current]


def pool_size(trainings: int) -> int:
    """People per province for ``trainings`` per centre and school year."""
    return max(240, trainings * 6)


# --- writing in bulk, with our own keys ---------------------------------------------------------


class Writer:
    """Rows collected per model and written in bulk: ``bulk_create`` in chunks, or PostgreSQL
    ``COPY`` (``fast``). Primary keys are given here, from the table's highest, so rows can
    point to rows not yet written; the sequences are set after."""

    def __init__(self, *, fast: bool = False) -> None:
        self.fast = fast and connection.vendor == "postgresql"
        self.rows: dict[type[models.Model], list] = defaultdict(list)
        self._next: dict[type[models.Model], int] = {}

    def add(self, obj: models.Model) -> models.Model:
        model = type(obj)
        if model not in self._next:
            top = model.objects.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = top + 1
        obj.pk = self._next[model]
        self._next[model] += 1
        self.rows[model].append(obj)
        return obj

    def flush(self, order: list[type[models.Model]]) -> dict[str, int]:
        written = {}
        for model in order:
            rows = self.rows.pop(model, [])
            if not rows:
                continue
            if self.fast:
                _copy(model, rows)
            else:
                model.objects.bulk_create(rows, batch_size=2000)
            written[model._meta.label] = len(rows)
        if connection.vendor == "postgresql" and written:
            sql = connection.ops.sequence_reset_sql(no_style(), list(self._next))
            with connection.cursor() as cursor:
                for statement in sql:
                    cursor.execute(statement)
        return written


def _copy(model: type[models.Model], rows: list) -> None:
    """``rows`` into ``model``'s table with one PostgreSQL ``COPY``."""
    fields = [f for f in model._meta.concrete_fields if f.column != "search_vector"]
    buffer = io.StringIO()
    for obj in rows:
        values = []
        for model_field in fields:
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                value = getattr(obj, model_field.attname) or timezone.now()
            else:
                value = getattr(obj, model_field.attname)
            values.append(copy_cell(model_field, value))
        buffer.write("\t".join(values) + "\n")
    buffer.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN",
            buffer,
        )


ORDER = [
    User,
    Profile,
    Training,
    Session,
    Enrolment,
    Attendance,
    Team,
    TeamMember,
    BudgetLine,
    Questionnaire,
    Question,
    Invitation,
    Response,
    Answer,
]


# --- people ------------------------------------------------------------------------------------


@dataclass
class Person:
    pk: int
    role: str
    levels: list[str]
    school_id: int | None


@dataclass
class Pool:
    people: list[Person]
    by_kind: dict[str, list[Person]] = field(default_factory=dict)
    by_school: dict[int, list[Person]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for person in self.people:
            kind = _kind_of(person.levels, person.role)
            self.by_kind.setdefault(kind, []).append(person)
            if person.school_id:
                self.by_school.setdefault(person.school_id, []).append(person)


def _kind_of(levels: list[str], role: str) -> str:
    if role == PersonRole.DIRECTOR:
        return "roles"
    if role != PersonRole.TEACHER:
        return "other"
    if set(levels) & set(PRIMARY):
        return "primary"
    if set(levels) & set(SECONDARY):
        return "secondary"
    return "other"


def _schools(province: str) -> dict[str, list[int]]:
    """Open register schools of ``province`` by level offered (empty before the register)."""
    found: dict[str, list[int]] = defaultdict(list)
    rows = School.objects.filter(province=province, active_to__isnull=True).order_by("number")
    for pk, levels in rows.values_list("pk", "levels"):
        for level in levels:
            found[level].append(pk)
    return found


def _pool(writer: Writer, province: str, size: int, seed: str) -> Pool:
    """The province's demo people, made the first time (matched on e-mail address)."""
    rng = random.Random(f"{seed}|people|{province}")  # noqa: S311  (demo data)
    # the pool works at about half of the province's schools, so that a centre reaches a
    # plausible share of the register and colleagues of one school meet
    schools = {
        level: sorted(rng.sample(pks, max(1, len(pks) // 2)))
        for level, pks in sorted(_schools(province).items())
    }
    everywhere = sorted({pk for pks in schools.values() for pk in pks})
    emails = [f"jaar.{province.lower()}.{n:05d}@demo.stemnet.test" for n in range(1, size + 1)]
    existing = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user_id__in=existing.values()).only(
            "user_id", "role", "levels", "school_id"
        )
    }
    password = make_password(None)  # demo people cannot log in
    people = []
    for email in emails:
        role = _weighted(rng, ROLES)[0]
        domain = rng.choice(["S", "T", "E", "M", "M", "T", "other"])
        pick = rng.random()
        if role == PersonRole.TEACHER and pick < 0.04:  # teacher educators, lecturers
            levels = [rng.choice(["lerarenopleiding", "lerarenopleiding", "hoger"])]
        elif role == PersonRole.TEACHER:
            levels = (
                rng.sample(PRIMARY, rng.choice([1, 1, 2]))
                if pick < 0.44
                else rng.sample(SECONDARY, rng.choice([1, 1, 2]))
            )
        elif role == PersonRole.DIRECTOR:
            levels = [rng.choice(["lager", "doorstroom", "dubbele_finaliteit"])]
        else:
            levels, domain = [], ""
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        wanted = "secundair" if set(levels) & set(SECONDARY) else (levels or ["lager"])[0]
        # as the register's demo does: a school offering the level, else any (teacher
        # educators too)
        candidates = schools.get(wanted) or everywhere
        school_id = (
            rng.choice(candidates)
            if candidates and role in (PersonRole.TEACHER, PersonRole.DIRECTOR)
            else None
        )
        pk = existing.get(email)
        if pk is None:
            user = writer.add(
                User(email=email, first_name=first, last_name=last, password=password)
            )
            writer.add(
                Profile(
                    user_id=user.pk,
                    role=role,
                    stem_domain=domain,
                    levels=levels,
                    school_id=school_id,
                )
            )
            pk = user.pk
        else:
            profile = profiles.get(pk)
            if profile is not None:
                role, levels, school_id = profile.role, profile.levels, profile.school_id
        people.append(Person(pk, role, levels, school_id))
    return Pool(people)


# --- one centre's school year ------------------------------------------------------------------


@dataclass
class Context:
    writer: Writer
    today: dt.date
    now: dt.datetime
    sources: dict[str, Organisation]
    post_questions: list[Question]
    counts: Counter = field(default_factory=Counter)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BRUSSELS)


def _days(rng, days: list[dt.date], count: int, fmt: str, quiet: tuple[dt.date, dt.date]):
    """``count`` session days from a first day: weekly, monthly for learning networks and
    long programmes, consecutive for residential ones; school days only, none in ``quiet``."""
    allowed = [d for d in days if not quiet[0] <= d <= quiet[1]]
    step = {Format.LEARNING_NETWORK: 28, Format.LONG: 21, Format.RESIDENTIAL: 1}.get(fmt, 7)
    latest = max(0, len(allowed) - 1 - (count - 1) * step * 5 // 7)
    first = rng.randint(0, latest)
    chosen = [allowed[first]]
    index = first
    for _ in range(count - 1):
        target = chosen[-1] + dt.timedelta(days=step)
        while index < len(allowed) and allowed[index] < target:
            index += 1
        if index >= len(allowed):
            break
        chosen.append(allowed[index])
    return chosen


def _title(rng, fmt: str, domains: list[str], town: str) -> str:
    topic = rng.choice(TOPICS[domains[0] if len(domains) == 1 else "other"])
    if fmt == Format.COMPANY_VISIT:
        return f"Bedrijfsbezoek: {rng.choice(COMPANIES).lower()} in {town}"
    if fmt == Format.LEARNING_NETWORK:
        return f"Lerend netwerk: {topic[0].lower()}{topic[1:]}"
    if fmt == Format.ONLINE:
        return f"{topic} (online)"
    if fmt == Format.RESIDENTIAL:
        return f"Tweedaagse: {topic[0].lower()}{topic[1:]}"
    return topic


def _levels(rng) -> tuple[list[str], str]:
    pick = rng.random()
    if pick < 0.38:
        return rng.sample(PRIMARY, rng.choice([1, 2])), "primary"
    if pick < 0.88:
        return rng.sample(SECONDARY, rng.choice([1, 2, 3])), "secondary"
    return rng.choice(
        [["directie", "stem_coordinator"], ["stem_coordinator"], ["directie"]]
    ), "roles"


def _centre_year(ctx: Context, centre: Centre, start_year: int, size: int, pool: Pool, seed: str):
    rng = random.Random(f"{seed}|{centre.code}|{start_year}")  # noqa: S311  (demo data)
    w = ctx.writer
    days = school_days(start_year)
    quiet = (ctx.today, ctx.today + dt.timedelta(days=QUIET_DAYS))
    places = PLACES.get(centre.province) or [("Brussel", "1000", 1)]
    host_town = (centre.address or "").rpartition(" ")[2] or places[0][0]
    host_postcode = next((pc for town, pc, _n in places if town == host_town), places[0][1])
    host_name = centre.host.name if centre.host else centre.name
    ministry, esf, vlaio, kbs, agoria = (ctx.sources[name] for name, _kind in SOURCES)
    host = centre.host or ministry
    province_fund = ctx.sources[PROVINCE_NAMES.get(centre.province, MINISTRY)]
    prefix = f"jaar-{centre.code.lower()}-{start_year % 100:02d}{(start_year + 1) % 100:02d}"
    for number in range(1, size + 1):
        fmt, _w, (s_low, s_high), hours_range, (c_low, c_high) = _weighted(rng, FORMATS)
        domains = rng.sample(["S", "T", "E", "M"], rng.choice([1, 1, 1, 2, 4]))
        levels, kind = _levels(rng)
        online = fmt == Format.ONLINE
        town, postcode, _n = (
            (host_town, host_postcode, 1)
            if rng.random() < 0.35
            else rng.choices(places, weights=[n for *_rest, n in places])[0]
        )
        hours = rng.choice(hours_range) if hours_range[0] != hours_range[1] else hours_range[0]
        session_days = _days(rng, days, rng.randint(s_low, s_high), fmt, quiet)
        capacity = rng.randint(c_low, c_high)
        held = session_days[-1] < ctx.today
        started = session_days[0] < ctx.today
        cancelled = rng.random() < 0.03
        status = (
            Training.Status.CANCELLED
            if cancelled
            else Training.Status.HELD
            if held
            else Training.Status.PUBLISHED
        )
        start_hour = {2: 16, 7: 9, 6: 9}.get(hours, 13)
        training = w.add(
            Training(
                code=f"{prefix}-{number:05d}",
                title=_title(rng, fmt, domains, town),
                description=(
                    "Een nascholing van het regionale STEM-centrum met praktijkvoorbeelden die "
                    "je meteen in je klas kunt gebruiken, ontwikkeld met leerkrachten"
                    + (" en bedrijven." if fmt == Format.COMPANY_VISIT else ".")
                ),
                centre_id=centre.pk,
                stem_domains=domains,
                levels=levels,
                format=fmt,
                contact_hours=Decimal(hours * len(session_days)),
                ects=Decimal("1.0") if len(session_days) >= 4 else Decimal("0"),
                fee_eur=Decimal(rng.choice(["0", "0", "0", "25.00", "45.00", "60.00"])),
                co_created_research=rng.random() < 0.3,
                co_created_industry=fmt == Format.COMPANY_VISIT or rng.random() < 0.15,
                target_participants=max(8, capacity - rng.randint(0, 6)),
                status=status,
                shared_capacity=capacity,
                enrolment_deadline=_at(session_days[0] - dt.timedelta(days=3), 23, 59),
                attendance_threshold=75 if len(session_days) > 2 else 100,
                cancelled_at=_at(session_days[0] - dt.timedelta(days=10), 10)
                if cancelled
                else None,
                cancellation_reason="Te weinig inschrijvingen." if cancelled else "",
            )
        )
        ctx.counts["trainings"] += 1
        sessions = []
        for day in session_days:
            in_person = not (online or (fmt == Format.BLENDED and day != session_days[0]))
            venue = (
                f"{rng.choice(COMPANIES)} {town}"
                if fmt == Format.COMPANY_VISIT
                else rng.choice(VENUES).format(host=host_name, town=town)
            )
            sessions.append(
                w.add(
                    Session(
                        training_id=training.pk,
                        starts_at=_at(day, start_hour, 30 if start_hour == 13 else 0),
                        ends_at=_at(day, start_hour, 30 if start_hour == 13 else 0)
                        + dt.timedelta(hours=hours),
                        location=venue if in_person else "",
                        online_url=""
                        if in_person
                        else f"https://meet.stemnet.test/{training.code}",
                        street=f"Schoolstraat {rng.randint(1, 90)}" if in_person else "",
                        postcode=postcode if in_person else "",
                        municipality=town if in_person else "",
                        province=province_for_postcode(postcode) if in_person else "",
                    )
                )
            )
        ctx.counts["sessions"] += len(sessions)
        # Who enrolled: mostly people who teach the levels the training is for.
        demand = max(3, round(capacity * rng.uniform(0.55, 1.3)))
        if cancelled:
            demand = rng.randint(2, 6)
        matching = pool.by_kind.get(kind) or pool.people
        picked: dict[int, Person] = {}
        team_school = None
        if kind != "roles" and not online and rng.random() < 0.07:
            schools = [s for s, staff in pool.by_school.items() if len(staff) >= 3]
            if schools:
                team_school = rng.choice(sorted(schools))
                for person in pool.by_school[team_school][:5]:
                    picked[person.pk] = person
        while len(picked) < min(demand, len(pool.people)):
            person = rng.choice(matching if rng.random() < 0.85 else pool.people)
            picked.setdefault(person.pk, person)
        seats, waiting = 0, 0
        attended = []
        team_enrolments = []
        for person in picked.values():
            if cancelled or rng.random() < 0.08:
                status_, position = Status.CANCELLED, None
            elif seats < capacity:
                seats += 1
                status_, position = Status.ENROLLED, None
                if held and rng.random() < 0.92:
                    status_ = Status.ATTENDED
            else:
                waiting += 1
                status_, position = Status.WAITLISTED, waiting
            enrolment = w.add(
                Enrolment(
                    person_id=person.pk,
                    training_id=training.pk,
                    status=status_,
                    waitlist_position=position,
                    cancelled_at=(
                        _at(session_days[0] - dt.timedelta(days=rng.randint(2, 20)), 9)
                        if status_ == Status.CANCELLED
                        else None
                    ),
                )
            )
            ctx.counts[f"enrolments {status_}"] += 1
            if team_school is not None and person.school_id == team_school:
                team_enrolments.append((person, enrolment))
            if status_ in (Status.ATTENDED, Status.ENROLLED) and started and not cancelled:
                present_any = False
                for index, session in enumerate(sessions):
                    if session_days[index] >= ctx.today:
                        continue
                    # a no-show of a held training was present nowhere; the others at most
                    # sessions (and at least one)
                    present = (status_ == Status.ATTENDED or not held) and (
                        rng.random() < 0.9 or (index == len(sessions) - 1 and not present_any)
                    )
                    present_any |= present
                    w.add(
                        Attendance(
                            enrolment_id=enrolment.pk,
                            session_id=session.pk,
                            present=present,
                            hours=Decimal(hours) if present else Decimal("0"),
                        )
                    )
                    ctx.counts["attendance"] += 1
            if status_ == Status.ATTENDED:
                attended.append(person)
        if len(team_enrolments) >= 2:
            organiser = next(
                (
                    p.pk
                    for p in pool.by_school.get(team_school, [])
                    if p.role == PersonRole.DIRECTOR
                ),
                team_enrolments[0][0].pk,
            )
            team = w.add(Team(training_id=training.pk, organiser_id=organiser))
            for _person, enrolment in team_enrolments:
                w.add(TeamMember(team_id=team.pk, enrolment_id=enrolment.pk))
            ctx.counts["teams"] += 1
        # What it cost, per funding source.
        year = session_days[0].year
        people_days = max(seats, 1) * len(session_days)
        paid_share = 1.0 if held else (0.0 if not started else 0.5)
        trainer = ministry if rng.random() < 0.75 else esf
        # trainers' hours with preparation (about 1.2 hours per hour given), 80-110 euro
        staff = hours * len(session_days) * 2.2 * rng.uniform(80, 110)
        kit = vlaio if "T" in domains or "E" in domains else kbs
        lines = [("staff", trainer, staff), ("materials", kit, rng.uniform(150, 900))]
        if not online:
            lines.append(("catering", province_fund, people_days * rng.uniform(12, 19)))
            if town != host_town:
                lines.append(("venue", host, len(session_days) * rng.uniform(120, 420)))
        if fmt in (Format.LONG, Format.MULTI_DAY, Format.RESIDENTIAL) and rng.random() < 0.35:
            lines.append(("teacher_replacement", ministry, people_days * rng.uniform(60, 110)))
        if fmt == Format.COMPANY_VISIT:
            lines.append(("travel", agoria, rng.uniform(650, 950)))
        if fmt == Format.RESIDENTIAL:
            lines.append(("other", esf, people_days * rng.uniform(70, 95)))
        for category, source, amount in lines:
            planned = _eur(amount)
            paid = (
                _eur(float(planned) * rng.uniform(0.86, 1.0) * paid_share)
                if not cancelled
                else _eur(float(planned) * 0.1 if category == "staff" else 0)
            )
            w.add(
                BudgetLine(
                    centre_id=centre.pk,
                    training_id=training.pk,
                    year=year,
                    category=category,
                    source_id=source.pk,
                    planned_eur=planned,
                    paid_eur=paid,
                )
            )
            ctx.counts["budget lines"] += 1
        # Questionnaires: none of them sends anything by itself at load.
        if not held:
            w.add(
                Questionnaire(
                    kind=Questionnaire.Kind.PRE,
                    title=f"Voor de nascholing: {training.title}"[:200],
                    training_id=training.pk,
                    sending_enabled=False,
                    send_offset_days=7,
                )
            )
            continue
        if cancelled or not attended:
            continue
        w.add(
            Questionnaire(
                kind=Questionnaire.Kind.FOLLOW_UP,
                title=f"Opvolging: {training.title}"[:200],
                training_id=training.pk,
                sending_enabled=False,
                send_offset_days=182,
            )
        )
        _evaluation(ctx, rng, training, session_days[-1], attended)


def _evaluation(ctx: Context, rng, training: Training, last_day: dt.date, attended: list[Person]):
    w = ctx.writer
    sent = _at(last_day + dt.timedelta(days=1), 10)
    questionnaire = w.add(
        Questionnaire(
            kind=Questionnaire.Kind.POST,
            title=f"Evaluatie van de nascholing: {training.title}"[:200],
            training_id=training.pk,
            send_offset_days=1,
            closed_at=min(sent + dt.timedelta(days=28), ctx.now),
        )
    )
    questions = {}
    for q in ctx.post_questions:
        questions[q.code] = w.add(
            Question(
                questionnaire_id=questionnaire.pk,
                position=q.position,
                code=q.code,
                kind=q.kind,
                text=q.text,
                choices=q.choices,
                required=q.required,
                is_standard=True,
            )
        )
    rate = rng.uniform(0.35, 0.6)
    quality = rng.choice([-1, 0, 0, 0, 1, 1])  # some trainings please more than others
    for person in attended:
        answered = rng.random() < rate
        invitation = w.add(
            Invitation(
                questionnaire_id=questionnaire.pk,
                person_id=person.pk,
                sent_at=sent,
                reminded_at=sent + dt.timedelta(days=7) if not answered else None,
                responded_at=sent + dt.timedelta(days=rng.randint(0, 9)) if answered else None,
            )
        )
        ctx.counts["invitations"] += 1
        if not answered:
            continue
        response = w.add(
            Response(
                questionnaire_id=questionnaire.pk,
                invitation_id=invitation.pk,
                role=person.role,
                submitted_at=invitation.responded_at,
            )
        )
        ctx.counts["responses"] += 1
        overall = min(
            5, max(1, rng.choices([5, 4, 3, 2, 1], weights=[38, 42, 13, 5, 2])[0] + quality)
        )
        for code, question in questions.items():
            if question.kind == Question.Kind.LIKERT:
                value = (
                    overall
                    if code == "overall"
                    else min(5, max(1, overall + rng.choice([-1, 0, 0, 1])))
                )
                w.add(Answer(response_id=response.pk, question_id=question.pk, number=value))
            elif question.kind == Question.Kind.RECOMMEND:
                yes = overall >= 4 or (overall == 3 and rng.random() < 0.4)
                w.add(Answer(response_id=response.pk, question_id=question.pk, number=int(yes)))
            elif question.kind == Question.Kind.OPEN and rng.random() < 0.2:
                w.add(
                    Answer(
                        response_id=response.pk,
                        question_id=question.pk,
                        text=rng.choice(OPEN_ANSWERS),
                    )
                )
            else:
                continue
            ctx.counts["answers"] += 1


# --- the centres as a whole -------------------------------------------------------------------


def _centre_lines(ctx: Context, centre: Centre, years: list[int], size: int) -> None:
    """Coordination and communication of the centre, per calendar year the school years
    touch: paid in full for past years, in part this year, nothing yet for next year."""
    ministry = ctx.sources[MINISTRY]
    host = centre.host or ministry
    scale = size / DEMO_TRAININGS
    for year in range(years[0], years[-1] + 2):
        if year < ctx.today.year:
            paid_share = 1.0
        elif year == ctx.today.year:
            paid_share = ctx.today.timetuple().tm_yday / 366
        else:
            paid_share = 0.0
        rng = random.Random(f"{SEED}|{centre.code}|lines|{year}")  # noqa: S311  (demo data)
        for category, source, annual, description in (
            # the host employs the centre's staff; the ministry's grant pays the rest
            ("staff", host, 38000 * scale, "Coördinatie en ondersteuning van het centrum"),
            ("other", ministry, 6500 * scale, "Communicatie, website en netwerkdagen"),
        ):
            planned = _eur(annual * rng.uniform(0.9, 1.1))
            _budget_line(centre, year, category, source, planned, paid_share, description)
        # the funding the centre received (planned for next year), as the comparison shows it
        for source, kind, part in (
            (ministry, Funding.Kind.GOVERNMENT, 0.7),
            (host, Funding.Kind.UNIVERSITY, 0.12),
            (ctx.sources["Europees Sociaal Fonds Vlaanderen"], Funding.Kind.EU, 0.1),
            (
                ctx.sources.get(PROVINCE_NAMES.get(centre.province, ""), ministry),
                Funding.Kind.GOVERNMENT,
                0.08,
            ),
        ):
            Funding.objects.update_or_create(  # on the whole natural key: imports add others
                centre=centre,
                year=year,
                source=source,
                kind=kind,
                status=Funding.Status.RECEIVED
                if year <= ctx.today.year
                else Funding.Status.PLANNED,
                defaults={"amount_eur": _eur(95000 * scale * part * rng.uniform(0.92, 1.08))},
            )


def _budget_line(centre, year, category, source, planned, paid_share, description) -> None:
    BudgetLine.objects.update_or_create(
        centre=centre,
        training=None,
        year=year,
        category=category,
        source=source,
        defaults={
            "planned_eur": planned,
            "paid_eur": _eur(float(planned) * paid_share),
            "description": description,
        },
    )


def _sources(centres: list[Centre]) -> dict[str, Organisation]:
    sources = {}
    kinds = dict(SOURCES)
    for centre in centres:
        name = PROVINCE_NAMES.get(centre.province)
        if name:
            kinds[name] = Organisation.Kind.GOVERNMENT
    for name, kind in kinds.items():
        sources[name] = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
    return sources


def regional_centres() -> list[Centre]:
    return list(
        Centre.objects.filter(kind=Centre.Kind.REGIONAL, province__in=Province.values)
        .select_related("host")
        .order_by("code")
    )


def generate(
    *,
    trainings: int = DEMO_TRAININGS,
    today: dt.date | None = None,
    seed: str = SEED,
    fast: bool = False,
) -> Counter:
    """Give every regional centre ``trainings`` trainings in the previous and in the current
    school year of ``today`` (default: today in Europe/Brussels), with everything around them
    (see the module's docstring). Returns what it wrote, by kind.

    Safe to run twice: a centre's school year already there is skipped; the centre-wide
    budget lines are updated in place. ``fast`` uses PostgreSQL ``COPY``.
    """
    now = timezone.now()
    today = today or timezone.localdate()
    if today != timezone.localdate():
        now = _at(today, 12)
    centres = regional_centres()
    writer = Writer(fast=fast)
    ctx = Context(
        writer=writer,
        today=today,
        now=now,
        sources=_sources(centres),
        post_questions=list(
            standard_questionnaire(kind=Questionnaire.Kind.POST).questions.order_by("position")
        ),
    )
    years = school_years(today)
    pools: dict[str, Pool] = {}
    for centre in centres:
        for start_year in years:
            prefix = (
                f"jaar-{centre.code.lower()}-{start_year % 100:02d}{(start_year + 1) % 100:02d}-"
            )
            if Training.objects.filter(code__startswith=prefix).exists():
                continue
            if centre.province not in pools:
                pools[centre.province] = _pool(writer, centre.province, pool_size(trainings), seed)
            _centre_year(ctx, centre, start_year, trainings, pools[centre.province], seed)
    if writer.rows.get(User):
        ctx.counts["people"] = len(writer.rows[User])
    writer.flush(ORDER)
    for centre in centres:  # after the bulk rows, which took their keys beforehand
        _centre_lines(ctx, centre, years, trainings)
    return ctx.counts


def load(out, *, trainings: int | None = None, fast: bool = False) -> None:
    """For ``loaddemo``: the demo size unless ``trainings`` says otherwise."""
    counts = generate(trainings=trainings or DEMO_TRAININGS, fast=fast)
    summary = ", ".join(f"{n:,} {kind}" for kind, n in sorted(counts.items()))
    out.write(f"  demo year: {summary or 'already there'}")
