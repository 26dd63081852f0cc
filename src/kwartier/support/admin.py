"""Beheer for vraag en aanbod: only the configurable list of soorten hulp.

Hulpvragen, helpers and matches are personal data: they are reachable only through the
scoped pages and API, never through an unscoped admin list.
"""

from django.contrib import admin

from .models import SupportCategory


@admin.register(SupportCategory)
class SupportCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "requires_vog", "active", "order"]
    list_editable = ["requires_vog", "active", "order"]
    list_filter = ["active", "requires_vog"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
