from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kwartier.accounts"
    verbose_name = "Inloggen en beveiliging"

    def ready(self):
        from kwartier.accounts import checks  # noqa: F401 (registers the system check)
