"""The wijkmonitor's API: the claim check (`POST /api/v1/indicators/claims/check`).

A request carries the claims and, optionally, the series to check them against; without
series the stored figures of the areas named by code are used (checking.py). The
request is validated strictly (unknown fields, strings for numbers, years outside
1990..this year and too many series, years or claims are refused with a 400); what the
figures cannot answer is a verdict of its own, `insufficient_data`, with the reason.
Figures per area are not about persons: workers and the funder may check claims.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import WORKERS_AND_FUNDER

from . import checking, claims
from .models import YEAR

MAX_SERIES = 50
MAX_YEARS = 50
MAX_CLAIMS = 100
VALUE_LIMIT = Decimal(10) ** 10  # the stored values have at most ten digits before the point
MARGIN_LIMIT = Decimal(1000)
UNKNOWN_FIELD = "Onbekend veld."
NOT_FOR_THIS_CLAIM = "Dit veld hoort niet bij deze soort bewering."


# --- fields -----------------------------------------------------------------------------


# Refuses fields it does not know: a typo ("form" for "from") must not be ignored. (No
# docstring: drf-spectacular would show it as the description of every subclass.)
class Strict(serializers.Serializer):
    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(name) for name in data if name not in self.fields)
            if unknown:
                raise serializers.ValidationError({name: [UNKNOWN_FIELD] for name in unknown})
        return super().to_internal_value(data)


class Text(serializers.CharField):
    """Text only: DRF's CharField would turn a number into a string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"type": "integer", "minimum": 1990, "example": 2009})
class Year(serializers.IntegerField):
    """A whole number (not "2009", not 2009.0) from 1990 up to this year."""

    def __init__(self, **kwargs):
        super().__init__(validators=[YEAR], **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.NUMBER)
class Number(serializers.Field):
    """A JSON number (not a string, not true or false), finite and within ±10^10."""

    default_error_messages = {
        "invalid": "Vul een getal in (geen tekst).",
        "range": "Het getal ligt niet tussen -10.000.000.000 en 10.000.000.000.",
        "negative": "Een marge is niet negatief.",
        "too_large": "Een marge van meer dan 1.000 is geen marge.",
    }

    def __init__(self, margin: bool = False, **kwargs):
        self.margin = margin
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("invalid")
        number = Decimal(str(data))
        if abs(number) >= VALUE_LIMIT:
            self.fail("range")
        if self.margin and number < 0:
            self.fail("negative")
        if self.margin and number > MARGIN_LIMIT:
            self.fail("too_large")
        return number

    def to_representation(self, value):
        return float(value)


@extend_schema_field(
    {
        "type": "object",
        "description": "Waarde per jaar: het jaar (1990 tot en met dit jaar) als sleutel.",
        "additionalProperties": {"type": "number"},
        "maxProperties": MAX_YEARS,
        "minProperties": 1,
        "example": {"2007": 11.5, "2009": 9.3},
    }
)
class YearValues(serializers.Field):
    """{"2007": 11.5, ...}: years as keys (JSON keys are text), numbers as values."""

    default_error_messages = {
        "invalid": "Geef de waarden als object met per jaar een getal.",
        "empty": "Geef minstens één jaar met een waarde.",
        "too_many": f"Geef hoogstens {MAX_YEARS} jaren.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, Mapping):
            self.fail("invalid")
        if not data:
            self.fail("empty")
        if len(data) > MAX_YEARS:
            self.fail("too_many")
        values, errors = {}, {}
        for key, value in data.items():
            try:
                year = _year_key(key)
                values[year] = Number().run_validation(value)
            except serializers.ValidationError as error:
                errors[str(key)] = error.detail
        if errors:
            raise serializers.ValidationError(errors)
        return values


def _year_key(key) -> int:
    if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) == 4):
        raise serializers.ValidationError('Een jaar is een getal van vier cijfers, zoals "2009".')
    try:
        YEAR(int(key))
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from error
    return int(key)


# --- request and answer -----------------------------------------------------------------


class ClaimSeries(Strict):
    """De waarden van één indicator in één gebied, per jaar."""

    area = Text(max_length=120, help_text="Het gebied: een naam of code, zoals in de beweringen.")
    indicator = Text(max_length=60, help_text="De indicator, zoals in de beweringen.")
    unit = serializers.ChoiceField(
        choices=claims.UNITS,
        help_text="`%`, `aantal`, `score` of `per_1000` (per 1.000 inwoners).",
    )
    higher_is = serializers.ChoiceField(
        choices=claims.HIGHER_IS,
        help_text="Of hoger slechter (`worse`) of beter (`better`) is; bij `neutral` "
        "(een aantal inwoners) zijn beweringen over beter of slechter niet te toetsen.",
    )
    margin = Number(
        margin=True,
        required=False,
        allow_null=True,
        help_text="Een verschil binnen deze marge telt niet (bijvoorbeeld de "
        "steekproefmarge van een enquête), in de eenheid van de indicator.",
    )
    values = YearValues()

    def validate(self, data):
        if data["unit"] == claims.PERCENT:
            wrong = {
                str(year): ["Een percentage ligt tussen 0 en 100."]
                for year, value in data["values"].items()
                if not 0 <= value <= 100
            }
            if wrong:
                raise serializers.ValidationError({"values": wrong})
        return data


class CheckedClaim(Strict):
    """Wat een bewering zegt: over welke indicator, welk gebied en wat er beweerd wordt."""

    id = Text(max_length=50, help_text="Uw eigen kenmerk; het antwoord noemt het terug.")
    indicator = Text(max_length=60)
    area = Text(
        max_length=120,
        help_text="Zonder `series`: de CBS-code van het gebied (`BU…`, `WK…`, `GM…`), of "
        "`NL` voor Nederland.",
    )
    says = serializers.ChoiceField(
        choices=claims.SAYS,
        help_text="`worse_than`/`better_than` (met `than`, optioneel `year`), "
        "`getting_worse`/`getting_better` (optioneel `from` en `to`), `above`/`below` "
        "(met `value`, optioneel `year`).",
    )
    than = Text(max_length=120, required=False, help_text="Het gebied om mee te vergelijken.")
    year = Year(
        required=False,
        help_text="Vergelijking: standaard het laatste jaar dat beide gebieden hebben; "
        "waarde: standaard het laatste jaar.",
    )
    from_year = Year(required=False, help_text="Standaard het eerste jaar van de reeks.")
    to_year = Year(required=False, help_text="Standaard het laatste jaar van de reeks.")
    value = Number(required=False, help_text="De waarde waar het gebied boven of onder zou liggen.")

    # "from" is a Python keyword: the fields are declared as from_year and to_year and
    # named as the API names them here.
    RENAMED = {"from_year": "from", "to_year": "to"}

    def get_fields(self):
        fields = super().get_fields()
        return {self.RENAMED.get(name, name): field for name, field in fields.items()}

    def validate(self, data):
        says = data["says"]
        allowed = {
            **dict.fromkeys(claims.COMPARISONS, {"than", "year"}),
            **dict.fromkeys(claims.TRENDS, {"from", "to"}),
            **dict.fromkeys(claims.THRESHOLDS, {"value", "year"}),
        }[says]
        errors = {
            name: [NOT_FOR_THIS_CLAIM]
            for name in ("than", "year", "from", "to", "value")
            if name in data and name not in allowed
        }
        if says in claims.COMPARISONS:
            if "than" not in data:
                errors["than"] = ["Vul het gebied in waarmee vergeleken wordt."]
            elif data["than"] == data["area"]:
                errors["than"] = ["Vergelijk met een ander gebied."]
        if says in claims.THRESHOLDS and "value" not in data:
            errors["value"] = ["Vul de waarde in waarmee vergeleken wordt."]
        if says in claims.TRENDS and "from" in data and "to" in data and data["from"] >= data["to"]:
            errors["to"] = ["Het laatste jaar ligt na het eerste jaar."]
        if errors:
            raise serializers.ValidationError(errors)
        return data

    def as_claim(self, data) -> claims.Claim:
        return claims.Claim(
            id=data["id"],
            indicator=data["indicator"],
            area=data["area"],
            says=data["says"],
            than=data.get("than"),
            year=data.get("year"),
            from_year=data.get("from"),
            to_year=data.get("to"),
            value=data.get("value"),
        )


class ClaimCheck(Strict):
    """De beweringen en, naar keuze, de cijfers om ze aan te toetsen."""

    series = serializers.ListField(
        child=ClaimSeries(),
        required=False,
        min_length=1,
        max_length=MAX_SERIES,
        help_text="De cijfers om de beweringen aan te toetsen. Laat dit weg om de "
        "opgeslagen cijfers van Kwartier te gebruiken (gebieden dan bij hun code).",
        error_messages={
            "min_length": "Laat `series` weg om de opgeslagen cijfers te gebruiken; een "
            "lege lijst toetst aan niets.",
            "max_length": f"Geef hoogstens {MAX_SERIES} reeksen.",
        },
    )
    claims = serializers.ListField(
        child=CheckedClaim(),
        min_length=1,
        max_length=MAX_CLAIMS,
        error_messages={
            "min_length": "Geef minstens één bewering.",
            "max_length": f"Geef hoogstens {MAX_CLAIMS} beweringen.",
        },
    )

    def validate(self, data):
        errors: dict = {}
        seen: dict = {}
        for index, claim in enumerate(data["claims"]):
            if claim["id"] in seen:
                errors.setdefault("claims", {})[index] = {"id": ["Dit id komt al eerder voor."]}
            seen[claim["id"]] = index
        definitions: dict = {}
        pairs = set()
        for index, one in enumerate(data.get("series", [])):
            pair = (one["indicator"], one["area"])
            if pair in pairs:
                errors.setdefault("series", {})[index] = {
                    "area": ["Voor deze indicator en dit gebied is er al een reeks."]
                }
            pairs.add(pair)
            definition = (one["unit"], one["higher_is"])
            if definitions.setdefault(one["indicator"], definition) != definition:
                errors.setdefault("series", {})[index] = {
                    "unit": [
                        "Elke reeks van dezelfde indicator heeft dezelfde eenheid en richting."
                    ]
                }
        if errors:
            raise serializers.ValidationError(errors)
        return data


class ClaimVerdict(serializers.Serializer):
    """Het oordeel over één bewering, met de zin en de cijfers."""

    id = serializers.CharField()
    verdict = serializers.ChoiceField(choices=claims.VERDICTS)
    explanation = serializers.CharField(
        help_text="Eén Nederlandse zin met de cijfers, of de reden dat de gegevens tekortschieten."
    )
    figures = serializers.DictField(
        help_text="De gebruikte cijfers: de waarden met hun jaren, het verschil, de marge "
        "(`null`: geen) en de eenheid; bij `insufficient_data` de jaren die er wel zijn."
    )


class ClaimCheckResult(serializers.Serializer):
    """Per bewering een oordeel, in de volgorde van het verzoek."""

    claims = ClaimVerdict(many=True)


# The example, answered by a real run of the engine (tests/indicators/test_api.py
# checks that the answer shown is still what the API gives).
EXAMPLE_REQUEST = {
    "series": [
        {
            "area": "A",
            "indicator": "jeugdoverlast",
            "unit": "%",
            "higher_is": "worse",
            "margin": 0.5,
            "values": {"2007": 11.5, "2009": 9.3},
        },
        {
            "area": "B",
            "indicator": "jeugdoverlast",
            "unit": "%",
            "higher_is": "worse",
            "margin": 0.5,
            "values": {"2007": 12.9, "2009": 13.7},
        },
    ],
    "claims": [
        {"id": "c1", "indicator": "jeugdoverlast", "area": "A", "says": "worse_than", "than": "B"},
        {
            "id": "c2",
            "indicator": "jeugdoverlast",
            "area": "A",
            "says": "getting_worse",
            "from": 2007,
            "to": 2009,
        },
        {"id": "c3", "indicator": "jeugdoverlast", "area": "A", "says": "above", "value": 3},
    ],
}
EXAMPLE_ANSWER = {
    "claims": [
        {
            "id": "c1",
            "verdict": "not_supported",
            "explanation": "Jeugdoverlast in A is in 2009 9,3 % en daarmee 4,4 procentpunt "
            "lager (beter) dan in B (13,7 %).",
            "figures": {
                "year": 2009,
                "value": 9.3,
                "than_value": 13.7,
                "difference": -4.4,
                "margin": 0.5,
                "unit": "%",
            },
        },
        {
            "id": "c2",
            "verdict": "not_supported",
            "explanation": "Jeugdoverlast in A is tussen 2007 en 2009 met 2,2 procentpunt "
            "gedaald van 11,5 % naar 9,3 %, een verbetering.",
            "figures": {
                "from": 2007,
                "to": 2009,
                "from_value": 11.5,
                "to_value": 9.3,
                "difference": -2.2,
                "margin": 0.5,
                "unit": "%",
            },
        },
        {
            "id": "c3",
            "verdict": "supported",
            "explanation": "Jeugdoverlast in A is in 2009 9,3 % en daarmee 6,3 procentpunt "
            "hoger dan 3 %.",
            "figures": {
                "year": 2009,
                "value": 9.3,
                "threshold": 3,
                "difference": 6.3,
                "margin": 0.5,
                "unit": "%",
            },
        },
    ]
}
EXAMPLE_STORED = {
    "claims": [
        {
            "id": "krant-1",
            "indicator": "jeugdoverlast",
            "area": "WK036301",
            "says": "worse_than",
            "than": "GM0363",
        },
        {
            "id": "krant-2",
            "indicator": "jeugdoverlast",
            "area": "WK036301",
            "says": "getting_worse",
        },
    ]
}


class ClaimCheckView(AccessViewMixin, APIView):
    """Checks claims about areas against figures: a verdict per claim with the figures."""

    required_roles = WORKERS_AND_FUNDER

    @extend_schema(
        operation_id="indicators_claims_check",
        summary="Beweringen toetsen aan de cijfers",
        description=(
            "Per bewering een oordeel: `supported`, `not_supported` of "
            "`insufficient_data`, met één zin die de cijfers noemt en de cijfers zelf. "
            "`worse_than`/`better_than` vergelijkt met een ander gebied in één jaar "
            "(standaard het laatste jaar dat beide hebben), `getting_worse`/"
            "`getting_better` vergelijkt twee jaren (standaard het eerste en het laatste), "
            "`above`/`below` vergelijkt met een waarde in één jaar (standaard het "
            "laatste). Slechter is hoger als `higher_is` `worse` is, en lager als het "
            "`better` is. Een verschil binnen de marge ondersteunt geen enkele bewering. "
            "Ontbrekende reeksen, jaren of gebieden geven `insufficient_data` met de "
            "reden. Zonder `series` gelden de opgeslagen cijfers: gebieden bij hun "
            "CBS-code, `NL` voor Nederland."
        ),
        request=ClaimCheck,
        responses={200: ClaimCheckResult},
        examples=[
            OpenApiExample("Met eigen cijfers", value=EXAMPLE_REQUEST, request_only=True),
            OpenApiExample("Met de opgeslagen cijfers", value=EXAMPLE_STORED, request_only=True),
            OpenApiExample(
                "Oordelen", value=EXAMPLE_ANSWER, response_only=True, status_codes=["200"]
            ),
        ],
    )
    def post(self, request):
        checked = ClaimCheck(data=request.data)
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        claim_list = [CheckedClaim().as_claim(claim) for claim in data["claims"]]
        if "series" in data:
            series = [claims.Series(**one) for one in data["series"]]
            verdicts = claims.check(series, claim_list)
        else:
            verdicts = checking.check_stored(claim_list)
        return Response({"claims": [verdict.as_api() for verdict in verdicts]})
