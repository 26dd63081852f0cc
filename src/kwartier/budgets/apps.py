from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "kwartier.budgets"
    verbose_name = "Bewonersbudgetten"

    def ready(self) -> None:
        from kwartier.core.extensions import register_home_block, register_nav

        from . import blocks

        # Public information of the neighbourhood: every role reads it (access.py).
        register_nav(
            "Bewonersbudget",
            "budget-round-list",
            ["beheerder", "coordinator", "wijkwerker", "vrijwilliger", "partner", "gemeente"],
            order=50,
        )
        register_home_block(
            "budgets/home_block.html",
            blocks.home_block,
            ["beheerder", "coordinator", "wijkwerker"],
            order=50,
        )
