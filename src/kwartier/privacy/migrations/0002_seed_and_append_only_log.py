"""Seed the purposes and data categories, and make the access log append-only in the database."""

from django.db import migrations

from kwartier.privacy import log_guard

PURPOSES = [
    ("doorverwijzing", "Doorverwijzing"),
    ("koppeling-vrijwilliger", "Koppeling met vrijwilliger"),
    ("casusoverleg", "Casusoverleg"),
    ("terugkoppeling-verwijzer", "Terugkoppeling aan verwijzer"),
]
CATEGORIES = [
    ("contact", "Contactgegevens"),
    ("hulpvraag", "Hulpvraag"),
    ("netwerk", "Netwerk"),
    ("metingen", "Metingen"),
    ("notities", "Notities"),
]


def seed(apps, schema_editor):
    Purpose = apps.get_model("privacy", "Purpose")
    DataCategory = apps.get_model("privacy", "DataCategory")
    for code, name in PURPOSES:
        Purpose.objects.get_or_create(code=code, defaults={"name": name})
    for code, name in CATEGORIES:
        DataCategory.objects.get_or_create(code=code, defaults={"name": name})


def add_triggers(apps, schema_editor):
    log_guard.install(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    log_guard.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
