"""The one gate for web pages and the mixins that write the access log for them.

A page declares who may use it and what it logs, the way a viewset does in `api.py`:

    class EcogramPage(ResidentMixin, TemplateView):
        required_roles = {"read": DOSSIER_READERS, "write": WORKERS}
        data_category = "netwerk"        # what the resident's grant must cover
        log_object_type = "netwerk"      # what the access log calls it

The gate sends anonymous visitors to the login page, refuses other roles with a 403
(logged as denied when the page logs), then lets the view find its objects.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .log import Action, log_denied, log_event, log_search
from .lookup import resident_for
from .roles import EVERYONE, SAFE_METHODS, roles_for

ROLE_REFUSED = "U heeft met deze rol geen toegang tot deze gegevens."


class RoleRequiredMixin(LoginRequiredMixin):
    """The page gate, and the access log of the page's subject.

    A page that logs (`log_object_type`) names what a request is about with
    `self.audit(obj)` (a resident page does it for the resident); after the response, the
    gate writes one entry: `log_read_action` for a page shown (also a form shown again
    with its errors), `log_write_action` for a change that succeeded (a redirect).
    """

    required_roles = EVERYONE
    organisation_required = False  # pages on an organisation's own work need a member
    log_object_type = ""
    log_read_action = Action.READ
    log_write_action = Action.CHANGE
    refused_message = ROLE_REFUSED

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.role_allowed(request):
            if self.log_object_type:
                log_denied(request, self.log_object_type, next(iter(kwargs.values()), ""))
            raise PermissionDenied(self.refused_message)
        self._audited = None
        self.resolve_access(request, *args, **kwargs)
        response = super().dispatch(request, *args, **kwargs)
        if self._audited is not None and self.log_object_type and response.status_code < 400:
            changed = request.method not in SAFE_METHODS and response.status_code in (301, 302, 303)
            obj, object_id = self._audited
            action = self.log_write_action if changed else self.log_read_action
            log_event(request, action, self.log_object_type, obj, object_id=object_id)
        return response

    def role_allowed(self, request) -> bool:
        user = request.user
        if self.organisation_required and not user.organisation_id:
            return False
        return user.role in roles_for(self.required_roles, request.method)

    def resolve_access(self, request, *args, **kwargs) -> None:
        """Hook: find what the page is about, refusing (logged) what the user may not see."""

    def audit(self, obj, action: str | None = None) -> None:
        """Name what this request is about (its id is kept now: a deleted record loses it)."""
        self._audited = (obj, getattr(obj, "public_id", None) or obj.pk)
        if action is not None:
            self.log_write_action = action


class ResidentMixin(RoleRequiredMixin):
    """Pages about one resident's data of `data_category`: `self.person`, or a logged
    404 (not in the user's scope) or 403 (the grant does not cover the category).
    `write_only` pages (edit forms) need a grant that may change the data even to show."""

    resident_kwarg = "public_id"
    data_category = ""
    write_only = False

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        self.person = resident_for(
            request,
            kwargs[self.resident_kwarg],
            category=self.data_category,
            write=self.write_only or request.method not in SAFE_METHODS,
            log_as=self.log_object_type,
        )
        self.audit(self.person)


class LoggedObjectMixin:
    """Detail and edit pages of a person-level model (with the gate): the object is
    looked up in the user's scope (outside it: a logged 404) and is the page's subject;
    a saved form is logged as a create or a change."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        try:
            obj = super().get_object(queryset)
        except Http404:
            log_denied(self.request, self.log_object_type, next(iter(self.kwargs.values()), ""))
            raise
        self.audit(obj)
        return obj

    def form_valid(self, form):
        is_new = form.instance.pk is None
        response = super().form_valid(form)
        self.audit(self.object, Action.CREATE if is_new else Action.CHANGE)
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
