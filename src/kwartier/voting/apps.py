from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "kwartier.voting"
    verbose_name = "Stemmen"

    def ready(self):
        from kwartier.core.extensions import register_home_block, register_nav
        from kwartier.core.scoping import CAN_EDIT_PERSONS, ORGANISATION_WIDE

        from . import (
            blocks,
            subject_data,  # noqa: F401 (registers export and erasure)
        )

        register_nav("Stemmen", "voting:rounds", CAN_EDIT_PERSONS, order=48)
        register_home_block("voting/home_block.html", blocks.home_block, ORGANISATION_WIDE, 52)
