"""Parsing what real GeoReport v2 servers answer (the files in shared/data/open311/real)."""

import datetime

import pytest

from kwartier.signals.georeport import (
    LOCAL,
    GeoReportError,
    parse_datetime,
    parse_errors,
    parse_requests,
    parse_services,
    sniff,
)
from tests.shared_data import SHARED_DATA

REAL = SHARED_DATA / "open311" / "real"
FIXTURES = REAL / "client_fixtures"


def real(name: str) -> bytes:
    return (REAL / name).read_bytes()


def test_bloomington_requests_json():
    requests = parse_requests(real("bloomington_requests.json"))
    assert len(requests) == 21
    assert not [r for r in requests if r.problem]
    graffiti = next(r for r in requests if r.id == "4fbd3beeb1fe2c9f5c000001")
    assert graffiti.status == "open"
    assert graffiti.service_code == "4e090d24992b941e78000027"
    assert graffiti.service_name == "Graffiti"
    assert graffiti.point == (-86.485448337464, 39.146551871103)
    minus_four = datetime.timezone(datetime.timedelta(hours=-4))
    assert graffiti.requested_at == datetime.datetime(2012, 5, 23, 15, 35, 8, tzinfo=minus_four)
    # Null address and lat/long, and 0,0 for "no point", as this server sends them.
    no_point = next(r for r in requests if r.id == "4fbd40b2b1fe2c4b02000001")
    assert no_point.address == "" and no_point.point is None
    zero = next(r for r in requests if r.id == "4fbd2b76b1fe2c195f000000")
    assert (zero.lat, zero.lon, zero.point) == (0, 0, None)
    assert {r.status for r in requests} == {"open", "closed"}


def test_bloomington_services_json():
    services = parse_services(real("bloomington_services.json"))
    assert len(services) == 46
    graffiti = next(s for s in services if s.code == "4e090d24992b941e78000027")
    assert (graffiti.name, graffiti.group, graffiti.metadata) == ("Graffiti", "Most Popular", True)


def test_toronto_requests_xml():
    requests = parse_requests(real("requests_many.xml"))
    assert [r.id for r in requests] == ["101005420892", "101005420894"]
    first = requests[0]
    assert first.description == "" and first.updated_at is None  # <description/>, empty date
    assert first.status_notes == "In progress - The request has been scheduled."
    assert first.point == (-79.272306875, 43.691104288)
    assert first.address == "Warden Ave / Freeman St, Scarborough"


def test_giessen_services_xml():
    services = parse_services(real("services_giessen.xml"))
    assert len(services) == 8
    assert services[0].code == "015" and services[0].name == "Abwasser und Wasser"
    assert {s.name for s in services} >= {"Straßen- und Gehwegschäden", "Ampel defekt"}


def test_client_fixtures():
    services = parse_services((FIXTURES / "services.xml").read_bytes())  # with namespaces
    assert len(services) > 30 and services[0].code == "001"
    assert services[0].group == "Litter Receptacles"
    requests = parse_requests((FIXTURES / "service_requests.xml").read_bytes())
    assert [(r.id, r.status) for r in requests] == [("638344", "closed"), ("638349", "open")]
    assert requests[0].status_notes == "Duplicate request."
    assert len(parse_requests((FIXTURES / "get_service_request.xml").read_bytes())) == 1
    assert parse_requests((FIXTURES / "service_requests_empty.xml").read_bytes()) == []
    # A POST answer and a token lookup are request lists too (without status: named).
    posted = parse_requests((FIXTURES / "post_service_request.xml").read_bytes())
    assert posted[0].id == "293944" and "status" in posted[0].problem
    token = parse_requests((FIXTURES / "request_id_from_token.xml").read_bytes())
    assert token[0].id == "638344"
    errors = parse_errors((FIXTURES / "get_service_request_not_found.xml").read_bytes())
    assert [(e.code, e.description) for e in errors] == [
        ("404", "Service request not found with id or token not-an-id")
    ]
    with pytest.raises(GeoReportError, match="<service_requests> maar <service_definition>"):
        parse_requests((FIXTURES / "service_definition.xml").read_bytes())


def test_a_raw_http_answer_is_not_xml():
    body = (FIXTURES / "403.xml").read_bytes()
    with pytest.raises(GeoReportError, match="geen JSON en geen XML"):
        parse_requests(body)
    assert parse_errors(body) == []


UTC = datetime.UTC


def utc(*parts):
    return datetime.datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2012-05-23T15:55:28-04:00", utc(2012, 5, 23, 19, 55, 28)),
        ("2012-05-23 15:55:28-04:00", utc(2012, 5, 23, 19, 55, 28)),
        ("2012-05-23T19:55:28Z", utc(2012, 5, 23, 19, 55, 28)),
        ("2012-05-23t19:55:28.5z", utc(2012, 5, 23, 19, 55, 28, 500000)),
        ("2012-05-23T21:55:28.123456789+0200", utc(2012, 5, 23, 19, 55, 28, 123456)),
        # No zone: Dutch local time (summer time in May, winter time in January).
        ("2012-05-23 21:55:28", utc(2012, 5, 23, 19, 55, 28)),
        ("2012-01-10T10:00", utc(2012, 1, 10, 9, 0)),
        ("2012-01-10", datetime.datetime(2012, 1, 10, tzinfo=LOCAL)),
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_datetimes_as_servers_write_them(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text", ["gisteren", "2012-02-30T10:00:00", "23-05-2012", "2012-05-23T25:00"]
)
def test_what_is_no_datetime_is_refused(text):
    with pytest.raises(ValueError, match="datum"):
        parse_datetime(text)


def test_lenient_where_the_meaning_is_clear():
    body = (
        b'[{"service_request_id": 12345, "status": "Closed", "service_code": 7, '
        b'"description": null, "requested_datetime": "2024-03-01 10:00:00", '
        b'"lat": "52.37", "long": "4.89", "address": null, "extra": {"x": 1}}]'
    )
    (request,) = parse_requests(body)
    assert (request.id, request.status, request.service_code) == ("12345", "closed", "7")
    assert request.description == "" and request.address == "" and request.problem == ""
    assert request.point == (4.89, 52.37)
    assert request.requested_at == datetime.datetime(2024, 3, 1, 10, tzinfo=LOCAL)
    (xml,) = parse_requests(
        b"<service_requests><request><service_request_id> 9 </service_request_id>"
        b"<status>OPEN</status><lat/><long/></request></service_requests>"
    )
    assert (xml.id, xml.status, xml.point, xml.problem) == ("9", "open", None, "")
    wrapped = b'{"service_requests": [{"service_request_id": "1", "status": "open"}]}'
    assert parse_requests(wrapped)[0].id == "1"


def test_what_a_request_gets_wrong_is_named_not_fatal():
    body = (
        b'[{"status": "pending", "requested_datetime": "morgen", "lat": "noord", "long": 500},'
        b' {"service_request_id": "ok", "status": "open"}]'
    )
    bad, good = parse_requests(body)
    for part in ("geen service_request_id", "status 'pending'", "'morgen'", "'noord'", "500"):
        assert part in bad.problem
    assert good.problem == ""


@pytest.mark.parametrize(
    "body, message",
    [
        (real("bloomington_requests.json")[:5000], "geen volledige JSON"),
        (real("requests_many.xml")[:700], "geen volledige XML"),
        (b"<!DOCTYPE html><html><body>Inloggen</body></html>", "webpagina"),
        (b'{"error": "nope"}', "geen lijst"),
        (b"\xff\xfe[]", "geen JSON en geen XML"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><service_requests>&a;'
         b"</service_requests>", "entiteiten"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_is_refused(body, message):
    with pytest.raises(GeoReportError, match=message):
        parse_requests(body)


def test_sniff_trusts_the_body_before_the_content_type():
    assert sniff(b"  [ ]", "text/html") == "json"
    assert sniff(b"<services/>", "application/json") == "xml"
    assert sniff(b"\n<html lang=nl>", "application/xml") == "html"
    assert sniff(b"", "text/html; charset=utf-8") == "html"


def test_json_error_list():
    body = b'[{"code": 400, "description": "service_code is onbekend"}]'
    assert [(e.code, e.description) for e in parse_errors(body)] == [
        ("400", "service_code is onbekend")
    ]
    assert parse_errors(b"<html>Not Found</html>") == []
