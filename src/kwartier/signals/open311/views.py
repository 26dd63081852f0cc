"""GeoReport v2 endpoints: discovery, services, service definitions, requests and tokens.

Anyone may read (the public part of the signals: public, non-sensitive categories, no
reporter, no house number, points to about 100 m); creating a request needs an app's
`api_key`. Every refusal is the specification's error list with 400, 403 or 404 in the
format the path asks for. The decisions are in docs/open311.md.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from decimal import Decimal

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from kwartier.core.geo import buurt_at
from kwartier.core.models import Area, Household
from kwartier.core.validators import validate_phone

from .. import services
from ..models import DESCRIPTION_MAX, Category, Signal, SignalEvent
from ..states import CLOSED, open311_status
from . import formats, keys

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01T00:00:00+01:00"  # when this endpoint's behaviour last changed
DEFAULT_SPAN = datetime.timedelta(days=90)  # the specification's default and largest span
RESULTS_MAX = 1000
IDS_MAX = 1000
VALUE_MAX = 100  # a date, a status or one code: longer is no value of ours
NUMBER = re.compile(r"^S-\d{4}-\d{6,9}$")
POSTCODE = re.compile(r"\b([1-9]\d{3}) ?([A-Za-z]{2})\b")
ADDRESS_MAX = Signal._meta.get_field("address").max_length
NAME_MAX = Signal._meta.get_field("reporter_name").max_length
ANSWER_MAX = {"string": 200, "text": DESCRIPTION_MAX, "number": 40, "datetime": 40}
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
LISTS = ("singlevaluelist", "multivaluelist")


class Refusal(Exception):
    """An answer with the specification's error list."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(descriptions)
        self.status = status
        self.descriptions = list(descriptions)


def endpoint(*methods: str):
    """A view answering `methods` in the path's format, with every refusal as the error
    list (also for input Django itself refuses: too many fields, a broken multipart body)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, fmt: str, **kwargs):
            try:
                if request.method not in methods:
                    response = formats.errors(
                        fmt, 405, [f"Methode {request.method} is hier niet toegestaan."]
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                return view(request, *args, fmt=fmt, **kwargs)
            except Refusal as refusal:
                return formats.errors(fmt, refusal.status, refusal.descriptions)
            except (SuspiciousOperation, MultiPartParserError):
                return formats.errors(fmt, 400, ["Het verzoek is niet te lezen."])

        return wrapper

    return decorate


@csrf_exempt  # a POST to a wrong path gets the error list too, not the CSRF page
def not_found(request, *args, **kwargs):
    """Any other path under /open311/v2/: the error list, never Django's HTML page."""
    return formats.errors(
        formats.format_of(request.path),
        404,
        ["Dit adres bestaat niet in deze Open311-koppeling; zie discovery.json."],
    )


# Reading input ------------------------------------------------------------------------


def _value(params: dict, name: str) -> str:
    """One parameter, stripped; repeated ones ("can be declared multiple times") joined
    with commas, as the lists of the specification are written."""
    values = [v.strip() for v in params.get(name, []) if v.strip()]
    value = ",".join(values)
    if "\x00" in value:
        raise Refusal(400, f"{name} bevat een ongeldig teken.")
    return value


def _list(params: dict, name: str, most: int = IDS_MAX) -> list[str]:
    items = [item.strip() for item in _value(params, name).split(",") if item.strip()]
    if len(items) > most:
        raise Refusal(400, f"{name}: hoogstens {most} waarden tegelijk.")
    return list(dict.fromkeys(items))


def _when(params: dict, name: str) -> datetime.datetime | None:
    value = _value(params, name)
    if not value:
        return None
    # An unencoded "+01:00" in a query string arrives as " 01:00".
    value = re.sub(r" (\d\d:?\d\d)$", r"+\1", value)
    problem = (
        f"{name} is geen datum en tijd in ISO 8601 met tijdzone, zoals 2026-03-01T09:30:00+01:00."
    )
    if len(value) > VALUE_MAX:
        raise Refusal(400, problem)
    try:
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError(value)
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError) as exc:
        raise Refusal(400, problem) from exc


def _shift(moment: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """`moment + delta`, stopping at the ends of the calendar."""
    try:
        return moment + delta
    except OverflowError:
        edge = datetime.datetime.max if delta > datetime.timedelta(0) else datetime.datetime.min
        return edge.replace(tzinfo=datetime.UTC)


# What is public -------------------------------------------------------------------------


def service_categories():
    """The services: public, active categories that are not a group of other services."""
    offered = Category.objects.filter(public=True, active=True)
    return (
        offered.exclude(Exists(offered.filter(parent=OuterRef("pk"))))
        .select_related("parent")
        .order_by("parent__order", "parent__name", "order", "name")
    )


def public_requests():
    """Signals anyone may read: public categories, never a sensitive one (nor one in a
    sensitive group), and not the parts a signal was split into for partners."""
    notes = SignalEvent.objects.filter(
        signal=OuterRef("pk"), kind=SignalEvent.Kind.MESSAGE
    ).order_by("-created_at", "-pk")
    return (
        Signal.objects.filter(category__public=True, category__sensitive=False)
        .exclude(category__parent__sensitive=True)
        .filter(parent__isnull=True)
        .select_related("category__parent", "organisation", "area")
        .annotate(status_notes=Subquery(notes.values("text")[:1]))
    )


def street_only(address: str) -> str:
    """The street of an address, without postcode and house number: "Kerkstraat 12a,
    1234 AB Testveen" → "Kerkstraat". A signal may be about someone's home."""
    first = POSTCODE.sub("", (address or "").split(",")[0])
    words = first.split()
    numbered = [i for i, word in enumerate(words) if any(c.isdigit() for c in word)]
    if numbered and numbered[-1] > 0:
        words = words[: numbered[-1]]
    return " ".join(words).strip()


def _rounded(value) -> float | None:
    # Three decimals: about 110 m north-south and 70 m east-west here.
    return round(float(value), 3) if value is not None else None


def request_item(signal: Signal) -> dict:
    category = signal.category
    street = street_only(signal.address)
    return {
        "service_request_id": signal.number,
        "status": open311_status(signal.status),
        "status_notes": signal.status_notes or None,
        "service_name": category.name,
        "service_code": category.code,
        "description": signal.description,
        "agency_responsible": signal.organisation.name,
        "service_notice": None,
        "requested_datetime": formats.moment(signal.reported_at),
        "updated_datetime": formats.moment(signal.updated_at),
        "expected_datetime": formats.moment(signal.due_at),
        "address": ", ".join(part for part in (street, signal.area.name) if part),
        "lat": _rounded(signal.latitude),
        "long": _rounded(signal.longitude),
    }


def service_item(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.questions),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.parent.name if category.parent_id else category.name,
    }


def questions(category: Category) -> list[dict]:
    """The category's extra questions that are well formed (they are data the beheerder
    edits), each with its datatype and list values."""
    out = []
    for question in category.questions if isinstance(category.questions, list) else []:
        if not isinstance(question, dict) or not str(question.get("code") or "").strip():
            continue
        datatype = question.get("datatype") if question.get("datatype") in DATATYPES else "string"
        values = question.get("values") if datatype in LISTS else []
        values = [
            {"key": str(v.get("key")), "name": str(v.get("name") or v.get("key"))}
            for v in (values if isinstance(values, list) else [])
            if isinstance(v, dict) and v.get("key") is not None
        ]
        out.append(
            {
                "code": str(question["code"]).strip(),
                "datatype": datatype,
                "required": bool(question.get("required")),
                "description": str(question.get("question") or question.get("description") or ""),
                "datatype_description": str(question.get("datatype_description") or ""),
                "values": values,
            }
        )
    return out


def attribute_item(question: dict, order: int) -> dict:
    item = {
        "variable": True,
        "code": question["code"],
        "datatype": question["datatype"],
        "required": question["required"],
        "datatype_description": question["datatype_description"] or None,
        "order": order,
        "description": question["description"],
    }
    if question["datatype"] in LISTS:
        item["values"] = question["values"]
    return item


# Endpoints ------------------------------------------------------------------------------


@endpoint("GET", "HEAD")
def discovery(request, fmt):
    base = request.build_absolute_uri(reverse("open311:discovery-json").rsplit("/", 1)[0])
    return formats.render(
        fmt,
        "discovery",
        {
            "changeset": CHANGESET,
            "contact": "Vragen over deze koppeling: de beheerder van Kwartier bij de gemeente.",
            "key_service": (
                "Een api_key voor een app vraagt u aan bij de beheerder van Kwartier "
                "(docs/open311.md)."
            ),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@endpoint("GET", "HEAD")
def service_list(request, fmt):
    return formats.render(fmt, "services", [service_item(c) for c in service_categories()])


def _service(code: str) -> Category:
    category = service_categories().filter(code=code[:VALUE_MAX]).first()
    if category is None:
        raise Refusal(404, f"Er is geen service met service_code {code[:VALUE_MAX]!r}.")
    return category


@endpoint("GET", "HEAD")
def service_definition(request, code, fmt):
    category = _service(code)
    attributes = [attribute_item(q, i) for i, q in enumerate(questions(category), start=1)]
    return formats.render(
        fmt, "service_definition", {"service_code": category.code, "attributes": attributes}
    )


@csrf_exempt  # for outside apps, which carry an api_key instead of a session
@endpoint("GET", "HEAD", "POST")
def request_list(request, fmt):
    if request.method == "POST":
        return create_request(request, fmt)
    params = dict(request.GET.lists())
    found = public_requests()
    numbers = _list(params, "service_request_id")
    if numbers:
        wrong = [n[:VALUE_MAX] for n in numbers if not NUMBER.match(n)]
        if wrong:
            raise Refusal(
                400, *[f"{n!r} is geen meldingnummer zoals S-2026-000123." for n in wrong[:10]]
            )
        # "This overrides all other arguments."
        return _requests(fmt, found.filter(number__in=numbers))
    codes = [code[:VALUE_MAX] for code in _list(params, "service_code")]
    known = set(Category.objects.filter(public=True, code__in=codes).values_list("code", flat=True))
    problems = [f"Er is geen service met service_code {c!r}." for c in codes if c not in known]
    statuses = {status[:VALUE_MAX] for status in _list(params, "status")}
    problems += [f"status {s!r} is geen open of closed." for s in statuses - {"open", "closed"}]
    start, end = _when(params, "start_date"), _when(params, "end_date")
    if problems:
        raise Refusal(400, *problems)
    if start and end and end < start:
        raise Refusal(400, "end_date ligt voor start_date.")
    if start and end and end - start > DEFAULT_SPAN:
        raise Refusal(400, "Tussen start_date en end_date liggen hoogstens 90 dagen.")
    if start is None and end is None:
        end = timezone.now()
    start = start or _shift(end, -DEFAULT_SPAN)
    end = end or _shift(start, DEFAULT_SPAN)
    found = found.filter(reported_at__gte=start, reported_at__lte=end)
    if codes:
        found = found.filter(category__code__in=codes)
    if statuses == {"open"}:
        found = found.exclude(status__in=CLOSED)
    elif statuses == {"closed"}:
        found = found.filter(status__in=CLOSED)
    return _requests(fmt, found)


def _requests(fmt, found) -> HttpResponse:
    items = [request_item(s) for s in found.order_by("-reported_at", "-pk")[:RESULTS_MAX]]
    return formats.render(fmt, "service_requests", items)


@endpoint("GET", "HEAD")
def request_detail(request, number, fmt):
    signal = public_requests().filter(number=number).first() if NUMBER.match(number) else None
    if signal is None:
        raise Refusal(404, f"Er is geen melding met service_request_id {number[:VALUE_MAX]!r}.")
    return formats.render(fmt, "service_requests", [request_item(signal)])


@endpoint("GET", "HEAD")
def token(request, token, fmt):
    signal = Signal.objects.filter(open311_token=token).first() if len(token) <= 40 else None
    if signal is None:
        raise Refusal(404, f"Er is geen melding met token {token[:VALUE_MAX]!r}.")
    return formats.render(
        fmt, "service_requests", [{"service_request_id": signal.number, "token": token}]
    )


# Creating a request ---------------------------------------------------------------------


def create_request(request, fmt) -> HttpResponse:
    # The description names them as query parameters, apps send a form: both are read,
    # the form winning.
    params = {**dict(request.GET.lists()), **dict(request.POST.lists())}
    key = keys.active(_value(params, "api_key"))
    if key is None:
        raise Refusal(403, "Geen geldige api_key: vraag een sleutel aan bij de beheerder.")
    code = _value(params, "service_code")
    if not code:
        raise Refusal(400, "service_code ontbreekt.")
    category = _service(code)
    problems: list[str] = []
    place = _place(params, problems)
    description = _value(params, "description")
    if len(description) > DESCRIPTION_MAX:
        problems.append(f"description is te lang: hoogstens {DESCRIPTION_MAX} tekens.")
    answers = _answers(params, category, problems)
    contact = _contact(params, problems)
    if problems:
        raise Refusal(400, *problems)
    open311_token = services.new_status_token()[:40]
    try:
        signal = services.report(
            category=category,
            description=description,
            channel=Signal.Channel.OPEN311,
            api_key=key,
            open311_token=open311_token,
            attributes=answers,
            **place,
            **contact,
        )
    except ValidationError as exc:  # core's RuleError included
        raise Refusal(400, *exc.messages) from exc
    notice = (
        f"Ontvangen als melding {signal.number}, doorgestuurd naar {signal.organisation.name}; "
        f"afgehandeld vóór {timezone.localtime(signal.due_at):%d-%m-%Y}."
    )
    return formats.render(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": signal.number,
                "token": open311_token,
                "service_notice": notice,
                "account_id": None,
            }
        ],
    )


def _number(params: dict, name: str, low: float, high: float, problems: list) -> float | None:
    value = _value(params, name)
    try:
        number = float(value) if len(value) <= VALUE_MAX else math.nan
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and low <= number <= high):
        problems.append(f"{name} is geen getal tussen {low:g} en {high:g}.")
        return None
    return number


def _place(params: dict, problems: list) -> dict:
    """The buurt, and the point or address: lat+long must lie in a buurt; an address is
    placed by its postcode (no geocoder: the postcodes of core's households name the
    buurt)."""
    lat, lon = _value(params, "lat"), _value(params, "long")
    address = _value(params, "address_string")
    if len(address) > ADDRESS_MAX:
        problems.append(f"address_string is te lang: hoogstens {ADDRESS_MAX} tekens.")
        return {}
    if lat or lon:
        latitude = _number(params, "lat", -90, 90, problems)
        longitude = _number(params, "long", -180, 180, problems)
        if latitude is None or longitude is None:
            return {}
        buurt = buurt_at(longitude, latitude)
        if buurt is None:
            problems.append(f"De plek {latitude:g}, {longitude:g} ligt buiten de gemeente.")
            return {}
        return {
            "area": buurt,
            "latitude": Decimal(f"{latitude:.6f}"),
            "longitude": Decimal(f"{longitude:.6f}"),
            "address": address,
        }
    if address:
        buurt = _buurt_of_postcode(address)
        if buurt is None:
            problems.append(
                "Het adres ligt buiten de gemeente of heeft geen bekende postcode: "
                "geef lat en long, of een adres met postcode (1234 AB)."
            )
            return {}
        return {"area": buurt, "address": address}
    problems.append("Geef een plek: lat en long, of address_string met postcode.")
    return {}


def _buurt_of_postcode(address: str):
    match = POSTCODE.search(address)
    if not match:
        return None
    digits, letters = match.group(1), match.group(2).upper()
    # A postcode that spans two buurten goes to the one with most households there.
    top = (
        Household.objects.filter(postcode__in=[f"{digits} {letters}", f"{digits}{letters}"])
        .values("buurt")
        .annotate(homes=Count("pk"))
        .order_by("-homes", "buurt")
        .first()
    )
    return Area.objects.get(pk=top["buurt"]) if top else None


def _answers(params: dict, category: Category, problems: list) -> dict:
    """attribute[CODE]=value (attribute[CODE][]=… for several), checked against the
    service definition; answers to questions the definition does not ask are left out."""
    answers = {}
    for question in questions(category):
        code, datatype = question["code"], question["datatype"]
        given = [
            v.strip()
            for name in (f"attribute[{code}]", f"attribute[{code}][]")
            for v in params.get(name, [])
            if v.strip()
        ]
        label = question["description"] or code
        if any("\x00" in v for v in given):
            problems.append(f"attribute[{code}] bevat een ongeldig teken.")
            continue
        if not given:
            if question["required"]:
                problems.append(f"attribute[{code}] ({label}) is verplicht.")
            continue
        if datatype in LISTS:
            keys_ = {v["key"] for v in question["values"]}
            wrong = [v for v in given if v not in keys_]
            if wrong or (datatype == "singlevaluelist" and len(given) > 1):
                problems.append(
                    f"attribute[{code}]: kies {'één' if datatype == 'singlevaluelist' else ''} "
                    f"uit {', '.join(sorted(keys_))}.".replace("  ", " ")
                )
                continue
            answers[code] = given if datatype == "multivaluelist" else given[0]
            continue
        value = given[-1]
        if len(value) > ANSWER_MAX[datatype]:
            problems.append(
                f"attribute[{code}] is te lang: hoogstens {ANSWER_MAX[datatype]} tekens."
            )
            continue
        if datatype == "number":
            try:
                if not math.isfinite(float(value)):
                    raise ValueError(value)
            except ValueError:
                problems.append(f"attribute[{code}] is geen getal.")
                continue
        if datatype == "datetime":
            try:
                _when({code: [value]}, code)
            except Refusal:
                problems.append(f"attribute[{code}] is geen datum en tijd in ISO 8601.")
                continue
        answers[code] = value
    return answers


def _contact(params: dict, problems: list) -> dict:
    """The reporter's contact: an app sends it only when its user gave it to be kept
    informed, so given contact details count as consent to be contacted (docs/open311.md).
    """
    email = _value(params, "email")
    name = " ".join(p for p in (_value(params, "first_name"), _value(params, "last_name")) if p)
    phone = _value(params, "phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append("email is geen geldig e-mailadres.")
    if len(name) > NAME_MAX:
        problems.append(f"first_name en last_name zijn samen te lang: hoogstens {NAME_MAX} tekens.")
    try:
        validate_phone(phone)
    except ValidationError as exc:
        problems.append(f"phone: {exc.messages[0]}")
    if not (email or name or phone):
        return {}
    return {
        "reporter_email": email,
        "reporter_name": name,
        "reporter_phone": phone,
        "contact_consent": True,
    }
