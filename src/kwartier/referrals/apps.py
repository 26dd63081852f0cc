from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kwartier.referrals"
    verbose_name = "Verwijzingen"

    def ready(self):
        from kwartier.core.access.roles import DOSSIER_READERS, FUNDER
        from kwartier.core.extensions import (
            register_home_block,
            register_nav,
            register_person_block,
        )
        from kwartier.methods import services as method_services
        from kwartier.privacy import retention

        from . import blocks, erasure, subject_data
        from .feedback import on_trajectory_event

        # Referrers (partners) and receiving workers; the funder gets the figures only.
        register_nav("Verwijzingen", "referral-list", DOSSIER_READERS, order=45)
        register_nav("Verwijzingen", "referral-overview", FUNDER, order=45)
        register_home_block(
            "referrals/home_block.html", blocks.home_block, DOSSIER_READERS, order=25
        )
        register_person_block("referrals/person_block.html", blocks.person_block, order=35)
        subject_data.register()
        # The nightly `kwartier retention` also erases referrals that never became a dossier.
        retention.register_step(erasure.STEP_NAME, erasure.run_retention)
        # The referrer hears of the start and end of a referred trajectory.
        if on_trajectory_event not in method_services.on_trajectory_event:
            method_services.on_trajectory_event.append(on_trajectory_event)
