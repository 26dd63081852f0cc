"""The hulpvraag status machine: every allowed and every refused transition."""

import itertools

import pytest
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.support import workflow
from kwartier.support.models import HelpRequest, Proposal, StatusChange
from tests.support.world import ensure_categories, make_request

pytestmark = pytest.mark.django_db

S = HelpRequest.Status
ALLOWED = {
    (S.NIEUW, S.ZOEKEN),
    (S.NIEUW, S.GESTOPT),
    (S.ZOEKEN, S.VOORGESTELD),
    (S.ZOEKEN, S.GESTOPT),
    (S.VOORGESTELD, S.GEKOPPELD),
    (S.VOORGESTELD, S.ZOEKEN),
    (S.VOORGESTELD, S.GESTOPT),
    (S.GEKOPPELD, S.AFGEROND),
    (S.GEKOPPELD, S.ZOEKEN),
    (S.GEKOPPELD, S.GESTOPT),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


@pytest.fixture
def request_in(world):
    categories = ensure_categories()

    def make(status):
        return make_request(world.in_area, categories["boodschappen"], status=status)

    return make


def test_the_table_is_the_specification():
    assert {(a, b) for a, targets in workflow.TRANSITIONS.items() for b in targets} == ALLOWED
    assert {S.AFGEROND, S.GESTOPT} == workflow.FINAL


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{a}->{b}" for a, b in ALL_PAIRS])
def test_every_transition(world, request_in, current, target):
    help_request = request_in(current)
    user = world.users["wijkwerker"]
    if (current, target) in ALLOWED:
        workflow.transition(help_request, target, user=user, reason="omdat het moet")
        help_request.refresh_from_db()
        assert help_request.status == target
        change = StatusChange.objects.get(request=help_request)
        assert (change.from_status, change.to_status) == (current, target)
        assert change.changed_by == user and change.reason == "omdat het moet"
    else:
        with pytest.raises(RuleError):
            workflow.transition(help_request, target, user=user, reason="omdat het moet")
        help_request.refresh_from_db()
        assert help_request.status == current
        assert not StatusChange.objects.filter(request=help_request).exists()


def test_unknown_status_is_refused(request_in):
    help_request = request_in(S.NIEUW)
    with pytest.raises(RuleError, match="Onbekende status"):
        workflow.transition(help_request, "verdwenen")


def test_stopping_needs_a_reason(request_in):
    help_request = request_in(S.ZOEKEN)
    with pytest.raises(RuleError) as error:
        workflow.transition(help_request, S.GESTOPT, reason="  ")
    assert error.value.field == "reason"
    workflow.transition(help_request, S.GESTOPT, reason="verhuisd")
    help_request.refresh_from_db()
    assert help_request.stop_reason == "verhuisd"


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.NIEUW, S.ZOEKEN, True),
        (S.NIEUW, S.GESTOPT, True),
        (S.ZOEKEN, S.GESTOPT, True),
        (S.VOORGESTELD, S.GESTOPT, True),
        # These follow from matching, accepting and rejecting, or ending a match.
        (S.ZOEKEN, S.VOORGESTELD, False),
        (S.VOORGESTELD, S.GEKOPPELD, False),
        (S.VOORGESTELD, S.ZOEKEN, False),
        (S.GEKOPPELD, S.AFGEROND, False),
        (S.GEKOPPELD, S.GESTOPT, False),
    ],
)
def test_by_hand_only_the_manual_steps(world, request_in, current, target, allowed):
    help_request = request_in(current)
    if allowed:
        workflow.change_by_hand(help_request, target, user=None, reason="reden")
        assert help_request.status == target
    else:
        with pytest.raises(RuleError):
            workflow.change_by_hand(help_request, target, user=None, reason="reden")
    assert workflow.manual_targets(S.NIEUW) == [S.ZOEKEN, S.GESTOPT]
    assert workflow.manual_targets(S.GEKOPPELD) == []


def test_stopping_a_proposed_request_lets_its_proposals_lapse(sw, world):
    workflow.change_by_hand(
        sw.request_proposed, S.GESTOPT, user=world.users["coordinator"], reason="overleden"
    )
    sw.proposal_open.refresh_from_db()
    assert sw.proposal_open.status == Proposal.Status.VERVALLEN


def test_waiting_time_stops_at_the_match_and_runs_again_when_searching(request_in):
    help_request = request_in(S.VOORGESTELD)
    today = timezone.localdate()
    assert help_request.waiting_days == 10 and help_request.is_waiting
    workflow.transition(help_request, S.GEKOPPELD)
    assert help_request.waited_until == today and help_request.waiting_days == 10
    workflow.transition(help_request, S.ZOEKEN, reason="koppeling beëindigd")
    assert help_request.waited_until is None and help_request.is_waiting


def test_every_change_is_a_version_in_the_history(world, request_in):
    help_request = request_in(S.NIEUW)
    workflow.transition(help_request, S.ZOEKEN, user=world.users["coordinator"])
    versions = list(help_request.history.order_by("history_date"))
    assert [v.status for v in versions] == [S.NIEUW, S.ZOEKEN]
    assert versions[-1].history_user == world.users["coordinator"]
