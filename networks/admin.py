from django.contrib import admin

from .models import Centre, Membership, Network, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "city")
    list_filter = ("kind", "country")
    search_fields = ("name",)


class CentreInline(admin.TabularInline):
    model = Centre
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "country", "launch_year")
    search_fields = ("code", "name")
    inlines = [CentreInline]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "network", "kind", "province")
    list_filter = ("network", "kind", "province")
    search_fields = ("code", "name")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "centre")
    list_filter = ("role", "centre")
    autocomplete_fields = ("user",)
    search_fields = ("user__email",)
