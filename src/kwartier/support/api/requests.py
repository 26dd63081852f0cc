"""Hulpvragen in the API, with the status steps by hand."""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action
from kwartier.core.access.roles import DOSSIER_READERS, WORKERS
from kwartier.core.models import Area

from .. import workflow
from ..models import (
    HelpRequest,
    SupportCategory,
)
from .base import REQUEST
from .fields import (
    LanguagesField,
    ScopedPersonField,
    SlotsField,
    SlugField,
    model_clean,
)


class HelpRequestSerializer(serializers.ModelSerializer):
    person = ScopedPersonField(slug_field="public_id")
    category = SlugField(slug_field="code", queryset=SupportCategory.objects.filter(active=True))
    slots = SlotsField()
    languages = LanguagesField()
    buurt = serializers.SerializerMethodField()
    waiting_days = serializers.IntegerField(read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = HelpRequest
        fields = [
            "id",
            "person",
            "category",
            "description",
            "slots",
            "recurrence",
            "start_date",
            "urgency",
            "languages",
            "helper_gender",
            "requires_vog",
            "lat",
            "lon",
            "buurt",
            "status",
            "stop_reason",
            "registered_on",
            "waiting_days",
            "organisation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "stop_reason"]

    def get_buurt(self, obj) -> str | None:
        buurt = obj.buurt
        return buurt.code if buurt else None

    def validate_person(self, person):
        if self.instance is not None and person.pk != self.instance.person_id:
            raise serializers.ValidationError("De bewoner van een hulpvraag verandert niet.")
        return person

    def validate(self, attrs):
        model_clean(HelpRequest, self.instance, attrs)
        return attrs


class HelpRequestFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=HelpRequest.Status.choices)
    category = filters.CharFilter(field_name="category__code", label="code van de soort hulp")
    person = filters.CharFilter(field_name="person__public_id", label="kenmerk bewoner")
    gebied = filters.CharFilter(method="filter_area", label="CBS-code van een gebied")

    class Meta:
        model = HelpRequest
        fields = ["status", "category", "person", "gebied"]

    def filter_area(self, queryset, name, value):
        area = Area.objects.filter(code=value).first()
        return queryset.none() if area is None else queryset.in_area(area)


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HelpRequest.Status.choices)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class HelpRequestViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Hulpvragen of the residents in scope; a partner reads those its consents cover."""

    serializer_class = HelpRequestSerializer
    filterset_class = HelpRequestFilter
    required_roles = {"read": DOSSIER_READERS, "write": WORKERS}
    log_object_type = REQUEST
    log_actions = {"transition": Action.CHANGE}
    search_fields = ["description"]
    ordering_fields = ["registered_on", "urgency", "status"]

    def get_queryset(self):
        return (
            HelpRequest.objects.visible_to(self.request.user)
            .select_related("person__household__buurt", "category")
            .order_by("registered_on", "pk")
        )

    def perform_create(self, serializer):
        help_request = serializer.save(created_by=self.request.user)
        workflow.record_creation(help_request, self.request.user)
        self.audit(help_request, Action.CREATE)

    @extend_schema(request=TransitionSerializer, responses=HelpRequestSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, format=None):
        """A status step by hand: start searching (zoeken) or stop (gestopt, with reason)."""
        help_request = self.get_object()
        params = TransitionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        workflow.change_by_hand(
            help_request,
            params.validated_data["status"],
            user=request.user,
            reason=params.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(help_request).data)
