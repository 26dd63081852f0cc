"""The funnel computation (pure) and how it is shown: conversion, time in phase, outcomes,
score change, small-cell suppression, the SVG chart."""

import datetime

from kwartier.methods import funnels
from kwartier.methods.funnels import ReferralRow, TrajectoryRow, Visit

D = datetime.date
PHASES = [("a", "Aanmelding"), ("b", "Begeleiding"), ("c", "Afsluiting")]


def row(visits, ended_on=None, outcome="", reason="", scores=None):
    return TrajectoryRow(
        started_on=visits[0].entered_on,
        ended_on=ended_on,
        outcome=outcome,
        end_reason=reason,
        visits=tuple(visits),
        scores=scores or {},
    )


def cohort():
    return [
        # reached c and ended there: completed; 10 days in a, 20 in b
        row(
            [
                Visit("a", D(2025, 1, 1), D(2025, 1, 11)),
                Visit("b", D(2025, 1, 11), D(2025, 1, 31)),
                Visit("c", D(2025, 1, 31), D(2025, 2, 5)),
            ],
            D(2025, 2, 5),
            "goed",
            "klaar",
            {"djg6": [4.0, 3.0, 1.0]},
        ),
        # stopped in b: ended, not completed
        row(
            [Visit("a", D(2025, 2, 1), D(2025, 2, 5)), Visit("b", D(2025, 2, 5), D(2025, 3, 1))],
            D(2025, 3, 1),
            "slecht",
            "gestopt",
            {"djg6": [5.0, 5.0], "lsns6": [10.0]},
        ),
        # still in a
        row([Visit("a", D(2025, 3, 1), None)]),
        # went back from b to a, still running in a
        row(
            [
                Visit("a", D(2025, 4, 1), D(2025, 4, 7)),
                Visit("b", D(2025, 4, 7), D(2025, 4, 9)),
                Visit("a", D(2025, 4, 9), None),
            ]
        ),
    ]


def test_steps_count_each_phase_reached_once_and_completed_means_ended_in_the_last():
    funnel = funnels.compute(
        cohort(),
        PHASES,
        [("goed", "Goed"), ("slecht", "Slecht")],
        [("klaar", "Klaar"), ("gestopt", "Gestopt")],
    )
    assert [(s.code, s.count) for s in funnel.steps] == [
        ("gestart", 4),
        ("fase-a", 4),
        ("fase-b", 3),
        ("fase-c", 1),
        ("afgerond", 1),
    ]
    assert funnel.steps[0].from_previous is None
    assert funnel.steps[2].from_previous == 0.75
    assert funnel.steps[3].from_first == 0.25
    assert (funnel.running, funnel.ended) == (2, 2)


def test_referrals_are_a_part_of_their_own_before_the_trajectories():
    statuses = ["geaccepteerd"] * 4 + ["afgewezen", "nieuw", "afgewezen", "geaccepteerd"]
    referrals = [
        ReferralRow(D(2025, 1, 1), status, started=status == "geaccepteerd" and i < 3)
        for i, status in enumerate(statuses)
    ]
    funnel = funnels.compute(cohort(), PHASES, referrals=referrals)
    assert [(s.code, s.count) for s in funnel.steps[:5]] == [
        ("verwezen", 8),
        ("geaccepteerd", 5),
        ("gestart-na-verwijzing", 3),
        ("gestart", 4),  # also trajectories started without a referral
        ("fase-a", 4),
    ]
    assert funnel.steps[1].from_previous == 5 / 8
    assert funnel.steps[2].from_first == 3 / 8
    # The trajectories start a part of their own: no rate across the two parts.
    gestart = funnel.steps[3]
    assert (gestart.starts_part, gestart.from_previous, gestart.from_first) == (True, None, None)
    assert funnel.steps[5].from_first == 0.75  # fase b of 4 started


def test_time_in_phase_counts_finished_stays_only():
    times = {p.code: p for p in funnels.compute(cohort(), PHASES).phase_times}
    assert (times["a"].finished, times["a"].median_days, times["a"].mean_days) == (3, 6, 20 / 3)
    assert (times["b"].finished, times["b"].median_days) == (3, 20)
    assert (times["c"].finished, times["c"].median_days) == (1, 5)


def test_outcome_and_end_reason_distribution_lists_every_option_and_unknown_codes():
    rows = [
        *cohort(),
        row([Visit("a", D(2025, 5, 1), D(2025, 5, 2))], D(2025, 5, 2), "oud", "klaar"),
    ]
    funnel = funnels.compute(
        rows,
        PHASES,
        [("goed", "Goed"), ("matig", "Matig"), ("slecht", "Slecht")],
        [("klaar", "Klaar"), ("gestopt", "Gestopt")],
    )
    assert funnel.outcomes == [
        ("goed", "Goed", 1),
        ("matig", "Matig", 0),
        ("slecht", "Slecht", 1),
        ("oud", "oud", 1),
    ]
    assert funnel.end_reasons == [("klaar", "Klaar", 2), ("gestopt", "Gestopt", 1)]


def test_score_change_between_first_and_last_measurement():
    changes = funnels.compute(cohort(), PHASES).score_changes
    assert len(changes) == 1  # lsns6 was measured only once
    djg = changes[0]
    assert (djg.instrument, djg.count, djg.mean_first, djg.mean_last, djg.mean_change) == (
        "djg6",
        2,
        4.5,
        3.0,
        -1.5,
    )


def test_the_table_suppresses_small_cells_and_the_rates_next_to_them():
    funnel = funnels.compute(cohort(), PHASES)
    open_table = funnels.table(funnel)
    assert [s["count"] for s in open_table["steps"]] == ["4", "4", "3", "1", "1"]
    assert open_table["steps"][2]["from_previous"] == "75%"
    assert open_table["scores"][0]["change"] == "-1,5"
    hidden = funnels.table(funnel, small_cell=5)
    assert [s["count"] for s in hidden["steps"]] == ["<5"] * 5
    assert {s["from_previous"] for s in hidden["steps"]} == {"–"}
    assert hidden["scores"][0]["first"] == "–"
    assert hidden["phase_times"][0]["median"] == "–"
    assert hidden["running"] == "<5"


def test_a_large_cohort_is_shown_in_full_to_aggregate_roles():
    rows = cohort() * 5
    shown = funnels.table(funnels.compute(rows, PHASES), small_cell=5)
    assert [s["count"] for s in shown["steps"]] == ["20", "20", "15", "5", "5"]
    assert shown["steps"][3]["from_first"] == "25%"


def test_the_chart_is_accessible_svg_with_escaped_labels():
    steps = funnels.table(funnels.compute(cohort(), [("a", "<script>"), ("b", "B"), ("c", "C")]))[
        "steps"
    ]
    svg = funnels.bar_chart_svg(steps, 'Trechter "x" & y')
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="funnel-chart-title">Trechter &quot;x&quot; &amp; y</title>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 5  # one bar per step with a count


def test_an_empty_cohort_gives_zeroes_not_errors():
    funnel = funnels.compute([], PHASES, referrals=[])
    shown = funnels.table(funnel, small_cell=5)
    assert [s["count"] for s in shown["steps"]] == ["0"] * 8
    assert shown["steps"][1]["from_previous"] == "–"
    assert funnels.bar_chart_svg(shown["steps"], "Leeg").count("<rect") == 0


def test_a_small_count_cannot_be_worked_back_from_what_adds_up():
    """10 started = 3 running + 7 ended; 7 ended = 5 + 2 by outcome = 7 by end reason.
    Shown as before, "<5" running was 10 - 7 = 3 and "<5" slecht 7 - 5 = 2."""
    start = D(2025, 1, 1)
    running = [row([Visit("a", start, None)]) for _ in range(3)]
    ended = [
        row([Visit("a", start, D(2025, 2, 1))], D(2025, 2, 1), outcome, "klaar")
        for outcome in ["goed"] * 5 + ["slecht"] * 2
    ]
    funnel = funnels.compute(
        running + ended, PHASES, [("goed", "Goed"), ("slecht", "Slecht")], [("klaar", "Klaar")]
    )
    shown = funnels.table(funnel, small_cell=5)
    assert (shown["steps"][0]["count"], shown["running"], shown["ended"]) == ("10", "<5", "x")
    assert [o["count"] for o in shown["outcomes"]] == ["5", "<5"]
    assert [r["count"] for r in shown["end_reasons"]] == ["x"]  # else 7 would give "ended" away
    assert shown["complementary"]
    whole = funnels.table(funnel)
    assert (whole["running"], whole["ended"], whole["end_reasons"][0]["count"]) == ("3", "7", "7")
    assert not whole["complementary"]


def test_outcomes_not_given_for_every_end_are_no_line():
    """An older trajectory ended without an outcome: the outcomes (5 + 2) fall short of
    the 8 ended, so the 5 does not pin the "<5" and stays shown."""
    start, end = D(2025, 1, 1), D(2025, 2, 1)
    rows = [
        row([Visit("a", start, end)], end, outcome, "klaar")
        for outcome in ["goed"] * 5 + ["slecht"] * 2 + [""]
    ]
    funnel = funnels.compute(rows, PHASES, [("goed", "Goed"), ("slecht", "Slecht")])
    assert [o["count"] for o in funnels.table(funnel, small_cell=5)["outcomes"]] == ["5", "<5"]
