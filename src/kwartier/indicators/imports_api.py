"""Importing figures through the API: `GET/POST /api/v1/indicators/imports`.

The same `import_file` as the CLI and the upload page: a multipart POST with the file
(at most 20 MB), the year when the file does not name it, and `dry_run`; the answer is
the import's report (201; 200 for a dry run, which saves nothing), or a 400 problem with
every error and its line number in `invalidParams` (name `file`). GET lists the imports,
the newest first. Managers import; figures are about areas, not persons (no access log).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from kwartier.core.access.api import AccessViewMixin
from kwartier.core.access.roles import WORKERS

from .importing import MAX_BYTES, ImportFailed, import_file
from .models import YEAR, ImportRun

MAX_MB = MAX_BYTES // 1024 // 1024
NOT_IMPORTED = "Niet ingelezen; er is niets opgeslagen."


class ImportUpload(serializers.Serializer):
    file = serializers.FileField(
        help_text=f"CSV van CBS Kerncijfers wijken en buurten, de StatLine-download of een "
        f"lange CSV (area_code;indicator;year;value); hoogstens {MAX_MB} MB."
    )
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        validators=[YEAR],
        help_text="Het jaar, als het bestand het niet noemt (in de naam of de titel).",
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Alleen het verslag; er wordt niets opgeslagen."
    )

    def validate_file(self, upload):
        if upload.size > MAX_BYTES:
            raise serializers.ValidationError(f"Het bestand is groter dan {MAX_MB} MB.")
        return upload


class ImportCounts(serializers.Serializer):
    created = serializers.IntegerField(help_text="Nieuwe waarden.")
    updated = serializers.IntegerField(help_text="Gewijzigde waarden.")
    unchanged = serializers.IntegerField(help_text="Waarden die al zo waren.")


class ImportColumnReport(serializers.Serializer):
    name = serializers.CharField(help_text="De kolom van het bestand (of de indicator).")
    indicator = serializers.CharField(
        allow_null=True, help_text="De indicator waarin de kolom is gelezen; null: overgeslagen."
    )
    read = serializers.IntegerField(help_text="Gelezen waarden.")
    missing = serializers.IntegerField(help_text="Lege of geheime waarden (NA, '.').")
    note = serializers.CharField(allow_blank=True, help_text="Waarom een kolom is overgeslagen.")


class ImportReport(serializers.Serializer):
    file_name = serializers.CharField()
    format = serializers.ChoiceField(choices=ImportRun.Format.choices)
    encoding = serializers.CharField(help_text="De tekenset waarin het bestand is gelezen.")
    years = serializers.ListField(child=serializers.IntegerField())
    dry_run = serializers.BooleanField()
    columns = ImportColumnReport(many=True)
    values = ImportCounts()
    derived = serializers.DictField(
        child=ImportCounts(), help_text="Per afgeleide indicator (code) wat er berekend is."
    )
    derived_skipped = serializers.ListField(child=serializers.CharField())
    regions_read = serializers.IntegerField()
    areas_created = serializers.ListField(
        child=serializers.CharField(), help_text="Gebieden die nog niet in Kwartier stonden."
    )
    regions_skipped = serializers.ListField(
        child=serializers.CharField(), help_text="Gebieden die niet gevonden zijn, met regel."
    )


class ImportRunSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "file_name",
            "format",
            "years",
            "created",
            "updated",
            "unchanged",
            "skipped",
            "areas_created",
            "report",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ImportRunList(AccessViewMixin, generics.ListAPIView):
    """Imports of figures, the newest first."""

    required_roles = WORKERS
    refused_message = "Alleen een beheerder of coördinator leest cijfers in."
    serializer_class = ImportRunSerializer
    queryset = ImportRun.objects.select_related("recorded_by").order_by("-created_at", "-pk")
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportUpload},
        responses={
            201: OpenApiResponse(ImportReport, description="Ingelezen: het verslag."),
            200: OpenApiResponse(
                ImportReport, description="Proefdraai (dry_run): het verslag, niets opgeslagen."
            ),
        },
    )
    def post(self, request):
        """Import a file of figures, all or nothing; with `dry_run` only its report. A
        file that cannot be imported is a 400 with every error and its line number."""
        params = ImportUpload(data=request.data)
        params.is_valid(raise_exception=True)
        upload, dry_run = params.validated_data["file"], params.validated_data["dry_run"]
        try:
            report = import_file(
                upload.read(),
                upload.name,
                year=params.validated_data["year"],
                dry_run=dry_run,
                user=request.user,
            )
        except ImportFailed as failed:
            raise serializers.ValidationError(
                {"non_field_errors": [NOT_IMPORTED], "file": failed.errors}
            ) from None
        answer = ImportReport(report.as_dict()).data
        return Response(answer, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)
