"""The ecogram drawing: deterministic, every style present, a legend, accessible, printable.

Pure tests: `drawing.py` needs no database. The golden file holds one small ecogram;
after an intended change of the drawing, regenerate it with
`KWARTIER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/network/test_drawing.py` and look at
it before committing.
"""

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kwartier.core import svg_text
from kwartier.network import codes, drawing
from kwartier.network.drawing import DEFAULT_STYLES, DrawnTie, LineStyle, draw

GOLDEN = Path(__file__).parent / "golden" / "small_ecogram.svg"
SVG = "{http://www.w3.org/2000/svg}"

SMALL = [
    DrawnTie("1", "Moeder", "G", "sterk", "wederzijds", "EPG", "wekelijks"),
    DrawnTie("2", "Broer Kees", "G", "belastend", "van", "P", "maandelijks"),
    DrawnTie("3", "Tante Riet", "F", "neutraal", "naar", "", "minder"),
    DrawnTie("4", "Buurvrouw op 3", "B", "sterk", "naar", "PG", "dagelijks"),
    DrawnTie("5", "Huisarts", "Z", "neutraal", "naar", "A", "minder"),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def paths(root) -> list[ET.Element]:
    return list(root.iter(f"{SVG}path"))


def shown(text) -> str:
    """What a <text> shows: its own text and tspans, not its <title> (the tooltip)."""
    parts = [text.text or ""]
    for child in text:
        if child.tag != f"{SVG}title":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join(p for p in parts if p)


def texts(root) -> list[str]:
    return [shown(node) for node in root.iter(f"{SVG}text")]


def test_same_input_gives_the_same_bytes():
    assert draw("Anna", SMALL).encode() == draw("Anna", list(SMALL)).encode()


def test_input_order_does_not_matter():
    assert draw("Anna", SMALL) == draw("Anna", list(reversed(SMALL)))


def test_golden_file():
    svg = draw("Anna Binnenwijk", SMALL)
    if os.environ.get("KWARTIER_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(svg, encoding="utf-8")
    assert svg == GOLDEN.read_text(encoding="utf-8"), (
        "the drawing changed; if that was intended, regenerate the golden file (see the "
        "module docstring) and look at it"
    )


def test_it_is_well_formed_svg_with_a_viewbox():
    root = parse(draw("Anna", SMALL))
    assert root.tag == f"{SVG}svg"
    assert re.fullmatch(r"0 0 \d+ [\d.]+", root.get("viewBox"))


def test_accessible_title_and_description_listing_every_tie():
    root = parse(draw("Anna Binnenwijk", SMALL))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ecogram-title ecogram-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == "ecogram-title" and title.text == "Ecogram van Anna Binnenwijk"
    assert desc.get("id") == "ecogram-desc"
    for tie in SMALL:
        assert tie.label in desc.text
    assert "met 5 contacten" in desc.text
    assert "Broer Kees (belastend / conflict; steun van de bewoner; praktische steun" in desc.text
    assert "Vrienden: geen." in desc.text  # an empty group is said too


def test_id_prefix_keeps_ids_unique_on_a_page():
    root = parse(draw("Anna", SMALL, id_prefix="print-1"))
    assert root.get("aria-labelledby") == "print-1-title print-1-desc"
    with pytest.raises(ValueError):
        draw("Anna", SMALL, id_prefix='x" onload="alert(1)')


def test_every_group_is_a_labelled_sector_even_when_empty():
    root = parse(draw("Anna", []))
    words = " ".join(texts(root))
    for code, name in codes.GROUPS.items():
        assert f"{code} · {name}" in words
    wedges = [p for p in paths(root) if " A" in p.get("d")]
    assert len(wedges) == len(codes.GROUPS)


def _lines_by_style(root):
    return {
        "solid_thick": [
            p
            for p in paths(root)
            if p.get("stroke-width") == "5.0" and not p.get("stroke-dasharray")
        ],
        "dashed": [p for p in paths(root) if p.get("stroke-dasharray") == "8 6"],
        "zigzag_red": [
            p for p in paths(root) if p.get("stroke") == "#b00020" and p.get("d").count(" L") > 4
        ],
    }


def test_each_strength_has_its_own_line_style():
    one_of_each = [
        DrawnTie("1", "Sterk", "V", "sterk", "wederzijds"),
        DrawnTie("2", "Zwak", "K", "neutraal", "wederzijds"),
        DrawnTie("3", "Belastend", "B", "belastend", "wederzijds"),
    ]
    with_ties = _lines_by_style(parse(draw("Anna", one_of_each)))
    legend_only = _lines_by_style(parse(draw("Anna", [])))
    for style in ("solid_thick", "dashed", "zigzag_red"):
        # One sample in the legend, one line for the tie.
        assert len(legend_only[style]) == 1, style
        assert len(with_ties[style]) == 2, style


def _arrowheads(svg) -> int:
    return svg.count("<polygon")


def test_arrowheads_show_the_direction_of_support():
    legend = _arrowheads(draw("Anna", []))
    assert legend == 4  # naar: 1, van: 1, wederzijds: 2
    for direction, heads in (("naar", 1), ("van", 1), ("wederzijds", 2)):
        svg = draw("Anna", [DrawnTie("1", "X", "V", "neutraal", direction)])
        assert _arrowheads(svg) - legend == heads, direction


def test_arrow_to_the_resident_points_at_the_centre():
    svg = draw("Anna", [DrawnTie("1", "X", "G", "neutraal", "naar")])
    tie_arrow = re.findall(r'<polygon points="([^"]+)"', svg)[0]
    tip = tuple(float(v) for v in tie_arrow.split()[0].split(","))
    distance = ((tip[0] - drawing.CX) ** 2 + (tip[1] - drawing.CY) ** 2) ** 0.5
    assert distance == pytest.approx(drawing.CENTRE_RADIUS, abs=0.2)


def test_legend_explains_every_style_direction_and_function():
    words = " ".join(texts(parse(draw("Anna", []))))
    assert "Legenda" in words
    for label in codes.STRENGTHS.values():
        assert label in words
    for label in codes.DIRECTIONS.values():
        assert f"Steun: {label.lower()}" in words
    for code, label in codes.FUNCTIONS.items():
        assert f"{code} {label.lower()}" in words


def test_node_shows_group_letter_label_and_functions():
    words = texts(parse(draw("Anna", [DrawnTie("7", "Koor De Linde", "C", "sterk", "van", "GA")])))
    assert "C" in words and "Koor De Linde" in words and "G A" in words


def test_text_is_escaped():
    hostile = DrawnTie("1", '<script>alert("x")</script> & co', "V", "sterk", "naar")
    svg = draw("Anna <b>", [hostile])
    parse(svg)  # still well-formed
    assert "<script>" not in svg and "<b>" not in svg


def test_long_labels_are_shortened_in_the_drawing_but_whole_in_the_description():
    long = "Vriendin Ineke van der Berg-Jansen"
    root = parse(draw("Anna", [DrawnTie("1", long, "V", "sterk", "naar")]))
    assert long not in texts(root)
    assert any(t.startswith("Vriendin") and t.endswith("…") for t in texts(root))
    assert long in root.find(f"{SVG}desc").text
    shortened = next(t for t in root.iter(f"{SVG}text") if "".join(t.itertext()).endswith("…"))
    assert shortened.find(f"{SVG}title").text == long  # the tooltip has it whole


def test_printable_no_scripts_no_style_elements_white_background():
    svg = draw("Anna", SMALL)
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    root = parse(svg)
    background = root.find(f"{SVG}rect")
    assert background.get("fill") == "#ffffff" and background.get("width") == str(drawing.WIDTH)


def test_styles_are_configurable():
    dotted = {**DEFAULT_STYLES, "neutraal": LineStyle(colour="#000000", width=2.0, dash="2 4")}
    svg = draw("Anna", [DrawnTie("1", "X", "K", "neutraal", "naar")], styles=dotted)
    assert 'stroke-dasharray="2 4"' in svg and 'stroke-dasharray="8 6"' not in svg
    double = {**DEFAULT_STYLES, "belastend": LineStyle(colour="#b00020", width=3, double=True)}
    svg = draw("Anna", [DrawnTie("1", "X", "K", "belastend", "naar")], styles=double)
    tie_lines = [p for p in paths(parse(svg)) if p.get("stroke") == "#b00020"]
    assert len(tie_lines) == 4  # two parallel lines for the tie, two in the legend


@pytest.mark.parametrize(
    "tie",
    [
        DrawnTie("1", "X", "Q", "sterk", "naar"),
        DrawnTie("1", "X", "V", "heel sterk", "naar"),
        DrawnTie("1", "X", "V", "sterk", "omhoog"),
        DrawnTie("1", "X", "V", "sterk", "naar", "EX"),
    ],
)
def test_unknown_codes_are_refused(tie):
    with pytest.raises(ValueError):
        draw("Anna", [tie])


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError):
        draw("Anna", [SMALL[0], SMALL[0]])


def test_more_contact_sits_nearer_the_centre_within_a_group():
    ties = [
        DrawnTie("a", "Maandelijks", "V", "sterk", "naar", frequency="maandelijks"),
        DrawnTie("b", "Dagelijks", "V", "sterk", "naar", frequency="dagelijks"),
        DrawnTie("c", "Wekelijks", "V", "sterk", "naar", frequency="wekelijks"),
    ]
    radius = {p.tie.label: p.radius for p in drawing.place(ties)}
    assert radius["Dagelijks"] < radius["Wekelijks"] < radius["Maandelijks"]


def test_a_busy_group_gets_a_wider_sector_and_every_tie_its_own_angle():
    ties = [DrawnTie(str(i), f"Vriend {i}", "V", "neutraal", "wederzijds") for i in range(12)]
    spans = {s.code: s.span for s in drawing.sectors(ties)}
    assert spans["V"] > spans["G"] and sum(spans.values()) == pytest.approx(360)
    placed = drawing.place(ties)
    assert len({round(p.angle, 3) for p in placed}) == len(ties)
    v = next(s for s in drawing.sectors(ties) if s.code == "V")
    assert all(v.start < p.angle < v.start + v.span for p in placed)


tie_strategy = st.builds(
    DrawnTie,
    key=st.text("0123456789", min_size=1, max_size=4),
    label=st.text(min_size=1, max_size=40).filter(lambda s: s.isprintable()),
    group=st.sampled_from(list(codes.GROUPS)),
    strength=st.sampled_from(list(codes.STRENGTHS)),
    direction=st.sampled_from(list(codes.DIRECTIONS)),
    functions=st.sets(st.sampled_from(list(codes.FUNCTIONS))).map(codes.normalise_functions),
    frequency=st.sampled_from(["", *codes.FREQUENCIES]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(tie_strategy, max_size=30, unique_by=lambda t: t.key))
def test_any_network_draws_well_formed_and_stays_inside_the_circle(ties):
    svg = draw("Bewoner", ties)
    assert svg == draw("Bewoner", list(reversed(ties)))
    parse(svg)
    for item in drawing.place(ties):
        distance = ((item.x - drawing.CX) ** 2 + (item.y - drawing.CY) ** 2) ** 0.5
        assert distance <= drawing.RADIUS - drawing.NODE_RADIUS


# The demo ecogram where two labels in "Overige familie" ran into each other.
CROWDED = [
    DrawnTie("1", "Wim van Leeuwen", "G", "sterk", "wederzijds", "P", "dagelijks"),
    DrawnTie("2", "kennis Kees", "K", "neutraal", "wederzijds", "A", "minder"),
    DrawnTie("3", "buurvrouw van boven", "B", "sterk", "van", "PG", "wekelijks"),
    DrawnTie("4", "koffieochtend kerk", "C", "sterk", "wederzijds", "GA", "wekelijks"),
    DrawnTie("5", "Repair Café Kwartiersveen", "C", "neutraal", "wederzijds", "GA", "wekelijks"),
    DrawnTie("6", "wijkverpleegkundige", "Z", "neutraal", "naar", "PA", "wekelijks"),
    DrawnTie("7", "Huisartsenpraktijk De Markt", "Z", "neutraal", "naar", "A", "wekelijks"),
    DrawnTie("8", "oom Jesse", "F", "neutraal", "van", "PG", "minder"),
    DrawnTie("9", "vriendin Linda", "V", "neutraal", "wederzijds", "EG", "maandelijks"),
    DrawnTie("10", "bewindvoerder", "R", "sterk", "naar", "PA", "maandelijks"),
    DrawnTie("11", "nicht Marieke", "F", "sterk", "van", "PG", "maandelijks"),
    DrawnTie("12", "biljartclub", "C", "sterk", "wederzijds", "A", "wekelijks"),
    DrawnTie("13", "oud-collega Sanne", "K", "neutraal", "van", "GA", "maandelijks"),
]


def label_boxes(ties):
    placed = drawing.place(ties)
    labels = drawing.place_labels(placed)
    return placed, {
        item.tie.key: drawing._label_box(drawing._label_lines(item), *labels[item.tie.key])
        for item in placed
    }


@pytest.mark.parametrize("ties", [SMALL, CROWDED], ids=["small", "crowded"])
def test_labels_cover_no_other_label_node_or_the_resident(ties):
    placed, boxes = label_boxes(ties)
    r = drawing.NODE_RADIUS
    nodes = {p.tie.key: (p.x - r, p.y - r, p.x + r, p.y + r) for p in placed}
    c = drawing.CENTRE_RADIUS
    centre = (drawing.CX - c, drawing.CY - c, drawing.CX + c, drawing.CY + c)
    for key, box in boxes.items():
        assert not drawing._overlap(box, centre), key
        for other in boxes:
            if other != key:
                assert not drawing._overlap(box, boxes[other]), (key, other)
                assert not drawing._overlap(box, nodes[other]), (key, other)


def test_a_label_prefers_the_outer_side_of_its_node():
    """Uncrowded, each label is beside (left or right half) or beyond its node."""
    placed, boxes = label_boxes(SMALL)
    for item in placed:
        left, top, right, bottom = boxes[item.tie.key]
        centre_x = (left + right) / 2
        towards_resident_x = (drawing.CX - item.x) * (centre_x - item.x) > 0
        towards_resident_y = (drawing.CY - item.y) * ((top + bottom) / 2 - item.y) > 0
        assert not (towards_resident_x and towards_resident_y), item.tie.label


def sector_label_lines(svg):
    """(text-anchor, x, line) of every line of the group names round the circle."""
    for text in parse(svg).iter(f"{SVG}text"):
        if text.get("font-size") == "16" and text.get("font-weight") == "700":
            for span in text.iter(f"{SVG}tspan"):
                yield text.get("text-anchor"), float(span.get("x")), span.text


# Demo networks where "K · Kennissen, oude" or "F · Overige familie" sat level with
# the centre and ran past the drawing's edge.
SIDEWAYS = [
    [DrawnTie(str(i), f"contact {i}", group, "neutraal", "naar") for i, group in enumerate(spec)]
    for spec in ("GGGGGBBBBZZZ", "GGBBBBBBCCCZZZZZRR", "GGGGGGGGZZ")
]


@pytest.mark.parametrize("ties", SIDEWAYS)
def test_group_names_stay_inside_the_drawing(ties):
    """Near the edge a group name wraps onto more lines instead of running off."""
    for anchor, x, line in sector_label_lines(draw("Bewoner", ties)):
        width = svg_text.width(line, drawing.SECTOR_FONT, bold=True)
        left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
        assert left >= 0 and left + width <= drawing.WIDTH, line
