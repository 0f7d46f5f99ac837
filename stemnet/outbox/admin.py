from django.contrib import admin

from .models import OutboxTask


@admin.register(OutboxTask)
class OutboxTaskAdmin(admin.ModelAdmin):
    list_display = ["pk", "task", "created_at", "handed_at", "attempts"]
    list_filter = ["task", ("handed_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["task", "args", "kwargs", "created_at", "handed_at", "last_error"]
    actions = ["retry"]

    @admin.action(description="Hand to the broker again (attempts back to 0)")
    def retry(self, request, queryset):
        from .services import outbox_task_hand

        queryset.filter(handed_at__isnull=True).update(attempts=0)
        for pk in queryset.filter(handed_at__isnull=True).values_list("pk", flat=True):
            outbox_task_hand(pk)
