"""Privacy API: consents, the access log, and data-subject export and erasure."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.log import AccessLogEntry, Action, log_denied, log_object
from kwartier.core.access.roles import MANAGERS, WORKERS, has_role
from kwartier.core.models import Organisation, Person
from kwartier.core.validators import field_validators

from . import subject
from .models import Consent, DataCategory, ErasureRecord, Purpose
from .views import filter_log


class CodeField(serializers.SlugRelatedField):
    """An object by its code; text no code can hold (a NUL byte, which PostgreSQL refuses
    in a query) is simply not found, as any other unknown code."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value="?")
        return super().to_internal_value(data)


class ScopedPersonField(CodeField):
    """A resident by public id, only among those the caller may see."""

    def get_queryset(self):
        return Person.objects.visible_to(self.context["request"].user)


class ConsentSerializer(serializers.ModelSerializer):
    person = ScopedPersonField(slug_field="public_id")
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    purpose = CodeField(slug_field="code", queryset=Purpose.objects.filter(active=True))
    categories = CodeField(slug_field="code", many=True, queryset=DataCategory.objects.all())
    status = serializers.CharField(read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "organisation",
            "purpose",
            "categories",
            "valid_from",
            "valid_until",
            "obtained",
            "representative",
            "note",
            "status",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
        ]
        read_only_fields = ["recorded_at", "withdrawn_at"]

    def validate(self, attrs):
        if not attrs.get("categories"):
            raise serializers.ValidationError({"categories": "Kies minstens één soort gegevens."})
        person, organisation = attrs["person"], attrs["organisation"]
        if organisation.pk == person.organisation_id:
            raise serializers.ValidationError(
                {"organisation": "Toestemming is voor delen met een andere organisatie."}
            )
        candidate = Consent(**{k: v for k, v in attrs.items() if k != "categories"})
        candidate.clean()
        return attrs


class ConsentPermission(permissions.BasePermission):
    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return has_role(request.user, WORKERS) or request.user.role == "partner"
        return has_role(request.user, WORKERS)


class ConsentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ConsentSerializer
    permission_classes = [permissions.IsAuthenticated, ConsentPermission]

    def get_queryset(self):
        queryset = (
            Consent.objects.visible_to(self.request.user)
            .select_related("person", "purpose", "recorded_by")
            .prefetch_related("categories")
        )
        person = self.request.query_params.get("person")
        if person:
            queryset = queryset.filter(person__public_id=person)
        return queryset

    @extend_schema(parameters=[OpenApiParameter("person", str, description="kenmerk bewoner")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def perform_create(self, serializer):
        consent = serializer.save(recorded_by=self.request.user)
        log_object(self.request, consent.person, Action.CREATE, "toestemming")

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None, format=None):
        if not has_role(request.user, WORKERS):
            raise PermissionDenied("Alleen de organisatie van het dossier trekt toestemming in.")
        consent = self.get_object()
        consent.withdraw(request.user)
        log_object(request, consent.person, Action.CHANGE, "toestemming")
        return Response(self.get_serializer(consent).data)


class AccessLogSerializer(serializers.ModelSerializer):
    # Declared so the schema does not depend on the database's integer range.
    consent_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "at",
            "username",
            "role",
            "organisation_name",
            "on_behalf_of",
            "person_public_id",
            "object_type",
            "object_id",
            "action",
            "legal_basis",
            "consent_id",
            "access_point",
            "result",
            "detail",
        ]


class OfficerPermission(permissions.BasePermission):
    message = "Alleen voor coördinatoren en beheerders."

    def has_permission(self, request, view):
        return has_role(request.user, MANAGERS)


@extend_schema(
    parameters=[
        OpenApiParameter("person", str, description="kenmerk bewoner"),
        OpenApiParameter("action", str, enum=AccessLogEntry.Action.values),
        OpenApiParameter("result", str, enum=AccessLogEntry.Result.values),
    ]
)
class AccessLogList(generics.ListAPIView):
    serializer_class = AccessLogSerializer
    permission_classes = [permissions.IsAuthenticated, OfficerPermission]

    def get_queryset(self):
        params = self.request.query_params
        data = {key: params.get(key, "") for key in ("person", "username", "action", "result")}
        return filter_log(AccessLogEntry.objects.visible_to(self.request.user), data)


class DataSubjectView(APIView):
    """Export and erasure of one resident: coördinator or beheerder, within scope."""

    permission_classes = [permissions.IsAuthenticated, OfficerPermission]

    def person(self, request, public_id):
        queryset = Person.objects.visible_to(request.user).select_related("organisation")
        try:
            return get_object_or_404(queryset, public_id=public_id)
        except Http404:
            log_denied(request, "bewoner", public_id)
            raise


class PersonExport(DataSubjectView):
    @extend_schema(
        responses=inline_serializer(
            "PersonExport",
            {"kenmerk": serializers.CharField(), "gegevens": serializers.DictField()},
        )
    )
    def get(self, request, public_id):
        person = self.person(request, public_id)
        log_object(request, person, Action.EXPORT, "inzage")
        return Response(subject.export_person(person))


class ErasureRequest(serializers.Serializer):
    dry_run = serializers.BooleanField(default=True)
    requested_on = serializers.DateField(
        required=False, validators=field_validators(ErasureRecord, "requested_on")
    )
    reason = serializers.CharField(max_length=200, required=False)

    def validate(self, attrs):
        if not attrs["dry_run"]:
            missing = [f for f in ("requested_on", "reason") if not attrs.get(f)]
            if missing:
                raise serializers.ValidationError(
                    {f: "Verplicht bij een echte wisopdracht." for f in missing}
                )
            if attrs["requested_on"] > timezone.localdate():
                raise serializers.ValidationError({"requested_on": "Ligt in de toekomst."})
        return attrs


class PersonErase(DataSubjectView):
    @extend_schema(
        request=ErasureRequest,
        responses=inline_serializer(
            "ErasureResult",
            {
                "dry_run": serializers.BooleanField(),
                "plan": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def post(self, request, public_id):
        person = self.person(request, public_id)
        params = ErasureRequest(data=request.data)
        params.is_valid(raise_exception=True)
        if params.validated_data["dry_run"]:
            return Response({"dry_run": True, "plan": subject.erasure_plan(person)})
        log_object(request, person, Action.DELETE, "bewoner")
        record = subject.erase_person(
            person,
            user=request.user,
            requested_on=params.validated_data["requested_on"],
            reason=params.validated_data["reason"],
        )
        return Response({"dry_run": False, "plan": record.summary}, status=status.HTTP_200_OK)
