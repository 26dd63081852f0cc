from django.core.management.base import BaseCommand

from kwartier.privacy import retention


class Command(BaseCommand):
    help = (
        "Wist dossiers waarvan de bewaartermijn is verstreken, en anonimiseert "
        "verwijzingen zonder dossier (eerst --dry-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="alleen tonen wat gewist zou worden"
        )
        parser.add_argument(
            "--years", type=int, help="bewaartermijn in jaren (standaard uit de instellingen)"
        )

    def handle(self, *args, dry_run, years, **options):
        results = retention.run(dry_run=dry_run, years=years)
        verb = "zou worden gewist" if dry_run else "gewist"
        for due in results:
            changed = due.person.updated_at.date().isoformat()
            self.stdout.write(f"{due.person.public_id} (laatst gewijzigd {changed}) {verb}:")
            for part in due.plan:
                for line in part["wat"]:
                    self.stdout.write(f"  - {part['onderdeel']}: {line}")
        summary = f"{len(results)} dossier(s) {verb}."
        self.stdout.write(self.style.SUCCESS(summary) if results else summary)
        # Then the personal data outside the dossiers (e.g. declined referrals).
        verb = "zou worden geanonimiseerd" if dry_run else "geanonimiseerd"
        for step in retention.run_steps(dry_run=dry_run):
            ids = ", ".join(str(pk) for pk in step.ids)
            line = f"{step.name} ({step.rule}): {len(step.ids)} {verb}"
            line = f"{line}: {ids}." if ids else f"{line}."
            self.stdout.write(self.style.SUCCESS(line) if step.ids else line)
