"""What the support API shares: the access-log types and the 403 before a 405.

Access is declared on each view (`required_roles`, `log_object_type`, `log_actions`) and
checked and logged by core/access/api.py (docs/architecture.md, "Privacy by design: the
access layer"). A rule of the domain that refuses a request raises `RuleError`, which the
API's exception handler answers with a 400 naming the fields.
"""

from __future__ import annotations

from kwartier.core.access.pages import ROLE_REFUSED
from kwartier.core.access.roles import has_role, roles_for

# What the access log calls the support data.
REQUEST = "hulpvraag"
MATCH = "koppeling"


class RolesBeforeMethod:
    """A role that may not write hears 403, not 405, for a method a route does not have
    (DELETE on a hulpvraag), as this API always answered: `RolePermission` lets every
    role through to the 405 for such a method. (instruments has the same workaround; it
    belongs in core/access/api.py.)"""

    def http_method_not_allowed(self, request, *args, **kwargs):
        if not has_role(request.user, roles_for(self.required_roles, request.method)):
            self.permission_denied(request, message=getattr(self, "refused_message", ROLE_REFUSED))
        return super().http_method_not_allowed(request, *args, **kwargs)
