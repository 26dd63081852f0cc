"""`kwartier signals pull`: requests of another GeoReport v2 server become signals.

The other server is typically the municipality's MOR system. First everything is fetched
and parsed (any failure: `PullError`, nothing changed); then one transaction applies it:
a new request becomes a signal with channel "import" and its external id, a known one
only follows the outside status. A request without a point, or with a point outside
every buurt, is skipped and named in the report. `dry_run` runs the same transaction and
rolls it back, so the report says exactly what a real run would do.
"""

from __future__ import annotations

import datetime
import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from kwartier.core.geo import buurt_at

from . import services, states
from .georeport import (
    GeoReportError,
    Request,
    Service,
    parse_errors,
    parse_requests,
    parse_services,
    sniff,
)
from .models import DESCRIPTION_MAX, Category, Signal, SignalEvent
from .states import Status

TIMEOUT = 10.0  # seconds, per answer
MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 100  # with the size limit over all pages together
EARLIEST = datetime.date(2000, 1, 1)
# Clocks differ: a request a few minutes "in the future" is a clock, not a wrong date.
CLOCK_SKEW = datetime.timedelta(minutes=5)
FALLBACK = "overig"
ADDRESS_MAX = Signal._meta.get_field("address").max_length
EXTERNAL_ID_MAX = Signal._meta.get_field("external_id").max_length
SOURCE_MAX = Signal._meta.get_field("external_source").max_length
SERVICE_MAX = Signal._meta.get_field("external_service").max_length


class PullError(Exception):
    """The run cannot go on; the message is Dutch and nothing was changed."""


@dataclass
class Report:
    source: str
    dry_run: bool = False
    read: int = 0
    new: list[tuple[str, str]] = field(default_factory=list)  # (external id, number)
    updated: list[tuple[str, str, str]] = field(default_factory=list)  # (id, number, status)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (external id, reason)
    per_category: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def count(self, category: Category, what: str) -> None:
        self.per_category[str(category)][what] += 1


# Arguments ---------------------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """The base URL as the signals' external_source: lower-case scheme and host, no
    trailing slash, query or fragment, so that one server is always one source."""
    parts = urllib.parse.urlsplit((url or "").strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise PullError(
            f"'{url}' is geen webadres; geef het basisadres van de GeoReport-server, "
            "bijvoorbeeld https://meldingen.example.nl/open311/v2."
        )
    path = parts.path.rstrip("/")
    for suffix in ("/services.json", "/services.xml", "/requests.json", "/requests.xml"):
        path = path.removesuffix(suffix)
    base = urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))
    if len(base) > SOURCE_MAX:
        raise PullError(f"Het adres is te lang: hoogstens {SOURCE_MAX} tekens.")
    return base


def parse_since(text: str, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        since = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise PullError(
            f"--since '{text}' is geen bestaande datum; schrijf jjjj-mm-dd, bijvoorbeeld "
            f"{today.isoformat()}."
        ) from None
    if since > today:
        raise PullError(f"--since {since.isoformat()} ligt in de toekomst.")
    if since < EARLIEST:
        raise PullError(f"--since {since.isoformat()} ligt vóór {EARLIEST.year}.")
    return since


# Fetching ----------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str


def fetch(url: str, timeout: float, max_bytes: int, used: int = 0) -> Answer:
    """GET with a timeout (per step, and for the whole answer) and a size limit (with
    `used` bytes of earlier pages counted). An HTTP error status is returned as an
    Answer; everything else that fails raises PullError."""
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/json, application/xml;q=0.9, text/xml;q=0.8",
            "User-Agent": "Kwartier-Open311-client",
        },
    )
    deadline = time.monotonic() + timeout
    try:
        try:
            response = urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            status = response.status if hasattr(response, "status") else response.code
            content_type = response.headers.get("Content-Type", "")
            # read1 returns what has arrived, so that the deadline is checked while a
            # server drips its answer (the socket timeout only bounds each wait).
            read = getattr(response, "read1", response.read)
            chunks, size = [], 0
            while chunk := read(64 * 1024):
                size += len(chunk)
                if used + size > max_bytes:
                    raise PullError(
                        f"Het antwoord van {url} is te groot: samen meer dan "
                        f"{max_bytes / (1024 * 1024):.3g} MB; "
                        "kies een kortere periode met --since of één dienst met --service."
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
            if getattr(response, "length", None):  # Content-Length promised more
                raise http.client.IncompleteRead(b"".join(chunks), response.length)
    except TimeoutError:
        raise PullError(
            f"De server gaf binnen {timeout:g} seconden geen (volledig) antwoord op {url}."
        ) from None
    except http.client.IncompleteRead:
        raise PullError(f"Het antwoord van {url} kwam niet volledig binnen (afgebroken).") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise PullError(
                f"De server gaf binnen {timeout:g} seconden geen antwoord op {url}."
            ) from None
        if isinstance(reason, ConnectionRefusedError):
            raise PullError(f"De server weigert de verbinding ({url}); draait hij wel?") from None
        if isinstance(reason, socket.gaierror):
            host = urllib.parse.urlsplit(url).hostname
            raise PullError(f"De servernaam '{host}' is onbekend.") from None
        raise PullError(f"Kon {url} niet ophalen: {reason}.") from None
    except (http.client.HTTPException, OSError) as error:
        raise PullError(f"Kon {url} niet ophalen: {error}.") from None
    return Answer(status, b"".join(chunks), content_type)


def refusal(url: str, answer: Answer) -> PullError:
    """A 4xx/5xx as a Dutch message, with the spec's error list when the server sent one."""
    errors = parse_errors(answer.body)
    said = "; ".join(
        f"{e.code}: {e.description}" if e.code else e.description for e in errors if e.description
    )
    return PullError(
        f"De server antwoordde {answer.status} op {url}" + (f": {said}" if said else ".")
    )


class Server:
    def __init__(self, base: str, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES):
        self.base, self.timeout, self.max_bytes = base, timeout, max_bytes
        self.fmt = "json"

    def url(self, name: str, fmt: str, query: dict | None = None) -> str:
        query = {k: v for k, v in (query or {}).items() if v not in (None, "")}
        return f"{self.base}/{name}.{fmt}" + (f"?{urllib.parse.urlencode(query)}" if query else "")

    def get(self, url: str, parse, answer: Answer | None = None):
        answer = answer or fetch(url, self.timeout, self.max_bytes)
        if answer.status >= 400:
            raise refusal(url, answer)
        try:
            return parse(answer.body, sniff(answer.body, answer.content_type))
        except GeoReportError as error:
            raise PullError(f"{url}: {error}") from None

    def services(self) -> list[Service]:
        """services.json; services.xml when the server only speaks XML (JSON is optional
        in GeoReport v2, XML required): it refuses .json or answers it with a web page.
        The format found is used for the requests too."""
        url = self.url("services", "json")
        answer = fetch(url, self.timeout, self.max_bytes)
        try:
            fmt = sniff(answer.body, answer.content_type)
        except GeoReportError:
            fmt = ""
        if 400 <= answer.status < 500 or fmt in ("", "html"):
            try:
                services = self.get(self.url("services", "xml"), parse_services)
            except PullError:
                # The .json answer says best what is wrong (the address, most likely).
                self.get(url, parse_services, answer)
                raise
            self.fmt = "xml"
            return services
        return self.get(url, parse_services, answer)

    def requests(self, service: str | None, since: datetime.date | None) -> list[Request]:
        """All pages: servers that page (`page=2`, …) are followed until an empty or
        repeated page; a server that does not page answers page 2 with the same list (or
        refuses the parameter with a 4xx)."""
        start = None
        if since:
            local = timezone.get_current_timezone()
            start = datetime.datetime.combine(since, datetime.time(), tzinfo=local).isoformat()
        found: dict[str, Request] = {}
        unnamed: list[Request] = []
        size = 0
        for page in range(1, MAX_PAGES + 2):
            if page > MAX_PAGES:
                raise PullError(
                    f"De server blijft pagina's sturen (meer dan {MAX_PAGES}); kies een kortere "
                    "periode met --since."
                )
            query = {
                "start_date": start,
                "service_code": service,
                "page": page if page > 1 else None,
            }
            url = self.url("requests", self.fmt, query)
            answer = fetch(url, self.timeout, self.max_bytes, used=size)
            size += len(answer.body)
            if page > 1 and 400 <= answer.status < 500:
                break
            batch = self.get(url, parse_requests, answer)
            if page == 1:
                unnamed = [r for r in batch if not r.id]
            fresh = [r for r in batch if r.id and r.id not in found]
            if not fresh:
                break
            found.update((r.id, r) for r in fresh)
        return list(found.values()) + unnamed


# Applying ---------------------------------------------------------------------------------


def closing_reason(source: str) -> str:
    return f"Afgesloten in {source}"


def path_to_closed(current: str) -> list[str]:
    """The shortest allowed path to afgehandeld (never through doorgezet, which needs a
    partner, or geannuleerd)."""
    paths = {current: []}
    queue = [current]
    while queue:
        status = queue.pop(0)
        if status == Status.AFGEHANDELD:
            return paths[status]
        for following in sorted(states.TRANSITIONS.get(status, ())):
            if following not in paths and following not in (Status.DOORGEZET, Status.GEANNULEERD):
                paths[following] = paths[status] + [following]
                queue.append(following)
    raise PullError(f"Een melding met status '{current}' kan niet naar afgehandeld.")


def closed_by_source(signal: Signal, source: str) -> bool:
    """Whether the source's own closing closed this signal (not a handler in Kwartier)."""
    last = signal.events.filter(kind=SignalEvent.Kind.STATUS).order_by("-created_at", "-pk").first()
    return bool(last and last.to_status in states.CLOSED and last.text == closing_reason(source))


class Importer:
    def __init__(self, source: str, services_by_code: dict[str, Service], report: Report):
        self.source, self.services, self.report = source, services_by_code, report
        self.categories: dict[tuple[str, str], Category] = {}
        self.fallback = Category.objects.filter(code=FALLBACK, active=True).first()
        if self.fallback is None:
            raise PullError(
                f"De categorie '{FALLBACK}' ontbreekt of is niet in gebruik; zonder haar kan "
                "een dienst zonder eigen categorie niet worden overgenomen."
            )
        self.now = timezone.now()

    def service_name(self, request: Request) -> str:
        known = self.services.get(request.service_code)
        return request.service_name or (known.name if known else "") or request.service_code

    def category(self, request: Request) -> Category:
        """The category with the service_code as code, else with the service's name, else
        "overig" (the outside name is kept in external_service)."""
        key = (request.service_code, self.service_name(request))
        if key not in self.categories:
            active = Category.objects.filter(active=True)
            self.categories[key] = (
                (key[0] and active.filter(code=key[0]).first())
                or (key[1] and active.filter(name__iexact=key[1]).order_by("order", "pk").first())
                or self.fallback
            )
        return self.categories[key]

    def apply(self, request: Request) -> None:
        self.report.read += 1
        if request.problem:
            self.report.skipped.append((request.id or "?", request.problem))
            return
        existing = Signal.objects.filter(
            external_source=self.source, external_id=request.id
        ).first()
        if existing:
            self.follow(existing, request)
        else:
            self.create(request)

    def follow(self, signal: Signal, request: Request) -> None:
        """The outside status wins when it changed there: closed there → afgehandeld here;
        open again there after the source closed it → heropend. A signal a handler in
        Kwartier closed stays closed while the source still has it open."""
        if request.status == "closed" and not signal.is_closed:
            for status in path_to_closed(signal.status):
                reason = closing_reason(self.source) if status == Status.AFGEHANDELD else ""
                signal = services.transition(signal, status, reason=reason)
            self.updated(signal, request)
        elif (
            request.status == "open" and signal.is_closed and closed_by_source(signal, self.source)
        ):
            reason = f"Heropend in {self.source}"
            signal = services.transition(signal, Status.HEROPEND, reason=reason)
            self.updated(signal, request)
        else:
            self.report.unchanged += 1
            self.report.count(signal.category, "ongewijzigd")

    def updated(self, signal: Signal, request: Request) -> None:
        self.report.updated.append((request.id, signal.number, signal.get_status_display()))
        self.report.count(signal.category, "bijgewerkt")

    def refusal(self, request: Request) -> str:
        """Why a new request cannot become a signal here, or ""."""
        if len(request.id) > EXTERNAL_ID_MAX:
            return f"kenmerk langer dan {EXTERNAL_ID_MAX} tekens"
        if request.requested_at is None:
            return "geen meldtijd (requested_datetime)"
        if request.requested_at > self.now + CLOCK_SKEW:
            return f"meldtijd {request.requested_at.isoformat()} ligt in de toekomst"
        if len(request.description) > DESCRIPTION_MAX:
            return f"omschrijving langer dan {DESCRIPTION_MAX} tekens"
        if request.point is None:
            where = f" (alleen het adres '{request.address}')" if request.address else ""
            return f"geen locatie{where}"
        return ""

    def create(self, request: Request) -> None:
        reason = self.refusal(request)
        buurt = None if reason else buurt_at(*request.point)
        if not reason and buurt is None:
            reason = f"punt {request.lat}, {request.lon} ligt buiten de gemeente (in geen buurt)"
        if reason:
            self.report.skipped.append((request.id, reason))
            return
        category = self.category(request)
        signal = services.report(
            category=category,
            area=buurt,
            description=request.description,
            channel=Signal.Channel.IMPORT,
            reported_at=request.requested_at,
            latitude=Decimal(str(round(request.lat, 6))),
            longitude=Decimal(str(round(request.lon, 6))),
            address=request.address[:ADDRESS_MAX],
            external_source=self.source,
            external_id=request.id,
            external_service=self.service_name(request)[:SERVICE_MAX],
        )
        services.record(
            signal,
            SignalEvent.Kind.IMPORTED,
            text=f"Overgenomen uit {self.source} (kenmerk {request.id}, dienst "
            f"'{self.service_name(request)}')"
            + (f"; daar: {request.status_notes}" if request.status_notes else ""),
        )
        if request.status == "closed":
            for status in path_to_closed(signal.status):
                reason = closing_reason(self.source) if status == Status.AFGEHANDELD else ""
                signal = services.transition(signal, status, reason=reason)
        self.report.new.append((request.id, signal.number))
        self.report.count(category, "nieuw")


def pull(
    url: str,
    *,
    service: str | None = None,
    since: datetime.date | None = None,
    dry_run: bool = False,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> Report:
    """Fetch, then apply in one transaction (rolled back for a dry run)."""
    source = normalise_url(url)
    server = Server(source, timeout=timeout, max_bytes=max_bytes)
    known = {s.code: s for s in server.services()}
    if service and service not in known:
        raise PullError(f"De server kent geen dienst met code '{service}'.")
    requests = server.requests(service, since)
    report = Report(source=source, dry_run=dry_run)
    try:
        with transaction.atomic():
            importer = Importer(source, known, report)
            for request in requests:
                if service and request.service_code != service:
                    continue  # the server ignored service_code
                if (
                    since
                    and request.requested_at
                    and timezone.localdate(request.requested_at) < since
                ):
                    continue  # the server ignored start_date
                try:
                    # One request's own refusal (a rule of the domain) skips only that request.
                    with transaction.atomic():
                        importer.apply(request)
                except ValidationError as error:
                    report.skipped.append((request.id, " ".join(error.messages)))
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        raise PullError(f"Opslaan mislukte; er is niets veranderd ({error}).") from None
    return report
