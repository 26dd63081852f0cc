from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "kwartier.voting"
    verbose_name = "Stemmen"

    def ready(self):
        from kwartier.budgets import presentation
        from kwartier.core.access.roles import MANAGERS, WORKERS
        from kwartier.core.extensions import (
            register_home_block,
            register_nav,
            register_portal_block,
        )

        from . import (
            blocks,
            portal,
            subject_data,  # noqa: F401 (registers export and erasure)
        )
        from .turnout import public_turnout

        register_nav("Stemmen", "voting:rounds", WORKERS, order=48)
        register_home_block("voting/home_block.html", blocks.home_block, MANAGERS, 52)
        register_portal_block("voting/portal/vote_block.html", portal.vote_block, order=20)
        register_portal_block("voting/portal/results_block.html", portal.results_block, 30)
        # The budgets results page shows turnout from the register (budgets never imports us).
        presentation.register_turnout(public_turnout)
