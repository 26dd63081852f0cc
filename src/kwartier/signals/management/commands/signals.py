"""`kwartier signals pull URL [--service CODE] [--since DATE] [--dry-run]`.

Reads the requests of another Open311 GeoReport v2 server (the municipality's MOR system)
into signals with channel "import"; see docs/open311.md. A failure (an unreachable
server, an answer that is no GeoReport, a bad argument) says why in Dutch on stderr,
exits with status 2 and changes nothing.
"""

import argparse

from django.core.management.base import BaseCommand, CommandError

from kwartier.signals.pull import MAX_BYTES, TIMEOUT, PullError, Report, parse_since, pull


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen aantal seconden") from None
    if not 0 < value <= 300:
        raise argparse.ArgumentTypeError("kies tussen 0 en 300 seconden")
    return value


class Command(BaseCommand):
    help = "Meldingen: overnemen uit een andere Open311-server (GeoReport v2)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        pull_parser = commands.add_parser(
            "pull",
            help="Neem de meldingen van een GeoReport v2-server over (nogmaals draaien werkt "
            "alleen de statussen bij).",
        )
        pull_parser.add_argument(
            "url", help="Basisadres van de server, bijv. https://meldingen.example.nl/open311/v2"
        )
        pull_parser.add_argument("--service", default="", help="Alleen deze service_code.")
        pull_parser.add_argument(
            "--since", default="", help="Alleen meldingen vanaf deze datum (jjjj-mm-dd)."
        )
        pull_parser.add_argument(
            "--dry-run", action="store_true", help="Laat zien wat er zou gebeuren; sla niets op."
        )
        pull_parser.add_argument(
            "--timeout",
            type=seconds,
            default=TIMEOUT,
            help=f"Seconden wachten op elk antwoord (standaard {TIMEOUT:g}).",
        )

    def handle(self, *args, command, url, service, since, dry_run, timeout, **options):
        try:
            report = pull(
                url,
                service=service.strip() or None,
                since=parse_since(since) if since else None,
                dry_run=dry_run,
                timeout=timeout,
                max_bytes=MAX_BYTES,
            )
        except PullError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write("\n".join(lines(report)))


def lines(report: Report) -> list[str]:
    out = [
        f"Open311-import uit {report.source}"
        + (" (proefdraai: er is niets opgeslagen)" if report.dry_run else ""),
        f"Gelezen {report.read}, nieuw {len(report.new)}, bijgewerkt {len(report.updated)}, "
        f"ongewijzigd {report.unchanged}, overgeslagen {len(report.skipped)}.",
    ]
    if report.per_category:
        out.append("Per categorie:")
        for name, counts in sorted(report.per_category.items()):
            out.append(f"- {name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if report.updated:
        out.append("Bijgewerkt:")
        out += [f"- {eid} ({number}): {status}" for eid, number, status in report.updated]
    if report.skipped:
        out.append("Overgeslagen:")
        out += [f"- {eid}: {reason}" for eid, reason in report.skipped]
    return out
