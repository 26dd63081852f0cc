"""Who must log in with a second step (docs/security.md).

Everyone whose role shows person-level data (DOSSIER_READERS, and volunteers, who see
their matched residents in the support app), everyone with access
to /beheer/, and everyone who set up an authenticator app of their own accord. The
gemeente sees aggregates only and may, but need not, use a second step.
"""

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from kwartier.core.access.roles import DOSSIER_READERS, VOLUNTEERS

SEES_RESIDENTS = DOSSIER_READERS | VOLUNTEERS

# The seven accounts `kwartier demo` makes. Only these names, and only with
# KWARTIER_DEMO_2FA_EXEMPT on, skip the second step: spelled out here rather than
# taken from the demo module, so a new demo account never widens the exemption.
DEMO_USERNAMES = frozenset(
    {"beheerder", "coordinator", "wijkwerker", "vrijwilliger", "partner", "huisarts", "gemeente"}
)


def is_demo_exempt(user) -> bool:
    return bool(settings.KWARTIER_DEMO_2FA_EXEMPT) and user.get_username() in DEMO_USERNAMES


def confirmed_device(user):
    """The user's authenticator app, once set up and confirmed with a code; else None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_factor_required(user) -> bool:
    if not user.is_authenticated or is_demo_exempt(user):
        return False
    if user.role in SEES_RESIDENTS or user.is_staff or user.is_superuser:
        return True
    return confirmed_device(user) is not None
