"""`kwartier referrals overview --period 2025Q4 [--send]`: each referrer's periodic overview.

Without --send it prints the figures per referrer; with --send it also mails each
referrer its own overview (figures only, no resident), through Django's e-mail backend.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.referrals.figures import parse_period, previous_quarter
from kwartier.referrals.overview import send_overviews


class Command(BaseCommand):
    help = "Verwijzingen: het periodieke overzicht per verwijzer (tonen of mailen)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="command", required=True)
        overview = commands.add_parser(
            "overview", help="Cijfers per verwijzer over een periode; --send mailt ze."
        )
        overview.add_argument(
            "--period",
            default="",
            help="Jaar (2025), kwartaal (2025Q4) of maand (2025-11); standaard het vorige "
            "kwartaal.",
        )
        overview.add_argument(
            "--send", action="store_true", help="Mail elke verwijzer zijn eigen overzicht."
        )

    def handle(self, *args, command, period, send, **options):
        try:
            chosen = parse_period(period) if period else previous_quarter(timezone.localdate())
        except RuleError as error:
            raise CommandError(str(error)) from error
        results = send_overviews(chosen, send=send)
        self.stdout.write(f"Verwijzingen, {chosen.label} ({chosen.start} t/m {chosen.end})")
        if not results:
            self.stdout.write("Geen verwijzers met verwijzingen in deze periode.")
        for organisation, figures, sent_to in results:
            line = (
                f"- {organisation}: verwezen {figures.referred}, geaccepteerd {figures.accepted}, "
                f"afgewezen {figures.declined}, gestart {figures.started}, "
                f"beëindigd {figures.ended}"
            )
            if send:
                line += f"; gemaild aan {', '.join(sent_to)}" if sent_to else "; niet gemaild"
                line += "" if sent_to else " (geen e-mailadres of de mail mislukte)"
            self.stdout.write(line)
