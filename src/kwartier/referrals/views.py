"""Pages for referrals. Thin: scoping in models.ReferralQuerySet, changes in services.py.

- a referrer (partner): refer, their own referrals with status and feedback, the overview;
- receiving workers: the queue, accept or decline, the overview of what they received;
- the gemeente: the overview only, with small cells suppressed.
Every page with a referral on it writes one access-log entry.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import CreateView, ListView, TemplateView

from kwartier.core.access.log import Action, log_denied, log_object, log_search
from kwartier.core.models import Person
from kwartier.privacy.forms import ErasureForm

from . import erasure, overview, services
from .forms import AcceptForm, DeclineForm, OverviewForm, ReferralForm
from .models import (
    OVERVIEW_ROLES,
    RECEIVER_ROLES,
    REFERRAL_READERS,
    REFERRER_ROLES,
    Referral,
)

REFERRAL = "verwijzing"
RESIDENT = "bewoner"


class RoleMixin(LoginRequiredMixin):
    """Only `allowed_roles`; a refused role gets a 403, logged as a denied access."""

    allowed_roles: frozenset[str] = REFERRAL_READERS

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        # Referrals belong to organisations: an account without one has nothing here.
        if request.user.role not in self.allowed_roles or not request.user.organisation_id:
            if kwargs:
                log_denied(request, REFERRAL, next(iter(kwargs.values())))
            raise PermissionDenied("U heeft met deze rol geen toegang tot verwijzingen.")
        return super().dispatch(request, *args, **kwargs)


class ReferralObjectMixin(RoleMixin):
    """The referral in the user's scope, or a 404 logged as denied."""

    def get_referral(self) -> Referral:
        queryset = Referral.objects.visible_to(self.request.user).select_related(
            "referrer_organisation", "organisation", "method", "person", "trajectory__worker"
        )
        try:
            return get_object_or_404(queryset, pk=self.kwargs["pk"])
        except Http404:
            log_denied(self.request, REFERRAL, self.kwargs["pk"])
            raise


class ReferralList(RoleMixin, ListView):
    """A referrer's own referrals, or a receiving organisation's queue (new ones first)."""

    template_name = "referrals/referral_list.html"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        queryset = Referral.objects.visible_to(user).select_related(
            "referrer_organisation", "organisation", "method"
        )
        self.status = self.request.GET.get("status", "")
        if self.status not in Referral.Status.values and self.status != "alle":
            self.status = Referral.Status.NIEUW if user.role in RECEIVER_ROLES else "alle"
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
            is_referrer=user.role in REFERRER_ROLES,
            status=self.status,
            tabs=[(value, label, counts.get(value, 0)) for value, label in Referral.Status.choices],
            total=sum(counts.values()),
            query_string=f"status={self.status}",
        )
        log_search(self.request, REFERRAL, context["paginator"].count)
        return context


class ReferralCreate(RoleMixin, CreateView):
    model = Referral
    form_class = ReferralForm
    template_name = "referrals/referral_form.html"
    allowed_roles = REFERRER_ROLES

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in ReferralForm.Meta.fields}
        self.object = services.submit(self.request.user, data)
        log_object(self.request, self.object, Action.CREATE, REFERRAL)
        messages.success(
            self.request,
            f"Verwijzing verstuurd naar {self.object.organisation}. U krijgt bericht zodra "
            "erover besloten is.",
        )
        return redirect(self.object.get_absolute_url())


class ReferralDetail(ReferralObjectMixin, TemplateView):
    template_name = "referrals/referral_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.get_referral()
        log_object(self.request, referral, Action.READ, REFERRAL)
        user = self.request.user
        is_receiver = user.role in RECEIVER_ROLES
        is_new = referral.status == Referral.Status.NIEUW
        context.update(
            referral=referral,
            is_receiver=is_receiver,
            feedback=list(referral.feedback.all()),
            can_decide=is_receiver and is_new,
            can_accept=is_receiver and is_new and not referral.is_anonymised,
            can_erase=user.role in erasure.ERASER_ROLES and erasure.is_erasable(referral),
            waiting_days=referral.waiting_days(),
        )
        if is_receiver and referral.person is not None:
            context["person_visible"] = (
                Person.objects.visible_to(user).filter(pk=referral.person_id).exists()
            )
        return context


class DecisionView(ReferralObjectMixin, TemplateView):
    """Shared by accept and decline: a form on a referral that is still new."""

    allowed_roles = RECEIVER_ROLES

    def decided(self):
        """Load the referral; a redirect to it when it was decided already, else None."""
        self.referral = self.get_referral()
        if self.referral.status == Referral.Status.NIEUW:
            return None
        messages.error(self.request, "Over deze verwijzing is al besloten.")
        return redirect(self.referral.get_absolute_url())

    def get(self, request, *args, **kwargs):
        if response := self.decided():
            return response
        log_object(request, self.referral, Action.READ, REFERRAL)
        return self.render(self.make_form(None))

    def post(self, request, *args, **kwargs):
        if response := self.decided():
            return response
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.apply(form)
            except services.ReferralError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                log_object(request, self.referral, Action.CHANGE, REFERRAL)
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


class ReferralErase(ReferralObjectMixin, TemplateView):
    """Erase the resident's data on a declined or open referral (AVG art. 17): first what
    goes and what stays, then, confirmed, for real. A linked referral goes with its
    resident's erasure instead."""

    template_name = "referrals/referral_erase.html"
    allowed_roles = erasure.ERASER_ROLES

    def refused(self):
        """Load the referral; a redirect to it with the reason when it cannot be erased."""
        self.referral = self.get_referral()
        try:
            erasure.check_erasable(self.referral)
        except services.ReferralError as error:
            messages.error(self.request, str(error))
            return redirect(self.referral.get_absolute_url())
        return None

    def get(self, request, *args, **kwargs):
        if response := self.refused():
            return response
        log_object(request, self.referral, Action.READ, REFERRAL)
        return self.render(ErasureForm(initial={"reason": erasure.REQUEST_REASON}))

    def post(self, request, *args, **kwargs):
        if response := self.refused():
            return response
        form = ErasureForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            erasure.erase(
                self.referral,
                user=request.user,
                requested_on=form.cleaned_data["requested_on"],
                reason=form.cleaned_data["reason"],
            )
        except services.ReferralError as error:  # erased or decided at the same moment
            messages.error(request, str(error))
        else:
            log_object(request, self.referral, Action.DELETE, REFERRAL)
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


class ReferralOverview(RoleMixin, TemplateView):
    """Figures per period; `?formaat=csv` (or the csv route) gives the same as CSV."""

    template_name = "referrals/overview.html"
    allowed_roles = OVERVIEW_ROLES
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
            for_referrer=user.role in REFERRER_ROLES,
            suppressed=user.role == "gemeente",
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
                is_referrer=user.role in REFERRER_ROLES,
                csv_query=query.urlencode(),
            )
        )
