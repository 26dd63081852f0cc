"""`kwartier demo`: bring the database up to date and load the demo municipality."""

import argparse
import datetime

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from kwartier.demo.generate import DEFAULT_SEED, DemoError, build_demo


class Command(BaseCommand):
    help = (
        "Bouwt de fictieve demogemeente Kwartiersveen (wijken, buurten, bewoners, "
        "organisaties, sociale kaart en een account per rol) en drukt de accounts af. "
        "Bestaat de demo al, dan wordt er niets toegevoegd en krijgen de demo-accounts "
        "opnieuw het demowachtwoord."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Startwaarde van de toevalsgenerator (standaard {DEFAULT_SEED}); "
            "dezelfde seed en dezelfde --today geven altijd dezelfde demo.",
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            metavar="JJJJ-MM-DD",
            help="De dag waar de activiteit van de demo (trajecten, verwijzingen, metingen, "
            "hulpvragen) naartoe loopt; standaard vandaag.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Verwijder de bestaande demo en bouw hem opnieuw op.",
        )
        parser.add_argument(
            "--no-migrate",
            action="store_true",
            help="Voer openstaande migraties niet eerst uit.",
        )

    def handle(self, *args, seed, reset, no_migrate, today, **options):
        if not no_migrate and self._unapplied_migrations():
            self.stdout.write("Database bijwerken (migrate)...")
            call_command("migrate", interactive=False, verbosity=0)
        try:
            build_demo(seed=seed, stdout=self.stdout, reset=reset, today=today)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc

    @staticmethod
    def _unapplied_migrations() -> bool:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen datum als JJJJ-MM-DD.") from None
