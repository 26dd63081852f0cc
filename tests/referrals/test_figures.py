"""The pure figures: periods, cohorts and events, medians."""

import datetime

import pytest

from kwartier.core.errors import RuleError
from kwartier.referrals.figures import (
    Facts,
    Figures,
    figures,
    overview,
    parse_period,
    previous_quarter,
)
from kwartier.referrals.overview import table, year_figures

D = datetime.date


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025", D(2025, 1, 1), D(2025, 12, 31), "2025"),
        ("2025Q4", D(2025, 10, 1), D(2025, 12, 31), "4e kwartaal 2025"),
        ("2024q1", D(2024, 1, 1), D(2024, 3, 31), "1e kwartaal 2024"),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "1e kwartaal 2024"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "februari 2024"),
        ("2025-12", D(2025, 12, 1), D(2025, 12, 31), "december 2025"),
    ],
)
def test_periods_are_read(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "Q4", "2025Q5", "2025-13", "2025-00", "1899", "morgen"])
def test_unreadable_periods_are_refused_in_dutch(text):
    with pytest.raises(RuleError, match="periode|maand|jaar"):
        parse_period(text)


def test_a_year_splits_in_quarters_and_a_quarter_in_months():
    assert [p.code for p in parse_period("2025").parts()] == [
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
    ]
    assert [p.code for p in parse_period("2025Q2").parts()] == ["2025-04", "2025-05", "2025-06"]
    assert [p.code for p in parse_period("2025-05").parts()] == ["2025-05"]


def test_previous_quarter_is_the_last_complete_one():
    assert previous_quarter(D(2026, 1, 1)).code == "2025Q4"
    assert previous_quarter(D(2025, 5, 20)).code == "2025Q1"
    assert previous_quarter(D(2025, 12, 31)).code == "2025Q3"


FACTS = [
    # accepted in October, started the same day, ended in November with an outcome
    Facts(
        D(2025, 10, 1),
        "geaccepteerd",
        D(2025, 10, 5),
        "",
        D(2025, 10, 5),
        D(2025, 11, 20),
        "Deelname",
    ),
    # accepted in November, still running
    Facts(D(2025, 11, 3), "geaccepteerd", D(2025, 11, 13), "", D(2025, 11, 13)),
    # declined twice for the same reason, once for another
    Facts(D(2025, 11, 10), "afgewezen", D(2025, 11, 12), "Doelgroep"),
    Facts(D(2025, 12, 1), "afgewezen", D(2025, 12, 9), "Doelgroep"),
    Facts(D(2025, 12, 2), "afgewezen", D(2025, 12, 3), "Geen plek"),
    # still waiting
    Facts(D(2025, 12, 20), "nieuw"),
    # referred in September, started in October: an event of Q4, not of its cohort
    Facts(D(2025, 9, 25), "geaccepteerd", D(2025, 10, 2), "", D(2025, 10, 2)),
]


def test_the_cohort_counts_what_came_in_and_the_events_what_happened():
    result = figures(FACTS, parse_period("2025Q4"))
    assert (result.referred, result.accepted, result.declined, result.waiting) == (6, 2, 3, 1)
    assert result.declined_by_reason == {"Doelgroep": 2, "Geen plek": 1}
    assert (result.started, result.ended) == (3, 1)
    assert result.outcomes == {"Deelname": 1}
    # days to decision of the Q4 cohort: 4, 10, 2, 8, 1 -> median 4
    assert result.median_days_to_decision == 4.0
    # days to start: 4 and 10 -> median 7
    assert result.median_days_to_start == 7.0


def test_an_empty_period_has_no_medians():
    result = figures(FACTS, parse_period("2024"))
    assert result.referred == 0 and result.median_days_to_decision is None


def test_the_overview_gives_the_parts_and_then_the_whole():
    rows = overview(FACTS, parse_period("2025Q4"))
    assert [r.period.code for r in rows] == ["2025-10", "2025-11", "2025-12", "2025Q4"]
    assert [r.referred for r in rows] == [1, 2, 3, 6]
    assert sum(r.started for r in rows[:-1]) == rows[-1].started


# Shown to the gemeente: small cells and what would give them away hidden ------------------


def quarter(months: list[dict], **whole) -> list[Figures]:
    """Figures of the three months of 2025Q4 and the quarter, which sums them."""
    parts = parse_period("2025Q4").parts()
    rows = [Figures(period, **fields) for period, fields in zip(parts, months, strict=True)]
    total = Figures(parse_period("2025Q4"), **whole)
    for name in ("referred", "accepted", "declined", "waiting", "started", "ended"):
        setattr(total, name, sum(getattr(row, name) for row in rows))
    return [*rows, total]


def test_a_small_month_cannot_be_worked_back_from_the_quarter():
    rows = quarter(
        [
            dict(referred=3, accepted=3),
            dict(referred=6, accepted=6),
            dict(referred=8, accepted=8),
        ]
    )
    referred = [r["counts"]["verwezen"] for r in table(rows, suppressed=True)["rows"]]
    # Before: "<5", "6", "8", "17" gave October away as 17 - 6 - 8 = 3.
    assert referred == ["<5", "x", "8", "17"]
    assert table(rows, suppressed=True)["complementary"]
    plain = table(rows, suppressed=False)
    assert [r["counts"]["verwezen"] for r in plain["rows"]] == ["3", "6", "8", "17"]
    assert not plain["complementary"]


def test_a_small_reason_hides_a_second_reason_and_follows_the_statuses():
    rows = quarter(
        [dict(referred=20, accepted=8, declined=12, waiting=0)] + [{}, {}],
        declined_by_reason={"geen plek": 2, "past niet": 10},
    )
    rows[0].declined_by_reason = {"geen plek": 2, "past niet": 10}
    shown = table(rows, suppressed=True)
    october, whole = shown["rows"][0], shown["rows"][-1]
    # 12 declined = 2 + 10: the 10 goes with the 2; the statuses and months add up whole.
    assert october["reasons"] == [("geen plek", "<5"), ("past niet", "x")]
    assert whole["reasons"] == [("geen plek", "<5"), ("past niet", "x")]
    assert october["counts"]["afgewezen"] == whole["counts"]["afgewezen"] == "12"


def test_outcomes_that_do_not_cover_every_end_are_no_line():
    """Ended 10, outcomes 3 + 5: two trajectories without an outcome. A reader knows only
    that "<5" + 5 is at most 10, which does not pin the "<5", so the 5 stays shown."""
    rows = [Figures(parse_period("2025-10"), ended=10, outcomes={"beter": 3, "gelijk": 5})]
    assert table(rows, suppressed=True)["rows"][0]["outcomes"] == [
        ("beter", "<5"),
        ("gelijk", "5"),
    ]
    rows[0].ended = 8  # every end has an outcome: 8 - 5 would give the 3 away
    shown = table(rows, suppressed=True)["rows"][0]
    assert shown["outcomes"] == [("beter", "<5"), ("gelijk", "x")]
    assert shown["counts"]["beëindigd"] == "8"


def test_the_year_and_a_quarter_hide_a_cell_alike():
    """Received: 2 in Q1, 10 in Q2, 10 in Q3, 3 + 3 in Q4. The year alone would hide Q4's 6
    next to Q1's "<5"; the quarter alone would show its 6 (two months of "<5" under it).
    Set side by side, the quarter's 6 would give Q1 away: both are decided over the year."""
    counts = [(2, 2), (5, 10), (8, 10), (10, 3), (11, 3)]
    known = [Facts(D(2025, month, 10), "nieuw") for month, n in counts for _ in range(n)]

    def referred(code: str, year: bool) -> dict[str, str]:
        period = parse_period(code)
        context = year_figures(known, period) if year else None
        shown = table(overview(known, period), suppressed=True, year=context)
        return {r["period"].code: r["counts"]["verwezen"] for r in shown["rows"]}

    assert referred("2025", year=False)["2025Q4"] == "x"
    assert referred("2025Q4", year=False)["2025Q4"] == "6"  # the old, comparable answer
    assert referred("2025", year=True) == {
        "2025Q1": "<5",
        "2025Q2": "10",
        "2025Q3": "10",
        "2025Q4": "x",
        "2025": "28",
    }
    assert referred("2025Q4", year=True) == {
        "2025-10": "<5",
        "2025-11": "<5",
        "2025-12": "0",
        "2025Q4": "x",
    }
    assert referred("2025-11", year=True) == {"2025-11": "<5"}
