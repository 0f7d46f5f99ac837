"""
The public training catalogue in the read-only open-data API (``/api/v1/``): trainings that
are not drafts, and their sessions. Never any enrolment, participant, contact person, e-mail
address or online meeting link: only what the public catalogue pages show.
"""

from django_filters import rest_framework as filters
from rest_framework import serializers

from stemnet import api
from stemnet.api import CodeFilter, MomentFilter, OpenDataViewSet

from .models import Session, Training

PUBLIC_STATUSES = [Training.Status.PUBLISHED, Training.Status.HELD, Training.Status.CLOSED]


class CentreField(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PublicSessionSerializer(serializers.ModelSerializer):
    training = serializers.SlugRelatedField(slug_field="code", read_only=True)
    online = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "training",
            "starts_at",
            "ends_at",
            "location",
            "online",
            "capacity",
            "theme",
        ]

    def get_online(self, session) -> bool:
        return bool(session.online_url)


class PublicTrainingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:training-detail", lookup_field="code")
    centre = CentreField(read_only=True)
    sessions = PublicSessionSerializer(many=True, read_only=True)

    class Meta:
        model = Training
        fields = [
            "url",
            "code",
            "title",
            "description",
            "centre",
            "stem_domains",
            "levels",
            "format",
            "contact_hours",
            "ects",
            "fee_eur",
            "co_created_research",
            "co_created_industry",
            "status",
            "sessions",
        ]


class TrainingFilter(filters.FilterSet):
    centre = CodeFilter(field_name="centre__code", help_text="Centre code, e.g. VOV.")
    # not "format": DRF reads ?format= to choose the renderer
    training_format = filters.ChoiceFilter(
        field_name="format", choices=Training._meta.get_field("format").choices
    )
    status = filters.ChoiceFilter(choices=[(s.value, s.label) for s in PUBLIC_STATUSES])

    class Meta:
        model = Training
        fields = ["centre", "training_format", "status"]


class TrainingViewSet(OpenDataViewSet):
    """Public trainings (published, held or closed) with their sessions."""

    queryset = (
        Training.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("centre")
        .prefetch_related("sessions__training")
        .order_by("code")
    )
    serializer_class = PublicTrainingSerializer
    lookup_field = "code"
    lookup_kind = "code"  # anything else is a 404 before the database
    filterset_class = TrainingFilter
    filter_backends = [filters.DjangoFilterBackend]


class SessionFilter(filters.FilterSet):
    training = CodeFilter(field_name="training__code", help_text="Training code.")
    starts_after = MomentFilter(
        field_name="starts_at",
        lookup_expr="gte",
        help_text="Sessions that start at or after this moment, e.g. 2026-03-01T09:00:00+01:00.",
    )
    starts_before = MomentFilter(
        field_name="starts_at",
        lookup_expr="lt",
        help_text="Sessions that start before this moment.",
    )

    class Meta:
        model = Session
        fields = ["training", "starts_after", "starts_before"]


class SessionViewSet(OpenDataViewSet):
    """Sessions of public trainings."""

    queryset = (
        Session.objects.filter(training__status__in=PUBLIC_STATUSES)
        .select_related("training")
        .order_by("starts_at", "pk")
    )
    serializer_class = PublicSessionSerializer
    filterset_class = SessionFilter
    filter_backends = [filters.DjangoFilterBackend]


api.register("trainings", TrainingViewSet, basename="training")
api.register("sessions", SessionViewSet, basename="session")
