"""View mixins that write the access log for pages and API endpoints on person-level data.

Pages and viewsets name their `log_object_type`; the mixins log one entry per
request: a search for a list, a read for a detail page, a change or create for a
saved form, and a denied read when the object is outside the user's scope.
"""

from django.http import Http404
from rest_framework.exceptions import NotFound

from .access import grant_for
from .audit import Action, Result, access_point_of, log_access


def person_of(obj):
    """The resident an object is about (a Person is about itself)."""
    return obj if hasattr(obj, "public_id") else getattr(obj, "person", None)


def log_object(request, obj, action: str, object_type: str) -> None:
    person = person_of(obj)
    grant = grant_for(request.user, person) if person is not None else None
    log_access(
        request.user,
        action=action,
        object_type=object_type,
        object_id=getattr(obj, "public_id", None) or obj.pk,
        person_public_id=person.public_id if person is not None else "",
        legal_basis=grant.legal_basis if grant else "",
        consent_id=grant.consent_id if grant else None,
        access_point=access_point_of(request),
    )


def log_denied(request, object_type: str, object_id) -> None:
    requested = str(object_id or "")
    log_access(
        request.user,
        action=Action.READ,
        object_type=object_type,
        object_id=requested,
        person_public_id=requested if requested.startswith("K-") else "",
        result=Result.DENIED,
        access_point=access_point_of(request),
        detail="buiten bereik of onbekend",
    )


def log_search(request, object_type: str, count: int) -> None:
    # The search words themselves may be a name: only the number of results is kept.
    log_access(
        request.user,
        action=Action.SEARCH,
        object_type=object_type,
        access_point=access_point_of(request),
        detail=f"{count} resultaten",
    )


class LoggedObjectMixin:
    """Detail and edit pages: log the read (GET) or the denied lookup."""

    log_object_type = ""
    log_read_action = Action.READ

    def get_object(self, queryset=None):
        try:
            obj = super().get_object(queryset)
        except Http404:
            log_denied(self.request, self.log_object_type, self._requested_id())
            raise
        if self.request.method == "GET":
            log_object(self.request, obj, self.log_read_action, self.log_object_type)
        return obj

    def _requested_id(self):
        return next(iter(self.kwargs.values()), "")

    def form_valid(self, form):
        is_new = form.instance.pk is None
        response = super().form_valid(form)
        log_object(
            self.request,
            self.object,
            Action.CREATE if is_new else Action.CHANGE,
            self.log_object_type,
        )
        return response


class LoggedListMixin:
    """List pages: one search entry per page shown, with the number of results."""

    log_object_type = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = context.get("paginator")
        count = paginator.count if paginator else len(context.get("object_list") or [])
        log_search(self.request, self.log_object_type, count)
        return context


class LoggedViewSetMixin:
    """The same logging for DRF viewsets."""

    log_object_type = ""

    def get_object(self):
        try:
            obj = super().get_object()
        except (Http404, NotFound):
            log_denied(self.request, self.log_object_type, self.kwargs.get(self.lookup_field))
            raise
        if self.request.method == "GET":
            log_object(self.request, obj, Action.READ, self.log_object_type)
        return obj

    def permission_denied(self, request, message=None, code=None):
        if request.user and request.user.is_authenticated:
            log_denied(request, self.log_object_type, self.kwargs.get(self.lookup_field))
        super().permission_denied(request, message=message, code=code)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        data = response.data
        count = data.get("count", 0) if isinstance(data, dict) else len(data)
        log_search(request, self.log_object_type, count)
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        log_object(self.request, serializer.instance, Action.CREATE, self.log_object_type)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        log_object(self.request, serializer.instance, Action.CHANGE, self.log_object_type)
