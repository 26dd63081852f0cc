from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "kwartier.support"
    verbose_name = "Vraag en aanbod"

    def ready(self):
        from kwartier.core.scoping import register_person_scope

        from . import subject_data  # noqa: F401 (registers export and erasure)
        from .scoping import matched_persons

        # A volunteer reaches exactly the residents of their own active matches.
        register_person_scope("vrijwilliger", matched_persons)
