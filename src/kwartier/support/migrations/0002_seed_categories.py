"""Seed the support categories (configurable afterwards in beheer)."""

from django.db import migrations

from kwartier.support.categories import DEFAULT_CATEGORIES


def seed(apps, schema_editor):
    SupportCategory = apps.get_model("support", "SupportCategory")
    for order, (code, name, requires_vog) in enumerate(DEFAULT_CATEGORIES, start=1):
        SupportCategory.objects.get_or_create(
            code=code, defaults={"name": name, "requires_vog": requires_vog, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
