"""The library in the Django admin (admins only): items with their attachments, kits' copies
and reservations. Publishing goes through the item pages (``services.library_item_publish``)."""

from django.contrib import admin

from .models import KitCopy, KitReservation, LibraryAttachment, LibraryItem


class AttachmentInline(admin.TabularInline):
    model = LibraryAttachment
    extra = 0


class CopyInline(admin.TabularInline):
    model = KitCopy
    extra = 0


@admin.register(LibraryItem)
class LibraryItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "centre", "status", "published_at"]
    list_filter = ["kind", "status", "licence", "centre"]
    search_fields = ["title", "summary", "authors"]
    readonly_fields = ["published_at", "published_by"]
    filter_horizontal = ["trainings"]
    inlines = [AttachmentInline, CopyInline]


@admin.register(KitReservation)
class KitReservationAdmin(admin.ModelAdmin):
    list_display = ["copy", "person", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["person", "copy"]
    search_fields = ["person__email", "copy__kit__title"]
