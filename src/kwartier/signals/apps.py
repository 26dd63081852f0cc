from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "kwartier.signals"
    verbose_name = "Meldingen"

    def ready(self):
        from kwartier.core.access.roles import FUNDER, SIGNAL_HANDLERS
        from kwartier.core.extensions import register_home_block, register_nav

        from . import blocks

        # Handlers get the work queue; the funder the figures only.
        register_nav("Meldingen", "signals:queue", SIGNAL_HANDLERS, order=47)
        register_nav("Meldingen", "signals:figures", FUNDER, order=47)
        register_home_block("signals/home_block.html", blocks.home_block, SIGNAL_HANDLERS, order=27)
