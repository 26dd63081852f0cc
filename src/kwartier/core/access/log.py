"""The access log: one entry per access to person-level data (NEN 7513-style).

Views do not write entries themselves: they declare `log_object_type` and the mixins in
`pages.py` and `api.py` log reads, searches, changes and refusals. Work on a resident
that is not the request's own object (a print, an export, a recompute) is logged by the
domain function that does it, with `log_action`.

The log is append-only: the model refuses changes and deletes, and database triggers
(privacy migration 0002, which created the table) refuse them too, so not even a bug or
a raw query in the application can rewrite who looked at which dossier.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .roles import MANAGERS


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self):
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")

    def visible_to(self, user):
        """Coördinators and beheerders see their organisation's own accesses and every
        access to the residents their organisation registered."""
        from kwartier.core.models import Person

        if getattr(user, "role", None) not in MANAGERS or user.organisation_id is None:
            return self.none()
        own_residents = Person.objects.filter(organisation_id=user.organisation_id).values(
            "public_id"
        )
        return self.filter(
            Q(organisation_id=user.organisation_id) | Q(person_public_id__in=own_residents)
        )


class AccessLogEntry(models.Model):
    """One access to person-level data: who, what, when, why, result.

    No foreign keys: an entry must outlive the user, the organisation and the
    resident it names, and holds only the resident's pseudonymous id.
    """

    class Action(models.TextChoices):
        CREATE = "create", "aangemaakt"
        READ = "read", "bekeken"
        SEARCH = "search", "gezocht"
        EXPORT = "export", "geëxporteerd"
        PRINT = "print", "afgedrukt"
        CHANGE = "change", "gewijzigd"
        DELETE = "delete", "verwijderd"

    class Result(models.TextChoices):
        ALLOWED = "allowed", "toegestaan"
        DENIED = "denied", "geweigerd"

    at = models.DateTimeField("tijdstip", default=timezone.now, db_index=True)
    user_id = models.BigIntegerField("gebruiker-id", null=True)
    username = models.CharField("gebruiker", max_length=150, blank=True)
    role = models.CharField("rol", max_length=20, blank=True)
    organisation_id = models.BigIntegerField("organisatie-id", null=True)
    organisation_name = models.CharField("organisatie", max_length=200, blank=True)
    on_behalf_of = models.CharField("namens", max_length=200, blank=True)
    person_public_id = models.CharField(
        "bewoner (kenmerk)", max_length=12, blank=True, db_index=True
    )
    object_type = models.CharField("soort gegevens", max_length=60)
    object_id = models.CharField("object", max_length=60, blank=True)
    action = models.CharField("handeling", max_length=10, choices=Action.choices)
    legal_basis = models.CharField("grondslag", max_length=120, blank=True)
    consent_id = models.BigIntegerField("toestemming", null=True, blank=True)
    access_point = models.CharField("toegangspunt", max_length=200)
    result = models.CharField("resultaat", max_length=10, choices=Result.choices)
    detail = models.CharField("toelichting", max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        # The table keeps the name it was created with when the log lived in privacy.
        db_table = "privacy_accesslogentry"
        ordering = ["-at", "-pk"]
        verbose_name = "toegangslogregel"
        verbose_name_plural = "toegangslog"
        indexes = [
            models.Index(fields=["person_public_id", "at"], name="privacy_acc_person__f5385f_idx")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Het toegangslog kan niet worden verwijderd.")


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
    # Ids of denied lookups come from the URL: cut to the columns' width, since
    # PostgreSQL refuses what does not fit (and a log entry must never fail).
    entry = AccessLogEntry(
        user_id=getattr(user, "pk", None),
        username=getattr(user, "username", "") or "",
        role=getattr(user, "role", "") or "",
        organisation_id=getattr(organisation, "pk", None),
        organisation_name=str(organisation) if organisation else "",
        on_behalf_of=on_behalf_of,
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


def person_of(obj):
    """The resident an object is about (a Person is about itself)."""
    return obj if hasattr(obj, "public_id") else getattr(obj, "person", None)


def log_event(
    request,
    action: str,
    object_type: str,
    obj=None,
    *,
    person=None,
    object_id=None,
    detail: str = "",
    legal_basis: str | None = None,
    consent_id: int | None = None,
    person_public_id: str = "",
) -> AccessLogEntry:
    """An allowed access through `request`: to `obj` (and the resident it is about) or,
    without one, to what `detail` names (about the resident `person_public_id`, if any).
    The legal basis is the user's grant on the resident unless the caller knows a
    narrower one (a volunteer's match)."""
    from .grants import grant_for

    person = person if person is not None else (person_of(obj) if obj is not None else None)
    if legal_basis is None and person is not None:
        grant = grant_for(request.user, person)
        legal_basis = grant.legal_basis if grant else ""
        consent_id = grant.consent_id if grant else None
    if object_id is None and obj is not None:
        object_id = getattr(obj, "public_id", None) or obj.pk
    return log_access(
        request.user,
        action=action,
        object_type=object_type,
        object_id=object_id or "",
        person_public_id=person.public_id if person is not None else person_public_id,
        legal_basis=legal_basis or "",
        consent_id=consent_id,
        access_point=access_point_of(request),
        detail=detail,
    )


def log_object(request, obj, action: str, object_type: str) -> AccessLogEntry:
    return log_event(request, action, object_type, obj)


def log_denied(
    request, object_type: str, object_id, detail: str = "", person=None
) -> AccessLogEntry:
    """A refused lookup: of a resident (a kenmerk) or of a record of `person`."""
    requested = str(object_id or "")
    if person is not None:
        person_public_id = person.public_id
    else:
        person_public_id = requested if requested.startswith("K-") else ""
    return log_access(
        request.user,
        action=Action.READ,
        object_type=object_type,
        object_id=requested,
        person_public_id=person_public_id,
        result=Result.DENIED,
        access_point=access_point_of(request),
        detail=detail or "buiten bereik of onbekend",
    )


def log_search(request, object_type: str, count: int, detail: str = "") -> AccessLogEntry:
    # The search words themselves may be a name: only the number of results is kept.
    return log_access(
        request.user,
        action=Action.SEARCH,
        object_type=object_type,
        access_point=access_point_of(request),
        detail=detail or f"{count} resultaten",
    )
