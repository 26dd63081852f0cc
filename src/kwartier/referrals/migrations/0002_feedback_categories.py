"""The privacy data categories a referrer's feedback consent covers."""

from django.db import migrations

CATEGORIES = [
    ("verwijzing-verloop", "Verloop van een verwijzing (start, einde, contactpersoon)"),
    ("verwijzing-uitkomst", "Uitkomst van een verwijzing (reden van beëindigen, uitkomst)"),
]


def seed(apps, schema_editor):
    DataCategory = apps.get_model("privacy", "DataCategory")
    for code, name in CATEGORIES:
        DataCategory.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("privacy", "0002_seed_and_append_only_log"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
