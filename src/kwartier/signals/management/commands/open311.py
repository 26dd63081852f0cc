"""`kwartier open311 key NAME [--organisation ID]`: a key for an outside Open311 app."""

from django.core.management.base import BaseCommand, CommandError

from kwartier.core.models import Organisation
from kwartier.signals.models import ApiKey
from kwartier.signals.open311 import keys


class Command(BaseCommand):
    help = "Open311: maakt een sleutel voor een app van buiten en drukt die één keer af."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        key = commands.add_parser("key", help="Een nieuwe sleutel voor een app.")
        key.add_argument("name", help="Naam van de app (uniek).")
        key.add_argument(
            "--organisation", type=int, help="Id van de organisatie achter de app (optioneel)."
        )

    def handle(self, *args, action, name, organisation=None, **options):
        name = name.strip()
        if not name or len(name) > ApiKey._meta.get_field("name").max_length:
            raise CommandError("Geef een naam van 1 tot 80 tekens.")
        if ApiKey.objects.filter(name=name).exists():
            raise CommandError(
                f"Er is al een sleutel met de naam {name!r}; trek die in via het beheer "
                "en kies een nieuwe naam."
            )
        owner = None
        if organisation is not None:
            owner = Organisation.objects.filter(pk=organisation).first()
            if owner is None:
                raise CommandError(f"Organisatie {organisation} bestaat niet.")
        record, key = keys.create(name, owner)
        # Only the hash is kept: this is the one time the key can be seen.
        self.stderr.write(
            f"Sleutel voor {record.name} ({record.prefix}…). Bewaar hem nu: "
            "Kwartier bewaart alleen een hash en kan hem niet opnieuw tonen."
        )
        self.stdout.write(key)
