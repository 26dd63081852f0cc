"""`kwartier indicators import FILE [--year YEAR] [--dry-run]` and
`kwartier indicators own [--year YEAR]`.

Imports a file of neighbourhood figures (CBS Kerncijfers, StatLine's download, or a long
CSV `area_code;indicator;year;value`); see docs/wijkmonitor.md. Any error is reported in
Dutch on stderr with its line number, exits with status 2 and changes nothing. `own`
computes Kwartier's own figures (own.py) of one year, or of every year with records.
"""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kwartier.indicators import own
from kwartier.indicators.importing import MAX_BYTES, ImportFailed, import_file


def year(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen jaartal") from None


class Command(BaseCommand):
    help = "Wijkmonitor: cijfers per buurt inlezen."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        import_parser = commands.add_parser(
            "import",
            help="Lees een bestand met cijfers in (CBS Kerncijfers wijken en buurten, de "
            "StatLine-download of een lange CSV gebied;indicator;jaar;waarde).",
        )
        import_parser.add_argument("file", help="Het CSV-bestand.")
        import_parser.add_argument(
            "--year", type=year, default=None, help="Het jaar, als het bestand het niet noemt."
        )
        import_parser.add_argument(
            "--dry-run", action="store_true", help="Laat zien wat er zou gebeuren; sla niets op."
        )

        own_parser = commands.add_parser(
            "own",
            help="Bereken Kwartiers eigen cijfers (meldingen, hulpvragen, eenzaamheid, "
            "helpers) per buurt, wijk en gemeente.",
        )
        own_parser.add_argument(
            "--year", type=year, default=None, help="Alleen dit jaar (anders elk jaar)."
        )

    def handle(self, *args, command, year, **options):
        if command == "own":
            try:
                report = own.compute(year)
            except own.OwnFailed as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write("\n".join(report.lines()))
            return
        self.import_file(options["file"], year, options["dry_run"])

    def import_file(self, file, year, dry_run):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ImportFailed([f"Het bestand is groter dan {MAX_BYTES // 1024 // 1024} MB."])
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error.strerror}.", returncode=2) from None
        except ImportFailed as error:
            raise CommandError(str(error), returncode=2) from None
        try:
            report = import_file(data, path.name, year=year, dry_run=dry_run)
        except ImportFailed as error:
            raise CommandError(
                "Niet ingelezen; er is niets opgeslagen.\n" + "\n".join(error.errors),
                returncode=2,
            ) from None
        self.stdout.write("\n".join(report.lines()))
