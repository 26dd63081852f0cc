"""When a round takes votes, and when its figures may be shown.

Votes are taken in phase "stemmen", from voting_opens to voting_closes (either may be
empty: then the phase alone decides). Figures (turnout, the number of ballots) appear
only once the round has moved on to "uitslag", the same moment the budgets app shows
the results: after the closing date the paper ballots may still be counted.
"""

import datetime

from django.utils import timezone

VOTING = "stemmen"
AFTER_VOTING = {"uitslag", "uitvoering", "effecten"}


def is_open(round, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        round.phase == VOTING
        and (round.voting_opens is None or round.voting_opens <= today)
        and (round.voting_closes is None or today <= round.voting_closes)
    )


def has_ended(round, today: datetime.date | None = None) -> bool:
    """No more votes or codes: past the closing date, or the round has moved on."""
    today = today or timezone.localdate()
    return round.phase in AFTER_VOTING or (
        round.voting_closes is not None and today > round.voting_closes
    )


def figures_visible(round) -> bool:
    """Voting is over and counted (phase "uitslag" or later): figures may be shown."""
    return round.phase in AFTER_VOTING


def not_open_message(round) -> str:
    today = timezone.localdate()
    if round.phase == VOTING and round.voting_opens and today < round.voting_opens:
        return "Het stemmen in deze ronde is nog niet begonnen."
    if round.phase == VOTING or round.phase in AFTER_VOTING:
        return "Het stemmen in deze ronde is gesloten."
    return "In deze ronde wordt (nog) niet gestemd."
