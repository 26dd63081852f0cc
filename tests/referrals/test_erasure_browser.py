"""Erasing a declined referral in Chromium at 375 and 1280 px: the button on the
referral's page, the confirmation with what goes and what stays, the erased page;
axe-core finds nothing serious and the pages fit a phone."""

import pytest
from django.urls import reverse

from kwartier.referrals import services
from kwartier.referrals.models import Referral
from tests.browser.conftest import axe_source, browser, new_page, screenshots  # noqa: F401
from tests.referrals.helpers import make_referral, method
from tests.referrals.test_browser import WIDTHS, check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_erase_a_declined_referral_in_the_browser(world, gp, new_page, axe_source, screenshots):  # noqa: F811
    method()  # the shipped methods, loaded again after the previous test emptied the tables
    coordinator = world.users["coordinator"]
    failures = []
    for width in WIDTHS:
        referral = make_referral(gp, world.welfare_org, family_name=f"Wisbaar {width}")
        services.decline(referral, user=coordinator, reason="werkgebied", note="Woont in Zeist.")
        page = new_page(coordinator, width=width)
        page.goto(reverse("referral-detail", args=[referral.pk]))
        failures += check(page, "erase-button", width, axe_source, screenshots)
        page.get_by_role("link", name="Persoonsgegevens wissen").click()
        page.get_by_role("heading", name="Wat er gewist wordt").wait_for()
        failures += check(page, "erase-confirm", width, axe_source, screenshots)
        page.get_by_label("Ik heb gecontroleerd wat er gewist wordt").check()
        page.get_by_role("button", name="Definitief wissen").click()
        page.get_by_text("zijn gewist op").wait_for()
        failures += check(page, "erased", width, axe_source, screenshots)
        assert Referral.objects.get(pk=referral.pk).family_name == ""
    assert not failures, "\n".join(failures)
