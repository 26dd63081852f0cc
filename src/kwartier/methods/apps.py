from django.apps import AppConfig
from django.db.models.signals import post_migrate


def load_shipped_methods(sender, **kwargs):
    """After every migrate: load the methods in data/ (idempotent; new versions are added)."""
    from .loading import load_directory

    load_directory()


class MethodsConfig(AppConfig):
    name = "kwartier.methods"
    verbose_name = "Methoden en trajecten"

    def ready(self):
        from kwartier.core.access.roles import FUNDER, TRAJECTORY_MEMBERS, WORKERS_AND_VOLUNTEERS
        from kwartier.core.extensions import (
            register_home_block,
            register_informal_source,
            register_nav,
            register_person_block,
        )

        from . import blocks, subject_data

        register_nav("Trajecten", "trajectory-list", TRAJECTORY_MEMBERS, order=40)
        register_nav("Trechters", "funnel", FUNDER, order=42)
        register_home_block(
            "methods/home_block.html", blocks.home_block, WORKERS_AND_VOLUNTEERS, order=20
        )
        register_person_block("methods/person_block.html", blocks.person_block, order=30)
        register_informal_source(
            "trajecten", "Trajecten met vrijwilligers", blocks.volunteer_trajectories_by_buurt
        )
        subject_data.register()
        post_migrate.connect(load_shipped_methods, sender=self, dispatch_uid="methods-load-shipped")
