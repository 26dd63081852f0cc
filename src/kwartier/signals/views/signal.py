"""One signal: its details, photos, history and duplicates, and the handling actions.

The page is the form target of every action (`action` names which), so a refused action
shows again on the same page with its errors. Workers do everything with the signals in
their scope; a partner may change the status (in behandeling, afgehandeld), write notes
and message the reporter, nothing else. Every action goes through handling.py, whose
RuleError is shown on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from kwartier.core.access.log import Action
from kwartier.core.access.roles import WORKERS
from kwartier.core.errors import RuleError, add_rule_errors
from kwartier.core.models import Person

from .. import handling
from ..models import Signal, SignalEvent
from ..staff_forms import (
    TERM_STATES,
    AssignForm,
    LinkPersonForm,
    MergeForm,
    RerouteForm,
    SplitForm,
    StatusForm,
    TextForm,
    allowed_statuses,
)
from ..states import Status
from .base import SignalsPage, signal_for

# Actions a partner may take; workers may take them all.
PARTNER_ACTIONS = {"status", "note", "message"}
ACTIONS = PARTNER_ACTIONS | {"assign", "reroute", "split", "merge", "link"}


class SignalDetail(SignalsPage, TemplateView):
    template_name = "signals/signal_detail.html"

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        self.signal = signal_for(
            request,
            kwargs["number"],
            Signal.objects.select_related(
                "category",
                "area",
                "organisation",
                "partner",
                "assignee",
                "person",
                "parent",
                "merged_into",
            ),
        )
        self.is_worker = request.user.role in WORKERS

    # Forms ---------------------------------------------------------------------------

    def status_form(self, data=None):
        """The form for the status in ?status= (or the posted one), message prefilled
        from the response template; None when no status is chosen or allowed."""
        signal, user = self.signal, self.request.user
        status = (data or self.request.GET).get("status", "")
        if status not in allowed_statuses(signal, user):
            return None
        initial = {"status": status, "message": handling.template_text(signal, status)}
        return StatusForm(data, initial=initial, signal=signal, user=user, status=status)

    def forms(self, action: str = "", bound=None) -> dict:
        signal, user = self.signal, self.request.user
        data = lambda name: bound if name == action else None  # noqa: E731
        forms = {
            "status": self.status_form(data("status")),
            "note": TextForm(data("note"), label="Interne notitie", prefix="note"),
            "message": TextForm(data("message"), label="Bericht aan de melder", prefix="message"),
        }
        if self.is_worker:
            forms.update(
                assign=AssignForm(data("assign"), signal=signal),
                reroute=RerouteForm(data("reroute"), signal=signal),
                split=SplitForm(data("split"), signal=signal),
                merge=MergeForm(data("merge")),
                link=LinkPersonForm(data("link"), user=user),
            )
        return forms

    # Showing -------------------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        self.audit(self.signal)
        return self.render(self.forms())

    def render(self, forms, status=200):
        signal, user = self.signal, self.request.user
        events = signal.events.select_related("recorded_by")
        duplicates = []
        if self.is_worker and not signal.is_closed and not signal.merged_into_id:
            duplicates = list(
                handling.find_duplicates(signal)
                .visible_to(user)
                .select_related("category", "area")
                .order_by("reported_at")[:10]
            )
        context = self.get_context_data(
            signal=signal,
            forms=forms,
            events=events,
            photos=signal.photos.all(),
            parts=signal.parts.select_related("category", "partner"),
            duplicates=duplicates,
            statuses=[(s, Status(s).label) for s in allowed_statuses(signal, user)],
            term_state=signal.term_state(),
            term_labels=TERM_STATES,
            is_worker=self.is_worker,
            person_visible=bool(signal.person_id)
            and Person.objects.visible_to(user).filter(pk=signal.person_id).exists(),
            note_kind=SignalEvent.Kind.NOTE,
        )
        return self.render_to_response(context, status=status)

    # Acting --------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        self.audit(self.signal)
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            forms = self.forms()
            messages.error(request, "Onbekende handeling.")
            return self.render(forms, status=400)
        if action not in PARTNER_ACTIONS and not self.is_worker:
            raise PermissionDenied("Deze handeling is voor de behandelende organisatie.")
        forms = self.forms(action, request.POST)
        form = forms.get(action)
        if form is None:  # a status that is not allowed from here
            messages.error(request, "Deze statuswijziging is niet mogelijk.")
            return self.render(forms, status=400)
        if form.is_valid():
            try:
                done = getattr(self, f"do_{action}")(form)
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                messages.success(request, done)
                self.audit(self.signal, Action.CHANGE)
                return redirect("signals:signal", number=self.signal.number)
        return self.render(forms)  # shown again with its errors, as every form is

    def do_status(self, form):
        data, user = form.cleaned_data, self.request.user
        handling.transition_with_message(
            self.signal,
            data["status"],
            user=user,
            reason=data["reason"],
            partner=form.chosen_partner() if "partner" in form.fields else None,
            message=data["message"],
        )
        return f"Status gewijzigd in ‘{Status(data['status']).label.lower()}’."

    def do_note(self, form):
        handling.add_note(self.signal, form.cleaned_data["text"], user=self.request.user)
        return "Notitie toegevoegd."

    def do_message(self, form):
        handling.send_message(self.signal, form.cleaned_data["text"], user=self.request.user)
        return "Bericht aan de melder verstuurd."

    def do_assign(self, form):
        assignee = form.chosen_assignee()
        handling.assign(self.signal, assignee, user=self.request.user)
        return "Toegewezen." if assignee else "Toewijzing ingetrokken."

    def do_reroute(self, form):
        handling.reroute(
            self.signal,
            form.chosen_organisation(),
            team=form.cleaned_data["team"],
            user=self.request.user,
        )
        return "Melding doorgestuurd."

    def do_split(self, form):
        made = handling.split(self.signal, form.cleaned_data["parts"], user=self.request.user)
        return "Gesplitst in " + ", ".join(part.number for part in made) + "."

    def do_merge(self, form):
        user = self.request.user
        numbers = (form.cleaned_data["duplicate"] or self.signal.number, form.cleaned_data["into"])
        found = {
            s.number: s
            for s in Signal.objects.visible_to(user).filter(number__in=[n.strip() for n in numbers])
        }
        duplicate, into = (found.get(n.strip()) for n in numbers)
        if duplicate is None or into is None:
            raise RuleError("Geen melding met dit nummer in uw bereik.", field="into")
        if self.signal.pk not in (duplicate.pk, into.pk):
            raise RuleError("Voeg samen met deze melding.", field="into")
        handling.merge(duplicate, into, user=user)
        return f"{duplicate.number} is samengevoegd met {into.number}."

    def do_link(self, form):
        handling.link_person(self.signal, form.person, user=self.request.user)
        self.signal.refresh_from_db()
        return "Bewoner gekoppeld."


class SignalPhotoView(SignalsPage, TemplateView):
    """A photo of a signal in scope, from the storage (never public media)."""

    def get(self, request, *args, **kwargs):
        signal = signal_for(request, kwargs["number"])
        pk = str(kwargs["pk"])
        photo = signal.photos.filter(pk=int(pk)).first() if len(pk) < 19 else None
        if photo is None:
            raise Http404("Deze foto bestaat niet.")
        self.audit(signal)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError as error:
            raise Http404("Deze foto is niet meer aanwezig.") from error
        response = FileResponse(handle, content_type=photo.content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
