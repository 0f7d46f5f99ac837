"""The school register in the Django admin; its import is the kind ``schools``."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import School
from .resources import SchoolResource


@admin.register(School)
class SchoolAdmin(ImportExportModelAdmin):
    resource_classes = [SchoolResource]
    list_display = ("number", "name", "municipality", "postcode", "province", "network")
    list_filter = ("province", "network")
    search_fields = ("number", "name", "municipality", "postcode")
    ordering = ("name", "municipality")
