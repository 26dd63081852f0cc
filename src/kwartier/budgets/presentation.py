"""The figures of a round as charts: allocation, achterban and turnout (SVG from charts.py)."""

from __future__ import annotations

from .allocation import money
from .charts import Bar, Group, bar_chart
from .results import RoundResults


def allocation_chart(results: RoundResults) -> str:
    groups = [
        Group(
            row.initiative.title,
            (
                Bar(
                    float(row.initiative.cost),
                    f"€ {money(row.initiative.cost)} · {row.supporters} stemmen",
                    "primary" if row.official_funded else "muted",
                ),
            ),
        )
        for row in results.rows
    ]
    return bar_chart(
        "Kosten en stemmen per initiatief",
        f"Gefinancierd: {len(results.funded_rows())} van {len(results.rows)} initiatieven, "
        f"samen € {money(results.total_cost)} van € {money(results.round.amount)}.",
        groups,
        legend=[("primary", "gefinancierd"), ("muted", "niet gefinancierd")],
        chart_id="verdeling",
    )


def achterban_chart(initiatives) -> str | None:
    """Residents reached, supporters and opponents per initiative (the consultation record)."""
    groups = [
        Group(
            i.title,
            (
                Bar(i.residents_reached, f"{i.residents_reached} bereikt", "primary"),
                Bar(i.supporters, f"{i.supporters} voor", "accent"),
                Bar(i.opponents, f"{i.opponents} tegen", "danger"),
            ),
        )
        for i in initiatives
        if i.residents_reached or i.supporters or i.opponents
    ]
    if not groups:
        return None
    return bar_chart(
        "Achterban per initiatief",
        "Per initiatief: hoeveel bewoners bij de voorbereiding zijn bereikt, en hoeveel daarvan "
        "voor en tegen waren, volgens het verslag van de raadpleging.",
        groups,
        legend=[("primary", "bereikt"), ("accent", "voor"), ("danger", "tegen")],
        chart_id="achterban",
    )


# Turnout comes from the voting app, which builds on this one: it registers its source in
# its AppConfig.ready(), so budgets never imports voting. Without it: no turnout shown.
_turnout_source = None


def register_turnout(source) -> None:
    """`source(round)` gives the turnout rows the results page may show to everyone."""
    global _turnout_source
    _turnout_source = source


def turnout_rows(round) -> list[dict]:
    """Turnout per buurt and age group from the registered source (the voting app), counts
    under five as "<5", a second count as "x" where the number of ballots would give a
    small one away, and no percentage next to either (everyone may read the results page:
    no small group of residents is singled out)."""
    return _turnout_source(round) if _turnout_source else []


def turnout_chart(rows: list[dict]) -> str | None:
    groups = []
    for row in rows:
        percentage = row["percentage"]
        text = f"{row['voters']} van {row['eligible']}"
        text += f" ({percentage}%)" if percentage is not None else " (te klein om te tonen)"
        groups.append(Group(f"{row['buurt']} · {row['age_group']}", (Bar(percentage or 0, text),)))
    if not groups:
        return None
    return bar_chart(
        "Opkomst per buurt en leeftijdsgroep",
        "Het deel van de stemgerechtigde bewoners dat heeft gestemd, per buurt en leeftijdsgroep.",
        groups,
        max_value=100,
        chart_id="opkomst",
    )
