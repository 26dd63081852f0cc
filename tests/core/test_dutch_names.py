"""Beheer and every page name models in Dutch: our own models, their change history, and
the libraries' models that beheer lists (two-factor devices, API tokens, lockouts)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from tests.factories import UserFactory

ENGLISH = {"historical", "device", "access", "otp_totp", "axes"}


def own_models():
    return [m for m in apps.get_models() if m.__module__.startswith("kwartier.")]


@pytest.mark.parametrize("model", own_models(), ids=lambda m: m._meta.label)
def test_every_model_of_ours_has_a_dutch_name_and_plural(model):
    with translation.override("nl"):
        names = f"{model._meta.verbose_name} {model._meta.verbose_name_plural}".lower()
    assert (
        "verbose_name" in model._meta.original_attrs
        or model._meta.label.startswith("core.Historical")
        or "historie" in names
    )
    assert not any(word in names for word in ENGLISH), names


@pytest.mark.django_db
def test_the_beheer_index_shows_only_dutch_names():
    request = RequestFactory().get("/beheer/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    with translation.override("nl"):
        app_list = admin.site.get_app_list(request)
        shown = {str(app["name"]): [str(m["name"]) for m in app["models"]] for app in app_list}
    words = " ".join([*shown, *(name for names in shown.values() for name in names)]).lower()
    assert not any(f" {word}" in f" {words}" for word in {*ENGLISH, "tokens"}), shown
    assert "API-tokens" in shown["Autorisatietoken"]
    assert "Authenticator-apps" in shown["Tweestapsverificatie"]
    assert "Inlogpogingen" in shown["Inlogbeveiliging"]
    assert "Soorten hulp" in shown["Vraag en aanbod"]
