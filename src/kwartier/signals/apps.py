from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "kwartier.signals"
    verbose_name = "Meldingen"

    def ready(self):
        from kwartier.core.access.roles import FUNDER, SIGNAL_HANDLERS
        from kwartier.core.extensions import (
            register_home_block,
            register_nav,
            register_portal_block,
        )

        from . import blocks, portal

        # Handlers get the work queue; the funder the figures only.
        register_nav("Meldingen", "signals:queue", SIGNAL_HANDLERS, order=47)
        register_nav("Meldingen", "signals:figures", FUNDER, order=47)
        register_home_block("signals/home_block.html", blocks.home_block, SIGNAL_HANDLERS, order=27)
        # First on the resident portal's start page (/buurt/): report, and the open signals.
        register_portal_block("signals/portal/block.html", portal.portal_block, order=10)
        # Open311 clients read the GeoReport error list, also for a request core refuses.
        from kwartier.core.extensions import register_error_renderer

        from .open311.formats import error_answer

        register_error_renderer("/open311/", error_answer)
        # The privacy rules: a linked resident's export and erasure; reporters' contact
        # details removed a set time after closing (a step of `kwartier retention`).
        from kwartier.privacy import retention

        from . import subject_data

        subject_data.register()
        retention.register_step(subject_data.STEP_NAME, subject_data.run_retention)
