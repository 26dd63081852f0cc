from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "kwartier.budgets"
    verbose_name = "Bewonersbudgetten"
