"""Paid professional capacity (fte) per area and period, kept by a coördinator."""

from __future__ import annotations

from rest_framework import mixins, serializers, viewsets

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import MANAGERS

from ..models import (
    ProfessionalCapacity,
)
from .fields import (
    AreaCodeField,
    model_clean,
)


class CapacitySerializer(serializers.ModelSerializer):
    area = AreaCodeField()
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ProfessionalCapacity
        fields = ["id", "area", "period_start", "period_end", "fte", "note", "recorded_by"]

    def validate(self, attrs):
        model_clean(ProfessionalCapacity, self.instance, attrs)
        return attrs


class CapacityViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Paid professional capacity (fte) per area and period, kept by a coördinator."""

    serializer_class = CapacitySerializer
    required_roles = MANAGERS

    def get_queryset(self):
        return ProfessionalCapacity.objects.visible_to(self.request.user).select_related(
            "area", "recorded_by"
        )

    def perform_create(self, serializer):
        serializer.save(
            organisation_id=self.request.user.organisation_id, recorded_by=self.request.user
        )

    def perform_update(self, serializer):
        serializer.save(recorded_by=self.request.user)
