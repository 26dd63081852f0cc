"""What the support pages share: the constants, the role gate, the scoped lookup."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kwartier.core.access.log import (
    log_denied,
)
from kwartier.core.access.roles import WORKERS

from .. import workflow
from ..models import (
    HelpRequest,
)

REQUEST = "hulpvraag"
MATCH = "koppeling"
OPEN_STATUSES = [s for s in HelpRequest.Status.values if s not in workflow.FINAL]


class RoleMixin(LoginRequiredMixin):
    """Only `allowed_roles`; a refused role gets a 403, logged when the page is person-level."""

    allowed_roles: frozenset[str] | set[str] = WORKERS
    log_object_type = ""
    denied_message = "U heeft met deze rol geen toegang tot deze gegevens."

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.role not in self.allowed_roles:
            if self.log_object_type:
                log_denied(request, self.log_object_type, next(iter(kwargs.values()), ""))
            raise PermissionDenied(self.denied_message)
        return super().dispatch(request, *args, **kwargs)


def scoped_or_404(request, queryset, object_type: str, pk):
    """The object in the user's scope, or a 404 that is logged as a denied access."""
    try:
        return get_object_or_404(queryset, pk=pk)
    except Http404:
        log_denied(request, object_type, pk)
        raise


def form_errors_message(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
