"""The access log's model now lives in core's access layer; the table is not touched."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0003_value_ranges_dutch_names"),
        ("core", "0005_access_log_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AccessLogEntry")],
            database_operations=[],
        ),
    ]
