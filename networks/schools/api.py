"""
The school register in the read-only open-data API (``/api/v1/schools/``): public data, as the
ministry publishes it. Never who works at a school.
"""

from django_filters import rest_framework as filters
from rest_framework import serializers

from networks.models import Province
from stemnet import api
from stemnet.api import OpenDataViewSet

from .models import EducationNetwork, School, SchoolLevel


class SchoolSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:school-detail", lookup_field="number")

    class Meta:
        model = School
        fields = [
            "url",
            "number",
            "name",
            "street",
            "postcode",
            "municipality",
            "province",
            "network",
            "levels",
            "active_from",
            "active_to",
        ]


class SchoolFilter(filters.FilterSet):
    province = filters.ChoiceFilter(choices=Province.choices)
    network = filters.ChoiceFilter(choices=EducationNetwork.choices)
    level = filters.ChoiceFilter(
        choices=SchoolLevel.choices, method="filter_level", help_text="Schools offering this level."
    )

    class Meta:
        model = School
        fields = ["province", "network", "level"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(levels__has_code=value)


class SchoolViewSet(OpenDataViewSet):
    """The school register: every school by its institution number (six digits)."""

    queryset = School.objects.order_by("number")
    serializer_class = SchoolSerializer
    lookup_field = "number"
    lookup_kind = "code"  # anything else is a 404 before the database
    filterset_class = SchoolFilter
    filter_backends = [filters.DjangoFilterBackend]


api.register("schools", SchoolViewSet, basename="school")
