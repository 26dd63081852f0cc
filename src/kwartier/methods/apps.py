from django.apps import AppConfig


class MethodsConfig(AppConfig):
    name = "kwartier.methods"
    verbose_name = "Methoden en trajecten"
