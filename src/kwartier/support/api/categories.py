"""Soorten hulp: readable by every signed-in user."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import EVERYONE

from ..models import (
    SupportCategory,
)


class SupportCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportCategory
        fields = ["code", "name", "description", "requires_vog", "active"]


class SupportCategoryViewSet(
    AccessViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Soorten hulp (configurable in beheer); readable by every signed-in user."""

    required_roles = EVERYONE
    serializer_class = SupportCategorySerializer
    queryset = SupportCategory.objects.all()
    lookup_field = "code"
    filterset_fields = ["active"]
