"""REST API for the core domain: same scoping and permissions as the web pages."""

from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, viewsets

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.grants import grant_for
from kwartier.core.access.log import Action
from kwartier.core.access.roles import (
    DOSSIER_READERS,
    EVERYONE,
    MANAGERS,
    PARTNERS,
    WORKERS,
    Role,
    can_edit_activity,
    can_edit_persons,
)

from .models import (
    BIRTH_YEAR_MESSAGE,
    POSTCODE_VALIDATOR,
    Activity,
    Area,
    Household,
    Organisation,
    Person,
    normalise_postcode,
)

CONTACT_FIELDS = ("phone", "email", "household")


class AreaCodeField(serializers.SlugRelatedField):
    """An area by its CBS code. A code with a NUL byte does not exist (and PostgreSQL
    refuses one in a query, which would be a 500 instead of a field error)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class PostcodeField(serializers.CharField):
    """A postcode as people type it ("1234ab", "1234 ab"), validated and stored as
    "1234 AB", as in the form."""

    def __init__(self, **kwargs):
        super().__init__(max_length=7, validators=[POSTCODE_VALIDATOR], **kwargs)

    def to_internal_value(self, data):
        return normalise_postcode(super().to_internal_value(data))


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Area
        fields = ["id", "code", "name", "level", "parent", "outline"]


class OrganisationSerializer(serializers.ModelSerializer):
    areas = AreaCodeField(many=True, queryset=Area.objects.all(), required=False)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "areas",
            "email",
            "phone",
            "website",
            "address",
        ]


class ActivitySerializer(serializers.ModelSerializer):
    buurt = AreaCodeField(
        queryset=Area.objects.filter(level=Area.Level.BUURT),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "organisation",
            "title",
            "kind",
            "description",
            "target_group",
            "buurt",
            "location",
            "schedule",
            "cost",
            "contact",
            "gastvrij",
            "active",
        ]

    def validate_organisation(self, organisation):
        user = self.context["request"].user
        if user.role == Role.PARTNER and organisation.pk != user.organisation_id:
            raise serializers.ValidationError(
                "Een partner beheert alleen activiteiten van de eigen organisatie."
            )
        return organisation


class HouseholdSerializer(serializers.ModelSerializer):
    buurt = AreaCodeField(queryset=Area.objects.filter(level=Area.Level.BUURT))
    postcode = PostcodeField()
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "street",
            "house_number",
            "house_number_suffix",
            "postcode",
            "city",
            "buurt",
            "organisation",
            "created_at",
            "updated_at",
        ]


class ScopedHouseholdField(serializers.PrimaryKeyRelatedField):
    """Only households in the caller's scope can be referenced: others do not exist."""

    def get_queryset(self):
        return Household.objects.visible_to(self.context["request"].user)


class PersonSerializer(serializers.ModelSerializer):
    household = ScopedHouseholdField(required=False, allow_null=True)
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)
    birth_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1900,
        max_value=2100,
        label="Geboortejaar",
        help_text="Alleen invullen als de geboortedatum niet bekend is.",
        error_messages={"min_value": BIRTH_YEAR_MESSAGE, "max_value": BIRTH_YEAR_MESSAGE},
    )

    class Meta:
        model = Person
        fields = [
            "public_id",
            "given_name",
            "infix",
            "family_name",
            "birth_date",
            "birth_year",
            "age",
            "phone",
            "email",
            "household",
            "organisation",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["public_id"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if can_edit_persons(user) and instance.organisation_id == user.organisation_id:
            return data
        # Another organisation sees only what the resident's consent covers.
        grant = grant_for(user, instance)
        if grant is None or not grant.allows("contact"):
            for field in CONTACT_FIELDS:
                data.pop(field, None)
        data.pop("birth_date", None)
        data["birth_year"] = instance.year_of_birth
        return data

    def validate(self, attrs):
        # The model's own rules (birth year against birth date, dates in the future).
        candidate = Person(**{**self._current_values(), **attrs})
        candidate.clean()
        return attrs

    def _current_values(self) -> dict:
        if self.instance is None:
            return {}
        return {f: getattr(self.instance, f) for f in ("birth_date", "birth_year")}


class AreaFilter(filters.FilterSet):
    """?gebied=CODE keeps what lies in that gemeente, wijk or buurt."""

    gebied = filters.CharFilter(method="filter_area", label="CBS-code van een gebied")
    area_path = "buurt"

    def filter_area(self, queryset, name, value):
        area = Area.objects.filter(code=value).first()
        if area is None:
            return queryset.none()
        return queryset.filter(**{f"{self.area_path}__in": area.buurt_ids()})


class PersonFilter(AreaFilter):
    area_path = "household__buurt"

    class Meta:
        model = Person
        fields = ["gebied"]


class HouseholdFilter(AreaFilter):
    class Meta:
        model = Household
        fields = ["gebied", "postcode"]


class ActivityFilter(AreaFilter):
    class Meta:
        model = Activity
        fields = ["gebied", "organisation", "kind", "gastvrij", "active"]


class CoreViewSet(AccessViewMixin, viewsets.ModelViewSet):
    # Reference data: everyone signed in reads it; each viewset declares who writes.
    required_roles = {"read": EVERYONE}
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class PersonLevelViewSet(CoreViewSet):
    """Persons and households: scoped queryset, every access logged, new records belong to
    the caller's organisation."""

    required_roles = WORKERS

    def perform_create(self, serializer):
        serializer.save(organisation=self.request.user.organisation)
        self.audit(serializer.instance, Action.CREATE)


class PersonViewSet(PersonLevelViewSet):
    serializer_class = PersonSerializer
    log_object_type = "bewoner"
    filterset_class = PersonFilter
    lookup_field = "public_id"
    search_fields = ["given_name", "family_name", "public_id", "household__postcode"]
    ordering_fields = ["family_name", "birth_date", "updated_at"]

    required_roles = {"read": DOSSIER_READERS, "write": WORKERS}

    def get_queryset(self):
        return Person.objects.visible_to(self.request.user).select_related("household")


class HouseholdViewSet(PersonLevelViewSet):
    serializer_class = HouseholdSerializer
    log_object_type = "huishouden"
    filterset_class = HouseholdFilter
    search_fields = ["street", "postcode", "city"]

    def get_queryset(self):
        return Household.objects.visible_to(self.request.user).select_related("buurt")


class OrganisationViewSet(CoreViewSet):
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.prefetch_related("areas")
    filterset_fields = ["kind"]
    search_fields = ["name", "description"]

    required_roles = {"read": EVERYONE, "write": MANAGERS}


class ActivityViewSet(CoreViewSet):
    serializer_class = ActivitySerializer
    queryset = Activity.objects.select_related("buurt")
    filterset_class = ActivityFilter
    search_fields = ["title", "description", "target_group"]

    required_roles = {"read": EVERYONE, "write": WORKERS | PARTNERS}

    def may_change(self, user, obj) -> bool:
        return can_edit_activity(user, obj)


class AreaViewSet(
    AccessViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = AreaSerializer
    queryset = Area.objects.select_related("parent")
    lookup_field = "code"
    filterset_fields = ["level"]
    search_fields = ["name", "code"]
