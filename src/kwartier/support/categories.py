"""The support categories Kwartier starts with, and the slot and language vocabularies.

Plain data without Django, shared by the data migration that seeds the categories, the
forms and the tests. The list of categories is configurable afterwards in beheer; the
codes of the time slots and languages are the matching engine's (support.matching).
"""

from kwartier.support.matching import DAYPARTS, LANGUAGE_NAMES, WEEKDAYS

# (code, name, requires a VOG by default, order)
DEFAULT_CATEGORIES = (
    ("boodschappen", "Boodschappen", False),
    ("vervoer", "Vervoer", False),
    ("gezelschap", "Gezelschap / maatje", True),
    ("klussen", "Klussen", False),
    ("tuin", "Tuin", False),
    ("administratie", "Administratie", True),
    ("digitale-hulp", "Digitale hulp", False),
    ("huishouden", "Huishouden", True),
    ("taal", "Taal", False),
    ("respijt", "Respijt voor mantelzorger", True),
)

WEEKDAY_NAMES = {
    "ma": "maandag",
    "di": "dinsdag",
    "wo": "woensdag",
    "do": "donderdag",
    "vr": "vrijdag",
    "za": "zaterdag",
    "zo": "zondag",
}
SLOT_CHOICES = [
    (f"{day}-{part}", f"{WEEKDAY_NAMES[day]} {part}") for day in WEEKDAYS for part in DAYPARTS
]
SLOT_ORDER = {code: index for index, (code, _) in enumerate(SLOT_CHOICES)}


def sorted_slots(slots) -> list[str]:
    """Slots in week order (maandag ochtend first), without duplicates."""
    return sorted(set(slots), key=lambda slot: SLOT_ORDER.get(slot, len(SLOT_ORDER)))


def slot_label(slot: str) -> str:
    day, _, part = slot.partition("-")
    return f"{WEEKDAY_NAMES.get(day, day)} {part}".strip()


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


# A language can be typed as its code ("tr") or its Dutch name ("Turks").
LANGUAGE_BY_NAME = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}


def parse_languages(text: str) -> tuple[list[str], list[str]]:
    """'Turks, nl' → (['tr', 'nl'], []); unknown entries come back in the second list."""
    codes: list[str] = []
    unknown: list[str] = []
    for raw in text.replace(";", ",").split(","):
        item = raw.strip().lower()
        if not item:
            continue
        code = item if item in LANGUAGE_NAMES else LANGUAGE_BY_NAME.get(item)
        if code is None:
            unknown.append(raw.strip())
        elif code not in codes:
            codes.append(code)
    return codes, unknown
