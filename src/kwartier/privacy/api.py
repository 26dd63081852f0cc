"""Privacy API: consents, the access log, and data-subject export and erasure."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import AccessLogEntry, Action
from kwartier.core.access.roles import MANAGERS, PARTNERS, WORKERS
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


class ConsentViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ConsentSerializer
    # A partner reads the consents given to its organisation; the dossier's workers
    # record and withdraw them.
    required_roles = {"read": WORKERS | PARTNERS, "write": WORKERS}
    write_refused_message = (
        "Alleen de organisatie van het dossier legt toestemming vast of trekt haar in."
    )
    log_object_type = "toestemming"
    log_actions = {"withdraw": Action.CHANGE}

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
        self.audit(serializer.save(recorded_by=self.request.user), Action.CREATE)

    @extend_schema(request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None, format=None):
        consent = self.get_object()
        consent.withdraw(request.user)
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


# The access log and data-subject requests: coördinators and beheerders only. (No
# docstring: drf-spectacular would show it on the endpoints.)
class OfficerView(AccessViewMixin):
    required_roles = MANAGERS
    refused_message = "Alleen voor coördinatoren en beheerders."


@extend_schema(
    parameters=[
        OpenApiParameter("person", str, description="kenmerk bewoner"),
        OpenApiParameter("action", str, enum=AccessLogEntry.Action.values),
        OpenApiParameter("result", str, enum=AccessLogEntry.Result.values),
    ]
)
class AccessLogList(OfficerView, generics.ListAPIView):
    serializer_class = AccessLogSerializer

    def get_queryset(self):
        params = self.request.query_params
        data = {key: params.get(key, "") for key in ("person", "username", "action", "result")}
        return filter_log(AccessLogEntry.objects.visible_to(self.request.user), data)


class DataSubjectView(OfficerView, APIView):
    """Export and erasure of one resident: coördinator or beheerder, within scope."""

    resident_kwarg = "public_id"


class PersonExport(DataSubjectView):
    log_object_type = "inzage"
    log_read_action = Action.EXPORT

    @extend_schema(
        responses=inline_serializer(
            "PersonExport",
            {"kenmerk": serializers.CharField(), "gegevens": serializers.DictField()},
        )
    )
    def get(self, request, public_id):
        return Response(subject.export_person(self.person))


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
    log_object_type = "bewoner"

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
        person = self.person
        params = ErasureRequest(data=request.data)
        params.is_valid(raise_exception=True)
        if params.validated_data["dry_run"]:
            # The plan names what the dossier holds: a read of it.
            self.audit(person, Action.READ)
            return Response({"dry_run": True, "plan": subject.erasure_plan(person)})
        self.audit(person, Action.DELETE)
        record = subject.erase_person(
            person,
            user=request.user,
            requested_on=params.validated_data["requested_on"],
            reason=params.validated_data["reason"],
        )
        return Response({"dry_run": False, "plan": record.summary}, status=status.HTTP_200_OK)
