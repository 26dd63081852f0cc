"""The pure figures: periods, cohorts and events, medians."""

import datetime

import pytest

from kwartier.referrals.figures import (
    Facts,
    PeriodError,
    figures,
    overview,
    parse_period,
    previous_quarter,
)

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
    with pytest.raises(PeriodError, match="periode|maand|jaar"):
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
