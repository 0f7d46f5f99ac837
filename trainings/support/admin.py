from django.contrib import admin

from .models import Claim, ClaimItem, SupportScheme


@admin.register(SupportScheme)
class SupportSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "centre", "training", "source", "yearly_ceiling_eur", "active")
    list_filter = ("centre", "active")
    raw_id_fields = ("training",)


class ClaimItemInline(admin.TabularInline):
    model = ClaimItem
    extra = 0
    readonly_fields = ("kind", "quantity", "amount_eur")


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("person", "enrolment", "status", "total_eur", "year")
    list_filter = ("status", "year")
    raw_id_fields = ("enrolment", "person", "director", "decided_by")
    readonly_fields = ("status", "total_eur", "director_token")
    inlines = [ClaimItemInline]
