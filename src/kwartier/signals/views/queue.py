"""The work queue: the signals in the user's scope, filtered and paginated in the
database, with the user's saved filters."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView

from kwartier.core.access.pages import LoggedListMixin

from ..models import SavedFilter, Signal
from ..staff_forms import TERM_STATES, QueueFilterForm, SaveFilterForm
from .base import SignalsPage

FILTER_FIELDS = list(QueueFilterForm.base_fields)


def filter_query(params) -> str:
    """The query string of the filter fields that have a value (page left out)."""
    return urlencode([(k, params[k]) for k in FILTER_FIELDS if params.get(k)])


class Queue(SignalsPage, LoggedListMixin, ListView):
    template_name = "signals/queue.html"
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        self.form = QueueFilterForm(self.request.GET, user=user)
        queryset = Signal.objects.visible_to(user).select_related(
            "category", "area", "assignee", "partner"
        )
        return self.form.filter(queryset).order_by("due_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = filter_query(self.request.GET)
        context.update(
            form=self.form,
            query_string=query,
            saved_filters=SavedFilter.objects.filter(user=self.request.user),
            save_form=SaveFilterForm(user=self.request.user, query=query),
            term_labels=TERM_STATES,
        )
        return context


class SavedFilters(SignalsPage, View):
    """Save the queue's current filter under a name, or delete one of one's own."""

    log_object_type = ""  # a filter names no signal

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        queue = reverse("signals:queue")
        if "delete" in request.POST:
            pk = request.POST["delete"]
            deleted = 0
            if pk.isdigit() and len(pk) < 19:
                deleted, _ = SavedFilter.objects.filter(user=request.user, pk=pk).delete()
            if deleted:
                messages.success(request, "Het filter is verwijderd.")
            else:
                messages.error(request, "Dit filter bestaat niet (meer).")
            return redirect(queue)
        query = filter_query(request.POST)
        form = SaveFilterForm(request.POST, user=request.user, query=query)
        if form.is_valid():
            form.save()
            messages.success(request, f"Filter ‘{form.instance.name}’ is bewaard.")
        else:
            errors = [e for field in form.errors.values() for e in field]
            messages.error(request, "Het filter is niet bewaard: " + " ".join(errors))
        return redirect(f"{queue}?{query}" if query else queue)
