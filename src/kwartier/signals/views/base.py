"""What every staff page on signals shares: the gate and the lookup of one signal."""

from __future__ import annotations

from django.http import Http404

from kwartier.core.access.log import log_denied
from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import SIGNAL_HANDLERS

from ..models import Signal

SIGNAL = "melding"
NOT_FOUND = "Geen melding met dit nummer in uw bereik."
NUMBER_MAX = 16  # Signal.number's max_length


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
    number = str(number)
    signal = None
    if 0 < len(number) <= NUMBER_MAX and number.isprintable():
        signal = queryset.visible_to(request.user).filter(number=number).first()
    if signal is None:
        log_denied(request, SIGNAL, number[:60], detail=NOT_FOUND)
        raise Http404(NOT_FOUND)
    return signal
