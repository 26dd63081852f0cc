"""Ecogram API: a resident's ties, the drawing as SVG and the network indicators.

Same access as the pages (`access.py`) and one access-log entry per request.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action
from kwartier.core.access.roles import DOSSIER_READERS, WORKERS
from kwartier.core.models import Organisation, Person

from . import codes
from .access import MAX_ID, may_see_notes, tie_for
from .ecogram import ecogram_for, sorted_ties
from .models import CATEGORY, HIDDEN_LABEL, Tie
from .views import svg_response

SAFE_METHODS = permissions.SAFE_METHODS


class ContactPersonField(serializers.SlugRelatedField):
    """Another resident by kenmerk, only among those the caller may see."""

    default_error_messages = {
        "does_not_exist": "Geen bewoner met dit kenmerk in uw bereik.",
        "invalid": "Geef een kenmerk als tekst.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="public_id", **kwargs)

    def get_queryset(self):
        return Person.objects.visible_to(self.context["request"].user)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not 0 < len(data) <= 12 or not data.isprintable():
            self.fail("does_not_exist", slug_name="public_id", value="")
        return super().to_internal_value(data.strip().upper())


class OrganisationField(serializers.PrimaryKeyRelatedField):
    """An organisation by id; ids no database can hold are "does not exist", not a 500."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class FunctionsField(serializers.MultipleChoiceField):
    """Support functions as a list of codes (E, P, G, A), stored as one string."""

    def __init__(self, **kwargs):
        super().__init__(choices=list(codes.FUNCTIONS.items()), **kwargs)

    def to_internal_value(self, data):
        return codes.normalise_functions(super().to_internal_value(data))

    def to_representation(self, value):
        return [code for code in codes.FUNCTIONS if code in (value or "")]


class TieSerializer(serializers.ModelSerializer):
    contact_kind = serializers.SerializerMethodField(
        help_text="bewoner, organisatie, naam, of afgeschermd (een bewoner buiten uw bereik)"
    )
    contact = serializers.SerializerMethodField(help_text="de naam zoals u die mag zien")
    contact_person = ContactPersonField(
        required=False, allow_null=True, help_text="kenmerk van een bewoner in Kwartier"
    )
    contact_organisation = OrganisationField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    functions = FunctionsField(required=False)

    class Meta:
        model = Tie
        fields = [
            "id",
            "contact_kind",
            "contact",
            "contact_person",
            "contact_organisation",
            "contact_label",
            "group",
            "strength",
            "direction",
            "functions",
            "frequency",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def _visible(self, tie) -> bool:
        visible = self.context.setdefault("visible_contacts", {})
        if tie.contact_person_id not in visible:
            user = self.context["request"].user
            visible[tie.contact_person_id] = (
                Person.objects.visible_to(user).filter(pk=tie.contact_person_id).exists()
            )
        return visible[tie.contact_person_id]

    def get_contact_kind(self, tie) -> str:
        if tie.contact_person_id and not self._visible(tie):
            return "afgeschermd"
        return tie.kind

    def get_contact(self, tie) -> str:
        if tie.contact_person_id and not self._visible(tie):
            return HIDDEN_LABEL
        return tie.contact_description()

    def to_representation(self, tie):
        data = super().to_representation(tie)
        if tie.contact_person_id and not self._visible(tie):
            data["contact_person"] = None
        if not self.context.get("show_notes", False):
            data.pop("note", None)
        return data

    def validate_contact_label(self, value):
        return " ".join(value.split())

    def validate(self, attrs):
        person = self.context["person"]
        tie = Tie(person=person)
        if self.instance is not None:
            for name in ("contact_person", "contact_organisation", "contact_label"):
                setattr(tie, name, getattr(self.instance, name))
            tie.pk = self.instance.pk
        for name in ("contact_person", "contact_organisation", "contact_label"):
            if name in attrs:
                setattr(tie, name, attrs[name] if name != "contact_label" else attrs[name] or "")
        problems = tie.contact_problems()
        if problems:
            field = (
                "contact_person"
                if tie.contact_person_id
                else "contact_organisation"
                if tie.contact_organisation_id
                else "contact_label"
            )
            if "contact" in problems:
                field = "non_field_errors"
            raise serializers.ValidationError({field: list(problems.values())})
        return attrs


class IndicatorsSerializer(serializers.Serializer):
    """The network indicators (docs/network.md); group counts by group code."""

    kenmerk = serializers.CharField()
    size = serializers.IntegerField()
    supportive = serializers.IntegerField()
    burdening = serializers.IntegerField()
    professional = serializers.IntegerField()
    informal = serializers.IntegerField()
    regular_informal = serializers.IntegerField()
    per_group = serializers.DictField(child=serializers.IntegerField())
    functions_covered = serializers.ListField(child=serializers.CharField())
    functions_missing = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class ResidentNetworkMixin(AccessViewMixin):
    """The resident of the URL: workers read and change the ecogram, a partner reads it
    under a consent that covers the network."""

    required_roles = {"read": DOSSIER_READERS, "write": WORKERS}
    resident_kwarg = "public_id"
    data_category = log_object_type = CATEGORY

    def get_serializer_context(self):
        context = super().get_serializer_context()
        person = getattr(self, "person", None)
        if person is not None:
            context["person"] = person
            context["show_notes"] = may_see_notes(self.request.user, person)
        return context


@extend_schema_view(
    get=extend_schema(operation_id="persons_ties_list"),
    post=extend_schema(operation_id="persons_ties_create"),
)
class TieList(ResidentNetworkMixin, generics.ListCreateAPIView):
    """The ties around a resident (GET) and a new tie (POST)."""

    serializer_class = TieSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Tie.objects.none()
        return sorted_ties(
            self.person.ties.select_related("contact_person", "contact_organisation")
        )

    def perform_create(self, serializer):
        self.audit(serializer.save(person=self.person), Action.CREATE)


@extend_schema_view(
    get=extend_schema(operation_id="persons_ties_retrieve"),
    put=extend_schema(operation_id="persons_ties_update"),
    patch=extend_schema(operation_id="persons_ties_partial_update"),
    delete=extend_schema(operation_id="persons_ties_destroy"),
)
class TieDetail(ResidentNetworkMixin, generics.RetrieveUpdateDestroyAPIView):
    """One tie: read, change (PUT, PATCH) or delete."""

    serializer_class = TieSerializer

    def get_queryset(self):
        return Tie.objects.none()

    def get_object(self):
        tie = tie_for(self.request, self.person, self.kwargs["pk"])
        self.audit(tie)
        return tie


class EcogramSvg(ResidentNetworkMixin, APIView):
    """The ecogram as an SVG drawing (image/svg+xml)."""

    def perform_content_negotiation(self, request, force=False):
        # The drawing is always SVG; errors are JSON whatever the client accepts.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="persons_ecogram_retrieve",
        responses={
            (200, "image/svg+xml"): OpenApiResponse(
                response=OpenApiTypes.STR, description="Het ecogram als SVG"
            )
        },
    )
    def get(self, request, public_id) -> HttpResponse:
        return svg_response(ecogram_for(self.person, request.user).svg(), self.person)


class NetworkIndicators(ResidentNetworkMixin, APIView):
    """Network indicators of the resident's ecogram, with the isolation flags."""

    @extend_schema(
        operation_id="persons_network_indicators_retrieve", responses=IndicatorsSerializer
    )
    def get(self, request, public_id):
        indicators = ecogram_for(self.person, request.user).indicators
        return Response({"kenmerk": self.person.public_id, **indicators.as_dict()})
