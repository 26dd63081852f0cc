from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "kwartier.privacy"
    verbose_name = "Privacy"

    def ready(self):
        # Core's own personal data (person, household, consents, history) is exported
        # and erased through the same registry as every other module's.
        from kwartier.core.access.grants import register_grant_provider
        from kwartier.core.access.roles import Role

        from . import subject_data
        from .access import consent_grant, consented_persons

        subject_data.register()

        register_grant_provider(Role.PARTNER, consented_persons, consent_grant)
