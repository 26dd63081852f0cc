"""Tests for the Pabulib reader/writer: structure, exact numbers, errors with line numbers."""

from fractions import Fraction

import pytest

from kwartier.budgets import pabulib, pbinput
from kwartier.budgets.pabulib import Election, PabulibError, Project, Vote
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "pabulib"

SMALL = '''META
key;value
description;"Buurtbudget; proef"
budget;1000.50
vote_type;cumulative
num_projects;3
num_votes;3
PROJECTS
project_id;cost;name;category
p1;500;Bankjes;groen
p2;250.25;"Lantaarn ""Noord""";licht
p3;300;Moestuin;groen
VOTES
voter_id;vote;points;age
v1;p2,p1;2,1;34
v2;;;
v3;p3;3;71
'''


def parse_lines(*lines: str) -> Election:
    return pabulib.parse("\n".join(lines) + "\n")


def test_parses_sections_into_dataclasses():
    election = pabulib.parse(SMALL)
    assert election.meta["description"] == "Buurtbudget; proef"
    assert election.budget == Fraction("1000.50")
    assert election.vote_type == "cumulative"
    assert election.projects["p2"] == Project(
        "p2", Fraction("250.25"), 'Lantaarn "Noord"', {"category": "licht"}
    )
    assert election.projects["p1"].cost == 500 and isinstance(election.projects["p1"].cost, int)
    assert election.votes[0] == Vote("v1", ("p2", "p1"), (2, 1), {"age": "34"})
    assert election.votes[1] == Vote("v2", (), (), {"age": ""})
    assert election.approvals() == [frozenset({"p1", "p2"}), frozenset(), frozenset({"p3"})]
    assert election.costs() == {"p1": 500, "p2": Fraction("250.25"), "p3": 300}


def test_write_round_trips_text_exactly():
    assert pabulib.write(pabulib.parse(SMALL)) == SMALL


def test_write_derives_columns_for_hand_made_elections():
    election = Election(
        meta={"budget": "10", "vote_type": "approval"},
        projects={"a": Project("a", Fraction(5, 2), "Speeltuin", {"wijk": "Oost"})},
        votes=[Vote("1", ("a",), None, {"leeftijd": "40"})],
    )
    text = pabulib.write(election)
    assert "project_id;cost;name;wijk\na;2.5;Speeltuin;Oost\n" in text
    assert "voter_id;vote;leeftijd\n1;a;40\n" in text
    assert pabulib.parse(text) == election


def test_read_accepts_path_or_text(tmp_path):
    path = tmp_path / "proef.pb"
    path.write_text(SMALL, encoding="utf-8")
    assert pabulib.read(path) == pabulib.read(str(path)) == pabulib.read(SMALL)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), ("12.50", Fraction(25, 2)), ("0,5", Fraction(1, 2)), ("-3", -3), (".5", 0.5)],
)
def test_parse_number_is_exact(text, expected):
    assert pabulib.parse_number(text) == expected


@pytest.mark.parametrize(("value", "text"), [(12, "12"), (Fraction(1001, 2), "500.5")])
def test_format_number(value, text):
    assert pabulib.format_number(value) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("٤٠", "geen getal"),  # Arabic-Indic: int() and Fraction() take them, a cost may not
        ("۴۰", "geen getal"),  # Extended Arabic-Indic (Persian, Urdu)
        ("४०", "geen getal"),  # Devanagari
        ("４０", "geen getal"),  # fullwidth
        ("1٫5", "geen getal"),
        ("1" * 41, "langer dan 40 tekens"),
        ("9" * 5000, "langer dan 40 tekens"),  # past Python's 4,300-digit limit
    ],
)
def test_parse_number_takes_ascii_digits_only_and_no_endless_numbers(text, message):
    with pytest.raises(ValueError, match=message):
        pabulib.parse_number(text)
    assert pabulib.parse_number("1" * 40) == int("1" * 40)


def test_a_bad_number_is_quoted_short_in_the_message():
    with pytest.raises(PabulibError) as caught:
        parse_lines(*META, "PROJECTS", "project_id;cost", f"a;{'x' * 10_000}")
    assert caught.value.line == 6 and len(caught.value.message) < 100


def test_format_number_rejects_repeating_fractions():
    with pytest.raises(ValueError):
        pabulib.format_number(Fraction(1, 3))


META = ["META", "key;value", "budget;100"]
PROJECTS = ["PROJECTS", "project_id;cost", "a;10", "b;20"]
VOTES = ["VOTES", "voter_id;vote", "1;a,b"]


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        ([], 1, "de sectie META ontbreekt"),
        (["hallo;wereld"], 1, "moet beginnen met de sectie META"),
        (["PROJECTS", "project_id;cost"], 1, "sectie PROJECTS staat op de verkeerde plek"),
        (META + VOTES, 4, "sectie VOTES staat op de verkeerde plek (verwacht PROJECTS)"),
        (META + PROJECTS, 8, "de sectie VOTES ontbreekt"),
        (META + PROJECTS + ["VOTES"], 8, "de kopregel van sectie VOTES ontbreekt"),
        (["META", "sleutel;waarde"], 2, "moet 'key;value' zijn"),
        (["META", "key;value", "budget"], 3, "1 kolom gevonden, de kop van META heeft er 2"),
        (["META", "key;value", "vote_type;approval"], 1, "META mist de sleutel 'budget'"),
        (["META", "key;value", "budget;veel"], 3, "budget: 'veel' is geen getal"),
        (["META", "key;value", "budget;0"], 3, "groter dan nul"),
        (["META", "key;value", "budget;1", "budget;2"], 4, "komt dubbel voor (ook op regel 3)"),
        (META + ["vote_type;ranked"], 4, "onbekend vote_type 'ranked'"),
        (META + ["PROJECTS", "project_id;naam"], 5, "kolom 'cost' ontbreekt"),
        (META + ["PROJECTS", "project_id;cost;cost"], 5, "dubbele kolom 'cost'"),
        (META + ["PROJECTS", "project_id;cost", "a;10;x"], 6, "3 kolommen gevonden"),
        (META + ["PROJECTS", "project_id;cost", "a;tien"], 6, "kosten van project a"),
        (META + ["PROJECTS", "project_id;cost", "a;-1"], 6, "negatieve kosten"),
        (META + ["PROJECTS", "project_id;cost", ";1"], 6, "lege project_id"),
        (META + ["PROJECTS", "project_id;cost", "a;1", "a;2"], 7, "project 'a' komt dubbel"),
        (META + ["PROJECTS", "project_id;cost", 'a;"1'], 6, "onleesbare regel"),
        (META + PROJECTS + ["VOTES", "voter_id;stem"], 9, "kolom 'vote' ontbreekt"),
        (META + PROJECTS + ["VOTES", "voter_id;vote", "1;a", "2;c"], 11, "onbekend project 'c'"),
        (META + PROJECTS + ["VOTES", "voter_id;vote", "1;a,a"], 10, "'a' twee keer in stem 1"),
        (META + PROJECTS + ["VOTES", "voter_id;vote", "1;a", "1;b"], 11, "kiezer '1' komt dubbel"),
        (META + PROJECTS + ["VOTES", "voter_id;vote;points", "1;a,b;3"], 10, "2 projecten maar 1"),
        (META + PROJECTS + ["VOTES", "voter_id;vote;points", "1;a;x"], 10, "punten van stem 1"),
        (META + PROJECTS + VOTES + ["META"], 11, "alle secties staan er al"),
    ],
)
def test_errors_carry_line_numbers(lines, line, message):
    with pytest.raises(PabulibError) as caught:
        parse_lines(*lines)
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value) == f"regel {line}: {caught.value.message}"


def test_line_numbers_count_blank_lines_and_quoted_newlines():
    text = "\n".join(META + ["", 'description;"twee', 'regels"'] + PROJECTS + ["", "c;duur"])
    with pytest.raises(PabulibError) as caught:
        pabulib.parse(text)
    assert caught.value.line == 12


def test_blank_lines_crlf_and_byte_order_mark_are_accepted():
    text = "\ufeff" + "\r\n".join(META + [""] + PROJECTS + VOTES + ["", ""])
    election = pabulib.parse(text)
    assert election.approvals() == [frozenset({"a", "b"})]


needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"{DATA} ontbreekt")
SMALL_FILES = sorted(p.name for p in DATA.glob("*.pb") if p.stat().st_size < 300_000)


@needs_data
@pytest.mark.parametrize("name", SMALL_FILES)
def test_real_files_parse_and_round_trip(name):
    election = pabulib.read(DATA / name)
    assert len(election.projects) == int(election.meta["num_projects"])
    assert len(election.votes) == int(election.meta["num_votes"])
    assert pabulib.parse(pabulib.write(election)) == election


@needs_data
@pytest.mark.parametrize("name", SMALL_FILES)
def test_real_files_keep_kwartiers_rules(name):
    checked = pbinput.load(pbinput.decode((DATA / name).read_bytes()))
    assert checked.budget == checked.election.budget
    assert len(checked.ballots) == len(checked.election.votes)


@needs_data
def test_a_whole_city_budget_is_over_the_bound_of_a_resident_budget():
    with pytest.raises(pbinput.PbProblem) as caught:  # 30,428,140 zloty
        pbinput.load(pbinput.decode((DATA / "poland_warszawa_2024_.pb").read_bytes()))
    assert caught.value.line == 9 and "meer dan 10.000.000" in caught.value.message
