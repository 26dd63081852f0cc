"""Beheer (/beheer/) for reference data and accounts.

Persons and households are deliberately absent: dossiers are only reachable through
the scoped pages and API, never through an unscoped admin list.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Activity, Area, Organisation, User


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["areas"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "buurt", "gastvrij", "active"]
    list_filter = ["gastvrij", "active", "kind"]
    search_fields = ["title", "organisation__name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Kwartier", {"fields": ["organisation", "role", "areas"]}),
    ]
    filter_horizontal = ["areas", "groups", "user_permissions"]
