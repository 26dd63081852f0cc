"""`/api/v1/instrument-settings/`: the caller's organisation's scoring settings.

GET lists every named setting with its choices and the one in force; PUT stores new
choices (``{"settings": {name: choice}}``; names left out keep theirs) and, with
``"recompute": true``, recomputes the organisation's outdated measurements. Only the
coördinator and the beheerder (declared: `MANAGERS`); the same rules and logging as
the settings page.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import MANAGERS
from kwartier.core.errors import RuleError

from . import org_settings, recompute, scoring
from .access import SETTINGS_REFUSED

NOT_AN_OBJECT = 'Geef de instellingen als object: {"settings": {"naam": "keuze"}}.'
NOTHING_TO_DO = 'Geef "settings" (naam → keuze) en/of "recompute": true.'


def settings_data(organisation_id) -> dict:
    """Every setting with its choices, the one in force, and who last changed it."""
    outdated = recompute.outdated(organisation_id)
    return {
        "settings": [
            {
                "name": row["setting"].name,
                "instrument": row["instrument"].code,
                "version": row["setting"].version,
                "reason": row["setting"].reason,
                "default": row["setting"].default,
                "choice": row["choice"],
                "changed_by": str(row["row"].changed_by or "") if row["row"] else None,
                "changed_at": row["row"].changed_at if row["row"] else None,
                "choices": [
                    {"code": c.code, "label": c.label, "explanation": c.explanation}
                    for c in row["setting"].choices
                ],
            }
            for row in org_settings.setting_rows(organisation_id)
        ],
        "outdated": {
            "measurements": outdated.measurements,
            "band_changes": outdated.band_changes,
            "unscorable": outdated.unscorable,
        },
    }


class InstrumentSettingsChange(serializers.Serializer):
    settings = serializers.DictField(
        child=serializers.CharField(), required=False, help_text="naam → keuze"
    )
    recompute = serializers.BooleanField(
        required=False, default=False, help_text="verouderde metingen opnieuw berekenen"
    )


SettingsResponse = inline_serializer(
    "InstrumentSettings",
    {
        "settings": serializers.ListField(child=serializers.DictField()),
        "outdated": serializers.DictField(child=serializers.IntegerField()),
        "changed": serializers.ListField(child=serializers.DictField(), required=False),
        "recomputed": serializers.IntegerField(required=False),
    },
)


class InstrumentSettingsView(AccessViewMixin, APIView):
    """The scoring settings of the caller's organisation: read them, choose other rules,
    recompute the outdated measurements."""

    required_roles = MANAGERS
    organisation_required = True
    refused_message = SETTINGS_REFUSED
    parser_classes = [JSONParser]  # setting names contain dots: a form encoding would mangle them

    @extend_schema(operation_id="instrument_settings_retrieve", responses=SettingsResponse)
    def get(self, request):
        return Response(settings_data(request.user.organisation_id))

    @extend_schema(
        operation_id="instrument_settings_update",
        request=InstrumentSettingsChange,
        responses={200: SettingsResponse},
    )
    def put(self, request):
        if not isinstance(request.data, dict):
            raise RuleError(NOT_AN_OBJECT, field="settings")
        body = InstrumentSettingsChange(data=request.data)
        body.is_valid(raise_exception=True)
        requested = body.validated_data.get("settings")
        wants_recompute = body.validated_data["recompute"]
        if requested is None and not wants_recompute:
            raise RuleError(NOTHING_TO_DO, field="settings")
        changes = []
        if requested:
            try:
                changes = org_settings.change_settings_logged(request, requested)
            except scoring.InvalidSetting as error:
                raise RuleError(str(error), field="settings") from None
        data = {}
        if wants_recompute:
            data["recomputed"] = recompute.recompute_logged(request)
        data["changed"] = [{"name": c.name, "before": c.before, "after": c.after} for c in changes]
        return Response({**settings_data(request.user.organisation_id), **data})
