"""
Demo trainings. Idempotent: trainings are matched on code, people on e-mail address; sessions
and enrolments are only created with a new training, so a second run changes nothing.

- ``load_masterclasses_2017()``: the 2017 STEM masterclasses of the minister's answer to a
  parliamentary question (three company and research visit days in Oost- and West-Vlaanderen,
  target 100, 45 took part: 21 teachers, 16 company staff, 8 researchers, no CLB staff; the
  teachers' domains and levels exactly as answered to parliament).
- ``load_stem_plus_2016()``: the STEM+ learning network of the minister's answer to a
  parliamentary question on its progress (8 thematic sessions in school year 2016-2017, about
  120 members).
- upcoming trainings across the regional centres and formats, and the demo teacher's own
  enrolments (upcoming, waiting list, past with a certificate, cancelled).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from networks.models import Centre, Organisation
from networks.postcodes import province_for_postcode
from networks.schools.holidays import is_school_day, next_school_day
from stemnet.accounts.models import Level, PersonRole, Profile, User

from .models import Attendance, BudgetLine, Enrolment, Format, Session, Speaker, Training

BRUSSELS = ZoneInfo("Europe/Brussels")
Status = Enrolment.Status


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BRUSSELS)


def _school_day_before(day: dt.date, *, within: int = 28) -> dt.date:
    """The last school day before ``day`` (at most ``within`` days back); in the summer, the
    last weekday before it."""
    for back in range(1, within + 1):
        if is_school_day(day - dt.timedelta(days=back)):
            return day - dt.timedelta(days=back)
    day -= dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _people(prefix: str, rows: list[tuple[str, str, str, list[str]]]) -> list[User]:
    """People ``prefix-N@demo.stemnet.test`` with a profile (role, domain, levels)."""
    password = make_password(None)  # demo participants cannot log in
    people = []
    for n, (role, domain, first, levels) in enumerate(rows, start=1):
        email = f"{prefix}-{n:03d}@demo.stemnet.test"
        user, _created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": f"Deelnemer {n}", "password": password},
        )
        Profile.objects.update_or_create(
            user=user, defaults={"role": role, "stem_domain": domain, "levels": levels}
        )
        people.append(user)
    return people


def _training(code: str, centre: str, **fields) -> tuple[Training, bool]:
    training = Training.objects.filter(code=code).first()
    if training is not None:
        return training, False
    return Training.objects.create(
        code=code, centre=Centre.objects.get(code=centre), **fields
    ), True


# --- 2017 STEM masterclasses ---------------------------------------------------------------

# The 21 teachers: (STEM domain, levels). Domains S 3, T 10, E 4, M 3, other 1. Levels
# graad1 8, aso 7, tso_kso_bso 9, lerarenopleiding 3, andere 1: seven teachers teach at two
# levels, so the levels add up to 28 over 21 teachers (as the minister's answer warns).
G1, ASO, TSO, LO, AND = (
    Level.GRAAD1,
    Level.ASO,
    Level.TSO_KSO_BSO,
    Level.LERARENOPLEIDING,
    Level.ANDERE,
)
MASTERCLASS_TEACHERS = [
    ("S", [G1, ASO]),
    ("S", [ASO]),
    ("S", [LO]),
    ("T", [G1, TSO]),
    ("T", [G1, TSO]),
    ("T", [G1, TSO]),
    ("T", [TSO]),
    ("T", [TSO]),
    ("T", [TSO]),
    ("T", [TSO]),
    ("T", [TSO]),
    ("T", [G1]),
    ("T", [AND]),
    ("E", [G1, ASO]),
    ("E", [ASO, TSO]),
    ("E", [G1]),
    ("E", [LO]),
    ("M", [G1, ASO]),
    ("M", [ASO]),
    ("M", [ASO]),
    ("other", [LO]),
]
MASTERCLASS_DAYS = [
    (
        dt.date(2017, 10, 12),
        "Ghent University, Technologiepark Zwijnaarde (Oost-Vlaanderen)",
        "Onderzoekscentra: biotechnologie en duurzame chemie",
    ),
    (
        dt.date(2017, 11, 9),
        "Bedrijvenpark Kortrijk-Noord (West-Vlaanderen)",
        "Bedrijven: maakindustrie en automatisering",
    ),
    (
        dt.date(2017, 11, 30),
        "Haven van Gent en Oostende (Oost- en West-Vlaanderen)",
        "Energie, haven en blauwe economie",
    ),
]


def load_masterclasses_2017() -> Training:
    """The 2017 STEM masterclasses with exactly the minister's answer's 45 participants, all
    attended."""
    training, created = _training(
        "stem-masterclasses-2017",
        "VOV",
        title="STEM-masterclasses 2017",
        description=(
            "Een kijkje achter de schermen van innovatieve STEM-onderzoeks- en kenniscentra en "
            "-bedrijven in Oost- en West-Vlaanderen. Op drie verschillende dagen maken leraren "
            "kennis met onderzoekers en bedrijfsleiders en bezoeken ze wetenschappelijke "
            "instellingen en STEM-bedrijven. Proefproject in het kader van de STEM-acties "
            "2017 (project 15/12/2016-14/12/2017)."
        ),
        stem_domains=["S", "T", "E", "M"],
        levels=[G1, ASO, TSO, LO],
        format=Format.COMPANY_VISIT,
        contact_hours=Decimal("6.0"),
        co_created_research=True,
        co_created_industry=True,
        target_participants=100,
        target_group=Training.TargetGroup.TEACHERS,  # "een 100-tal leerkrachten"
        status=Training.Status.HELD,
        shared_capacity=100,
        attendance_threshold=33,  # one visit day of the three is full participation
    )
    teacher_rows = [
        (PersonRole.TEACHER, domain, "Leraar", levels) for domain, levels in MASTERCLASS_TEACHERS
    ]
    company_rows = [(PersonRole.COMPANY, "", "Bedrijfsmedewerker", [])] * 16
    researcher_rows = [(PersonRole.RESEARCHER, "", "Onderzoeker", [])] * 8
    people = _people("masterclass2017", teacher_rows + company_rows + researcher_rows)
    if created:
        sessions = [
            Session.objects.create(
                training=training,
                starts_at=_at(day, 9),
                ends_at=_at(day, 16),
                location=place,
                theme=theme,
                capacity=35,
            )
            for day, place, theme in MASTERCLASS_DAYS
        ]
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(person=p, training=training, status=Status.ATTENDED) for p in people
        )
        Attendance.objects.bulk_create(
            Attendance(enrolment=e, session=sessions[i % 3], present=True, hours=Decimal("6.0"))
            for i, e in enumerate(enrolments)
        )
    masterclass_places(training)
    return training


# --- STEM+ learning network ----------------------------------------------------------------

STEM_PLUS_THEMES = [
    (dt.date(2016, 10, 12), "Taal", "Taalontwikkelend STEM-onderwijs"),
    (dt.date(2016, 11, 16), "Talenten", "Talenten van alle kinderen zichtbaar maken"),
    (dt.date(2016, 12, 14), "Ouders", "Ouderbetrokkenheid bij STEM"),
    (dt.date(2017, 1, 18), "Huistaakbegeleiding en brugfiguren", "Samen met de buurt"),
    (dt.date(2017, 2, 15), "Eigenwaarde en eigenheid", "Welbevinden als basis om te leren"),
    (dt.date(2017, 3, 15), "Eigenaarschap", "Kinderen en leerkrachten aan het stuur"),
    (dt.date(2017, 4, 26), "Assessment en samenwerking", "Evalueren in STEM-projecten"),
    (dt.date(2017, 5, 16), "Slotevent: zes sleutels", "STEM en gelijke kansen in de klas"),
]
STEM_PLUS_MEMBERS = 120


def load_stem_plus_2016() -> Training:
    """The STEM+ learning network: 8 thematic sessions in 2016-2017, 120 members."""
    training, created = _training(
        "stem-plus-2016-2017",
        "VWV",
        title="Lerend netwerk STEM+ (STEM en gelijke kansen)",
        description=(
            "Leergemeenschap van de lerarenopleidingen van VIVES (Tielt) en Arteveldehogeschool "
            "(Gent) over STEM-onderwijs als hefboom voor gelijke kansen in het basisonderwijs. "
            "Acht thematische sessies, quasi maandelijks, met experten (onderzoekers, "
            "leerkrachten). Resultaat: zes sleutels (eigenwaarde, eigenheid, eigenaarschap, "
            "integratie, assessment, samenwerking)."
        ),
        stem_domains=["S", "T", "E", "M"],
        levels=[Level.KLEUTER, Level.LAGER, LO, "directie"],
        format=Format.LEARNING_NETWORK,
        contact_hours=Decimal("24.0"),
        co_created_research=True,
        target_participants=120,
        status=Training.Status.HELD,
        attendance_threshold=50,
    )
    roles = (
        [(PersonRole.TEACHER, "other", "Leerkracht", [Level.LAGER])] * 70
        + [(PersonRole.TEACHER, "other", "Lerarenopleider", [LO])] * 20
        + [(PersonRole.DIRECTOR, "", "Directeur", [Level.LAGER])] * 15
        + [(PersonRole.RESEARCHER, "", "Onderzoeker", [])] * 8
        + [(PersonRole.OTHER, "", "Pedagogisch begeleider", [])] * 7
    )
    assert len(roles) == STEM_PLUS_MEMBERS
    people = _people("stemplus2016", roles)
    if created:
        sessions = [
            Session.objects.create(
                training=training,
                starts_at=_at(day, 13, 30),
                ends_at=_at(day, 16, 30),
                theme=theme,
                location="Arteveldehogeschool, Gent" if i % 2 else "VIVES campus Tielt",
                postcode="9000" if i % 2 else "8700",
                municipality="Gent" if i % 2 else "Tielt",
                province="VOV" if i % 2 else "VWV",
                experts=experts,
            )
            for i, (day, theme, experts) in enumerate(STEM_PLUS_THEMES)
        ]
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(person=p, training=training, status=Status.ATTENDED) for p in people
        )
        Attendance.objects.bulk_create(
            Attendance(
                enrolment=e,
                session=s,
                present=(i + j) % 4 != 0,
                hours=Decimal("3.0") if (i + j) % 4 else Decimal("0"),
            )
            for i, e in enumerate(enrolments)
            for j, s in enumerate(sessions)
        )
    return training


# --- upcoming trainings across centres and formats ------------------------------------------

UPCOMING = [
    # code, centre, title, format, domains, levels, days ahead, sessions, capacity, fee, online
    (
        "robotica-1ste-graad",
        "VOV",
        "Robotica in de eerste graad",
        Format.SHORT,
        ["T", "E"],
        [G1],
        12,
        1,
        20,
        "0",
        False,
    ),
    (
        "data-wiskunde-aso",
        "VAN",
        "Data en statistiek met echte datasets",
        Format.MULTI_DAY,
        ["M"],
        [ASO, TSO],
        20,
        2,
        24,
        "45.00",
        False,
    ),
    (
        "stem-kleuters",
        "VBR",
        "Onderzoekend leren bij kleuters",
        Format.LONG,
        ["S", "T"],
        [Level.KLEUTER, Level.LAGER],
        25,
        4,
        18,
        "0",
        False,
    ),
    (
        "microbit-online",
        "VLI",
        "Programmeren met de micro:bit (online)",
        Format.ONLINE,
        ["T"],
        [Level.LAGER, G1],
        8,
        2,
        None,
        "0",
        True,
    ),
    (
        "chemie-blended",
        "VWV",
        "Duurzame chemie in de klas",
        Format.BLENDED,
        ["S"],
        [ASO, TSO],
        30,
        3,
        16,
        "60.00",
        False,
    ),
    (
        "stem-coordinatoren-residentieel",
        "BRU",
        "STEM-beleid op school: tweedaagse voor coördinatoren",
        Format.RESIDENTIAL,
        ["S", "T", "E", "M"],
        ["stem_coordinator", "directie"],
        45,
        2,
        30,
        "180.00",
        False,
    ),
    (
        "bedrijfsbezoek-haven-antwerpen",
        "VAN",
        "Bedrijfsbezoek: de haven als STEM-labo",
        Format.COMPANY_VISIT,
        ["E", "T"],
        [TSO, Level.HOGER],
        15,
        1,
        2,
        "0",
        False,
    ),
    (
        "lerend-netwerk-stem-basis",
        "VWV",
        "Lerend netwerk STEM voor de basis",
        Format.LEARNING_NETWORK,
        ["S", "T", "E", "M"],
        [Level.LAGER, LO],
        35,
        5,
        40,
        "0",
        False,
    ),
    (
        "technici-3d-printen",
        "VLI",
        "3D-printen en lasersnijden voor technici",
        Format.SHORT,
        ["T", "E"],
        ["technicus", TSO],
        18,
        1,
        12,
        "25.00",
        False,
    ),
    (
        "clb-stem-studiekeuze",
        "VOV",
        "STEM en studiekeuze: voor CLB-medewerkers",
        Format.SHORT,
        ["other"],
        ["clb"],
        22,
        1,
        25,
        "0",
        False,
    ),
    (
        "wiskunde-modelleren",
        "VBR",
        "Wiskundig modelleren met GeoGebra",
        Format.MULTI_DAY,
        ["M"],
        [ASO, LO],
        40,
        2,
        20,
        "35.00",
        False,
    ),
    (
        "fysica-experimenten-online",
        "BRU",
        "Fysica-experimenten met je smartphone",
        Format.ONLINE,
        ["S"],
        [G1, ASO],
        10,
        1,
        100,
        "0",
        True,
    ),
]


def load_upcoming() -> list[Training]:
    today = timezone.localdate()
    trainings = []
    for (
        code,
        centre,
        title,
        fmt,
        domains,
        levels,
        ahead,
        sessions,
        capacity,
        fee,
        online,
    ) in UPCOMING:
        training, created = _training(
            code,
            centre,
            title=title,
            format=fmt,
            stem_domains=domains,
            levels=levels,
            description=f"{title}. Een nascholing van het STEM-centrum met praktijkvoorbeelden "
            "die je meteen in je klas kunt gebruiken.",
            contact_hours=Decimal(3 * sessions),
            ects=Decimal("1.0") if sessions >= 4 else Decimal("0"),
            fee_eur=Decimal(fee),
            shared_capacity=capacity,
            target_participants=capacity or 100,
            status=Training.Status.PUBLISHED,
            enrolment_deadline=_at(today + dt.timedelta(days=ahead - 2), 23, 59),
            co_created_industry=fmt == Format.COMPANY_VISIT,
            promotion=Training.Promotion.OFFER
            if code.startswith("data")
            else Training.Promotion.DIRECT,
        )
        if created:
            street, postcode, municipality = _address_of(training.centre)
            speaker = _demo_speaker(training)
            day = today + dt.timedelta(days=ahead)
            for _i in range(sessions):
                day = next_school_day(day)  # a weekday outside the school holidays
                session = Session.objects.create(
                    training=training,
                    starts_at=_at(day, 13, 30),
                    ends_at=_at(day, 16, 30),
                    location="" if online else f"Campus van {training.centre.name}",
                    street="" if online else street,
                    postcode="" if online else postcode,
                    municipality="" if online else municipality,
                    online_url="https://meet.stemnet.test/" + code if online else "",
                )
                session.speakers.add(speaker)
                day += dt.timedelta(days=7)
        trainings.append(training)
    return trainings


def _address_of(centre) -> tuple[str, str, str]:
    """The centre's address ("Hoogpoort 15, 9000 Gent") as street, postcode, municipality."""
    street, _, place = (centre.address or "").partition(", ")
    postcode, _, municipality = place.partition(" ")
    return street, postcode, municipality


def _demo_speaker(training: Training) -> Speaker:
    """One trainer per demo training, from the centre's own staff."""
    speaker, _created = Speaker.objects.get_or_create(
        centre=training.centre,
        name=f"Trainer van {training.centre.name}",
        organisation=training.centre.name,
        defaults={"bio": "Lerarenopleider STEM en begeleider van het regionale STEM-netwerk."},
    )
    return speaker


def load_demo_teacher(trainings: dict[str, Training]) -> None:
    """The demo teacher's own trainings: one of each kind on the "My trainings" page."""
    teacher = User.objects.filter(email="leerkracht@stemnet.test").first()
    if teacher is None:
        return
    visit = trainings["bedrijfsbezoek-haven-antwerpen"]
    if not Enrolment.objects.filter(training=visit).exists():
        # The two seats go to others: the teacher waits.
        others = _people("bezoek", [(PersonRole.TEACHER, "T", "Leraar", [TSO])] * 2)
        Enrolment.objects.bulk_create(
            Enrolment(person=p, training=visit, status=Status.ENROLLED) for p in others
        )
        Enrolment.objects.create(
            person=teacher, training=visit, status=Status.WAITLISTED, waitlist_position=1
        )
    Enrolment.objects.get_or_create(
        person=teacher,
        training=trainings["robotica-1ste-graad"],
        defaults={"status": Status.ENROLLED},
    )
    Enrolment.objects.get_or_create(
        person=teacher, training=trainings["microbit-online"], defaults={"status": Status.ENROLLED}
    )
    Enrolment.objects.get_or_create(
        person=teacher,
        training=trainings["wiskunde-modelleren"],
        defaults={"status": Status.CANCELLED, "cancelled_at": timezone.now()},
    )
    past, created = _training(
        "stem-didactiek-voorjaar",
        "VOV",
        title="STEM-didactiek: geïntegreerd lesgeven",
        format=Format.MULTI_DAY,
        stem_domains=["S", "T", "E", "M"],
        levels=[G1],
        contact_hours=Decimal("12.0"),
        ects=Decimal("0.5"),
        status=Training.Status.HELD,
        shared_capacity=25,
        target_participants=25,
        description="Geïntegreerd STEM-onderwijs ontwerpen, uitproberen en evalueren.",
    )
    if created:
        start = _school_day_before(timezone.localdate() - dt.timedelta(days=59))
        sessions = [
            Session.objects.create(
                training=past,
                starts_at=_at(day, 9),
                ends_at=_at(day, 15),
                location="Arteveldehogeschool, Gent",
            )
            for day in (start, _school_day_before(start + dt.timedelta(days=15)))
        ]
        enrolment = Enrolment.objects.create(person=teacher, training=past, status=Status.ATTENDED)
        Attendance.objects.bulk_create(
            Attendance(enrolment=enrolment, session=s, present=True, hours=Decimal("6.0"))
            for s in sessions
        )


MINISTRY = "Vlaamse overheid, Departement Onderwijs en Vorming"


def _line(centre, training, year, category, source, planned, paid, description="") -> None:
    BudgetLine.objects.update_or_create(
        centre=centre,
        training=training,
        year=year,
        category=category,
        source=source,
        defaults={
            "planned_eur": Decimal(planned),
            "paid_eur": Decimal(paid),
            "description": description,
        },
    )


def _budget(stem_plus: Training | None, masterclasses: Training | None) -> None:
    ministry = Organisation.objects.get_or_create(
        name=MINISTRY, defaults={"kind": Organisation.Kind.GOVERNMENT}
    )[0]
    if stem_plus is not None:
        # the minister's answer: a subsidy of 65,000 euro for STEM+, until August 2017
        centre, host = stem_plus.centre, stem_plus.centre.host or ministry
        _line(
            centre,
            stem_plus,
            2017,
            "staff",
            ministry,
            "45000.00",
            "45000.00",
            "Projectmedewerkers lerarenopleidingen VIVES en Arteveldehogeschool",
        )
        _line(centre, stem_plus, 2017, "teacher_replacement", ministry, "9000.00", "7650.00")
        _line(
            centre,
            stem_plus,
            2017,
            "materials",
            ministry,
            "6000.00",
            "5321.15",
            "Slotevent en website stembasis.be",
        )
        _line(centre, stem_plus, 2017, "catering", ministry, "5000.00", "4475.40")
        _line(centre, stem_plus, 2017, "venue", host, "2500.00", "2500.00", "Eigen lokalen")
    centre = Centre.objects.filter(code="VOV").first()
    if centre is not None:
        host = centre.host or ministry
        if masterclasses is not None:
            # the minister's answer to a parliamentary question: 29,012.01 euro paid for the
            # project (15/12/2016-14/12/2017); the split over categories is illustrative, the
            # total is the minister's figure.
            _line(centre, masterclasses, 2017, "staff", ministry, "20000.00", "19842.61")
            _line(
                centre,
                masterclasses,
                2017,
                "travel",
                ministry,
                "6000.00",
                "5780.50",
                "Busvervoer naar de bedrijven",
            )
            _line(centre, masterclasses, 2017, "catering", host, "3500.00", "3388.90")
        # The centre-wide lines of recent years come with the generated demo year
        # (monitor.demo_year), for every regional centre.


# Where each masterclass visit day was held. The minister's answer says only that they were
# organised "in Oost- en West-Vlaanderen"; the venues are those of ``MASTERCLASS_DAYS``:
# Zwijnaarde, Kortrijk-Noord, and for the harbour day (Gent and Oostende) Oostende.
MASTERCLASS_PLACES = {
    dt.date(2017, 10, 12): ("9052", "Zwijnaarde"),
    dt.date(2017, 11, 9): ("8500", "Kortrijk"),
    dt.date(2017, 11, 30): ("8400", "Oostende"),
}


def masterclass_places(training: Training) -> None:
    """The visit days' postcode, municipality and province (from the postcode). Idempotent."""
    for session in training.sessions.all():
        place = MASTERCLASS_PLACES.get(session.starts_at.astimezone(BRUSSELS).date())
        if place is None:
            continue
        postcode, municipality = place
        province = province_for_postcode(postcode)
        if (session.postcode, session.municipality, session.province) != (
            postcode,
            municipality,
            province,
        ):
            training.sessions.filter(pk=session.pk).update(
                postcode=postcode, municipality=municipality, province=province
            )


def session_provinces() -> int:
    """Every demo session with a Belgian postcode and no province gets the province of its
    postcode (as the session form and import do); returns how many. Idempotent."""
    changed = 0
    for session in Session.objects.filter(province="").exclude(postcode=""):
        province = province_for_postcode(session.postcode)
        if province:
            Session.objects.filter(pk=session.pk).update(province=province)
            changed += 1
    return changed


def load(out) -> None:
    masterclasses = load_masterclasses_2017()
    stem_plus = load_stem_plus_2016()
    upcoming = {t.code: t for t in load_upcoming()}
    load_demo_teacher(upcoming)
    _budget(stem_plus, masterclasses)
    out.write(
        f"  trainings: {Training.objects.count()} trainings "
        f"({masterclasses.enrolments.count()} masterclass participants, "
        f"{stem_plus.enrolments.count()} STEM+ members, {len(upcoming)} upcoming), "
        f"{BudgetLine.objects.count()} budget lines"
    )
    load_due_now(out)
    session_provinces()


# --- scheduled work that is due as soon as the portal runs ---------------------------------


def load_due_now(out) -> None:
    """Two trainings of the demo teacher whose scheduled e-mails are due at once, so that the
    first run of the schedule (``make run``'s embedded scheduler, or beat) shows them:

    - one that ended a day ago, the teacher and two colleagues present: the post-training
      evaluation invitation (due one day after the last session; loading sends nothing);
    - one under way whose next session is tomorrow, the teacher enrolled: the reminder.

    Dates count from the day of the first load; a second load changes nothing.
    """
    teacher = User.objects.filter(email="leerkracht@stemnet.test").first()
    if teacher is None:
        return
    now = timezone.localtime()
    today = now.date()
    # The last session ended at least a full day ago, on the last school day before that
    # (within the 30 days the evaluation rule looks back), so the evaluation is due now.
    ended = _school_day_before(today)
    if _at(ended, 12).astimezone(dt.UTC) + dt.timedelta(days=1) > now:
        ended = _school_day_before(ended)
    held, held_new = _training(
        "stem-labo-veiligheid",
        "VOV",
        title="Veilig experimenteren in het STEM-labo",
        format=Format.SHORT,
        stem_domains=["S", "E"],
        levels=[G1, ASO],
        contact_hours=Decimal("3.0"),
        status=Training.Status.HELD,
        shared_capacity=20,
        target_participants=20,
        description="Veiligheid, materiaal en organisatie van practica in het STEM-labo.",
    )
    if held_new:
        session = Session.objects.create(
            training=held,
            starts_at=_at(ended, 9),
            ends_at=_at(ended, 12),
            location="STEM-labo, Campus van STEM-centrum Oost-Vlaanderen",
        )
        colleagues = _people("labo", [(PersonRole.TEACHER, "S", "Leraar", [ASO])] * 2)
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(person=p, training=held, status=Status.ATTENDED)
            for p in [teacher, *colleagues]
        )
        Attendance.objects.bulk_create(
            Attendance(enrolment=e, session=session, present=True, hours=Decimal("3.0"))
            for e in enrolments
        )
    running, running_new = _training(
        "onderzoekend-leren-reeks",
        "VOV",
        title="Onderzoekend leren: van vraag tot experiment",
        format=Format.MULTI_DAY,
        stem_domains=["S", "T"],
        levels=[G1],
        contact_hours=Decimal("6.0"),
        status=Training.Status.PUBLISHED,
        shared_capacity=20,
        target_participants=20,
        enrolment_deadline=_at(today - dt.timedelta(days=8), 23, 59),
        description="Twee namiddagen: een onderzoeksvraag uitwerken en ze in de klas uittesten.",
    )
    if running_new:
        first, _tomorrow = (
            Session.objects.create(
                training=running,
                starts_at=_at(day, 13, 30),
                ends_at=_at(day, 16, 30),
                location="Campus van STEM-centrum Oost-Vlaanderen",
            )
            for day in (today - dt.timedelta(days=7), today + dt.timedelta(days=1))
        )
        enrolment = Enrolment.objects.create(
            person=teacher, training=running, status=Status.ENROLLED
        )
        Attendance.objects.create(
            enrolment=enrolment, session=first, present=True, hours=Decimal("3.0")
        )
    if held_new or running_new:
        out.write(
            f"  trainings: '{held.code}' ended a day ago (its evaluation is due), "
            f"'{running.code}' meets tomorrow (its reminder is due)"
        )


__all__ = ["load", "load_masterclasses_2017", "load_stem_plus_2016"]
