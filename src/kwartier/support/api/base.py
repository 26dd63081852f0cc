"""What the support API shares: the access-log types, the 403 before a 405, domain errors.

Access is declared on each view (`required_roles`, `log_object_type`, `log_actions`) and
checked and logged by core/access/api.py (docs/architecture.md, "Access layer").
"""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from kwartier.core.access.pages import ROLE_REFUSED
from kwartier.core.access.roles import has_role, roles_for

from .. import decisions

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


def decision_response(error: decisions.DecisionError) -> Response:
    return Response(
        {field: [message] for field, message in error.errors.items()},
        status=status.HTTP_400_BAD_REQUEST,
    )
