"""The beheerder keeps the signals' reference data here: the category tree, routing
rules, response templates and the keys of outside Open311 apps (revoked, never shown)."""

from django.contrib import admin
from django.utils import timezone

from .models import ApiKey, Category, ResponseTemplate, RoutingRule


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "term_days", "public", "sensitive", "active"]
    list_filter = ["parent", "public", "sensitive", "active"]
    search_fields = ["name", "code"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "team"]
    list_select_related = ["category", "area", "organisation"]


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status"]
    list_filter = ["status"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "organisation", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a key is made with `kwartier open311 key NAME`, which shows it once

    @admin.action(description="Sleutels intrekken")
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
