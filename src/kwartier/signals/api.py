"""REST API for signals: the work queue's list and filters, a signal by its number, new
signals from workers and partners, and the handling as actions.

The same domain functions as the pages (services.py, handling.py) and the same gate:
the viewset declares who may use each action (`required_roles`) and which signals a
visitor may change (`may_change`); the access layer checks it and writes the access log,
whose entry names the linked resident, if any (`obj.person`). Signals are scoped by
`Signal.objects.visible_to`: out of scope is a 404.
"""

from __future__ import annotations

from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from kwartier.core import geo
from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.log import Action
from kwartier.core.access.roles import PARTNERS, SIGNAL_HANDLERS, WORKERS, has_role
from kwartier.core.errors import RuleError
from kwartier.core.models import Area, Organisation, Person, User

from . import handling, services
from .models import DESCRIPTION_MAX, Category, Signal, SignalEvent
from .states import Status

SIGNAL = "melding"
REFUSED = "U heeft met deze rol geen toegang tot meldingen."
NUMBER_PATTERN = r"S-[0-9]{4}-[0-9]{6}"
# What a partner (or a worker on the partner's side of a signal passed on to their
# organisation) may do: take it up or close it, and write notes and messages.
PARTNER_ACTIONS = frozenset({"status", "notes", "messages"})
PARTNER_STATUSES = frozenset({Status.IN_BEHANDELING, Status.AFGEHANDELD})
PARTNER_REFUSED = "Als partner kunt u een melding alleen in behandeling nemen of afhandelen."
# Channels a signal made through the API can have (the portal, Open311 and the importer
# have their own ways in).
API_CHANNELS = [
    Signal.Channel.TELEFOON,
    Signal.Channel.BALIE,
    Signal.Channel.WIJKWERKER,
    Signal.Channel.PARTNER,
]
TERMS = ["binnen", "over", "ver-over"]


def handles(user, signal: Signal) -> bool:
    """A worker of the handling organisation: the one who sees the reporter's contact
    and may do everything with the signal."""
    return has_role(user, WORKERS) and signal.organisation_id == user.organisation_id


def partner_side(user, signal: Signal) -> bool:
    return not handles(user, signal)


class NulFreeSlugField(serializers.SlugRelatedField):
    """PostgreSQL refuses a NUL byte in a query: such a value is simply not found."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


def category_field(**kwargs):
    return NulFreeSlugField(
        slug_field="code",
        queryset=Category.objects.filter(active=True),
        help_text="Code van de categorie, bijvoorbeeld afval.",
        **kwargs,
    )


# Reading -----------------------------------------------------------------------------


class ReporterSerializer(serializers.Serializer):
    name = serializers.CharField(source="reporter_name")
    email = serializers.CharField(source="reporter_email")
    phone = serializers.CharField(source="reporter_phone")


class SignalSerializer(serializers.ModelSerializer):
    """A signal as its handlers see it; the reporter's contact only for the workers of
    the handling organisation, the linked resident only for who may see that resident."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    buurt = serializers.CharField(source="area.code", read_only=True)
    buurt_name = serializers.CharField(source="area.name", read_only=True)
    term = serializers.SerializerMethodField(
        help_text="binnen, over of ver-over (drie keer de termijn of meer)."
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    partner_name = serializers.CharField(
        source="partner.name", read_only=True, allow_null=True, default=None
    )
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="number", read_only=True)
    parts = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="number", read_only=True)
    person = serializers.SerializerMethodField(help_text="Kenmerk van de gekoppelde bewoner.")
    reporter = serializers.SerializerMethodField(
        help_text="Contact van de melder: alleen voor de behandelende organisatie."
    )

    class Meta:
        model = Signal
        fields = [
            "number",
            "status",
            "status_label",
            "category",
            "category_name",
            "description",
            "buurt",
            "buurt_name",
            "address",
            "latitude",
            "longitude",
            "channel",
            "urgency",
            "attributes",
            "reported_at",
            "due_at",
            "closed_at",
            "term",
            "reopened_count",
            "organisation",
            "organisation_name",
            "team",
            "partner",
            "partner_name",
            "assignee",
            "parent",
            "parts",
            "merged_into",
            "person",
            "contact_consent",
            "reporter",
            "satisfied",
            "satisfaction_comment",
        ]
        read_only_fields = fields

    def get_term(self, obj) -> str:
        return obj.term_state()

    def get_person(self, obj) -> str | None:
        if obj.person_id is None:
            return None
        user = self.context["request"].user
        visible = Person.objects.visible_to(user).filter(pk=obj.person_id).exists()
        return obj.person.public_id if visible else None

    @extend_schema_field(ReporterSerializer(allow_null=True))
    def get_reporter(self, obj):
        if not handles(self.context["request"].user, obj):
            return None
        if not (obj.reporter_name or obj.reporter_email or obj.reporter_phone):
            return None
        return ReporterSerializer(obj).data


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recorded_by = serializers.SerializerMethodField(help_text="Naam van de medewerker.")
    # Plain codes: the statuses are described once, on the signal.
    from_status = serializers.CharField(read_only=True, help_text="Vorige status (of leeg).")
    to_status = serializers.CharField(read_only=True, help_text="Nieuwe status (of leeg).")

    class Meta:
        model = SignalEvent
        fields = [
            "created_at",
            "kind",
            "kind_label",
            "from_status",
            "to_status",
            "text",
            "recorded_by",
            "by_reporter",
        ]
        read_only_fields = fields

    def get_recorded_by(self, obj) -> str | None:
        user = obj.recorded_by
        return (user.get_full_name() or user.username) if user else None


# Writing -----------------------------------------------------------------------------


class SignalCreateSerializer(serializers.Serializer):
    category = category_field()
    description = serializers.CharField(max_length=DESCRIPTION_MAX)
    buurt = NulFreeSlugField(
        slug_field="code",
        queryset=Area.objects.filter(level=Area.Level.BUURT),
        required=False,
        help_text="CBS-code van de buurt; zonder: de buurt waarin het punt ligt.",
    )
    address = serializers.CharField(max_length=160, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, required=False, allow_null=True
    )
    urgency = serializers.ChoiceField(choices=Signal.Urgency.choices, required=False)
    channel = serializers.ChoiceField(
        choices=[(c.value, c.label) for c in API_CHANNELS],
        required=False,
        help_text="Standaard: wijkwerker voor medewerkers, partner voor partners.",
    )
    reporter_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    reporter_email = serializers.EmailField(required=False, allow_blank=True)
    reporter_phone = serializers.CharField(max_length=25, required=False, allow_blank=True)
    contact_consent = serializers.BooleanField(
        required=False, help_text="De melder wil dat er contact met hem wordt opgenomen."
    )

    def validate(self, attrs):
        user = self.context["request"].user
        partner = has_role(user, PARTNERS)
        channel = attrs.setdefault(
            "channel", Signal.Channel.PARTNER if partner else Signal.Channel.WIJKWERKER
        )
        if partner and channel != Signal.Channel.PARTNER:
            raise RuleError("Een partner meldt via het kanaal partner.", field="channel")
        contact = [attrs.get(f) for f in ("reporter_name", "reporter_email", "reporter_phone")]
        if any(contact) and not attrs.get("contact_consent"):
            raise RuleError(
                "Bewaar contactgegevens van de melder alleen als die contact wil.",
                field="contact_consent",
            )
        self._place(attrs)
        return attrs

    def _place(self, attrs) -> None:
        """The buurt, from its code or from the point; a point must lie in a buurt of the
        municipality (and in the buurt given, if one is)."""
        lat, lon = attrs.get("latitude"), attrs.get("longitude")
        if (lat is None) != (lon is None):
            raise RuleError("Geef breedte- en lengtegraad allebei, of geen van beide.", "latitude")
        if lat is None:
            if attrs.get("buurt") is None:
                raise RuleError("Geef de buurt of een punt.", field="buurt")
            return
        at = geo.buurt_at(float(lon), float(lat))
        if at is None:
            raise RuleError("Dit punt ligt buiten de buurten van de gemeente.", "latitude")
        given = attrs.setdefault("buurt", at)
        if given.pk != at.pk:
            raise RuleError(f"Het punt ligt in {at.name}, niet in {given.name}.", "buurt")


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="Id van de organisatie, bij doorzetten.",
    )
    message = serializers.CharField(
        max_length=handling.TEXT_MAX,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Bericht aan de melder; weggelaten: het antwoordsjabloon, leeg: geen bericht.",
    )


class AssignSerializer(serializers.Serializer):
    assignee = serializers.CharField(
        allow_null=True, help_text='Gebruikersnaam, "me" of null (niemand).'
    )


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=handling.TEXT_MAX)


class PartSerializer(serializers.Serializer):
    category = category_field()
    partner = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    description = serializers.CharField(max_length=DESCRIPTION_MAX, required=False)


class SplitSerializer(serializers.Serializer):
    parts = PartSerializer(many=True, allow_empty=False)


class MergeSerializer(serializers.Serializer):
    into = serializers.CharField(help_text="Nummer van de melding waarmee wordt samengevoegd.")


class LinkSerializer(serializers.Serializer):
    person = NulFreeSlugField(
        slug_field="public_id",
        queryset=Person.objects.none(),
        allow_null=True,
        help_text="Kenmerk van de bewoner; null ontkoppelt.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # None: building the schema
            self.fields["person"].queryset = Person.objects.visible_to(request.user)


# The list's filters ------------------------------------------------------------------


class SignalFilter(filters.FilterSet):
    """The work queue's filters."""

    status = filters.ChoiceFilter(choices=Status.choices)
    category = filters.CharFilter(
        method="filter_category", label="Code van een categorie (met de subcategorieën)"
    )
    buurt = filters.CharFilter(field_name="area__code", label="CBS-code van de buurt")
    term = filters.ChoiceFilter(
        choices=[(t, t) for t in TERMS], method="filter_term", label="Termijn"
    )
    assignee = filters.CharFilter(method="filter_assignee", label='Gebruikersnaam of "me"')
    channel = filters.ChoiceFilter(choices=Signal.Channel.choices)
    urgency = filters.ChoiceFilter(choices=Signal.Urgency.choices)

    class Meta:
        model = Signal
        fields = ["status", "category", "buurt", "term", "assignee", "channel", "urgency"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(Q(category__code=value) | Q(category__parent__code=value))

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        return queryset.filter(assignee__username=value)

    def filter_term(self, queryset, name, value):
        """As `Signal.term_state`, in SQL: until the due date, or until three terms."""
        end = Coalesce(F("closed_at"), Value(timezone.now()), output_field=DateTimeField())
        # Durations compared with durations: SQLite and PostgreSQL both do that right.
        duration = DurationField()
        elapsed = ExpressionWrapper(end - F("reported_at"), output_field=duration)
        term = ExpressionWrapper(F("due_at") - F("reported_at"), output_field=duration)
        queryset = queryset.annotate(
            term_elapsed=elapsed,
            term_length=term,
            term_three=ExpressionWrapper(term * 3, output_field=duration),
        )
        if value == "binnen":
            return queryset.filter(term_elapsed__lte=F("term_length"))
        late = queryset.filter(term_elapsed__gt=F("term_length"))
        if value == "ver-over":
            return late.filter(term_elapsed__gte=F("term_three"))
        return late.filter(term_elapsed__lt=F("term_three"))


# The viewset -------------------------------------------------------------------------


class SignalViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Signals: workers handle those of their organisation, a partner what was routed or
    passed on to it. Every read and change of a signal is in the access log."""

    required_roles = {
        "read": SIGNAL_HANDLERS,
        "create": SIGNAL_HANDLERS,
        "status": SIGNAL_HANDLERS,
        "notes": SIGNAL_HANDLERS,
        "messages": SIGNAL_HANDLERS,
        "assign": WORKERS,
        "split": WORKERS,
        "merge": WORKERS,
        "link": WORKERS,
    }
    organisation_required = True
    refused_message = write_refused_message = REFUSED
    log_object_type = SIGNAL
    log_actions = {"notes": Action.CHANGE, "messages": Action.CHANGE}
    lookup_field = "number"
    lookup_value_regex = NUMBER_PATTERN
    filterset_class = SignalFilter

    def get_queryset(self):
        return (
            Signal.objects.visible_to(self.request.user)
            .select_related(
                "category", "area", "organisation", "partner", "assignee", "parent", "merged_into"
            )
            .prefetch_related("parts")
        )

    def get_serializer_class(self):
        return {
            "create": SignalCreateSerializer,
            "status": StatusSerializer,
            "assign": AssignSerializer,
            "notes": TextSerializer,
            "messages": TextSerializer,
            "split": SplitSerializer,
            "merge": MergeSerializer,
            "link": LinkSerializer,
            "history": EventSerializer,
        }.get(self.action, SignalSerializer)

    def may_change(self, user, obj) -> bool:
        """The handling organisation's workers do everything (their scope is the
        queryset's); the partner side only the partner's actions, on what is theirs."""
        if handles(user, obj):
            return True
        theirs = user.organisation_id in (obj.partner_id, obj.organisation_id)
        return theirs and self.action in PARTNER_ACTIONS

    def _answer(self, signal, code=http.HTTP_200_OK):
        signal = self.get_queryset().filter(pk=signal.pk).first() or signal
        return Response(SignalSerializer(signal, context=self.get_serializer_context()).data, code)

    def _input(self):
        serializer = self.get_serializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(responses={201: SignalSerializer})
    def create(self, request, *args, **kwargs):
        data = self._input()
        signal = services.report(
            category=data["category"],
            area=data["buurt"],
            description=data["description"],
            channel=data["channel"],
            user=request.user,
            **{
                k: v
                for k, v in data.items()
                if k not in ("category", "buurt", "description", "channel")
            },
        )
        self.audit(signal, Action.CREATE)
        # The creator may not see it afterwards (routed elsewhere): answer what was made.
        body = SignalSerializer(signal, context=self.get_serializer_context()).data
        return Response(body, status=http.HTTP_201_CREATED)

    @extend_schema(request=StatusSerializer, responses={200: SignalSerializer})
    @action(detail=True, methods=["post"])
    def status(self, request, *args, **kwargs):
        """Change the status along the state machine; the reporter gets the message or
        the category's response template."""
        signal = self.get_object()
        data = self._input()
        if (has_role(request.user, PARTNERS) or partner_side(request.user, signal)) and data[
            "status"
        ] not in PARTNER_STATUSES:
            raise PermissionDenied(PARTNER_REFUSED)
        signal = handling.transition_with_message(
            signal,
            data["status"],
            user=request.user,
            reason=data.get("reason", ""),
            partner=data.get("partner"),
            message=data.get("message"),
        )
        self.audit(signal)
        return self._answer(signal)

    @extend_schema(request=AssignSerializer, responses={200: SignalSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, *args, **kwargs):
        signal = self.get_object()
        wanted = self._input()["assignee"]
        assignee = None
        if wanted == "me":
            assignee = request.user
        elif wanted:
            assignee = User.objects.filter(username=wanted.replace("\x00", "")).first()
            if assignee is None:
                raise RuleError("Onbekende gebruiker.", field="assignee")
        signal = handling.assign(signal, assignee, user=request.user)
        self.audit(signal)
        return self._answer(signal)

    @extend_schema(request=TextSerializer, responses={201: EventSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request, *args, **kwargs):
        """An internal note, for the handlers only."""
        signal = self.get_object()
        event = handling.add_note(signal, self._input()["text"], user=request.user)
        self.audit(signal)
        return Response(EventSerializer(event).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=TextSerializer, responses={201: EventSerializer})
    @action(detail=True, methods=["post"])
    def messages(self, request, *args, **kwargs):
        """A message to the reporter, shown on their status page."""
        signal = self.get_object()
        event = handling.send_message(signal, self._input()["text"], user=request.user)
        self.audit(signal)
        return Response(EventSerializer(event).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=SplitSerializer, responses={201: SignalSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def split(self, request, *args, **kwargs):
        """Split into sub-signals, each passed on to its partner."""
        signal = self.get_object()
        parts = handling.split(signal, self._input()["parts"], user=request.user)
        self.audit(signal)
        body = SignalSerializer(parts, many=True, context=self.get_serializer_context()).data
        return Response(body, status=http.HTTP_201_CREATED)

    @extend_schema(request=MergeSerializer, responses={200: SignalSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        """Merge this signal into another (`into`): this one is closed."""
        signal = self.get_object()
        number = self._input()["into"]
        into = self.get_queryset().filter(number=number.replace("\x00", "")).first()
        if into is None:
            raise RuleError("Onbekende melding, of buiten uw bereik.", field="into")
        signal = handling.merge(signal, into, user=request.user)
        self.audit(signal)
        return self._answer(signal)

    @extend_schema(request=LinkSerializer, responses={200: SignalSerializer})
    @action(detail=True, methods=["post"])
    def link(self, request, *args, **kwargs):
        """Link the resident the signal is about (`person`: null unlinks)."""
        signal = self.get_object()
        person = self._input()["person"]
        if person is None:
            signal = handling.unlink_person(signal, user=request.user)
        else:
            signal = handling.link_person(signal, person, user=request.user)
        self.audit(signal)
        return self._answer(signal)

    @extend_schema(responses={200: SignalSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def duplicates(self, request, *args, **kwargs):
        """Open signals that may be the same (same category within 100 m, or the same
        address, within 14 days), among those the caller may see."""
        signal = self.get_object()
        found = self.get_queryset().filter(pk__in=handling.find_duplicates(signal).values("pk"))
        return Response(
            SignalSerializer(found, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: EventSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, *args, **kwargs):
        signal = self.get_object()
        events = signal.events.select_related("recorded_by")
        return Response(EventSerializer(events, many=True).data)
