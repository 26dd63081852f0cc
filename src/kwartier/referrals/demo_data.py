"""Demo data of the referrals app: about forty referrals over the past year, in every status.

Runs after the methods demo and builds on its trajectories: GP practices referred part of
the Welzijn op Recept trajectories, the housing association (the demo `partner` account's
organisation) part of the Buurtbemiddeling ones. Those referrals are accepted, linked to
the trajectory, carry the resident's consents and the feedback the consent covers. Others
were declined (every reason shows up) or still wait for a decision on `demo.today`.
Everything is drawn from `rng` in a fixed order; dates follow from the trajectories and
from `demo.today`, so no demo referral is old enough yet for the retention period.
"""

from __future__ import annotations

import datetime

from kwartier.core.models import Organisation
from kwartier.methods.models import Method, Trajectory

from . import feedback, services
from .models import Referral

GP_KIND = Organisation.Kind.HUISARTSENPRAKTIJK
HOUSING = "Woonstichting Waardewonen"
ACCEPTED = {"welzijn-op-recept": 18, "buurtbemiddeling": 7}
DECLINED = {"welzijn-op-recept": 6, "buurtbemiddeling": 3}
WAITING = {"welzijn-op-recept": 5, "buurtbemiddeling": 2}
SCOPES = [  # how often residents consented to which feedback
    (Referral.FeedbackScope.VERLOOP, 5),
    (Referral.FeedbackScope.UITKOMST, 4),
    (Referral.FeedbackScope.GEEN, 1),
]
GP_CONTACTS = ["huisarts Bakker", "POH-GGZ Yilmaz", "huisarts De Vries", "POH ouderen Jansen"]
REASONS = {
    "welzijn-op-recept": [
        "Voelt zich eenzaam sinds de verhuizing; slaapt slecht en komt weinig buiten.",
        "Veel lichamelijke klachten zonder medische oorzaak; mist dagbesteding.",
        "Na het overlijden van de partner weinig contacten; wil graag iets doen.",
        "Somber, weinig netwerk, kinderen wonen ver weg. Staat open voor activiteiten.",
    ],
    "buurtbemiddeling": [
        "Langdurig conflict met de bovenburen over geluid; beide partijen willen praten.",
        "Ruzie over de gezamenlijke tuin en een schutting.",
        "Klachten over stank en rommel in de gemeenschappelijke gang.",
    ],
}
DECLINE_NOTES = {
    Referral.DeclineReason.ANDERS: "Bewoner is verhuisd naar een andere gemeente.",
    Referral.DeclineReason.ANDERE_HULP: "Wij hebben verwezen naar het maatjesproject.",
}


def _weighted(rng, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _resident_fields(person) -> dict:
    household = person.household
    return {
        "given_name": person.given_name,
        "infix": person.infix,
        "family_name": person.family_name,
        "birth_year": person.year_of_birth or 1950,
        "postcode": household.postcode if household else "",
        "house_number": household.house_number if household else None,
        "house_number_suffix": household.house_number_suffix if household else "",
        "phone": "" if household else person.phone,
    }


def _gp_of(rng, person, gps):
    """The practice serving the resident's wijk (any practice when none does)."""
    household = person.household
    wijk_id = household.buurt.parent_id if household else None
    local = [gp for gp in gps if wijk_id in gp.wijk_ids]
    return rng.choice(local or gps)


def _new(rng, code, method, organisation, person, received_on, gps, housing, accounts):
    if code == "buurtbemiddeling":
        referrer, contact = housing, ""
    else:
        referrer, contact = _gp_of(rng, person, gps), rng.choice(GP_CONTACTS)
    return Referral(
        referrer_organisation=referrer,
        referred_by=accounts.get(referrer.pk),
        referrer_contact=contact,
        organisation=organisation,
        method=method,
        received_on=received_on,
        reason=rng.choice(REASONS[code]),
        consent_obtained=rng.choice(["mondeling", "schriftelijk", "digitaal"]),
        consent_on=received_on - datetime.timedelta(days=rng.randint(0, 3)),
        feedback_scope=_weighted(rng, SCOPES),
        **_resident_fields(person),
    )


def seed_demo(rng, demo) -> None:
    """Add the app's demo data; `demo` is a kwartier.demo.context.DemoContext."""
    gps = list(Organisation.objects.filter(kind=GP_KIND).prefetch_related("areas").order_by("name"))
    for gp in gps:
        gp.wijk_ids = {a.pk for a in gp.areas.all()}
    housing = Organisation.objects.filter(name=HOUSING).first()
    if not gps or housing is None:
        return
    users = {u.username: u for u in demo.users}
    # Referrals of an organisation with a demo partner account are entered by that account.
    accounts = {u.organisation_id: u for u in demo.users if u.role == "partner"}
    reference = demo.today
    year_start = reference - datetime.timedelta(days=365)
    used: set[int] = set()
    for code in ACCEPTED:
        trajectories = list(
            Trajectory.objects.filter(method__code=code, organisation=demo.organisation)
            .select_related("method", "person__household__buurt", "worker", "organisation")
            .order_by("pk")
        )
        for trajectory in rng.sample(trajectories, min(ACCEPTED[code], len(trajectories))):
            used.add(trajectory.person_id)
            received = max(
                year_start, trajectory.started_on - datetime.timedelta(days=rng.randint(2, 21))
            )
            referral = _new(
                rng,
                code,
                trajectory.method,
                demo.organisation,
                trajectory.person,
                received,
                gps,
                housing,
                accounts,
            )
            referral.consent_on = min(referral.consent_on, trajectory.started_on)
            _accept(referral, trajectory, trajectory.worker or users.get("coordinator"))
    others = [p for p in demo.persons.order_by("pk") if p.pk not in used]
    reasons = list(Referral.DeclineReason.values)
    declined = 0  # cycles through the reasons, so each one shows up
    for code, count in DECLINED.items():
        method = Method.objects.current().get(code=code, organisation__isnull=True)
        for _ in range(count):
            person = others.pop(rng.randrange(len(others)))
            received = year_start + datetime.timedelta(days=rng.randint(20, 320))
            referral = _new(
                rng, code, method, demo.organisation, person, received, gps, housing, accounts
            )
            referral.status = Referral.Status.AFGEWEZEN
            referral.decided_on = received + datetime.timedelta(days=rng.randint(2, 20))
            referral.decided_by = users.get("coordinator")
            referral.decline_reason = reasons[declined % len(reasons)]
            declined += 1
            referral.decline_note = DECLINE_NOTES.get(referral.decline_reason, "")
            referral.save()
            feedback.record_decline(referral, notify=False)
    for code, count in WAITING.items():
        method = Method.objects.current().get(code=code, organisation__isnull=True)
        for _ in range(count):
            person = others.pop(rng.randrange(len(others)))
            received = reference - datetime.timedelta(days=rng.randint(1, 40))
            _new(
                rng, code, method, demo.organisation, person, received, gps, housing, accounts
            ).save()


def _accept(referral: Referral, trajectory: Trajectory, user) -> None:
    """Link an accepted referral to its trajectory, as services.accept would have done."""
    referral.status = Referral.Status.GEACCEPTEERD
    referral.decided_on = trajectory.started_on
    referral.decided_by = user
    referral.person = trajectory.person
    referral.trajectory = trajectory
    referral.save()
    services.record_consents(referral, trajectory.person, user)
    referral.save(update_fields=["intake_consent", "feedback_consent"])
    feedback.record_start(referral, notify=False)
    feedback.record_end(referral, notify=False)


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove what would keep the demo's organisations, areas or residents from being
    deleted (protected references); called before they go."""
    from django.db.models import Q

    Referral.objects.filter(
        Q(organisation_id__in=org_ids) | Q(referrer_organisation_id__in=org_ids)
    ).delete()
