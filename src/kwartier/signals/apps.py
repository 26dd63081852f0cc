from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "kwartier.signals"
    verbose_name = "Meldingen"
