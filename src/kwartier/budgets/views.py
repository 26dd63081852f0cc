"""Pages of the bewonersbudget: rounds, initiatives, review, results, execution, import/export.

Thin: each page declares the roles that may use it (the gate in core/access/pages.py) and,
on a page about one round or initiative, `resolve_access` applies the round's rule from
access.py (its own organisation); the rules of the work are in phases/review/results/exchange.
There is no person-level data here (initiatives are of groups, ballots are anonymous), so
nothing is access-logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import EVERYONE, MANAGERS, WORKERS, has_role

from . import access, exchange, phases, presentation, results, review
from .allocation import RULES
from .forms import (
    EffectForm,
    ExecutionUpdateForm,
    ImportForm,
    InitiativeForm,
    PhaseForm,
    ReviewForm,
    RoundForm,
)
from .models import BudgetRound, Initiative

NO_RIGHTS = "U heeft met deze rol geen rechten om dit te doen bij deze ronde."


def get_round(pk) -> BudgetRound:
    return get_object_or_404(BudgetRound.objects.select_related("area", "organisation"), pk=pk)


def get_initiative(user, pk) -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("round", "area"), pk=pk)
    if not access.visible_initiatives(user, initiative.round).filter(pk=pk).exists():
        raise Http404("Dit initiatief is (nog) niet openbaar.")
    return initiative


def _require(allowed: bool, message: str = NO_RIGHTS) -> None:
    """An object-level refusal, for `resolve_access`: the round's rule from access.py."""
    if not allowed:
        raise PermissionDenied(message)


class BudgetPage(RoleRequiredMixin, TemplateView):
    required_roles = EVERYONE  # public information of the neighbourhood
    refused_message = NO_RIGHTS


class FormPage(BudgetPage):
    template_name = "budgets/form.html"

    def page(self, form, title, cancel_url, status=200, multipart=False):
        context = {"form": form, "page_title": title, "cancel_url": cancel_url}
        context["multipart"] = multipart
        return self.render_to_response(self.get_context_data(**context), status=status)


# Rounds --------------------------------------------------------------------------------


class RoundList(BudgetPage):
    template_name = "budgets/round_list.html"

    def get_context_data(self, **kwargs):
        rounds = BudgetRound.objects.select_related("area", "organisation").order_by(
            "-created_at", "-pk"
        )
        return super().get_context_data(
            rounds=rounds, can_create=has_role(self.request.user, MANAGERS), **kwargs
        )


class RoundCreate(FormPage):
    required_roles = MANAGERS

    def get(self, request):
        return self.page(RoundForm(), "Nieuwe bewonersbudgetronde", reverse("budget-round-list"))

    def post(self, request):
        form = RoundForm(request.POST)
        if not form.is_valid():
            return self.page(form, "Nieuwe bewonersbudgetronde", reverse("budget-round-list"))
        form.instance.organisation = request.user.organisation
        round = form.save()
        messages.success(request, "De ronde is aangemaakt, in de fase 'Ideeën indienen'.")
        return redirect(round)


class RoundUpdate(FormPage):
    required_roles = MANAGERS

    def resolve_access(self, request, *args, **kwargs):
        self.round = get_round(kwargs["pk"])
        _require(access.can_run(request.user, self.round))

    def get(self, request, pk):
        round = self.round
        return self.page(RoundForm(instance=round), f"{round} wijzigen", round.get_absolute_url())

    def post(self, request, pk):
        round = self.round
        form = RoundForm(request.POST, instance=round)
        if not form.is_valid():
            return self.page(form, f"{round} wijzigen", round.get_absolute_url())
        form.save()
        messages.success(request, "De ronde is bijgewerkt.")
        return redirect(round)


class RoundDetail(BudgetPage):
    template_name = "budgets/round_detail.html"

    def get(self, request, pk):
        return self.render(get_round(pk))

    def render(self, round, phase_form=None, status=200):
        user = self.request.user
        can_run = access.can_run(user, round)
        options = phases.next_phases(round) if can_run else []
        today = timezone.localdate()
        blocked = {target: phases.problems(round, target, today) for target in options}
        initiatives = access.visible_initiatives(user, round).select_related("area", "merged_into")
        context = {
            "round": round,
            "steps": _steps(round),
            "initiatives": initiatives,
            "can_run": can_run,
            "can_help": access.can_help(user, round),
            "can_add": access.can_help(user, round) and review.round_open_for_initiatives(round),
            "phase_form": phase_form or (PhaseForm(options=options) if options else None),
            "blocked": [(BudgetRound.Phase(t).label, p) for t, p in blocked.items() if p],
            "sees_unreviewed": access.sees_unreviewed(user, round),
        }
        return self.render_to_response(self.get_context_data(**context), status=status)


def _steps(round):
    current = phases.ORDER.index(round.phase)
    return [
        {"label": label, "state": "done" if i < current else "current" if i == current else ""}
        for i, (value, label) in enumerate(BudgetRound.Phase.choices)
    ]


class RoundPhase(RoundDetail):
    required_roles = {"read": EVERYONE, "write": MANAGERS}

    def resolve_access(self, request, *args, **kwargs):
        if request.method == "POST":
            self.round = get_round(kwargs["pk"])
            _require(access.can_run(request.user, self.round))

    def get(self, request, pk):
        return redirect("budget-round", pk=pk)

    def post(self, request, pk):
        round = self.round
        form = PhaseForm(request.POST, options=phases.next_phases(round))
        if not form.is_valid():
            return self.render(round, form)
        try:
            phases.move(round, form.cleaned_data["phase"], timezone.localdate())
        except ValidationError as error:
            for message in error.messages:
                form.add_error("phase", message)
            return self.render(round, form)
        round.refresh_from_db()
        messages.success(request, f"De ronde is nu in de fase '{round.get_phase_display()}'.")
        return redirect(round)


class RoundResults(BudgetPage):
    template_name = "budgets/results.html"

    def get_context_data(self, **kwargs):
        round = get_round(self.kwargs["pk"])
        context = super().get_context_data(round=round, **kwargs)
        if not round.results_visible:
            return context
        outcome = results.compute(round)
        labels = dict(BudgetRound.Rule.choices)
        rules = [(rule, labels[rule]) for rule in RULES]
        turnout = presentation.turnout_rows(round)
        context.update(
            results=outcome,
            rules=rules,
            comparison=[
                (row.initiative.title, [(labels[r], row.funded[r]) for r in RULES])
                for row in outcome.rows
            ],
            totals=list(zip([labels[r] for r in RULES], outcome.rule_totals(), strict=True)),
            allocation_chart=presentation.allocation_chart(outcome),
            achterban_chart=presentation.achterban_chart([row.initiative for row in outcome.rows]),
            turnout=turnout,
            turnout_chart=presentation.turnout_chart(turnout) if turnout else None,
        )
        return context


class RoundExport(RoleRequiredMixin, View):
    def get(self, request, pk):
        round = get_round(pk)
        response = HttpResponse(exchange.export_pb(round), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bewonersbudget-{round.pk}.pb"'
        return response


class RoundImport(FormPage):
    required_roles = MANAGERS
    title = "Ronde importeren uit een Pabulib-bestand"

    def get(self, request):
        return self.page(ImportForm(), self.title, reverse("budget-round-list"), multipart=True)

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round = exchange.import_pb(
                    data["file"],
                    name=data["name"],
                    area=data["area"],
                    organisation=request.user.organisation,
                    rule=data["rule"],
                )
            except exchange.ImportProblem as problem:
                where = f"Regel {problem.line}: " if problem.line else ""
                form.add_error("file", f"{where}{problem.message}. Er is niets geïmporteerd.")
            else:
                messages.success(
                    request,
                    f"Geïmporteerd: {round.initiatives.count()} initiatieven en "
                    f"{round.ballots.count()} stemmen.",
                )
                return redirect(round)
        return self.page(form, self.title, reverse("budget-round-list"), multipart=True)


# Initiatives ---------------------------------------------------------------------------


class InitiativeCreate(FormPage):
    required_roles = WORKERS

    def resolve_access(self, request, *args, **kwargs):
        self.round = get_round(kwargs["pk"])
        _require(access.can_help(request.user, self.round))
        _require(
            review.round_open_for_initiatives(self.round),
            "Sinds het stemmen begon komen er geen initiatieven meer bij.",
        )

    def get(self, request, pk):
        round = self.round
        form = InitiativeForm(round=round)
        return self.page(form, f"Nieuw initiatief voor {round}", round.get_absolute_url())

    def post(self, request, pk):
        round = self.round
        form = InitiativeForm(request.POST, round=round)
        if not form.is_valid():
            return self.page(form, f"Nieuw initiatief voor {round}", round.get_absolute_url())
        form.instance.round = round
        initiative = form.save()
        messages.success(request, "Het initiatief is ingediend en wacht op toetsing.")
        return redirect(initiative)


class InitiativeUpdate(FormPage):
    required_roles = WORKERS

    def resolve_access(self, request, *args, **kwargs):
        self.initiative = get_initiative(request.user, kwargs["pk"])
        _require(access.can_help(request.user, self.initiative.round))

    def get(self, request, pk):
        initiative = self.initiative
        form = InitiativeForm(instance=initiative, round=initiative.round)
        return self.page(form, f"{initiative} wijzigen", initiative.get_absolute_url())

    def post(self, request, pk):
        initiative = self.initiative
        form = InitiativeForm(request.POST, instance=initiative, round=initiative.round)
        if not form.is_valid():
            return self.page(form, f"{initiative} wijzigen", initiative.get_absolute_url())
        form.save()
        messages.success(request, "Het initiatief is bijgewerkt.")
        return redirect(initiative)


class InitiativeDetail(BudgetPage):
    template_name = "budgets/initiative_detail.html"

    def get(self, request, pk):
        return self.render(get_initiative(request.user, pk))

    def render(self, initiative, status=200, **forms):
        user = self.request.user
        round = initiative.round
        can_run, can_help = access.can_run(user, round), access.can_help(user, round)
        reviewable = can_run and review.editable(initiative)
        executing = can_help and initiative.funded
        context = {
            "initiative": initiative,
            "round": round,
            "can_help": can_help,
            "review_form": forms.get("review_form")
            or (ReviewForm(targets=review.merge_targets(initiative)) if reviewable else None),
            "update_form": forms.get("update_form")
            or (ExecutionUpdateForm() if executing else None),
            "effect_form": forms.get("effect_form") or (EffectForm() if executing else None),
            "updates": initiative.execution_updates.all(),
            "effects": initiative.effects.all(),
            "merged_from": access.visible_initiatives(user, round).filter(merged_into=initiative),
        }
        return self.render_to_response(self.get_context_data(**context), status=status)


class InitiativeReview(InitiativeDetail):
    # Every role passes the gate: an initiative the user cannot see stays a 404, and only
    # then does the round's rule (its coordinator or beheerder) refuse with a 403.
    required_roles = EVERYONE

    def resolve_access(self, request, *args, **kwargs):
        if request.method == "POST":
            self.initiative = get_initiative(request.user, kwargs["pk"])
            _require(access.can_run(request.user, self.initiative.round))

    def get(self, request, pk):
        return redirect("budget-initiative", pk=pk)

    def post(self, request, pk):
        initiative = self.initiative
        form = ReviewForm(request.POST, targets=review.merge_targets(initiative))
        if form.is_valid():
            data = form.cleaned_data
            try:
                review.decide(initiative, data["decision"], data["reason"], data["merged_into"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Getoetst: {initiative.get_status_display().lower()}.")
                return redirect(initiative)
        return self.render(initiative, review_form=form)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


class InitiativeExecution(InitiativeDetail):
    """POST an execution update (`kind=voortgang`) or an effect (`kind=effect`)."""

    required_roles = {"read": EVERYONE, "write": WORKERS}

    def resolve_access(self, request, *args, **kwargs):
        if request.method == "POST":
            self.initiative = get_initiative(request.user, kwargs["pk"])
            _require(access.can_help(request.user, self.initiative.round))
            _require(self.initiative.funded, "Alleen gefinancierde initiatieven worden uitgevoerd.")

    def get(self, request, pk):
        return redirect("budget-initiative", pk=pk)

    def post(self, request, pk):
        initiative = self.initiative
        if request.POST.get("kind") == "effect":
            form, key, saved = EffectForm(request.POST), "effect_form", "Het effect is vastgelegd."
        else:
            form, key, saved = (
                ExecutionUpdateForm(request.POST),
                "update_form",
                "Voortgang opgeslagen.",
            )
        if not form.is_valid():
            return self.render(initiative, **{key: form})
        form.instance.initiative = initiative
        if key == "effect_form":
            form.instance.recorded_by = request.user
        form.save()
        messages.success(request, saved)
        return redirect(initiative)
