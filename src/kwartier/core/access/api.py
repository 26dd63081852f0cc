"""The one API permission and the viewset mixin that writes the access log.

A viewset (or APIView) declares who may call it, what it logs and, for endpoints under
one resident, which data category the resident's grant must cover, as Open Zaak
declares scopes and audits on its viewsets:

    class TieList(AccessViewMixin, generics.ListCreateAPIView):
        required_roles = {"read": DOSSIER_READERS, "write": WORKERS}
        resident_kwarg = "public_id"
        data_category = "netwerk"
        log_object_type = "netwerk"
        log_actions = {"accept": Action.CHANGE}   # custom actions that change the object

`RolePermission` is the project's default permission class (settings.REST_FRAMEWORK).
"""

from django.http import Http404
from rest_framework import permissions
from rest_framework.exceptions import NotFound

from .log import Action, log_denied, log_event, log_search
from .lookup import WRITE_REFUSED, resident_for
from .pages import ROLE_REFUSED
from .roles import EVERYONE, roles_for


class RolePermission(permissions.BasePermission):
    """Signed in, a member of an organisation where the view asks for one, and in the
    roles the view's `required_roles` admits for this method or action."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if getattr(view, "organisation_required", False) and not user.organisation_id:
            return False
        declared = getattr(view, "required_roles", EVERYONE)
        action = getattr(view, "action", None)
        allowed = roles_for(declared, request.method, action)
        if user.role in allowed:
            return True
        if not allowed and not hasattr(view, request.method.lower()):
            return True  # nobody may write here and the route has no such method: 405
        # Otherwise a method the route lacks is refused by role first, as any write is.
        reads = user.role in roles_for(declared, "GET", action if action == "list" else None)
        if request.method not in permissions.SAFE_METHODS and reads:
            self.message = getattr(view, "write_refused_message", WRITE_REFUSED)
        else:
            self.message = getattr(view, "refused_message", ROLE_REFUSED)
        return False

    def has_object_permission(self, request, view, obj):
        # A view may narrow writing to some objects (a partner edits its own entries).
        if request.method in permissions.SAFE_METHODS or not hasattr(view, "may_change"):
            return True
        return view.may_change(request.user, obj)


# No docstring: drf-spectacular would show it as the description of every endpoint
# that has none of its own.
# Viewsets and API views on person-level data: the resident of the URL (when
# `resident_kwarg` is set) and one access-log entry per request, written when the
# answer is ready: a search with the count for a list, else an entry on what the
# request was about (`self.audit(obj)`: the resident of the URL, the object looked
# up, created, changed or deleted) with its action: read for GET, create, change or
# delete for the writes, `log_actions[action]` for a custom action (default: change).
# Refusals are logged as denied.
class AccessViewMixin:
    required_roles = EVERYONE
    organisation_required = False
    log_object_type = ""
    log_read_action = Action.READ  # e.g. EXPORT for an endpoint that hands out a dossier
    log_actions: dict = {}
    resident_kwarg = ""
    data_category = ""

    def initial(self, request, *args, **kwargs):
        self._audited = None
        super().initial(request, *args, **kwargs)
        if self.resident_kwarg:
            self.person = resident_for(
                request,
                kwargs[self.resident_kwarg],
                category=self.data_category,
                write=request.method not in permissions.SAFE_METHODS,
                log_as=self.log_object_type,
            )
            self.audit(self.person)

    def audit(self, obj, action: str | None = None) -> None:
        """Name what this request is about (its id is kept now: a deleted record loses it)."""
        self._audited = (obj, getattr(obj, "public_id", None) or obj.pk, action)

    def get_object(self):
        try:
            obj = super().get_object()
        except (Http404, NotFound):
            if self.log_object_type:
                log_denied(self.request, self.log_object_type, self.kwargs.get(self.lookup_field))
            raise
        self.audit(obj)
        return obj

    def permission_denied(self, request, message=None, code=None):
        if self.log_object_type and request.user and request.user.is_authenticated:
            requested = self.kwargs.get(self.resident_kwarg or self.lookup_field)
            log_denied(request, self.log_object_type, requested)
        super().permission_denied(request, message=message, code=code)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self.log_object_type and not self.resident_kwarg:
            data = response.data
            count = data.get("count", 0) if isinstance(data, dict) else len(data)
            log_search(request, self.log_object_type, count)
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.audit(serializer.instance, Action.CREATE)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.audit(serializer.instance, Action.CHANGE)

    def perform_destroy(self, instance):
        self.audit(instance, Action.DELETE)
        super().perform_destroy(instance)

    def finalize_response(self, request, response, *args, **kwargs):
        audited = getattr(self, "_audited", None)
        if audited and self.log_object_type and response.status_code < 400:
            obj, object_id, action = audited
            if request.method in permissions.SAFE_METHODS:
                action = self.log_read_action
            elif action is None:
                action = self.log_actions.get(getattr(self, "action", None), Action.CHANGE)
            log_event(request, action, self.log_object_type, obj, object_id=object_id)
        return super().finalize_response(request, response, *args, **kwargs)
