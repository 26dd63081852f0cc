from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "kwartier.budgets"
    verbose_name = "Bewonersbudgetten"

    def ready(self) -> None:
        from kwartier.core.access.roles import EVERYONE, WORKERS
        from kwartier.core.extensions import register_home_block, register_nav

        from . import blocks

        # Public information of the neighbourhood: every role reads it (access.py).
        register_nav("Bewonersbudget", "budget-round-list", EVERYONE, order=50)
        register_home_block("budgets/home_block.html", blocks.home_block, WORKERS, order=50)
