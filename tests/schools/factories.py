import factory
from factory.django import DjangoModelFactory

from networks.schools.models import EducationNetwork, School, SchoolLevel


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"{900000 + n:06d}")
    name = factory.Sequence(lambda n: f"Vrije Basisschool {n}")
    street = "Kerkstraat 1"
    postcode = "9000"
    municipality = "Gent"
    province = "VOV"
    network = EducationNetwork.KOV
    levels = factory.LazyFunction(lambda: [SchoolLevel.KLEUTER, SchoolLevel.LAGER])
