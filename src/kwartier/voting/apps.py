from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "kwartier.voting"
    verbose_name = "Stemmen"

    def ready(self):
        from kwartier.budgets import presentation
        from kwartier.core.access.roles import MANAGERS, WORKERS
        from kwartier.core.extensions import register_home_block, register_nav

        from . import (
            blocks,
            subject_data,  # noqa: F401 (registers export and erasure)
        )
        from .turnout import public_turnout

        register_nav("Stemmen", "voting:rounds", WORKERS, order=48)
        register_home_block("voting/home_block.html", blocks.home_block, MANAGERS, 52)
        # The budgets results page shows turnout from the register (budgets never imports us).
        presentation.register_turnout(public_turnout)
