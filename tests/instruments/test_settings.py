"""Organisation-wide instrument settings: the model, scoring with the organisation's
choices, band labels by a score's own rules, recomputing, the page and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kwartier.core.access.log import AccessLogEntry
from kwartier.instruments import display, org_settings, recompute, scoring
from kwartier.instruments.models import InstrumentSetting, Measurement
from tests.conftest import parse_html
from tests.problems import field_errors

pytestmark = pytest.mark.django_db

DEFAULT_DJG11 = "djg11/1985/v1;djg11.banden=vier_banden@v1;djg11.ontbrekend=strikt@v1"
THREE_BANDS_DJG11 = "djg11/1985/v1;djg11.banden=drie_banden@v1;djg11.ontbrekend=strikt@v1"
SETTINGS_URL = "/api/v1/instrument-settings"


def djg11(lonely: int) -> dict:
    """djg11 answers with `lonely` items that score (the emotional ones first)."""
    order = ["2", "3", "5", "6", "9", "10", "1", "4", "7", "8", "11"]
    positive = {"1", "4", "7", "8", "11"}
    answers = {}
    for rank, item in enumerate(order):
        scores = rank < lonely
        if item in positive:
            answers[item] = "nee" if scores else "ja"
        else:
            answers[item] = "ja" if scores else "nee"
    return answers


def choose(world, **choices):
    organisation = world.welfare_org
    requested = {name.replace("__", "."): choice for name, choice in choices.items()}
    return org_settings.change_settings(organisation, requested, world.users["coordinator"])


# The model ---------------------------------------------------------------------------


def test_a_setting_row_accepts_only_known_names_and_choices(world):
    row = InstrumentSetting(organisation=world.welfare_org, name="djg11.banden", choice="x")
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "Toegestaan: vier_banden, drie_banden" in error.value.message_dict["choice"][0]
    row.name = "phq9.banden"
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert error.value.message_dict["name"] == ["Onbekende instelling 'phq9.banden'."]
    row.name, row.choice = "lsns6.afkappunt", "tot_en_met_12"
    row.full_clean()


def test_changing_a_setting_records_who_when_and_a_history(world):
    before = timezone.now()
    changes = choose(world, djg11__banden="drie_banden")
    assert changes == [org_settings.SettingChange("djg11.banden", "vier_banden", "drie_banden")]
    row = InstrumentSetting.objects.get(organisation=world.welfare_org)
    assert row.changed_by == world.users["coordinator"] and row.changed_at >= before
    assert org_settings.chosen_for(world.welfare_org.pk) == {"djg11.banden": "drie_banden"}
    assert org_settings.chosen_for(world.other_welfare_org.pk) == {}
    # Choosing what is in force already changes nothing and leaves no trace.
    assert choose(world, djg11__banden="drie_banden", csi__stijging="elke_stijging") == []
    choose(world, djg11__banden="vier_banden")
    versions = list(row.history.order_by("history_date"))
    assert [v.choice for v in versions] == ["drie_banden", "vier_banden"]
    assert versions[0].history_user == world.users["coordinator"]
    assert versions[1].history_change_reason == "drie_banden → vier_banden"
    # Which rule applied when: before the first change the default, in between the choice.
    assert org_settings.chosen_on(world.welfare_org.pk, before) == {}
    between = versions[0].history_date + datetime.timedelta(microseconds=1)
    assert org_settings.chosen_on(world.welfare_org.pk, between) == {"djg11.banden": "drie_banden"}


def test_an_unknown_name_or_choice_stores_nothing(world):
    with pytest.raises(scoring.InvalidSetting, match="Onbekende instelling 'djg11.kleur'"):
        choose(world, djg11__banden="drie_banden", djg11__kleur="blauw")
    with pytest.raises(scoring.InvalidSetting, match="Toegestaan: lager_dan_12, tot_en_met_12"):
        choose(world, lsns6__afkappunt="13")
    assert not InstrumentSetting.objects.exists()


def test_a_stored_choice_that_no_longer_exists_falls_back_to_the_default(world):
    InstrumentSetting.objects.create(
        organisation=world.welfare_org, name="djg11.banden", choice="oud"
    )
    InstrumentSetting.objects.create(
        organisation=world.welfare_org, name="weg.instelling", choice="x"
    )
    assert org_settings.chosen_for(world.welfare_org.pk) == {}


# Scoring with the organisation's choices ------------------------------------------------


def test_rule_version_names_the_choices_it_was_computed_with():
    assert scoring.score("djg11", djg11(11)).rule_version == DEFAULT_DJG11
    chosen = scoring.score("djg11", djg11(11), {"djg11.banden": "drie_banden"})
    assert chosen.rule_version == THREE_BANDS_DJG11
    assert (chosen.band.code, chosen.band.label) == ("ernstig_eenzaam", "(Zeer) ernstig eenzaam")
    assert scoring.settings_of(THREE_BANDS_DJG11) == {
        "djg11.banden": "drie_banden",
        "djg11.ontbrekend": "strikt",
    }
    # Parts that no longer name a setting or a choice are left out; nothing fails.
    assert scoring.settings_of("djg11/1985/v1;djg11.banden=weg@v1;oud.ding=x@v2") == {}
    assert scoring.settings_of("") == {}


def test_new_measurements_use_the_residents_organisations_choices(world, measure):
    choose(world, djg11__banden="drie_banden")
    eleven = measure(world.in_area, "djg11", djg11(11))
    assert eleven.rule_version == THREE_BANDS_DJG11
    assert (eleven.band, eleven.band_label) == ("ernstig_eenzaam", "(Zeer) ernstig eenzaam")
    # A resident of an organisation that chose nothing: the defaults.
    other = measure(
        world.other_org_person, "djg11", djg11(11), user=world.users["other_org_worker"]
    )
    assert other.rule_version == DEFAULT_DJG11
    assert (other.band, other.band_label) == ("zeer_ernstig_eenzaam", "Zeer ernstig eenzaam")


def test_bands_on_screen_follow_the_scores_own_rules(world, measure):
    nine = measure(world.in_area, "djg11", djg11(9), on=datetime.date(2025, 2, 1))
    assert nine.band_label == "Ernstig eenzaam"
    choose(world, djg11__banden="drie_banden")
    later = measure(world.in_area, "djg11", djg11(9), on=datetime.date(2025, 6, 1))
    nine.refresh_from_db()
    # Same band code, but each reads as its own rules named it.
    assert nine.band == later.band == "ernstig_eenzaam"
    assert nine.band_label == "Ernstig eenzaam"
    assert later.band_label == "(Zeer) ernstig eenzaam"
    assert (
        display.total_text(later.definition, later) == "9 (van 0 tot 11) – (Zeer) ernstig eenzaam"
    )
    # The chart shades the bands of the latest score and says the series is mixed.
    (chart,) = display.charts_for(later.definition, [nine, later], "g")
    assert "(Zeer) ernstig eenzaam" in chart.svg and "Zeer ernstig eenzaam" not in chart.svg
    assert display.mixed_band_rules(later.definition, [nine, later])
    assert not display.mixed_band_rules(later.definition, [later])


def test_a_rise_signal_follows_the_latest_scores_setting(world, measure):
    csi = {str(n): "nee" for n in range(1, 14)}
    measure(world.in_area, "csi", csi | {"1": "ja"}, on=datetime.date(2025, 1, 1))
    choose(world, csi__stijging="twee_of_meer")
    measure(world.in_area, "csi", csi | {"1": "ja", "2": "ja"}, on=datetime.date(2025, 5, 1))
    series = list(Measurement.objects.filter(person=world.in_area, instrument="csi"))
    assert display.signals(series[-1].definition, series) == []  # a rise of 1 is not 2
    choose(world, csi__stijging="elke_stijging")
    recompute.recompute(world.welfare_org.pk, world.users["coordinator"])
    series = list(Measurement.objects.filter(person=world.in_area, instrument="csi"))
    assert display.signals(series[-1].definition, series) == ["Belasting stijgt"]


# Recomputing ---------------------------------------------------------------------------


@pytest.fixture
def series(world, measure):
    """djg11 totals 11, 9 and 3 of a resident, and 11 of another organisation's resident."""
    mine = [
        measure(world.in_area, "djg11", djg11(total), on=datetime.date(2025, month, 1))
        for month, total in ((1, 11), (4, 9), (8, 3))
    ]
    theirs = measure(
        world.other_org_person, "djg11", djg11(11), user=world.users["other_org_worker"]
    )
    return mine, theirs


def test_recompute_counts_the_band_changes_then_applies_the_new_rules(world, series):
    mine, theirs = series
    assert recompute.outdated(world.welfare_org.pk) == recompute.Outdated(0, 0, 0)
    choose(world, djg11__banden="drie_banden")
    # 11 changes code, 9 keeps its code but reads "(Zeer) ernstig", 3 stays "Matig".
    assert recompute.outdated(world.welfare_org.pk) == recompute.Outdated(3, 2, 0)
    assert recompute.recompute(world.welfare_org.pk, world.users["beheerder"]) == 3
    for measurement in mine:
        measurement.refresh_from_db()
        assert measurement.rule_version == THREE_BANDS_DJG11
    assert [m.band for m in mine] == ["ernstig_eenzaam", "ernstig_eenzaam", "matig_eenzaam"]
    assert [int(m.total) for m in mine] == [11, 9, 3]  # totals never change with bands
    latest = mine[0].history.latest()
    assert latest.history_change_reason == recompute.REASON
    assert latest.history_user == world.users["beheerder"]
    theirs.refresh_from_db()
    assert theirs.rule_version == DEFAULT_DJG11  # another organisation's resident
    assert recompute.outdated(world.welfare_org.pk) == recompute.Outdated(0, 0, 0)


def test_stored_answers_the_definition_refuses_are_left_alone(world, series):
    mine, _ = series
    Measurement.objects.filter(pk=mine[0].pk).update(answers={"2": "misschien"})
    choose(world, djg11__banden="drie_banden")
    assert recompute.outdated(world.welfare_org.pk) == recompute.Outdated(2, 1, 1)
    assert recompute.recompute(world.welfare_org.pk, world.users["coordinator"]) == 2
    mine[0].refresh_from_db()
    assert mine[0].rule_version == DEFAULT_DJG11


def test_rescoring_one_measurement_uses_the_organisations_choices(world, client_for, series):
    mine, _ = series
    choose(world, djg11__banden="drie_banden")
    client = client_for(world.users["wijkwerker"])
    detail = client.get(mine[0].get_absolute_url()).content.decode()
    assert "berekend met eerdere rekenregels" in detail
    client.post(reverse("measurement-rescore", args=[world.in_area.public_id, mine[0].pk]))
    mine[0].refresh_from_db()
    assert (mine[0].band, mine[0].rule_version) == ("ernstig_eenzaam", THREE_BANDS_DJG11)
    assert (
        "berekend met eerdere rekenregels"
        not in client.get(mine[0].get_absolute_url()).content.decode()
    )


# The page ------------------------------------------------------------------------------

# Who may open the page and recompute is in the page matrix (tests/instruments/permissions.py).


def test_empty_posts_store_no_setting(client_for, world):
    client = client_for(world.users["coordinator"])
    assert client.post(reverse("instrument-settings")).status_code == 200  # the form, errors
    assert client.post(reverse("instrument-settings-recompute")).status_code == 302
    assert not InstrumentSetting.objects.exists()


def test_the_page_shows_every_setting_with_its_options_and_the_default(client_for, world):
    page = client_for(world.users["coordinator"]).get(reverse("instrument-settings"))
    html = page.content.decode()
    root = parse_html(html)
    legends = [n.all_text() for n in root.iter() if n.tag == "legend"]
    assert "Uitkomstcategorieën" in legends  # in words, not the code djg11.banden
    assert not any("djg11." in text for text in legends)
    assert len(legends) == 5  # every named setting, also those with one choice
    radios = [n.attrs for n in root.iter() if n.attrs.get("type") == "radio"]
    assert {(r["name"], r["value"]) for r in radios if "checked" in r} == {
        ("djg11-banden", "vier_banden"),
        ("lsns6-afkappunt", "lager_dan_12"),
        ("csi-stijging", "elke_stijging"),
    }
    assert "minder goed onderbouwd" in html  # why the setting exists
    assert "Zoals in het artikel van Lubben e.a. (2006)" in html  # the source of an option
    assert html.count(">standaard<") == 3
    assert "Nooit gewijzigd: de standaard geldt." in html


def test_saving_a_choice_then_recomputing_on_confirmation(client_for, world, series):
    client = client_for(world.users["coordinator"])
    form = {
        "djg11-banden": "drie_banden",
        "lsns6-afkappunt": "lager_dan_12",
        "csi-stijging": "elke_stijging",
    }
    response = client.post(reverse("instrument-settings"), form)
    assert response.status_code == 302
    assert org_settings.chosen_for(world.welfare_org.pk) == {"djg11.banden": "drie_banden"}
    logged = AccessLogEntry.objects.get(object_type=org_settings.LOG_TYPE)
    assert (logged.object_id, logged.detail) == ("djg11.banden", "vier_banden → drie_banden")
    page = client.get(reverse("instrument-settings")).content.decode()
    assert "3 metingen zijn berekend met andere rekenregels" in page
    assert "krijgen er 2 een andere uitkomstcategorie" in page
    # The history table: the new choice in words, the change in codes.
    assert "0-2 / 3-8 / 9-11" in page and "(vier_banden → drie_banden)" in page
    response = client.post(reverse("instrument-settings-recompute"), follow=True)
    assert "3 metingen opnieuw berekend" in response.content.decode()
    assert "opnieuw berekenen?" not in response.content.decode()
    entry = AccessLogEntry.objects.filter(object_type="metingen", action="change").latest("at")
    assert entry.detail.startswith("3 metingen opnieuw berekend")
    assert {m.rule_version for m in Measurement.objects.filter(person=world.in_area)} == {
        THREE_BANDS_DJG11
    }


@pytest.mark.parametrize(
    "data",
    [
        {
            "djg11-banden": "vijf_banden",
            "lsns6-afkappunt": "lager_dan_12",
            "csi-stijging": "elke_stijging",
        },
        {"lsns6-afkappunt": "lager_dan_12", "csi-stijging": "elke_stijging"},
    ],
)
def test_bad_input_gives_a_dutch_error_at_the_setting(client_for, world, data):
    response = client_for(world.users["beheerder"]).post(reverse("instrument-settings"), data)
    assert response.status_code == 200
    root = parse_html(response.content)
    errors = [n for n in root.iter() if n.attrs.get("id") == "id_djg11-banden_error"]
    assert errors and errors[0].all_text() == "Kies een van de mogelijkheden bij deze instelling."
    assert "De instellingen zijn niet opgeslagen" in response.content.decode()
    assert not InstrumentSetting.objects.exists()


def test_instruments_page_links_to_the_settings_for_those_who_may_change_them(client_for, world):
    url = reverse("instrument-list")
    link = reverse("instrument-settings")
    assert link in client_for(world.users["coordinator"]).get(url).content.decode()
    assert link not in client_for(world.users["wijkwerker"]).get(url).content.decode()
    choose(world, lsns6__afkappunt="tot_en_met_12")
    page = client_for(world.users["wijkwerker"]).get(url).content.decode()
    assert "(0–12)" in page and "volgen de instellingen die uw organisatie heeft gekozen" in page


# The API -------------------------------------------------------------------------------


@pytest.fixture
def api(api_client_for, world):
    return api_client_for(world.users["coordinator"])


def test_api_lists_the_settings_in_force(api, world):
    choose(world, csi__stijging="twee_of_meer")
    response = api.get(SETTINGS_URL)
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.data["settings"]}
    assert set(rows) == {
        "djg11.banden",
        "djg11.ontbrekend",
        "lsns6.afkappunt",
        "csi.ontbrekend",
        "csi.stijging",
    }
    assert rows["csi.stijging"]["choice"] == "twee_of_meer"
    assert rows["csi.stijging"]["default"] == "elke_stijging"
    assert rows["csi.stijging"]["changed_by"] == str(world.users["coordinator"])
    assert rows["djg11.banden"]["changed_by"] is None
    assert [c["code"] for c in rows["djg11.banden"]["choices"]] == ["vier_banden", "drie_banden"]
    assert response.data["outdated"] == {"measurements": 0, "band_changes": 0, "unscorable": 0}


def test_api_changes_a_setting_and_recomputes(api, world, series):
    response = api.put(SETTINGS_URL, {"settings": {"djg11.banden": "drie_banden"}}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["changed"] == [
        {"name": "djg11.banden", "before": "vier_banden", "after": "drie_banden"}
    ]
    assert response.data["outdated"]["measurements"] == 3
    assert response.data["outdated"]["band_changes"] == 2
    response = api.put(SETTINGS_URL, {"recompute": True}, format="json")
    assert response.data["recomputed"] == 3 and response.data["changed"] == []
    assert response.data["outdated"]["measurements"] == 0


@pytest.mark.parametrize(
    "body, message",
    [
        ({"settings": {"djg11.kleur": "blauw"}}, "Onbekende instelling 'djg11.kleur'."),
        ({"settings": {"djg11.banden": "vijf"}}, "Onbekende keuze 'vijf' voor instelling"),
        ({"settings": {"djg11.banden": 3}}, "Onbekende keuze '3'"),
        ({"settings": ["djg11.banden"]}, "Verwachtte een dictionary van items"),
        ({}, 'Geef "settings"'),
        ([], "Geef de instellingen als object"),
    ],
)
def test_api_refuses_bad_settings_with_400(api, body, message):
    response = api.put(SETTINGS_URL, body, format="json")
    assert response.status_code == 400
    assert message in " ".join(field_errors(response)["settings"])
    assert not InstrumentSetting.objects.exists()


def test_api_takes_json_only(api):
    # Setting names contain dots, which a form encoding would turn into nested fields.
    response = api.put(SETTINGS_URL, {"settings": "x"}, format="multipart")
    assert response.status_code == 415


def test_score_endpoint_uses_the_callers_organisation_or_the_given_settings(api_client_for, world):
    url = "/api/v1/instruments/djg11/score"
    body = {"answers": djg11(11)}
    coordinator = api_client_for(world.users["coordinator"])
    assert coordinator.post(url, body, format="json").data["band"] == "zeer_ernstig_eenzaam"
    choose(world, djg11__banden="drie_banden")
    response = coordinator.post(url, body, format="json")
    assert (response.data["band"], response.data["band_label"]) == (
        "ernstig_eenzaam",
        "(Zeer) ernstig eenzaam",
    )
    assert response.data["rule_version"] == THREE_BANDS_DJG11
    given = {**body, "settings": {"djg11.banden": "vier_banden"}}
    assert coordinator.post(url, given, format="json").data["band"] == "zeer_ernstig_eenzaam"
    other = api_client_for(world.users["other_org_worker"])
    assert other.post(url, body, format="json").data["rule_version"] == DEFAULT_DJG11


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"djg11.kleur": "blauw"}, "Onbekende instelling 'djg11.kleur'."),
        ({"djg11.banden": "vijf"}, "Onbekende keuze 'vijf'"),
        ({"djg11.banden": None}, "Onbekende keuze 'None'"),
        ("drie_banden", "Geef de instellingen als object"),
    ],
)
def test_score_endpoint_refuses_unknown_settings(api, settings, message):
    body = {"answers": djg11(3), "settings": settings}
    response = api.post("/api/v1/instruments/djg11/score", body, format="json")
    assert response.status_code == 400
    assert message in field_errors(response)["settings"][0]


def test_a_residents_page_says_when_a_series_mixes_band_rules(client_for, world, measure):
    measure(world.in_area, "djg11", djg11(11), on=datetime.date(2025, 2, 1))
    page = reverse("measurement-list", args=[world.in_area.public_id])
    client = client_for(world.users["wijkwerker"])
    assert "niet alle metingen zijn met dezelfde regels" not in client.get(page).content.decode()
    choose(world, djg11__banden="drie_banden")
    measure(world.in_area, "djg11", djg11(11), on=datetime.date(2025, 7, 1))
    html = client.get(page).content.decode()
    assert "niet alle metingen zijn met dezelfde regels ingedeeld" in html
    # Each row reads as its own rules named it.
    assert "11 (van 0 tot 11) – Zeer ernstig eenzaam" in html
    assert "11 (van 0 tot 11) – (Zeer) ernstig eenzaam" in html
