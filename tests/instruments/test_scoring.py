"""Table-driven tests of the instrument definitions and their scoring.

The expectations are typed in from the instrument brief (docs/instruments.md), not
read from ``definitions``, so a slip in the data fails here. No Django is needed.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest

from kwartier.instruments import definitions
from kwartier.instruments.definitions import INSTRUMENTS, Method, Target, Wording
from kwartier.instruments.scoring import (
    HIGH,
    RISING,
    InvalidAnswer,
    InvalidSetting,
    change,
    flags,
    score,
)

# --- expectations from the brief ----------------------------------------------------

DJG11_IDS = [str(number) for number in range(1, 12)]
DJG6_IDS = ["3", "4", "7", "8", "9", "10"]
DJG_NEGATIVE = {"2", "3", "5", "6", "9", "10"}  # all emotional
DJG_POSITIVE = {"1", "4", "7", "8", "11"}  # all social
DJG_SUBSCALE = {item: "emotional" for item in DJG_NEGATIVE} | {
    item: "social" for item in DJG_POSITIVE
}

ZRM_KEYS = {
    "zrm2017": [
        "financien",
        "werk_opleiding",
        "tijdsbesteding",
        "huisvesting",
        "huiselijke_relaties",
        "geestelijke_gezondheid",
        "lichamelijke_gezondheid",
        "middelengebruik",
        "basale_adl",
        "instrumentele_adl",
        "sociaal_netwerk",
        "maatschappelijke_participatie",
        "justitie",
    ],
    "zrm2013": [
        "financien",
        "dagbesteding",
        "huisvesting",
        "huiselijke_relaties",
        "geestelijke_gezondheid",
        "lichamelijke_gezondheid",
        "verslaving",
        "adl",
        "sociaal_netwerk",
        "maatschappelijke_participatie",
        "justitie",
    ],
}
ZRM_DOMAINS = [(code, key) for code, keys in ZRM_KEYS.items() for key in keys]

CSI_IDS = [str(number) for number in range(1, 14)]


def lonely(item: str) -> str:
    return "ja" if item in DJG_NEGATIVE else "nee"


def not_lonely(item: str) -> str:
    return "nee" if item in DJG_NEGATIVE else "ja"


def djg(ids: list[str], lonely_items: set[str] | list[str] = ()) -> dict[str, str]:
    """Complete answers for ``ids``, lonely exactly on ``lonely_items``."""
    return {item: lonely(item) if item in lonely_items else not_lonely(item) for item in ids}


def lsns(total: int) -> dict[str, int]:
    """Complete LSNS-6 answers adding up to ``total`` (filled item by item)."""
    answers = {}
    for item in ["1", "2", "3", "4", "5", "6"]:
        answers[item] = min(5, total)
        total -= answers[item]
    return answers


def csi(yes: int) -> dict[str, str]:
    return {item: "ja" if index < yes else "nee" for index, item in enumerate(CSI_IDS)}


def zrm(code: str, level: int = 3) -> dict[str, int]:
    return dict.fromkeys(ZRM_KEYS[code], level)


def band_code(result) -> str | None:
    return result.band.code if result.band else None


# --- registry and data ----------------------------------------------------------------


def test_registry_holds_every_instrument():
    assert set(INSTRUMENTS) == {
        "participatieladder",
        "zrm2017",
        "zrm2013",
        "djg11",
        "djg6",
        "lsns6",
        "csi",
    }


@pytest.mark.parametrize("code", sorted(INSTRUMENTS))
def test_get_returns_the_registered_instrument(code):
    assert definitions.get(code) is INSTRUMENTS[code]
    assert definitions.get(code).code == code


@pytest.mark.parametrize("code", ["onbekend", "", "DJG11", None, ["djg11"]])
def test_unknown_instrument(code):
    with pytest.raises(definitions.UnknownInstrument) as raised:
        definitions.get(code)
    assert "Onbekend meetinstrument" in str(raised.value)
    with pytest.raises(definitions.UnknownInstrument):
        score(code, {})


@pytest.mark.parametrize("instrument", INSTRUMENTS.values(), ids=list(INSTRUMENTS))
def test_instrument_is_complete(instrument):
    assert instrument.name and instrument.version and instrument.source and instrument.references
    ids = [item.id for item in instrument.items]
    assert len(ids) == len(set(ids))
    for item in instrument.items:
        assert item.text and len(item.options) >= 2
        assert len(set(item.codes)) == len(item.codes)
        assert all(option.label for option in item.options)
        assert {type(code) for code in item.codes} == {item.answer_type}
    subscales = {sub.code for sub in instrument.subscales}
    assert {item.subscale for item in instrument.items} - {None} == subscales


@pytest.mark.parametrize("instrument", INSTRUMENTS.values(), ids=list(INSTRUMENTS))
def test_bands_cover_every_possible_total_exactly_once(instrument):
    band_sets = [instrument.bands] + [
        choice.value
        for setting in instrument.settings
        if setting.target is Target.BANDS
        for choice in setting.choices
    ]
    for bands in band_sets:
        if not bands:
            continue
        low, high = instrument.total_range
        assert [band.code for band in bands if band.contains(low)] == [bands[0].code]
        for band, following in zip(bands, bands[1:], strict=False):
            assert following.low == band.high + 1
        assert bands[0].low == low and bands[-1].high == high
    for sub in instrument.subscales:
        if sub.bands:
            items = instrument.subscale_items(sub.code)
            top = sum(max(option.points for option in item.options) for item in items)
            assert (sub.bands[0].low, sub.bands[-1].high) == (0, top)


@pytest.mark.parametrize("setting", definitions.SETTINGS.values(), ids=list(definitions.SETTINGS))
def test_settings_are_named_versioned_and_have_their_default(setting):
    owner = setting.name.split(".")[0]
    assert setting in INSTRUMENTS[owner].settings
    assert setting.version >= 1 and setting.reason
    assert setting.choice(setting.default) is not None
    assert len({choice.code for choice in setting.choices}) == len(setting.choices)


@pytest.mark.parametrize("item_id", DJG11_IDS)
def test_djg_items_have_the_wording_and_subscale_of_the_brief(item_id):
    item = INSTRUMENTS["djg11"].item(item_id)
    expected = Wording.NEGATIVE if item_id in DJG_NEGATIVE else Wording.POSITIVE
    assert item.wording is expected
    assert item.subscale == DJG_SUBSCALE[item_id]
    assert item.codes == ("nee", "min of meer", "ja")


def test_djg_short_form_reuses_the_11_item_definitions():
    short = INSTRUMENTS["djg6"]
    assert [item.id for item in short.items] == DJG6_IDS
    for item in short.items:
        assert item is INSTRUMENTS["djg11"].item(item.id)
    assert short.method is INSTRUMENTS["djg11"].method is Method.SUM


def test_djg_texts_and_instruction():
    djg11 = INSTRUMENTS["djg11"]
    assert djg11.item("1").text.startswith("Er is altijd wel iemand in mijn omgeving")
    assert djg11.item("10").text == "Vaak voel ik me in de steek gelaten."
    assert "zoals u de laatste tijd bent" in djg11.instruction
    assert "Kamphuis (1985)" in djg11.source
    assert "Van Tilburg (2006)" in INSTRUMENTS["djg6"].source


@pytest.mark.parametrize("code", ["zrm2017", "zrm2013"])
def test_zrm_domains_and_levels(code):
    instrument = INSTRUMENTS[code]
    assert [item.id for item in instrument.items] == ZRM_KEYS[code]
    for item in instrument.items:
        assert [(option.code, option.label) for option in item.options] == [
            (1, "Acute problematiek"),
            (2, "Niet zelfredzaam"),
            (3, "Beperkt zelfredzaam"),
            (4, "Voldoende zelfredzaam"),
            (5, "Volledig zelfredzaam"),
        ]
    assert instrument.version == code[3:]


def test_participatieladder_rungs():
    (item,) = INSTRUMENTS["participatieladder"].items
    assert item.id == "trede"
    assert [(option.code, option.label) for option in item.options] == [
        (1, "Geïsoleerd"),
        (2, "Sociale contacten buitenshuis"),
        (3, "Deelname aan georganiseerde activiteiten"),
        (4, "Onbetaald werk"),
        (5, "Betaald werk met ondersteuning"),
        (6, "Betaald werk"),
    ]
    assert all(option.description for option in item.options)


def test_lsns6_items_and_answer_codes():
    instrument = INSTRUMENTS["lsns6"]
    assert [(item.id, item.subscale) for item in instrument.items] == [
        ("1", "family"),
        ("2", "family"),
        ("3", "family"),
        ("4", "friends"),
        ("5", "friends"),
        ("6", "friends"),
    ]
    assert instrument.items[0].codes == (0, 1, 2, 3, 4, 5)


@pytest.mark.parametrize("module", ["__init__", "definitions", "scoring", "chart", "display"])
def test_modules_do_not_import_django(module):
    path = Path(definitions.__file__).with_name(f"{module}.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported and "rest_framework" not in imported


# --- De Jong Gierveld: item scoring, reverse wording ---------------------------------

DJG_POINTS = {
    Wording.NEGATIVE: {"nee": 0, "min of meer": 1, "ja": 1},
    Wording.POSITIVE: {"nee": 1, "min of meer": 1, "ja": 0},
}


def _djg_item_cases():
    for code, ids in (("djg11", DJG11_IDS), ("djg6", DJG6_IDS)):
        for item in ids:
            wording = Wording.NEGATIVE if item in DJG_NEGATIVE else Wording.POSITIVE
            for answer, points in DJG_POINTS[wording].items():
                yield pytest.param(code, ids, item, answer, points, id=f"{code}-{item}-{answer}")


@pytest.mark.parametrize("code, ids, item, answer, points", list(_djg_item_cases()))
def test_djg_item_points_follow_wording(code, ids, item, answer, points):
    result = score(code, djg(ids) | {item: answer})
    assert result.total == points
    assert result.subscales[DJG_SUBSCALE[item]] == points


@pytest.mark.parametrize(
    "lonely_items, total, emotional, social",
    [
        (set(), 0, 0, 0),
        (set(DJG11_IDS), 11, 6, 5),
        (DJG_NEGATIVE, 6, 6, 0),
        (DJG_POSITIVE, 5, 0, 5),
        ({"1", "2"}, 2, 1, 1),
    ],
)
def test_djg11_total_and_subscales(lonely_items, total, emotional, social):
    result = score("djg11", djg(DJG11_IDS, lonely_items))
    assert (result.total, result.subscales) == (total, {"emotional": emotional, "social": social})
    assert result.subscale_bands == {}  # no subscale bands are defined for 11 items
    assert result.missing == ()


@pytest.mark.parametrize(
    "total, band, label",
    [
        (0, "niet_eenzaam", "Niet eenzaam"),
        (2, "niet_eenzaam", "Niet eenzaam"),
        (3, "matig_eenzaam", "Matig eenzaam"),
        (8, "matig_eenzaam", "Matig eenzaam"),
        (9, "ernstig_eenzaam", "Ernstig eenzaam"),
        (10, "ernstig_eenzaam", "Ernstig eenzaam"),
        (11, "zeer_ernstig_eenzaam", "Zeer ernstig eenzaam"),
    ],
)
def test_djg11_bands_default(total, band, label):
    result = score("djg11", djg(DJG11_IDS, DJG11_IDS[:total]))
    assert result.total == total
    assert (result.band.code, result.band.label) == (band, label)


@pytest.mark.parametrize(
    "total, band, label",
    [
        (2, "niet_eenzaam", "Niet eenzaam"),
        (3, "matig_eenzaam", "Matig eenzaam"),
        (8, "matig_eenzaam", "Matig eenzaam"),
        (9, "ernstig_eenzaam", "(Zeer) ernstig eenzaam"),
        (10, "ernstig_eenzaam", "(Zeer) ernstig eenzaam"),
        (11, "ernstig_eenzaam", "(Zeer) ernstig eenzaam"),
    ],
)
def test_djg11_bands_three_band_setting(total, band, label):
    answers = djg(DJG11_IDS, DJG11_IDS[:total])
    result = score("djg11", answers, {"djg11.banden": "drie_banden"})
    assert (result.band.code, result.band.label) == (band, label)
    assert "djg11.banden=drie_banden@v1" in result.rule_version


@pytest.mark.parametrize(
    "absent, emotional, social",
    [
        ("2", None, 5),  # an emotional item: only the emotional subscale goes
        ("11", 6, None),  # a social item: only the social subscale goes
    ],
)
@pytest.mark.parametrize("how", ["absent", "null"])
def test_djg11_any_missing_item_makes_the_total_missing(absent, emotional, social, how):
    answers = djg(DJG11_IDS, DJG11_IDS)
    if how == "absent":
        del answers[absent]
    else:
        answers[absent] = None
    result = score("djg11", answers)
    assert result.total is None and result.band is None
    assert result.subscales == {"emotional": emotional, "social": social}
    assert result.missing == (absent,)
    assert result.as_api()["total"] is None


def test_djg11_nothing_answered_is_not_assessed_not_zero():
    result = score("djg11", {})
    assert result.total is None and result.band is None
    assert result.subscales == {"emotional": None, "social": None}
    assert result.missing == tuple(DJG11_IDS)


# --- De Jong Gierveld, 6 items --------------------------------------------------------


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "niet_eenzaam"),
        (1, "niet_eenzaam"),
        (2, "matig_eenzaam"),
        (4, "matig_eenzaam"),
        (5, "ernstig_eenzaam"),
        (6, "ernstig_eenzaam"),
    ],
)
def test_djg6_bands(total, band):
    result = score("djg6", djg(DJG6_IDS, DJG6_IDS[:total]))
    assert result.total == total
    assert band_code(result) == band


@pytest.mark.parametrize(
    "lonely_items, emotional, emotional_band, social, social_band",
    [
        (set(), 0, "niet_eenzaam", 0, "niet_eenzaam"),
        ({"3"}, 1, "eenzaam", 0, "niet_eenzaam"),
        ({"4"}, 0, "niet_eenzaam", 1, "eenzaam"),
        ({"3", "9", "10", "8"}, 3, "eenzaam", 1, "eenzaam"),
        (set(DJG6_IDS), 3, "eenzaam", 3, "eenzaam"),
    ],
)
def test_djg6_subscales_and_their_bands(
    lonely_items, emotional, emotional_band, social, social_band
):
    result = score("djg6", djg(DJG6_IDS, lonely_items))
    assert result.subscales == {"emotional": emotional, "social": social}
    assert {name: band.code for name, band in result.subscale_bands.items()} == {
        "emotional": emotional_band,
        "social": social_band,
    }


@pytest.mark.parametrize(
    "lonely_items, missing, total, band, emotional, social",
    [
        # one missing: the total counts the five answered items
        (set(DJG6_IDS), ["3"], 5, "ernstig_eenzaam", None, 3),
        (set(DJG6_IDS), ["7"], 5, "ernstig_eenzaam", 3, None),
        ({"3", "9"}, ["4"], 2, "matig_eenzaam", 2, None),
        ({"3"}, ["4"], 1, "niet_eenzaam", 1, None),
        (set(), ["10"], 0, "niet_eenzaam", None, 0),
        # more than one missing: the total is missing too
        (set(DJG6_IDS), ["3", "9"], None, None, None, 3),
        (set(DJG6_IDS), ["3", "4"], None, None, None, None),
        (set(), DJG6_IDS, None, None, None, None),
    ],
)
def test_djg6_missing_answers(lonely_items, missing, total, band, emotional, social):
    answers = {k: v for k, v in djg(DJG6_IDS, lonely_items).items() if k not in missing}
    result = score("djg6", answers)
    assert result.total == total
    assert band_code(result) == band
    assert result.subscales == {"emotional": emotional, "social": social}
    for name, value in result.subscales.items():
        assert (result.subscale_bands[name] is None) == (value is None)
    assert result.missing == tuple(item for item in DJG6_IDS if item in missing)


@pytest.mark.parametrize("item", ["1", "2", "5", "6", "11"])
def test_djg6_rejects_items_of_the_long_form_only(item):
    with pytest.raises(InvalidAnswer) as raised:
        score("djg6", djg(DJG6_IDS) | {item: "ja"})
    assert raised.value.item == item


# --- LSNS-6 -------------------------------------------------------------------------


@pytest.mark.parametrize("item", ["1", "2", "3", "4", "5", "6"])
@pytest.mark.parametrize("code", [0, 1, 2, 3, 4, 5])
def test_lsns6_answer_code_is_the_item_score(item, code):
    result = score("lsns6", lsns(0) | {item: code})
    assert result.total == code
    subscale = "family" if item in {"1", "2", "3"} else "friends"
    assert result.subscales[subscale] == code


@pytest.mark.parametrize(
    "answers, total, family, friends",
    [
        (lsns(0), 0, 0, 0),
        (lsns(30), 30, 15, 15),
        (lsns(15), 15, 15, 0),
        ({"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 0}, 15, 6, 9),
    ],
)
def test_lsns6_total_and_subscales(answers, total, family, friends):
    result = score("lsns6", answers)
    assert (result.total, result.subscales) == (total, {"family": family, "friends": friends})


@pytest.mark.parametrize(
    "setting, total, band",
    [
        (None, 0, "risico_isolement"),
        (None, 11, "risico_isolement"),
        (None, 12, "geen_risico"),
        (None, 30, "geen_risico"),
        ("tot_en_met_12", 12, "risico_isolement"),
        ("tot_en_met_12", 13, "geen_risico"),
        ("lager_dan_12", 11, "risico_isolement"),
        ("lager_dan_12", 12, "geen_risico"),
    ],
)
def test_lsns6_cutoff(setting, total, band):
    settings = {"lsns6.afkappunt": setting} if setting else None
    result = score("lsns6", lsns(total), settings)
    assert result.total == total
    assert band_code(result) == band
    assert f"lsns6.afkappunt={setting or 'lager_dan_12'}@v1" in result.rule_version


@pytest.mark.parametrize(
    "missing, family, friends",
    [("1", None, 10), ("3", None, 10), ("4", 10, None), ("6", 10, None)],
)
def test_lsns6_missing_answer_makes_subscale_and_total_missing(missing, family, friends):
    answers = {"1": 5, "2": 5, "3": 0, "4": 5, "5": 5, "6": 0} | {missing: None}
    result = score("lsns6", answers)
    assert result.total is None and result.band is None
    assert result.subscales == {"family": family, "friends": friends}


# --- Participatieladder --------------------------------------------------------------


@pytest.mark.parametrize("rung", [1, 2, 3, 4, 5, 6])
def test_participatieladder_total_is_the_rung(rung):
    result = score("participatieladder", {"trede": rung})
    assert result.as_api() == {"total": rung, "subscales": {}, "band": None}
    assert result.profile is None


@pytest.mark.parametrize("answers", [{}, {"trede": None}])
def test_participatieladder_rung_is_required(answers):
    with pytest.raises(InvalidAnswer) as raised:
        score("participatieladder", answers)
    assert raised.value.item == "trede"
    assert "verplicht" in raised.value.message


# --- Zelfredzaamheid-Matrix ------------------------------------------------------------


@pytest.mark.parametrize("code", ["zrm2017", "zrm2013"])
def test_zrm_profile_has_no_total(code):
    answers = {key: index % 5 + 1 for index, key in enumerate(ZRM_KEYS[code])}
    result = score(code, answers)
    assert result.total is None and result.band is None
    assert result.subscales == answers
    assert result.profile == answers
    assert result.as_api() == {"total": None, "subscales": answers, "band": None}
    assert result.rule_version == f"{code}/{code[3:]}/v1"


@pytest.mark.parametrize("code, domain", ZRM_DOMAINS)
@pytest.mark.parametrize("how", ["absent", "null"])
def test_zrm_every_domain_is_required(code, domain, how):
    answers = zrm(code)
    if how == "absent":
        del answers[domain]
    else:
        answers[domain] = None
    with pytest.raises(InvalidAnswer) as raised:
        score(code, answers)
    assert raised.value.item == domain


@pytest.mark.parametrize(
    "code, foreign",
    [("zrm2017", "verslaving"), ("zrm2017", "adl"), ("zrm2013", "middelengebruik")],
)
def test_zrm_versions_do_not_mix(code, foreign):
    with pytest.raises(InvalidAnswer) as raised:
        score(code, zrm(code) | {foreign: 3})
    assert raised.value.item == foreign


# --- carer burden (CSI) ------------------------------------------------------------


@pytest.mark.parametrize(
    "yes, band",
    [
        (0, "geen_overbelasting"),
        (6, "geen_overbelasting"),
        (7, "overbelast"),
        (13, "overbelast"),
    ],
)
def test_csi_bands(yes, band):
    result = score("csi", csi(yes))
    assert result.total == yes
    assert band_code(result) == band


@pytest.mark.parametrize("item", CSI_IDS)
def test_csi_each_yes_counts_one(item):
    assert score("csi", csi(0) | {item: "ja"}).total == 1


@pytest.mark.parametrize("how", ["absent", "null"])
def test_csi_missing_answer_makes_the_total_missing(how):
    answers = csi(13)
    if how == "absent":
        del answers["5"]
    else:
        answers["5"] = None
    result = score("csi", answers)
    assert result.total is None and result.band is None
    assert result.missing == ("5",)


@pytest.mark.parametrize(
    "context",
    [
        {},
        {"uren_per_week": 0, "duur_maanden": 0},
        {"uren_per_week": 12.5, "duur_maanden": 30},
        {"uren_per_week": 168, "duur_maanden": 1200},
        {"uren_per_week": None, "duur_maanden": None},
    ],
)
def test_csi_records_hours_and_duration(context):
    result = score("csi", csi(3) | context)
    expected = {"uren_per_week": None, "duur_maanden": None} | context
    assert result.context == expected
    assert result.total == 3  # context values are recorded, never scored


@pytest.mark.parametrize(
    "field, value",
    [
        ("uren_per_week", -1),
        ("uren_per_week", 168.5),
        ("uren_per_week", math.nan),
        ("uren_per_week", math.inf),
        ("uren_per_week", "12"),
        ("uren_per_week", True),
        ("duur_maanden", -1),
        ("duur_maanden", 1201),
        ("duur_maanden", 2.5),
        ("duur_maanden", "30"),
    ],
)
def test_csi_context_values_are_checked(field, value):
    with pytest.raises(InvalidAnswer) as raised:
        score("csi", csi(3) | {field: value})
    assert raised.value.item == field


@pytest.mark.parametrize(
    "current, previous, setting, expected",
    [
        (7, None, None, (HIGH,)),
        (6, None, None, ()),
        (6, 5, None, (RISING,)),
        (6, 6, None, ()),
        (5, 6, None, ()),
        (7, 5, None, (HIGH, RISING)),
        (13, 13, None, (HIGH,)),
        (6, 5, "twee_of_meer", ()),
        (6, 4, "twee_of_meer", (RISING,)),
        (6, "missing", None, ()),
    ],
)
def test_csi_flags_high_and_rising_burden(current, previous, setting, expected):
    settings = {"csi.stijging": setting} if setting else None
    before = None
    if previous == "missing":
        before = score("csi", {})
    elif previous is not None:
        before = score("csi", csi(previous))
    assert flags("csi", score("csi", csi(current)), before, settings) == expected


def test_flags_only_for_instruments_with_alert_bands():
    worst = score("djg11", djg(DJG11_IDS, DJG11_IDS))
    assert flags("djg11", worst, score("djg11", djg(DJG11_IDS))) == ()


# --- settings ---------------------------------------------------------------------------


def test_default_settings_are_recorded_with_the_score():
    result = score("djg11", djg(DJG11_IDS))
    assert result.settings == {
        "djg11.banden": "vier_banden@v1",
        "djg11.ontbrekend": "strikt@v1",
    }
    assert result.rule_version == (
        "djg11/1985/v1;djg11.banden=vier_banden@v1;djg11.ontbrekend=strikt@v1"
    )
    assert score("djg6", djg(DJG6_IDS)).rule_version == "djg6/2006/v1"


def test_settings_of_other_instruments_are_ignored():
    result = score("djg6", djg(DJG6_IDS), {"lsns6.afkappunt": "tot_en_met_12"})
    assert result.settings == {}


@pytest.mark.parametrize(
    "settings",
    [{"djg11.onbekend": "x"}, {"djg11.banden": "vijf_banden"}, {"lsns6.afkappunt": "12"}],
)
def test_unknown_setting_or_choice_is_a_configuration_error(settings):
    with pytest.raises(InvalidSetting):
        score("djg11", djg(DJG11_IDS), settings)


# --- invalid answers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, answers, item, fragment",
    [
        # unknown item
        ("djg11", {"12": "ja"}, "12", "Onbekende vraag"),
        ("djg11", {"0": "ja"}, "0", "Onbekende vraag"),
        ("lsns6", {"7": 1}, "7", "Onbekende vraag"),
        ("csi", {"14": "ja"}, "14", "Onbekende vraag"),
        ("participatieladder", {"trede": 2, "niveau": 2}, "niveau", "Onbekende vraag"),
        ("djg11", {1: "ja"}, "1", "moet tekst zijn"),
        # answer out of range
        ("djg11", {"3": "misschien"}, "3", "geen toegestaan antwoord"),
        ("djg11", {"3": "Ja"}, "3", "geen toegestaan antwoord"),
        ("djg11", {"3": "ja "}, "3", "geen toegestaan antwoord"),
        ("djg6", {"4": ""}, "4", "geen toegestaan antwoord"),
        ("lsns6", {"2": 6}, "2", "geen toegestaan antwoord"),
        ("lsns6", {"2": -1}, "2", "geen toegestaan antwoord"),
        ("csi", {"1": "min of meer"}, "1", "geen toegestaan antwoord"),
        ("participatieladder", {"trede": 0}, "trede", "geen toegestaan antwoord"),
        ("participatieladder", {"trede": 7}, "trede", "geen toegestaan antwoord"),
        ("zrm2017", zrm("zrm2017") | {"justitie": 0}, "justitie", "geen toegestaan antwoord"),
        ("zrm2013", zrm("zrm2013") | {"adl": 6}, "adl", "geen toegestaan antwoord"),
        # wrong type
        ("djg11", {"3": 1}, "3", "verwacht is tekst"),
        ("djg6", {"9": ["ja"]}, "9", "verwacht is tekst"),
        ("lsns6", {"1": "3"}, "1", "verwacht is een geheel getal"),
        ("lsns6", {"1": 3.0}, "1", "verwacht is een geheel getal"),
        ("lsns6", {"1": True}, "1", "verwacht is een geheel getal"),
        ("csi", {"2": True}, "2", "verwacht is tekst"),
        ("participatieladder", {"trede": "3"}, "trede", "verwacht is een geheel getal"),
        ("zrm2017", zrm("zrm2017") | {"financien": "4"}, "financien", "verwacht is een geheel"),
    ],
)
def test_invalid_answers_name_the_item(code, answers, item, fragment):
    with pytest.raises(InvalidAnswer) as raised:
        score(code, answers)
    assert raised.value.item == item
    assert fragment in raised.value.message
    assert f"'{item}'" in raised.value.message
    assert str(raised.value) == raised.value.message


@pytest.mark.parametrize("answers", [None, [], "ja", 3])
def test_answers_must_be_a_mapping(answers):
    with pytest.raises(InvalidAnswer) as raised:
        score("djg11", answers)
    assert raised.value.item is None


def test_overlong_answer_is_shortened_in_the_message():
    with pytest.raises(InvalidAnswer) as raised:
        score("djg11", {"3": "x" * 500})
    assert len(raised.value.message) < 200


# --- change between two assessments ------------------------------------------------


def test_change_djg11_total_subscales_and_bands():
    before = score("djg11", djg(DJG11_IDS, DJG11_IDS))
    after = score("djg11", djg(DJG11_IDS, {"2", "3", "1"}))
    result = change("djg11", before, after)
    assert result.total == 3 - 11
    assert result.subscales == {"emotional": 2 - 6, "social": 1 - 5}
    assert (result.band_before, result.band_after) == ("zeer_ernstig_eenzaam", "matig_eenzaam")


def test_change_is_missing_where_either_side_was_not_assessed():
    before = score("djg6", {"3": "ja", "9": "ja"})  # four missing: no total, no subscales
    after = score("djg6", djg(DJG6_IDS, {"3"}))
    result = change("djg6", before, after)
    assert result.total is None
    assert result.subscales == {"emotional": None, "social": None}
    assert (result.band_before, result.band_after) == (None, "niet_eenzaam")
    partial = score("djg6", djg(DJG6_IDS, DJG6_IDS) | {"4": None, "7": None})
    assert change("djg6", partial, after).subscales == {"emotional": 1 - 3, "social": None}


@pytest.mark.parametrize("code", ["zrm2017", "zrm2013"])
def test_change_zrm_per_domain(code):
    before = score(code, zrm(code, 2))
    after = score(code, zrm(code, 2) | {"financien": 4, "justitie": 1})
    result = change(code, before, after)
    assert result.total is None
    expected = dict.fromkeys(ZRM_KEYS[code], 0) | {"financien": 2, "justitie": -1}
    assert result.subscales == expected


def test_change_participatieladder_rungs():
    before = score("participatieladder", {"trede": 2})
    after = score("participatieladder", {"trede": 4})
    assert change("participatieladder", before, after).total == 2
    assert change("participatieladder", after, before).total == -2


def test_change_lsns6_between_cutoff_settings_compares_totals():
    before = score("lsns6", lsns(12), {"lsns6.afkappunt": "tot_en_met_12"})
    after = score("lsns6", lsns(14))
    result = change("lsns6", before, after)
    assert (result.total, result.band_before, result.band_after) == (
        2,
        "risico_isolement",
        "geen_risico",
    )


@pytest.mark.parametrize(
    "code, before_code, after_code",
    [("djg6", "djg11", "djg6"), ("djg11", "djg11", "djg6"), ("zrm2013", "zrm2017", "zrm2013")],
)
def test_change_refuses_scores_of_another_instrument(code, before_code, after_code):
    answers = {
        "djg11": djg(DJG11_IDS),
        "djg6": djg(DJG6_IDS),
        "zrm2017": zrm("zrm2017"),
        "zrm2013": zrm("zrm2013"),
    }
    with pytest.raises(ValueError):
        change(
            code, score(before_code, answers[before_code]), score(after_code, answers[after_code])
        )
