from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kwartier.core"
    verbose_name = "Kern"
