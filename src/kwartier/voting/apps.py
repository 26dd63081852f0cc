from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "kwartier.voting"
    verbose_name = "Stemmen"
