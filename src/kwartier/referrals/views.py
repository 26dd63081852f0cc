"""Pages for referrals. Thin: scoping in models.ReferralQuerySet, changes in services.py.

- a referrer (partner): refer, their own referrals with status and feedback, the overview;
- receiving workers: the queue, accept or decline, the overview of what they received;
- the gemeente: the overview only, with small cells suppressed.
Who may use a page is declared on it (`required_roles`); the access layer's gate checks it
and writes the one access-log entry of each page with a referral on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import CreateView, ListView, TemplateView

from kwartier.core.access.log import Action, log_search
from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import LoggedListMixin, RoleRequiredMixin
from kwartier.core.access.roles import (
    DOSSIER_READERS,
    FUNDER,
    MANAGERS,
    PARTNERS,
    REFERRAL_FIGURE_READERS,
    WORKERS,
    has_role,
)
from kwartier.core.errors import RuleError, add_rule_errors
from kwartier.core.models import Person
from kwartier.privacy.forms import ErasureForm

from . import erasure, overview, services
from .forms import AcceptForm, DeclineForm, OverviewForm, ReferralForm
from .models import Referral

REFERRAL = "verwijzing"
RESIDENT = "bewoner"
NOT_FOUND = "Geen verwijzing met dit nummer in uw bereik."


class ReferralPage(RoleRequiredMixin):
    """Referrals belong to organisations: an account without one has nothing here. The
    referrers (partners) and the receiving organisation's workers read them."""

    required_roles = DOSSIER_READERS
    organisation_required = True
    refused_message = "U heeft met deze rol geen toegang tot verwijzingen."


class ReferralObjectPage(ReferralPage):
    """The referral of the URL in the user's scope (`self.referral`), or a logged 404.
    Each method names the referral as the page's subject once it is shown or changed."""

    log_object_type = REFERRAL

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        queryset = Referral.objects.visible_to(request.user).select_related(
            "referrer_organisation", "organisation", "method", "person", "trajectory__worker"
        )
        self.referral = record_for(
            request, queryset, kwargs["pk"], log_as=REFERRAL, message=NOT_FOUND
        )


class ReferralList(ReferralPage, LoggedListMixin, ListView):
    """A referrer's own referrals, or a receiving organisation's queue (new ones first)."""

    template_name = "referrals/referral_list.html"
    log_object_type = REFERRAL
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        queryset = Referral.objects.visible_to(user).select_related(
            "referrer_organisation", "organisation", "method"
        )
        self.status = self.request.GET.get("status", "")
        if self.status not in Referral.Status.values and self.status != "alle":
            self.status = Referral.Status.NIEUW if has_role(user, WORKERS) else "alle"
        if self.status != "alle":
            queryset = queryset.filter(status=self.status)
        order = ["received_on", "pk"] if self.status == Referral.Status.NIEUW else ["-received_on"]
        return queryset.prefetch_related("feedback").order_by(*order, "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        counts = dict(
            Referral.objects.visible_to(user).values_list("status").annotate(n=Count("pk"))
        )
        context.update(
            is_referrer=has_role(user, PARTNERS),
            status=self.status,
            tabs=[(value, label, counts.get(value, 0)) for value, label in Referral.Status.choices],
            total=sum(counts.values()),
            query_string=f"status={self.status}",
        )
        return context


class ReferralCreate(ReferralPage, CreateView):
    model = Referral
    form_class = ReferralForm
    template_name = "referrals/referral_form.html"
    required_roles = PARTNERS
    log_object_type = REFERRAL

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in ReferralForm.Meta.fields}
        self.object = services.submit(self.request.user, data)
        self.audit(self.object, Action.CREATE)
        messages.success(
            self.request,
            f"Verwijzing verstuurd naar {self.object.organisation}. U krijgt bericht zodra "
            "erover besloten is.",
        )
        return redirect(self.object.get_absolute_url())


class ReferralDetail(ReferralObjectPage, TemplateView):
    template_name = "referrals/referral_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.referral
        self.audit(referral)
        user = self.request.user
        is_receiver = has_role(user, WORKERS)
        is_new = referral.status == Referral.Status.NIEUW
        context.update(
            referral=referral,
            is_receiver=is_receiver,
            feedback=list(referral.feedback.all()),
            can_decide=is_receiver and is_new,
            can_accept=is_receiver and is_new and not referral.is_anonymised,
            can_erase=has_role(user, ReferralErase.required_roles)
            and erasure.is_erasable(referral),
            waiting_days=referral.waiting_days(),
        )
        if is_receiver and referral.person is not None:
            context["person_visible"] = (
                Person.objects.visible_to(user).filter(pk=referral.person_id).exists()
            )
        return context


class DecisionView(ReferralObjectPage, TemplateView):
    """Shared by accept and decline: a form on a referral that is still new. Shown (also
    with errors) it is logged as a read, decided as a change; a referral decided already
    only sends the user back to it."""

    required_roles = WORKERS  # the receiving organisation

    def decided(self):
        """A redirect to the referral when it was decided already, else None."""
        if self.referral.status == Referral.Status.NIEUW:
            return None
        messages.error(self.request, "Over deze verwijzing is al besloten.")
        return redirect(self.referral.get_absolute_url())

    def get(self, request, *args, **kwargs):
        if response := self.decided():
            return response
        self.audit(self.referral)
        return self.render(self.make_form(None))

    def post(self, request, *args, **kwargs):
        if response := self.decided():
            return response
        self.audit(self.referral)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.apply(form)
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                self.audit(self.referral, Action.CHANGE)
                return redirect(self.referral.get_absolute_url())
        return self.render(form)

    def render(self, form):
        return self.render_to_response(
            self.get_context_data(referral=self.referral, form=form, **self.extra())
        )

    def extra(self) -> dict:
        return {}


class ReferralAccept(DecisionView):
    template_name = "referrals/referral_accept.html"

    def decided(self):
        if response := super().decided():
            return response
        if self.referral.is_anonymised:
            messages.error(
                self.request,
                "De persoonsgegevens zijn gewist: deze verwijzing kan alleen nog worden afgewezen.",
            )
            return redirect(self.referral.get_absolute_url())
        return None

    def make_form(self, data):
        self.candidates = list(services.candidates(self.referral, self.request.user))
        # The page also shows the residents who may be this one: a search of its own.
        log_search(self.request, RESIDENT, len(self.candidates))
        return AcceptForm(
            data, referral=self.referral, candidates=self.candidates, user=self.request.user
        )

    def apply(self, form):
        data = form.cleaned_data
        self.referral = services.accept(
            self.referral,
            user=self.request.user,
            started_on=data["started_on"],
            worker=data["worker"],
            person=data["person"],
            address=form.address(),
        )
        messages.success(
            self.request,
            f"Verwijzing geaccepteerd; het traject {self.referral.method.name} is gestart.",
        )

    def extra(self):
        return {"candidates": self.candidates}


class ReferralErase(ReferralObjectPage, TemplateView):
    """Erase the resident's data on a declined or open referral (AVG art. 17): first what
    goes and what stays, then, confirmed, for real. A linked referral goes with its
    resident's erasure instead."""

    template_name = "referrals/referral_erase.html"
    # The receiving organisation's officers, as for the erasure of a resident. The
    # referrer passes a resident's request on to them (see docs/referrals.md).
    required_roles = MANAGERS

    def refused(self):
        """A redirect to the referral with the reason when it cannot be erased, else None."""
        try:
            erasure.check_erasable(self.referral)
        except RuleError as error:
            messages.error(self.request, str(error))
            return redirect(self.referral.get_absolute_url())
        return None

    def get(self, request, *args, **kwargs):
        if response := self.refused():
            return response
        self.audit(self.referral)
        return self.render(ErasureForm(initial={"reason": erasure.REQUEST_REASON}))

    def post(self, request, *args, **kwargs):
        if response := self.refused():
            return response
        form = ErasureForm(request.POST)
        if not form.is_valid():
            self.audit(self.referral)
            return self.render(form)
        try:
            erasure.erase(
                self.referral,
                user=request.user,
                requested_on=form.cleaned_data["requested_on"],
                reason=form.cleaned_data["reason"],
            )
        except RuleError as error:  # erased or decided at the same moment
            messages.error(request, str(error))
        else:
            self.audit(self.referral, Action.DELETE)
            messages.success(
                request, f"De persoonsgegevens van verwijzing {self.referral.pk} zijn gewist."
            )
        return redirect(self.referral.get_absolute_url())

    def render(self, form):
        return self.render_to_response(
            self.get_context_data(referral=self.referral, form=form, **erasure.plan(self.referral))
        )


class ReferralDecline(DecisionView):
    template_name = "referrals/referral_decline.html"

    def make_form(self, data):
        return DeclineForm(data)

    def apply(self, form):
        data = form.cleaned_data
        self.referral = services.decline(
            self.referral,
            user=self.request.user,
            reason=data["reason"],
            note=data["note"],
            on=data["on"],
        )
        messages.success(self.request, "Verwijzing afgewezen; de verwijzer krijgt bericht.")


class ReferralOverview(ReferralPage, TemplateView):
    """Figures per period; `?formaat=csv` (or the csv route) gives the same as CSV."""

    template_name = "referrals/overview.html"
    required_roles = REFERRAL_FIGURE_READERS
    as_csv = False

    def get(self, request, *args, **kwargs):
        user = request.user
        referrers = overview.referrers_for(user)
        form = OverviewForm(request.GET or {"periode": ""}, referrers=referrers)
        valid = form.is_valid()
        referrer = form.cleaned_data.get("verwijzer") if valid else None
        referrals = overview.scope(user, referrer)
        period = form.cleaned_data["periode"] if valid else None
        period = period or overview.default_period(referrals, timezone.localdate())
        shown = overview.for_user(
            referrals,
            period,
            for_referrer=has_role(user, PARTNERS),
            suppressed=has_role(user, FUNDER),
        )
        if self.as_csv:
            response = HttpResponse(
                "\ufeff" + overview.csv_text(shown), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="verwijzingen-{period.code}.csv"'
            )
            return response
        query = request.GET.copy()
        return self.render_to_response(
            self.get_context_data(
                form=form,
                period=period,
                shown=shown,
                is_referrer=has_role(user, PARTNERS),
                csv_query=query.urlencode(),
            )
        )
