"""Every text in the server-drawn SVG charts stays inside its drawing, measured by
Chromium: group names and contact labels of the ecogram, funnel steps, budget groups and
legends, the bands of a measurement chart. A text that had to be shortened carries its
full wording in a <title>.

Uses the session's shared Chromium from tests/browser/conftest.py; no database.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest

from kwartier.budgets.charts import Bar, Group, bar_chart
from kwartier.instruments.chart import BandArea, Point, line_chart
from kwartier.methods.funnels import bar_chart_svg
from kwartier.network.drawing import DrawnTie, draw
from tests.network.test_drawing import CROWDED, SIDEWAYS

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Terugkoppeling aan de verwijzer en de huisarts over het vervolg"

# A demo network where "R · Raadslieden" sat level with the centre, at the left edge.
RAADSLIEDEN = [
    DrawnTie(str(i), f"contact {i}", group, "neutraal", "naar")
    for i, group in enumerate("GGGGGGBBBZZZVVVVCKKF")
] + [DrawnTie("r", "Raadsman met een heel lange naam erbij", "R", "sterk", "naar")]


def drawings() -> dict[str, str]:
    out = {f"ecogram-{i}": draw("Bewoner", ties) for i, ties in enumerate(SIDEWAYS)}
    out["ecogram-crowded"] = draw("Anna van der Berg-Jansen", CROWDED)
    out["ecogram-raadslieden"] = draw("Bewoner", RAADSLIEDEN)
    for group in "GFBVKCZR":
        ties = [DrawnTie("x", "Kennis", group, "sterk", "naar"), *RAADSLIEDEN[:6]]
        out[f"ecogram-{group}"] = draw("Bewoner", ties)
    out["funnel"] = bar_chart_svg(
        [
            {"label": "Aangemeld", "value": 40, "count": "40"},
            {"label": "Fase bereikt: Intake met elke partij apart", "value": 30, "count": "30"},
            {"label": "Fase bereikt: Bemiddelingsgesprek", "value": 20, "count": "20"},
            {"label": f"Fase bereikt: {LONG}", "value": 10, "count": "<5"},
        ],
        "Trechter",
    )
    out["budget"] = bar_chart(
        "Uitslag",
        "Stemmen per initiatief",
        [
            Group(f"Speeltuin {LONG}", (Bar(40, "40 stemmen"), Bar(3, "3 tegen", "danger"))),
            Group("Bankje", (Bar(10, "€ 1.000.000 van € 1.200.000 (83%)"),)),
        ],
        legend=[("primary", "Stemmen voor het initiatief"), ("danger", "Stemmen tegen")],
    )
    out["measurement"] = line_chart(
        [Point(datetime.date(2025, 1, 1), 3), Point(datetime.date(2025, 6, 1), 12)],
        title="Meting",
        y_min=0,
        y_max=20,
        bands=[
            BandArea("geen of weinig", 0, 5),
            BandArea(f"ernstig: {LONG} {LONG}", 6, 20, alert=True),
        ],
    )
    return out


MEASURE = """svg => {
  const vb = svg.viewBox.baseVal, out = [];
  for (const t of svg.querySelectorAll('text')) {
    const bb = t.getBBox(), m = svg.getCTM().inverse().multiply(t.getCTM());
    const corners = [[bb.x, bb.y], [bb.x + bb.width, bb.y + bb.height]].map(
      ([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
    const xs = corners.map(c => c[0]), ys = corners.map(c => c[1]);
    const left = Math.min(...xs), right = Math.max(...xs);
    if (left < vb.x - 0.5 || right > vb.x + vb.width + 0.5 ||
        Math.min(...ys) < vb.y - 0.5 || Math.max(...ys) > vb.y + vb.height + 0.5)
      out.push(`${t.textContent} (${Math.round(left)}..${Math.round(right)})`);
  }
  return out;
}"""


def test_every_text_stays_inside_its_drawing(browser):
    # A page of 1280 px like the ecogram's; the drawings scale, user units do not.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside = {}
    try:
        for name, svg in drawings().items():
            page.set_content(f'<!doctype html><html lang="nl"><body>{svg}</body></html>')
            found = page.eval_on_selector("svg", MEASURE)
            if found:
                outside[name] = found
    finally:
        page.close()
    assert not outside, outside


@pytest.mark.parametrize("name", ["ecogram-raadslieden", "funnel", "budget", "measurement"])
def test_a_shortened_text_keeps_its_full_wording_in_a_title(name):
    root = ET.fromstring(drawings()[name])
    shortened = [t for t in root.iter(f"{SVG}text") if "…" in "".join(t.itertext())]
    assert shortened, "the example should need shortening"
    for text in shortened:
        title = text.find(f"{SVG}title")
        assert title is not None and "…" not in title.text, "".join(text.itertext())
