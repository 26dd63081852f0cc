"""`kwartier signals pull` against the real files of other GeoReport servers, served by a
local HTTP server; test buurten lie around some Bloomington points, so that part of the
requests land and the rest lie outside the municipality."""

import contextlib
import datetime
import io
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.core.validators import DecimalValidator
from django.db import DatabaseError
from django.utils import timezone

from kwartier.signals import services
from kwartier.signals.models import Category, Signal, SignalCounter, SignalEvent
from kwartier.signals.pull import PullError, normalise_url, parse_since, pull
from kwartier.signals.states import Status
from tests.factories import BuurtFactory
from tests.signals.test_georeport import REAL

BASE_PATH = "/open311/v2"
GRAFFITI = "4fbd3beeb1fe2c9f5c000001"  # open; category by name ("Graffiti")
SIGNALS = "4fbd18f8b1fe2cc83f000001"  # open; "Traffic Signals" has no category: overig
YARD = "4fbd14bbb1fe2c5214000000"  # closed; category by code
IPHONE = "4fbd12bcb1fe2c1c7d000001"  # open; overig
YARD_CODE = "4e090d24992b941e78000024"


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/json; charset=utf-8"
    delay: float = 0
    length: int | None = None  # a Content-Length that lies, to cut an answer off
    drip: float = 0  # seconds between pieces of 100 bytes


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urlsplit(self.path)
        self.server.asked.append(self.path)
        route = self.server.routes.get(parts.path)
        if callable(route):
            route = route(parse_qs(parts.query))
        route = route or Route(b"<html><body>Not found</body></html>", 404, "text/html")
        time.sleep(route.delay)
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(route.length or len(route.body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (the timeout tests)
            step = 100 if route.drip else max(len(route.body), 1)
            for start in range(0, len(route.body), step):
                self.wfile.write(route.body[start : start + step])
                self.wfile.flush()
                time.sleep(route.drip)

    def log_message(self, *args):
        pass


def real(name: str) -> bytes:
    return (REAL / name).read_bytes()


def bloomington() -> dict:
    return {
        f"{BASE_PATH}/services.json": Route(real("bloomington_services.json")),
        f"{BASE_PATH}/requests.json": Route(real("bloomington_requests.json")),
    }


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.routes = bloomington()
    httpd.asked = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}{BASE_PATH}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def box(lon, lat, d=0.001):
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d]]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


@pytest.fixture
def municipality(world, routing, monkeypatch):
    """Buurten around four Bloomington points, and categories found by code and by name.

    The files are American, the model accepts only Dutch coordinates (a sanity check);
    for these tests the point fields keep only their decimal format.
    """
    for name in ("latitude", "longitude"):
        monkeypatch.setitem(
            Signal._meta.get_field(name).__dict__, "validators", [DecimalValidator(8, 6)]
        )
    wijk = world.areas.wijk
    buurten = SimpleNamespace(
        graffiti=BuurtFactory(parent=wijk, name="Olcott", outline=box(-86.485448, 39.146552)),
        signals=BuurtFactory(parent=wijk, name="Adams", outline=box(-86.55201, 39.16442)),
        yard=BuurtFactory(parent=wijk, name="Mulberry", outline=box(-86.49149, 39.139614)),
        iphone=BuurtFactory(parent=wijk, name="Circle", outline=box(-86.510661, 39.156633)),
    )
    street = Category.objects.get(code="straat")
    return SimpleNamespace(
        buurten=buurten,
        yard=Category.objects.create(code=YARD_CODE, name="Tuinafval", parent=street.parent),
        graffiti=Category.objects.create(code="graffiti", name="graffiti", parent=street.parent),
        overig=Category.objects.get(code="overig"),
    )


def imported(external_id) -> Signal:
    return Signal.objects.get(external_id=external_id)


def test_requests_inside_buurten_become_signals(server, municipality):
    report = pull(server.url)
    assert report.read == 21
    assert sorted(eid for eid, _ in report.new) == sorted([GRAFFITI, SIGNALS, YARD, IPHONE])
    assert Signal.objects.count() == 4
    graffiti = imported(GRAFFITI)
    assert graffiti.category == municipality.graffiti  # by name, whatever the case
    assert graffiti.area == municipality.buurten.graffiti
    assert graffiti.channel == Signal.Channel.IMPORT
    assert graffiti.external_source == server.url
    assert graffiti.external_service == "Graffiti"
    assert graffiti.description == "Graffiti on mailboxes"
    assert graffiti.address == "2303-2559 S Olcott Blvd"
    assert float(graffiti.latitude) == pytest.approx(39.146552)
    assert graffiti.reported_at == datetime.datetime(2012, 5, 23, 19, 35, 8, tzinfo=datetime.UTC)
    assert graffiti.number.startswith("S-2012-")
    assert graffiti.status == Status.GEMELD
    signals = imported(SIGNALS)
    assert signals.category == municipality.overig
    assert signals.external_service == "Traffic Signals"
    yard = imported(YARD)
    assert yard.category == municipality.yard  # by code
    assert yard.description == "" and yard.status == Status.AFGEHANDELD
    assert yard.events.filter(to_status=Status.AFGEHANDELD, text=f"Afgesloten in {server.url}")
    assert graffiti.events.filter(kind=SignalEvent.Kind.IMPORTED).exists()
    # Everything else is named with its reason.
    skipped = dict(report.skipped)
    assert len(skipped) == 17
    assert skipped["4fbd40b2b1fe2c4b02000001"] == "geen locatie"
    assert (
        skipped["4fbd2b76b1fe2c195f000000"] == "geen locatie (alleen het adres '612 W Coolidge DR')"
    )
    assert "buiten de gemeente" in skipped["4fbd1835b1fe2c7c2d000001"]
    assert report.per_category["Overig"] == {"nieuw": 2}
    assert report.per_category["Openbare ruimte: Tuinafval"] == {"nieuw": 1}


def test_running_again_adds_nothing_twice(server, municipality):
    pull(server.url)
    again = pull(server.url + "/")  # the same source, however written
    assert again.new == [] and again.updated == []
    assert again.unchanged == 4 and len(again.skipped) == 17
    assert Signal.objects.count() == 4
    assert again.per_category["Overig"] == {"ongewijzigd": 2}


def test_statuses_follow_the_source(server, municipality, personas):
    pull(server.url)
    coordinator = personas["coordinator"]
    iphone = imported(IPHONE)
    services.transition(iphone, Status.AFGEHANDELD, user=coordinator, reason="Doorgegeven")
    graffiti = imported(GRAFFITI)
    services.transition(graffiti, Status.IN_BEHANDELING, user=coordinator)
    requests = json.loads(real("bloomington_requests.json"))
    for request in requests:
        if request["service_request_id"] in (GRAFFITI, SIGNALS):
            request["status"] = "CLOSED"
        if request["service_request_id"] == YARD:
            request["status"] = "Open"
    server.routes[f"{BASE_PATH}/requests.json"] = Route(json.dumps(requests).encode())

    report = pull(server.url)
    assert sorted(report.updated) == sorted(
        [
            (GRAFFITI, graffiti.number, "Afgehandeld"),
            (SIGNALS, imported(SIGNALS).number, "Afgehandeld"),
            (YARD, imported(YARD).number, "Heropend"),
        ]
    )
    assert imported(GRAFFITI).status == Status.AFGEHANDELD
    assert imported(YARD).status == Status.HEROPEND
    assert imported(YARD).events.last().text == f"Heropend in {server.url}"
    # Closed by a handler in Kwartier while the source still has it open: it stays closed.
    assert imported(IPHONE).status == Status.AFGEHANDELD
    assert report.unchanged == 1
    history = imported(SIGNALS).events.filter(kind=SignalEvent.Kind.STATUS)
    assert list(history.values_list("to_status", flat=True)) == ["gemeld", "afgehandeld"]


def test_a_dry_run_reports_without_writing(server, municipality):
    report = pull(server.url, dry_run=True)
    assert len(report.new) == 4 and len(report.skipped) == 17
    assert not Signal.objects.exists() and not SignalCounter.objects.exists()
    out = io.StringIO()
    call_command("signals", "pull", server.url, "--dry-run", stdout=out)
    assert "proefdraai" in out.getvalue() and "nieuw 4" in out.getvalue()
    assert not Signal.objects.exists()


def test_one_run_is_all_or_nothing(server, municipality, monkeypatch):
    real_report, calls = services.report, []

    def failing(**kwargs):
        calls.append(kwargs["external_id"])
        if len(calls) == 3:
            raise DatabaseError("schijf vol")
        return real_report(**kwargs)

    monkeypatch.setattr(services, "report", failing)
    with pytest.raises(PullError, match="niets veranderd"):
        pull(server.url)
    assert len(calls) == 3
    assert not Signal.objects.exists() and not SignalEvent.objects.exists()
    assert not SignalCounter.objects.exists()


def test_the_command_prints_the_report(server, municipality):
    out = io.StringIO()
    call_command("signals", "pull", server.url, stdout=out)
    text = out.getvalue()
    assert f"Open311-import uit {server.url}" in text
    assert "Gelezen 21, nieuw 4, bijgewerkt 0, ongewijzigd 0, overgeslagen 17." in text
    assert "- Overig: nieuw 2" in text
    assert f"- {IPHONE}: " not in text and "- 4fbd40b2b1fe2c4b02000001: geen locatie" in text


def test_service_and_since_are_asked_for_and_applied(server, municipality):
    report = pull(server.url, service=YARD_CODE, since=datetime.date(2012, 5, 1))
    # The static server ignores the query; the client keeps only what was asked for.
    assert report.read == 3 and [eid for eid, _ in report.new] == [YARD]
    asked = parse_qs(urlsplit(server.asked[1]).query)  # page 1
    assert asked == {"service_code": [YARD_CODE], "start_date": ["2012-05-01T00:00:00+02:00"]}
    with pytest.raises(PullError, match="geen dienst met code 'bestaat-niet'"):
        pull(server.url, service="bestaat-niet")
    assert pull(server.url, since=datetime.date(2012, 5, 24)).read == 0


def test_xml_only_server(server, municipality):
    """Toronto's requests and Gießen's services, from a server without .json."""
    point = BuurtFactory(
        parent=municipality.buurten.graffiti.parent, outline=box(-79.2723, 43.6911)
    )
    server.routes = {
        f"{BASE_PATH}/services.xml": Route(real("services_giessen.xml"), content_type="text/xml"),
        f"{BASE_PATH}/requests.xml": Route(real("requests_many.xml"), content_type="text/xml"),
    }
    report = pull(server.url)
    assert [eid for eid, _ in report.new] == ["101005420892"]
    signal = imported("101005420892")
    assert signal.area == point and signal.description == ""
    assert signal.external_service == "Road - Pot hole" and signal.category.code == "overig"
    assert signal.events.get(kind=SignalEvent.Kind.IMPORTED).text.endswith(
        "daar: In progress - The request has been scheduled."
    )
    assert "buiten de gemeente" in dict(report.skipped)["101005420894"]


def test_pages_are_followed(server, municipality):
    requests = json.loads(real("bloomington_requests.json"))

    def paged(query):
        page = int(query.get("page", ["1"])[0])
        return Route(json.dumps(requests[(page - 1) * 8 : page * 8]).encode())

    server.routes[f"{BASE_PATH}/requests.json"] = paged
    report = pull(server.url)
    assert report.read == 21 and len(report.new) == 4
    assert [parse_qs(urlsplit(u).query).get("page") for u in server.asked[1:]] == [
        None,
        ["2"],
        ["3"],
        ["4"],
    ]
    # The size limit counts all pages together.
    with pytest.raises(PullError, match="te groot: samen meer dan"):
        pull(server.url, max_bytes=11_000)  # services 10,989 bytes, each page less


def test_lenient_and_refused_requests(server, municipality):
    lon, lat = -86.485448, 39.146552
    future = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
    requests = [
        # A number as id, "Closed", no T and no zone, null description, points as text.
        {"service_request_id": 77, "status": "Closed", "service_name": "GRAFFITI",
         "requested_datetime": "2024-03-01 10:00:00", "description": None,
         "lat": str(lat), "long": str(lon)},
        {"service_request_id": "future", "status": "open", "requested_datetime": future,
         "lat": lat, "long": lon},
        {"service_request_id": "no-date", "status": "open", "lat": lat, "long": lon},
        {"service_request_id": "long", "status": "open", "lat": lat, "long": lon,
         "requested_datetime": "2024-03-01T10:00:00Z", "description": "x" * 4001},
        {"service_request_id": "odd", "status": "acknowledged", "lat": lat, "long": lon},
    ]  # fmt: skip
    server.routes[f"{BASE_PATH}/requests.json"] = Route(json.dumps(requests).encode())
    report = pull(server.url)
    assert report.new == [("77", imported("77").number)]
    signal = imported("77")
    assert signal.status == Status.AFGEHANDELD and signal.description == ""
    assert signal.category == municipality.graffiti
    assert signal.reported_at == datetime.datetime(2024, 3, 1, 9, tzinfo=datetime.UTC)
    skipped = dict(report.skipped)
    assert "in de toekomst" in skipped["future"]
    assert skipped["no-date"] == "geen meldtijd (requested_datetime)"
    assert skipped["long"] == "omschrijving langer dan 4000 tekens"
    assert skipped["odd"] == "onbekende status 'acknowledged'"


# What goes wrong: a Dutch message, nothing changed -----------------------------------------


def pull_fails(server, match, **options):
    with pytest.raises(PullError, match=match) as error:
        pull(server.url, **options)
    assert not Signal.objects.exists()
    return str(error.value)


def test_an_html_answer(server, municipality):
    page = b"<!DOCTYPE html><html><body>Inloggen bij de gemeente</body></html>"
    server.routes[f"{BASE_PATH}/requests.json"] = Route(page, content_type="text/html")
    pull_fails(server, "webpagina \\(HTML\\)")
    # A wrong base address: every path answers a web page.
    server.routes = {}
    pull_fails(server, "antwoordde 404")


def test_a_server_that_does_not_answer_in_time(server, municipality):
    server.routes[f"{BASE_PATH}/requests.json"] = Route(b"[]", delay=2)
    started = time.monotonic()
    pull_fails(server, "binnen 0.3 seconden geen", timeout=0.3)
    assert time.monotonic() - started < 2
    # Every piece in time, the whole not: the run's deadline counts.
    server.routes[f"{BASE_PATH}/requests.json"] = Route(b" " * 2000 + b"[]", drip=0.1)
    started = time.monotonic()
    pull_fails(server, "binnen 0.5 seconden geen \\(volledig\\)", timeout=0.5)
    assert time.monotonic() - started < 1.5


def test_half_a_file(server, municipality):
    body = real("bloomington_requests.json")
    server.routes[f"{BASE_PATH}/requests.json"] = Route(body[: len(body) // 2])
    pull_fails(server, "geen volledige JSON")
    server.routes[f"{BASE_PATH}/requests.json"] = Route(body[:5000], length=len(body))
    pull_fails(server, "niet volledig binnen")
    xml = real("requests_many.xml")
    server.routes = {
        f"{BASE_PATH}/services.xml": Route(real("services_giessen.xml"), content_type="text/xml"),
        f"{BASE_PATH}/requests.xml": Route(xml[:900], content_type="text/xml"),
    }
    pull_fails(server, "geen volledige XML")


def test_an_error_list(server, municipality):
    not_found = (REAL / "client_fixtures" / "get_service_request_not_found.xml").read_bytes()
    server.routes[f"{BASE_PATH}/requests.json"] = Route(not_found, 404, "text/xml")
    message = pull_fails(server, "antwoordde 404")
    assert message.endswith("404: Service request not found with id or token not-an-id")
    error = json.dumps([{"code": 403, "description": "api_key ontbreekt"}]).encode()
    server.routes[f"{BASE_PATH}/requests.json"] = Route(error, 403)
    pull_fails(server, "antwoordde 403 .*: 403: api_key ontbreekt")
    server.routes[f"{BASE_PATH}/requests.json"] = Route(b"Internal error", 500, "text/plain")
    pull_fails(server, "antwoordde 500 op .*requests.json\\.$")


def test_a_raw_http_answer_as_body(server, municipality):
    raw = (REAL / "client_fixtures" / "403.xml").read_bytes()
    server.routes[f"{BASE_PATH}/requests.json"] = Route(raw, content_type="text/plain")
    pull_fails(server, "geen JSON en geen XML")


def test_too_big_refused_and_closed(server, municipality):
    pull_fails(server, "te groot", max_bytes=4096)
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    with pytest.raises(PullError, match="weigert de verbinding"):
        pull(f"http://127.0.0.1:{port}{BASE_PATH}")


def test_exit_status_and_stderr(server, municipality, capsys):
    server.routes = {}
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["kwartier", "signals", "pull", server.url])
    assert exit.value.code == 2
    assert "De server antwoordde 404" in capsys.readouterr().err
    with pytest.raises(CommandError, match="ligt in de toekomst") as error:
        call_command("signals", "pull", server.url, "--since", "2999-01-01")
    assert error.value.returncode == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("2023-02-30", "geen bestaande datum"),
        ("gisteren", "geen bestaande datum"),
        ("1999-12-31", "vóór 2000"),
        ("2026-06-02", "in de toekomst"),
    ],
)
def test_since_is_a_real_date_in_range(text, message):
    with pytest.raises(PullError, match=message):
        parse_since(text, today=datetime.date(2026, 6, 1))
    assert parse_since("2026-06-01", today=datetime.date(2026, 6, 1)) == datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    "url, base",
    [
        ("HTTPS://Meldingen.Example.NL/open311/v2/", "https://meldingen.example.nl/open311/v2"),
        ("https://x.nl/v2/services.json?jurisdiction_id=1", "https://x.nl/v2"),
    ],
)
def test_the_source_is_the_normalised_base_url(url, base):
    assert normalise_url(url) == base


@pytest.mark.parametrize("url", ["file:///etc/passwd", "meldingen.nl", "", "ftp://x.nl/v2"])
def test_only_web_addresses(url):
    with pytest.raises(PullError, match="geen webadres"):
        normalise_url(url)
