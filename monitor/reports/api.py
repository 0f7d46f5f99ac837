"""
The network's yearly headline figures in the open-data API (``/api/v1/yearly-figures/``): for
one calendar year, the Flemish network and each province, as the ministry dashboard shows
them (``selectors.dashboard``, the same function): trainings, participants, participations,
the share of the target reached, the satisfied and recommend shares and, where the network
publishes its funding, the amount paid and the cost per participant. Only counts and shares:
never a person.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse

from networks.models import Network
from stemnet import api

from . import selectors

FIRST_YEAR = 2000


def _money(value, public: bool):
    return value if public else None


class HeadlineSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    trainings = serializers.IntegerField()
    participants = serializers.IntegerField()
    participations = serializers.IntegerField()
    target_reached_share = serializers.DecimalField(
        max_digits=7, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    satisfied_share = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    recommend_share = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=True
    )
    paid_eur = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True
    )
    cost_per_participant_eur = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True
    )


class YearLinkSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    url = serializers.URLField()


class YearlyFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    network = HeadlineSerializer()
    provinces = HeadlineSerializer(many=True)


def _headline(headline, *, funding_public: bool) -> dict:
    return {
        "code": headline.code,
        "name": headline.name,
        "trainings": headline.trainings,
        "participants": headline.participants,
        "participations": headline.participations,
        "target_reached_share": headline.target_reached_share,
        "satisfied_share": headline.satisfied_share,
        "recommend_share": headline.recommend_share,
        "paid_eur": _money(headline.paid_eur, funding_public),
        "cost_per_participant_eur": _money(headline.cost_per_participant_eur, funding_public),
    }


def yearly_figures(year: int) -> dict:
    """The figures of ``year`` as the API gives them (money only when funding is public)."""
    board = selectors.dashboard(year=year)
    code = getattr(settings, "REPORTS_NETWORK_CODE", "VL")
    public = Network.objects.filter(code=code, funding_public=True).exists()
    return {
        "year": year,
        "network": _headline(board.network, funding_public=public),
        "provinces": [_headline(h, funding_public=public) for h in board.provinces],
    }


class YearlyFiguresViewSet(api.StrictQueryMixin, viewsets.ViewSet):
    """The network's headline figures per calendar year (the ministry dashboard's)."""

    lookup_field = "year"
    lookup_value_converter = "lookup"  # anything: "/yearly-figures/abc/" is the API's JSON 404

    @extend_schema(operation_id="yearly_figures_list", responses=YearLinkSerializer(many=True))
    def list(self, request):
        """The years that can be asked for, newest first, each with its address."""
        this_year = dt.date.today().year
        return Response(
            [
                {"year": year, "url": reverse("api:yearly-figures-detail", [year], request=request)}
                for year in range(this_year, FIRST_YEAR - 1, -1)
            ]
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": FIRST_YEAR},
                OpenApiParameter.PATH,
                description=f"A calendar year from {FIRST_YEAR} up to next year; any other is a "
                "404.",
            )
        ],
        responses=YearlyFiguresSerializer,
    )
    def retrieve(self, request, year=None):
        """One year's figures for the network and each province."""
        number = api.lookup_id(str(year))
        if not FIRST_YEAR <= number <= dt.date.today().year + 1:
            raise NotFound
        return Response(YearlyFiguresSerializer(yearly_figures(number)).data)


api.register("yearly-figures", YearlyFiguresViewSet, basename="yearly-figures")
