"""The demo municipality Kwartiersveen: fictional, deterministic, complete enough to work with.

`build_demo()` creates one gemeente (GM9999) with 3 wijken and 9 buurten, about 800
households with about 1,500 residents, 25 organisations, 40 activities on the sociale
kaart and one account per role. Names, streets, organisations and activities come
from the JSON files in `data/`; everything else is drawn from one `random.Random(seed)`
in a fixed order, with ages counted from a fixed reference date, so the same seed
always gives the same residents with the same public ids. The modules' activity
(consents and access log, hulpvragen and matches, trajectories, referrals, measurements,
budget rounds) leads up to the day the
demo is built (`today`, settable), so waiting times and overdue actions look current; the
same seed and the same `today` always give the same demo.

Running it again on a database that already holds the demo adds nothing: it only
makes sure the demo accounts exist and resets their passwords. `reset=True` removes
the demo first and builds it anew.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError, Q
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kwartier.core.ages import age_on
from kwartier.core.models import (
    PUBLIC_ID_ALPHABET,
    Activity,
    Area,
    Household,
    Organisation,
    Person,
    Role,
)

from .context import DemoContext, load_data

DEFAULT_SEED = 2026
# Ages are counted back from this date, never from today, so a build is reproducible.
REFERENCE_DATE = date(2026, 1, 1)
GEMEENTE_CODE = "GM9999"
MAIN_ORGANISATION = "Welzijn Kwartiersveen"
# A reserved top-level domain (RFC 2606): mail to these addresses can never be delivered.
EMAIL_DOMAIN = "voorbeeld.example"
# Residents get 06-12345000 .. 06-12345899; organisations use 06-123459xx.
RESIDENT_PHONE_NUMBERS = 900

# Letters used in Dutch postcodes (no F, I, O, Q, U, Y), and pairs that are never issued.
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
UNUSED_POSTCODE_PAIRS = {"SA", "SD", "SS"}
POSTCODE_BLOCK = 20  # house numbers per postcode on a street
FLAT_SUFFIXES = "ABCDEFGH"


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    first_name: str
    last_name: str
    organisation: str
    areas: tuple[str, ...]
    staff: bool = False


ACCOUNTS = (
    Account(
        "beheerder", Role.BEHEERDER, "Marloes", "Verbeek", MAIN_ORGANISATION, ("GM9999",), True
    ),
    Account("coordinator", Role.COORDINATOR, "Hanneke", "de Groot", MAIN_ORGANISATION, ("GM9999",)),
    Account("wijkwerker", Role.WIJKWERKER, "Sanne", "Mulder", MAIN_ORGANISATION, ("WK999902",)),
    Account(
        "vrijwilliger", Role.VRIJWILLIGER, "Kees", "van Leeuwen", MAIN_ORGANISATION, ("BU99990203",)
    ),
    Account(
        "partner",
        Role.PARTNER,
        "Jeroen",
        "Smit",
        "Woonstichting Waardewonen",
        ("WK999901", "WK999902", "BU99990302"),
    ),
    # A GP practice that refers residents to Welzijn op Recept (referrals app).
    Account(
        "huisarts", Role.PARTNER, "Femke", "Bakker", "Huisartsenpraktijk De Markt", ("WK999901",)
    ),
    Account(
        "gemeente", Role.GEMEENTE, "Annelies", "van der Wal", "Gemeente Kwartiersveen", ("GM9999",)
    ),
)

# How households are made up, by kind of neighbourhood. Weights, not percentages.
PROFILES: dict[str, dict[str, Any]] = {
    # Old town centre: many singles and young couples, some students sharing a house.
    "centrum": {
        "compositions": {
            "single_old": 15,
            "single": 36,
            "couple": 24,
            "family": 11,
            "single_parent": 6,
            "multigenerational": 1,
            "adult_child": 2,
            "shared": 5,
        },
        "couple_stage": {"young": 40, "middle": 35, "old": 25},
        "single_ages": ((19, 29, 42), (30, 44, 28), (45, 54, 13), (55, 64, 17)),
        "origins": {
            "dutch": 70,
            "turkish": 5,
            "moroccan": 5,
            "surinamese": 7,
            "polish": 8,
            "syrian": 5,
        },
    },
    # Post-war flats and terraced houses: many older singles, a mixed population.
    "naoorlogs": {
        "compositions": {
            "single_old": 27,
            "single": 23,
            "couple": 19,
            "family": 13,
            "single_parent": 10,
            "multigenerational": 4,
            "adult_child": 3,
            "shared": 2,
        },
        "couple_stage": {"young": 20, "middle": 42, "old": 38},
        "single_ages": ((19, 29, 16), (30, 44, 24), (45, 54, 27), (55, 64, 33)),
        "origins": {
            "dutch": 46,
            "turkish": 15,
            "moroccan": 16,
            "surinamese": 8,
            "polish": 7,
            "syrian": 8,
        },
    },
    # New-build district from the 2000s: families with children and couples.
    "nieuwbouw": {
        "compositions": {
            "single_old": 7,
            "single": 28,
            "couple": 29,
            "family": 23,
            "single_parent": 8,
            "multigenerational": 2,
            "adult_child": 1,
            "shared": 2,
        },
        "couple_stage": {"young": 35, "middle": 45, "old": 20},
        "single_ages": ((19, 29, 24), (30, 44, 34), (45, 54, 23), (55, 64, 19)),
        "origins": {
            "dutch": 74,
            "turkish": 5,
            "moroccan": 6,
            "surinamese": 8,
            "polish": 4,
            "syrian": 3,
        },
    },
}
# Age of the first partner of a couple without children at home, by stage of life.
COUPLE_AGES = {
    "young": ((22, 29, 45), (30, 39, 55)),
    "middle": ((40, 49, 22), (50, 59, 42), (60, 64, 36)),
    "old": ((65, 74, 55), (75, 84, 35), (85, 94, 10)),
}
# Most Polish and Syrian residents arrived after 2004 and 2015: few of them are old.
RECENT_ORIGINS = {"polish", "syrian"}


class DemoError(Exception):
    """The demo cannot be built or removed; the message says why, in Dutch."""


# ---------------------------------------------------------------------------
# Public interface


def build_demo(
    seed: int = DEFAULT_SEED,
    stdout=None,
    *,
    reset: bool = False,
    password: str | None = None,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """Create the demo municipality unless it exists; return (and print) a summary.

    `stdout` is anything with a `write()`; when given, the Dutch summary and the
    accounts table are written to it. `today` is the day the modules' activity leads up
    to (default: the current date).
    """
    password = settings.KWARTIER_DEMO_PASSWORD if password is None else password
    if not password:
        raise DemoError("KWARTIER_DEMO_PASSWORD is leeg; geef de demo-accounts een wachtwoord.")
    if today is not None and today > timezone.localdate():
        # Consents and decisions recorded "on" that day would not be in force yet.
        raise DemoError(f"De demodag {today:%d-%m-%Y} ligt na vandaag; kies vandaag of eerder.")
    with transaction.atomic():
        if reset:
            delete_demo()
        created = not demo_exists()
        _check_account_names()
        if created:
            _Builder(seed).build()
        _ensure_accounts(password)
        if created:
            _extend(seed, today or timezone.localdate())
            _refresh_statistics()
        summary = demo_summary()
    summary["created"] = created
    summary["seed"] = seed if created else None
    summary["password"] = password
    if stdout is not None:
        write_summary(summary, stdout)
    return summary


def _refresh_statistics() -> None:
    """Let PostgreSQL plan for the tables as the demo filled them.

    The planner works from table statistics that autovacuum gathers some time after a
    change; until then it plans for the empty tables the demo started from, and picks
    nested loops that take minutes on thousands of rows (a worker's start page). ANALYZE
    gathers them now; it also counts the rows this transaction added.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _module_demo_data():
    """Each app's demo data (`seed_demo(rng, demo)` and `delete_demo_data(org_ids,
    area_ids)`), in dependency order: consents before the matches that need them,
    trajectories before the referrals that led to them, ballots after their rounds."""
    from kwartier.budgets import demo_data as budgets_demo
    from kwartier.indicators import demo_data as indicators_demo
    from kwartier.instruments import demo_data as instruments_demo
    from kwartier.methods import demo_data as methods_demo
    from kwartier.network import demo_data as network_demo
    from kwartier.privacy import demo_data as privacy_demo
    from kwartier.referrals import demo_data as referrals_demo
    from kwartier.signals import demo_data as signals_demo
    from kwartier.support import demo_data as support_demo
    from kwartier.voting import demo_data as voting_demo

    return (
        privacy_demo,
        support_demo,
        network_demo,
        methods_demo,
        referrals_demo,
        instruments_demo,
        budgets_demo,
        voting_demo,
        signals_demo,
        indicators_demo,
    )


def _extend(seed: int, today: datetime.date) -> None:
    """Module data on top of the base municipality, each module from its own generator so
    that adding one module does not change what the others draw."""
    welzijn = Organisation.objects.get(name=MAIN_ORGANISATION)
    demo = DemoContext(
        reference_date=REFERENCE_DATE,
        today=today,
        organisation=welzijn,
        persons=Person.objects.filter(organisation=welzijn).select_related("household__buurt"),
        users=get_user_model().objects.filter(username__in=[a.username for a in ACCOUNTS]),
    )
    for module in _module_demo_data():
        name = module.__name__.split(".")[1]  # kwartier.<app>.demo_data
        module.seed_demo(random.Random(f"{seed}-{name}"), demo)


def demo_exists() -> bool:
    return Area.objects.filter(code=GEMEENTE_CODE).exists()


def delete_demo() -> None:
    """Remove the demo areas, organisations and everything registered under them.

    The change history of the demo's residents and households goes too, as with an
    erasure: a removed demo leaves no fictional personal data behind.
    """
    User = get_user_model()
    gemeente = Area.objects.filter(code=GEMEENTE_CODE).first()
    area_ids: set[int] = set()
    buurt_ids: list[int] = []
    wijk_ids: list[int] = []
    if gemeente is not None:
        wijk_ids = list(gemeente.children.values_list("pk", flat=True))
        buurt_ids = list(Area.objects.filter(parent__in=wijk_ids).values_list("pk", flat=True))
        area_ids = {gemeente.pk, *wijk_ids, *buurt_ids}
    org_ids = _demo_organisation_ids(area_ids)
    persons = Person.objects.filter(Q(organisation__in=org_ids) | Q(household__buurt__in=buurt_ids))
    households = Household.objects.filter(Q(organisation__in=org_ids) | Q(buurt__in=buurt_ids))
    person_ids = list(persons.values_list("pk", flat=True))
    household_ids = list(households.values_list("pk", flat=True))
    try:
        # Without a history row per deleted record (thousands of inserts); the history
        # of these records is deleted below anyway. The switch is process-wide, which
        # is fine for a management command and for tests.
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            for module in _module_demo_data():
                module.delete_demo_data(org_ids, area_ids)
            User.objects.filter(organisation__in=org_ids).delete()
            Person.objects.filter(pk__in=person_ids).delete()
            Household.objects.filter(pk__in=household_ids).delete()
            Person.history.filter(Q(id__in=person_ids) | Q(organisation_id__in=org_ids)).delete()
            Household.history.filter(
                Q(id__in=household_ids) | Q(organisation_id__in=org_ids) | Q(buurt_id__in=buurt_ids)
            ).delete()
            Organisation.objects.filter(pk__in=org_ids).delete()
            Area.objects.filter(pk__in=buurt_ids).delete()
            Area.objects.filter(pk__in=wijk_ids).delete()
            if gemeente is not None:
                gemeente.delete()
    except ProtectedError as exc:
        blockers = sorted({obj._meta.verbose_name_plural for obj in exc.protected_objects})
        raise DemoError(
            "De demo kan niet worden verwijderd: er verwijzen nog gegevens naar ("
            + ", ".join(str(b) for b in blockers)
            + ")."
        ) from exc


def demo_summary() -> dict[str, Any]:
    """Counts of what the demo holds now, plus the accounts."""
    gemeente = Area.objects.filter(code=GEMEENTE_CODE).first()
    if gemeente is None:
        return {"gemeente": None}
    buurten = Area.objects.filter(level=Area.Level.BUURT, parent__parent=gemeente)
    org_ids = _demo_organisation_ids({gemeente.pk, *buurten.values_list("pk", flat=True)})
    persons = Person.objects.filter(household__buurt__in=buurten)
    age_groups = {"0-17": 0, "18-64": 0, "65+": 0, "onbekend": 0}
    year_only = 0
    for birth_date, birth_year in persons.values_list("birth_date", "birth_year"):
        age = age_on(REFERENCE_DATE, birth_date, birth_year)
        if birth_date is None and birth_year is not None:
            year_only += 1
        if age is None:
            age_groups["onbekend"] += 1
        elif age < 18:
            age_groups["0-17"] += 1
        elif age < 65:
            age_groups["18-64"] += 1
        else:
            age_groups["65+"] += 1
    activities = Activity.objects.filter(organisation__in=org_ids)
    User = get_user_model()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS]).select_related(
            "organisation"
        )
    }
    return {
        "gemeente": gemeente.name,
        "code": gemeente.code,
        "wijken": gemeente.children.count(),
        "buurten": buurten.count(),
        "households": Household.objects.filter(buurt__in=buurten).count(),
        "persons": persons.count(),
        "persons_birth_year_only": year_only,
        "age_groups": age_groups,
        "organisations": len(org_ids),
        "activities": activities.count(),
        "gastvrij": activities.filter(gastvrij=True).count(),
        "accounts": [
            {
                "username": a.username,
                "role": Role(users[a.username].role).label,
                "organisation": str(users[a.username].organisation or ""),
            }
            for a in ACCOUNTS
            if a.username in users
        ],
    }


def write_summary(summary: dict[str, Any], stdout) -> None:
    """The Dutch summary and the accounts table, as `kwartier demo` prints them."""

    def out(line: str = "") -> None:
        stdout.write(line + "\n")

    if summary["created"]:
        out(
            f"Demogemeente {summary['gemeente']} ({summary['code']}) aangemaakt "
            f"met seed {summary['seed']}."
        )
    else:
        out(
            f"Demogemeente {summary['gemeente']} ({summary['code']}) bestond al: niets "
            "toegevoegd, wachtwoorden van de demo-accounts opnieuw ingesteld. "
            "Gebruik --reset om de demo opnieuw op te bouwen."
        )
    groups = summary["age_groups"]
    rows = [
        ("Wijken", _n(summary["wijken"]), ""),
        ("Buurten", _n(summary["buurten"]), ""),
        ("Huishoudens", _n(summary["households"]), ""),
        (
            "Bewoners",
            _n(summary["persons"]),
            f"0-17 jaar {_n(groups['0-17'])}, 18-64 jaar {_n(groups['18-64'])}, "
            f"65+ {_n(groups['65+'])}, leeftijd onbekend {_n(groups['onbekend'])}",
        ),
        ("Organisaties", _n(summary["organisations"]), ""),
        ("Activiteiten", _n(summary["activities"]), f"waarvan {summary['gastvrij']} gastvrij"),
    ]
    out()
    for label, count, note in rows:
        out(f"  {label:<13}{count:>6}" + (f"  ({note})" if note else ""))
    out()
    out("Demo-accounts:")
    table = [("gebruikersnaam", "rol", "organisatie", "wachtwoord")] + [
        (a["username"], a["role"], a["organisation"], summary["password"])
        for a in summary["accounts"]
    ]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    for i, row in enumerate(table):
        out("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            out("  " + "  ".join("-" * w for w in widths))


# ---------------------------------------------------------------------------
# Accounts


def _demo_organisation_ids(area_ids: Iterable[int]) -> set[int]:
    """The demo's own organisations, plus any organisation working only in the demo."""
    area_ids = set(area_ids)
    names = [o["name"] for o in load_data("organisations")]
    ids = set(Organisation.objects.filter(name__in=names).values_list("pk", flat=True))
    if area_ids:
        served: dict[int, set[int]] = {}
        through = Organisation.areas.through.objects.filter(
            organisation__in=Organisation.objects.filter(areas__in=area_ids)
        )
        for org_id, area_id in through.values_list("organisation_id", "area_id"):
            served.setdefault(org_id, set()).add(area_id)
        ids.update(org_id for org_id, areas in served.items() if areas <= area_ids)
    return ids


def _check_account_names() -> None:
    """Refuse to touch a same-named account that does not belong to the demo."""
    User = get_user_model()
    names = [o["name"] for o in load_data("organisations")]
    for user in User.objects.filter(username__in=[a.username for a in ACCOUNTS]).select_related(
        "organisation"
    ):
        if user.organisation is None or user.organisation.name not in names:
            raise DemoError(
                f"Er bestaat al een gebruiker {user.username!r} die niet bij de demogemeente "
                "hoort. De demo verandert die niet; hernoem of verwijder die gebruiker eerst."
            )


def _ensure_accounts(password: str) -> None:
    """Create missing demo accounts; give every demo account the demo password."""
    User = get_user_model()
    # One hash for all six accounts: hashing is deliberately slow, the demo must not be.
    hashed = make_password(password)
    orgs = {
        o.name: o for o in Organisation.objects.filter(name__in={a.organisation for a in ACCOUNTS})
    }
    areas = {
        a.code: a for a in Area.objects.filter(code__in={c for a in ACCOUNTS for c in a.areas})
    }
    existing = {
        u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])
    }
    for account in ACCOUNTS:
        user = existing.get(account.username)
        if user is not None:
            user.password = hashed
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
            continue
        organisation = orgs.get(account.organisation)
        if organisation is None:
            raise DemoError(
                f"Organisatie {account.organisation!r} ontbreekt in de demo; "
                "bouw de demo opnieuw op met --reset."
            )
        user = User.objects.create(
            username=account.username,
            first_name=account.first_name,
            last_name=account.last_name,
            email=f"{account.username}@{EMAIL_DOMAIN}",
            organisation=organisation,
            role=account.role,
            is_staff=account.staff,
            is_superuser=account.staff,
            password=hashed,
        )
        user.areas.set([areas[code] for code in account.areas if code in areas])


# ---------------------------------------------------------------------------
# Generation


@dataclass(frozen=True)
class _Surname:
    infix: str
    base: str
    origin: str

    def for_gender(self, gender: str) -> str:
        # Polish family names ending in -ski, -cki or -dzki take -a for women.
        if self.origin == "polish" and gender == "f" and self.base.endswith("ki"):
            return self.base[:-1] + "a"
        return self.base


@dataclass
class _Member:
    """A resident before it becomes a Person: the name follows from the surname."""

    given_name: str
    gender: str
    age: int
    origin: str
    surname: _Surname

    @property
    def infix(self) -> str:
        return self.surname.infix

    @property
    def family_name(self) -> str:
        return self.surname.for_gender(self.gender)


class _Builder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.names = load_data("names")
        self.family_weights = {
            origin: [1 / (rank + 4) for rank in range(len(entries))]
            for origin, entries in self.names["family_names"].items()
        }
        self.used_ids: set[str] = set()
        self.used_emails: set[str] = set()
        self.phones = list(range(RESIDENT_PHONE_NUMBERS))
        self.rng.shuffle(self.phones)

    # -- the whole build, in a fixed order ---------------------------------

    def build(self) -> None:
        data = load_data("areas")
        areas = self._areas(data)
        organisations = self._organisations(areas)
        self._activities(organisations, areas)
        self._residents(data, areas, organisations[MAIN_ORGANISATION])

    def _areas(self, data) -> dict[str, Area]:
        """Gemeente, wijken and buurten by code; each wijk a column of buurten on a grid."""
        g = data["gemeente"]
        x0, y0 = data["origin"]["lon"], data["origin"]["lat"]
        dx, dy = data["cell"]["lon"], data["cell"]["lat"]
        n_wijken = len(data["wijken"])
        n_rows = max(len(w["buurten"]) for w in data["wijken"])
        gemeente = Area.objects.create(
            code=g["code"],
            name=g["name"],
            level=Area.Level.GEMEENTE,
            outline=_rectangle(x0, y0, x0 + n_wijken * dx, y0 + n_rows * dy),
        )
        areas = {gemeente.code: gemeente}
        for col, w in enumerate(data["wijken"]):
            wx = x0 + col * dx
            wijk = Area.objects.create(
                code=w["code"],
                name=w["name"],
                level=Area.Level.WIJK,
                parent=gemeente,
                outline=_rectangle(wx, y0, wx + dx, y0 + len(w["buurten"]) * dy),
            )
            areas[wijk.code] = wijk
            new = Area.objects.bulk_create(
                Area(
                    code=b["code"],
                    name=b["name"],
                    level=Area.Level.BUURT,
                    parent=wijk,
                    outline=_rectangle(wx, y0 + row * dy, wx + dx, y0 + (row + 1) * dy),
                )
                for row, b in enumerate(w["buurten"])
            )
            areas.update((b.code, b) for b in new)
        return areas

    def _organisations(self, areas: dict[str, Area]) -> dict[str, Organisation]:
        data = load_data("organisations")
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name=o["name"],
                kind=o["kind"],
                description=o["description"],
                email=o["email"],
                phone=o["phone"],
                website=o["website"],
                address=o["address"],
            )
            for o in data
        )
        Through = Organisation.areas.through
        Through.objects.bulk_create(
            Through(organisation_id=org.pk, area_id=areas[code].pk)
            for org, o in zip(orgs, data, strict=True)
            for code in o["areas"]
        )
        return {org.name: org for org in orgs}

    def _activities(self, organisations: dict[str, Organisation], areas: dict[str, Area]) -> None:
        Activity.objects.bulk_create(
            Activity(
                organisation=organisations[a["organisation"]],
                title=a["title"],
                kind=a["kind"],
                description=a["description"],
                target_group=a["target_group"],
                buurt=areas[a["buurt"]] if a["buurt"] else None,
                location=a["location"],
                schedule=a["schedule"],
                cost=Decimal(a["cost"]) if a["cost"] is not None else None,
                contact=a["contact"],
                gastvrij=a["gastvrij"],
            )
            for a in load_data("activities")
        )

    def _residents(self, data, areas: dict[str, Area], welzijn: Organisation) -> None:
        city = data["gemeente"]["city"]
        households: list[Household] = []
        members_per_household: list[list[_Member]] = []
        for w in data["wijken"]:
            for b in w["buurten"]:
                profile = PROFILES[b["profile"]]
                for street, number, suffix, postcode in self._addresses(b):
                    households.append(
                        Household(
                            organisation=welzijn,
                            street=street,
                            house_number=number,
                            house_number_suffix=suffix,
                            postcode=postcode,
                            city=city,
                            buurt=areas[b["code"]],
                        )
                    )
                    members_per_household.append(self._household(profile))
        # Like any registration, each record starts its change history ("aangemaakt").
        reason = "demogemeente"
        bulk_create_with_history(households, Household, default_change_reason=reason)
        persons = [
            self._person(member, household, welzijn)
            for household, members in zip(households, members_per_household, strict=True)
            for member in members
        ]
        bulk_create_with_history(persons, Person, batch_size=500, default_change_reason=reason)

    # -- addresses ---------------------------------------------------------

    def _addresses(self, buurt) -> list[tuple[str, int, str, str]]:
        """`households` addresses spread over the buurt's streets, with their postcodes."""
        streets = buurt["streets"]
        total = buurt["households"]
        counts = [total // len(streets) + (i < total % len(streets)) for i in range(len(streets))]
        pairs = _postcode_pairs()
        block_base = 0
        addresses = []
        for street, count in zip(streets, counts, strict=True):
            numbers: list[tuple[int, str]] = []
            number = self.rng.randint(1, 4)
            if street["flat"]:
                # Flats: a few buildings with a letter per dwelling (Torenhof 12-C).
                letter = -1
                for _ in range(count):
                    letter += self.rng.choice((1, 1, 1, 2))
                    if letter >= len(FLAT_SUFFIXES):
                        number += 2
                        letter = self.rng.randint(0, 1)
                    numbers.append((number, FLAT_SUFFIXES[letter]))
            else:
                # Not every address is registered: numbers skip the houses we do not know.
                for _ in range(count):
                    numbers.append((number, ""))
                    number += self.rng.choice((1, 1, 2, 2, 3, 4))
            for house_number, suffix in numbers:
                pair = pairs[block_base + house_number // POSTCODE_BLOCK]
                addresses.append(
                    (street["name"], house_number, suffix, f"{buurt['postcode']} {pair}")
                )
            block_base += numbers[-1][0] // POSTCODE_BLOCK + 1
        return addresses

    # -- households --------------------------------------------------------

    def _household(self, profile) -> list[_Member]:
        rng = self.rng
        kind = _weighted(rng, profile["compositions"])
        if kind == "single_old":
            age = _age(rng, ((65, 74, 34), (75, 84, 41), (85, 99, 25)))
            return [
                self._member(self._origin(profile, age), "f" if rng.random() < 0.68 else "m", age)
            ]
        if kind == "single":
            age = _age(rng, profile["single_ages"])
            return [self._member(self._origin(profile, age), rng.choice("mf"), age)]
        if kind == "couple":
            stage = _weighted(rng, profile["couple_stage"])
            age = _age(rng, COUPLE_AGES[stage])
            return self._couple(self._origin(profile, age), age)
        if kind == "family":
            age = _age(rng, ((25, 34, 27), (35, 44, 42), (45, 54, 26), (55, 58, 5)))
            parents = self._couple(self._origin(profile, age), age)
            n = _weighted(rng, {1: 36, 2: 44, 3: 15, 4: 5})
            return parents + self._children(parents, n)
        if kind == "single_parent":
            age = _tri(rng, 21, 58, 39)
            parent = self._member(
                self._origin(profile, age), "f" if rng.random() < 0.82 else "m", age
            )
            n = _weighted(rng, {1: 45, 2: 38, 3: 17})
            return [parent, *self._children([parent], n, own_name=rng.random() < 0.7)]
        if kind == "multigenerational":
            age = _tri(rng, 33, 56, 44)
            origin = self._origin(profile, age)
            parents = self._couple(origin, age)
            children = self._children(parents, _weighted(rng, {1: 35, 2: 45, 3: 20}))
            elder_age = min(98, max(parents[0].age, parents[1].age) + rng.randint(22, 34))
            elder_gender = "f" if rng.random() < 0.7 else "m"
            elder = self._member(origin, elder_gender, elder_age)
            if rng.random() < 0.5:
                # The widowed father or mother of the first partner, sharing the family name.
                elder.surname = parents[0].surname
            return parents + children + [elder]
        if kind == "adult_child":
            age = _tri(rng, 72, 98, 86)
            origin = self._origin(profile, age)
            elder = self._member(origin, "f" if rng.random() < 0.75 else "m", age)
            child_age = max(30, age - rng.randint(22, 40))
            child = self._member(origin, rng.choice("mf"), child_age)
            if rng.random() < 0.6:
                child.surname = elder.surname
            return [elder, child]
        # shared: young adults sharing a house, each with their own background
        return [
            self._member(self._origin(profile, 25), rng.choice("mf"), _tri(rng, 19, 31, 23))
            for _ in range(rng.choice((2, 2, 3, 3, 4)))
        ]

    def _couple(self, origin: str, age: int) -> list[_Member]:
        rng = self.rng
        if rng.random() < 0.03:
            genders = ("m", "m") if rng.random() < 0.5 else ("f", "f")
        else:
            genders = ("m", "f") if rng.random() < 0.5 else ("f", "m")
        # Men are on average a few years older than their female partner.
        shift = {"mf": -2.5, "fm": 2.5}.get("".join(genders), 0)
        partner_age = max(18, min(99, round(age + rng.gauss(shift, 3))))
        partner_origin = origin
        if rng.random() < 0.12:
            partner_origin = (
                "dutch"
                if origin != "dutch"
                else rng.choice(["turkish", "moroccan", "surinamese", "polish", "syrian"])
            )
        first = self._member(origin, genders[0], age)
        second = self._member(partner_origin, genders[1], partner_age)
        if origin == partner_origin == "polish" and rng.random() < 0.8:
            # Polish couples usually share the husband's (or first partner's) name.
            second.surname = first.surname
        return [first, second]

    def _children(self, parents: list[_Member], n: int, own_name: bool = True) -> list[_Member]:
        """Up to n children still living at home (24 or younger), born to these parents."""
        rng = self.rng
        youngest = min(p.age for p in parents)
        # The first child is born when the (youngest) parent is about 30, the next ones
        # one to five years apart; older children have left home, younger are not born.
        age = youngest - min(42, max(18, round(rng.gauss(30, 4.5))))
        ages = []
        for _ in range(n):
            if 0 <= age <= 24:
                ages.append(age)
            age -= rng.randint(1, 5)
        if not ages:
            ages = [rng.randint(max(0, youngest - 45), max(0, min(22, youngest - 18)))]
        # Children mostly get the father's name (or the first partner's); a single
        # parent's child sometimes has the name of the parent who left.
        name_giver = next((p for p in parents if p.gender == "m"), parents[0])
        surname = name_giver.surname if own_name else self._family(parents[0].origin)
        # Given names follow one parent's background, the same for all the children.
        origin = rng.choice([p.origin for p in parents])
        taken = {p.given_name for p in parents}
        children = []
        for age in ages:
            child = self._member(origin, rng.choice("mf"), age, taken)
            child.surname = surname
            taken.add(child.given_name)
            children.append(child)
        return children

    def _origin(self, profile, age: int) -> str:
        weights = dict(profile["origins"])
        if age >= 60:
            for origin in RECENT_ORIGINS:
                weights[origin] *= 0.1
        return _weighted(self.rng, weights)

    # -- people ------------------------------------------------------------

    def _member(self, origin: str, gender: str, age: int, taken: Collection[str] = ()) -> _Member:
        birth_year = REFERENCE_DATE.year - 1 - age
        bands = self.names["given_names"][origin]
        band = next(b for b in bands if birth_year <= b["until"])
        # No two children (or a child and a parent) in one household with the same name.
        given_name = self.rng.choice([n for n in band[gender] if n not in taken] or band[gender])
        return _Member(given_name, gender, age, origin, self._family(origin))

    def _family(self, origin: str) -> _Surname:
        entries = self.names["family_names"][origin]
        infix, base = self.rng.choices(entries, weights=self.family_weights[origin])[0]
        return _Surname(infix, base, origin)

    def _person(self, member: _Member, household: Household, welzijn: Organisation) -> Person:
        rng = self.rng
        birth_date = birth_year = None
        # Everyone has an age; what is registered is a birth date, for some adults only
        # the year, for a few nothing at all.
        known = rng.random()
        year = REFERENCE_DATE.year - 1 - member.age
        if member.age < 18 or known < 0.88:
            birth_date = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        elif known < 0.97:
            birth_year = year
        phone = email = ""
        if rng.random() < _phone_chance(member.age):
            phone = self._phone()
        if rng.random() < _email_chance(member.age):
            email = self._email(member)
        return Person(
            public_id=self._public_id(),
            organisation=welzijn,
            given_name=member.given_name,
            infix=member.infix,
            family_name=member.family_name,
            birth_date=birth_date,
            birth_year=birth_year,
            phone=phone,
            email=email,
            household=household,
        )

    def _public_id(self) -> str:
        while True:
            pid = "K-" + "".join(self.rng.choice(PUBLIC_ID_ALPHABET) for _ in range(8))
            if pid not in self.used_ids:
                self.used_ids.add(pid)
                return pid

    def _phone(self) -> str:
        number = self.phones.pop() if self.phones else self.rng.randrange(RESIDENT_PHONE_NUMBERS)
        return f"06-12345{number:03d}"

    def _email(self, member: _Member) -> str:
        local = ".".join(
            _ascii(part) for part in (member.given_name, member.infix, member.family_name) if part
        )
        email, n = f"{local}@{EMAIL_DOMAIN}", 1
        while email in self.used_emails:
            n += 1
            email = f"{local}{n}@{EMAIL_DOMAIN}"
        self.used_emails.add(email)
        return email


# ---------------------------------------------------------------------------
# Small helpers


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _phone_chance(age: int) -> float:
    """How likely the welfare organisation has a (mobile) number for someone this age."""
    if age < 12:
        return 0.0
    if age < 18:
        return 0.3
    return 0.45 if age >= 80 else 0.65


def _email_chance(age: int) -> float:
    if age < 16:
        return 0.0
    return 0.06 if age >= 75 else 0.25


def _age(rng: random.Random, bands) -> int:
    """An age from (youngest, oldest, weight) bands: a band by weight, then uniform within."""
    low, high, _ = rng.choices(bands, weights=[b[2] for b in bands])[0]
    return rng.randint(low, high)


def _tri(rng: random.Random, low: int, high: int, mode: int) -> int:
    return int(rng.triangular(low, high + 1, mode))


def _rectangle(x0: float, y0: float, x1: float, y1: float) -> dict:
    """A GeoJSON polygon (exterior ring counter-clockwise, RFC 7946)."""
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return {
        "type": "Polygon",
        "coordinates": [[[round(x, 5), round(y, 5)] for x, y in corners]],
    }


@cache
def _postcode_pairs() -> tuple[str, ...]:
    return tuple(
        a + b
        for a in POSTCODE_LETTERS
        for b in POSTCODE_LETTERS
        if a + b not in UNUSED_POSTCODE_PAIRS
    )


_ASCII_EXTRA = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss"})


def _ascii(text: str) -> str:
    """A name as an e-mail part: lower case, no accents, no spaces or quotes."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII_EXTRA))
    return "".join(c for c in plain.lower() if c.isascii() and c.isalnum())


def _n(value: int) -> str:
    """A count with a Dutch thousands separator."""
    return f"{value:,}".replace(",", ".")
