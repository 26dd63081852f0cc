"""Who may use the privacy functions (shared by pages and API)."""

from kwartier.core.scoping import CAN_EDIT_PERSONS

from .models import LOG_READERS

# Export, erasure and the access log are for coördinators and beheerders only.
DATA_SUBJECT_OFFICERS = LOG_READERS


def can_manage_consent(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in CAN_EDIT_PERSONS


def can_handle_data_subject_requests(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in DATA_SUBJECT_OFFICERS
