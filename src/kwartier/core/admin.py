"""Beheer (/beheer/) for reference data and accounts.

Persons and households are deliberately absent: dossiers are only reachable through
the scoped pages and API, never through an unscoped admin list.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy

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


# The libraries' models in beheer, by Dutch names. App names are no part of a migration;
# a model's name is, so it becomes a translatable text with the library's own English as
# the key (unchanged for makemigrations, which runs untranslated) and its Dutch in
# locale/nl. django-axes marks its names for translation itself.
LIBRARY_APP_NAMES = {"otp_totp": "Tweestapsverificatie", "axes": "Inlogbeveiliging"}
LIBRARY_MODEL_NAMES = {("otp_totp", "totpdevice"): ("TOTP device", "TOTP devices")}


def name_library_models_in_dutch() -> None:
    for label, name in LIBRARY_APP_NAMES.items():
        if apps.is_installed(label) or label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name
    for (label, model_name), (singular, plural) in LIBRARY_MODEL_NAMES.items():
        if label in apps.app_configs:
            opts = apps.get_model(label, model_name)._meta
            opts.verbose_name = gettext_lazy(singular)
            opts.verbose_name_plural = gettext_lazy(plural)


name_library_models_in_dutch()
