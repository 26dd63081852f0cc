"""The interface is Dutch whatever language the browser asks for."""

import re
from pathlib import Path

from django.urls import reverse
from django.utils import timezone, translation

from tests.problems import field_errors

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_an_english_browser_still_gets_dutch_field_errors(world, client_for):
    client = client_for(world.users["wijkwerker"])
    response = client.post(reverse("household-create"), {}, **ENGLISH_BROWSER)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit veld is vereist." in page
    assert "This field is required." not in page
    assert response.headers.get("Content-Language", "nl") == "nl"


MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"


def test_an_english_browser_gets_dutch_month_names(world, client_for):
    # The start page lists the residents changed last, with the day of the change.
    client = client_for(world.users["wijkwerker"])
    page = client.get(reverse("home"), **ENGLISH_BROWSER).content.decode()
    today = timezone.localdate()
    assert f"{today.day} {MONTHS.split()[today.month - 1]} {today.year}" in page
    assert today.strftime("%B") not in page  # the C locale's (English) month name


def test_the_api_explains_bad_input_in_dutch_where_rest_framework_has_no_dutch_text(
    world, api_client_for
):
    # Django REST framework's Dutch catalogue leaves some messages untranslated; the
    # project's own catalogue (src/kwartier/locale) fills them in.
    client = api_client_for(world.users["coordinator"])
    response = client.put(
        reverse("api:instrument-settings"),
        {"recompute": "misschien"},
        format="json",
        **ENGLISH_BROWSER,
    )
    assert response.status_code == 400
    assert field_errors(response)["recompute"] == ["Moet ja of nee zijn (true of false)."]


def test_every_text_of_the_project_catalogue_is_compiled():
    catalogue = Path(__file__).parents[2] / "src/kwartier/locale/nl/LC_MESSAGES/django.po"
    msgids = re.findall(r'^msgid ((?:".*"\n)+)', catalogue.read_text(encoding="utf-8"), re.M)
    texts = ["".join(re.findall(r'"(.*)"', m)).replace('\\"', '"') for m in msgids]
    texts = [t for t in texts if t]
    assert len(texts) >= 10
    with translation.override("nl"):
        assert all(translation.gettext(t) != t for t in texts)
