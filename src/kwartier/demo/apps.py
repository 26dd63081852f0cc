from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kwartier.demo"
    verbose_name = "Demogemeente"
