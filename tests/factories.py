"""Factories for every app. Apps add theirs below their own heading."""

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from networks.models import Centre, Membership, Network, Organisation
from stemnet.accounts.models import PersonRole, Profile, User

PASSWORD = "correct-horse-battery"


# --- accounts -------------------------------------------------------------------------------
class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Accounts are verified unless built with ``verified=False``."""
        if create:
            self.save()
            if extracted is not False:
                EmailAddress.objects.create(
                    user=self, email=self.email, verified=True, primary=True
                )


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    role = PersonRole.TEACHER
    stem_domain = "S"
    levels = factory.LazyFunction(lambda: ["aso"])


# --- networks -------------------------------------------------------------------------------
class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Hogeschool {n}")
    kind = Organisation.Kind.UNIVERSITY_COLLEGE


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"N{n}")
    name = factory.Sequence(lambda n: f"Network {n}")
    country = "BE"


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n}")
    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Centre {n}")
    kind = Centre.Kind.REGIONAL
    host = factory.SubFactory(OrganisationFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.COORDINATOR
    centre = factory.SubFactory(CentreFactory)
