"""Matches: follow-up and end for workers; a volunteer reads only their own, minimally."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kwartier.core.access.log import Action, access_point_of, log_access, log_denied, log_object
from kwartier.core.access.roles import WORKERS
from kwartier.core.validators import field_validators

from .. import decisions
from ..models import (
    Match,
)
from ..scoping import volunteer_view
from ..views import log_volunteer
from .base import MATCH, SupportViewSet, decision_response
from .serializers import MatchSerializer

# Matches -------------------------------------------------------------------------------


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


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SupportViewSet):
    """Matches: follow-up and end for workers; a volunteer reads only their own, minimally."""

    serializer_class = MatchSerializer
    read_roles = WORKERS | {"vrijwilliger"}
    filterset_fields = ["status"]

    def is_volunteer(self) -> bool:
        return getattr(self.request.user, "role", None) == "vrijwilliger"

    def get_queryset(self):
        return (
            Match.objects.visible_to(self.request.user)
            .select_related("request__person__household__buurt", "request__category", "helper")
            .order_by("-started_on", "-pk")
        )

    @extend_schema(responses=MatchSerializer)
    def retrieve(self, request, *args, **kwargs):
        match = self.get_object()
        if request.method == "GET":
            if self.is_volunteer():
                log_volunteer(request, match, Action.READ)
                return Response(VolunteerMatchSerializer(volunteer_view(match)).data)
            log_object(request, match, Action.READ, MATCH)
        return Response(self.get_serializer(match).data)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Match.Status.values)])
    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        items = page if page is not None else list(queryset)
        if self.is_volunteer():
            data = [VolunteerMatchSerializer(volunteer_view(m)).data for m in items]
        else:
            data = self.get_serializer(items, many=True).data
        log_access(
            request.user,
            action=Action.SEARCH,
            object_type=MATCH,
            access_point=access_point_of(request),
            detail=f"{self.paginator.page.paginator.count if page is not None else len(items)} "
            "resultaten",
        )
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self):
        try:
            return super().get_object()
        except (Http404, NotFound):
            log_denied(self.request, MATCH, self.kwargs.get("pk"))
            raise

    def permission_denied(self, request, message=None, code=None):
        if request.user and request.user.is_authenticated:
            log_denied(request, MATCH, self.kwargs.get("pk"))
        super().permission_denied(request, message=message, code=code)

    def _act(self, request, params_class, act):
        match = self.get_object()
        params = params_class(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            match = act(match, params.validated_data)
        except decisions.DecisionError as error:
            return decision_response(error)
        log_object(request, match, Action.CHANGE, MATCH)
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
