"""Demo data for vraag en aanbod: helpers, hulpvragen and matches in every state.

`seed_demo(rng, demo)` is called by the demo generator after the residents exist.
Everything is drawn from `rng` in a fixed order, with dates counted back from the demo's
`today` (the build day, so waiting times and follow-ups look alive), so
the same seed on the same day gives the same data. The hulpvragen go through the real
workflow and the real matching engine: proposals carry the engine's reasons.

What it makes, for `organisation`:
- about 35 helpers (volunteers, neighbours, buddies, clubs and a professional service of
  other organisations when the demo has them), one linked to the demo volunteer account,
  some at capacity;
- about 90 hulpvragen: nieuw, zoeken, voorgesteld (open proposals), gekoppeld (active
  matches, some with the follow-up due), afgerond, gestopt; rejected proposals;
- a match run per wijk, and a second run that shows a rejection excluding its helper;
- consents (koppeling met vrijwilliger) for matches with another organisation's helpers;
- paid professional capacity per wijk for this year (the multiplier).

`delete_demo_data(org_ids, area_ids)` removes it again, history included.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from kwartier.core.models import Area, Organisation
from kwartier.privacy.models import Consent, DataCategory, Purpose

from . import decisions, runs, workflow
from .categories import DEFAULT_CATEGORIES, SLOT_CHOICES
from .engine_input import area_place
from .models import (
    MATCH_PURPOSE,
    Helper,
    HelpRequest,
    Match,
    MatchRun,
    ProfessionalCapacity,
    Proposal,
    StatusChange,
    SupportCategory,
    UnmatchedRequest,
)

S = HelpRequest.Status
RUN_DAYS_AGO = 60  # when the first match rounds were held
SLOTS = [code for code, _ in SLOT_CHOICES if not code.endswith("nacht")]
# Only the demo volunteer offers digital help, so the engine proposes them for sure.
VOLUNTEER_CATEGORY = "digitale-hulp"

HELPER_NAMES = [
    ("Anneke", "vrouw"), ("Bas", "man"), ("Chantal", "vrouw"), ("Dirk", "man"),
    ("Esra", "vrouw"), ("Frank", "man"), ("Gerda", "vrouw"), ("Hamid", "man"),
    ("Ilse", "vrouw"), ("Jan", "man"), ("Karima", "vrouw"), ("Luuk", "man"),
    ("Marieke", "vrouw"), ("Nico", "man"), ("Olga", "vrouw"), ("Pieter", "man"),
    ("Rachida", "vrouw"), ("Sem", "man"), ("Tineke", "vrouw"), ("Umut", "man"),
    ("Vera", "vrouw"), ("Wim", "man"), ("Yara", "vrouw"), ("Zeynep", "vrouw"),
]  # fmt: skip
HELPER_SURNAMES = [
    "Bakker", "de Boer", "Çelik", "Dekker", "El Amrani", "Hendriks", "Jansen", "Kaya",
    "de Lange", "Meijer", "Mulder", "Nowak", "Peters", "Smits", "Visser", "de Wit",
]  # fmt: skip
QUESTIONS = {
    "boodschappen": [
        "Wekelijks boodschappen doen bij de supermarkt om de hoek.",
        "Hulp bij het dragen van de boodschappen van de markt.",
    ],
    "vervoer": [
        "Vervoer naar de fysiotherapeut, heen en terug.",
        "Meerijden naar het ziekenhuis voor controle.",
    ],
    "gezelschap": [
        "Iemand om mee te wandelen en koffie te drinken.",
        "Een maatje voor een wekelijks bezoek en een praatje.",
    ],
    "klussen": ["Een lamp ophangen en een kastje repareren.", "Hulp bij kleine klussen in huis."],
    "tuin": ["De heg knippen en het gras maaien.", "Hulp om de tuin winterklaar te maken."],
    "administratie": [
        "Samen de post doornemen en formulieren invullen.",
        "Hulp bij het ordenen van de papieren.",
    ],
    "digitale-hulp": [
        "Leren videobellen met de kleinkinderen.",
        "Hulp bij DigiD en de app van de huisarts.",
    ],
    "huishouden": ["Samen de was doen en opruimen.", "Hulp bij het schoonhouden van de keuken."],
    "taal": [
        "Nederlands oefenen in gesprek, een uur per week.",
        "Hulp bij het lezen van brieven in het Nederlands.",
    ],
    "respijt": [
        "Een middag oppassen zodat de mantelzorger even vrij is.",
        "Gezelschap voor vader, zodat de mantelzorger boodschappen kan doen.",
    ],
}
REJECTIONS = [
    "bewoner kent deze helper en wil liever iemand anders",
    "helper is de komende maanden minder beschikbaar",
    "reistijd voor de helper te lang",
]
STOP_REASONS = ["verhuisd naar een andere gemeente", "hulp via de familie geregeld", "opgenomen"]
END_REASONS = {
    Match.Outcome.AFGEROND: "hulp is niet meer nodig",
    Match.Outcome.ZOEKEN: "helper verhuisd",
    Match.Outcome.GESTOPT: "bewoner wil geen hulp meer",
}


def _all_users(users) -> list:
    values = users.values() if isinstance(users, Mapping) else users
    return sorted((u for u in values if u is not None), key=lambda u: u.username)


def _ensure_reference_data() -> dict[str, SupportCategory]:
    for order, (code, name, vog) in enumerate(DEFAULT_CATEGORIES, start=1):
        SupportCategory.objects.get_or_create(
            code=code, defaults={"name": name, "requires_vog": vog, "order": order}
        )
    Purpose.objects.get_or_create(
        code=MATCH_PURPOSE, defaults={"name": "Koppeling met vrijwilliger"}
    )
    for code, name in (("hulpvraag", "Hulpvraag"), ("contact", "Contactgegevens")):
        DataCategory.objects.get_or_create(code=code, defaults={"name": name})
    return {c.code: c for c in SupportCategory.objects.filter(active=True)}


def seed_demo(rng: random.Random, demo) -> dict[str, int]:
    """Create the support demo for the demo's organisation (`demo`: a
    kwartier.demo.context.DemoContext); return counts per kind of record."""
    with transaction.atomic():
        return _Seeder(rng, demo.organisation, demo.persons, demo.users, demo.today).run()


class _Seeder:
    def __init__(self, rng, organisation, persons, users, today):
        self.rng = rng
        self.organisation = organisation
        self.today = today
        self.run_day = today - datetime.timedelta(days=RUN_DAYS_AGO)
        self.persons = sorted(
            (p for p in persons if p.household_id is not None), key=lambda p: p.public_id
        )
        if not self.persons:
            raise ValueError("seed_demo heeft bewoners met een adres nodig")
        everyone = _all_users(users)
        own = [u for u in everyone if u.organisation_id == organisation.pk]
        workers = [u for u in own if u.role in ("coordinator", "beheerder")]
        if not workers:
            raise ValueError(
                "seed_demo heeft een coördinator of beheerder van de organisatie nodig"
            )
        self.worker = workers[0]
        self.volunteer = next((u for u in own if u.role == "vrijwilliger"), None)

    # -- the whole seed, in a fixed order --------------------------------------------

    def run(self) -> dict[str, int]:
        self.categories = _ensure_reference_data()
        self.buurten = sorted(
            {p.household.buurt for p in self.persons if area_place(p.household.buurt)},
            key=lambda a: a.code,
        )
        if not self.buurten:
            raise ValueError("seed_demo heeft buurten met een omtrek nodig")
        helpers = self._helpers()
        requests = self._requests()
        # The first rounds happened RUN_DAYS_AGO: hulpvragen registered a week before
        # then were searching; their matches started in the weeks after the round.
        self._start_searching(requests, before=self.run_day - datetime.timedelta(days=7))
        wijken = sorted({b.parent for b in self.buurten if b.parent}, key=lambda a: a.code)
        first_runs = [runs.run_matching(self.worker, wijk) for wijk in wijken]
        self._backdate_runs(first_runs)
        self._decide()
        self._follow_matches()
        # Registered since: searching now, in today's round for the first wijk, which also
        # shows rejected helpers excluded.
        self._start_searching(requests, before=self.today - datetime.timedelta(days=7))
        self._stop_some(requests)
        if wijken:
            runs.run_matching(self.worker, wijken[0])
        self._capacity(wijken)
        self._date_history(requests)
        return {
            "helpers": len(helpers),
            "hulpvragen": len(requests),
            "voorstellen": Proposal.objects.filter(request__in=requests).count(),
            "koppelingen": Match.objects.filter(request__in=requests).count(),
        }

    # -- helpers ---------------------------------------------------------------------

    def _external(self, kind: str) -> list[Organisation]:
        return list(
            Organisation.objects.filter(kind=kind).exclude(pk=self.organisation.pk).order_by("name")
        )

    def _helpers(self) -> list[Helper]:
        rng = self.rng
        clubs = self._external(Organisation.Kind.VERENIGING)[:2]
        care = self._external(Organisation.Kind.ZORG)[:1]
        plan = (
            [Helper.Kind.VRIJWILLIGER] * 18
            + [Helper.Kind.BUUR] * 6
            + [Helper.Kind.MAATJE] * 6
            + [Helper.Kind.CLUB] * len(clubs)
            + [Helper.Kind.PROFESSIONEEL] * len(care)
        )
        codes = [c for c in self.categories if c != VOLUNTEER_CATEGORY]
        names = list(HELPER_NAMES)
        rng.shuffle(names)
        helpers = []
        externals = iter([*clubs, *care])
        for index, kind in enumerate(plan):
            first, gender = names[index % len(names)]
            buurt = rng.choice(self.buurten)
            place = area_place(buurt)
            fields = {
                "kind": kind,
                "slots": sorted(rng.sample(SLOTS, rng.randint(3, 8))),
                "capacity": rng.choice([1, 1, 2, 2, 2, 3]),
                "languages": ["nl"]
                + rng.sample(["tr", "ar", "pl", "en", "ber"], rng.randint(0, 1)),
                "gender": gender,
                "phone": f"06-1234{5900 + index:04d}",
            }
            if kind in (Helper.Kind.CLUB, Helper.Kind.PROFESSIONEEL):
                external = next(externals)
                fields.update(
                    name=f"{external.name}: {'maatjesteam' if kind == 'club' else 'thuishulp'}",
                    external_organisation=external,
                    gender=Helper.Gender.ONBEKEND,
                    capacity=rng.randint(3, 5),
                    area=buurt.parent,
                )
            else:
                fields["name"] = f"{first} {rng.choice(HELPER_SURNAMES)}"
                if rng.random() < 0.5:
                    fields["area"] = buurt
                else:
                    fields.update(
                        lat=round(place.lat + rng.uniform(-0.003, 0.003), 5),
                        lon=round(place.lon + rng.uniform(-0.004, 0.004), 5),
                        radius_km=rng.choice([1.5, 2, 3, 4]),
                    )
            if rng.random() < 0.6 or kind == Helper.Kind.MAATJE:
                fields.update(
                    vog_status=Helper.VogStatus.AFGEGEVEN,
                    vog_date=self.today - datetime.timedelta(days=rng.randint(30, 1000)),
                )
            helper = Helper.objects.create(organisation=self.organisation, **fields)
            helper.categories.set(
                self.categories[c] for c in sorted(rng.sample(codes, rng.randint(2, 4)))
            )
            helpers.append(helper)
        if self.volunteer is not None:
            helpers.append(self._volunteer_helper())
        return helpers

    def _volunteer_helper(self) -> Helper:
        user = self.volunteer
        own_areas = [a for a in user.areas.all() if a in self.buurten]
        buurt = own_areas[0] if own_areas else self.buurten[0]
        helper = Helper.objects.create(
            organisation=self.organisation,
            name=user.get_full_name() or user.username,
            kind=Helper.Kind.VRIJWILLIGER,
            user=user,
            area=buurt,
            slots=["di-middag", "do-ochtend", "do-middag"],
            capacity=2,
            languages=["nl", "en"],
            gender=Helper.Gender.MAN,
            vog_status=Helper.VogStatus.AFGEGEVEN,
            vog_date=self.today - datetime.timedelta(days=200),
            email=user.email,
        )
        helper.categories.set([self.categories[VOLUNTEER_CATEGORY], self.categories["klussen"]])
        self.volunteer_buurt = buurt
        return helper

    # -- hulpvragen ------------------------------------------------------------------

    def _requests(self) -> list[HelpRequest]:
        rng = self.rng
        chosen = rng.sample(self.persons, min(90, len(self.persons)))
        codes = [c for c in self.categories if c != VOLUNTEER_CATEGORY]
        requests = []
        for index, person in enumerate(chosen):
            code = rng.choice(codes)
            fields = {}
            if index < 3:  # just registered: still waiting for the intake (nieuw)
                fields["registered_on"] = self.today - datetime.timedelta(days=index)
            requests.append(self._request(person, code, **fields))
        if self.volunteer is not None:
            # Two questions only the demo volunteer answers, in their own buurt.
            near = [p for p in self.persons if p.household.buurt == self.volunteer_buurt]
            for person in rng.sample(near, min(2, len(near))):
                requests.append(
                    self._request(
                        person,
                        VOLUNTEER_CATEGORY,
                        slots=["do-ochtend"],
                        languages=[],
                        registered_on=self.run_day - datetime.timedelta(days=20),
                    )
                )
        return requests

    def _request(self, person, code, **fields) -> HelpRequest:
        rng = self.rng
        defaults = {
            "description": rng.choice(QUESTIONS.get(code, ["Hulp gevraagd."])),
            "slots": sorted(rng.sample(SLOTS, rng.randint(1, 4))),
            "recurrence": rng.choice(HelpRequest.Recurrence.values),
            "urgency": rng.choice(["laag", "normaal", "normaal", "normaal", "hoog"]),
            "languages": rng.choice([[], [], [], ["nl"], ["tr", "nl"], ["ar", "nl"], ["pl"]]),
            "helper_gender": rng.choice(["geen"] * 5 + ["vrouw", "man"]),
            "requires_vog": rng.random() < 0.1,
            "registered_on": self.today - datetime.timedelta(days=rng.randint(0, 240)),
        }
        values = {**defaults, **fields}
        values["start_date"] = values["registered_on"] + datetime.timedelta(days=rng.randint(0, 14))
        request = HelpRequest.objects.create(
            person=person,
            category=self.categories[code],
            created_by=self.worker,
            **values,
        )
        workflow.record_creation(request, self.worker)
        return request

    def _start_searching(self, requests, before: datetime.date):
        """Intake done: hulpvragen registered on or before `before` start searching."""
        for request in requests:
            request.refresh_from_db()
            if request.status == S.NIEUW and request.registered_on <= before:
                workflow.transition(request, S.ZOEKEN, user=self.worker, reason="intake gedaan")

    def _backdate_runs(self, first_runs):
        """The first rounds were held on `run_day`: their date and waiting times with it."""
        moment = datetime.datetime.combine(
            self.run_day, datetime.time(10, 0), tzinfo=timezone.get_current_timezone()
        )
        for run in first_runs:
            MatchRun.objects.filter(pk=run.pk).update(created_at=moment)
            for proposal in run.proposals.all():
                proposal.reasons = [_earlier_wait(r, RUN_DAYS_AGO) for r in proposal.reasons]
                proposal.save(update_fields=["reasons"])

    # -- decisions on the proposals --------------------------------------------------

    def _decide(self):
        rng = self.rng
        proposals = Proposal.objects.filter(
            run__organisation=self.organisation, status=Proposal.Status.OPEN
        ).select_related("request__person", "helper")
        # A fixed pattern, so every outcome occurs whatever the draw: of every eight
        # proposals six are accepted, one rejected, one left open (voorgesteld).
        for index, proposal in enumerate(proposals.order_by("pk")):
            if proposal.helper.user_id is not None or index % 8 < 6:
                self._accept(proposal)
            elif index % 8 == 6:
                decisions.reject(proposal, user=self.worker, reason=rng.choice(REJECTIONS))

    def _accept(self, proposal):
        rng = self.rng
        helper = proposal.helper
        share = rng.random() < 0.7
        obtained = rng.choice(Proposal.Obtained.values)
        if helper.matches.filter(status=Match.Status.ACTIEF).count() >= helper.capacity:
            return  # stays open: the worker sees a proposal for a helper who is full
        if not decisions.is_internal(proposal.request, helper):
            consent = Consent.objects.create(
                person=proposal.request.person,
                organisation=helper.provider_organisation,
                purpose=Purpose.objects.get(code=MATCH_PURPOSE),
                obtained=Consent.Obtained.SCHRIFTELIJK,
                recorded_by=self.worker,
                valid_from=proposal.request.registered_on,
            )
            codes = ["hulpvraag", "contact"] if share else ["hulpvraag"]
            consent.categories.set(DataCategory.objects.filter(code__in=codes))
        decisions.accept(
            proposal,
            user=self.worker,
            consent_confirmed=True,
            consent_obtained=obtained,
            share_contact=share,
        )

    # -- following the matches -------------------------------------------------------

    # What happens to the matches that are due for follow-up, in turn, so that every
    # situation occurs: still due, going well, no match (searching again), done, stopped.
    FOLLOW_PATTERN = ("due", "ja", "nee", Match.Outcome.AFGEROND, "ja", Match.Outcome.GESTOPT)

    def _follow_matches(self):
        rng = self.rng
        matches = Match.objects.filter(
            helper__organisation=self.organisation, status=Match.Status.ACTIEF
        ).select_related("request", "helper")
        turn = 0
        for match in matches.order_by("pk"):
            request = match.request
            started = self.run_day + datetime.timedelta(days=rng.randint(1, 14))
            due = started + datetime.timedelta(weeks=6)
            Proposal.objects.filter(match=match).update(
                decided_at=datetime.datetime.combine(
                    started, datetime.time(11, 0), tzinfo=timezone.get_current_timezone()
                )
            )
            Match.objects.filter(pk=match.pk).update(
                started_on=started,
                followup_due_on=due,
                introduction_on=min(self.today, started + datetime.timedelta(days=5)),
            )
            HelpRequest.objects.filter(pk=request.pk).update(waited_until=started)
            match.refresh_from_db()
            if match.helper.user_id is not None or due > self.today:
                continue  # too early to follow up (or the demo volunteer's own match)
            step = self.FOLLOW_PATTERN[turn % len(self.FOLLOW_PATTERN)]
            turn += 1
            if step == "due":
                continue  # on the worker's "opvolging nodig" list
            if step == "nee":
                decisions.follow_up(
                    match, user=self.worker, result=Match.FollowUp.NEE, note="geen klik"
                )
                self._backdate_end(match, due)
                continue
            decisions.follow_up(match, user=self.worker, result=Match.FollowUp.JA)
            self._backdate_followup(match, due)
            if step in Match.Outcome.values:
                ended = min(self.today, due + datetime.timedelta(days=rng.randint(10, 150)))
                decisions.end(match, user=self.worker, reason=END_REASONS[step], outcome=step)
                self._backdate_end(match, ended)
        # The two newest running matches still wait for their kennismaking.
        newest = matches.filter(status=Match.Status.ACTIEF).order_by("-started_on", "-pk")[:2]
        Match.objects.filter(pk__in=list(newest.values_list("pk", flat=True))).update(
            introduction_on=None
        )

    def _backdate_followup(self, match, day):
        Match.objects.filter(pk=match.pk).update(followup_on=min(day, self.today))

    def _backdate_end(self, match, day):
        Match.objects.filter(pk=match.pk).update(ended_on=min(day, self.today))

    def _stop_some(self, requests):
        """Every eighth hulpvraag still without a helper stops (never the newest three)."""
        waiting = []
        for request in requests[3:]:
            request.refresh_from_db()
            if request.status in (S.NIEUW, S.ZOEKEN):
                waiting.append(request)
        for request in waiting[::8]:
            workflow.change_by_hand(
                request, S.GESTOPT, user=self.worker, reason=self.rng.choice(STOP_REASONS)
            )

    # -- the multiplier --------------------------------------------------------------

    def _capacity(self, wijken: list[Area]):
        start = datetime.date(self.today.year, 1, 1)
        end = datetime.date(self.today.year, 12, 31)
        for wijk in wijken:
            ProfessionalCapacity.objects.create(
                organisation=self.organisation,
                area=wijk,
                period_start=start,
                period_end=end,
                fte=self.rng.choice(["0.8", "1.0", "1.2", "1.6"]),
                note="opbouwwerker en vrijwilligerscoördinator",
                recorded_by=self.worker,
            )

    # -- a believable history --------------------------------------------------------

    def _date_history(self, requests):
        """Date each status change at the moment it stands for, never before the previous."""
        tz = timezone.get_current_timezone()
        for request in requests:
            match = Match.objects.filter(request=request).order_by("pk").first()
            started = match.started_on if match else self.run_day
            ended = match.ended_on if match and match.ended_on else self.today
            previous = request.registered_on
            for change in StatusChange.objects.filter(request=request).order_by("pk"):
                reason = change.reason
                if reason == "aangemeld":
                    day = request.registered_on
                elif reason == "intake gedaan":
                    day = request.registered_on + datetime.timedelta(days=3)
                elif change.to_status == S.VOORGESTELD:
                    day = (
                        self.run_day
                        if change.from_status == S.ZOEKEN and (previous <= self.run_day)
                        else self.today
                    )
                elif change.to_status == S.GEKOPPELD:
                    day = started
                elif reason.startswith("voorstel afgewezen"):
                    day = self.run_day + datetime.timedelta(days=2)
                elif reason.startswith("koppeling beëindigd"):
                    day = ended
                else:
                    day = self.today
                day = min(self.today, max(previous, day))
                previous = day
                moment = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=tz)
                StatusChange.objects.filter(pk=change.pk).update(changed_at=moment)


def _earlier_wait(reason: str, days: int) -> str:
    """'wacht 240 dagen' as it read `days` days earlier."""
    if not reason.startswith("wacht "):
        return reason
    waited = max(0, int(reason.split()[1]) - days)
    return f"wacht {waited} {'dag' if waited == 1 else 'dagen'}"


def delete_demo_data(org_ids: Iterable[int], area_ids: Iterable[int] = ()) -> None:
    """Remove the support data of these organisations, with the change history (support
    keeps nothing per area alone)."""
    ids = list(org_ids)
    requests = HelpRequest.objects.filter(organisation_id__in=ids)
    request_ids = list(requests.values_list("pk", flat=True))
    matches = Match.objects.filter(request_id__in=request_ids) | Match.objects.filter(
        helper__organisation_id__in=ids
    )
    match_ids = list(matches.values_list("pk", flat=True))
    Match.objects.filter(pk__in=match_ids).delete()
    Proposal.objects.filter(request_id__in=request_ids).delete()
    UnmatchedRequest.objects.filter(request_id__in=request_ids).delete()
    MatchRun.objects.filter(organisation_id__in=ids).delete()
    StatusChange.objects.filter(request_id__in=request_ids).delete()
    requests.delete()
    Helper.objects.filter(organisation_id__in=ids).delete()
    ProfessionalCapacity.objects.filter(organisation_id__in=ids).delete()
    HelpRequest.history.filter(id__in=request_ids).delete()
    Match.history.filter(id__in=match_ids).delete()
