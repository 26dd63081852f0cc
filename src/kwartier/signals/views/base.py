"""What every staff page on signals shares: the gate and the lookup of one signal."""

from __future__ import annotations

from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import SIGNAL_HANDLERS

from ..models import Signal

SIGNAL = "melding"
NOT_FOUND = "Geen melding met dit nummer in uw bereik."


class SignalsPage(RoleRequiredMixin):
    """Signals belong to organisations: workers handle their own organisation's, a
    partner what was passed on or routed to it."""

    required_roles = SIGNAL_HANDLERS
    organisation_required = True
    log_object_type = SIGNAL
    refused_message = "U heeft met deze rol geen toegang tot meldingen."


def signal_for(request, number: str, queryset=None) -> Signal:
    """The signal with this number in the user's scope, or a logged 404."""
    queryset = queryset if queryset is not None else Signal.objects.all()
    return record_for(
        request,
        queryset.visible_to(request.user),
        number,
        log_as=SIGNAL,
        message=NOT_FOUND,
        field="number",
    )
