from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "kwartier.privacy"
    verbose_name = "Privacy"

    def ready(self):
        # Core's own personal data (person, household, consents, history) is exported
        # and erased through the same registry as every other module's.
        from kwartier.core.scoping import register_person_scope

        from . import core_data  # noqa: F401
        from .access import consented_persons

        register_person_scope("partner", consented_persons)
