"""Network indicators and isolation flags: every flag raised and not raised."""

import pytest

from kwartier.network import codes
from kwartier.network.analysis import (
    FLAGS,
    SMALL_NETWORK_BELOW,
    TieFacts,
    analyse,
)


def tie(group="V", strength="sterk", direction="wederzijds", functions="E", frequency="wekelijks"):
    return TieFacts(group, strength, direction, functions, frequency)


def rich_network() -> list[TieFacts]:
    """Five informal ties, supportive, all functions, weekly contact: no flag at all."""
    return [
        tie("G", functions="EP"),
        tie("F", functions="G"),
        tie("V", functions="A"),
        tie("B", strength="neutraal"),
        tie("C", strength="neutraal", frequency="maandelijks"),
    ]


def flags(ties) -> set[str]:
    return set(analyse(ties).flag_codes)


def test_a_rich_network_raises_no_flag():
    assert flags(rich_network()) == set()


def test_an_empty_network_raises_every_flag_but_burden():
    assert flags([]) == set(FLAGS) - {"belasting_overheerst"}


def test_counts():
    result = analyse(
        [
            tie("G"),
            tie("G", strength="belastend"),
            tie("Z", direction="naar", functions="P"),
            tie("R", strength="neutraal", functions="A", frequency="minder"),
            tie("V", direction="van", functions="G"),
        ]
    )
    assert result.size == 5
    assert result.supportive == 2  # G sterk wederzijds, Z sterk naar; not V (van de bewoner)
    assert result.burdening == 1
    assert (result.professional, result.informal) == (2, 3)
    assert result.regular_informal == 3
    assert result.per_group == {"G": 2, "F": 0, "V": 1, "K": 0, "B": 0, "C": 0, "R": 1, "Z": 1}
    assert list(result.per_group) == list(codes.GROUPS)


def test_functions_covered_count_only_support_that_reaches_the_resident():
    result = analyse(
        [
            tie(functions="E", direction="van"),  # the resident gives it
            tie(functions="P", strength="belastend"),  # a burdening tie
            tie(functions="G", direction="naar", strength="neutraal"),
            tie(functions="A", direction="wederzijds"),
        ]
    )
    assert result.functions_covered == ("G", "A")
    assert result.functions_missing == ("E", "P")


def test_as_dict_for_the_api():
    data = analyse([tie()]).as_dict()
    assert data["size"] == 1
    assert data["flags"][0] == {
        "code": "klein_netwerk",
        "label": "Klein netwerk",
        "explanation": f"Minder dan {SMALL_NETWORK_BELOW} contacten.",
    }


# Each flag: one change to the rich network raises it, the rich network does not.
@pytest.mark.parametrize(
    ("flag", "change"),
    [
        (
            "geen_steunend_contact",
            lambda ties: [
                TieFacts(t.group, "neutraal", t.direction, t.functions, t.frequency) for t in ties
            ],
        ),
        (
            "geen_steunend_contact",
            lambda ties: [
                TieFacts(t.group, t.strength, "van", t.functions, t.frequency) for t in ties
            ],
        ),
        (
            "alleen_professionals",
            lambda ties: [
                TieFacts("Z", t.strength, t.direction, t.functions, t.frequency) for t in ties
            ],
        ),
        ("klein_netwerk", lambda ties: ties[: SMALL_NETWORK_BELOW - 1]),
        (
            "geen_emotionele_steun",
            lambda ties: [
                TieFacts(
                    t.group, t.strength, t.direction, t.functions.replace("E", ""), t.frequency
                )
                for t in ties
            ],
        ),
        (
            "geen_regelmatig_informeel_contact",
            lambda ties: [
                TieFacts(t.group, t.strength, t.direction, t.functions, "maandelijks") for t in ties
            ],
        ),
        (
            "belasting_overheerst",
            lambda ties: [*ties, *[tie(strength="belastend", functions="") for _ in range(3)]],
        ),
    ],
)
def test_each_flag_on_and_off(flag, change):
    assert flag not in flags(rich_network())
    assert flag in flags(change(rich_network()))


def test_small_network_boundary():
    assert "klein_netwerk" in flags(rich_network()[: SMALL_NETWORK_BELOW - 1])
    assert "klein_netwerk" not in flags([tie() for _ in range(SMALL_NETWORK_BELOW)])


def test_burden_boundary_is_equal_or_more():
    two_supportive = [tie(), tie()]
    assert "belasting_overheerst" not in flags([*two_supportive, tie(strength="belastend")])
    assert "belasting_overheerst" in flags(
        [*two_supportive, tie(strength="belastend"), tie(strength="belastend")]
    )


def test_regular_contact_with_a_professional_does_not_count_as_informal():
    ties = [tie("Z", frequency="dagelijks"), tie("V", frequency="maandelijks")]
    assert "geen_regelmatig_informeel_contact" in flags(ties)
    assert "geen_regelmatig_informeel_contact" not in flags(
        [*ties, tie("B", frequency="dagelijks")]
    )


def test_emotional_support_from_a_burdening_tie_does_not_count():
    assert "geen_emotionele_steun" in flags([tie(strength="belastend", functions="E")])
    assert "geen_emotionele_steun" not in flags([tie(strength="neutraal", functions="E")])


def test_flags_come_in_the_documented_order_with_dutch_labels():
    result = analyse([])
    assert list(result.flag_codes) == [code for code in FLAGS if code in result.flag_codes]
    assert all(flag.label and flag.explanation for flag in result.flags)
