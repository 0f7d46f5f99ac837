"""Factories of school development projects: a call of a centre with criteria and questions,
and a school's team."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from stemnet.accounts.models import PersonRole
from stemnet.tokens import new_token
from tests.factories import OrganisationFactory, ProfileFactory
from tests.schools.factories import SchoolFactory
from trainings.projects.models import Call, CallQuestion, Criterion


def make_call(
    centre, *, status=Call.Status.OPEN, days=14, title="STEM en schoolontwikkeling", **kw
):
    call = Call.objects.create(
        centre=centre,
        title=title,
        aims="Scholen bouwen een STEM-visie uit met hun team.",
        budget_per_project_eur=Decimal("5000.00"),
        budget_total_eur=Decimal("12000.00"),
        projects_max=2,
        source=OrganisationFactory(name="Departement Onderwijs en Vorming"),
        deadline=timezone.now() + dt.timedelta(days=days),
        status=status,
        **kw,
    )
    Criterion.objects.create(call=call, name="Aansluiting bij de schoolvisie", weight=3, position=0)
    Criterion.objects.create(call=call, name="Haalbaarheid", weight=1, position=1)
    CallQuestion.objects.create(call=call, text="Wat wil je team bereiken?", position=0)
    return call


def make_team(*, number=None, province="VOV", postcode="9000", teachers=2):
    """A school with its director and ``teachers`` teachers (profiles naming the school)."""
    school = SchoolFactory(
        **({"number": number} if number else {}), province=province, postcode=postcode
    )
    director = ProfileFactory(school=school, role=PersonRole.DIRECTOR, levels=[]).user
    staff = [ProfileFactory(school=school, levels=["lager"]).user for _ in range(teachers)]
    return school, director, staff


def subscribe(*, centre=None, network=None, email, user=None, confirmed=True, slug=None):
    """A (confirmed) subscription to the newsletter of ``centre`` or ``network``."""
    from trainings.newsletters.models import NewsletterList, Subscription

    scope = {"centre": centre} if centre is not None else {"network": network}
    newsletter, _created = NewsletterList.objects.get_or_create(
        **scope,
        defaults={
            "slug": slug or f"nb-{(centre or network).pk}-{'c' if centre else 'n'}",
            "name": f"Nieuwsbrief {(centre or network).name}",
            "consent_text": "Ik wil de nieuwsbrief ontvangen.",
        },
    )
    now = timezone.now()
    return Subscription.objects.create(
        newsletter=newsletter,
        email=email,
        user=user,
        consent_text=newsletter.consent_text,
        consented_at=now,
        confirmed_at=now if confirmed else None,
        token=new_token(),
    )
