"""Matches: follow-up and end for workers; a volunteer reads only their own, minimally."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action
from kwartier.core.access.roles import VOLUNTEERS, WORKERS, WORKERS_AND_VOLUNTEERS, has_role
from kwartier.core.validators import field_validators

from .. import decisions
from ..models import (
    Match,
)
from ..scoping import log_volunteer_read, volunteer_view
from .base import MATCH
from .serializers import MatchSerializer


class VolunteerMatchSerializer(serializers.Serializer):
    """A match as its volunteer sees it: no more of the resident than the match needs."""

    id = serializers.IntegerField(source="match_id")
    first_name = serializers.CharField()
    buurt = serializers.CharField()
    category = serializers.CharField()
    question = serializers.CharField()
    slots = serializers.ListField(child=serializers.CharField())
    recurrence = serializers.CharField()
    start_date = serializers.DateField()
    introduction_on = serializers.DateField(allow_null=True)
    contact_shared = serializers.BooleanField()
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)

    def to_representation(self, instance):
        return super().to_representation(volunteer_view(instance))


class FollowUpRequest(serializers.Serializer):
    result = serializers.ChoiceField(choices=Match.FollowUp.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class EndRequest(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Match.Outcome.choices)
    reason = serializers.CharField(max_length=200)


class IntroductionRequest(serializers.Serializer):
    introduction_on = serializers.DateField(
        allow_null=True, validators=field_validators(Match, "introduction_on")
    )


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("status", str, enum=Match.Status.values)])
)
class MatchViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Matches: follow-up and end for workers; a volunteer reads only their own, minimally."""

    serializer_class = MatchSerializer
    required_roles = {"read": WORKERS_AND_VOLUNTEERS, "write": WORKERS}
    log_object_type = MATCH
    log_actions = {"followup": Action.CHANGE, "end": Action.CHANGE, "introduction": Action.CHANGE}
    filterset_fields = ["status"]

    def is_volunteer(self) -> bool:
        return has_role(self.request.user, VOLUNTEERS)

    def get_serializer_class(self):
        return VolunteerMatchSerializer if self.is_volunteer() else MatchSerializer

    def get_queryset(self):
        return (
            Match.objects.visible_to(self.request.user)
            .select_related("request__person__household__buurt", "request__category", "helper")
            .order_by("-started_on", "-pk")
        )

    def audit(self, obj, action=None):
        if not self.is_volunteer():  # a volunteer's read is logged in retrieve()
            super().audit(obj, action)

    def retrieve(self, request, *args, **kwargs):
        match = self.get_object()
        if self.is_volunteer():
            log_volunteer_read(request, match, MATCH)
        return Response(self.get_serializer(match).data)

    def _act(self, request, params_class, act):
        match = self.get_object()
        params = params_class(data=request.data)
        params.is_valid(raise_exception=True)
        match = act(match, params.validated_data)
        match.refresh_from_db()
        return Response(self.get_serializer(match).data)

    @extend_schema(request=FollowUpRequest, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def followup(self, request, pk=None, format=None):
        """'Heeft dit tot een koppeling geleid?': ja, nog-niet (ask again later), nee (ends)."""
        return self._act(
            request,
            FollowUpRequest,
            lambda m, d: decisions.follow_up(
                m, user=request.user, result=d["result"], note=d.get("note", "")
            ),
        )

    @extend_schema(request=EndRequest, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None, format=None):
        """End the match; outcome afgerond, zoeken (search again) or gestopt."""
        return self._act(
            request,
            EndRequest,
            lambda m, d: decisions.end(
                m, user=request.user, reason=d["reason"], outcome=d["outcome"]
            ),
        )

    @extend_schema(request=IntroductionRequest, responses=MatchSerializer)
    @action(detail=True, methods=["post"])
    def introduction(self, request, pk=None, format=None):
        """Record (or clear) the date of the kennismaking."""
        return self._act(
            request,
            IntroductionRequest,
            lambda m, d: decisions.set_introduction(
                m, user=request.user, introduction_on=d["introduction_on"]
            ),
        )
