"""REST API of the bewonersbudget: the same rules and roles as the pages.

Reading is open to every signed-in user (public information of a neighbourhood, no person
data); writing is declared by role (`required_roles`, checked by the project's permission)
and narrowed to the round's organisation by `may_change` with the rules of access.py.
Ballot counts and results stay hidden while a round has not reached its results phase.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import EVERYONE, FUNDER, MANAGERS, WORKERS, has_role
from kwartier.core.errors import RuleError
from kwartier.core.models import Area

from . import access, exchange, pbinput, phases, results, review
from .forms import MAX_UPLOAD, round_areas
from .models import BudgetRound, Effect, ExecutionUpdate, Initiative

NO_RIGHTS = "U heeft met deze rol geen rechten om dit te doen bij deze ronde."
NOT_FUNDED = "Alleen gefinancierde initiatieven worden uitgevoerd."
HIDDEN = "De uitslag en de aantallen stemmen zijn pas te zien als het stemmen voorbij is."


class AreaCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        # A body value, not a CharField: PostgreSQL (psycopg 3) refuses a NUL in a query.
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


def _allowed(allowed: bool) -> bool:
    """`may_change`'s answer, refusing with our own Dutch message rather than DRF's."""
    if not allowed:
        raise PermissionDenied(NO_RIGHTS)
    return True


def _as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


# Rounds --------------------------------------------------------------------------------


class BudgetRoundSerializer(serializers.ModelSerializer):
    area = AreaCodeField(queryset=round_areas())
    organisation = serializers.StringRelatedField()
    ballots = serializers.SerializerMethodField(help_text="Pas na het stemmen; anders null.")
    next_phases = serializers.SerializerMethodField()

    class Meta:
        model = BudgetRound
        fields = [
            "id",
            "name",
            "description",
            "area",
            "organisation",
            "amount",
            "phase",
            "min_age",
            "ballot_type",
            "max_projects",
            "cost_cap",
            "points",
            "rule",
            "voting_opens",
            "voting_closes",
            "results_at",
            "ballots",
            "next_phases",
        ]
        read_only_fields = ["phase", "results_at"]

    def get_ballots(self, round) -> int | None:
        return round.ballots.count() if round.results_visible else None

    def get_next_phases(self, round) -> list[str]:
        return phases.next_phases(round)

    def validate(self, data):
        round = self.instance
        if round and round.phase in phases.VOTING_FIXED:
            fixed = [
                name
                for name in ("amount", "ballot_type", "max_projects", "cost_cap", "points", "rule")
                + ("min_age", "area")
                if name in data and data[name] != getattr(round, name)
            ]
            if fixed:
                raise serializers.ValidationError(
                    {name: "Ligt vast sinds het stemmen begon." for name in fixed}
                )

        def value(name):
            return data[name] if name in data else getattr(round, name, None)

        cumulative = value("ballot_type") == BudgetRound.BallotType.CUMULATIVE
        if cumulative and not value("points"):
            raise serializers.ValidationError(
                {"points": "Geef het aantal punten dat iedere stemmer mag verdelen."}
            )
        if not cumulative and value("points"):
            raise serializers.ValidationError({"points": "Punten horen bij punten verdelen."})
        opens, closes = value("voting_opens"), value("voting_closes")
        if opens and closes and closes < opens:
            raise serializers.ValidationError(
                {"voting_closes": "Het stemmen kan niet sluiten voor het opent."}
            )
        return data


class BudgetPhaseSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=BudgetRound.Phase.choices)


class BudgetImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    area = AreaCodeField(queryset=round_areas())
    rule = serializers.ChoiceField(choices=BudgetRound.Rule.choices, default="mes-add1")

    def validate_file(self, upload):
        if upload.size > MAX_UPLOAD:
            raise serializers.ValidationError("Het bestand is groter dan 20 MB.")
        try:
            return pbinput.decode(upload.read())  # the reader `kwartier pb` uses too
        except pbinput.PbProblem as problem:
            raise serializers.ValidationError(str(problem)) from None


class BudgetRoundViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Bewonersbudgetrondes. Every signed-in user reads; a coordinator or beheerder of the
    round's organisation creates and runs rounds (settings, phase, import)."""

    serializer_class = BudgetRoundSerializer
    queryset = BudgetRound.objects.select_related("area", "organisation").order_by("pk")
    filterset_fields = ["phase", "area"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    required_roles = {"read": EVERYONE, "write": MANAGERS}
    refused_message = write_refused_message = NO_RIGHTS

    def may_change(self, user, round) -> bool:
        return _allowed(access.can_run(user, round))

    def perform_create(self, serializer):
        serializer.save(organisation=self.request.user.organisation)

    @extend_schema(request=BudgetPhaseSerializer, responses=BudgetRoundSerializer)
    @action(detail=True, methods=["post"])
    def phase(self, request, pk=None, format=None):
        """Move the round to another phase; 400 with the reasons when it may not yet."""
        round = self.get_object()
        params = BudgetPhaseSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            round = phases.move(round, params.validated_data["phase"], timezone.localdate())
        except DjangoValidationError as error:
            raise RuleError(error.messages, field="phase") from None
        return Response(self.get_serializer(round).data)

    @extend_schema(
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Uitslag met uitleg"),
            403: OpenApiResponse(description="Het stemmen is nog niet voorbij."),
        }
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None, format=None):
        """Selected initiatives, totals and an explanation per initiative for all three rules
        (the round's rule is official). Only once voting is over."""
        round = self.get_object()
        if not round.results_visible:
            raise PermissionDenied(HIDDEN)
        return Response(results.as_json(results.compute(round)))

    @extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None, format=None):
        """The round as a Pabulib `.pb` file; ballots only once voting is over."""
        round = self.get_object()
        response = HttpResponse(exchange.export_pb(round), content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="bewonersbudget-{round.pk}.pb"'
        return response

    @extend_schema(
        request={"multipart/form-data": BudgetImportSerializer},
        responses={201: BudgetRoundSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import")
    def import_pb(self, request, format=None):
        """Create a finished round from a `.pb` file (all or nothing; errors name the line)."""
        params = BudgetImportSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            round = exchange.import_pb(
                data["file"],
                name=data["name"],
                area=data["area"],
                organisation=request.user.organisation,
                rule=data["rule"],
            )
        except exchange.ImportProblem as problem:  # its message names the line
            raise RuleError(str(problem), field="file") from None
        return Response(self.get_serializer(round).data, status=status.HTTP_201_CREATED)


# Initiatives ---------------------------------------------------------------------------


class BudgetInitiativeSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=BudgetRound.objects.all())
    area = AreaCodeField(queryset=Area.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Initiative
        fields = [
            "id",
            "round",
            "title",
            "description",
            "proposer_group",
            "cost",
            "area",
            "status",
            "review_reason",
            "merged_into",
            "funded",
            "meetings_held",
            "residents_reached",
            "supporters",
            "opponents",
            "objections",
            "objections_handled",
        ]
        read_only_fields = ["status", "review_reason", "merged_into", "funded"]

    def validate(self, data):
        instance = self.instance
        round = data.get("round") or instance.round
        if instance and "round" in data and data["round"] != instance.round:
            raise serializers.ValidationError({"round": "Een initiatief blijft in zijn ronde."})
        user = self.context["request"].user
        if not access.can_help(user, round):
            raise PermissionDenied(NO_RIGHTS)
        if not review.round_open_for_initiatives(round):
            changed = [
                name
                for name in ("title", "description", "cost", "area")
                if name in data and (not instance or data[name] != getattr(instance, name))
            ]
            if not instance or changed:
                raise serializers.ValidationError(
                    {name: "Ligt vast sinds het stemmen begon." for name in changed or ["round"]}
                )
        area = data.get("area")
        if area and area.pk != round.area_id and area.parent_id != round.area_id:
            raise serializers.ValidationError({"area": "Kies het gebied van de ronde of een deel."})

        def value(name):
            return data[name] if name in data else getattr(instance, name, 0)

        if value("supporters") + value("opponents") > value("residents_reached"):
            raise serializers.ValidationError(
                {
                    "residents_reached": "Voor- en tegenstanders samen kunnen niet meer zijn "
                    "dan de bereikte bewoners."
                }
            )
        return data


class BudgetReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=list(review.DECISIONS.items()))
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    merged_into = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), required=False, allow_null=True, default=None
    )


def initiatives_visible_to(user):
    """Reviewed initiatives for everyone; those under review for the round's organisation
    (its workers) and the gemeente."""
    queryset = Initiative.objects.select_related("round", "area")
    if has_role(user, FUNDER):
        return queryset
    public = ~Q(status=Initiative.Status.INGEDIEND)
    if has_role(user, WORKERS) and user.organisation_id:
        return queryset.filter(public | Q(round__organisation_id=user.organisation_id))
    return queryset.filter(public)


class InitiativeViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Initiatives of residents with their consultation record; a wijkwerker, coordinator or
    beheerder of the round's organisation enters them, a coordinator or beheerder reviews."""

    serializer_class = BudgetInitiativeSerializer
    filterset_fields = ["round", "status", "funded"]
    # The review passes every role: an initiative the user cannot see stays a 404, and
    # only then does the round's rule (its coordinator or beheerder) refuse with a 403.
    required_roles = {"read": EVERYONE, "write": WORKERS, "review": EVERYONE}
    refused_message = write_refused_message = NO_RIGHTS

    def get_queryset(self):
        return initiatives_visible_to(self.request.user).order_by("pk")

    def may_change(self, user, initiative) -> bool:
        rule = access.can_run if self.action == "review" else access.can_help
        return _allowed(rule(user, initiative.round))

    @extend_schema(request=BudgetReviewSerializer, responses=BudgetInitiativeSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None, format=None):
        """Approve, reject (with a reason) or merge into another initiative of the round."""
        initiative = self.get_object()
        params = BudgetReviewSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            review.decide(initiative, data["decision"], data["reason"], data["merged_into"])
        except DjangoValidationError as error:
            raise _as_api_error(error) from None
        return Response(self.get_serializer(initiative).data)


# Execution and effects -----------------------------------------------------------------


class BudgetInitiativeChildSerializer(serializers.ModelSerializer):
    """Execution updates and effects belong to a funded initiative the user helps with."""

    initiative = serializers.PrimaryKeyRelatedField(queryset=Initiative.objects.all())

    def validate_initiative(self, initiative):
        if not access.can_help(self.context["request"].user, initiative.round):
            raise PermissionDenied(NO_RIGHTS)
        if not initiative.funded:
            raise serializers.ValidationError(
                "Alleen gefinancierde initiatieven worden uitgevoerd."
            )
        return initiative


class BudgetExecutionUpdateSerializer(BudgetInitiativeChildSerializer):
    class Meta:
        model = ExecutionUpdate
        fields = ["id", "initiative", "date", "status", "spent", "note"]


class BudgetEffectSerializer(BudgetInitiativeChildSerializer):
    class Meta:
        model = Effect
        fields = ["id", "initiative", "order", "description", "date"]


class InitiativeChildViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_fields = ["initiative"]
    # The initiative comes with the data: its round's rule is checked by the serializer.
    required_roles = {"read": EVERYONE, "write": WORKERS}
    refused_message = write_refused_message = NO_RIGHTS

    def get_queryset(self):
        visible = initiatives_visible_to(self.request.user)
        return self.serializer_class.Meta.model.objects.filter(initiative__in=visible).order_by(
            "pk"
        )


class ExecutionUpdateViewSet(InitiativeChildViewSet):
    """Execution of funded initiatives: status (gepland, bezig, klaar), date, amount spent."""

    serializer_class = BudgetExecutionUpdateSerializer


class EffectViewSet(InitiativeChildViewSet):
    """Effects of funded initiatives in the three orders (1 results, 2 residents working
    together, 3 relations in the neighbourhood and with institutions)."""

    serializer_class = BudgetEffectSerializer

    def perform_create(self, serializer):
        serializer.save(recorded_by=self.request.user)
