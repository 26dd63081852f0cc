"""Writing the access log: one call per access to person-level data."""

from .models import AccessLogEntry

Action = AccessLogEntry.Action
Result = AccessLogEntry.Result


def access_point_of(request) -> str:
    """The URL name (web) or endpoint (API) a request came through, never its query string."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return f"{request.method} {match.view_name}"
    return f"{request.method} {request.path}"


def log_access(
    user,
    *,
    action: str,
    object_type: str,
    access_point: str,
    person_public_id: str = "",
    object_id="",
    result: str = Result.ALLOWED,
    legal_basis: str = "",
    consent_id: int | None = None,
    on_behalf_of: str = "",
    detail: str = "",
) -> AccessLogEntry:
    organisation = getattr(user, "organisation", None)
    entry = AccessLogEntry(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        role=getattr(user, "role", "") or "",
        organisation_id=getattr(organisation, "pk", None),
        organisation_name=str(organisation) if organisation else "",
        on_behalf_of=on_behalf_of,
        # Ids of denied lookups come from the URL: cut to the columns' width, since
        # PostgreSQL refuses what does not fit (and a log entry must never fail).
        person_public_id=person_public_id[:12],
        object_type=object_type[:60],
        object_id=str(object_id or "")[:60],
        action=action,
        legal_basis=legal_basis,
        consent_id=consent_id,
        access_point=access_point[:200],
        result=result,
        detail=detail[:200],
    )
    # Requests run in autocommit (no ATOMIC_REQUESTS), so the entry is committed at
    # once and stays even when the page itself fails afterwards.
    entry.save()
    return entry
