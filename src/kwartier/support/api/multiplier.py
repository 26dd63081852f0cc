"""The multiplier: informal matches per fte of paid professional capacity."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import WORKERS_AND_FUNDER
from kwartier.core.models import Area

from .. import multiplier


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


class MultiplierView(AccessViewMixin, APIView):
    """Informal matches (and later trajectories) per fte of paid professional capacity."""

    required_roles = WORKERS_AND_FUNDER
    refused_message = "De multiplier is voor medewerkers en de gemeente."

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
