from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "kwartier.support"
    verbose_name = "Vraag en aanbod"

    def ready(self):
        from kwartier.core.access.grants import register_grant_provider
        from kwartier.core.access.roles import Role
        from kwartier.core.extensions import register_person_block

        from . import blocks, subject_data
        from .scoping import matched_persons

        # A volunteer reaches exactly the residents of their own active matches, and
        # sees of them only what support's volunteer view shows (no grant on the dossier).
        register_grant_provider(Role.VRIJWILLIGER, matched_persons)
        subject_data.register()
        # The resident's page lists their hulpvragen, with a link to record one.
        register_person_block("support/person_block.html", blocks.person_block, order=28)
