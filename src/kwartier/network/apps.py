from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "kwartier.network"
    verbose_name = "Netwerk (ecogram)"

    def ready(self):
        # The ties are personal data of the resident: exported and erased with the rest
        # (privacy/subject.py), before the person itself goes.
        from . import subject_data

        subject_data.register()
