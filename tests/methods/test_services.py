"""Trajectory changes: phases forward and back, checklist, next action, end, notes, events."""

import datetime

import pytest

from kwartier.core.errors import RuleError
from kwartier.methods import services
from kwartier.methods.models import PhaseVisit
from tests.methods.conftest import START, method

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    return START + datetime.timedelta(days=n)


def test_start_puts_the_resident_in_the_first_phase_with_its_first_checklist_item(world):
    worker = world.users["wijkwerker"]
    t = services.start_trajectory(world.in_area, method("bsa"), worker, START, source="vindplaats")
    assert t.current_phase.code == "assessment"
    assert t.organisation == world.welfare_org
    assert t.next_action == "Signaal en bron vastgelegd"
    assert t.next_action_due == day(14)  # the phase's expected duration
    visit = t.visits.get()
    assert (visit.entered_on, visit.left_on) == (START, None)


def test_advance_and_back_keep_a_dated_history(world):
    worker = world.users["wijkwerker"]
    t = services.start_trajectory(world.in_area, method("bsa"), worker, START)
    services.set_checklist(t, [0, 2])
    services.advance(t, worker, day(5))
    services.advance(t, worker, day(9))
    with pytest.raises(RuleError, match="reden"):
        services.go_back(t, method("bsa").phases.get(code="assessment"), " ", worker, day(10))
    services.go_back(
        t, method("bsa").phases.get(code="assessment"), "Opnieuw beginnen", worker, day(10)
    )
    t.refresh_from_db()
    assert t.current_phase.code == "assessment"
    history = [
        (v.phase.code, v.entered_on, v.left_on, v.backwards)
        for v in PhaseVisit.objects.filter(trajectory=t).order_by("entered_on", "pk")
    ]
    assert history == [
        ("assessment", START, day(5), False),
        ("contact", day(5), day(9), False),
        ("activering", day(9), day(10), False),
        ("assessment", day(10), None, True),
    ]
    # Back in a phase, its checklist is as it was left.
    assert t.visits.get(left_on__isnull=True).checked == [0, 2]
    assert t.next_action == "Situatie en netwerk in kaart gebracht"


def test_dates_cannot_go_before_the_current_phase_or_into_the_future(world):
    worker = world.users["wijkwerker"]
    t = services.start_trajectory(world.in_area, method("bsa"), worker, START)
    services.advance(t, worker, day(5))
    with pytest.raises(RuleError, match="vóór de start van de huidige fase"):
        services.advance(t, worker, day(4))
    with pytest.raises(RuleError, match="toekomst"):
        services.advance(t, worker, datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(RuleError, match="vóór de start"):
        services.end_trajectory(
            t, START - datetime.timedelta(days=1), "actief", "doel-bereikt", worker
        )


def test_going_back_needs_an_earlier_phase_of_the_same_method(world):
    worker = world.users["wijkwerker"]
    t = services.start_trajectory(world.in_area, method("bsa"), worker, START)
    with pytest.raises(RuleError, match="eerdere fase"):
        services.go_back(t, t.current_phase, "reden", worker, day(1))
    other = method("maatjes").phases.first()
    with pytest.raises(RuleError, match="eerdere fase"):
        services.go_back(t, other, "reden", worker, day(1))


def test_end_checks_the_methods_reasons_and_outcomes_and_closes_the_phase(world):
    worker = world.users["wijkwerker"]
    t = services.start_trajectory(world.in_area, method("buurtbemiddeling"), worker, START)
    with pytest.raises(RuleError, match="reden van beëindigen"):
        services.end_trajectory(t, day(3), "opgelost", "bestaat-niet", worker)
    with pytest.raises(RuleError, match="uitkomst"):
        services.end_trajectory(t, day(3), "", "afspraken-nagekomen", worker)
    services.end_trajectory(t, day(3), "deels-opgelost", "afspraken-nagekomen", worker)
    t.refresh_from_db()
    assert (t.ended_on, t.outcome_label, t.end_reason_label) == (
        day(3),
        "Deels opgelost",
        "Afspraken nagekomen",
    )
    assert t.visits.get().left_on == day(3)
    assert (t.next_action, t.next_action_due) == ("", None)
    for change in (
        lambda: services.advance(t, worker, day(4)),
        lambda: services.end_trajectory(t, day(4), "opgelost", "verhuisd", worker),
        lambda: services.set_checklist(t, []),
    ):
        with pytest.raises(RuleError, match="al beëindigd"):
            change()


def test_checklist_refuses_items_that_do_not_exist(world):
    t = services.start_trajectory(world.in_area, method("bsa"), world.users["wijkwerker"], START)
    with pytest.raises(RuleError, match="Onbekend punt"):
        services.set_checklist(t, [3])
    visit = services.set_checklist(t, [2, 0, 2])
    assert visit.checked == [0, 2]


def test_listeners_hear_start_and_end_after_the_commit(world, django_capture_on_commit_callbacks):
    heard = []

    def listener(trajectory, event):
        heard.append((trajectory.pk, event))

    def broken(trajectory, event):
        raise RuntimeError("a listener that fails")

    services.on_trajectory_event.extend([broken, listener])
    try:
        worker = world.users["wijkwerker"]
        with django_capture_on_commit_callbacks(execute=True):
            t = services.start_trajectory(world.in_area, method("maatjes"), worker, START)
            assert heard == []  # not before the commit
        with django_capture_on_commit_callbacks(execute=True):
            services.end_trajectory(t, day(2), "zelfstandig", "doel-bereikt", worker)
    finally:
        services.on_trajectory_event.remove(broken)
        services.on_trajectory_event.remove(listener)
    assert heard == [(t.pk, "gestart"), (t.pk, "beeindigd")]


def test_review_notes_and_next_action(world):
    worker = world.users["wijkwerker"]
    t = services.start_trajectory(world.in_area, method("bsa"), worker, START)
    with pytest.raises(RuleError, match="leeg"):
        services.add_review_note(t, "  ", worker)
    note = services.add_review_note(t, "Besproken in het team.", worker, day(3))
    assert (note.author, note.written_on) == (worker, day(3))
    with pytest.raises(RuleError, match="volgende actie"):
        services.plan_next_action(t, "", None)
    services.plan_next_action(t, "Bellen", day(30))
    t.refresh_from_db()
    assert (t.next_action, t.next_action_due) == ("Bellen", day(30))


def test_a_method_of_another_organisation_cannot_be_used(world):
    from kwartier.methods.loading import load_text

    own, _ = load_text(
        'code = "eigen"\nversion = 1\nname = "Eigen"\n'
        'end_reasons = [{ code = "k", label = "K" }]\n[[phases]]\ncode = "a"\nname = "A"\n',
        organisation=world.other_welfare_org,
    )
    with pytest.raises(RuleError, match="andere organisatie"):
        services.start_trajectory(world.in_area, own, world.users["wijkwerker"], START)
