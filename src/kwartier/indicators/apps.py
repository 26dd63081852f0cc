from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "kwartier.indicators"
    verbose_name = "Wijkmonitor"
