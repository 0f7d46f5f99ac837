"""Factories of the newsletters (lists, subscriptions, issues)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from stemnet.tokens import new_token
from trainings.newsletters.models import Issue, NewsletterList, Subscription


class NewsletterListFactory(DjangoModelFactory):
    class Meta:
        model = NewsletterList

    slug = factory.Sequence(lambda n: f"lijst{n}")
    name = factory.Sequence(lambda n: f"Nieuwsbrief {n}")
    consent_text = "Ik wil de nieuwsbrief per e-mail ontvangen en kan me altijd afmelden."


class SubscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Subscription

    newsletter = factory.SubFactory(NewsletterListFactory)
    email = factory.Sequence(lambda n: f"lezer{n}@example.org")
    consent_text = factory.LazyAttribute(lambda o: o.newsletter.consent_text)
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    token = factory.LazyFunction(new_token)


class IssueFactory(DjangoModelFactory):
    class Meta:
        model = Issue

    newsletter = factory.SubFactory(NewsletterListFactory)
    subject = factory.Sequence(lambda n: f"Nieuwsbrief nummer {n}")
    intro = "Beste collega's,\n\nDit is het nieuws van deze maand."


def centre_list(world):
    """The VOV list of ``world`` (one per centre: made once, found after)."""
    return NewsletterList.objects.get_or_create(
        centre=world.centre,
        defaults={
            "slug": "vov",
            "name": "Nieuwsbrief STEM-centrum Oost-Vlaanderen",
            "consent_text": "Ik wil de nieuwsbrief van het STEM-centrum Oost-Vlaanderen ontvangen.",
        },
    )[0]


def network_list(world):
    return NewsletterList.objects.get_or_create(
        network=world.network,
        centre=None,
        defaults={
            "slug": "vl",
            "name": "Nieuwsbrief STEMNET Vlaanderen",
            "consent_text": "Ik wil de nieuwsbrief van STEMNET Vlaanderen ontvangen.",
        },
    )[0]
