"""`kwartier methods load [FILE ...]` and `kwartier methods check FILE ...`.

load: the shipped methods (src/kwartier/methods/data/) or the given TOML files, as
shared methods; idempotent, a higher `version` adds a new version. check: only parse and
report the errors with their line numbers, without touching the database.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kwartier.methods.definitions import DefinitionError, parse
from kwartier.methods.loading import load_directory, load_text


class Command(BaseCommand):
    help = "Methodesjablonen (TOML) laden of controleren."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load", "check"])
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args, action, files, **options):
        if action == "check" and not files:
            raise CommandError("Noem de bestanden die gecontroleerd moeten worden.")
        failed = False
        if action == "load" and not files:
            results = self._attempt(load_directory, "data/")
            failed = results is None
            for method, created in results or []:
                self._report(method, created)
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                self.stderr.write(f"{path}: niet te lezen ({error}).")
                failed = True
                continue
            if action == "check":
                definition = self._attempt(lambda t=text: parse(t), path)
                if definition is not None:
                    self.stdout.write(
                        f"{path}: in orde ({definition.name}, versie {definition.version})."
                    )
                failed = failed or definition is None
                continue
            result = self._attempt(lambda t=text, p=path: load_text(t, p.name), path)
            if result is None:
                failed = True
            else:
                self._report(*result)
        if failed:
            raise CommandError("Niet alles is geladen of in orde; zie hierboven.")

    def _attempt(self, work, where):
        try:
            return work()
        except DefinitionError as error:
            for message in error.errors:
                self.stderr.write(f"{where}: {message}")
            return None

    def _report(self, method, created):
        state = "geladen" if created else "ongewijzigd"
        self.stdout.write(f"{method.code} versie {method.version}: {state}")
