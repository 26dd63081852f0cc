"""The GeoReport v2 endpoints as an outside app uses them, in JSON and in XML."""

import datetime

import pytest
from django.utils import timezone

from kwartier.signals import services
from kwartier.signals.models import Category, Signal, SignalEvent
from kwartier.signals.open311 import views
from kwartier.signals.states import Status
from tests.signals.helpers import make_signal
from tests.signals.open311.conftest import IN_BUURT, IN_OTHER_BUURT, OUTSIDE
from tests.signals.open311.helpers import BASE, as_json, as_xml, error_list, valid

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]


def create(client, open311, fmt="json", **fields):
    data = {
        "api_key": open311.key,
        "service_code": "straat",
        "lat": str(IN_BUURT[1]),
        "long": str(IN_BUURT[0]),
        "description": "Lantaarnpaal knippert",
        **fields,
    }
    return client.post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


# Discovery and services -------------------------------------------------------------------


def test_discovery_names_the_endpoint_and_its_formats(client, open311):
    found = as_json(client.get(f"{BASE}/discovery.json"))
    endpoint = found["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["specification"] == views.SPECIFICATION
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = as_xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]


def test_services_are_the_public_active_categories_without_groups(client, open311):
    Category.objects.filter(code="parkeren").update(active=False)
    Category.objects.filter(code="clubs").update(public=False)
    services_ = valid(as_json(client.get(f"{BASE}/services.json")), "services")
    codes = [s["service_code"] for s in services_]
    assert "afval" in codes and "overig" in codes
    assert "openbare-ruimte" not in codes  # a group of services, not one itself
    assert "parkeren" not in codes and "clubs" not in codes
    afval = next(s for s in services_ if s["service_code"] == "afval")
    assert afval == {
        "service_code": "afval",
        "service_name": "Afval en zwerfvuil",
        "description": "",
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": "Openbare ruimte",
    }
    assert next(s for s in services_ if s["service_code"] == "groen")["metadata"] is False
    root = as_xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services" and [s.findtext("service_code") for s in root] == codes
    assert root.find("service[service_code='afval']/metadata").text == "true"


def test_service_definition_offers_the_questions_as_attributes(client, open311):
    definition = valid(as_json(client.get(f"{BASE}/services/afval.json")), "service-definition")
    assert definition["service_code"] == "afval"
    first, second, third = definition["attributes"]
    assert first == {
        "variable": True,
        "code": "soort",
        "datatype": "singlevaluelist",
        "required": True,
        "order": 1,
        "description": "Wat voor afval?",
        "values": [{"key": "grof", "name": "Grofvuil"}, {"key": "zak", "name": "Vuilniszak"}],
    }
    assert (second["datatype"], second["required"], "values" in second) == ("number", False, False)
    assert third["datatype"] == "multivaluelist" and third["order"] == 3
    root = as_xml(client.get(f"{BASE}/services/afval.xml"))
    assert root.tag == "service_definition"
    assert [a.findtext("code") for a in root.iter("attribute")] == ["soort", "aantal", "waar"]
    assert [v.findtext("key") for v in root.find("attributes/attribute/values")] == ["grof", "zak"]
    empty = as_json(client.get(f"{BASE}/services/groen.json"))
    assert empty == {"service_code": "groen", "attributes": []}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_service_is_404(client, open311, fmt):
    for code in ("bestaat-niet", "openbare-ruimte", "x" * 500):
        assert (
            "Er is geen service"
            in error_list(client.get(f"{BASE}/services/{code}.{fmt}"), 404, fmt)[0]
        )


# Creating requests -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_app_creates_a_request_and_finds_it_by_token(client, open311, world, fmt):
    response = create(client, open311, fmt, email="fatima@example.org", first_name="Fatima")
    if fmt == "json":
        [answer] = as_json(response)
    else:
        root = as_xml(response)
        assert root.tag == "service_requests"
        answer = {child.tag: child.text for child in root.find("request")}
    signal = Signal.objects.get(number=answer["service_request_id"])
    assert (signal.channel, signal.api_key, signal.area) == (
        "open311",
        open311.record,
        world.areas.buurt,
    )
    assert (float(signal.latitude), float(signal.longitude)) == (52.375, 4.895)
    assert signal.reporter_name == "Fatima" and signal.contact_consent
    assert signal.organisation == world.welfare_org  # the default routing rule
    assert signal.number in answer["service_notice"]
    assert answer.get("account_id") in (None, "")
    token = answer["token"]
    assert signal.open311_token == token
    by_token = client.get(f"{BASE}/tokens/{token}.{fmt}")
    if fmt == "json":
        assert as_json(by_token) == [{"service_request_id": signal.number, "token": token}]
    else:
        assert as_xml(by_token).findtext("request/service_request_id") == signal.number


def test_the_form_and_the_query_string_both_carry_parameters(client, open311):
    """The published description puts them in the query; apps send a form."""
    response = client.post(
        f"{BASE}/requests.json?api_key={open311.key}&service_code=groen",
        {"lat": IN_OTHER_BUURT[1], "long": IN_OTHER_BUURT[0]},
    )
    [answer] = as_json(response)
    signal = Signal.objects.get(number=answer["service_request_id"])
    assert signal.category.code == "groen" and signal.contact_consent is False


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", [None, "", "verkeerd", "x" * 5000, "revoked"])
def test_without_a_valid_key_nothing_is_made(client, open311, fmt, key):
    key = open311.revoked_key if key == "revoked" else key
    [problem] = error_list(create(client, open311, fmt, api_key=key), 403, fmt)
    assert "api_key" in problem
    assert not Signal.objects.exists()


def test_the_admin_revokes_a_key(client, open311):
    from django.contrib import admin

    from kwartier.signals.models import ApiKey

    admin.site._registry[ApiKey].revoke(None, ApiKey.objects.filter(pk=open311.record.pk))
    assert ApiKey.objects.get(pk=open311.record.pk).revoked_at is not None
    error_list(create(client, open311), 403)


@pytest.mark.parametrize(
    ("fields", "status", "problem"),
    [
        ({"service_code": None}, 400, "service_code ontbreekt."),
        ({"service_code": "bestaat-niet"}, 404, "Er is geen service met service_code"),
        ({"service_code": "openbare-ruimte"}, 404, "Er is geen service"),
        ({"lat": None, "long": None}, 400, "Geef een plek"),
        ({"lat": None}, 400, "lat is geen getal"),
        ({"lat": str(OUTSIDE[1]), "long": str(OUTSIDE[0])}, 400, "ligt buiten de gemeente"),
        ({"lat": "1e400"}, 400, "lat is geen getal"),
        ({"lat": "nan"}, 400, "lat is geen getal"),
        ({"long": "noord"}, 400, "long is geen getal"),
        ({"lat": "9" * 5000}, 400, "lat is geen getal"),
        ({"description": "x" * 4001}, 400, "description is te lang"),
        ({"description": "kapot\x00"}, 400, "ongeldig teken"),
        ({"address_string": "a" * 161}, 400, "address_string is te lang"),
        ({"email": "geen-adres"}, 400, "email is geen geldig e-mailadres."),
        ({"phone": "bel me"}, 400, "phone: Vul een telefoonnummer in"),
        ({"first_name": "a" * 100, "last_name": "b" * 100}, 400, "samen te lang"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, open311, fields, status, problem):
    problems = error_list(create(client, open311, **fields), status)
    assert any(problem in p for p in problems), problems
    assert not Signal.objects.exists()


def test_all_problems_of_a_request_are_listed_at_once(client, open311):
    response = create(client, open311, "xml", description="x" * 4001, email="@", lat="100")
    problems = error_list(response, 400, "xml")
    assert len(problems) == 3


def test_a_description_of_4000_characters_is_accepted(client, open311):
    [answer] = as_json(create(client, open311, description="x" * 4000))
    assert len(Signal.objects.get(number=answer["service_request_id"]).description) == 4000


def test_an_address_is_placed_by_its_postcode(client, open311, world):
    address = f"Lindelaan 3, {open311.postcode.replace(' ', '')} Testveen"
    [answer] = as_json(create(client, open311, lat=None, long=None, address_string=address))
    signal = Signal.objects.get(number=answer["service_request_id"])
    assert (signal.area, signal.address, signal.latitude) == (world.areas.buurt, address, None)
    problems = error_list(
        create(client, open311, lat=None, long=None, address_string="Kerkstraat 1, Elders"), 400
    )
    assert "geen bekende postcode" in problems[0]
    problems = error_list(
        create(client, open311, lat=None, long=None, address_string="Dorp 1, 9999 ZZ"), 400
    )
    assert "buiten de gemeente" in problems[0]
    problems = error_list(create(client, open311, lat=None, long=None, address_id="545483"), 400)
    assert "Geef een plek" in problems[0]


def test_attributes_are_checked_against_the_definition(client, open311):
    def problems(**attributes):
        return error_list(create(client, open311, service_code="afval", **attributes), 400)

    assert problems() == ["attribute[soort] (Wat voor afval?) is verplicht."]
    assert "kies één uit grof, zak" in problems(**{"attribute[soort]": "auto"})[0]
    assert "geen getal" in problems(**{"attribute[soort]": "zak", "attribute[aantal]": "veel"})[0]
    assert (
        "uit gras, stoep"
        in problems(**{"attribute[soort]": "zak", "attribute[waar][]": ["stoep", "dak"]})[0]
    )
    response = create(
        client,
        open311,
        service_code="afval",
        **{
            "attribute[soort]": "grof",
            "attribute[aantal]": "3",
            "attribute[waar][]": ["stoep", "gras"],
            "attribute[onbekend]": "genegeerd",
        },
    )
    [answer] = as_json(response)
    signal = Signal.objects.get(number=answer["service_request_id"])
    assert signal.attributes == {"soort": "grof", "aantal": "3", "waar": ["stoep", "gras"]}


def test_a_request_without_a_routing_rule_is_a_400_not_a_500(client, open311, routing):
    routing.default.delete()
    assert "routeringsregel" in error_list(create(client, open311), 400)[0]


# Reading requests ------------------------------------------------------------------------


@pytest.fixture
def published(open311, world, personas):
    """Signals of every kind: with an address, closed with a message, sensitive, old."""
    areas = world.areas
    with_address = make_signal(
        areas.buurt,
        code="straat",
        address="Kerkstraat 12a, 1234 AB Testveen",
        latitude="52.375123",
        longitude="4.895678",
        reporter_name="Fatima",
        reporter_email="fatima@example.org",
        contact_consent=True,
    )
    closed = make_signal(areas.buurt_2, code="groen")
    services.record(closed, SignalEvent.Kind.MESSAGE, personas["coordinator"], "Boom gesnoeid.")
    services.transition(closed, Status.AFGEHANDELD, user=personas["coordinator"], reason="Klaar")
    sensitive = make_signal(areas.buurt, code="overlast-personen", address="Dorpsstraat 4")
    old = make_signal(
        areas.buurt, code="straat", reported_at=timezone.now() - datetime.timedelta(days=120)
    )
    return {"with_address": with_address, "closed": closed, "sensitive": sensitive, "old": old}


def _numbers(items):
    return [item["service_request_id"] for item in items]


def test_requests_show_the_public_part_only(client, published, world):
    items = valid(as_json(client.get(f"{BASE}/requests.json")), "requests")
    # Newest first, the last 90 days, never a sensitive category.
    assert _numbers(items) == [published["closed"].number, published["with_address"].number]
    closed, with_address = items
    assert with_address == {
        "service_request_id": published["with_address"].number,
        "status": "open",
        "service_name": "Straat, stoep en verlichting",
        "service_code": "straat",
        "description": "Kapotte lantaarnpaal",
        "agency_responsible": world.welfare_org.name,
        "requested_datetime": with_address["requested_datetime"],
        "updated_datetime": with_address["updated_datetime"],
        "expected_datetime": with_address["expected_datetime"],
        "address": "Kerkstraat, Oude Haven",  # no house number, no postcode
        "lat": 52.375,
        "long": 4.896,
    }
    signal = published["with_address"]
    for field, value in (("requested", signal.reported_at), ("expected", signal.due_at)):
        answered = datetime.datetime.fromisoformat(with_address[f"{field}_datetime"])
        assert answered == value.replace(microsecond=0)
    assert (closed["status"], closed["status_notes"]) == ("closed", "Boom gesnoeid.")
    assert closed["address"] == "Lindehof" and "lat" not in closed
    body = client.get(f"{BASE}/requests.xml").content.decode()
    for private in ("Fatima", "fatima@", "12a", "1234 AB", "Dorpsstraat", "52.375123"):
        assert private not in body


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_by_its_id(client, published, fmt):
    number = published["closed"].number
    response = client.get(f"{BASE}/requests/{number}.{fmt}")
    if fmt == "json":
        [item] = valid(as_json(response), "requests")
        assert item["service_request_id"] == number
    else:
        root = as_xml(response)
        assert root.tag == "service_requests" and len(root) == 1
        assert root.findtext("request/status") == "closed"
    for unknown in ("S-2026-999999", published["sensitive"].number, "niet-een-id", "x" * 300):
        assert (
            "Er is geen melding"
            in error_list(client.get(f"{BASE}/requests/{unknown}.{fmt}"), 404, fmt)[0]
        )


def test_the_query_filters(client, published):
    def numbers(**query):
        return _numbers(as_json(client.get(f"{BASE}/requests.json", query)))

    closed, with_address, old = (published[k].number for k in ("closed", "with_address", "old"))
    sensitive = published["sensitive"].number
    # service_request_id overrides everything else, old requests included.
    assert numbers(service_request_id=f"{old}, {closed},{sensitive}", status="open") == [
        closed,
        old,
    ]
    assert numbers(service_code="groen,afval") == [closed]
    assert numbers(service_code="overlast-personen") == []  # a sensitive one is never listed
    assert numbers(status="open") == [with_address]
    assert numbers(status="closed") == [closed]
    assert numbers(status="open,closed") == [closed, with_address]
    now = timezone.now()
    assert numbers(start_date=(now - datetime.timedelta(days=130)).isoformat()) == [old]
    assert numbers(end_date=(now - datetime.timedelta(days=100)).isoformat()) == [old]
    assert numbers(
        start_date=(now - datetime.timedelta(days=1)).isoformat(),
        end_date=(now + datetime.timedelta(days=1)).isoformat(),
    ) == [closed, with_address]
    # "+01:00" unencoded in a query string arrives as " 01:00".
    assert numbers(start_date="2000-01-01T00:00:00 01:00") == []


def test_at_most_the_limit_of_results(client, published, monkeypatch):
    monkeypatch.setattr(views, "RESULTS_MAX", 1)
    assert len(as_json(client.get(f"{BASE}/requests.json"))) == 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ({"start_date": "gisteren"}, "start_date is geen datum"),
        ({"start_date": "2026-03-01T10:00:00"}, "met tijdzone"),  # no zone
        ({"end_date": "2026-02-30T10:00:00Z"}, "end_date is geen datum"),
        ({"end_date": "9" * 500}, "end_date is geen datum"),
        ({"start_date": "0001-01-01T00:00:00+01:00"}, "start_date is geen datum"),
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"}, "voor"),
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "90 dagen"),
        ({"status": "opened"}, "geen open of closed"),
        ({"service_code": "bestaat-niet"}, "Er is geen service"),
        ({"service_request_id": "123,S-2026-000001"}, "'123' is geen meldingnummer"),
        ({"service_request_id": ",".join(["S-2026-000001"] * 1001)}, "hoogstens 1000"),
        ({"status": "open\x00"}, "Ongeldig teken"),
    ],
)
def test_malformed_queries_get_the_error_list(client, open311, fmt, query, problem):
    problems = error_list(client.get(f"{BASE}/requests.{fmt}", query), 400, fmt)
    assert any(problem in p for p in problems), problems


def test_extremes_of_the_calendar_are_no_500(client, open311):
    for query in (
        {"start_date": "9999-12-31T23:59:59Z"},
        {"end_date": "0001-01-01T00:00:00Z"},
        {"start_date": "0001-01-01T00:00:00Z"},
    ):
        assert as_json(client.get(f"{BASE}/requests.json", query)) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_paths_methods_and_tokens(client, open311, fmt):
    assert error_list(client.get(f"{BASE}/bestaat-niet.{fmt}"), 404, fmt)
    assert error_list(client.get(f"{BASE}/services.{fmt}/"), 404, fmt)
    assert error_list(client.get(f"{BASE}/tokens/onbekend.{fmt}"), 404, fmt)
    assert error_list(client.get(f"{BASE}/tokens/{'x' * 100}.{fmt}"), 404, fmt)
    response = client.delete(f"{BASE}/services.{fmt}")
    assert error_list(response, 405, fmt) and response["Allow"] == "GET, HEAD"
    assert error_list(client.get(f"/open311/v2/services.{fmt}?x=%00"), 400, fmt)
    assert error_list(client.get("/open311/v2/services.csv"), 404, "json")


def test_a_control_character_in_a_description_still_gives_well_formed_xml(client, published):
    Signal.objects.filter(pk=published["closed"].pk).update(description="bel\x07 <b>&")
    root = as_xml(client.get(f"{BASE}/requests/{published['closed'].number}.xml"))
    assert root.findtext("request/description") == "bel <b>&"


def test_open311_needs_no_login_and_no_csrf_token(open311):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get(f"{BASE}/services.json").status_code == 200
    [answer] = as_json(create(strict, open311))
    assert answer["service_request_id"].startswith("S-")


def test_street_only():
    assert views.street_only("Kerkstraat 12a, 1234 AB Testveen") == "Kerkstraat"
    assert views.street_only("Kerkstraat 12 a") == "Kerkstraat"
    assert views.street_only("1e Jan Steenstraat 4") == "1e Jan Steenstraat"
    assert views.street_only("Laan 1940-1945 12") == "Laan 1940-1945"
    assert views.street_only("1234AB") == ""
    assert views.street_only("bij de speeltuin") == "bij de speeltuin"
