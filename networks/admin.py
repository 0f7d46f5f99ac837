"""The Django admin of the networks app, with import and export (django-import-export) for
every model. Imports in the admin use the same resources as ``import_data``."""

from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from .models import Centre, Funding, GoodPractice, Membership, Network, Organisation, Partnership
from .resources import CentreResource, FundingResource, OrganisationResource, PartnershipResource


class NetworkResource(resources.ModelResource):
    class Meta:
        model = Network
        import_id_fields = ("code",)
        exclude = ("id",)
        clean_model_instances = True


class GoodPracticeResource(resources.ModelResource):
    class Meta:
        model = GoodPractice
        exclude = ("attachment",)
        clean_model_instances = True


class MembershipResource(resources.ModelResource):
    class Meta:
        model = Membership
        clean_model_instances = True


@admin.register(Organisation)
class OrganisationAdmin(ImportExportModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ("name", "kind", "country", "city")
    list_filter = ("kind", "country")
    search_fields = ("name",)


class CentreInline(admin.TabularInline):
    model = Centre
    extra = 0
    fields = ("code", "name", "kind", "province", "region", "host")


@admin.register(Network)
class NetworkAdmin(ImportExportModelAdmin):
    resource_classes = [NetworkResource]
    list_display = ("code", "name", "country", "launch_year", "funding_public")
    list_filter = ("country", "funding_public")
    search_fields = ("code", "name")
    inlines = [CentreInline]


@admin.register(Centre)
class CentreAdmin(ImportExportModelAdmin):
    resource_classes = [CentreResource]
    list_display = ("code", "name", "network", "kind", "province", "region")
    list_filter = ("network", "kind", "province")
    search_fields = ("code", "name")
    list_select_related = ("network",)


@admin.register(Partnership)
class PartnershipAdmin(ImportExportModelAdmin):
    resource_classes = [PartnershipResource]
    list_display = ("organisation", "kind", "network", "centre", "starts_on", "ends_on")
    list_filter = ("kind", "network")
    search_fields = ("organisation__name",)
    list_select_related = ("organisation", "network", "centre")


@admin.register(Funding)
class FundingAdmin(ImportExportModelAdmin):
    resource_classes = [FundingResource]
    list_display = ("year", "source", "kind", "amount_eur", "status", "network", "centre")
    list_filter = ("year", "kind", "status", "network")
    search_fields = ("source__name", "centre__code", "network__code")
    list_select_related = ("source", "network", "centre")


@admin.register(GoodPractice)
class GoodPracticeAdmin(ImportExportModelAdmin):
    resource_classes = [GoodPracticeResource]
    list_display = ("title", "centre", "theme", "status", "updated_at")
    list_filter = ("status", "centre")
    search_fields = ("title", "theme")


@admin.register(Membership)
class MembershipAdmin(ImportExportModelAdmin):
    resource_classes = [MembershipResource]
    list_display = ("user", "role", "centre")
    list_filter = ("role", "centre")
    autocomplete_fields = ("user",)
    search_fields = ("user__email",)
