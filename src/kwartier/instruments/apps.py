from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "kwartier.instruments"
    verbose_name = "Meetinstrumenten"
