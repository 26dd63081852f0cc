"""Hostile input for `kwartier match`: a Dutch message naming the field or line, exit 2.

The engine's `parse` names a bad field (`offers[0].capacity: mag hoogstens 100 zijn`); what
Python's JSON reader cannot hold (an integer past its 4,300-digit limit, nesting deeper than its
recursion) is named by its line and column. Nothing ends in a traceback.
"""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from kwartier.support import engine_input, matching
from kwartier.support.cli import run_cli
from kwartier.support.models import Helper, HelpRequest
from tests.support.world import make_request

REQUEST = {
    "id": 1,
    "category": "boodschappen",
    "slots": ["ma-ochtend"],
    "lat": 52.1,
    "lon": 5.1,
    "requires_vog": False,
}
OFFER = {
    "id": 2,
    "categories": ["boodschappen"],
    "slots": ["ma-ochtend"],
    "lat": 52.1,
    "lon": 5.1,
    "radius_km": 5,
    "capacity": 1,
}


def text(request=None, offer=None) -> str:
    return json.dumps({"requests": [REQUEST | (request or {})], "offers": [OFFER | (offer or {})]})


# label: (file content, words of the message)
HOSTILE = {
    "capacity of 40 digits": (text(offer={"capacity": 10**40}), "offers[0].capacity: mag hoogst"),
    "capacity over the bound": (text(offer={"capacity": 101}), "offers[0].capacity: mag hoogst"),
    "active of 40 digits": (text(offer={"active": 10**40}), "offers[0].active: mag hoogstens"),
    "waiting days of 40 digits": (
        text(request={"waiting_days": 10**40}),
        "requests[0].waiting_days: mag hoogstens 36.525 zijn",
    ),
    "integer past python's limit": (
        text(offer={"capacity": 7}).replace('"capacity": 7', '"capacity": 1' + "0" * 5000),
        "getal van meer dan 100 cijfers (regel 1, kolom ",
    ),
    "latitude past python's limit": (
        text().replace('"lat": 52.1', '"lat": 5' + "0" * 5000, 1),
        f"getal van meer dan 100 cijfers (regel 1, kolom {text().index('52.1') + 1})",
    ),
    "nested 50,000 levels deep": (
        '{"requests": ' + "[" * 50_000 + "]" * 50_000 + ', "offers": []}',
        "de JSON is te diep genest (regel 1, kolom 113)",  # the 101st bracket
    ),
    "nested deep on line 3": (
        '{\n"requests": [],\n"x": ' + "[" * 50_000 + "]" * 50_000 + ', "offers": []}',
        "de JSON is te diep genest (regel 3, kolom 105)",
    ),
    "nul in a category": (text(request={"category": "a\x00b"}), "category: bevat een ongeldig"),
    "escape in an id": (text(offer={"id": "\x1b[2J"}), "offers[0].id: bevat een ongeldig teken"),
    "lone surrogate": (
        text().replace('"boodschappen"', '"\\ud800"', 1),
        "requests[0].category: bevat een ongeldig teken (U+D800)",
    ),
    "infinite radius": (text().replace('"radius_km": 5', '"radius_km": 1e999'), "radius_km"),
    "NaN latitude": (text().replace('"lat": 52.1', '"lat": NaN', 1), "requests[0].lat: moet"),
    "empty file": ("", "is leeg"),
    "only spaces": ("  \n ", "is leeg"),
    "a list": ("[]", "(invoer): moet een JSON-object zijn"),
    "latin-1": ('{"requests": [], "offers": [], "x": "é"}'.encode("latin-1"), "geen UTF-8"),
    "utf-16": ('{"requests": [], "offers": []}'.encode("utf-16"), "geen UTF-8-tekst (regel 1)"),
}


@pytest.mark.parametrize("label", list(HOSTILE))
def test_hostile_input_gets_a_dutch_message_and_exit_2(label, tmp_path, capsys):
    content, words = HOSTILE[label]
    path = tmp_path / "invoer.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "replace"))
    assert run_cli([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("kwartier match: ") and words in captured.err, captured.err


def test_the_bounds_themselves_and_a_byte_order_mark_are_fine(tmp_path, capsys):
    data = text(
        request={"waiting_days": matching.MAX_WAITING_DAYS, "id": 10**40},
        offer={"capacity": matching.MAX_CAPACITY, "active": matching.MAX_ACTIVE - 1},
    )
    path = tmp_path / "grens.json"
    path.write_bytes(b"\xef\xbb\xbf" + data.encode())
    assert run_cli([str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["matches"] == [] and out["unmatched"][0]["request"] == 10**40  # helper is full
    path.write_text(text(offer={"capacity": matching.MAX_CAPACITY}))
    assert run_cli([str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["matches"][0]["offer"] == 2


def test_a_directory_is_no_input_file(tmp_path, capsys):
    assert run_cli([str(tmp_path)]) == 2
    assert "is een map" in capsys.readouterr().err


def test_the_engine_and_the_helper_model_keep_the_same_capacity():
    field = Helper._meta.get_field("capacity")
    field.run_validators(matching.MAX_CAPACITY)
    with pytest.raises(ValidationError):
        field.run_validators(matching.MAX_CAPACITY + 1)


@pytest.mark.django_db
def test_engine_input_from_the_database_reads_back_in_the_cli(sw, world, tmp_path, capsys):
    old = make_request(world.in_area, sw.categories["boodschappen"], status="zoeken")
    HelpRequest.objects.filter(pk=old.pk).update(registered_on=datetime.date(1900, 1, 1))
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    waiting = next(r for r in data.requests if r.id == old.pk).waiting_days
    assert waiting == matching.MAX_WAITING_DAYS  # 125 years, counted as at most a hundred
    path = tmp_path / "uit-de-database.json"
    path.write_text(json.dumps(data.as_json()), encoding="utf-8")
    assert run_cli([str(path)]) == 0, capsys.readouterr().err
