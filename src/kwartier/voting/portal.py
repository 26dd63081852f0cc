"""The resident portal's voting under /buurt/: vote with a one-time code in an open
round, check a receipt, and read the results of closed rounds. The start page /buurt/
itself is core's; this module gives it the blocks of rounds to vote in and of results.

No login: the code is the right to vote. After a valid code the session holds the
voter's register row until the ballot is cast (at most VOTER_MINUTES); then it holds
only the receipt, to show it once more. The ballot itself never meets the voter row
outside the one transaction in online.cast_with_voter.

Works without JavaScript: every step is a form post checked on the server; the script
(static/voting/ballot.js) only adds the running total.
"""

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView

from kwartier.budgets import presentation, results
from kwartier.budgets.models import Ballot, BudgetRound

from . import online, phase, register, throttle
from .forms import BallotForm, CodeForm, ReceiptForm
from .models import Voter

VOTER_MINUTES = 30  # time from a valid code to a cast ballot before the code is asked again
PORTAL_PHASES = [BudgetRound.Phase.STEMMEN, *phase.AFTER_VOTING]


def _voter_key(round) -> str:
    return f"voting-voter-{round.pk}"


def _receipt_key(round) -> str:
    return f"voting-receipt-{round.pk}"


def vote_block(request) -> dict:
    """On the portal's start page (/buurt/, core): the rounds to vote in now."""
    rounds = BudgetRound.objects.filter(phase=BudgetRound.Phase.STEMMEN).select_related("area")
    return {"voting": [r for r in rounds if not phase.has_ended(r)]}


def results_block(request) -> dict:
    """On the portal's start page: the results of closed rounds."""
    decided = (
        BudgetRound.objects.filter(phase__in=phase.AFTER_VOTING)
        .select_related("area")
        .order_by("-voting_closes", "-pk")
    )
    return {"decided": decided}


class Results(TemplateView):
    """The public results of a closed round: what won, with the figures the budgets app
    publishes (ballots, support per initiative, turnout with small counts hidden); no
    person, no single ballot."""

    template_name = "voting/portal/results.html"

    def get_context_data(self, **kwargs):
        queryset = BudgetRound.objects.filter(phase__in=phase.AFTER_VOTING).select_related("area")
        round = get_object_or_404(queryset, pk=self.kwargs["round"])
        outcome = results.compute(round)
        turnout = presentation.turnout_rows(round)
        return {
            **super().get_context_data(**kwargs),
            "round": round,
            "results": outcome,
            "funded": outcome.funded_rows(),
            "not_funded": [row for row in outcome.rows if not row.official_funded],
            "allocation_chart": presentation.allocation_chart(outcome) if outcome.rows else None,
            "turnout": turnout,
            "by_channel": [f"{label.lower()} {n}" for label, n in outcome.by_channel.items() if n],
        }


class Index(TemplateView):
    template_name = "voting/portal/index.html"

    def get_context_data(self, **kwargs):
        rounds = BudgetRound.objects.filter(phase=BudgetRound.Phase.STEMMEN).select_related("area")
        return {**super().get_context_data(**kwargs), "rounds": rounds}


class PortalMixin:
    """The round from the URL, if it is public (voting or later); else a 404."""

    def dispatch(self, request, *args, **kwargs):
        queryset = BudgetRound.objects.filter(phase__in=PORTAL_PHASES).select_related("area")
        self.round = get_object_or_404(queryset, pk=kwargs["round"])
        self.open = phase.is_open(self.round)
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        return {
            "round": self.round,
            "open": self.open,
            "not_open_message": "" if self.open else phase.not_open_message(self.round),
            **extra,
        }


class Start(PortalMixin, View):
    """Step 1: the vote code."""

    template_name = "voting/portal/start.html"

    def get(self, request, round):
        return render(request, self.template_name, self.context(form=CodeForm()))

    def post(self, request, round):
        form = CodeForm(request.POST)
        if not self.open:
            return render(request, self.template_name, self.context(form=form), status=400)
        key = throttle.client_key(request, "stemcode")
        if throttle.blocked(key):
            form.is_valid()
            form.add_error(None, throttle.TOO_MANY)
            return render(request, self.template_name, self.context(form=form), status=429)
        if form.is_valid():
            voter = register.voter_for_code(self.round, form.cleaned_data["code"])
            if voter is not None:
                request.session.cycle_key()  # a fresh session for the vote
                request.session[_voter_key(self.round)] = [voter.pk, time.time()]
                return redirect("voting:portal-ballot", round=self.round.pk)
            if not register.code_used(self.round, form.cleaned_data["code"]):
                throttle.record_failure(key)  # a guess; the resident's own used code is none
            form.add_error("code", online.WRONG_CODE)
        return render(request, self.template_name, self.context(form=form), status=400)


def _session_voter_id(request, round) -> int | None:
    """The voter whose valid code was entered in this session, within VOTER_MINUTES."""
    stored = request.session.get(_voter_key(round))
    if not stored or time.time() - stored[1] > VOTER_MINUTES * 60:
        return None
    return stored[0]


def _session_voter(request, round) -> int | None:
    """The voter of this session, if they may still vote."""
    voter_id = _session_voter_id(request, round)
    if voter_id is None:
        return None
    exists = Voter.objects.filter(pk=voter_id, round=round, voted=False).exists()
    return voter_id if exists else None


class BallotStep(PortalMixin, View):
    """Steps 2 and 3: fill in the ballot, then confirm it. Without a voter in the session
    (no code yet, too long ago, or already voted) the resident goes back to step 1."""

    template_name = "voting/portal/ballot.html"

    def refuse(self):
        if not self.open:
            messages.info(self.request, phase.not_open_message(self.round))
        elif _session_voter_id(self.request, self.round) is not None:
            # The code of this session was used meanwhile (another tab, or on paper).
            self.request.session.pop(_voter_key(self.round), None)
            messages.error(self.request, online.USED)
        else:
            messages.info(self.request, "Vul eerst uw stemcode in.")
        return redirect("voting:portal-start", round=self.round.pk)

    def used(self):
        """The code was used while this resident was choosing: say so, on step 1."""
        self.request.session.pop(_voter_key(self.round), None)
        context = self.context(form=CodeForm(), error=online.USED)
        return render(self.request, "voting/portal/start.html", context, status=400)

    def ballot(self, form, status=200):
        return render(self.request, self.template_name, self.context(form=form), status=status)

    def get(self, request, round):
        if not self.open or _session_voter(request, self.round) is None:
            return self.refuse()
        return self.ballot(BallotForm(self.round))

    def post(self, request, round):
        if not self.open or _session_voter(request, self.round) is None:
            return self.refuse()
        form = BallotForm(self.round, request.POST)
        if not form.is_valid() or not _rules_hold(form):
            return self.ballot(form, status=400)
        return render(request, "voting/portal/confirm.html", self.context(form=form))


def _rules_hold(form) -> bool:
    """Check the choices against the round's rules, the errors on the form."""
    try:
        online.check(form.round, form.choices())
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True


class Confirm(BallotStep):
    """Step 3 posted: cast the ballot, or go back to change it."""

    def get(self, request, round):
        return redirect("voting:portal-ballot", round=self.round.pk)

    def post(self, request, round):
        # Whether the code is still unused is decided inside the casting transaction: a
        # check here could pass for two submissions at once.
        voter_id = _session_voter_id(request, self.round)
        if not self.open or voter_id is None:
            return self.refuse()
        form = BallotForm(self.round, request.POST)
        if "wijzigen" in request.POST or not form.is_valid():
            return self.ballot(form, status=200 if form.is_valid() else 400)
        try:
            ballot = online.cast_with_voter(self.round, voter_id, form.choices())
        except ValidationError as error:
            if error.messages == [online.USED]:
                return self.used()
            for message in error.messages:
                form.add_error(None, message)
            return self.ballot(form, status=400)
        request.session.pop(_voter_key(self.round), None)
        request.session[_receipt_key(self.round)] = ballot.receipt
        return redirect("voting:portal-thanks", round=self.round.pk)


class Thanks(PortalMixin, View):
    """Step 4: the receipt, shown from the session (the ballot is not looked up)."""

    def get(self, request, round):
        receipt = request.session.get(_receipt_key(self.round))
        if not receipt:
            return redirect("voting:portal-start", round=self.round.pk)
        return render(request, "voting/portal/thanks.html", self.context(receipt=receipt))


class Check(PortalMixin, View):
    """Anyone may check whether a receipt was counted; the page never shows choices."""

    template_name = "voting/portal/check.html"

    def get(self, request, round):
        if "bon" not in request.GET:
            return render(request, self.template_name, self.context(form=ReceiptForm()))
        form = ReceiptForm(request.GET)
        key = throttle.client_key(request, "ontvangstcode")
        if throttle.blocked(key):
            form.is_valid()
            form.add_error(None, throttle.TOO_MANY)
            return render(request, self.template_name, self.context(form=form), status=429)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form), status=400)
        counted = Ballot.objects.filter(round=self.round, receipt=form.cleaned_data["bon"]).exists()
        if not counted:
            throttle.record_failure(key)
        return render(
            request,
            self.template_name,
            self.context(form=form, checked=form.cleaned_data["bon"], counted=counted),
        )
