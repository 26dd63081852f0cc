"""REST API for methods, trajectories and funnels: the same roles, scoping, services and
access log as the pages. Each view declares `required_roles` and `log_object_type`; the
access layer (kwartier.core.access.api) checks and logs."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.lookup import MAX_ID, plausible_public_id
from kwartier.core.access.pages import ROLE_REFUSED
from kwartier.core.access.roles import (
    EVERYONE,
    FUNDER,
    TRAJECTORY_MEMBERS,
    VOLUNTEERS,
    WORKERS,
    WORKERS_AND_FUNDER,
    WORKERS_AND_VOLUNTEERS,
    has_role,
)
from kwartier.core.errors import RuleError
from kwartier.core.models import Area, Organisation, Person, User
from kwartier.core.stats import SMALL_CELL
from kwartier.core.validators import field_validators

from . import funnels, reporting, services
from .models import Method, Phase, PhaseVisit, ReviewNote, Trajectory
from .views import default_period, may_see_measurements

OBJECT_TYPE = "traject"
ID_PATTERN = r"[0-9]{1,18}"  # larger ids cannot exist (and SQLite cannot even compare them)


# Methods -------------------------------------------------------------------------------


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = [
            "order",
            "code",
            "name",
            "description",
            "expected_days",
            "role",
            "checklist",
            "instruments",
            "fields",
        ]


class MethodSerializer(serializers.ModelSerializer):
    phases = PhaseSerializer(many=True, read_only=True)
    shared = serializers.SerializerMethodField()

    class Meta:
        model = Method
        fields = [
            "id",
            "code",
            "version",
            "is_current",
            "name",
            "description",
            "target_group",
            "min_age",
            "max_age",
            "max_duration_days",
            "acting_role",
            "outcomes",
            "end_reasons",
            "phases",
            "shared",
        ]

    def get_shared(self, obj) -> bool:
        return obj.organisation_id is None


class MethodViewSet(
    AccessViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Method templates: the current versions (all versions with `?all=1`)."""

    serializer_class = MethodSerializer
    required_roles = EVERYONE
    organisation_required = True
    lookup_value_regex = ID_PATTERN
    filterset_fields = ["code"]

    def get_queryset(self):
        methods = Method.objects.usable_by(self.request.user).prefetch_related("phases")
        if self.action == "list" and self.request.query_params.get("all") != "1":
            methods = methods.current()
        return methods.order_by("name", "-version")


# Trajectories --------------------------------------------------------------------------


class VisitSerializer(serializers.ModelSerializer):
    phase = serializers.SlugRelatedField(slug_field="code", read_only=True)
    phase_name = serializers.CharField(source="phase.name", read_only=True)

    class Meta:
        model = PhaseVisit
        fields = ["phase", "phase_name", "entered_on", "left_on", "checked", "backwards", "reason"]


class ReviewNoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    text = serializers.CharField(max_length=5000)

    class Meta:
        model = ReviewNote
        fields = ["id", "written_on", "text", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class MemberField(serializers.PrimaryKeyRelatedField):
    """A member of the caller's organisation with one of `roles`."""

    def __init__(self, roles, **kwargs):
        self.roles = roles
        super().__init__(**kwargs)

    def get_queryset(self):
        user = self.context["request"].user
        return User.objects.filter(
            organisation_id=user.organisation_id, role__in=self.roles, is_active=True
        )

    def to_internal_value(self, data):
        if isinstance(data, int) and not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class PersonField(serializers.SlugRelatedField):
    """A resident of the caller's own organisation, by kenmerk, within their scope."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="public_id", **kwargs)

    def get_queryset(self):
        user = self.context["request"].user
        return Person.objects.visible_to(user).filter(organisation_id=user.organisation_id)

    def to_internal_value(self, data):
        # What cannot be a kenmerk is not looked up (PostgreSQL refuses a NUL byte).
        if not plausible_public_id(data):
            self.fail("does_not_exist", slug_name="public_id", value=data)
        return super().to_internal_value(data)


class MethodField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Method.objects.usable_by(self.context["request"].user).current()

    def to_internal_value(self, data):
        if isinstance(data, int) and not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class TrajectorySerializer(serializers.ModelSerializer):
    person = PersonField()
    method = MethodField()
    method_code = serializers.CharField(source="method.code", read_only=True)
    worker = MemberField(WORKERS)
    volunteer = MemberField(VOLUNTEERS, required=False, allow_null=True)
    current_phase = serializers.SlugRelatedField(slug_field="code", read_only=True)
    source = serializers.CharField(max_length=60, required=False, allow_blank=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Trajectory
        fields = [
            "id",
            "person",
            "method",
            "method_code",
            "worker",
            "volunteer",
            "current_phase",
            "started_on",
            "ended_on",
            "outcome",
            "end_reason",
            "source",
            "next_action",
            "next_action_due",
            "overdue",
            "activity",
            "data",
        ]
        read_only_fields = [
            "ended_on",
            "outcome",
            "end_reason",
            "next_action",
            "next_action_due",
            "activity",
            "data",
        ]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()

    def create(self, validated):
        return services.start_trajectory(
            validated["person"],
            validated["method"],
            validated["worker"],
            validated.get("started_on") or timezone.localdate(),
            source=validated.get("source", ""),
            volunteer=validated.get("volunteer"),
        )


class TrajectoryDetailSerializer(TrajectorySerializer):
    visits = VisitSerializer(many=True, read_only=True)
    notes = serializers.SerializerMethodField()

    class Meta(TrajectorySerializer.Meta):
        fields = [*TrajectorySerializer.Meta.fields, "visits", "notes"]

    def get_notes(self, obj) -> list[dict]:
        # Intervisie notes are for the team of the organisation only.
        if not has_role(self.context["request"].user, WORKERS):
            return []
        return ReviewNoteSerializer(obj.notes.select_related("author"), many=True).data


class VolunteerTrajectorySerializer(serializers.ModelSerializer):
    """What an assigned advisor or buddy sees: first name, phase, checklist, next action."""

    given_name = serializers.CharField(source="person.given_name", read_only=True)
    method_code = serializers.CharField(source="method.code", read_only=True)
    current_phase = serializers.SlugRelatedField(slug_field="code", read_only=True)
    checklist = serializers.SerializerMethodField()

    class Meta:
        model = Trajectory
        fields = [
            "id",
            "given_name",
            "method_code",
            "current_phase",
            "started_on",
            "ended_on",
            "next_action",
            "next_action_due",
            "checklist",
        ]

    def get_checklist(self, obj) -> list[dict]:
        visit = obj.visits.filter(left_on__isnull=True).select_related("phase").first()
        if visit is None:
            return []
        return [
            {"index": i, "item": item, "done": i in visit.checked}
            for i, item in enumerate(visit.phase.checklist)
        ]


class AdvanceParams(serializers.Serializer):
    on = serializers.DateField(help_text="De datum van de overgang")


class BackParams(serializers.Serializer):
    phase = serializers.CharField(max_length=40, help_text="Code van een eerdere fase")
    reason = serializers.CharField(max_length=300)
    on = serializers.DateField(required=False)


class EndParams(serializers.Serializer):
    ended_on = serializers.DateField()
    end_reason = serializers.CharField(max_length=40)
    outcome = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class ChecklistParams(serializers.Serializer):
    checked = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=1000))


class NextActionParams(serializers.Serializer):
    next_action = serializers.CharField(max_length=200)
    next_action_due = serializers.DateField(
        required=False,
        allow_null=True,
        validators=field_validators(Trajectory, "next_action_due"),
    )


class TrajectoryViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Trajectories of residents in scope. Volunteers see only those they are assigned to,
    with less of the resident; partners those a consent for 'traject' covers."""

    required_roles = {
        "read": TRAJECTORY_MEMBERS,
        "write": WORKERS,
        "checklist": WORKERS_AND_VOLUNTEERS,
    }
    organisation_required = True
    write_refused_message = ROLE_REFUSED
    log_object_type = OBJECT_TYPE  # the actions (advance, back, ...) are logged as changes
    lookup_value_regex = ID_PATTERN
    filter_backends: list = []

    def get_queryset(self):
        trajectories = Trajectory.objects.visible_to(self.request.user).select_related(
            "method", "current_phase", "person"
        )
        if self.action != "list":
            return trajectories
        params = self.request.query_params
        status_param = params.get("status", "lopend")
        if status_param == "lopend":
            trajectories = trajectories.running()
        elif status_param == "beeindigd":
            trajectories = trajectories.filter(ended_on__isnull=False)
        if params.get("method"):
            trajectories = trajectories.filter(method__code=params["method"])
        if params.get("phase"):
            trajectories = trajectories.filter(current_phase__code=params["phase"])
        worker = params.get("worker", "")
        if worker:
            if not worker.isdigit() or len(worker) > 18:
                return trajectories.none()
            trajectories = trajectories.filter(worker_id=int(worker))
        if params.get("overdue") in {"1", "true"}:
            trajectories = trajectories.overdue()
        return trajectories.order_by("next_action_due", "-started_on", "pk")

    def get_serializer_class(self):
        if has_role(self.request.user, VOLUNTEERS):
            return VolunteerTrajectorySerializer
        if self.action in {"retrieve", "create"} or self.action in self.action_serializers:
            return TrajectoryDetailSerializer
        return TrajectorySerializer

    action_serializers = {"advance", "back", "end", "checklist", "next_action", "notes"}

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=["lopend", "beeindigd", "alle"]),
            OpenApiParameter("method", str, description="Code van de methode"),
            OpenApiParameter("phase", str, description="Code van de huidige fase"),
            OpenApiParameter("worker", int, description="Id van de begeleider"),
            OpenApiParameter("overdue", bool, description="Alleen met verlopen actie"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        trajectory = self.get_object()
        data = self.get_serializer(trajectory).data
        if not has_role(request.user, VOLUNTEERS) and may_see_measurements(
            request.user, trajectory.person
        ):
            phase = trajectory.current_phase
            data["instruments"] = phase.instruments if phase and trajectory.is_running else []
        return Response(data)

    def _act(self, request, params_class, act):
        trajectory = self.get_object()
        params = params_class(data=request.data)
        params.is_valid(raise_exception=True)
        act(trajectory, params.validated_data)  # a RuleError is the handler's 400
        trajectory.refresh_from_db()
        return Response(self.get_serializer(trajectory).data)

    @extend_schema(request=AdvanceParams, responses=TrajectoryDetailSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None, **kwargs):
        """Naar de volgende fase."""
        return self._act(
            request,
            AdvanceParams,
            lambda t, p: services.advance(t, request.user, p["on"]),
        )

    @extend_schema(request=BackParams, responses=TrajectoryDetailSerializer)
    @action(detail=True, methods=["post"])
    def back(self, request, pk=None, **kwargs):
        """Terug naar een eerdere fase, met reden."""

        def act(trajectory, params):
            phase = trajectory.method.phases.filter(code=params["phase"]).first()
            if phase is None:
                raise RuleError("Onbekende fase van deze methode.")
            services.go_back(trajectory, phase, params["reason"], request.user, params.get("on"))

        return self._act(request, BackParams, act)

    @extend_schema(request=EndParams, responses=TrajectoryDetailSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None, **kwargs):
        """Beëindigen met een reden en (als de methode die kent) een uitkomst."""
        return self._act(
            request,
            EndParams,
            lambda t, p: services.end_trajectory(
                t, p["ended_on"], p["outcome"], p["end_reason"], request.user
            ),
        )

    @extend_schema(request=ChecklistParams, responses=TrajectoryDetailSerializer)
    @action(detail=True, methods=["post"])
    def checklist(self, request, pk=None, **kwargs):
        """De checklist van de huidige fase: de nummers (vanaf 0) van de afgevinkte punten."""
        return self._act(
            request, ChecklistParams, lambda t, p: services.set_checklist(t, p["checked"])
        )

    @extend_schema(request=NextActionParams, responses=TrajectoryDetailSerializer)
    @action(detail=True, methods=["post"], url_path="next-action")
    def next_action(self, request, pk=None, **kwargs):
        """De volgende actie en de datum waarop die uiterlijk gedaan is."""
        return self._act(
            request,
            NextActionParams,
            lambda t, p: services.plan_next_action(t, p["next_action"], p.get("next_action_due")),
        )

    @extend_schema(request=ReviewNoteSerializer, responses=TrajectoryDetailSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None, **kwargs):
        """Een intervisienotitie toevoegen."""
        return self._act(
            request,
            ReviewNoteSerializer,
            lambda t, p: services.add_review_note(t, p["text"], request.user, p.get("written_on")),
        )


# Funnels -------------------------------------------------------------------------------


class FunnelParams(serializers.Serializer):
    method = serializers.CharField(max_length=40)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    area = serializers.CharField(max_length=10, required=False, help_text="CBS-code van een gebied")
    referrer = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def validate(self, data):
        start, end = default_period()
        data.setdefault("start", start)
        data.setdefault("end", end)
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": ["De einddatum ligt vóór de begindatum."]})
        if "area" in data:
            data["area"] = Area.objects.filter(code=data["area"]).first()
            if data["area"] is None:
                raise serializers.ValidationError({"area": ["Onbekend gebied."]})
        if "referrer" in data:
            data["referrer"] = Organisation.objects.filter(pk=data["referrer"]).first()
            if data["referrer"] is None:
                raise serializers.ValidationError({"referrer": ["Onbekende organisatie."]})
        return data


class FunnelView(AccessViewMixin, APIView):
    """The funnel of one method (figures only; for the gemeente small cells as "<5")."""

    required_roles = WORKERS_AND_FUNDER
    organisation_required = True

    @extend_schema(
        parameters=[FunnelParams],
        responses={
            200: inline_serializer(
                "Funnel",
                {
                    "method": serializers.CharField(),
                    "start": serializers.DateField(),
                    "end": serializers.DateField(),
                    "suppressed": serializers.BooleanField(),
                    "steps": serializers.ListField(child=serializers.DictField()),
                    "phase_times": serializers.ListField(child=serializers.DictField()),
                    "outcomes": serializers.ListField(child=serializers.DictField()),
                    "end_reasons": serializers.ListField(child=serializers.DictField()),
                    "scores": serializers.ListField(child=serializers.DictField()),
                    "running": serializers.CharField(),
                    "ended": serializers.CharField(),
                    "note": serializers.CharField(),
                },
            ),
            404: OpenApiResponse(description="Onbekende methode."),
        },
    )
    def get(self, request):
        params = FunnelParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        method = reporting.current_method(request.user, data["method"])
        if method is None:
            raise NotFound("Onbekende methode.")
        report = reporting.build(
            request.user, method, data["start"], data["end"], data.get("area"), data.get("referrer")
        )
        small_cell = SMALL_CELL if has_role(request.user, FUNDER) else None
        figures = funnels.table(report.funnel, small_cell)
        del figures["complementary"]  # for the page's legend; the "x" speaks for itself
        for step in figures["steps"]:
            del step["value"]
        return Response(
            {
                "method": method.code,
                "start": report.start,
                "end": report.end,
                "suppressed": small_cell is not None,
                **figures,
                "note": report.note,
            }
        )
