from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "kwartier.instruments"
    verbose_name = "Meetinstrumenten"

    def ready(self):
        from kwartier.core.access.roles import DOSSIER_READERS
        from kwartier.core.extensions import register_nav, register_person_block

        from . import blocks, personal_data

        register_nav("Meetinstrumenten", "instrument-list", DOSSIER_READERS, order=45)
        register_person_block("instruments/person_block.html", blocks.person_block, order=40)
        # Measurements are personal data: exported and erased with the rest.
        personal_data.register()
