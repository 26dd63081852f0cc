"""The claim check's engine (kwartier.indicators.claims): every branch, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kwartier.indicators.claims import (
    INSUFFICIENT_DATA,
    NOT_SUPPORTED,
    SUPPORTED,
    Claim,
    Series,
    check,
    number,
)

NAMES = {"A": "Kwartiersveen-Noord", "B": "Kwartiersveen"}


def youth(area="A", values=None, margin=None, higher_is="worse", unit="%"):
    values = {2007: 11.5, 2009: 9.3} if values is None else values
    return Series(area, "jeugdoverlast", unit, higher_is, values, margin)


def city(values=None, margin=None, higher_is="worse", unit="%"):
    values = {2007: 12.0, 2009: 13.7} if values is None else values
    return youth("B", values, margin, higher_is, unit)


def one(series, claim, **names):
    [verdict] = check(series, [claim], area_names=NAMES, **names)
    assert verdict.id == claim.id
    return verdict


def claim(says, **fields):
    return Claim("c1", "jeugdoverlast", fields.pop("area", "A"), says, **fields)


# --- comparisons ------------------------------------------------------------------------


def test_lower_nuisance_than_the_city_is_better_not_worse():
    worse = one([youth(), city()], claim("worse_than", than="B"))
    better = one([youth(), city()], claim("better_than", than="B"))
    assert worse.verdict == NOT_SUPPORTED
    assert better.verdict == SUPPORTED
    assert better.explanation == (
        "Jeugdoverlast in Kwartiersveen-Noord is in 2009 9,3 % en daarmee 4,4 procentpunt "
        "lager (beter) dan in Kwartiersveen (13,7 %)."
    )
    assert better.figures == {
        "year": 2009,
        "value": Decimal("9.3"),
        "than_value": Decimal("13.7"),
        "difference": Decimal("-4.4"),
        "margin": None,
        "unit": "%",
    }


def test_when_higher_is_better_lower_is_worse():
    series = [youth(higher_is="better"), city(higher_is="better")]
    assert one(series, claim("worse_than", than="B")).verdict == SUPPORTED
    verdict = one(series, claim("better_than", than="B"))
    assert verdict.verdict == NOT_SUPPORTED
    assert "lager (slechter) dan" in verdict.explanation


def test_comparison_in_a_given_year():
    verdict = one([youth(), city()], claim("worse_than", than="B", year=2007))
    assert verdict.figures["year"] == 2007
    assert verdict.figures["difference"] == Decimal("-0.5")
    assert "in 2007 11,5 % en daarmee 0,5 procentpunt lager (beter)" in verdict.explanation


def test_comparison_takes_the_latest_year_both_have():
    series = [youth(values={2007: 11.5, 2009: 9.3, 2011: 8}), city(values={2005: 10, 2009: 13.7})]
    assert one(series, claim("better_than", than="B")).figures["year"] == 2009


def test_a_difference_within_the_margin_supports_neither_worse_nor_better():
    series = [youth(values={2009: 9.3}, margin=0.5), city(values={2009: 9.7})]
    for says in ("worse_than", "better_than"):
        verdict = one(series, claim(says, than="B"))
        assert verdict.verdict == NOT_SUPPORTED
        assert verdict.explanation.endswith(
            "het verschil valt binnen de marge van 0,5 procentpunt."
        )
        assert verdict.figures["margin"] == Decimal("0.5")


def test_a_difference_equal_to_the_margin_is_within_it():
    series = [youth(values={2009: 9.0}, margin=0.5), city(values={2009: 9.5})]
    assert one(series, claim("better_than", than="B")).verdict == NOT_SUPPORTED


def test_the_larger_margin_of_the_two_areas_counts():
    series = [youth(values={2009: 9.0}, margin=0.1), city(values={2009: 9.5}, margin=0.8)]
    verdict = one(series, claim("better_than", than="B"))
    assert verdict.verdict == NOT_SUPPORTED
    assert verdict.figures["margin"] == Decimal("0.8")


def test_equal_values_are_neither_worse_nor_better():
    series = [youth(values={2009: 9.3}), city(values={2009: 9.3})]
    for says in ("worse_than", "better_than"):
        verdict = one(series, claim(says, than="B"))
        assert verdict.verdict == NOT_SUPPORTED
        assert verdict.explanation == (
            "Jeugdoverlast in Kwartiersveen-Noord is in 2009 9,3 %, even hoog als in Kwartiersveen."
        )


@pytest.mark.parametrize(
    ("series", "fields", "reason"),
    [
        (
            [city()],
            {"than": "B"},
            "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen-Noord.",
        ),
        ([youth()], {"than": "B"}, "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen."),
        ([youth(), city()], {}, "De claim noemt geen gebied om mee te vergelijken."),
        (
            [youth(), city()],
            {"than": "A"},
            "De claim vergelijkt Kwartiersveen-Noord met zichzelf.",
        ),
        (
            [youth(), city()],
            {"than": "B", "year": 2008},
            "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen-Noord in 2008.",
        ),
        (
            [youth(values={2008: 1, 2009: 2}), city()],
            {"than": "B", "year": 2008},
            "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen in 2008.",
        ),
        (
            [youth(values={2010: 1}), city()],
            {"than": "B"},
            "Kwartiersveen-Noord en Kwartiersveen hebben geen jaar met cijfers over "
            "jeugdoverlast gemeen.",
        ),
        (
            [youth(), city(unit="per_1000")],
            {"than": "B"},
            "De cijfers over jeugdoverlast in Kwartiersveen-Noord en in Kwartiersveen "
            "hebben verschillende eenheden.",
        ),
    ],
)
def test_comparison_without_the_figures_is_insufficient_data(series, fields, reason):
    verdict = one(series, claim("worse_than", **fields))
    assert verdict.verdict == INSUFFICIENT_DATA
    assert verdict.explanation == reason


def test_missing_years_are_reported_with_the_years_there_are():
    verdict = one([youth(), city()], claim("worse_than", than="B", year=2008))
    assert verdict.figures == {"years": [2007, 2009], "than_years": [2007, 2009]}


def test_an_unknown_indicator_is_insufficient_data():
    verdict = one([youth()], Claim("c1", "woz", "A", "above", value=3))
    assert verdict.verdict == INSUFFICIENT_DATA
    assert verdict.explanation == "Er zijn geen cijfers over woz in Kwartiersveen-Noord."


@pytest.mark.parametrize("says", ["worse_than", "better_than", "getting_worse", "getting_better"])
def test_worse_or_better_means_nothing_for_a_neutral_indicator(says):
    series = [youth(higher_is="neutral"), city(higher_is="neutral")]
    verdict = one(series, claim(says, than="B"))
    assert verdict.verdict == INSUFFICIENT_DATA
    assert "hoger niet beter of slechter" in verdict.explanation


# --- trends -----------------------------------------------------------------------------


def test_falling_nuisance_is_getting_better():
    worse = one([youth()], claim("getting_worse"))
    better = one([youth()], claim("getting_better"))
    assert worse.verdict == NOT_SUPPORTED
    assert better.verdict == SUPPORTED
    assert better.explanation == (
        "Jeugdoverlast in Kwartiersveen-Noord is tussen 2007 en 2009 met 2,2 procentpunt "
        "gedaald van 11,5 % naar 9,3 %, een verbetering."
    )
    assert better.figures == {
        "from": 2007,
        "to": 2009,
        "from_value": Decimal("11.5"),
        "to_value": Decimal("9.3"),
        "difference": Decimal("-2.2"),
        "margin": None,
        "unit": "%",
    }


def test_rising_where_higher_is_better_is_getting_better():
    series = [youth(values={2010: 6.8, 2012: 7.1}, higher_is="better", unit="score")]
    verdict = one(series, claim("getting_better"))
    assert verdict.verdict == SUPPORTED
    assert verdict.explanation == (
        "Jeugdoverlast in Kwartiersveen-Noord is tussen 2010 en 2012 met 0,3 punten "
        "gestegen van 6,8 naar 7,1, een verbetering."
    )
    assert one(series, claim("getting_worse")).verdict == NOT_SUPPORTED


def test_trend_between_given_years():
    series = [youth(values={2005: 20, 2007: 11.5, 2009: 9.3, 2011: 14})]
    verdict = one(series, claim("getting_worse", from_year=2009, to_year=2011))
    assert verdict.verdict == SUPPORTED
    assert (verdict.figures["from"], verdict.figures["to"]) == (2009, 2011)
    assert one(series, claim("getting_worse")).verdict == NOT_SUPPORTED  # 2005 → 2011
    only_from = one(series, claim("getting_better", from_year=2007))
    assert (only_from.figures["from"], only_from.figures["to"]) == (2007, 2011)
    only_to = one(series, claim("getting_better", to_year=2009))
    assert (only_to.figures["from"], only_to.figures["to"]) == (2005, 2009)


def test_a_change_within_the_margin_is_neither_rising_nor_falling():
    series = [youth(values={2007: 9.3, 2009: 9.5}, margin=0.5)]
    for says in ("getting_worse", "getting_better"):
        verdict = one(series, claim(says))
        assert verdict.verdict == NOT_SUPPORTED
        assert verdict.explanation == (
            "Jeugdoverlast in Kwartiersveen-Noord is tussen 2007 en 2009 met 0,2 procentpunt "
            "gestegen van 9,3 % naar 9,5 %; het verschil valt binnen de marge van "
            "0,5 procentpunt."
        )


def test_an_unchanged_value_is_neither_rising_nor_falling():
    series = [youth(values={2007: 9.3, 2009: 9.3})]
    for says in ("getting_worse", "getting_better"):
        verdict = one(series, claim(says))
        assert verdict.verdict == NOT_SUPPORTED
        assert verdict.explanation.endswith("is tussen 2007 en 2009 gelijk gebleven op 9,3 %.")


@pytest.mark.parametrize(
    ("values", "fields", "reason"),
    [
        (
            {2009: 9.3},
            {},
            "Er is maar één jaar met cijfers over jeugdoverlast in Kwartiersveen-Noord, "
            "dus geen ontwikkeling.",
        ),
        (
            {2007: 1, 2009: 2},
            {"from_year": 2005},
            "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen-Noord in 2005.",
        ),
        (
            {2007: 1, 2009: 2},
            {"to_year": 2010},
            "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen-Noord in 2010.",
        ),
        (
            {2007: 1, 2009: 2},
            {"from_year": 2009, "to_year": 2007},
            "Het beginjaar moet vóór het eindjaar liggen.",
        ),
        (
            {2007: 1, 2009: 2},
            {"from_year": 2009},
            "Het beginjaar moet vóór het eindjaar liggen.",
        ),
    ],
)
def test_trend_without_two_years_is_insufficient_data(values, fields, reason):
    verdict = one([youth(values=values)], claim("getting_worse", **fields))
    assert verdict.verdict == INSUFFICIENT_DATA
    assert verdict.explanation == reason
    assert verdict.figures == {"years": sorted(values)}


# --- thresholds -------------------------------------------------------------------------


def test_above_and_below_a_value():
    above = one([youth()], claim("above", value=3))
    assert above.verdict == SUPPORTED
    assert above.explanation == (
        "Jeugdoverlast in Kwartiersveen-Noord is in 2009 9,3 % en daarmee 6,3 procentpunt "
        "hoger dan 3 %."
    )
    assert above.figures == {
        "year": 2009,
        "value": Decimal("9.3"),
        "threshold": Decimal("3"),
        "difference": Decimal("6.3"),
        "margin": None,
        "unit": "%",
    }
    assert one([youth()], claim("below", value=3)).verdict == NOT_SUPPORTED
    below = one([youth()], claim("below", value=12, year=2007))
    assert below.verdict == SUPPORTED
    assert below.figures["year"] == 2007


def test_exactly_the_value_is_neither_above_nor_below():
    for says in ("above", "below"):
        verdict = one([youth()], claim(says, value="9.3"))
        assert verdict.verdict == NOT_SUPPORTED
        assert (
            verdict.explanation == "Jeugdoverlast in Kwartiersveen-Noord is in 2009 precies 9,3 %."
        )


def test_a_value_within_the_margin_of_the_threshold_is_neither_above_nor_below():
    for says in ("above", "below"):
        verdict = one([youth(margin=0.5)], claim(says, value=9))
        assert verdict.verdict == NOT_SUPPORTED
        assert "het verschil valt binnen de marge van 0,5 procentpunt." in verdict.explanation


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({}, "De claim noemt geen waarde om mee te vergelijken."),
        (
            {"value": 3, "year": 2008},
            "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen-Noord in 2008.",
        ),
    ],
)
def test_threshold_without_the_figures_is_insufficient_data(fields, reason):
    verdict = one([youth()], claim("above", **fields))
    assert verdict.verdict == INSUFFICIENT_DATA
    assert verdict.explanation == reason


def test_thresholds_work_for_neutral_indicators():
    inhabitants = Series("A", "inwoners", "aantal", "neutral", {2020: 12345})
    verdict = one([inhabitants], Claim("c1", "inwoners", "A", "above", value=10000))
    assert verdict.verdict == SUPPORTED
    assert verdict.explanation == (
        "Inwoners in Kwartiersveen-Noord is in 2020 12.345 en daarmee 2.345 hoger dan 10.000."
    )


# --- units and words --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "sentence"),
    [
        ("%", "is in 2020 12,5 % en daarmee 2,5 procentpunt hoger dan 10 %."),
        (
            "per_1000",
            "is in 2020 12,5 per 1.000 inwoners en daarmee 2,5 per 1.000 inwoners hoger "
            "dan 10 per 1.000 inwoners.",
        ),
        ("score", "is in 2020 12,5 en daarmee 2,5 punten hoger dan 10."),
        ("aantal", "is in 2020 12,5 en daarmee 2,5 hoger dan 10."),
    ],
)
def test_units_in_the_sentence(unit, sentence):
    series = Series("A", "x", unit, "worse", {2020: 12.5})
    verdict = one([series], Claim("c1", "x", "A", "above", value=10))
    assert verdict.explanation.endswith(sentence)


def test_one_point_is_singular():
    series = Series("A", "x", "score", "worse", {2020: 8})
    assert one([series], Claim("c1", "x", "A", "above", value=7)).explanation.endswith(
        "1 punt hoger dan 7."
    )


def test_names_of_areas_and_indicators_replace_their_keys():
    verdict = one(
        [youth()],
        claim("above", value=3),
        indicator_names={"jeugdoverlast": "Ervaren jeugdoverlast"},
    )
    assert verdict.explanation.startswith("Ervaren jeugdoverlast in Kwartiersveen-Noord is")
    missing = one([], claim("above", value=3), indicator_names={"jeugdoverlast": "Jeugdoverlast"})
    assert missing.explanation == "Er zijn geen cijfers over jeugdoverlast in Kwartiersveen-Noord."
    woz = one([], claim("above", value=3), indicator_names={"jeugdoverlast": "WOZ-waarde"})
    assert woz.explanation == "Er zijn geen cijfers over WOZ-waarde in Kwartiersveen-Noord."
    [plain] = check([youth()], [claim("above", value=3)])
    assert plain.explanation.startswith("Jeugdoverlast in A is")


def test_verdicts_keep_the_order_of_the_claims():
    claims = [Claim(str(n), "jeugdoverlast", "A", "above", value=n) for n in range(12)]
    assert [verdict.id for verdict in check([youth()], claims)] == [str(n) for n in range(12)]


def test_values_are_compared_to_four_decimals():
    series = Series("A", "x", "%", "worse", {2007: 0.1 + 0.2, 2009: 0.3})
    verdict = one([series], Claim("c1", "x", "A", "getting_better"))
    assert verdict.figures["difference"] == 0
    assert verdict.explanation.endswith("gelijk gebleven op 0,3 %.")


def test_api_encoding_gives_json_numbers():
    verdict = one([youth(), city()], claim("better_than", than="B"))
    assert verdict.as_api() == {
        "id": "c1",
        "verdict": "supported",
        "explanation": verdict.explanation,
        "figures": {
            "year": 2009,
            "value": 9.3,
            "than_value": 13.7,
            "difference": -4.4,
            "margin": None,
            "unit": "%",
        },
    }
    assert one([youth()], claim("above", value=3)).as_api()["figures"]["threshold"] == 3


@pytest.mark.parametrize(
    ("series", "claims", "message"),
    [
        ([youth(), youth()], [], "Twee reeksen"),
        ([youth(unit="procent")], [], "Onbekende eenheid"),
        ([youth(higher_is="slechter")], [], "Onbekende richting"),
        ([youth(values={2009: "veel"})], [], "Geen getal"),
        ([youth(values={2009: "NaN"})], [], "Geen eindig getal"),
        ([youth()], [claim("stijgt")], "Onbekende claim"),
    ],
)
def test_programming_errors_raise(series, claims, message):
    with pytest.raises(ValueError, match=message):
        check(series, claims)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("1234567.8900"), "1.234.567,89"),
        (Decimal("-4.40"), "-4,4"),
        (Decimal("-0.0"), "0"),
        (Decimal("1E+3"), "1.000"),
        (3, "3"),
        (0.5, "0,5"),
    ],
)
def test_dutch_numbers(value, text):
    assert number(value) == text


# --- properties -------------------------------------------------------------------------

values = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)
margins = st.one_of(st.none(), st.decimals(min_value=0, max_value=50, places=2))
directions = st.sampled_from(["worse", "better"])


def pair(a, b, margin, higher_is):
    return [
        youth(values={2009: a}, margin=margin, higher_is=higher_is),
        city({2009: b}, None, higher_is),
    ]


def verdict_of(series, says, **fields):
    return one(series, claim(says, **fields)).verdict


@given(values, values, margins, directions)
def test_swapping_areas_flips_worse_and_better_unless_within_the_margin(a, b, margin, higher_is):
    series = pair(a, b, margin, higher_is)
    swapped = [
        youth(values={2009: b}, margin=margin, higher_is=higher_is),
        city({2009: a}, None, higher_is),
    ]
    within = abs(a - b) <= (margin or 0)
    for says, opposite in (("worse_than", "better_than"), ("better_than", "worse_than")):
        here = verdict_of(series, says, than="B")
        there = verdict_of(swapped, opposite, than="B")
        assert here == there  # A worse than B ⇔ B (now in A's place) better than A
        if within:
            assert here == NOT_SUPPORTED


@given(values, values, margins, directions)
def test_worse_and_better_are_never_both_supported(a, b, margin, higher_is):
    series = pair(a, b, margin, higher_is)
    verdicts = {verdict_of(series, says, than="B") for says in ("worse_than", "better_than")}
    supported = [
        says
        for says in ("worse_than", "better_than")
        if verdict_of(series, says, than="B") == SUPPORTED
    ]
    assert len(supported) == (0 if abs(a - b) <= (margin or 0) else 1)
    assert INSUFFICIENT_DATA not in verdicts


@given(values, values, margins)
def test_turning_the_direction_around_swaps_worse_and_better(a, b, margin):
    for says, opposite in (("worse_than", "better_than"), ("getting_worse", "getting_better")):
        fields = {"than": "B"} if says == "worse_than" else {}
        worse = [
            youth(values={2007: b, 2009: a}, margin=margin, higher_is="worse"),
            city({2009: b}),
        ]
        better = [
            youth(values={2007: b, 2009: a}, margin=margin, higher_is="better"),
            city({2009: b}, higher_is="better"),
        ]
        assert verdict_of(worse, says, **fields) == verdict_of(better, opposite, **fields)


@given(values, values, margins, directions)
def test_reversing_time_flips_getting_worse_and_better(a, b, margin, higher_is):
    forward = [youth(values={2007: a, 2009: b}, margin=margin, higher_is=higher_is)]
    backward = [youth(values={2007: b, 2009: a}, margin=margin, higher_is=higher_is)]
    assert verdict_of(forward, "getting_worse") == verdict_of(backward, "getting_better")
    supported = [
        says
        for says in ("getting_worse", "getting_better")
        if verdict_of(forward, says) == SUPPORTED
    ]
    assert len(supported) == (0 if abs(a - b) <= (margin or 0) else 1)


@given(values, values, margins)
def test_above_and_below_are_never_both_supported(a, threshold, margin):
    series = [youth(values={2009: a}, margin=margin)]
    supported = [
        says
        for says in ("above", "below")
        if verdict_of(series, says, value=threshold) == SUPPORTED
    ]
    assert len(supported) == (0 if abs(a - threshold) <= (margin or 0) else 1)
    if supported:
        assert supported == ["above" if a > threshold else "below"]


@given(values, values, margins, st.decimals(min_value=0, max_value=50, places=2))
def test_a_larger_margin_never_supports_more(a, b, margin, extra):
    small = margin or Decimal(0)
    for says in ("worse_than", "better_than"):
        narrow = verdict_of(pair(a, b, small, "worse"), says, than="B")
        wide = verdict_of(pair(a, b, small + extra, "worse"), says, than="B")
        assert not (wide == SUPPORTED and narrow != SUPPORTED)


@given(values, values, st.sampled_from(["worse_than", "getting_worse", "above"]))
def test_the_sentence_states_the_figures_in_one_sentence(a, b, says):
    series = [youth(values={2007: b, 2009: a}), city({2009: b})]
    verdict = one(series, claim(says, than="B", value=b))
    text = verdict.explanation
    assert text.endswith(".") and text.count(". ") == 0  # thousands dots sit between digits
    assert number(a) in text and number(b) in text
    if verdict.figures["difference"]:
        assert number(abs(verdict.figures["difference"])) in text


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_dutch_numbers_read_back(value):
    text = number(value)
    assert Decimal(text.replace(".", "").replace(",", ".")) == value
    integer = text.lstrip("-").split(",")[0]
    assert all(len(group) == 3 for group in integer.split(".")[1:])
