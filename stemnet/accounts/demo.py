"""Demo accounts, one per role. Idempotent: accounts are matched on e-mail address."""

from allauth.account.models import EmailAddress

from .models import Level, PersonRole, Profile, StemDomain, User

DEMO_PASSWORD = "stemnet-demo-2026"  # noqa: S105  (printed by loaddemo; demo only)

DEMO_USERS = [
    # (email, first, last, description)
    ("leerkracht@stemnet.test", "Lotte", "Peeters", "teacher"),
    (
        "coordinator.vov@stemnet.test",
        "Koen",
        "De Smet",
        "coordinator of STEM-centrum Oost-Vlaanderen",
    ),
    ("ministerie@stemnet.test", "Sarah", "Janssens", "ministry staff"),
    ("admin@stemnet.test", "Ada", "Admin", "admin"),
    ("directie@stemnet.test", "Els", "Wouters", "director of Lotte's school (enrols teams)"),
    # Their memberships come from the quality demo (trainings.quality.demo).
    ("comite@stemnet.test", "Hilde", "Van den Broeck", "member of the scientific committee"),
    ("stuurgroep@stemnet.test", "Marc", "Claes", "member of the steering group"),
    # Their roles come from the projects demo (trainings.projects.demo).
    (
        "coordinator.nat@stemnet.test",
        "Nele",
        "Maes",
        "coordinator of the national centre (school project calls)",
    ),
    ("beoordelaar@stemnet.test", "Pieter", "Vandamme", "reviewer of the open call"),
]


def _user(email, first, last, *, superuser=False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
        user.set_password(DEMO_PASSWORD)
    user.first_name, user.last_name = first, last
    user.is_staff = user.is_superuser = superuser
    user.is_active = True
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load(out) -> None:
    # Her school, Sint-Barbaracollege (030387), comes with the register (networks.schools.demo).
    teacher = _user(*DEMO_USERS[0][:3])
    Profile.objects.update_or_create(
        user=teacher,
        defaults={
            "role": PersonRole.TEACHER,
            "stem_domain": StemDomain.SCIENCE,
            "levels": [Level.GRAAD1, Level.ASO],
        },
    )
    _user(*DEMO_USERS[1][:3])  # their roles (memberships) come from the networks demo
    _user(*DEMO_USERS[2][:3])
    _user(*DEMO_USERS[3][:3], superuser=True)
    # The director of Lotte's school: enrols a team (Lotte and herself) from a training's
    # page; her school, like Lotte's, comes with the register.
    director = _user(*DEMO_USERS[4][:3])
    Profile.objects.update_or_create(
        user=director, defaults={"role": PersonRole.DIRECTOR, "levels": [Level.GRAAD1]}
    )
    for email, first, last, _description in DEMO_USERS[5:]:  # roles from later demos
        _user(email, first, last)
    out.write(f"  accounts: {len(DEMO_USERS)} demo log-ins")


def logins() -> list[tuple[str, str, str]]:
    return [(email, DEMO_PASSWORD, description) for email, _f, _l, description in DEMO_USERS]
