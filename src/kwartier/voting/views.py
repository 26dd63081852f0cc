"""The workers' pages of the voting app at /stemmen/: vote codes and letters, the voter
register, the polling station, paper ballots by double entry and the differences.

Who: workers (beheerder, coördinator, wijkwerker) of the round's organisation; codes for
the whole register and the differences are for coördinatoren and beheerders (declared per
page, checked by the gate in core/access/pages.py). The voter register is person-level:
scoped like any resident list (a wijkwerker sees the voters in their own work area) and
every view, search and printed letter is logged (pages declare `log_object_type`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import ListView, TemplateView

from kwartier.budgets.models import BudgetRound
from kwartier.core.access.log import Action
from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import LoggedListMixin, RoleRequiredMixin
from kwartier.core.access.roles import MANAGERS, WORKERS
from kwartier.core.models import Person, normalise_postcode

from . import paper as double_entry
from . import phase, register
from .forms import CodeForm, PaperEntryForm, ResolveForm, VoterSearchForm
from .letters import letters_response
from .models import PaperBallot, PaperEntry, Voter
from .turnout import suppressed, totals, turnout

VOTER = "kiezer"
NO_VOTER = "Geen kiezer met dit nummer in uw bereik."
ALREADY_VOTED = "De stemcode van deze kiezer is al gebruikt. Geef geen stembiljet mee."


def voters_visible_to(user, rounds):
    """The voters of a round (or a queryset of rounds) whose resident the user may see:
    core scoping decides."""
    in_rounds = {"round__in": rounds} if hasattr(rounds, "model") else {"round": rounds}
    return Voter.objects.filter(
        **in_rounds, person__in=Person.objects.visible_to(user)
    ).select_related("person__household", "buurt")


class VotingPage(RoleRequiredMixin):
    """The workers' pages: a round of the user's own organisation (another's: 404)."""

    required_roles = WORKERS
    refused_message = "U heeft met deze rol geen toegang tot het stemmen."

    def resolve_access(self, request, *args, **kwargs):
        if "round" in kwargs:
            rounds = BudgetRound.objects.filter(organisation_id=request.user.organisation_id)
            self.round = get_object_or_404(rounds.select_related("area"), pk=kwargs["round"])

    def voter(self, pk) -> Voter:
        """A voter of the round in the user's scope, or a logged 404."""
        voters = voters_visible_to(self.request.user, self.round)
        return record_for(self.request, voters, pk, log_as=VOTER, message=NO_VOTER)

    def base_context(self, **extra):
        user = self.request.user
        return {
            "round": self.round,
            "open": phase.is_open(self.round),
            "ended": phase.has_ended(self.round),
            "figures": phase.figures_visible(self.round),
            "is_coordinator": user.role in MANAGERS,
            **extra,
        }


class RoundList(VotingPage, ListView):
    template_name = "voting/round_list.html"

    def get_queryset(self):
        return BudgetRound.objects.filter(
            organisation_id=self.request.user.organisation_id
        ).select_related("area")


class RoundOverview(VotingPage, TemplateView):
    template_name = "voting/round.html"

    def get_context_data(self, **kwargs):
        voters = Voter.objects.filter(round=self.round)
        context = self.base_context(
            registered=voters.count(),
            # Not "with a code": codes are used up by voting, so that would show turnout.
            without_code=voters.filter(code_hash__isnull=True, voted=False).count(),
            flagged=self.round.paper_ballots.filter(status__in=PaperBallot.FLAGGED).count(),
        )
        if context["figures"]:  # only once voting is over and counted
            rows = turnout(self.round)
            # Per buurt and age group a small count could name a voter: hidden as for
            # everyone else. The total is the number of ballots, published anyway.
            context["turnout"] = suppressed(rows)
            context["turnout_total"] = totals(rows)
            papers = dict(self.round.paper_ballots.values_list("status").annotate(n=Count("pk")))
            context["paper_counts"] = [
                (label, papers.get(value, 0)) for value, label in PaperBallot.Status.choices
            ]
        return {**super().get_context_data(**kwargs), **context}


class Codes(VotingPage, View):
    """Make the missing codes and print their letters (shown once: only hashes are kept)."""

    required_roles = MANAGERS

    def get(self, request, round):
        in_register = set(
            Voter.objects.filter(round=self.round).values_list("person_id", flat=True)
        )
        eligible = register.eligible(self.round)
        context = self.base_context(
            eligible=len(eligible),
            new=sum(1 for person, _ in eligible if person.pk not in in_register),
            without_code=Voter.objects.filter(
                round=self.round, code_hash__isnull=True, voted=False
            ).count(),
        )
        return render(request, "voting/codes.html", context)

    def post(self, request, round):
        if phase.has_ended(self.round):
            messages.error(request, "Het stemmen is gesloten: er komen geen stemcodes meer bij.")
            return redirect("voting:codes", round=self.round.pk)
        letters = register.issue_missing(self.round)
        if not letters:
            messages.info(request, "Iedereen in het kiezersregister heeft al een stemcode.")
            return redirect("voting:codes", round=self.round.pk)
        return letters_response(request, self.round, letters)


class Register(VotingPage, LoggedListMixin, ListView):
    """Find a voter by name or address (for a lost letter or at the polling station)."""

    log_object_type = VOTER
    template_name = "voting/register.html"
    paginate_by = 25

    def get_queryset(self):
        voters = voters_visible_to(self.request.user, self.round)
        self.search = VoterSearchForm(self.request.GET or None)
        # Searched, never browsed: a full list would show who voted while voting is open.
        self.searched = self.search.is_valid() and any(self.search.cleaned_data.values())
        if not self.searched:
            return voters.none()
        data = self.search.cleaned_data
        for word in data["q"].split():
            voters = voters.filter(
                Q(person__family_name__icontains=word) | Q(person__given_name__icontains=word)
            )
        if data["postcode"]:
            voters = voters.filter(person__household__postcode=normalise_postcode(data["postcode"]))
        if data["huisnummer"]:
            voters = voters.filter(person__household__house_number=data["huisnummer"])
        return voters.order_by("person__family_name", "person__given_name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **context,
            **self.base_context(
                search=self.search, searched=self.searched, query_string=query.urlencode()
            ),
        }


class NewCode(VotingPage, View):
    """A lost letter: a new code for one voter; the old one stops working. Neither the
    page nor the answer says whether the voter has voted. The letter printed is logged by
    letters.py, like every letter."""

    log_object_type = VOTER

    def get(self, request, round, voter):
        voter = self.voter(voter)
        self.audit(voter)
        return render(request, "voting/new_code.html", self.base_context(voter=voter))

    def post(self, request, round, voter):
        voter = self.voter(voter)
        if phase.has_ended(self.round):
            messages.error(request, "Het stemmen is gesloten: er komen geen stemcodes meer bij.")
            return redirect("voting:register", round=self.round.pk)
        # Also for a voter who has voted (their new code is used up as well): refusing
        # would tell the worker who voted.
        return letters_response(request, self.round, register.issue([voter]))


class MarkVoted(VotingPage, View):
    """A resident votes on paper: check them in the register and mark them as voted, so
    the code can no longer be used online. Nothing records which sheet they got."""

    log_object_type = VOTER

    def get(self, request, round, voter):
        voter = self.voter(voter)
        self.audit(voter)
        return render(request, "voting/mark_voted.html", self.base_context(voter=voter))

    def post(self, request, round, voter):
        voter = self.voter(voter)
        if not phase.is_open(self.round):
            messages.error(request, phase.not_open_message(self.round))
        elif voter.voted:
            # The one place a worker learns that a code was used: the voter stands before
            # them. Logged as a look at the record, like a marking is as a change.
            self.audit(voter, Action.READ)
            messages.error(request, ALREADY_VOTED)
        else:
            register.mark_voted(voter)
            self.audit(voter, Action.CHANGE)
            messages.success(
                request, f"{voter.person.full_name} is aangemeld. Geef één stembiljet mee."
            )
        return redirect("voting:polling", round=self.round.pk)


class PollingStation(VotingPage, View):
    """At the polling station: look a voter up by the code on their letter."""

    log_object_type = VOTER
    template_name = "voting/polling.html"

    def get(self, request, round):
        return render(request, self.template_name, self.base_context(form=self.form()))

    @staticmethod
    def form(data=None):
        form = CodeForm(data)
        form.fields["code"].label = "Stemcode uit de brief"
        form.fields["code"].help_text = "Hoofd- of kleine letters en streepjes maken niet uit."
        return form

    def post(self, request, round):
        form = self.form(request.POST)
        voter = None
        if form.is_valid():
            found = register.voter_for_code(self.round, form.cleaned_data["code"])
            if found is not None:
                voter = voters_visible_to(request.user, self.round).filter(pk=found.pk).first()
            if voter is None:
                form.add_error(
                    "code",
                    "Geen kiezer gevonden die met deze code nog kan stemmen. Zoek de bewoner "
                    "op naam en adres.",
                )
            else:
                self.audit(voter)
        status = 200 if voter else 400
        context = self.base_context(form=self.form() if voter else form, voter=voter)
        return render(request, self.template_name, context, status=status)


class PaperEntryView(VotingPage, View):
    """One worker's entry of a paper ballot; entries of others are never shown here."""

    template_name = "voting/paper.html"

    def page(self, form, status=200):
        mine = (
            PaperEntry.objects.filter(paper__round=self.round, entered_by=self.request.user)
            .select_related("paper")
            .order_by("-entered_at", "-pk")[:20]
        )
        context = self.base_context(form=form, mine=mine, can_enter=self.can_enter())
        return render(self.request, self.template_name, context, status=status)

    def can_enter(self) -> bool:
        return self.round.phase == BudgetRound.Phase.STEMMEN

    def get(self, request, round):
        return self.page(PaperEntryForm(self.round))

    def post(self, request, round):
        form = PaperEntryForm(self.round, request.POST)
        if not self.can_enter():
            form.is_valid()
            form.add_error(None, "Papieren stembiljetten invoeren kan alleen in de fase stemmen.")
            return self.page(form, status=400)
        if not form.is_valid():
            return self.page(form, status=400)
        number = form.cleaned_data["number"]
        try:
            sheet = double_entry.enter(self.round, number, form.choices(), request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.page(form, status=400)
        messages.success(
            request, f"Stembiljet {number} is ingevoerd ({sheet.get_status_display().lower()})."
        )
        return redirect("voting:paper", round=self.round.pk)


class Differences(VotingPage, TemplateView):
    required_roles = MANAGERS
    template_name = "voting/differences.html"

    def get_context_data(self, **kwargs):
        sheets = self.round.paper_ballots.all()
        return {
            **super().get_context_data(**kwargs),
            **self.base_context(
                flagged=sheets.filter(status__in=PaperBallot.FLAGGED),
                resolved=sheets.exclude(resolved_by=None).select_related("resolved_by"),
            ),
        }


class Resolve(VotingPage, View):
    """A coördinator decides on a flagged sheet, looking at both entries."""

    required_roles = MANAGERS
    template_name = "voting/resolve.html"

    def sheet(self, pk) -> PaperBallot:
        return get_object_or_404(self.round.paper_ballots, pk=pk)

    def page(self, sheet, form, status=200):
        entries = list(sheet.entries.select_related("entered_by"))
        rows = compare_rows(form.initiatives, entries)
        context = self.base_context(sheet=sheet, form=form, entries=entries, rows=rows)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, round, paper):
        return self.page(self.sheet(paper), ResolveForm(self.round))

    def post(self, request, round, paper):
        sheet = self.sheet(paper)
        form = ResolveForm(self.round, request.POST)
        if not form.is_valid():
            return self.page(sheet, form, status=400)
        decision = form.cleaned_data["decision"]
        entries = list(sheet.entries.all())
        if decision in ("eerste", "tweede") and len(entries) < 2:
            form.add_error("decision", "Dit stembiljet heeft geen twee invoeren.")
            return self.page(sheet, form, status=400)
        choices = {
            "eerste": entries[0].choices if entries else None,
            "tweede": entries[1].choices if len(entries) > 1 else None,
            "anders": form.choices(),
            "ongeldig": None,
        }[decision]
        try:
            double_entry.resolve(
                sheet, choices=choices, note=form.cleaned_data["note"], user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.page(sheet, form, status=400)
        messages.success(request, f"Stembiljet {sheet.number} is beoordeeld.")
        return redirect("voting:differences", round=self.round.pk)


def compare_rows(initiatives, entries) -> list[dict]:
    """Per initiative: what each entry says, and whether they differ."""
    rows = []
    for initiative in initiatives:
        values = [int(entry.choices.get(str(initiative.pk), 0)) for entry in entries]
        rows.append({"initiative": initiative, "values": values, "differs": len(set(values)) > 1})
    return rows
