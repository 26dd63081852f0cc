from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "kwartier.voting"
    verbose_name = "Stemmen"

    def ready(self):
        from kwartier.core.access.roles import MANAGERS, WORKERS
        from kwartier.core.extensions import register_home_block, register_nav

        from . import (
            blocks,
            subject_data,  # noqa: F401 (registers export and erasure)
        )

        register_nav("Stemmen", "voting:rounds", WORKERS, order=48)
        register_home_block("voting/home_block.html", blocks.home_block, MANAGERS, 52)
