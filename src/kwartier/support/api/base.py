"""What the support API shares: the log types, the base viewset, domain errors as 400."""

from __future__ import annotations

from rest_framework import permissions, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kwartier.core.access.roles import WORKERS

from .. import decisions

REQUEST = "hulpvraag"
MATCH = "koppeling"

# Permissions ---------------------------------------------------------------------------


class RolePermission(permissions.BasePermission):
    """Reading for the viewset's `read_roles`, writing for its `write_roles`."""

    message = "U heeft met deze rol geen toegang tot deze gegevens."

    def has_permission(self, request, view):
        role = getattr(request.user, "role", None)
        if request.method in permissions.SAFE_METHODS:
            return role in view.read_roles
        return role in view.write_roles


class NoNulInUrl:
    """No id in a URL holds a NUL byte (PostgreSQL refuses one in a query): a 404."""

    def initial(self, request, *args, **kwargs):
        if any("\x00" in str(value) for value in kwargs.values()):
            raise NotFound
        super().initial(request, *args, **kwargs)


class SupportViewSet(NoNulInUrl, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, RolePermission]
    read_roles: frozenset[str] | set[str] = WORKERS
    write_roles: frozenset[str] | set[str] = WORKERS


def decision_response(error: decisions.DecisionError) -> Response:
    return Response(
        {field: [message] for field, message in error.errors.items()},
        status=status.HTTP_400_BAD_REQUEST,
    )
