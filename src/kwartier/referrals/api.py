"""REST API for referrals: the same roles, scoping, services and access log as the pages.
The viewset declares who may use each action (`required_roles`); the access layer
(kwartier.core.access.api) checks it and writes the access log."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action
from kwartier.core.access.roles import (
    DOSSIER_READERS,
    FUNDER,
    MANAGERS,
    PARTNERS,
    REFERRAL_FIGURE_READERS,
    WORKERS,
    has_role,
)
from kwartier.core.errors import RuleError
from kwartier.core.models import Area, Organisation, Person, User
from kwartier.privacy.api import ErasureRequest

from . import erasure, overview, services
from .figures import parse_period
from .forms import MAX_REASON, ReferralForm, receiving_organisations, referable_methods
from .models import Feedback, Referral

REFERRAL = "verwijzing"
REFUSED = "U heeft met deze rol geen toegang tot verwijzingen."


class NulFreeSlugField(serializers.SlugRelatedField):
    """PostgreSQL refuses a NUL byte in a query: such a value is simply not found."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class MethodCodeField(NulFreeSlugField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return referable_methods()


class FeedbackSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    emailed = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = ["kind", "kind_label", "written_on", "text", "emailed"]

    def get_emailed(self, obj) -> bool:
        return obj.emailed_at is not None


class ReferralSerializer(serializers.ModelSerializer):
    """A referral as the referrer and the receiving organisation see it."""

    referrer_organisation = serializers.CharField(read_only=True)
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    method = serializers.CharField(source="method.code", read_only=True)
    method_name = serializers.CharField(source="method.name", read_only=True)
    waiting_days = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField(help_text="Kenmerk; alleen voor de ontvanger.")
    trajectory = serializers.SerializerMethodField(help_text="Alleen voor de ontvanger.")
    feedback = FeedbackSerializer(many=True, read_only=True)
    # A plain code here: the choices are described once, on the decline body (`reason`).
    decline_reason = serializers.CharField(read_only=True, help_text="Code van de reden.")
    decline_reason_label = serializers.CharField(
        source="get_decline_reason_display", read_only=True
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "status",
            "received_on",
            "waiting_days",
            "referrer_organisation",
            "referrer_contact",
            "organisation",
            "organisation_name",
            "method",
            "method_name",
            "given_name",
            "infix",
            "family_name",
            "birth_year",
            "postcode",
            "house_number",
            "house_number_suffix",
            "phone",
            "reason",
            "consent_obtained",
            "consent_on",
            "representative",
            "feedback_scope",
            "decided_on",
            "decline_reason",
            "decline_reason_label",
            "decline_note",
            "person",
            "trajectory",
            "feedback",
            "anonymised_at",
        ]
        read_only_fields = fields

    def get_waiting_days(self, obj) -> int:
        return obj.waiting_days()

    def _receiver(self) -> bool:
        return has_role(self.context["request"].user, WORKERS)

    def get_person(self, obj) -> str | None:
        return obj.person.public_id if obj.person_id and self._receiver() else None

    def get_trajectory(self, obj) -> int | None:
        return obj.trajectory_id if self._receiver() else None


class ReferralCreateSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    method = MethodCodeField(help_text="Code van de methode, bijvoorbeeld welzijn-op-recept.")
    reason = serializers.CharField(max_length=MAX_REASON)
    confirm_consent = serializers.BooleanField(
        write_only=True,
        help_text="Bevestig dat de bewoner van de verwijzing weet en toestemming gaf.",
    )

    class Meta:
        model = Referral
        # The web form's fields, and the confirmation the form asks as a checkbox.
        fields = [*ReferralForm.Meta.fields, "confirm_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = receiving_organisations()

    def validate_postcode(self, value):
        from kwartier.core.models import normalise_postcode

        return normalise_postcode(value) if value else value

    def validate_confirm_consent(self, value):
        if not value:
            raise serializers.ValidationError(
                "Zonder toestemming van de bewoner kunt u niet verwijzen."
            )
        return value

    def validate(self, attrs):
        errors = services.check_intake(attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class AcceptSerializer(serializers.Serializer):
    person = NulFreeSlugField(
        slug_field="public_id",
        queryset=Person.objects.none(),
        required=False,
        allow_null=True,
        help_text="Kenmerk van een bekende bewoner; leeg: een nieuwe bewoner registreren.",
    )
    started_on = serializers.DateField()
    worker = NulFreeSlugField(
        slug_field="username", queryset=User.objects.none(), required=False, allow_null=True
    )
    street = serializers.CharField(max_length=120, required=False, allow_blank=True)
    city = serializers.CharField(max_length=80, required=False, allow_blank=True)
    buurt = NulFreeSlugField(
        slug_field="code",
        queryset=Area.objects.filter(level=Area.Level.BUURT),
        required=False,
        allow_null=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:  # building the schema
            return
        user = request.user
        self.fields["person"].queryset = Person.objects.visible_to(user).filter(
            organisation_id=user.organisation_id
        )
        self.fields["worker"].queryset = User.objects.filter(
            organisation_id=user.organisation_id, role__in=WORKERS, is_active=True
        )

    def validate(self, attrs):
        given = [bool(attrs.get(k)) for k in ("street", "city", "buurt")]
        if any(given) and not all(given):
            raise serializers.ValidationError(
                {"street": "Geef straat, plaats en buurt allemaal, of geen van drieën."}
            )
        return attrs


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Referral.DeclineReason.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    on = serializers.DateField(required=False)


class ReferralErasureSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    erases = serializers.ListField(child=serializers.CharField(), help_text="Wat gewist wordt.")
    keeps = serializers.ListField(child=serializers.CharField(), help_text="Wat blijft.")
    anonymised_at = serializers.DateTimeField(allow_null=True)


class ReferralViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Referrals: a partner refers and reads its own; the receiving organisation accepts
    or declines. Every read of a referral is in the access log."""

    # Referrers (partners) read their own, the receiving organisation's workers theirs;
    # erasing is for that organisation's officers (see docs/referrals.md).
    required_roles = {
        "read": DOSSIER_READERS,
        "create": PARTNERS,
        "accept": WORKERS,
        "decline": WORKERS,
        "erase": MANAGERS,
        "overview": REFERRAL_FIGURE_READERS,
    }
    organisation_required = True
    refused_message = write_refused_message = REFUSED
    log_object_type = REFERRAL  # accept and decline are logged as changes
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_fields: list = []

    def get_queryset(self):
        queryset = Referral.objects.visible_to(self.request.user).select_related(
            "referrer_organisation", "organisation", "method", "person"
        )
        wanted = self.request.query_params.get("status", "")
        if wanted in Referral.Status.values:
            queryset = queryset.filter(status=wanted)
        return queryset.prefetch_related("feedback").order_by("-received_on", "-pk")

    def get_serializer_class(self):
        return {
            "create": ReferralCreateSerializer,
            "accept": AcceptSerializer,
            "decline": DeclineSerializer,
            "erase": ErasureRequest,
        }.get(self.action, ReferralSerializer)

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=Referral.Status.values, required=False)]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: ReferralSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "confirm_consent"}
        referral = services.submit(request.user, data)
        self.audit(referral, Action.CREATE)
        body = ReferralSerializer(referral, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=AcceptSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        referral = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        address = {k: data[k] for k in ("street", "city", "buurt")} if data.get("street") else None
        referral = services.accept(
            referral,
            user=request.user,
            started_on=data["started_on"],
            worker=data.get("worker"),
            person=data.get("person"),
            address=address,
        )
        self.audit(referral)
        return Response(ReferralSerializer(referral, context=self.get_serializer_context()).data)

    @extend_schema(request=DeclineSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        referral = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        referral = services.decline(
            referral,
            user=request.user,
            reason=data["reason"],
            note=data.get("note", ""),
            on=data.get("on"),
        )
        self.audit(referral)
        return Response(ReferralSerializer(referral, context=self.get_serializer_context()).data)

    @extend_schema(request=ErasureRequest, responses={200: ReferralErasureSerializer})
    @action(detail=True, methods=["post"])
    def erase(self, request, *args, **kwargs):
        """Erase the resident's data on a declined or open referral: `dry_run` (default
        true) only says what goes and what stays."""
        referral = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        erasure.check_erasable(referral)
        what = erasure.plan(referral)
        if not data["dry_run"]:
            erasure.erase(
                referral,
                user=request.user,
                requested_on=data["requested_on"],
                reason=data["reason"],
            )
        self.audit(referral, Action.READ if data["dry_run"] else Action.DELETE)
        referral.refresh_from_db(fields=["anonymised_at"])
        result = {"dry_run": data["dry_run"], **what, "anonymised_at": referral.anonymised_at}
        return Response(ReferralErasureSerializer(result).data)

    @extend_schema(responses={200: FeedbackSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def feedback(self, request, *args, **kwargs):
        referral = self.get_object()
        return Response(FeedbackSerializer(referral.feedback.all(), many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("period", description="2025, 2025Q4 of 2025-11", required=False),
            OpenApiParameter("referrer", int, description="Id van de verwijzer", required=False),
        ],
        responses={200: dict},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def overview(self, request, *args, **kwargs):
        user = request.user
        text = request.query_params.get("period", "")
        try:
            period = parse_period(text) if text else None
        except RuleError as error:  # the query parameter it is about
            raise RuleError(error.messages, field="period") from None
        referrer = None
        wanted = request.query_params.get("referrer", "")
        if wanted:
            referrers = overview.referrers_for(user)
            referrer = (
                referrers.filter(pk=int(wanted)).first()
                if referrers is not None and wanted.isdigit() and len(wanted) < 19
                else None
            )
            if referrer is None:
                raise RuleError("Onbekende verwijzer.", field="referrer")
        referrals = overview.scope(user, referrer)
        period = period or overview.default_period(referrals, timezone.localdate())
        shown = overview.for_user(
            referrals,
            period,
            for_referrer=has_role(user, PARTNERS),
            suppressed=has_role(user, FUNDER),
        )
        return Response(overview.as_json(shown))
