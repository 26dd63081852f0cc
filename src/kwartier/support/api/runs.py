"""Match runs and the decisions on their proposals."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action, log_search
from kwartier.core.access.roles import WORKERS
from kwartier.core.validators import field_validators

from .. import decisions, runs
from ..models import (
    HelpRequest,
    Match,
    MatchRun,
    Proposal,
)
from .base import MATCH
from .fields import (
    AreaCodeField,
)
from .serializers import MatchSerializer, ProposalSerializer, UnmatchedSerializer


class MatchRunSerializer(serializers.ModelSerializer):
    area = AreaCodeField(read_only=True)
    run_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    proposals = serializers.SerializerMethodField()
    unmatched = serializers.SerializerMethodField()

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "area",
            "run_by",
            "created_at",
            "request_count",
            "offer_count",
            "proposal_count",
            "duration_ms",
            "proposals",
            "unmatched",
        ]
        read_only_fields = fields

    def _visible(self):
        return HelpRequest.objects.visible_to(self.context["request"].user)

    @extend_schema_field(ProposalSerializer(many=True))
    def get_proposals(self, run) -> list[dict]:
        proposals = run.proposals.filter(request__in=self._visible()).select_related(
            "request__person", "helper"
        )
        return ProposalSerializer(proposals, many=True).data

    @extend_schema_field(UnmatchedSerializer(many=True))
    def get_unmatched(self, run) -> list[dict]:
        unmatched = run.unmatched.filter(request__in=self._visible())
        return UnmatchedSerializer(unmatched, many=True).data


class MatchRunRequest(serializers.Serializer):
    area = AreaCodeField(help_text="CBS-code van de buurt, wijk of gemeente")


class MatchRunViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Match runs: POST {"area": CODE} runs the engine for the hulpvragen in that area."""

    serializer_class = MatchRunSerializer
    required_roles = WORKERS
    log_object_type = MATCH

    def get_queryset(self):
        return MatchRun.objects.visible_to(self.request.user).select_related("area", "run_by")

    def audit(self, obj, action=None):
        """A run is no record of one resident: what it shows of several is logged as a
        search, with the number of proposals and unmatched hulpvragen (below)."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        log_search(request, MATCH, shown(response.data))
        return response

    @extend_schema(request=MatchRunRequest, responses={201: MatchRunSerializer})
    def create(self, request, *args, **kwargs):
        params = MatchRunRequest(data=request.data)
        params.is_valid(raise_exception=True)
        run = runs.run_matching(request.user, params.validated_data["area"])
        data = self.get_serializer(run).data
        log_search(request, MATCH, shown(data))
        return Response(data, status=status.HTTP_201_CREATED)


def shown(run: dict) -> int:
    return len(run["proposals"]) + len(run["unmatched"])


class AcceptRequest(serializers.Serializer):
    consent_confirmed = serializers.BooleanField(
        default=False,
        help_text="Helper van de eigen organisatie: de bewoner gaf toestemming om te delen.",
    )
    consent_obtained = serializers.ChoiceField(
        choices=Proposal.Obtained.choices, required=False, allow_blank=True
    )
    share_contact = serializers.BooleanField(default=False)
    introduction_on = serializers.DateField(
        required=False, allow_null=True, validators=field_validators(Match, "introduction_on")
    )


class RejectRequest(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class ProposalViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Proposals of match runs: accept (needs the resident's consent) or reject."""

    serializer_class = ProposalSerializer
    required_roles = WORKERS
    log_object_type = MATCH
    # Accepting creates the match (the request's subject from then on); rejecting
    # changes the proposal.
    log_actions = {"accept": Action.CREATE, "reject": Action.CHANGE}
    filterset_fields = ["status", "run"]

    def get_queryset(self):
        return (
            Proposal.objects.visible_to(self.request.user)
            .select_related("request__person", "helper")
            .order_by("-run__created_at", "pk")
        )

    @extend_schema(request=AcceptRequest, responses={201: MatchSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None, format=None):
        proposal = self.get_object()
        params = AcceptRequest(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        match = decisions.accept(
            proposal,
            user=request.user,
            consent_confirmed=data["consent_confirmed"],
            consent_obtained=data.get("consent_obtained", ""),
            share_contact=data["share_contact"],
            introduction_on=data.get("introduction_on"),
        )
        self.audit(match)
        return Response(
            MatchSerializer(match, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=RejectRequest, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None, format=None):
        proposal = self.get_object()
        params = RejectRequest(data=request.data)
        params.is_valid(raise_exception=True)
        decisions.reject(proposal, user=request.user, reason=params.validated_data["reason"])
        return Response(self.get_serializer(proposal).data)
