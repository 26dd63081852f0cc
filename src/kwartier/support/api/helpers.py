"""Aanbod in the API: helpers and their load."""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import WORKERS, Role
from kwartier.core.models import Organisation, User

from ..models import (
    Helper,
    SupportCategory,
)
from .fields import (
    AreaCodeField,
    LanguagesField,
    SlotsField,
    SlugField,
    model_clean,
)


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
                organisation_id=request.user.organisation_id, role=Role.VRIJWILLIGER
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


class HelperFilter(filters.FilterSet):
    # Query keys in lower camelCase (NL API Design Rules); the field keeps its own name.
    vogStatus = filters.ChoiceFilter(  # noqa: N815
        field_name="vog_status", choices=Helper.VogStatus.choices, label="VOG-status"
    )

    class Meta:
        model = Helper
        fields = ["kind", "active", "vogStatus"]


class HelperViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Aanbod coordinated by the caller's organisation, with its load (never typed)."""

    serializer_class = HelperSerializer
    required_roles = WORKERS
    filterset_class = HelperFilter
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
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def load(self, request, format=None):
        """Available helpers with their load; 'vol' at capacity, 'overvol' above it."""
        helpers = self.get_queryset().filter(active=True)
        return Response(HelperLoadSerializer(helpers, many=True).data)
