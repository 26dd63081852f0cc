from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Maakt een nieuw API-token voor een gebruiker en drukt het af."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Gebruiker {username!r} bestaat niet.") from exc
        # A new token replaces the old one, so a leaked token is revoked by asking anew.
        Token.objects.filter(user=user).delete()
        self.stdout.write(Token.objects.create(user=user).key)
