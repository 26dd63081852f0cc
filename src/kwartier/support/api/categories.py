"""Soorten hulp: readable by every signed-in user."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from ..models import (
    SupportCategory,
)
from .base import NoNulInUrl

# Categories ----------------------------------------------------------------------------


class SupportCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportCategory
        fields = ["code", "name", "description", "requires_vog", "active"]


class SupportCategoryViewSet(
    NoNulInUrl, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Soorten hulp (configurable in beheer); readable by every signed-in user."""

    serializer_class = SupportCategorySerializer
    queryset = SupportCategory.objects.all()
    lookup_field = "code"
    filterset_fields = ["active"]
