"""The database side of the funnels: build the plain rows `funnels.compute` takes.

Whose figures: workers see their own organisation's, the gemeente every organisation's
(shown with small cells suppressed by the caller). Referral figures come from the
referrals app; with an area filter they are left out, because a referral that was not
accepted has no resident and so no buurt. Scores come from the instruments app.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from kwartier.core.access.roles import FUNDER, has_role
from kwartier.instruments.models import Measurement
from kwartier.referrals.models import Referral

from . import funnels
from .models import Method, PhaseVisit, Trajectory


@dataclass
class Report:
    method: Method
    start: datetime.date
    end: datetime.date
    funnel: funnels.Funnel
    has_referrals: bool
    note: str = ""


def organisations_for(user) -> list[int] | None:
    # The funder sees every organisation's figures (with small cells suppressed).
    return None if has_role(user, FUNDER) else [user.organisation_id]


def current_method(user, code: str) -> Method | None:
    return Method.objects.usable_by(user).current().filter(code=code).first()


def build(user, method: Method, start, end, area=None, referrer=None) -> Report:
    organisations = organisations_for(user)
    trajectories = Trajectory.objects.filter(
        method__code=method.code, started_on__gte=start, started_on__lte=end
    )
    if organisations is not None:
        trajectories = trajectories.filter(organisation_id__in=organisations)
    if area is not None:
        trajectories = trajectories.filter(person__household__buurt_id__in=area.buurt_ids())
    if referrer is not None:
        trajectories = trajectories.filter(referral__referrer_organisation=referrer)
    rows = _trajectory_rows(trajectories)

    referral_rows = None
    note = ""
    if area is None:
        referrals = Referral.objects.filter(
            method__code=method.code, received_on__gte=start, received_on__lte=end
        )
        if organisations is not None:
            referrals = referrals.filter(organisation_id__in=organisations)
        if referrer is not None:
            referrals = referrals.filter(referrer_organisation=referrer)
        # A method nobody refers to (BSA finds its residents itself) starts at "gestart".
        referral_rows = [
            funnels.ReferralRow(received_on, status, trajectory_id is not None)
            for received_on, status, trajectory_id in referrals.values_list(
                "received_on", "status", "trajectory_id"
            )
        ] or None
    else:
        note = (
            "Met een gebied gekozen begint de trechter bij de start: "
            "een afgewezen verwijzing heeft geen adres."
        )

    funnel = funnels.compute(
        rows,
        phases=[(p.code, p.name) for p in method.phases.all()],
        outcomes=[(o["code"], o["label"]) for o in method.outcomes],
        end_reasons=[(r["code"], r["label"]) for r in method.end_reasons],
        referrals=referral_rows,
    )
    return Report(method, start, end, funnel, referral_rows is not None, note)


def _trajectory_rows(trajectories) -> list[funnels.TrajectoryRow]:
    trajectories = trajectories.prefetch_related(
        Prefetch("visits", queryset=PhaseVisit.objects.select_related("phase"))
    )
    trajectories = list(trajectories)
    scores = _scores(trajectories)
    return [
        funnels.TrajectoryRow(
            started_on=t.started_on,
            ended_on=t.ended_on,
            outcome=t.outcome,
            end_reason=t.end_reason,
            visits=tuple(
                funnels.Visit(v.phase.code, v.entered_on, v.left_on) for v in t.visits.all()
            ),
            scores=scores.get(t.pk, {}),
        )
        for t in trajectories
    ]


def instrument_name(code: str) -> str:
    """The Dutch name of an instrument a method asks for (its code without the app)."""
    return dict(Measurement._meta.get_field("instrument").choices).get(code, code)


def _scores(trajectories) -> dict[int, dict[str, list[float]]]:
    """Per trajectory: instrument → totals in date order, within the trajectory's dates."""
    if not trajectories:
        return {}
    by_person: dict[int, list] = {}
    for t in trajectories:
        by_person.setdefault(t.person_id, []).append(t)
    out: dict[int, dict[str, list[float]]] = {}
    measurements = (
        Measurement.objects.filter(person_id__in=by_person, total__isnull=False)
        .order_by("measured_on", "pk")
        .values_list("person_id", "instrument", "measured_on", "total")
    )
    for person_id, instrument, measured_on, total in measurements:
        for t in by_person[person_id]:
            if t.started_on <= measured_on and (t.ended_on is None or measured_on <= t.ended_on):
                out.setdefault(t.pk, {}).setdefault(instrument, []).append(float(total))
    return out


def measurements_within(trajectory):
    """The resident's measurements taken within the trajectory's dates (for its page)."""
    measurements = Measurement.objects.filter(
        person_id=trajectory.person_id, measured_on__gte=trajectory.started_on
    )
    if trajectory.ended_on:
        measurements = measurements.filter(measured_on__lte=trajectory.ended_on)
    return list(measurements.order_by("measured_on", "pk"))
