"""The periodic overview with figures: for a referrer its own referrals, for a receiving
organisation the referrals it received, for the gemeente all of them with small cells
suppressed, and with them every cell that would let a small one be worked back from a
total (core/suppression.py). The same rows feed the page, the CSV, the API and the e-mail."""

from __future__ import annotations

import csv
import datetime
import io

from django.db.models import Max

from kwartier.core.access.roles import FUNDER, PARTNERS, WORKERS, has_role
from kwartier.core.models import Organisation
from kwartier.core.suppression import SMALL_CELL, adding_up, hidden_cells, shown
from kwartier.privacy.models import Consent

from .figures import (
    Facts,
    Figures,
    Period,
    figures,
    overview,
    parse_period,
    previous_quarter,
)
from .models import OUTCOME_CATEGORY, PROGRESS_CATEGORY, Referral


def scope(user, referrer: Organisation | None = None):
    """The referrals whose figures the user may see (counts only, never a resident)."""
    queryset = Referral.objects.all()
    if has_role(user, PARTNERS):
        queryset = queryset.filter(referrer_organisation_id=user.organisation_id)
    elif has_role(user, WORKERS):
        queryset = queryset.filter(organisation_id=user.organisation_id)
    elif not has_role(user, FUNDER):
        return Referral.objects.none()
    if referrer is not None:
        queryset = queryset.filter(referrer_organisation=referrer)
    return queryset


def default_period(queryset, today: datetime.date) -> Period:
    """The last complete quarter; if nothing came in since, the quarter of the latest
    referral (so an organisation that refers now and then sees its last figures)."""
    period = previous_quarter(today)
    latest = queryset.aggregate(latest=Max("received_on"))["latest"]
    if latest is not None and latest < period.start:
        return parse_period(f"{latest.year}Q{(latest.month - 1) // 3 + 1}")
    return period


def referrers_for(user):
    """The referrers a user can narrow the overview to (none for a referrer itself)."""
    if has_role(user, PARTNERS):
        return None
    ids = scope(user).values("referrer_organisation_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def _consented(queryset) -> dict[int, set[str]]:
    """Feedback consent id → the categories it covers today (consents in force only)."""
    ids = [i for i in queryset.values_list("feedback_consent_id", flat=True) if i]
    covered: dict[int, set[str]] = {}
    rows = Consent.objects.valid().filter(pk__in=ids).values_list("pk", "categories__code")
    for pk, code in rows:
        covered.setdefault(pk, set()).add(code)
    return covered


def facts(queryset, for_referrer: bool) -> list[Facts]:
    """A referrer's figures count a start, an end and an outcome only where the resident's
    feedback consent covers telling the referrer about it; the receiving organisation and
    the gemeente count everything (the gemeente with small cells suppressed)."""
    covered = _consented(queryset) if for_referrer else {}
    out = []
    for r in queryset.select_related("trajectory__method"):
        trajectory = r.trajectory
        categories = covered.get(r.feedback_consent_id, set()) if for_referrer else None
        progress = trajectory is not None and (
            categories is None or PROGRESS_CATEGORY in categories
        )
        outcome = progress and (categories is None or OUTCOME_CATEGORY in categories)
        out.append(
            Facts(
                received_on=r.received_on,
                status=r.status,
                decided_on=r.decided_on,
                decline_reason=r.get_decline_reason_display() if r.decline_reason else "",
                started_on=trajectory.started_on if progress else None,
                ended_on=trajectory.ended_on if progress else None,
                outcome=trajectory.outcome_label if outcome else "",
            )
        )
    return out


def build(queryset, period: Period, *, for_referrer: bool) -> list[Figures]:
    return overview(facts(queryset, for_referrer), period)


def _days(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def for_user(queryset, period: Period, *, for_referrer: bool, suppressed: bool) -> dict:
    """The overview ready to show. Suppressed, the cells to hide are decided over the whole
    year the period lies in (its months, quarters and the year itself): the year, a quarter
    and a month then hide a cell alike, and one cannot be set against another."""
    known = facts(queryset, for_referrer)
    rows = overview(known, period)
    if not suppressed:
        return table(rows, suppressed=False)
    return table(rows, suppressed=True, year=year_figures(known, period))


def year_figures(known: list[Facts], period: Period) -> list[Figures]:
    """Figures of every month and quarter of the period's year, and of the year."""
    year = parse_period(str(period.start.year))
    periods = [month for quarter in year.parts() for month in quarter.parts()]
    return [figures(known, p) for p in [*periods, *year.parts(), year]]


REASON, OUTCOME = "afgewezen:", "uitkomst:"  # column keys of the breakdowns


def table(rows: list[Figures], suppressed: bool, year: list[Figures] | None = None) -> dict:
    """Rows ready to show: counts as text (suppressed where asked), breakdowns by label.
    With `year` (figures of more periods, see for_user) cells are hidden as there."""
    breakdowns = _breakdowns(rows)
    reasons = [label for kind, label in breakdowns if kind == REASON]
    outcomes = [label for kind, label in breakdowns if kind == OUTCOME]
    cells = _cells(year or rows)
    hidden = hidden_cells(cells, _lines(cells, year or rows)) if suppressed else set()

    def show(row: Figures, key) -> str:
        cell = (row.period.code, key)
        return shown(cells[cell], cell in hidden)

    def median(value, basis: int) -> str:
        return "–" if suppressed and basis < SMALL_CELL else _days(value)

    return {
        "suppressed": suppressed,
        "complementary": any(cells[cell] >= SMALL_CELL for cell in hidden),
        "reasons": reasons,
        "outcomes": outcomes,
        "rows": [
            {
                "period": row.period,
                "counts": {name: show(row, name) for name in row.counts()},
                "median_days_to_decision": median(
                    row.median_days_to_decision, row.accepted + row.declined
                ),
                "median_days_to_start": median(row.median_days_to_start, row.accepted),
                "reasons": [(x, show(row, (REASON, x))) for x in reasons],
                "outcomes": [(x, show(row, (OUTCOME, x))) for x in outcomes],
            }
            for row in rows
        ],
    }


def _breakdowns(rows: list[Figures]) -> list[tuple[str, str]]:
    reasons = sorted({label for row in rows for label in row.declined_by_reason})
    outcomes = sorted({label for row in rows for label in row.outcomes})
    return [(REASON, x) for x in reasons] + [(OUTCOME, x) for x in outcomes]


def _cells(rows: list[Figures]) -> dict:
    """Every count by (period code, column): counts, then reasons and outcomes by label."""
    cells = {}
    breakdowns = _breakdowns(rows)
    for row in rows:
        code = row.period.code
        cells.update({(code, name): n for name, n in row.counts().items()})
        for kind, label in breakdowns:
            by_label = row.declined_by_reason if kind == REASON else row.outcomes
            cells[(code, (kind, label))] = by_label.get(label, 0)
    return cells


def _lines(cells: dict, rows: list[Figures]) -> list:
    """What adds up: referred = accepted + declined + waiting, declined = its reasons,
    ended = its outcomes (where every ended trajectory has one), and in every column a
    period = its parts (months of a quarter, quarters of a year) where those are there."""
    breakdowns = _breakdowns(rows)
    lines = []
    for row in rows:
        code = row.period.code
        statuses = ["geaccepteerd", "afgewezen", "wacht op besluit"]
        lines.append(((code, "verwezen"), [(code, name) for name in statuses]))
        for kind, total in ((REASON, "afgewezen"), (OUTCOME, "beëindigd")):
            parts = [(code, key) for key in breakdowns if key[0] == kind]
            if parts:
                lines.append(((code, total), parts))
    codes = {row.period.code for row in rows}
    for row in rows:
        parts = [part.code for part in row.period.parts()]
        if len(parts) > 1 and set(parts) <= codes:
            columns = [key for period, key in cells if period == row.period.code]
            lines += [((row.period.code, key), [(p, key) for p in parts]) for key in columns]
    return adding_up(cells, lines)


def csv_text(shown: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    count_names = list(shown["rows"][0]["counts"]) if shown["rows"] else []
    writer.writerow(
        [
            "periode",
            "van",
            "tot en met",
            *count_names,
            "mediaan dagen tot besluit",
            "mediaan dagen tot start",
            *(f"afgewezen: {label}" for label in shown["reasons"]),
            *(f"uitkomst: {label}" for label in shown["outcomes"]),
        ]
    )
    for row in shown["rows"]:
        period = row["period"]
        writer.writerow(
            [
                period.code,
                period.start.isoformat(),
                period.end.isoformat(),
                *row["counts"].values(),
                row["median_days_to_decision"],
                row["median_days_to_start"],
                *(value for _, value in row["reasons"]),
                *(value for _, value in row["outcomes"]),
            ]
        )
    return buffer.getvalue()


def as_json(shown: dict) -> dict:
    return {
        "small_cells_suppressed": shown["suppressed"],
        "periods": [
            {
                "period": row["period"].code,
                "label": row["period"].label,
                "start": row["period"].start.isoformat(),
                "end": row["period"].end.isoformat(),
                "counts": row["counts"],
                "median_days_to_decision": row["median_days_to_decision"],
                "median_days_to_start": row["median_days_to_start"],
                "declined_by_reason": dict(row["reasons"]),
                "outcomes": dict(row["outcomes"]),
            }
            for row in shown["rows"]
        ],
    }


def mail_text(organisation: Organisation, shown: dict, period: Period) -> str:
    """A plain-text overview for one referrer: figures only, no resident."""
    total = shown["rows"][-1]
    lines = [
        f"Overzicht van de verwijzingen van {organisation}, {period.label}",
        "",
        *(f"{name.capitalize()}: {value}" for name, value in total["counts"].items()),
        f"Mediaan dagen tot besluit: {total['median_days_to_decision']}",
        f"Mediaan dagen tot start: {total['median_days_to_start']}",
    ]
    if shown["reasons"]:
        lines += ["", "Afgewezen, naar reden:"]
        lines += [f"- {label}: {n}" for label, n in total["reasons"]]
    if shown["outcomes"]:
        lines += ["", "Uitkomsten van beëindigde trajecten:"]
        lines += [f"- {label}: {n}" for label, n in total["outcomes"]]
    if len(shown["rows"]) > 1:
        lines += ["", "Per deel van de periode (verwezen / geaccepteerd / afgewezen / gestart):"]
        for row in shown["rows"][:-1]:
            c = row["counts"]
            lines.append(
                f"- {row['period'].label}: {c['verwezen']} / {c['geaccepteerd']} / "
                f"{c['afgewezen']} / {c['gestart']}"
            )
    lines += [
        "",
        "Verwezen, geaccepteerd, afgewezen en wachtend tellen de verwijzingen die in deze "
        "periode binnenkwamen; gestart en beëindigd de trajecten die in deze periode "
        "begonnen of eindigden. Start, einde en uitkomst tellen alleen mee voor zover de "
        "bewoner toestemming gaf om die aan u terug te koppelen.",
        "",
        "Het overzicht en de afzonderlijke verwijzingen vindt u in Kwartier onder Verwijzingen.",
    ]
    return "\n".join(lines) + "\n"


def send_overviews(period: Period, *, send: bool) -> list[tuple[Organisation, Figures, list[str]]]:
    """For each referrer with referrals in or running into the period: its figures, and,
    with `send`, the mail to it (returns the addresses; empty when none or not sent)."""
    from . import mail

    referrer_ids = (
        Referral.objects.filter(received_on__lte=period.end)
        .values_list("referrer_organisation_id", flat=True)
        .distinct()
    )
    results = []
    for organisation in Organisation.objects.filter(pk__in=referrer_ids).order_by("name"):
        rows = build(
            Referral.objects.filter(referrer_organisation=organisation), period, for_referrer=True
        )
        total = rows[-1]
        if not (total.referred or total.started or total.ended):
            continue
        shown = table(rows, suppressed=False)
        sent_to: list[str] = []
        if send:
            subject = f"Overzicht verwijzingen {period.label}"
            body = mail_text(organisation, shown, period)
            sent_to = mail.send_overview(organisation, subject, body)
        results.append((organisation, total, sent_to))
    return results
