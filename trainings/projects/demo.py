"""
Demo school development projects of the national centre (VL-NAT), the follow-up of STEM+
that ``../shared/seeds/001_*`` names "STEM en schoolontwikkeling" ("Hoe kunnen we STEM op een
duurzame wijze implementeren op basisscholen?"):

- the pilot round (deadline passed, decided): one accepted project with its grant on the
  centre's budget, a coach, milestones (one done) and a progress report; one application not
  accepted;
- the open call "STEM en schoolontwikkeling": two submitted applications scored by two
  reviewers (one declared a conflict of interest with one of them), and the draft of the demo
  director's school (directie@, with leerkracht@).

Log-ins: coordinator.nat@ (coordinator of the national centre, who manages both calls),
beoordelaar@ (a reviewer of the open call), directie@ and leerkracht@ (a team), all with the
demo password. Idempotent: calls are matched on centre and title, applications on call and
school; the services write everything else, without e-mail (nothing is queued: the demo runs
outside any request and no one is announced to).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from networks.models import Centre, Membership, Organisation
from networks.schools.models import School
from stemnet.accounts.demo import DEMO_PASSWORD
from stemnet.accounts.models import Level, PersonRole, Profile, User

from . import services
from .models import Application, Call, CallReviewer, Delivery, Project

SOURCE = "Vlaamse overheid, Departement Onderwijs en Vorming"
CRITERIA = [
    ("Een gedragen STEM-visie voor de hele school", 3),
    ("Aandacht voor gelijke kansen", 2),
    ("Haalbaarheid en planning", 1),
]
QUESTIONS = [
    "Welke STEM-visie wil je team samen uitbouwen?",
    "Hoe betrek je alle leerkrachten en leerlingen, ook wie het moeilijker heeft?",
    "Hoe deel je wat je leert met andere scholen?",
]
SCHOOLS = [  # (director, teachers, project title), of basisscholen of the register
    ("directie.klimop@stemnet.test", "Onderzoekend leren van kleuter tot zesde leerjaar"),
    ("directie.regenboog@stemnet.test", "De STEM-werkplaats als hart van de school"),
    ("directie.horizon@stemnet.test", "Techniek met de buurt"),
    ("directie.zonnebloem@stemnet.test", "Een STEM-leerlijn voor de hele basisschool"),
]


def _person(email, first, last, *, role=None, school=None, levels=()) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first, last_name=last)
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if role is not None:
        Profile.objects.update_or_create(
            user=user, defaults={"role": role, "school": school, "levels": list(levels)}
        )
    return user


def _team(school: School, director_email: str, index: int) -> tuple[User, list[User]]:
    names = [("Sofie", "Claeys"), ("Bram", "Verhulst"), ("Ines", "De Wilde"), ("Tom", "Aerts")]
    first, last = names[index % len(names)]
    director = _person(
        director_email, first, last, role=PersonRole.DIRECTOR, school=school, levels=[]
    )
    local = director_email.split("@")[0].removeprefix("directie.")
    teachers = [
        _person(
            f"leerkracht{n}.{local}@stemnet.test",
            ["Lien", "Wout", "Hanne"][n - 1],
            last,
            role=PersonRole.TEACHER,
            school=school,
            levels=[Level.LAGER] if n != 2 else [Level.KLEUTER],
        )
        for n in (1, 2)
    ]
    return director, teachers


def _call(centre, source, *, title, deadline, aims, budget_total, projects) -> Call:
    call = Call.objects.filter(centre=centre, title=title).first()
    if call is not None:
        return call
    call = services.call_save(
        centre=centre,
        user=None,  # type: ignore[arg-type]  # made by the demo
        title=title,
        aims=aims,
        levels=[Level.KLEUTER, Level.LAGER],
        provinces=[],
        budget_per_project_eur=Decimal("5000.00"),
        budget_total_eur=budget_total,
        projects_max=projects,
        source=source,
        deadline=deadline,
        criteria=CRITERIA,
        questions=QUESTIONS,
    )
    Call.objects.filter(pk=call.pk).update(status=Call.Status.OPEN, opened_at=timezone.now())
    call.refresh_from_db()
    return call


def _apply(call, director, teachers, title, *, now, submit=True) -> Application:
    existing = Application.objects.filter(call=call, school=director.profile.school).first()
    if existing is not None:
        return existing
    application = services.application_start(call=call, person=director, now=now)
    services.application_save(
        application=application,
        person=director,
        title=title,
        colleague_addresses="\n".join(t.email for t in teachers),
        answers={
            q.pk: f"{title}: ons team werkt dit uit met alle klassen en deelt het met de "
            "scholengemeenschap."
            for q in call.questions.all()
        },
        budget=[
            ("Vervanging van leerkrachten voor vier teamdagen", "replacement", Decimal("2400")),
            ("Materiaal voor de STEM-hoek", "materials", Decimal("1200")),
            ("Begeleiding door een STEM-techniekcoach", "coaching", Decimal("900")),
        ],
        now=now,
    )
    if submit:
        return services.application_submit(application=application, person=director, now=now)
    return application


def _review(reviewer, application, values, comment, now):
    criteria = list(application.call.criteria.all())
    services.review_save(
        reviewer=reviewer,
        application=application,
        scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        comment=comment,
        now=now,
    )


def load(out) -> None:
    centre = Centre.objects.filter(code="VL-NAT").first()
    source = Organisation.objects.filter(name=SOURCE).first()
    schools = list(
        School.objects.filter(levels__has_code="lager", active_to__isnull=True)
        .exclude(province="BRU")
        .order_by("number")[:4]
    )
    if centre is None or source is None or len(schools) < 4:
        out.write("  projects: skipped (no national centre, funder or schools)")
        return
    now = timezone.now()
    with transaction.atomic(), _no_mail(centre):
        coordinator = _person("coordinator.nat@stemnet.test", "Nele", "Maes")
        Membership.objects.get_or_create(
            user=coordinator, role=Membership.Role.COORDINATOR, centre=centre
        )
        teams = [
            _team(s, email, i)
            for i, (s, (email, _t)) in enumerate(zip(schools, SCHOOLS, strict=True))
        ]
        titles = [t for _e, t in SCHOOLS]
        pilot = _call(
            centre,
            source,
            title="STEM en schoolontwikkeling – pilootronde",
            deadline=now - dt.timedelta(days=120),
            aims="Basisscholen bouwen met hun hele team een duurzame STEM-visie uit, in de "
            "lijn van het lerend netwerk STEM+ en met aandacht voor gelijke kansen.",
            budget_total=Decimal("15000.00"),
            projects=3,
        )
        before = pilot.deadline - dt.timedelta(days=3)
        accepted = _apply(pilot, *teams[0], titles[0], now=before)
        rejected = _apply(pilot, *teams[1], titles[1], now=before)
        decided = pilot.deadline + dt.timedelta(days=20)
        if accepted.status == Application.Status.SUBMITTED:
            services.decision_record(
                application=accepted,
                user=coordinator,
                accepted=True,
                motivation="Een gedragen plan van het hele team, met een duidelijke leerlijn.",
                grant_eur=Decimal("4500.00"),
                coach=coordinator,
                now=decided,
            )
        if rejected.status == Application.Status.SUBMITTED:
            services.decision_record(
                application=rejected,
                user=coordinator,
                accepted=False,
                motivation="Sterk idee, maar nog te weinig gedragen door het team: dien "
                "volgend jaar opnieuw in.",
                now=decided,
            )
        project = Project.objects.get(application=accepted)
        if not project.milestones.exists():
            services.project_update(
                project=project, paid_eur=Decimal("2250.00"), coach=coordinator, status="running"
            )
            start = timezone.localdate(decided)
            done = services.milestone_add(
                project=project, title="Startdag met het hele team", due_on=start
            )
            services.milestone_mark(milestone=done, done=True, now=decided)
            services.milestone_add(
                project=project,
                title="Eerste STEM-week in alle klassen",
                due_on=start + dt.timedelta(days=90),
            )
            services.milestone_add(
                project=project,
                title="Eindrapport en delen met de scholengemeenschap",
                due_on=start + dt.timedelta(days=240),
            )
            services.progress_report_add(
                project=project,
                author=teams[0][0],
                text="De teamdag is achter de rug: elke klas koos een onderzoeksvraag.",
                now=decided + dt.timedelta(days=30),
            )

        call = _call(
            centre,
            source,
            title="STEM en schoolontwikkeling",
            deadline=timezone.localtime(now + dt.timedelta(days=60)).replace(
                hour=23, minute=59, second=0, microsecond=0
            ),
            aims="Hoe kunnen we STEM op een duurzame wijze implementeren op basisscholen? "
            "Scholen dienen in met hun directeur en minstens twee leerkrachten en krijgen "
            "subsidie en begeleiding om een eigen STEM-visie uit te bouwen.",
            budget_total=Decimal("65000.00"),
            projects=12,
        )
        first = _apply(call, *teams[2], titles[2], now=now)
        second = _apply(call, *teams[3], titles[3], now=now)
        reviewer = _person("beoordelaar@stemnet.test", "Pieter", "Vandamme")
        colleague = _person("beoordelaar2@stemnet.test", "Karen", "Goossens")
        r1, _c = CallReviewer.objects.get_or_create(
            call=call, person=reviewer, defaults={"invited_by": coordinator, "invited_at": now}
        )
        r2, _c = CallReviewer.objects.get_or_create(
            call=call, person=colleague, defaults={"invited_by": coordinator, "invited_at": now}
        )
        if not r1.reviews.exists():
            _review(r1, first, [4, 3, 4], "Sterk, concreet plan met de buurt.", now)
            _review(r1, second, [3, 4, 2], "Mooie leerlijn; planning is krap.", now)
            services.conflict_declare(reviewer=r2, application=first, now=now)
            _review(r2, second, [4, 4, 3], "Goed gedragen door het team.", now)
        # The demo director's school (directie@ with leerkracht@): a draft, not submitted.
        director = User.objects.filter(email="directie@stemnet.test").first()
        teacher = User.objects.filter(email="leerkracht@stemnet.test").first()
        school = getattr(getattr(director, "profile", None), "school", None)
        if (
            director
            and teacher
            and school
            and not Application.objects.filter(call=call, school=school).exists()
        ):
            draft = services.application_start(call=call, person=director, now=now)
            services.application_save(
                application=draft,
                person=director,
                title="STEM over de graden heen",
                colleague_addresses=teacher.email,
                answers={},
                budget=[("Vervanging voor twee teamdagen", "replacement", Decimal("1200"))],
                now=now,
            )
    out.write(
        f"  projects: {Call.objects.filter(centre=centre).count()} calls of {centre.name}, "
        f"{Application.objects.filter(call__centre=centre).count()} applications, "
        f"{Project.objects.filter(application__call__centre=centre).count()} project "
        "(log in as coordinator.nat@ or beoordelaar@)"
    )


class _no_mail:
    """Nothing queued from the demo: the services' after-commit work (receipts, decisions)
    is dropped, and their ``Delivery`` rows are marked sent, so no e-mail goes out later."""

    def __init__(self, centre):
        self.centre = centre

    def __enter__(self):
        self._saved = services.send_after_commit
        services.send_after_commit = lambda *a, **k: None  # type: ignore[assignment]
        return self

    def __exit__(self, *exc):
        services.send_after_commit = self._saved  # type: ignore[assignment]
        if exc[0] is None:
            Delivery.objects.filter(call__centre=self.centre, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
        return False
