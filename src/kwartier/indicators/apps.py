from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "kwartier.indicators"
    verbose_name = "Wijkmonitor"

    def ready(self):
        from kwartier.core.access.roles import WORKERS_AND_FUNDER
        from kwartier.core.extensions import register_nav

        register_nav("Wijkmonitor", "indicators:start", WORKERS_AND_FUNDER, order=60)
