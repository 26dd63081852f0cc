"""Network indicators of an ecogram: size, support, functions, burden and isolation flags.

Pure Python (no Django): the input is a sequence of `TieFacts`, the output an
`Indicators` value. The thresholds are the named constants below; docs/network.md
explains each one and why it was chosen. The flags start a conversation with the
resident, they are not a diagnosis and no eligibility gate.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from .codes import (
    BURDENING,
    FUNCTIONS,
    GROUPS,
    MUTUAL,
    PROFESSIONAL_GROUPS,
    STRONG,
    TO_RESIDENT,
)

# A network with fewer ties than this counts as small. Kwartier's working choice: the
# LSNS-6 marks risk of isolation below 12 points, which a resident reaches with about
# two relatives and two friends on each question; five named ties is the ecogram's
# counterpart. Change it here and in docs/network.md together.
SMALL_NETWORK_BELOW = 5
# Contact this often or more often counts as regular contact.
REGULAR_FREQUENCIES = frozenset({"dagelijks", "wekelijks"})
# Support that reaches the resident: from the contact to the resident, or both ways.
SUPPORT_TO_RESIDENT = frozenset({TO_RESIDENT, MUTUAL})
# The function whose absence is flagged on its own.
EMOTIONAL = "E"


@dataclass(frozen=True)
class TieFacts:
    """What the analysis needs of one tie (codes from `codes.py`)."""

    group: str
    strength: str
    direction: str
    functions: str = ""  # a subset of "EPGA"
    frequency: str = ""

    @property
    def is_professional(self) -> bool:
        return self.group in PROFESSIONAL_GROUPS

    @property
    def supports_resident(self) -> bool:
        """Sterk/ondersteunend, with support going to the resident (or both ways)."""
        return self.strength == STRONG and self.direction in SUPPORT_TO_RESIDENT

    @property
    def gives_functions(self) -> bool:
        """Its functions reach the resident: not burdening, support to the resident."""
        return self.strength != BURDENING and self.direction in SUPPORT_TO_RESIDENT


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    explanation: str


FLAGS: dict[str, tuple[str, str]] = {
    "geen_steunend_contact": (
        "Geen steunend contact",
        "Geen enkel contact is sterk/ondersteunend met steun naar de bewoner.",
    ),
    "alleen_professionals": (
        "Alleen professionals",
        "Er is geen contact buiten raadslieden en zorgverleners.",
    ),
    "klein_netwerk": (
        "Klein netwerk",
        f"Minder dan {SMALL_NETWORK_BELOW} contacten.",
    ),
    "geen_emotionele_steun": (
        "Geen emotionele steun",
        "Geen contact geeft de bewoner emotionele steun.",
    ),
    "geen_regelmatig_informeel_contact": (
        "Geen regelmatig informeel contact",
        "Met niemand buiten de professionals is er dagelijks of wekelijks contact.",
    ),
    "belasting_overheerst": (
        "Belasting overheerst",
        "Er zijn evenveel of meer belastende dan steunende contacten.",
    ),
}


@dataclass(frozen=True)
class Indicators:
    size: int
    supportive: int
    burdening: int
    professional: int
    informal: int
    regular_informal: int
    per_group: dict[str, int]
    functions_covered: tuple[str, ...]
    functions_missing: tuple[str, ...]
    flags: tuple[Flag, ...] = field(default_factory=tuple)

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.flags)

    def as_dict(self) -> dict:
        """Plain data for the API and the export, codes and Dutch labels side by side."""
        return {
            "size": self.size,
            "supportive": self.supportive,
            "burdening": self.burdening,
            "professional": self.professional,
            "informal": self.informal,
            "regular_informal": self.regular_informal,
            "per_group": dict(self.per_group),
            "functions_covered": list(self.functions_covered),
            "functions_missing": list(self.functions_missing),
            "flags": [
                {"code": f.code, "label": f.label, "explanation": f.explanation} for f in self.flags
            ],
        }


def analyse(ties: Iterable[TieFacts]) -> Indicators:
    ties = list(ties)
    supportive = sum(1 for t in ties if t.supports_resident)
    burdening = sum(1 for t in ties if t.strength == BURDENING)
    professional = sum(1 for t in ties if t.is_professional)
    informal = len(ties) - professional
    regular_informal = sum(
        1 for t in ties if not t.is_professional and t.frequency in REGULAR_FREQUENCIES
    )
    per_group = {code: 0 for code in GROUPS}
    for tie in ties:
        per_group[tie.group] = per_group.get(tie.group, 0) + 1
    received = {code for t in ties if t.gives_functions for code in t.functions}
    covered = tuple(code for code in FUNCTIONS if code in received)
    missing = tuple(code for code in FUNCTIONS if code not in received)

    raised = {
        "geen_steunend_contact": supportive == 0,
        "alleen_professionals": informal == 0,
        "klein_netwerk": len(ties) < SMALL_NETWORK_BELOW,
        "geen_emotionele_steun": EMOTIONAL in missing,
        "geen_regelmatig_informeel_contact": regular_informal == 0,
        "belasting_overheerst": burdening > 0 and burdening >= supportive,
    }
    flags = tuple(Flag(code, *FLAGS[code]) for code in FLAGS if raised[code])
    return Indicators(
        size=len(ties),
        supportive=supportive,
        burdening=burdening,
        professional=professional,
        informal=informal,
        regular_informal=regular_informal,
        per_group=per_group,
        functions_covered=covered,
        functions_missing=missing,
        flags=flags,
    )
