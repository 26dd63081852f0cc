"""The metingen pages: the form and its Dutch errors, logging, the block on a resident's page.

Who may open which page is in the page matrix (tests/instruments/permissions.py)."""

import datetime

import pytest
from django.urls import reverse

from kwartier.core.access.log import AccessLogEntry
from kwartier.instruments.models import Measurement
from tests.instruments.samples import answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world, measure):
    return {
        "here": measure(world.in_area, "djg6"),
        "elsewhere": measure(world.out_of_area, "lsns6"),
    }


def test_partner_with_a_consent_for_metingen_reads_but_does_not_record(
    client_for, world, recorded, metingen_consent
):
    partner = client_for(world.users["partner"])
    person = world.in_area.public_id
    page = partner.get(reverse("measurement-list", args=[person]))
    assert page.status_code == 200
    assert "op grond van de toestemming" in page.content.decode()
    assert "Nieuwe meting" not in page.content.decode()
    assert partner.get(recorded["here"].get_absolute_url()).status_code == 200
    assert partner.get(reverse("measurement-create", args=[person, "djg6"])).status_code == 403
    other = reverse("measurement-list", args=[world.out_of_area.public_id])
    assert partner.get(other).status_code == 404
    entry = AccessLogEntry.objects.filter(object_type="metingen", result="allowed").first()
    assert entry.consent_id == metingen_consent.pk


def test_unknown_instrument_measurement_or_resident_is_404(client_for, world, recorded):
    client = client_for(world.users["coordinator"])
    person = world.in_area.public_id
    assert client.get(reverse("measurement-create", args=[person, "phq9"])).status_code == 404
    other_person = reverse("measurement-detail", args=[person, recorded["elsewhere"].pk])
    assert client.get(other_person).status_code == 404
    assert client.get(reverse("measurement-list", args=["K-" + "X" * 30])).status_code == 404
    huge = f"/bewoners/{person}/metingen/99999999999999999999/"
    assert client.get(huge).status_code == 404


def test_measurements_page_shows_charts_tables_and_source(client_for, world, measure):
    measure(world.in_area, "djg6", on=datetime.date(2025, 2, 1))
    measure(
        world.in_area,
        "djg6",
        answers("djg6") | {"3": "nee", "9": "nee"},
        on=datetime.date(2025, 8, 1),
    )
    measure(world.in_area, "zrm2017")
    client = client_for(world.users["wijkwerker"])
    page = client.get(reverse("measurement-list", args=[world.in_area.public_id]))
    html = page.content.decode()
    assert html.count('class="score-chart"') == 1 + 13  # the DJG-6 total, 13 ZRM domains
    assert "Bron: De Jong Gierveld &amp; Kamphuis (1985)" in html
    assert "3 (van 0 tot 6) – Matig eenzaam" in html
    assert "1 (van 0 tot 6) – Niet eenzaam" in html
    assert "1-2-2025: totaalscore 3; 1-8-2025: totaalscore 1." in html
    assert '<th scope="row">Financiën</th><td class="num">3</td>' in html
    log = AccessLogEntry.objects.get(object_type="metingen")
    assert (log.action, log.person_public_id) == ("read", world.in_area.public_id)


def form_data(code, **extra):
    data = {"measured_on": "2025-04-01"}
    data.update({f"item_{key}": str(value) for key, value in answers(code).items()})
    data.update(extra)
    return data


@pytest.mark.parametrize("code", ["djg6", "lsns6", "zrm2013", "participatieladder", "csi"])
def test_record_through_the_form(client_for, world, code):
    client = client_for(world.users["wijkwerker"])
    url = reverse("measurement-create", args=[world.in_area.public_id, code])
    form = client.get(url).content.decode()
    assert 'type="radio"' in form and "<legend>" in form and "Bron:" in form
    response = client.post(url, form_data(code))
    measurement = Measurement.objects.get()
    assert response.status_code == 302 and response["Location"] == measurement.get_absolute_url()
    assert measurement.answers == answers(code)
    assert measurement.measured_on == datetime.date(2025, 4, 1)
    detail = client.get(measurement.get_absolute_url()).content.decode()
    assert "Antwoorden per vraag" in detail and "Meting opgeslagen" in detail
    actions = list(
        AccessLogEntry.objects.filter(object_type="metingen").values_list("action", flat=True)
    )
    assert actions == ["read", "create", "read"]


def test_form_errors_are_in_dutch_at_the_item(client_for, world):
    client = client_for(world.users["coordinator"])
    url = reverse("measurement-create", args=[world.in_area.public_id, "zrm2017"])
    data = form_data("zrm2017", measured_on="2999-01-01", item_financien="9")
    del data["item_justitie"]
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "De meting is niet opgeslagen" in html
    assert "De datum van de meting mag niet in de toekomst liggen." in html
    assert "Kies een van de antwoorden bij deze vraag." in html
    assert "Kies een antwoord bij deze vraag." in html
    assert 'id="id_item_justitie_error"' in html
    assert not Measurement.objects.exists()


def test_form_out_of_range_context_number(client_for, world):
    client = client_for(world.users["coordinator"])
    url = reverse("measurement-create", args=[world.in_area.public_id, "csi"])
    html = client.post(url, form_data("csi", item_uren_per_week="500")).content.decode()
    assert "Zorg ervoor dat deze waarde hoogstens 168 is." in html
    assert not Measurement.objects.exists()


def test_detail_shows_answers_and_recompute_updates_a_stale_score(client_for, world, measure):
    measurement = measure(world.in_area, "csi")
    Measurement.objects.filter(pk=measurement.pk).update(total=2, band="", rule_version="oud")
    client = client_for(world.users["coordinator"])
    html = client.get(measurement.get_absolute_url()).content.decode()
    assert "berekend met eerdere rekenregels" in html
    assert "Uren mantelzorg per week" in html and "12,5 uur" in html
    assert "Robinson, B. C. (1983)" in html
    response = client.post(
        reverse("measurement-rescore", args=[world.in_area.public_id, measurement.pk]), follow=True
    )
    assert "De score is opnieuw berekend en gewijzigd." in response.content.decode()
    measurement.refresh_from_db()
    assert (measurement.total, measurement.band) == (13, "overbelast")


def test_person_block_only_for_who_may_see_metingen(client_for, world, measure, metingen_consent):
    measure(world.in_area, "djg6")
    url = world.in_area.get_absolute_url()
    for visitor in ("coordinator", "wijkwerker", "partner"):
        html = client_for(world.users[visitor]).get(url).content.decode()
        assert 'id="metingen-kop"' in html and "3 (van 0 tot 6) – Matig eenzaam" in html
    metingen_consent.categories.clear()
    html = client_for(world.users["partner"]).get(url).content.decode()
    assert 'id="metingen-kop"' not in html


def test_rising_carer_burden_is_signalled(client_for, world, measure):
    csi = answers("csi")
    measure(world.in_area, "csi", csi | {"1": "nee", "2": "nee"}, on=datetime.date(2025, 2, 1))
    measure(world.in_area, "csi", csi, on=datetime.date(2025, 9, 1))
    client = client_for(world.users["coordinator"])
    page = client.get(reverse("measurement-list", args=[world.in_area.public_id])).content
    assert "Signaal bij de laatste meting: Hoge belasting, Belasting stijgt." in page.decode()
    person = client.get(world.in_area.get_absolute_url()).content.decode()
    assert "Signaal: Hoge belasting, Belasting stijgt" in person
