"""The pure parts: vote codes, age on voting day and age groups, double-entry comparison."""

import datetime

from kwartier.voting import ages, codes
from kwartier.voting.double_entry import Difference, differences


def test_codes_are_typable_and_unambiguous():
    seen = set()
    for _ in range(500):
        code = codes.new_code()
        assert len(code) == 14 and code[4] == "-" and code[9] == "-"
        assert not set(code.replace("-", "")) & set("0O1IL")
        seen.add(code)
    assert len(seen) == 500


def test_what_a_resident_types_is_normalised():
    assert codes.normalise(" 7kq2 m9xd-4tnb ") == "7KQ2M9XD4TNB"
    assert codes.normalise("7KQ2-M9XD-4TN") is None  # too short
    assert codes.normalise("7KQ2-M9XD-4TN0") is None  # 0 is not in the alphabet
    assert codes.normalise("") is None


def test_the_hash_depends_on_the_key_and_hides_the_code():
    h = codes.code_hash("7KQ2M9XD4TNB", "sleutel")
    assert len(h) == 64 and "7KQ2" not in h
    assert h == codes.code_hash("7KQ2M9XD4TNB", "sleutel")
    assert h != codes.code_hash("7KQ2M9XD4TNB", "andere sleutel")


def test_age_on_voting_day():
    day = datetime.date(2026, 3, 1)
    assert ages.age_on(day, datetime.date(2010, 3, 1), None) == 16
    assert ages.age_on(day, datetime.date(2010, 3, 2), None) == 15
    # Only a birth year: counted as having had the birthday by voting day.
    assert ages.age_on(day, None, 2010) == 16
    assert ages.age_on(day, None, None) is None


def test_age_groups():
    assert [ages.age_group(a) for a in (None, 12, 17, 18, 29, 30, 44, 45, 64, 65, 90)] == [
        "onbekend",
        "tot 18",
        "tot 18",
        "18-29",
        "18-29",
        "30-44",
        "30-44",
        "45-64",
        "45-64",
        "65+",
        "65+",
    ]


def test_entries_that_agree_have_no_differences():
    assert differences({1: 1, 2: 1}, {"2": 1, "1": 1, "3": 0}) == []


def test_entries_that_differ_list_each_initiative():
    assert differences({"1": 3, "2": 2}, {"1": 2, "10": 1}) == [
        Difference("1", 3, 2),
        Difference("2", 2, 0),
        Difference("10", 0, 1),
    ]
