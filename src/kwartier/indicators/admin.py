"""The beheerder keeps the indicator definitions here (name, unit, scale, margin, what
counts as better, derived shares); values come from imports and Kwartier's own figures."""

from django.contrib import admin

from .models import ImportRun, Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "higher_is", "margin", "source", "own"]
    list_filter = ["unit", "higher_is"]
    search_fields = ["name", "code"]
    raw_id_fields = ["numerator", "denominator"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "format", "years", "created", "updated", "skipped", "created_at"]
    readonly_fields = [field.name for field in ImportRun._meta.fields]

    def has_add_permission(self, request):
        return False  # an import is made by importing a file
