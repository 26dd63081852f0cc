"""The ecogram's vocabulary: groups, strengths, directions, functions, frequencies.

Pure Python (no Django): the model, the forms, the drawing and the analysis all read
these tables, so a code means the same everywhere. Wording follows the ecogram
(Hartman 1978) as used in Dutch practice, see docs/network.md.
"""

# Groups (sectors of the drawing), in the order they go round the circle.
GROUPS: dict[str, str] = {
    "G": "Gezin van herkomst",
    "F": "Overige familie",
    "V": "Vrienden",
    "K": "Kennissen, oude buren, collega's",
    "B": "Buren",
    "C": "Clubs en verenigingen",
    "R": "Raadslieden",
    "Z": "Zorgverleners",
}
# Professionals: a network of only these is no informal network.
PROFESSIONAL_GROUPS = frozenset({"R", "Z"})

STRONG, NEUTRAL, BURDENING = "sterk", "neutraal", "belastend"
STRENGTHS: dict[str, str] = {
    STRONG: "Sterk / ondersteunend",
    NEUTRAL: "Neutraal / zwak",
    BURDENING: "Belastend / conflict",
}

TO_RESIDENT, FROM_RESIDENT, MUTUAL = "naar", "van", "wederzijds"
DIRECTIONS: dict[str, str] = {
    TO_RESIDENT: "Naar de bewoner",
    FROM_RESIDENT: "Van de bewoner",
    MUTUAL: "Wederzijds",
}

FUNCTIONS: dict[str, str] = {
    "E": "Emotionele steun",
    "P": "Praktische steun",
    "G": "Gezelschap",
    "A": "Advies en informatie",
}

FREQUENCIES: dict[str, str] = {
    "dagelijks": "Dagelijks",
    "wekelijks": "Wekelijks",
    "maandelijks": "Maandelijks",
    "minder": "Minder dan maandelijks",
    "nooit": "Nooit",
}


def normalise_functions(codes) -> str:
    """Function codes as one canonical string in the order E, P, G, A ("PE" → "EP")."""
    wanted = {str(code).strip().upper() for code in codes or ()}
    unknown = wanted - set(FUNCTIONS)
    if unknown:
        raise ValueError(f"onbekende functies: {', '.join(sorted(unknown))}")
    return "".join(code for code in FUNCTIONS if code in wanted)


def function_labels(codes: str) -> list[str]:
    return [FUNCTIONS[code] for code in FUNCTIONS if code in (codes or "")]
