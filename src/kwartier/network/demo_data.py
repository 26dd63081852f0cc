"""Demo data of the network app: ecogrammen for about a hundred residents.

The residents with a hulpvraag come first (that is where a worker draws an ecogram),
then other adults up to RESIDENTS. Each ecogram holds 3-14 ties: household members
and residents of the same buurt (registered persons), demo organisations (the GP
practice of the wijk, care providers, the welfare organisation, clubs), and named
contacts who are not registered (a label such as "zus Ineke"). Group, strength,
direction, functions and frequency are drawn per group as practice has them (family
supports emotionally and daily, a club gives company, professionals advise). About
one in seven residents is isolated (one or two ties, mostly professionals), about one
in four has a burdening tie; for half of those the tie was first recorded as neutral
and later changed, so the change history shows a real change.

Rows are inserted with bulk_create_with_history (one "aangemaakt" version each), as
the base demo does for residents; `delete_demo_data` removes ties and versions.
"""

from collections import defaultdict
from functools import cache

from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kwartier.core.ages import age_on
from kwartier.core.models import Area, Organisation, Person
from kwartier.demo.context import load_data

from . import codes
from .models import ERASED_LABEL, Tie

RESIDENTS = 100  # ecogrammen in the demo
ADULT_FROM = 18  # residents without a hulpvraag get an ecogram from this age
ISOLATED_SHARE = 0.14
BURDENED_SHARE = 0.25
CHANGED_LATER_SHARE = 0.5  # of the burdening ties: first neutral, changed afterwards
REASON = "demogemeente"
CHANGE_REASON = "band is verslechterd"

# Organisations by the group they stand in; an organisation absent from the demo data
# is skipped. GP practices are added per wijk (see _Organisations).
ADVISERS = (  # R: raadslieden
    "Welzijn Kwartiersveen",
    "Woonstichting Waardewonen",
    "Gemeente Kwartiersveen",
    "Jeugd- en Gezinsteam Kwartiersveen",
)
CARERS = ("Zorggroep Het Anker", "GGZ De Brug")  # Z: zorgverleners, besides the GP
NOT_A_CLUB = {"Voedselbank Kwartiersveen"}  # a vereniging, but no club one belongs to

# How often a group is drawn for the ties beyond the household (weights).
GROUP_WEIGHTS = {"G": 9, "F": 13, "V": 16, "K": 10, "B": 12, "C": 11, "R": 8, "Z": 13}
# Unregistered contacts: (word before a female name, before a male name), per group;
# None: a description without a name.
LABEL_WORDS = {
    "G": [("zus", "broer"), ("moeder", "vader"), ("dochter", "zoon")],
    "F": [("tante", "oom"), ("nicht", "neef"), ("schoonzus", "zwager"), ("oma", "opa")],
    "V": [("vriendin", "vriend"), ("jeugdvriendin", "jeugdvriend")],
    "K": [("oud-collega", "oud-collega"), ("oud-buurvrouw", "oud-buurman"), ("kennis", "kennis")],
    "B": [("buurvrouw", "buurman")],
}
DESCRIPTIONS = {
    "B": ["buren op de hoek", "buurvrouw van boven", "buurman op nummer 12"],
    "C": ["koffieochtend kerk", "biljartclub", "koersbalclub", "zwemclub"],
    "R": ["bewindvoerder", "schuldhulpmaatje", "consulent Wmo", "maatschappelijk werker"],
    "Z": ["fysiotherapeut", "wijkverpleegkundige", "thuiszorg", "apotheek", "tandarts"],
}
# Per group: strength weights (sterk, neutraal, belastend), direction weights (naar,
# van, wederzijds), the functions a tie of that group may give, and frequency weights
# (dagelijks, wekelijks, maandelijks, minder, nooit).
PROFILE = {
    "G": ((62, 30, 8), (25, 15, 60), "EPG", (20, 40, 25, 12, 3)),
    "F": ((40, 52, 8), (20, 15, 65), "EPG", (3, 20, 35, 37, 5)),
    "V": ((58, 38, 4), (15, 10, 75), "EGA", (10, 45, 35, 10, 0)),
    "K": ((20, 76, 4), (15, 10, 75), "GA", (2, 20, 38, 40, 0)),
    "B": ((34, 60, 6), (30, 20, 50), "PG", (30, 45, 15, 10, 0)),
    "C": ((35, 63, 2), (10, 10, 80), "GA", (0, 70, 25, 5, 0)),
    "R": ((50, 47, 3), (90, 0, 10), "AP", (0, 20, 45, 35, 0)),
    "Z": ((55, 42, 3), (90, 0, 10), "PA", (5, 20, 40, 35, 0)),
}
STRENGTHS = (codes.STRONG, codes.NEUTRAL, codes.BURDENING)
DIRECTIONS = (codes.TO_RESIDENT, codes.FROM_RESIDENT, codes.MUTUAL)
FREQUENCIES = tuple(codes.FREQUENCIES)
# Burdening ties: who they are with, and a note (category notities) on them.
BURDEN_GROUPS = {"G": 4, "F": 3, "B": 3, "K": 1}
BURDEN_NOTES = [
    "Veel ruzie over geld; bewoner wil minder contact.",
    "Contact kost de bewoner energie, spreekt af op eigen voorwaarden.",
    "Overlast en spanningen, sinds vorig jaar.",
    "Leunt zwaar op de bewoner; mantelzorg valt zwaar.",
]
NOTES = [
    "Komt elke zondag eten.",
    "Doet de boodschappen als de bewoner ziek is.",
    "Belt meestal op vrijdag.",
    "Kent de bewoner al sinds de basisschool.",
]


def seed_demo(rng, demo) -> None:
    """Add the app's demo data; `demo` is a kwartier.demo.context.DemoContext."""
    persons = list(demo.persons.order_by("pk"))
    asked = set(demo.persons.filter(help_requests__isnull=False).values_list("pk", flat=True))
    chosen = _residents(rng, persons, asked, demo.reference_date)
    builder = _Ecograms(rng, persons, _Organisations())
    ties, changed = [], []
    for person in chosen:
        kind = _kind(rng)
        person_ties = builder.ecogram(person, kind)
        ties.extend(person_ties)
        if kind == "belast" and rng.random() < CHANGED_LATER_SHARE:
            changed.extend(t for t in person_ties if t.strength == codes.BURDENING)
    # A tie that got worse was recorded as neutral first: that version is the one created.
    for tie in changed:
        tie.strength = codes.NEUTRAL
    worker = demo.users.filter(role="wijkwerker").order_by("pk").first()
    bulk_create_with_history(
        ties, Tie, batch_size=500, default_user=worker, default_change_reason=REASON
    )
    for tie in changed:
        tie.strength = codes.BURDENING
    bulk_update_with_history(
        changed, Tie, ["strength"], default_user=worker, default_change_reason=CHANGE_REASON
    )


def _residents(rng, persons, asked, today) -> list[Person]:
    """Those with a hulpvraag (`asked`: their ids) first, then a draw of other adults."""
    first = [p for p in persons if p.pk in asked][:RESIDENTS]
    others = [
        p
        for p in persons
        if p.pk not in asked and (age_on(today, p.birth_date, p.birth_year) or 0) >= ADULT_FROM
    ]
    extra = rng.sample(others, min(len(others), RESIDENTS - len(first)))
    return first + sorted(extra, key=lambda p: p.pk)


def _kind(rng) -> str:
    draw = rng.random()
    if draw < ISOLATED_SHARE:
        return "geisoleerd"
    if draw < ISOLATED_SHARE + BURDENED_SHARE:
        return "belast"
    return "gewoon"


class _Organisations:
    """The demo organisations a resident can have a tie with, by group."""

    def __init__(self):
        names = [o["name"] for o in load_data("organisations")]
        demo = Organisation.objects.filter(name__in=names).prefetch_related("areas")
        organisations = {o.name: o for o in demo}
        self.parents = dict(Area.objects.values_list("pk", "parent_id"))
        self.advisers = [organisations[n] for n in ADVISERS if n in organisations]
        self.carers = [organisations[n] for n in CARERS if n in organisations]
        self.gp_by_wijk = {}
        self.clubs = []
        for org in organisations.values():
            area_ids = {a.pk for a in org.areas.all()}
            if org.kind == Organisation.Kind.HUISARTSENPRAKTIJK:
                for area_id in sorted(area_ids):
                    self.gp_by_wijk.setdefault(area_id, org)
            elif org.kind == Organisation.Kind.VERENIGING and org.name not in NOT_A_CLUB:
                self.clubs.append((org, area_ids))

    def gp(self, person):
        return self.gp_by_wijk.get(person.household.buurt.parent_id) if person.household else None

    def clubs_near(self, person) -> list[Organisation]:
        """Clubs working in the whole municipality, the resident's wijk or buurt."""
        if person.household is None:
            return []
        buurt = person.household.buurt
        near = {buurt.pk, buurt.parent_id, self.parents.get(buurt.parent_id)}
        return [org for org, areas in self.clubs if areas & near]


class _Ecograms:
    def __init__(self, rng, persons, organisations: _Organisations):
        self.rng = rng
        self.orgs = organisations
        self.households = defaultdict(list)
        self.buurten = defaultdict(list)
        for person in persons:
            if person.household_id:
                self.households[person.household_id].append(person)
                self.buurten[person.household.buurt_id].append(person)

    def ecogram(self, person, kind: str) -> list[Tie]:
        rng = self.rng
        self.ties: list[Tie] = []
        self.person = person
        if kind == "geisoleerd":
            self._isolated()
            return self.ties
        size = round(rng.triangular(3, 14, 6))
        housemates = [p for p in self.households.get(person.household_id, []) if p != person]
        for housemate in rng.sample(housemates, min(len(housemates), 3, size)):
            self._tie("G", contact_person=housemate, frequency="dagelijks")
        if kind == "belast":
            self._burden()
        groups, weights = zip(*GROUP_WEIGHTS.items(), strict=True)
        attempts = 0
        while len(self.ties) < size and attempts < 40:
            attempts += 1
            self._add(rng.choices(groups, weights)[0])
        return self.ties

    def _isolated(self):
        """One or two ties, mostly professionals, rarely supportive."""
        self._add(self.rng.choice("RZ"), strength=codes.NEUTRAL)
        if self.rng.random() < 0.6:
            self._add(self.rng.choice("ZRB"), frequency=self.rng.choice(["minder", "maandelijks"]))

    def _burden(self):
        groups, weights = zip(*BURDEN_GROUPS.items(), strict=True)
        group = self.rng.choices(groups, weights)[0]
        self._add(group, strength=codes.BURDENING, note=self.rng.choice(BURDEN_NOTES))

    def _add(self, group: str, **fields) -> None:
        """A tie in `group`, with the contact that fits the group (no contact twice)."""
        rng = self.rng
        person = self.person
        if group == "B" and rng.random() < 0.5:
            neighbours = [
                p
                for p in self.buurten.get(person.household.buurt_id if person.household else 0, [])
                if p.household_id != person.household_id
            ]
            contact = rng.choice(neighbours) if neighbours else None
            if contact is not None and not self._has(contact_person=contact):
                self._tie(group, contact_person=contact, **fields)
                return
        organisation = self._organisation(group)
        if organisation is not None and not self._has(contact_organisation=organisation):
            self._tie(group, contact_organisation=organisation, **fields)
            return
        # Two contacts may share a label, but one ecogram with "tandarts" twice looks
        # like a mistake: draw again a few times.
        used = {t.contact_label for t in self.ties}
        label = self._label(group)
        for _ in range(5):
            if label not in used:
                break
            label = self._label(group)
        self._tie(group, contact_label=label, **fields)

    def _organisation(self, group: str):
        rng = self.rng
        if group == "Z" and rng.random() < 0.55:
            if not self._has(contact_organisation=self.orgs.gp(self.person)):
                return self.orgs.gp(self.person)
            return rng.choice(self.orgs.carers) if self.orgs.carers else None
        if group == "R" and rng.random() < 0.6 and self.orgs.advisers:
            return rng.choice(self.orgs.advisers)
        if group == "C" and rng.random() < 0.8:
            clubs = self.orgs.clubs_near(self.person)
            return rng.choice(clubs) if clubs else None
        return None

    def _label(self, group: str) -> str:
        rng = self.rng
        if group not in LABEL_WORDS or (group in DESCRIPTIONS and rng.random() < 0.4):
            return rng.choice(DESCRIPTIONS[group])
        female, male = rng.choice(LABEL_WORDS[group])
        gender = rng.choice("fm")
        name = rng.choice(_given_names(_origin(self.person.given_name))[gender])
        return f"{female if gender == 'f' else male} {name}"

    def _has(self, **contact) -> bool:
        ((field, value),) = contact.items()
        return value is None or any(getattr(t, field) == value for t in self.ties)

    def _tie(self, group: str, **fields) -> None:
        rng = self.rng
        strengths, directions, functions, frequencies = PROFILE[group]
        strength = fields.pop("strength", None) or rng.choices(STRENGTHS, strengths)[0]
        if strength == codes.BURDENING:
            direction = rng.choice([codes.FROM_RESIDENT, codes.MUTUAL, codes.TO_RESIDENT])
            gives = "" if rng.random() < 0.6 else rng.choice(functions)
        else:
            direction = rng.choices(DIRECTIONS, directions)[0]
            count = rng.choice([0, 1, 1, 2, 2, 3] if strength == codes.NEUTRAL else [1, 2, 2, 3])
            gives = "".join(rng.sample(functions, min(count, len(functions))))
        frequency = fields.pop("frequency", None) or rng.choices(FREQUENCIES, frequencies)[0]
        note = fields.pop("note", None) or (rng.choice(NOTES) if rng.random() < 0.06 else "")
        self.ties.append(
            Tie(
                person=self.person,
                group=group,
                strength=strength,
                direction=direction,
                functions=codes.normalise_functions(gives),
                frequency=frequency,
                note=note,
                **fields,
            )
        )


@cache
def _origins_by_name() -> dict[str, str]:
    found = {}
    for origin, cohorts in load_data("names")["given_names"].items():
        for cohort in cohorts:
            for name in cohort["m"] + cohort["f"]:
                found.setdefault(name, origin)
    return found


def _origin(given_name: str) -> str:
    """The origin of the demo's name list the resident's name comes from: relatives and
    friends get names from the same list."""
    return _origins_by_name().get(given_name, "dutch")


@cache
def _given_names(origin: str) -> dict[str, list[str]]:
    cohorts = load_data("names")["given_names"][origin]
    return {g: sorted({n for c in cohorts for n in c[g]}) for g in "fm"}


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove the ties of the demo's residents, and every version of them.

    A tie of a resident outside the demo that names a demo resident or organisation is
    kept, as erasure does (subject_data.py): its contact becomes a label.
    """
    person_ids = list(
        Person.objects.filter(
            Q(organisation_id__in=org_ids) | Q(household__buurt_id__in=area_ids)
        ).values_list("pk", flat=True)
    )
    own = Tie.objects.filter(person_id__in=person_ids)
    own_ids = list(own.values_list("pk", flat=True))
    own.delete()
    # After the delete (which may add a last version); also versions of ties that were
    # deleted before.
    Tie.history.filter(Q(id__in=own_ids) | Q(person_id__in=person_ids)).delete()
    names = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    for rows in (Tie.objects.all(), Tie.history.all()):
        rows.filter(contact_person_id__in=person_ids).update(
            contact_person_id=None, contact_label=ERASED_LABEL, note=""
        )
        named = rows.filter(contact_organisation_id__in=names)
        for org_id in set(named.values_list("contact_organisation_id", flat=True)):
            rows.filter(contact_organisation_id=org_id).update(
                contact_organisation_id=None, contact_label=names[org_id][:60]
            )
