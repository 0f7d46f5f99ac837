from django.contrib import admin

from .models import (
    CriterionVerdict,
    ExternalEvaluation,
    QualityAction,
    TrainingReview,
    YearlyReview,
)


class CriterionVerdictInline(admin.TabularInline):
    model = CriterionVerdict
    extra = 0


class ActionInline(admin.TabularInline):
    model = QualityAction
    extra = 0
    fields = ("description", "owner", "due_on", "status")


@admin.register(TrainingReview)
class TrainingReviewAdmin(admin.ModelAdmin):
    list_display = ("training", "decision", "reviewer_name", "decided_at")
    list_filter = ("decision",)
    search_fields = ("training__code", "training__title", "reviewer_name")
    raw_id_fields = ("training", "reviewer")
    inlines = [CriterionVerdictInline]


@admin.register(YearlyReview)
class YearlyReviewAdmin(admin.ModelAdmin):
    list_display = ("centre", "year", "opened_at")
    list_filter = ("year", "centre")
    raw_id_fields = ("opened_by",)
    inlines = [ActionInline]


@admin.register(ExternalEvaluation)
class ExternalEvaluationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "centre", "network", "held_from")
    list_filter = ("kind",)
    raw_id_fields = ("recorded_by",)
    inlines = [ActionInline]
