"""Match residents' support questions (hulpvragen) to helpers (aanbod), optimally.

The engine is pure Python + numpy/scipy (numba compiles the solver's loops when installed),
without Django, so it can run from the CLI, a view or a background job alike. The model, the
score and the optimality argument are in docs/matching.md; in short:

1. `parse` validates JSON-shaped input into `Request`/`Offer` dataclasses, or raises
   `MatchingInputError` naming every bad path (`requests[3].lat: ontbreekt`).
2. `match` keeps only feasible pairs (category, shared slot, within the helper's reach,
   language, VOG, not excluded), found through a per-category k-d tree so the 10^7 possible pairs
   of a city are never enumerated.
3. `flow.optimal_assignment` solves the problem exactly: a maximum matching and its
   Dulmage–Mendelsohn split fix the number of matches, then two min-cost flows on the
   helper-level network (the load penalty a convex cost per helper) give the best total
   score among maximum matchings, without big-M weights or place columns.
4. Every unmatched request gets the first rule, in `RULES` order, that empties its candidates.

Scores are computed in integer milli-points so the solver, which works in int64, adds and
compares exact integers (see `_assign` for the bound).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from scipy.spatial import cKDTree

Id = int | str

EARTH_RADIUS_KM = 6371.0088
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
DAYPARTS = ("ochtend", "middag", "avond", "nacht")
SLOTS = frozenset(f"{day}-{part}" for day in WEEKDAYS for part in DAYPARTS)

MILLI = 1000  # score unit inside the solver: integer milli-points
# Input bounds (`parse`): a helper's places at once (as Helper.capacity allows), what a helper
# already carries (far above any capacity: a helper over capacity gets no place either way),
# days waiting (a hundred years; the score stops counting at Weights.waiting_cap_days).
MAX_CAPACITY = 100
MAX_ACTIVE = 10_000
MAX_WAITING_DAYS = 36_525
_REACH_SLACK_KM = 1e-9  # float noise must not turn "exactly at the radius" into "out of reach"
_DIAGNOSE_PAIRS = 1_000_000  # pairs per batch when explaining unmatched requests
# Explaining: pairs whose latitudes alone are farther apart than the radius plus this are out
# of reach without computing their distance. 1 m is far above the float error of both.
_BAND_SLACK_KM = 1e-3
_RADIUS_GROUPS = 8  # offers are searched in at most this many groups of similar radius

LANGUAGE_NAMES = {
    "am": "Amhaars",
    "ar": "Arabisch",
    "ber": "Berbers",
    "bg": "Bulgaars",
    "de": "Duits",
    "en": "Engels",
    "es": "Spaans",
    "fa": "Perzisch",
    "fr": "Frans",
    "fy": "Fries",
    "hi": "Hindi",
    "hu": "Hongaars",
    "it": "Italiaans",
    "ku": "Koerdisch",
    "ngt": "Nederlandse Gebarentaal",
    "nl": "Nederlands",
    "pap": "Papiaments",
    "pl": "Pools",
    "prs": "Dari",
    "ps": "Pasjtoe",
    "pt": "Portugees",
    "ro": "Roemeens",
    "ru": "Russisch",
    "so": "Somalisch",
    "srn": "Sranantongo",
    "ti": "Tigrinya",
    "tr": "Turks",
    "uk": "Oekraïens",
    "ur": "Urdu",
    "zh": "Chinees",
}


# --------------------------------------------------------------------------------------------
# Data


def _norm(text: str) -> str:
    return text.strip().lower()


@dataclass(frozen=True)
class Request:
    """A resident's support question. `languages` is in order of preference (first = best)."""

    id: Id
    category: str
    slots: frozenset[str]
    lat: float
    lon: float
    requires_vog: bool
    languages: tuple[str, ...] = ()
    waiting_days: int = 0
    exclude: frozenset[Id] = frozenset()
    network: frozenset[Id] = frozenset()

    def __post_init__(self) -> None:
        # Normalise here rather than in `parse` so that Python callers get the same semantics.
        _set(self, "category", _norm(self.category))
        _set(self, "slots", frozenset(_norm(s) for s in self.slots))
        _set(self, "languages", tuple(dict.fromkeys(_norm(lang) for lang in self.languages)))
        _set(self, "exclude", frozenset(self.exclude))
        _set(self, "network", frozenset(self.network))


@dataclass(frozen=True)
class Offer:
    """A helper's offer. `active` is the number of requests the helper already carries."""

    id: Id
    categories: frozenset[str]
    slots: frozenset[str]
    lat: float
    lon: float
    radius_km: float
    capacity: int
    vog: bool = False
    languages: frozenset[str] = frozenset()
    active: int = 0

    def __post_init__(self) -> None:
        _set(self, "categories", frozenset(_norm(c) for c in self.categories))
        _set(self, "slots", frozenset(_norm(s) for s in self.slots))
        _set(self, "languages", frozenset(_norm(lang) for lang in self.languages))

    @property
    def free(self) -> int:
        """Places left before this run; never negative, even when `active > capacity`."""
        return max(0, self.capacity - self.active)


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)  # the frozen-dataclass way to normalise a field


@dataclass(frozen=True)
class Match:
    request: Id
    offer: Id
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Unmatched:
    """`code` is the binding constraint (see `RULES`, then "vol" or "capaciteit")."""

    request: Id
    code: str
    reason: str


@dataclass(frozen=True)
class Result:
    matches: tuple[Match, ...]
    unmatched: tuple[Unmatched, ...]


@dataclass(frozen=True)
class Weights:
    """Points per score component; the score of a match is their sum (see docs/matching.md).

    score = network·[helper in the resident's ecogram]
          + language·[helper speaks the resident's first language, or no language asked]
          + waiting_per_day·min(waiting_days, waiting_cap_days)
          − per_km·distance_km
          − load·(requests the helper carries before this one)

    Only the ranking *among maximum-cardinality matchings* depends on these: the number of
    matched requests is maximised first, whatever the weights. All weights must be >= 0; the
    load penalty in particular must not decrease, or a helper's places would not fill in order.
    """

    per_km: float = 5.0
    network: float = 40.0
    language: float = 10.0
    waiting_per_day: float = 1.0
    waiting_cap_days: int = 365
    load: float = 10.0

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"gewicht {name} moet een eindig getal >= 0 zijn, niet {value!r}")


DEFAULT_WEIGHTS = Weights()


# --------------------------------------------------------------------------------------------
# Input validation


class MatchingInputError(ValueError):
    """Invalid input; `errors` lists every `(path, message)` found, in input order."""

    MAX_LISTED = 20

    def __init__(self, errors: Sequence[tuple[str, str]]):
        self.errors = list(errors)
        lines = [f"{path}: {message}" for path, message in self.errors[: self.MAX_LISTED]]
        if len(self.errors) > self.MAX_LISTED:
            lines.append(f"... en nog {len(self.errors) - self.MAX_LISTED} fouten")
        super().__init__("\n".join(lines))


class _Invalid(Exception):
    """Raised by a converter; `_Reader` attaches the path."""


_BAD = object()  # marks a field that failed validation; the error is already recorded


# Control characters (NUL among them, which no database stores) and lone UTF-16 surrogates
# (which no UTF-8 output can write) have no place in an id, a code or a language.
_BAD_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _as_id(value: Any) -> Id:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Invalid("moet een tekst of een geheel getal zijn")
    return _as_text(value) if isinstance(value, str) else value


def _as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("moet een tekst zijn")
    if not value.strip():
        raise _Invalid("mag niet leeg zijn")
    bad = _BAD_CHARACTER.search(value)
    if bad:
        raise _Invalid(f"bevat een ongeldig teken (U+{ord(bad.group()):04X})")
    return value


def _as_slot(value: Any) -> str:
    slot = _norm(_as_text(value))
    if slot not in SLOTS:
        raise _Invalid(f"onbekend dagdeel {value!r} (verwacht bijvoorbeeld 'ma-ochtend')")
    return slot


def _as_flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("moet true of false zijn")
    return value


def _as_count(high: int) -> Callable[[Any], int]:
    """A whole number from 0 to `high`: the solver counts in int64, and a count has a meaning."""

    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid("moet een geheel getal zijn")
        if value < 0:
            raise _Invalid("mag niet negatief zijn")
        if value > high:
            raise _Invalid(f"mag hoogstens {high:,} zijn".replace(",", "."))
        return value

    return convert


def _as_number(low: float, high: float) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Invalid("moet een getal zijn")
        if not (math.isfinite(value) and low <= value <= high):
            raise _Invalid(f"moet tussen {low:g} en {high:g} liggen")
        return float(value)

    return convert


_REQUIRED = object()


class _Reader:
    """Collects every validation error with its path instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def fail(self, path: str, message: str) -> object:
        self.errors.append((path, message))
        return _BAD

    def check(self, value: Any, path: str, convert: Callable) -> Any:
        try:
            return convert(value)
        except _Invalid as problem:
            return self.fail(path, str(problem))

    def field(self, obj: Mapping, key: str, path: str, convert: Callable, default=_REQUIRED):
        path = f"{path}.{key}" if path else key
        if obj.get(key) is None:  # JSON null counts as missing
            return self.fail(path, "ontbreekt") if default is _REQUIRED else default
        return self.check(obj[key], path, convert)

    def items(self, obj: Mapping, key: str, path: str, convert: Callable, default=_REQUIRED):
        """A list field whose every element goes through `convert`."""
        values = self.field(obj, key, path, _as_list, default)
        if values is _BAD or values is default:
            return values
        path = f"{path}.{key}"
        converted = [self.check(v, f"{path}[{i}]", convert) for i, v in enumerate(values)]
        return _BAD if any(v is _BAD for v in converted) else converted

    def records(self, data: Mapping, key: str, read: Callable) -> list[tuple[int, Any]]:
        """`(position, record)` for every valid element of the top-level list `key`."""
        values = self.field(data, key, "", _as_list)
        if values is _BAD:
            return []
        records = []
        for i, obj in enumerate(values):
            path = f"{key}[{i}]"
            if not isinstance(obj, Mapping):
                self.fail(path, "moet een object zijn")
                continue
            record = read(self, obj, path)
            if record is not _BAD:
                records.append((i, record))
        return records


def _as_list(value: Any) -> list:
    if not isinstance(value, list | tuple):
        raise _Invalid("moet een lijst zijn")
    return list(value)


_LATITUDE = _as_number(-90, 90)
_LONGITUDE = _as_number(-180, 180)
_RADIUS = _as_number(0, math.pi * EARTH_RADIUS_KM)  # half the globe reaches everywhere
_CAPACITY = _as_count(MAX_CAPACITY)
_ACTIVE = _as_count(MAX_ACTIVE)
_WAITING_DAYS = _as_count(MAX_WAITING_DAYS)


def _read_request(rd: _Reader, obj: Mapping, path: str) -> Request | object:
    fields = {
        "id": rd.field(obj, "id", path, _as_id),
        "category": rd.field(obj, "category", path, _as_text),
        "slots": rd.items(obj, "slots", path, _as_slot),
        "lat": rd.field(obj, "lat", path, _LATITUDE),
        "lon": rd.field(obj, "lon", path, _LONGITUDE),
        "requires_vog": rd.field(obj, "requires_vog", path, _as_flag),
        "languages": rd.items(obj, "languages", path, _as_text, ()),
        "waiting_days": rd.field(obj, "waiting_days", path, _WAITING_DAYS, 0),
        "exclude": rd.items(obj, "exclude", path, _as_id, ()),
        "network": rd.items(obj, "network", path, _as_id, ()),
    }
    return _BAD if any(v is _BAD for v in fields.values()) else Request(**fields)


def _read_offer(rd: _Reader, obj: Mapping, path: str) -> Offer | object:
    fields = {
        "id": rd.field(obj, "id", path, _as_id),
        "categories": rd.items(obj, "categories", path, _as_text),
        "slots": rd.items(obj, "slots", path, _as_slot),
        "lat": rd.field(obj, "lat", path, _LATITUDE),
        "lon": rd.field(obj, "lon", path, _LONGITUDE),
        "radius_km": rd.field(obj, "radius_km", path, _RADIUS),
        "capacity": rd.field(obj, "capacity", path, _CAPACITY),
        "vog": rd.field(obj, "vog", path, _as_flag, False),
        "languages": rd.items(obj, "languages", path, _as_text, ()),
        "active": rd.field(obj, "active", path, _ACTIVE, 0),
    }
    return _BAD if any(v is _BAD for v in fields.values()) else Offer(**fields)


def _duplicate_ids(key: str, positioned: Iterable[tuple[int, Request | Offer]]):
    first_seen: dict[Id, int] = {}
    for i, record in positioned:
        if record.id in first_seen:
            yield f"{key}[{i}].id", f"dubbele id {record.id!r} (ook {key}[{first_seen[record.id]}])"
        else:
            first_seen[record.id] = i


def parse(data: Mapping[str, Any]) -> tuple[list[Request], list[Offer]]:
    """Validate `{"requests": [...], "offers": [...]}`; raise `MatchingInputError` if invalid.

    Optional fields and their defaults: request `languages`, `exclude`, `network` (empty),
    `waiting_days` (0); offer `languages` (empty), `vog` (false), `active` (0). `requires_vog`
    is required on purpose: a silent default would either block or endanger a resident.
    Unknown fields are ignored so that the caller can pass richer records.
    """
    if not isinstance(data, Mapping):
        raise MatchingInputError([("(invoer)", "moet een JSON-object zijn")])
    rd = _Reader()
    requests = rd.records(data, "requests", _read_request)
    offers = rd.records(data, "offers", _read_offer)
    rd.errors += _duplicate_ids("requests", requests)
    rd.errors += _duplicate_ids("offers", offers)
    if rd.errors:
        raise MatchingInputError(rd.errors)
    return [r for _, r in requests], [o for _, o in offers]


# --------------------------------------------------------------------------------------------
# Column view of the problem


def _bitsets(groups: Sequence[Iterable[str]], vocabulary: Mapping[str, int]) -> np.ndarray:
    """One row of 64-bit words per group, bit `vocabulary[item]` set for every item."""
    words = max(1, -(-len(vocabulary) // 64))
    out = np.zeros((len(groups), words), dtype=np.uint64)
    rows, bits = [], []
    for row, items in enumerate(groups):
        for item in items:
            bit = vocabulary.get(item)
            if bit is not None:
                rows.append(row)
                bits.append(bit)
    bit = np.asarray(bits, dtype=np.uint64)
    np.bitwise_or.at(out, (np.asarray(rows, dtype=np.intp), bit // 64), np.uint64(1) << bit % 64)
    return out


def _intersects(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.any((a & b) != 0, axis=-1)  # the last axis holds the words of a bitset


def _has_bit(bits: np.ndarray, position: int) -> np.ndarray:
    word, bit = divmod(position, 64)
    return ((bits[:, word] >> np.uint64(bit)) & np.uint64(1)) != 0


def _haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance; all angles in radians."""
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def _chord(km: np.ndarray) -> np.ndarray:
    """Straight-line distance through the unit sphere for a great-circle distance `km`.

    The chord grows monotonically with the arc, so a k-d tree on unit vectors queried with the
    chord finds exactly the points within that great-circle distance.
    """
    return 2 * np.sin(np.minimum(km / EARTH_RADIUS_KM, np.pi) / 2)


def _pair_keys(requests: Sequence[Request], position: Mapping[Id, int], attr: str) -> np.ndarray:
    """Sorted `request_index * n_offers + offer_index` for the offers a request lists in `attr`."""
    keys = [
        r * len(position) + position[offer]
        for r, request in enumerate(requests)
        for offer in getattr(request, attr)
        if offer in position  # an unknown id (an offer no longer active) excludes nothing
    ]
    return np.unique(np.asarray(keys, dtype=np.int64))


class _Index:
    """numpy arrays over `requests` and `offers`; pair functions take index arrays `ri`, `oi`."""

    def __init__(self, requests: Sequence[Request], offers: Sequence[Offer]):
        self.requests, self.offers = list(requests), list(offers)
        self.req_lat = np.radians([r.lat for r in requests])
        self.req_lon = np.radians([r.lon for r in requests])
        self.off_lat = np.radians([o.lat for o in offers])
        self.off_lon = np.radians([o.lon for o in offers])
        self.radius = np.array([o.radius_km for o in offers], dtype=float)
        self.free = np.array([o.free for o in offers], dtype=np.int64)
        self.active = np.array([o.active for o in offers], dtype=np.int64)
        self.vog = np.array([o.vog for o in offers], dtype=bool)
        self.needs_vog = np.array([r.requires_vog for r in requests], dtype=bool)
        self.waiting = np.array([r.waiting_days for r in requests], dtype=float)
        self.asks_language = np.array([bool(r.languages) for r in requests], dtype=bool)

        categories = sorted(
            {r.category for r in requests} | {c for o in offers for c in o.categories}
        )
        self.categories = {c: i for i, c in enumerate(categories)}
        self.req_cat = _bitsets([[r.category] for r in requests], self.categories)
        self.off_cat = _bitsets([o.categories for o in offers], self.categories)
        slots = {s: i for i, s in enumerate(sorted(SLOTS))}
        self.req_slots = _bitsets([r.slots for r in requests], slots)
        self.off_slots = _bitsets([o.slots for o in offers], slots)
        languages = sorted({lang for r in requests for lang in r.languages})
        vocabulary = {lang: i for i, lang in enumerate(languages)}
        self.req_lang = _bitsets([r.languages for r in requests], vocabulary)
        self.req_first_lang = _bitsets([r.languages[:1] for r in requests], vocabulary)
        self.off_lang = _bitsets([o.languages for o in offers], vocabulary)

        position = {o.id: j for j, o in enumerate(offers)}
        self.excluded = _pair_keys(requests, position, "exclude")
        self.network = _pair_keys(requests, position, "network")

    def distance_km(self, ri: np.ndarray, oi: np.ndarray) -> np.ndarray:
        return _haversine_km(self.req_lat[ri], self.req_lon[ri], self.off_lat[oi], self.off_lon[oi])

    def listed(self, keys: np.ndarray, ri: np.ndarray, oi: np.ndarray) -> np.ndarray:
        """Whether each pair is in `keys` (`self.excluded` or `self.network`)."""
        wanted = ri.astype(np.int64) * len(self.offers) + oi
        if len(keys) == 0:
            return np.zeros(wanted.shape, dtype=bool)
        # keys are sorted and few: a binary search beats np.isin's sort of all pairs
        at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        return keys[at] == wanted

    def speaks_first_language(self, ri: np.ndarray, oi: np.ndarray) -> np.ndarray:
        """True when the helper speaks the resident's preferred language or none was asked."""
        return ~self.asks_language[ri] | _intersects(self.req_first_lang[ri], self.off_lang[oi])


# --------------------------------------------------------------------------------------------
# Feasibility rules, in the order used to name the binding constraint of an unmatched request


class _Rule(NamedTuple):
    """A feasibility rule. `allows` also broadcasts (`ri` a column, `oi` a row: a grid)."""

    code: str
    allows: Callable[[_Index, np.ndarray, np.ndarray], np.ndarray]
    # Dutch explanation, given the request and the offers that survived the earlier rules
    explain: Callable[[_Index, int, np.ndarray], str]
    # Optional cheaper test that every allowed pair passes; when explaining, `allows` then
    # runs only on the pairs that pass it (`_feasible` needs none: its candidates are near).
    rough: Callable[[_Index, np.ndarray, np.ndarray], np.ndarray] | None = None


def _km(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code[:1].upper() + code[1:])


def _either(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " of " + names[-1]


def _why_category(ix: _Index, r: int, before: np.ndarray) -> str:
    return f"geen enkele helper biedt hulp bij '{ix.requests[r].category}'"


def _why_slot(ix: _Index, r: int, before: np.ndarray) -> str:
    helpers = _plural(len(before), "helper", "helpers")
    return f"wel {helpers} voor '{ix.requests[r].category}', maar geen op een gevraagd dagdeel"


def _why_distance(ix: _Index, r: int, before: np.ndarray) -> str:
    nearest = ix.distance_km(np.full(len(before), r), before).min()
    return (
        "geen helper binnen bereik: de dichtstbijzijnde helper voor deze categorie en dagdelen "
        f"zit op {_km(nearest)} km en komt niet zo ver"
    )


def _why_language(ix: _Index, r: int, before: np.ndarray) -> str:
    names = [_language_name(lang) for lang in ix.requests[r].languages]
    return f"geen helper binnen bereik spreekt {_either(names)}"


def _why_vog(ix: _Index, r: int, before: np.ndarray) -> str:
    return "deze hulpvraag vraagt een VOG, maar geen helper binnen bereik heeft er een"


def _why_excluded(ix: _Index, r: int, before: np.ndarray) -> str:
    return f"alle geschikte helpers ({len(before)}) zijn voor deze hulpvraag uitgesloten"


RULES: tuple[_Rule, ...] = (
    _Rule(
        "categorie",
        lambda ix, ri, oi: _intersects(ix.req_cat[ri], ix.off_cat[oi]),
        _why_category,
    ),
    _Rule(
        "dagdeel",
        lambda ix, ri, oi: _intersects(ix.req_slots[ri], ix.off_slots[oi]),
        _why_slot,
    ),
    _Rule(
        "afstand",
        lambda ix, ri, oi: ix.distance_km(ri, oi) <= ix.radius[oi] + _REACH_SLACK_KM,
        _why_distance,
        # the great-circle distance is at least R·|Δlatitude|
        rough=lambda ix, ri, oi: (
            np.abs(ix.req_lat[ri] - ix.off_lat[oi]) * EARTH_RADIUS_KM
            <= ix.radius[oi] + _BAND_SLACK_KM
        ),
    ),
    _Rule(
        "taal",
        lambda ix, ri, oi: ~ix.asks_language[ri] | _intersects(ix.req_lang[ri], ix.off_lang[oi]),
        _why_language,
    ),
    _Rule("vog", lambda ix, ri, oi: ~ix.needs_vog[ri] | ix.vog[oi], _why_vog),
    _Rule("uitgesloten", lambda ix, ri, oi: ~ix.listed(ix.excluded, ri, oi), _why_excluded),
)


def _narrow(ix: _Index, rule: _Rule, ri: np.ndarray, oi: np.ndarray, alive: np.ndarray) -> None:
    """Clear `alive` for the pairs `rule` forbids.

    The rule only sees pairs that are still alive, so the later (costlier) rules run on the
    survivors of the cheap ones.
    """
    survivors = np.flatnonzero(alive)
    alive[survivors] = rule.allows(ix, ri[survivors], oi[survivors])


def _radius_groups(radius: np.ndarray) -> list[np.ndarray]:
    """Offers in groups of similar radius (at most `_RADIUS_GROUPS`), smallest first.

    Each group is searched with its largest radius, so fewer, wider groups mean more
    candidates that the exact distance rule then drops; a handful of distinct radii (1, 2, 3,
    5 km) each get their own group and nothing extra.
    """
    values = np.unique(radius)
    if len(values) > _RADIUS_GROUPS:  # many distinct radii: groups of about equal size
        values = np.unique(np.quantile(radius, np.linspace(0, 1, _RADIUS_GROUPS + 1)[1:]))
    group = np.searchsorted(values, radius)
    order = np.argsort(group, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(group[order])) + 1)


def _candidate_pairs(ix: _Index) -> tuple[np.ndarray, np.ndarray]:
    """Pairs with a shared category whose distance is (roughly) within the offer's reach.

    A category index splits the problem, then k-d trees per category (requests) and radius
    group (offers) give the pairs within the group's radius in one call, so the cost grows
    with the number of nearby pairs, not with the product of requests and offers. The exact
    rules run afterwards on these candidates.
    """
    req_xyz = _unit_vectors(ix.req_lat, ix.req_lon)
    off_xyz = _unit_vectors(ix.off_lat, ix.off_lon)
    pieces_r, pieces_o = [], []
    for position in ix.categories.values():
        reqs = np.flatnonzero(_has_bit(ix.req_cat, position))
        offs = np.flatnonzero(_has_bit(ix.off_cat, position))
        if reqs.size == 0 or offs.size == 0:
            continue
        req_tree = cKDTree(req_xyz[reqs])
        for group in _radius_groups(ix.radius[offs]):
            members = offs[group]
            # A little wider than the radius: the trees pre-select, the haversine rule decides.
            reach = _chord(ix.radius[members].max() + _REACH_SLACK_KM) * (1 + 1e-9) + 1e-12
            near = req_tree.sparse_distance_matrix(
                cKDTree(off_xyz[members]), max_distance=reach, output_type="ndarray"
            )
            pieces_r.append(reqs[near["i"]])
            pieces_o.append(members[near["j"]])
    if not pieces_r:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    return np.concatenate(pieces_r), np.concatenate(pieces_o)


class Pairs(NamedTuple):
    """Feasible pairs as parallel arrays, sorted by request then offer index."""

    request: np.ndarray
    offer: np.ndarray
    distance_km: np.ndarray


def _feasible(ix: _Index) -> Pairs:
    ri, oi = _candidate_pairs(ix)
    alive = np.ones(len(ri), dtype=bool)
    for rule in RULES:
        _narrow(ix, rule, ri, oi, alive)
    ri, oi = ri[alive], oi[alive]
    order = np.lexsort((oi, ri))
    ri, oi = ri[order], oi[order]
    return Pairs(ri, oi, ix.distance_km(ri, oi))


def feasible_pairs(requests: Sequence[Request], offers: Sequence[Offer]) -> Pairs:
    """Every feasible (request, offer) pair, as indices into the given sequences.

    Capacity is not a pair rule: pairs with a full helper are included.
    """
    return _feasible(_Index(requests, offers))


# --------------------------------------------------------------------------------------------
# Score and exact solver


def _pair_points(ix: _Index, pairs: Pairs, weights: Weights) -> np.ndarray:
    """Score of each pair without the load penalty, in whole milli-points (as float64)."""
    ri, oi = pairs.request, pairs.offer
    points = (
        weights.network * ix.listed(ix.network, ri, oi)
        + weights.language * ix.speaks_first_language(ri, oi)
        + weights.waiting_per_day * np.minimum(ix.waiting[ri], weights.waiting_cap_days)
        - weights.per_km * pairs.distance_km
    )
    return np.rint(points * MILLI)


def _load_unit(weights: Weights) -> int:
    """Milli-points a helper's score drops per request it already carries (exactly linear)."""
    return round(weights.load * MILLI)


def _assign(ix: _Index, pairs: Pairs, points: np.ndarray, load_unit: int) -> np.ndarray:
    """Offer index per request (-1 if unmatched) of a lexicographically optimal matching.

    The solver works in exact int64 milli-points. Only if the weights are so extreme that its
    sums could overflow (scores beyond ~10^13 points) is a coarser unit used: the number of
    matches stays maximal, the score is then optimal to that unit.
    """
    # Imported here: numba and LLVM (~110 MB) load only in processes that actually match, not
    # in every process that imports this module for its constants (forms, API, categories).
    from . import flow

    usable = ix.free[pairs.offer] > 0  # a full helper's pairs cannot be used
    request, offer, gain = pairs.request[usable], pairs.offer[usable], points[usable]
    worst = max(
        np.abs(gain).max(initial=0), load_unit * float((ix.active + ix.free).max(initial=0))
    )
    quantum = 1
    while worst / quantum > flow.LIMIT // 4:
        quantum *= 10
    while True:
        try:
            return flow.optimal_assignment(
                request,
                offer,
                np.rint(gain / quantum),
                ix.free,
                np.rint(load_unit * ix.active.astype(float) / quantum),
                np.full(len(ix.offers), round(load_unit / quantum)),
                len(ix.requests),
            )
        except OverflowError:
            quantum *= 10


# --------------------------------------------------------------------------------------------
# Explanations


def _match_reasons(ix: _Index, r: int, o: int, distance: float, places_left: int) -> tuple:
    request, offer = ix.requests[r], ix.offers[o]
    reasons = [f"afstand {_km(distance)} km"]
    if offer.id in request.network:
        reasons.append("staat al in het netwerk")
    shared = [lang for lang in request.languages if lang in offer.languages]
    if shared:
        reasons.append(f"spreekt {_language_name(shared[0])}")
    if request.waiting_days:
        reasons.append(f"wacht {_plural(request.waiting_days, 'dag', 'dagen')}")
    if places_left:
        reasons.append(f"helper heeft nog {_plural(places_left, 'plaats', 'plaatsen')}")
    else:
        reasons.append("helper zit hiermee vol")
    return tuple(reasons)


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... for successive occurrences of each value in `groups`."""
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(groups)]))
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - run_start
    return rank


def _matches(
    ix: _Index, pairs: Pairs, points: np.ndarray, assigned: np.ndarray, load_unit: int
) -> list[Match]:
    """One `Match` per matched request, in request order.

    A helper's load penalties (0, 1, 2, ... units on top of its active load) go to its
    requests in request order, so the scores add up to exactly the optimised objective.
    """
    n_o = len(ix.offers)
    req = np.flatnonzero(assigned >= 0)
    off = assigned[req]
    # pairs are sorted by (request, offer), hence so are their keys
    edge = np.searchsorted(pairs.request.astype(np.int64) * n_o + pairs.offer, req * n_o + off)
    penalty = load_unit * (ix.active[off] + _rank_within(off))
    scores = (points[edge] - penalty) / MILLI
    places_left = ix.free - np.bincount(off, minlength=n_o)
    return [
        Match(
            ix.requests[r].id,
            ix.offers[o].id,
            float(score),
            _match_reasons(ix, r, o, float(distance), int(places_left[o])),
        )
        for r, o, score, distance in zip(req, off, scores, pairs.distance_km[edge], strict=True)
    ]


def _capacity_reason(n: int, any_free: bool) -> tuple[str, str]:
    """Why a request with `n` feasible helpers stayed unmatched: capacity, one way or another."""
    if not any_free:
        text = (
            "de enige geschikte helper zit al vol"
            if n == 1
            else f"alle {n} geschikte helpers zitten al vol"
        )
        return "vol", text
    helpers = _plural(n, "geschikte helper", "geschikte helpers")
    verb = "is" if n == 1 else "zijn"
    return "capaciteit", f"er {verb} {helpers}, maar de plaatsen gingen naar andere hulpvragen"


def _unmatched(ix: _Index, pairs: Pairs, requests: np.ndarray) -> list[Unmatched]:
    """Name the binding constraint of each request: the first rule that empties its candidates.

    All offers start as candidates and the rules run in `RULES` order. If some offers survive
    every rule, capacity is binding: "vol" when they were all full before this run, otherwise
    "capaciteit" (their places went to other requests). The survivors of every rule are the
    request's feasible pairs, so only requests without any are checked again (`_lonely`).
    """
    verdicts: dict[int, tuple[str, str]] = {}
    first = np.searchsorted(pairs.request, requests)
    last = np.searchsorted(pairs.request, requests, side="right")
    # Free helpers among each request's pairs, counted for all requests at once.
    free_before = np.r_[0, np.cumsum(ix.free[pairs.offer] > 0)]
    any_free = free_before[last] > free_before[first]
    for r, n, free in zip(
        requests.tolist(), (last - first).tolist(), any_free.tolist(), strict=True
    ):
        if n:
            verdicts[r] = _capacity_reason(n, free)
    verdicts.update(_lonely(ix, requests[first == last]))
    return [Unmatched(ix.requests[r].id, *verdicts[int(r)]) for r in requests]


def _lonely(ix: _Index, requests: np.ndarray) -> dict[int, tuple[str, str]]:
    """The binding rule of requests without any feasible pair, per category.

    Only offers of the request's category pass the first rule, so a category nobody offers is
    named at once, and the other rules run on that category's offers only: in batches of
    requests × offers, each rule on the pairs that survived the ones before it, the way
    `_feasible` applies them.
    """
    verdicts: dict[int, tuple[str, str]] = {}
    category = np.array(
        [ix.categories[ix.requests[r].category] for r in requests.tolist()], dtype=np.intp
    )
    for position in np.unique(category).tolist():
        group = requests[category == position]
        offers = np.flatnonzero(_has_bit(ix.off_cat, position))
        if offers.size == 0:
            everyone = np.arange(len(ix.offers))
            for r in group.tolist():
                verdicts[r] = RULES[0].code, RULES[0].explain(ix, r, everyone)
            continue
        batch = max(1, _DIAGNOSE_PAIRS // offers.size)
        for start in range(0, len(group), batch):
            verdicts.update(_first_empty_rule(ix, group[start : start + batch], offers))
    return verdicts


def _first_empty_rule(
    ix: _Index, requests: np.ndarray, offers: np.ndarray
) -> dict[int, tuple[str, str]]:
    """Apply `RULES[1:]` to `requests` × `offers`, the pairs that passed the category rule.

    The first of these rules runs on the whole grid at once (broadcast, nothing gathered).
    Its survivors are kept as `row` (the request's position) and `oi` (the offer), sorted
    by row, so each later rule runs only on the survivors of the ones before it and a
    request's survivors are one contiguous run: the candidates its explanation is given.
    """
    first, *later = RULES[1:]
    grid = first.allows(ix, requests[:, None], offers[None, :])
    had = grid.any(axis=1)
    verdicts = {r: (first.code, first.explain(ix, r, offers)) for r in requests[~had].tolist()}
    row, column = np.nonzero(grid)
    oi = offers[column]
    for rule in later:
        keep = _allowed(ix, rule, requests[row], oi)
        has = np.bincount(row[keep], minlength=len(requests)) > 0
        emptied = np.flatnonzero(had & ~has)
        starts = np.searchsorted(row, emptied)
        ends = np.searchsorted(row, emptied, side="right")
        for k, a, b in zip(emptied.tolist(), starts.tolist(), ends.tolist(), strict=True):
            r = int(requests[k])
            verdicts[r] = rule.code, rule.explain(ix, r, oi[a:b])
        row, oi, had = row[keep], oi[keep], has
    return verdicts


def _allowed(ix: _Index, rule: _Rule, ri: np.ndarray, oi: np.ndarray) -> np.ndarray:
    """`rule.allows`, run only on the pairs that pass its rough test if it has one."""
    if rule.rough is None:
        return rule.allows(ix, ri, oi)
    keep = rule.rough(ix, ri, oi)
    keep[keep] = rule.allows(ix, ri[keep], oi[keep])
    return keep


# --------------------------------------------------------------------------------------------
# Public entry points


def _sort_key(record: Request | Offer) -> tuple[int, Id]:
    return (0, record.id) if isinstance(record.id, int) else (1, record.id)


def match(
    requests: Sequence[Request], offers: Sequence[Offer], weights: Weights = DEFAULT_WEIGHTS
) -> Result:
    """Maximise the number of matched requests, then the total score (see `Weights`).

    Inputs are put in id order first, so the result does not depend on the order of the lists;
    `matches` and `unmatched` come out in request id order (ints before strings).
    """
    errors = [*_duplicate_ids("requests", enumerate(requests))]
    errors += _duplicate_ids("offers", enumerate(offers))
    if errors:
        raise MatchingInputError(errors)
    ix = _Index(sorted(requests, key=_sort_key), sorted(offers, key=_sort_key))
    pairs = _feasible(ix)
    points = _pair_points(ix, pairs, weights)
    load_unit = _load_unit(weights)
    assigned = _assign(ix, pairs, points, load_unit)
    matches = _matches(ix, pairs, points, assigned, load_unit)
    unmatched = _unmatched(ix, pairs, np.flatnonzero(assigned < 0))
    return Result(tuple(matches), tuple(unmatched))


def to_json(result: Result) -> dict[str, list[dict[str, Any]]]:
    """The result as a JSON-ready dict (`json.dumps(to_json(result))`)."""
    return {
        "matches": [
            {"request": m.request, "offer": m.offer, "score": m.score, "reasons": list(m.reasons)}
            for m in result.matches
        ],
        "unmatched": [
            {"request": u.request, "reason": u.reason, "code": u.code} for u in result.unmatched
        ],
    }
