from django.contrib import admin

from .models import Team, TeamMember


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    raw_id_fields = ["enrolment"]
    extra = 0


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["training", "organiser", "created_at"]
    raw_id_fields = ["training", "organiser"]
    inlines = [TeamMemberInline]
