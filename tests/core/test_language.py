"""The interface is Dutch whatever language the browser asks for."""

from django.urls import reverse
from django.utils import timezone

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
