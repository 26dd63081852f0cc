"""REST API for vraag en aanbod: the same roles, scoping and access log as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action, access_point_of, log_access, log_denied, log_object
from kwartier.core.access.roles import MANAGERS, WORKERS
from kwartier.core.models import Area, Organisation, Person, User
from kwartier.core.validators import field_validators

from . import matches as decisions
from . import multiplier, runs, workflow
from .categories import SLOT_CHOICES
from .matching import LANGUAGE_NAMES
from .models import (
    Helper,
    HelpRequest,
    Match,
    MatchRun,
    ProfessionalCapacity,
    Proposal,
    SupportCategory,
    UnmatchedRequest,
)
from .scoping import volunteer_view
from .views import log_volunteer

REQUEST = "hulpvraag"
MATCH = "koppeling"


# Fields --------------------------------------------------------------------------------


class SlugField(serializers.SlugRelatedField):
    """A related object by a text key. No key holds a NUL byte, and PostgreSQL refuses one
    in a query (a 500 instead of a field error), so it is refused first."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class ScopedPersonField(SlugField):
    """A resident by kenmerk, only among those the caller may see."""

    def get_queryset(self):
        return Person.objects.visible_to(self.context["request"].user)


class AreaCodeField(SlugField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Area.objects.all())
        super().__init__(**kwargs)


class SlotsField(serializers.ListField):
    child = serializers.ChoiceField(choices=SLOT_CHOICES)

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty", False)
        super().__init__(**kwargs)


class LanguagesField(serializers.ListField):
    child = serializers.ChoiceField(choices=sorted(LANGUAGE_NAMES.items()))

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return list(dict.fromkeys(super().to_internal_value(data)))


def model_clean(model_class, instance, attrs: dict, exclude_m2m=()) -> None:
    """Run the model's own clean() on the instance with the new values applied."""
    values = {k: v for k, v in attrs.items() if k not in exclude_m2m}
    if instance is not None:
        candidate = model_class.objects.get(pk=instance.pk)
        for key, value in values.items():
            setattr(candidate, key, value)
    else:
        candidate = model_class(**values)
    try:
        candidate.clean()
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict) from error


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


# Hulpvragen ----------------------------------------------------------------------------


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
    SupportViewSet,
):
    """Hulpvragen of the residents in scope; a partner reads those its consents cover."""

    serializer_class = HelpRequestSerializer
    filterset_class = HelpRequestFilter
    log_object_type = REQUEST
    read_roles = WORKERS | {"partner"}
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
        log_object(self.request, help_request, Action.CREATE, REQUEST)

    @extend_schema(request=TransitionSerializer, responses=HelpRequestSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, format=None):
        """A status step by hand: start searching (zoeken) or stop (gestopt, with reason)."""
        help_request = self.get_object()
        params = TransitionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            workflow.change_by_hand(
                help_request,
                params.validated_data["status"],
                user=request.user,
                reason=params.validated_data.get("reason", ""),
            )
        except workflow.TransitionError as error:
            return Response({error.field: [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        log_object(request, help_request, Action.CHANGE, REQUEST)
        return Response(self.get_serializer(help_request).data)


# Aanbod --------------------------------------------------------------------------------


class HelperSerializer(serializers.ModelSerializer):
    categories = SlugField(
        slug_field="code", many=True, queryset=SupportCategory.objects.filter(active=True)
    )
    slots = SlotsField()
    languages = LanguagesField()
    area = AreaCodeField(required=False, allow_null=True)
    user = SlugField(
        slug_field="username", queryset=User.objects.none(), required=False, allow_null=True
    )
    external_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    load = serializers.SerializerMethodField()
    warning = serializers.SerializerMethodField()

    class Meta:
        model = Helper
        fields = [
            "id",
            "name",
            "kind",
            "user",
            "external_organisation",
            "categories",
            "slots",
            "area",
            "lat",
            "lon",
            "radius_km",
            "capacity",
            "vog_status",
            "vog_date",
            "languages",
            "gender",
            "phone",
            "email",
            "active",
            "note",
            "load",
            "warning",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and getattr(request.user, "organisation_id", None):
            self.fields["user"].queryset = User.objects.filter(
                organisation_id=request.user.organisation_id, role="vrijwilliger"
            )

    def get_load(self, obj) -> int:
        return obj.active_match_count()

    def get_warning(self, obj) -> str:
        return obj.load_warning()

    def validate_user(self, user):
        if user is None:
            return user
        taken = Helper.objects.filter(user=user)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError("Dit account hoort al bij een andere helper.")
        return user

    def validate(self, attrs):
        if attrs.get("kind") in (Helper.Kind.CLUB, Helper.Kind.PROFESSIONEEL) and not attrs.get(
            "external_organisation", getattr(self.instance, "external_organisation", None)
        ):
            raise serializers.ValidationError(
                {"external_organisation": "Kies de organisatie van deze club of dienst."}
            )
        model_clean(Helper, self.instance, attrs, exclude_m2m=("categories",))
        return attrs


class HelperLoadSerializer(serializers.ModelSerializer):
    load = serializers.IntegerField(help_text="lopende koppelingen")
    open_proposals = serializers.IntegerField(source="reserved")
    free = serializers.SerializerMethodField()
    warning = serializers.SerializerMethodField()

    class Meta:
        model = Helper
        fields = ["id", "name", "kind", "capacity", "load", "open_proposals", "free", "warning"]

    def get_free(self, obj) -> int:
        return max(0, obj.capacity - obj.load)

    def get_warning(self, obj) -> str:
        return obj.load_warning()


class HelperViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    SupportViewSet,
):
    """Aanbod coordinated by the caller's organisation, with its load (never typed)."""

    serializer_class = HelperSerializer
    filterset_fields = ["kind", "active", "vog_status"]
    search_fields = ["name", "note"]

    def get_queryset(self):
        return (
            Helper.objects.visible_to(self.request.user)
            .with_load()
            .select_related("area", "user")
            .prefetch_related("categories")
            .order_by("name", "pk")
        )

    def perform_create(self, serializer):
        serializer.save(organisation_id=self.request.user.organisation_id)

    @extend_schema(responses=HelperLoadSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filterset_fields=[])
    def load(self, request, format=None):
        """Available helpers with their load; 'vol' at capacity, 'overvol' above it."""
        helpers = self.get_queryset().filter(active=True)
        return Response(HelperLoadSerializer(helpers, many=True).data)


# Match runs and proposals --------------------------------------------------------------


class UnmatchedSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnmatchedRequest
        fields = ["request", "code", "reason"]


class ProposalSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="request.person.public_id", read_only=True)
    waiting_days = serializers.IntegerField(source="request.waiting_days", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True)
    internal = serializers.BooleanField(source="is_internal", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "run",
            "request",
            "person",
            "waiting_days",
            "helper",
            "helper_name",
            "internal",
            "score",
            "reasons",
            "status",
            "decided_by",
            "decided_at",
            "rejection_reason",
            "consent_confirmed",
            "consent_obtained",
            "consent_share_contact",
        ]
        read_only_fields = fields


class MatchSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="request.person.public_id", read_only=True)
    helper_name = serializers.CharField(source="helper.name", read_only=True)
    followup_due = serializers.BooleanField(source="is_followup_due", read_only=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "request",
            "person",
            "helper",
            "helper_name",
            "status",
            "consent_basis",
            "consent_obtained",
            "share_contact",
            "started_on",
            "introduction_on",
            "followup_due_on",
            "followup_due",
            "followup_on",
            "followup_result",
            "followup_note",
            "ended_on",
            "end_reason",
            "end_outcome",
        ]
        read_only_fields = fields


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
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, SupportViewSet
):
    """Match runs: POST {"area": CODE} runs the engine for the hulpvragen in that area."""

    serializer_class = MatchRunSerializer

    def get_queryset(self):
        return MatchRun.objects.visible_to(self.request.user).select_related("area", "run_by")

    def get_object(self):
        try:
            return super().get_object()
        except (Http404, NotFound):
            log_denied(self.request, MATCH, self.kwargs.get("pk"))
            raise

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self._log_list(request, len(response.data["proposals"]) + len(response.data["unmatched"]))
        return response

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        runs_shown = response.data.get("results", [])
        self._log_list(request, sum(len(r["proposals"]) + len(r["unmatched"]) for r in runs_shown))
        return response

    def _log_list(self, request, count):
        log_access(
            request.user,
            action=Action.SEARCH,
            object_type=MATCH,
            access_point=access_point_of(request),
            detail=f"{count} resultaten",
        )

    @extend_schema(request=MatchRunRequest, responses={201: MatchRunSerializer})
    def create(self, request, *args, **kwargs):
        params = MatchRunRequest(data=request.data)
        params.is_valid(raise_exception=True)
        run = runs.run_matching(request.user, params.validated_data["area"])
        data = self.get_serializer(run).data
        self._log_list(request, len(data["proposals"]) + len(data["unmatched"]))
        return Response(data, status=status.HTTP_201_CREATED)


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
    AccessViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, SupportViewSet
):
    """Proposals of match runs: accept (needs the resident's consent) or reject."""

    serializer_class = ProposalSerializer
    log_object_type = MATCH
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
        try:
            match = decisions.accept(
                proposal,
                user=request.user,
                consent_confirmed=data["consent_confirmed"],
                consent_obtained=data.get("consent_obtained", ""),
                share_contact=data["share_contact"],
                introduction_on=data.get("introduction_on"),
            )
        except decisions.DecisionError as error:
            return decision_response(error)
        log_object(request, match, Action.CREATE, MATCH)
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
        try:
            decisions.reject(proposal, user=request.user, reason=params.validated_data["reason"])
        except decisions.DecisionError as error:
            return decision_response(error)
        log_object(request, proposal, Action.CHANGE, MATCH)
        return Response(self.get_serializer(proposal).data)


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


# Multiplier ----------------------------------------------------------------------------


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
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    SupportViewSet,
):
    """Paid professional capacity (fte) per area and period, kept by a coördinator."""

    serializer_class = CapacitySerializer
    read_roles = MANAGERS
    write_roles = MANAGERS

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


class MultiplierQuery(serializers.Serializer):
    gebied = serializers.CharField(required=False, max_length=10)
    van = serializers.DateField(required=False)
    tot = serializers.DateField(required=False)

    def validate_gebied(self, value):
        area = Area.objects.filter(code=value).first()
        if area is None:
            raise serializers.ValidationError("Onbekend gebied.")
        return area

    def validate(self, attrs):
        start, end = attrs.get("van"), attrs.get("tot")
        if start and end and end < start:
            raise serializers.ValidationError({"tot": "De einddatum ligt vóór de begindatum."})
        return attrs


class MultiplierPermission(permissions.BasePermission):
    message = "De multiplier is voor medewerkers en de gemeente."

    def has_permission(self, request, view):
        return getattr(request.user, "role", None) in WORKERS | {"gemeente"}


class MultiplierView(APIView):
    """Informal matches (and later trajectories) per fte of paid professional capacity."""

    permission_classes = [permissions.IsAuthenticated, MultiplierPermission]

    @extend_schema(
        parameters=[
            OpenApiParameter("gebied", str, description="CBS-code; leeg: alle gebieden"),
            OpenApiParameter("van", str, description="YYYY-MM-DD; standaard 1 januari"),
            OpenApiParameter("tot", str, description="YYYY-MM-DD; standaard 31 december"),
        ],
        responses=inline_serializer(
            "Multiplier",
            {
                "van": serializers.DateField(),
                "tot": serializers.DateField(),
                "suppressed_below": serializers.IntegerField(allow_null=True),
                "rows": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request, format=None):
        query = MultiplierQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        default_start, default_end = multiplier.default_period()
        start = query.validated_data.get("van") or default_start
        end = query.validated_data.get("tot") or default_end
        if end < start:
            start, end = end, start
        small = multiplier.suppresses(request.user)
        rows = multiplier.rows(
            start,
            end,
            multiplier.organisations_for(request.user),
            query.validated_data.get("gebied"),
        )
        payload = []
        for row in rows:
            shown = row.shown(small)
            area = shown["area"]
            payload.append(
                {
                    "area": area.code,
                    "name": area.name,
                    "level": area.level,
                    "counts": shown["counts"],
                    "total": shown["total"],
                    "fte": shown["fte"],
                    "per_fte": shown["ratio"],
                }
            )
        return Response(
            {
                "van": start,
                "tot": end,
                "suppressed_below": multiplier.SMALL_CELL if small else None,
                "rows": payload,
            }
        )
