"""Reading what another Open311 GeoReport v2 server answers: services, requests, errors.

Pure parsing (no database), for `kwartier signals pull`. Real servers differ from the
specification in small ways, so this is lenient where the meaning is clear: datetimes with
or without `T`, zone or fractions (no zone: Europe/Amsterdam), `Open`/`Closed` in any case,
empty or null fields, ids as strings or numbers, XML with or without namespaces. What is
not clear (a file that is not JSON or XML, a cut-off file, a date that is no date) is
refused: a whole file with `GeoReportError`, one request by naming its `problem`.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError
from zoneinfo import ZoneInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

# Without a zone a time is read as Dutch local time: the source is the municipality's system.
LOCAL = ZoneInfo("Europe/Amsterdam")
STATUSES = frozenset({"open", "closed"})
DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)


class GeoReportError(ValueError):
    """A whole answer that cannot be read; the message is Dutch."""


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str = ""
    group: str = ""
    keywords: str = ""
    metadata: bool = False
    type: str = ""


@dataclass(frozen=True)
class Request:
    id: str
    status: str  # "open" or "closed" ("" when unreadable, then `problem` says why)
    service_code: str = ""
    service_name: str = ""
    description: str = ""
    status_notes: str = ""
    requested_at: datetime.datetime | None = None
    updated_at: datetime.datetime | None = None
    address: str = ""
    lat: float | None = None
    lon: float | None = None
    problem: str = ""  # why this request cannot be used; empty when it can

    @property
    def point(self) -> tuple[float, float] | None:
        """(lon, lat), or None: missing, or 0,0 (what some servers send for "no point")."""
        if self.lat is None or self.lon is None or (self.lat == 0 and self.lon == 0):
            return None
        return self.lon, self.lat


@dataclass(frozen=True)
class ApiError:
    code: str
    description: str


def parse_datetime(value) -> datetime.datetime | None:
    """ISO 8601 as servers write it; None for empty. Raises ValueError (Dutch) otherwise."""
    text = text_of(value)
    if not text:
        return None
    match = DATETIME.fullmatch(text)
    if not match:
        raise ValueError(f"'{text}' is geen datum en tijd")
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    if zone is None:
        tz = LOCAL
    elif zone.upper() == "Z":
        tz = datetime.UTC
    else:
        digits = zone[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
        tz = datetime.timezone(datetime.timedelta(minutes=minutes if zone[0] == "+" else -minutes))
    try:
        return datetime.datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0),
            int(second or 0), micro, tzinfo=tz,
        )  # fmt: skip
    except ValueError:
        raise ValueError(f"'{text}' is geen bestaande datum en tijd") from None


def text_of(value) -> str:
    """A field as text: None and nil are empty, numbers are written without ".0"."""
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number_of(value, name: str, limit: float) -> float | None:
    text = text_of(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{name} '{text}' is geen getal") from None
    if not -limit <= number <= limit:
        raise ValueError(f"{name} {text} ligt buiten de aarde")
    return number


# Formats ----------------------------------------------------------------------------------


def sniff(body: bytes, content_type: str = "") -> str:
    """ "json", "xml" or "html" (a web page, e.g. a login or error page), from the body
    first: servers often send the wrong Content-Type."""
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"[", b"{")):
        return "json"
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start:
        return "html"
    if start.startswith(b"<"):
        return "xml"
    if "html" in content_type:
        return "html"
    if "json" in content_type:
        return "json"
    if "xml" in content_type:
        return "xml"
    raise GeoReportError("Het antwoord is geen JSON en geen XML.")


def load(body: bytes, fmt: str):
    """The parsed document: JSON data or the XML root element."""
    if fmt == "html":
        raise GeoReportError(
            "De server antwoordde met een webpagina (HTML) in plaats van GeoReport-gegevens; "
            "klopt het adres?"
        )
    if fmt == "json":
        try:
            return json.loads(body.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise GeoReportError("Het antwoord is geen geldige UTF-8-tekst.") from None
        except json.JSONDecodeError as error:
            raise GeoReportError(
                f"Het antwoord is geen volledige JSON (afgebroken of beschadigd bij teken "
                f"{error.pos})."
            ) from None
    try:
        return fromstring(body)
    except DefusedXmlException:
        raise GeoReportError(
            "Het XML-antwoord gebruikt entiteiten of een DTD; geweigerd."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise GeoReportError(
            f"Het antwoord is geen volledige XML (afgebroken of beschadigd op regel {line}, "
            f"kolom {column})."
        ) from None


def tag(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def xml_fields(element: Element) -> dict[str, str]:
    """An XML item's simple children as a dict of texts (`<x/>` is empty)."""
    return {tag(child): (child.text or "").strip() for child in element}


def items(document, root: str, item: str, fmt: str) -> list[dict]:
    """The list of items of a services or requests answer, as dicts."""
    if fmt == "json":
        if isinstance(document, dict):
            # Not the spec (it says bare arrays), but some servers wrap the list.
            document = document.get(root, document.get(item + "s"))
        if not isinstance(document, list) or not all(isinstance(i, dict) for i in document):
            raise GeoReportError(f"Het JSON-antwoord is geen lijst van {item}-gegevens.")
        return document
    if tag(document) != root:
        raise GeoReportError(f"Het XML-antwoord is geen <{root}> maar <{tag(document)}>.")
    return [xml_fields(child) for child in document if tag(child) == item]


def parse_services(body: bytes, fmt: str | None = None) -> list[Service]:
    fmt = fmt or sniff(body)
    services = []
    for raw in items(load(body, fmt), "services", "service", fmt):
        code = text_of(raw.get("service_code"))
        if not code:
            continue  # a service without a code cannot be asked for
        services.append(
            Service(
                code=code,
                name=text_of(raw.get("service_name")) or code,
                description=text_of(raw.get("description")),
                group=text_of(raw.get("group")),
                keywords=text_of(raw.get("keywords")),
                metadata=text_of(raw.get("metadata")).lower() == "true",
                type=text_of(raw.get("type")),
            )
        )
    return services


def parse_request(raw: dict) -> Request:
    """One request; what cannot be read is named in `problem` (the rest is kept)."""
    problems = []
    status = text_of(raw.get("status")).lower()
    if status not in STATUSES:
        problems.append(f"onbekende status '{text_of(raw.get('status'))}'")
        status = ""
    values = {}
    for field, read in (
        ("requested_at", lambda: parse_datetime(raw.get("requested_datetime"))),
        ("updated_at", lambda: parse_datetime(raw.get("updated_datetime"))),
        ("lat", lambda: number_of(raw.get("lat"), "breedtegraad", 90)),
        ("lon", lambda: number_of(raw.get("long"), "lengtegraad", 180)),
    ):
        try:
            values[field] = read()
        except ValueError as error:
            problems.append(str(error))
    request_id = text_of(raw.get("service_request_id"))
    if not request_id:
        problems.insert(0, "geen service_request_id")
    return Request(
        id=request_id,
        status=status,
        service_code=text_of(raw.get("service_code")),
        service_name=text_of(raw.get("service_name")),
        description=text_of(raw.get("description")),
        status_notes=text_of(raw.get("status_notes")),
        address=text_of(raw.get("address")),
        problem="; ".join(problems),
        **values,
    )


def parse_requests(body: bytes, fmt: str | None = None) -> list[Request]:
    fmt = fmt or sniff(body)
    return [
        parse_request(raw) for raw in items(load(body, fmt), "service_requests", "request", fmt)
    ]


def parse_errors(body: bytes, fmt: str | None = None) -> list[ApiError]:
    """The spec's error list (`[{code, description}]` or `<errors><error>…`); [] when the
    body is something else (a server's own error page)."""
    try:
        fmt = fmt or sniff(body)
        document = load(body, fmt)
    except GeoReportError:
        return []
    if fmt == "json":
        raw = document if isinstance(document, list) else [document]
        return [
            ApiError(text_of(e.get("code")), text_of(e.get("description")))
            for e in raw
            if isinstance(e, dict) and ("description" in e or "code" in e)
        ]
    if tag(document) == "error":  # a single <error>, as some servers send
        return [ApiError("", (document.text or "").strip())]
    if tag(document) != "errors":
        return []
    errors = [xml_fields(e) for e in document if tag(e) == "error"]
    return [ApiError(e.get("code", ""), e.get("description", "")) for e in errors]
