"""The privacy data category a partner's consent must cover to see a resident's trajectories."""

from django.db import migrations


def seed(apps, schema_editor):
    DataCategory = apps.get_model("privacy", "DataCategory")
    DataCategory.objects.get_or_create(code="traject", defaults={"name": "Trajecten"})


class Migration(migrations.Migration):
    dependencies = [
        ("methods", "0001_initial"),
        ("privacy", "0002_seed_and_append_only_log"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
