"""Instruments API: the definitions, stateless scoring, and a resident's measurements.

- ``GET /api/v1/instruments/`` and ``/instruments/{code}/``: items, options, bands and
  source; ``POST /api/v1/instruments/{code}/score/`` scores ``{"answers": {...}}``
  without storing anything, under the caller's organisation's settings unless the
  body's optional ``"settings"`` names others. Any signed-in user; no person-level data.
- ``/api/v1/measurements/``: the same access as the pages, declared on the viewset and
  checked by the access layer, with one access-log entry per request (category
  "metingen").
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.lookup import plausible_public_id, record_for
from kwartier.core.access.roles import DOSSIER_READERS, EVERYONE, WORKERS
from kwartier.core.errors import RuleError

from . import definitions, display, org_settings, scoring, services
from .access import (
    CATEGORY,
    ROLE_REFUSED,
    WRITE_REFUSED,
    measurements_for,
    persons_with_measurements_for,
)
from .models import INSTRUMENT_CHOICES, Measurement

# Definitions -------------------------------------------------------------------------


def _band(band) -> dict:
    return {"code": band.code, "label": band.label, "low": band.low, "high": band.high}


def definition_data(instrument: definitions.Instrument) -> dict:
    """An instrument as the API shows it: enough to build a form and read a score."""
    return {
        "code": instrument.code,
        "name": instrument.name,
        "version": instrument.version,
        "source": instrument.source,
        "references": list(instrument.references),
        "method": instrument.method.value,
        "instruction": instrument.instruction,
        "items": [
            {
                "id": item.id,
                "text": item.text,
                "subscale": item.subscale,
                "options": [
                    {"code": o.code, "label": o.label, "points": o.points} for o in item.options
                ],
            }
            for item in instrument.items
        ],
        "context_fields": [
            {
                "id": f.id,
                "label": f.label,
                "unit": f.unit,
                "minimum": f.minimum,
                "maximum": f.maximum,
                "integer": f.integer,
            }
            for f in instrument.context_fields
        ],
        "subscales": [
            {"code": s.code, "label": s.label, "bands": [_band(b) for b in s.bands]}
            for s in instrument.subscales
        ],
        "bands": [_band(b) for b in display.bands_of(instrument)],
        "total_range": list(instrument.total_range) if instrument.total_range else None,
        "max_missing": instrument.max_missing,
        "higher_is_better": instrument.higher_is_better,
    }


# What `definition_data` answers, for the schema.
class InstrumentBandSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    low = serializers.IntegerField()
    high = serializers.IntegerField()


class InstrumentOptionSerializer(serializers.Serializer):
    code = serializers.JSONField(help_text="tekst of geheel getal")
    label = serializers.CharField()
    points = serializers.IntegerField()


class InstrumentItemSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    subscale = serializers.CharField(allow_null=True)
    options = InstrumentOptionSerializer(many=True)


class InstrumentContextFieldSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    minimum = serializers.FloatField()
    maximum = serializers.FloatField()
    integer = serializers.BooleanField()


class InstrumentSubscaleSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    bands = InstrumentBandSerializer(many=True)


class InstrumentDefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    version = serializers.CharField()
    source = serializers.CharField()
    references = serializers.ListField(child=serializers.CharField())
    method = serializers.ChoiceField(choices=[method.value for method in definitions.Method])
    instruction = serializers.CharField()
    items = InstrumentItemSerializer(many=True)
    context_fields = InstrumentContextFieldSerializer(many=True)
    subscales = InstrumentSubscaleSerializer(many=True)
    bands = InstrumentBandSerializer(many=True)
    total_range = serializers.ListField(
        child=serializers.IntegerField(), min_length=2, max_length=2, allow_null=True
    )
    max_missing = serializers.IntegerField()
    higher_is_better = serializers.BooleanField()


class ScoreRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        help_text="vraagcode → antwoordcode; een ontbrekende vraag of null is niet beantwoord"
    )
    settings = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="instelling → keuze; wat ontbreekt volgt de keuzes van uw organisatie",
    )


ScoreResponse = inline_serializer(
    "InstrumentScore",
    {
        "instrument": serializers.CharField(),
        "total": serializers.IntegerField(allow_null=True),
        "subscales": serializers.DictField(child=serializers.IntegerField(allow_null=True)),
        "band": serializers.CharField(allow_null=True),
        "band_label": serializers.CharField(allow_null=True),
        "missing": serializers.ListField(child=serializers.CharField()),
        "rule_version": serializers.CharField(),
    },
)


def _instrument(code) -> definitions.Instrument:
    try:
        return definitions.get(code)
    except definitions.UnknownInstrument as error:
        raise NotFound(error.message) from None


# Error keys of the scoring services that are fields themselves, not items of the answers.
_FIELD_KEYS = {services.ANSWERS_KEY, "instrument", "measured_on", "settings"}


def _item_errors(error: DjangoValidationError) -> RuleError:
    """The answers' errors per item, named `answers.<item>`; an error about the answers
    as a whole stays `answers`, one about another field keeps that field's name."""
    return RuleError(
        {
            key if key in _FIELD_KEYS else f"answers.{key}": messages
            for key, messages in error.message_dict.items()
        }
    )


CODE = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, description="code van het meetinstrument"
)


class InstrumentViewSet(AccessViewMixin, viewsets.ViewSet):
    """The outcome instruments (definitions) and scoring; no person-level data."""

    required_roles = EVERYONE
    lookup_field = "code"
    lookup_value_regex = "[^/.]+"

    @extend_schema(
        operation_id="instruments_list",
        responses=OpenApiResponse(
            InstrumentDefinitionSerializer(many=True),
            description="alle definities, niet in pagina's",
        ),
    )
    def list(self, request, format=None):
        return Response([definition_data(i) for i in definitions.INSTRUMENTS.values()])

    @extend_schema(parameters=[CODE], responses=InstrumentDefinitionSerializer)
    def retrieve(self, request, code=None, format=None):
        return Response(definition_data(_instrument(code)))

    @extend_schema(
        parameters=[CODE], request=ScoreRequestSerializer, responses={200: ScoreResponse}
    )
    @action(detail=True, methods=["post"])
    def score(self, request, code=None, format=None):
        instrument = _instrument(code)
        body = request.data
        if not isinstance(body, dict) or "answers" not in body:
            raise RuleError('Geef de antwoorden als object: {"answers": {...}}.', field="answers")
        requested = body.get("settings", {})
        if not isinstance(requested, dict):
            raise RuleError('Geef de instellingen als object: {"naam": "keuze"}.', field="settings")
        try:
            scoring.check_settings(requested)
        except scoring.InvalidSetting as error:
            raise RuleError(str(error), field="settings") from None
        # The caller's organisation's choices, overruled by the ones given.
        settings = org_settings.chosen_for(request.user.organisation_id) | requested
        try:
            result = services.score_answers(instrument.code, body["answers"], settings)
        except DjangoValidationError as error:
            raise _item_errors(error) from None
        return Response(
            {
                "instrument": instrument.code,
                **result.as_api(),
                "band_label": result.band.label if result.band else None,
                "missing": list(result.missing),
                "rule_version": result.rule_version,
            }
        )


# Measurements ------------------------------------------------------------------------


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class ResidentField(serializers.SlugRelatedField):
    """A resident by kenmerk, only among those whose measurements the caller may record."""

    default_error_messages = {
        "does_not_exist": "Geen bewoner met dit kenmerk in uw bereik.",
        "invalid": "Geef het kenmerk van een bewoner als tekst.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="public_id", **kwargs)

    def get_queryset(self):
        return persons_with_measurements_for(self.context["request"].user)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not plausible_public_id(data):
            self.fail("does_not_exist")
        return super().to_internal_value(data.strip().upper())


class MeasurementSerializer(serializers.ModelSerializer):
    person = ResidentField()
    instrument = serializers.ChoiceField(choices=INSTRUMENT_CHOICES)
    answers = serializers.DictField(
        help_text="vraagcode → antwoordcode, zoals bij /instruments/{code}/score/"
    )
    total = serializers.SerializerMethodField()
    band_label = serializers.SerializerMethodField()
    organisation = serializers.StringRelatedField()
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = Measurement
        fields = [
            "id",
            "person",
            "instrument",
            "measured_on",
            "answers",
            "total",
            "band",
            "band_label",
            "subscales",
            "rule_version",
            "organisation",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["band", "subscales", "rule_version", "created_at"]

    def get_total(self, measurement) -> float | None:
        return _number(measurement.total)

    def get_band_label(self, measurement) -> str | None:
        if not measurement.band:
            return None
        return display.band_label(
            measurement.definition, measurement.band, measurement.rule_version
        )

    def create(self, validated_data):
        try:
            return services.record_measurement(
                validated_data["person"],
                validated_data["instrument"],
                validated_data["answers"],
                validated_data["measured_on"],
                self.context["request"].user,
            )
        except DjangoValidationError as error:
            # Item errors named as the score endpoint names them: `answers.<item>`.
            raise _item_errors(error) from None


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("person", str, description="kenmerk van de bewoner"),
            OpenApiParameter("instrument", str, description="code van het meetinstrument"),
        ]
    )
)
class MeasurementViewSet(
    AccessViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A resident's measurements: listed, read and recorded; never changed through here."""

    serializer_class = MeasurementSerializer
    required_roles = {"read": DOSSIER_READERS, "write": WORKERS}
    refused_message = ROLE_REFUSED
    write_refused_message = WRITE_REFUSED
    log_object_type = CATEGORY
    lookup_value_regex = "[0-9]+"
    filter_backends = []  # filtered below, on the kenmerk and the code only

    def get_queryset(self):
        queryset = (
            measurements_for(self.request.user)
            .select_related("person", "organisation", "recorded_by")
            .order_by("person__public_id", "instrument", "measured_on", "pk")
        )
        if self.action != "list":
            return queryset
        person = self.request.query_params.get("person")
        if person is not None:
            person = person.strip().upper()
            queryset = (
                queryset.filter(person__public_id=person)
                if plausible_public_id(person)
                else queryset.none()
            )
        instrument = self.request.query_params.get("instrument")
        if instrument is not None:
            queryset = queryset.filter(instrument=instrument[:30])
        return queryset

    def get_object(self):
        # The shared lookup: ids no database can hold are a logged 404 too.
        measurement = record_for(
            self.request,
            self.get_queryset(),
            self.kwargs[self.lookup_field],
            log_as=CATEGORY,
            message="Geen meting met dit nummer in uw bereik.",
        )
        self.check_object_permissions(self.request, measurement)
        self.audit(measurement)
        return measurement
