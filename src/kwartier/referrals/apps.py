from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kwartier.referrals"
    verbose_name = "Verwijzingen"
