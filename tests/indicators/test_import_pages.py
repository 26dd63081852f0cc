"""Importing figures through the page (dry run, then import; the file kept in between)
and the API (`/api/v1/indicators/imports`), both through the same import_file."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kwartier.indicators import import_views
from kwartier.indicators.models import ImportRun, IndicatorValue
from tests.shared_data import SHARED_DATA

URL = "/wijkmonitor/import/"
API = "/api/v1/indicators/imports"


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the uploaded files wait here between the two steps


def figures(areas, value=1520) -> bytes:
    return (
        "area_code;indicator;year;value\n"
        f"{areas.buurt.code};inwoners;2021;{value}\n"
        f"{areas.buurt_2.code};inwoners;2021;880\n"
    ).encode()


def bad_figures(areas) -> bytes:
    return figures(areas) + f"{areas.buurt.code};jeugdoverlast;2021;112\n".encode()


def upload(data: bytes, name="monitor.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def staged_files(tmp_path):
    return list((tmp_path / "wijkmonitor-import").glob("*.csv"))


def test_the_dry_run_shows_the_report_and_saves_nothing_until_imported(
    areas, beheerder, client_for, tmp_path
):
    client = client_for(beheerder)
    response = client.post(URL, {"file": upload(figures(areas))})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Proefdraai: monitor.csv" in page
    assert "Waarden nieuw 2, gewijzigd 0, ongewijzigd 0." in page
    assert "/wijkmonitor/import/bevestigen/" in page
    assert not IndicatorValue.objects.exists()
    assert len(staged_files(tmp_path)) == 1

    response = client.post(reverse("indicators:import-confirm"))
    assert response.status_code == 302
    assert IndicatorValue.objects.get(area=areas.buurt).value == Decimal(1520)
    run = ImportRun.objects.get()
    assert (run.file_name, run.created, run.recorded_by) == ("monitor.csv", 2, beheerder)
    assert staged_files(tmp_path) == []  # removed once imported
    page = client.get(URL).content.decode()
    assert "Ingelezen." in page
    assert "monitor.csv" in page  # in the list of imports

    # The file was imported once: confirming again finds nothing waiting.
    response = client.post(reverse("indicators:import-confirm"), follow=True)
    assert import_views.NOTHING_STAGED in response.content.decode()
    assert ImportRun.objects.count() == 1


def test_errors_are_shown_with_their_line_numbers_and_nothing_waits(
    areas, coordinator, client_for, tmp_path
):
    response = client_for(coordinator).post(URL, {"file": upload(bad_figures(areas))})
    page = response.content.decode()
    assert response.status_code == 200
    assert "monitor.csv is niet ingelezen; er is niets opgeslagen." in page
    assert "regel 4: Een percentage ligt tussen 0 en 100, niet 112." in page
    assert "import-confirm" not in page and "bevestigen" not in page
    assert staged_files(tmp_path) == []
    assert not IndicatorValue.objects.exists()


def test_cancelling_removes_the_waiting_file(areas, beheerder, client_for, tmp_path):
    client = client_for(beheerder)
    client.post(URL, {"file": upload(figures(areas))})
    client.post(reverse("indicators:import-confirm"), {"annuleren": "1"})
    assert staged_files(tmp_path) == []
    assert not IndicatorValue.objects.exists()


def test_another_session_cannot_import_the_waiting_file(areas, beheerder, coordinator, client_for):
    client_for(beheerder).post(URL, {"file": upload(figures(areas))})
    response = client_for(coordinator).post(reverse("indicators:import-confirm"))
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()


def test_a_file_over_the_limit_is_refused(areas, beheerder, client_for, monkeypatch):
    monkeypatch.setattr(import_views, "MAX_BYTES", 10)
    response = client_for(beheerder).post(URL, {"file": upload(figures(areas))})
    assert "Het bestand is groter dan" in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_button_computes_the_own_figures(areas, welfare_org, beheerder, client_for):
    response = client_for(beheerder).post(reverse("indicators:own"), follow=True)
    assert "Eigen cijfers berekend" in response.content.decode()
    assert IndicatorValue.objects.filter(indicator__code="open-hulpvragen", source="Kwartier")


# The API ------------------------------------------------------------------------------


def test_api_dry_run_answers_the_report_and_saves_nothing(areas, beheerder, api_client_for):
    response = api_client_for(beheerder).post(
        API, {"file": upload(figures(areas)), "dry_run": "true"}, format="multipart"
    )
    assert response.status_code == 200
    report = response.json()
    assert report["dry_run"] is True
    assert report["format"] == "long"
    assert report["values"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert report["columns"][0]["indicator"] == "inwoners"
    assert not IndicatorValue.objects.exists()
    assert not ImportRun.objects.exists()


def test_api_import_creates_then_running_again_changes_nothing(areas, coordinator, api_client_for):
    client = api_client_for(coordinator, token=True)
    first = client.post(API, {"file": upload(figures(areas))}, format="multipart")
    assert first.status_code == 201
    assert first.json()["values"]["created"] == 2
    again = client.post(API, {"file": upload(figures(areas))}, format="multipart")
    assert again.json()["values"] == {"created": 0, "updated": 0, "unchanged": 2}

    listed = client.get(API).json()
    assert listed["count"] == 2
    assert listed["results"][0]["recorded_by"] == "coordinator"
    assert listed["results"][0]["unchanged"] == 2


def test_api_errors_are_a_problem_with_every_line(areas, beheerder, api_client_for):
    data = bad_figures(areas) + f"{areas.buurt.code};inwoners;1890;5\n".encode()
    response = api_client_for(beheerder).post(API, {"file": upload(data)}, format="multipart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["detail"] == "Niet ingelezen; er is niets opgeslagen."
    reasons = [param["reason"] for param in problem["invalidParams"]]
    assert {param["name"] for param in problem["invalidParams"]} == {"file"}
    assert any(reason.startswith("regel 4:") for reason in reasons)
    assert any(reason.startswith("regel 5:") for reason in reasons)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "file"),
        ({"file": upload(b"x"), "year": "1890"}, "year"),
        ({"file": upload(b"x"), "dry_run": "misschien"}, "dry_run"),
    ],
)
def test_api_bad_requests_name_the_field(beheerder, api_client_for, data, field):
    response = api_client_for(beheerder).post(API, data, format="multipart")
    assert response.status_code == 400
    assert [param["name"] for param in response.json()["invalidParams"]] == [field]


def test_api_a_file_without_a_year_asks_for_one(areas, beheerder, api_client_for):
    cbs = b"Codering;Aantal inwoners\nBU99990101;1520\n"
    response = api_client_for(beheerder).post(
        API, {"file": upload(cbs, "kerncijfers.csv")}, format="multipart"
    )
    assert response.status_code == 400
    assert "geef het jaar op" in response.json()["invalidParams"][0]["reason"]
    response = api_client_for(beheerder).post(
        API, {"file": upload(cbs, "kerncijfers.csv"), "year": 2021}, format="multipart"
    )
    assert response.status_code == 201, response.json()


def test_a_wijkwerker_reads_in_the_real_cbs_file_of_2019(wijkwerker, client_for, tmp_path):
    """The issue's user: a worker with the file as CBS publishes it, through the page."""
    client = client_for(wijkwerker)
    data = (SHARED_DATA / "cbs" / "Kerncijfers_wijken_en_buurten_2019.csv").read_bytes()
    response = client.post(URL, {"file": upload(data, "Kerncijfers_wijken_en_buurten_2019.csv")})
    assert response.status_code == 200
    assert "Proefdraai" in response.content.decode()
    assert client.post(reverse("indicators:import-confirm")).status_code == 302
    amsterdam = IndicatorValue.objects.get(
        indicator__code="inwoners", area__code="GM0363", year=2019
    )
    assert amsterdam.value == Decimal(862965)
