"""Method templates as TOML: the shipped files parse, and every mistake is reported with
its line number."""

import pytest

from kwartier.methods.definitions import DefinitionError, parse
from kwartier.methods.loading import DATA_DIR

VALID = """\
code = "proef"
version = 1
name = "Proefmethode"

[[end_reasons]]
code = "klaar"
label = "Klaar"

[[phases]]
code = "start"
name = "Start"
expected_days = 7
checklist = ["Eerste stap"]
instruments = ["djg6"]

[[phases.fields]]
code = "bron"
label = "Bron"
type = "keuze"
choices = [{ code = "a", label = "A" }]

[[phases]]
code = "einde"
name = "Einde"
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse(text)
    return caught.value.errors


def test_every_shipped_method_parses_with_the_asked_phases():
    parsed = {p.stem: parse(p.read_text()) for p in sorted(DATA_DIR.glob("*.toml"))}
    assert {d.code for d in parsed.values()} == {
        "bsa",
        "welzijn-op-recept",
        "buurtbemiddeling",
        "maatjes",
        "huisbezoek-ouderen",
    }
    phases = {d.code: [p.code for p in d.phases] for d in parsed.values()}
    assert phases["bsa"] == ["assessment", "contact", "activering", "actief"]
    assert phases["buurtbemiddeling"][-1] == "terugkoppeling"
    assert len(phases["huisbezoek-ouderen"]) == 1
    wor = parsed["welzijn-op-recept"]
    assert (wor.min_age, wor.max_age) == (60, 75)
    assert [o.code for o in parsed["buurtbemiddeling"].outcomes] == [
        "opgelost",
        "deels-opgelost",
        "niet-opgelost",
    ]
    assert parsed["maatjes"].max_duration_days == 365
    signal = parsed["bsa"].phases[0].fields[0]
    assert signal.type == "keuze"
    assert [c.code for c in signal.choices] == [
        "signaleringsnetwerk",
        "vindplaats",
        "eigen-waarneming",
    ]
    assert parsed["bsa"].phases[-1].fields[0].type == "activiteit"
    assert parsed["huisbezoek-ouderen"].phases[0].role == "vrijwilliger"


def test_a_valid_file_gives_its_definition():
    definition = parse(VALID)
    assert definition.code == "proef"
    assert definition.phases[0].checklist == ("Eerste stap",)
    assert definition.phases[0].fields[0].choices[0].label == "A"
    assert definition.phases[1].expected_days is None


def test_broken_toml_names_the_line():
    errors = errors_of('code = "x"\nname = \n')
    assert errors == ["Geen geldige TOML: regel 2, kolom 8: Invalid value"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("version = 1", "version = 0"),
            "Regel 2: 'version' bovenaan het bestand moet een geheel getal van 1 of meer zijn.",
        ),
        (
            ('code = "proef"', 'code = "Proef Methode"'),
            "Regel 1: 'code' bovenaan het bestand mag alleen",
        ),
        (("expected_days = 7", "expected_days = -1"), "Regel 12: 'expected_days' in fase 1"),
        (
            ("expected_days = 7", 'expected_days = 7\nrol = "x"'),
            "Regel 13: onbekende sleutel 'rol' in fase 1.",
        ),
        (
            ('type = "keuze"', 'type = "lijst"'),
            "Regel 19: onbekend type 'lijst' in veld 1 van fase 1",
        ),
        (('code = "einde"', 'code = "start"'), "Regel 23: fasecode 'start' komt twee keer voor."),
        (
            ('instruments = ["djg6"]', 'instruments = ["DJG 6"]'),
            "Regel 14: 'DJG 6' in 'instruments' in fase 1",
        ),
        (
            ('label = "Klaar"', 'label = ""'),
            "Regel 7: 'label' in end_reasons[1] moet een (niet-lege) tekst zijn.",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line(change, expected):
    old, new = change
    errors = errors_of(VALID.replace(old, new, 1))
    assert any(e.startswith(expected) for e in errors), errors


def test_every_mistake_is_reported_at_once():
    text = VALID.replace('name = "Proefmethode"', "").replace("version = 1", 'version = "een"')
    errors = errors_of(text)
    assert "Regel 1: 'name' ontbreekt bovenaan het bestand." in errors
    assert any(e.startswith("Regel 2: 'version'") for e in errors)


def test_a_method_needs_phases_and_end_reasons():
    errors = errors_of('code = "leeg"\nversion = 1\nname = "Leeg"\n')
    assert "Regel 1: 'end_reasons' bovenaan het bestand heeft minstens één keuze nodig." in errors
    assert any("geen fasen" in e for e in errors)


def test_a_choice_field_needs_choices_and_others_may_not_have_them():
    no_choices = VALID.replace('choices = [{ code = "a", label = "A" }]', "")
    assert any("'choices'" in e and "minstens één" in e for e in errors_of(no_choices))
    text_with_choices = VALID.replace('type = "keuze"', 'type = "tekst"')
    assert any("hoort alleen bij type 'keuze'" in e for e in errors_of(text_with_choices))


def test_ages_must_make_sense():
    text = VALID.replace('name = "Proefmethode"', 'name = "P"\nmin_age = 75\nmax_age = 60')
    assert "Regel 5: 'max_age' is lager dan 'min_age'." in errors_of(text)


def test_field_codes_are_unique_in_the_method():
    text = VALID.replace(
        'name = "Einde"',
        'name = "Einde"\n\n[[phases.fields]]\ncode = "bron"\nlabel = "Nog eens"\ntype = "tekst"',
    )
    assert any("veldcode 'bron' komt twee keer voor" in e for e in errors_of(text))


def test_numbers_stay_within_what_the_database_holds():
    text = VALID.replace('name = "Proefmethode"', 'name = "P"\nmin_age = 40000')
    assert "Regel 4: 'min_age' bovenaan het bestand mag hoogstens 120 zijn." in errors_of(text)
    many = VALID + "".join(f'\n[[phases]]\ncode = "f{i}"\nname = "F{i}"\n' for i in range(50))
    assert any("hoogstens 50 fasen" in e for e in errors_of(many))
