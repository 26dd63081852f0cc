"""Complete, valid answers per instrument for the app tests, built from the definitions'
item ids (the scoring tests type the rules in by hand; these tests exercise the app)."""

from kwartier.instruments import definitions

# Item answers that give a known result: the first option of every item, except where a
# specific answer makes the expectation readable.
SAMPLES = {
    "participatieladder": {"trede": 4},
    "zrm2017": dict.fromkeys((i.id for i in definitions.ZRM2017.items), 3),
    "zrm2013": dict.fromkeys((i.id for i in definitions.ZRM2013.items), 2),
    "djg11": {i.id: "ja" for i in definitions.DJG11.items},
    "djg6": {i.id: "ja" for i in definitions.DJG6.items},
    "lsns6": dict.fromkeys((i.id for i in definitions.LSNS6.items), 2),
    "csi": {**{i.id: "ja" for i in definitions.CSI.items}, "uren_per_week": 12.5},
}

# What the samples score (typed in from docs/instruments.md, not computed here).
EXPECTED = {
    "participatieladder": (4, None),
    "zrm2017": (None, None),
    "zrm2013": (None, None),
    # "ja" on every item: the 6 negatively worded items are lonely, the 5 positive not.
    "djg11": (6, "matig_eenzaam"),
    "djg6": (3, "matig_eenzaam"),
    "lsns6": (12, "geen_risico"),
    "csi": (13, "overbelast"),
}


def answers(code: str) -> dict:
    return dict(SAMPLES[code])
