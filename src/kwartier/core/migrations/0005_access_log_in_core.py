"""The access log moves from privacy to core's access layer; its table stays as it is."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_value_ranges_dutch_names"),
        ("privacy", "0003_value_ranges_dutch_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AccessLogEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="tijdstip")),
                        ("user_id", models.BigIntegerField(null=True, verbose_name="gebruiker-id")),
                        ("username", models.CharField(blank=True, max_length=150, verbose_name="gebruiker")),
                        ("role", models.CharField(blank=True, max_length=20, verbose_name="rol")),
                        ("organisation_id", models.BigIntegerField(null=True, verbose_name="organisatie-id")),
                        ("organisation_name", models.CharField(blank=True, max_length=200, verbose_name="organisatie")),
                        ("on_behalf_of", models.CharField(blank=True, max_length=200, verbose_name="namens")),
                        ("person_public_id", models.CharField(blank=True, db_index=True, max_length=12, verbose_name="bewoner (kenmerk)")),
                        ("object_type", models.CharField(max_length=60, verbose_name="soort gegevens")),
                        ("object_id", models.CharField(blank=True, max_length=60, verbose_name="object")),
                        ("action", models.CharField(choices=[("create", "aangemaakt"), ("read", "bekeken"), ("search", "gezocht"), ("export", "geëxporteerd"), ("print", "afgedrukt"), ("change", "gewijzigd"), ("delete", "verwijderd")], max_length=10, verbose_name="handeling")),
                        ("legal_basis", models.CharField(blank=True, max_length=120, verbose_name="grondslag")),
                        ("consent_id", models.BigIntegerField(blank=True, null=True, verbose_name="toestemming")),
                        ("access_point", models.CharField(max_length=200, verbose_name="toegangspunt")),
                        ("result", models.CharField(choices=[("allowed", "toegestaan"), ("denied", "geweigerd")], max_length=10, verbose_name="resultaat")),
                        ("detail", models.CharField(blank=True, max_length=200, verbose_name="toelichting")),
                    ],
                    options={
                        "verbose_name": "toegangslogregel",
                        "verbose_name_plural": "toegangslog",
                        "db_table": "privacy_accesslogentry",
                        "ordering": ["-at", "-pk"],
                        "indexes": [models.Index(fields=["person_public_id", "at"], name="privacy_acc_person__f5385f_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
