from django.contrib import admin

from .models import Issue, NewsletterList, Subscription


@admin.register(NewsletterList)
class NewsletterListAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "network", "centre"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "newsletter", "consented_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["newsletter"]
    search_fields = ["email"]
    readonly_fields = ["consent_text", "consented_at", "confirmed_at", "token"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "newsletter", "status", "sent_at"]
    list_filter = ["newsletter", "status"]
