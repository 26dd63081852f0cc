"""The API schema says what the API answers: error responses, the version header and
read-only model fields.

`KwartierAutoSchema` (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]) adds to every operation the
error answers it can give, all problem details (RFC 9457, core/api_errors.py) with one
body schema, the `Problem` component, as `application/problem+json`:

- 400 when the operation takes input (a request body or any parameter: the NL API
  Design Rules ask for it, and a NUL byte in a path is refused with a 400), and 415 when
  it takes a body (in a form of content it does not read);
- 401 and 403 when it needs a login (401 without valid credentials, 403 when the role
  may not do this);
- 404 when its path names a record (unknown, or outside the caller's scope), and on a
  paginated list (a page past the last one).

An error status that a view declares itself (`@extend_schema(responses={409:
OpenApiResponse(description=...)})`) gets the same body. `add_version_headers` (a
postprocessing hook) documents the API-Version header on every answer.

It also describes read-only fields as the model stores them: DRF drops `allow_null` and
`allow_blank` from a read-only field, yet a nullable column is answered as `null` and a
blank choice as `""`. A read-only field whose source is a nullable model field is
documented as nullable, a choice field on a blank-able column gets the blank choice.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from .api_errors import PROBLEM_CONTENT_TYPE, TYPE_PREFIX

ERROR_COMPONENT = "Problem"
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Een probleem (RFC 9457): wat er mis is, in het Nederlands. Bij ongeldige invoer "
        "staat per veld wat er mis is in `invalidParams`; meldingen over het verzoek als "
        "geheel staan in `detail`."
    ),
    "properties": {
        "type": {
            "type": "string",
            "description": f"Soort probleem, als URI: `{TYPE_PREFIX}` met een naam.",
            "example": f"{TYPE_PREFIX}invalid-input",
        },
        "title": {"type": "string", "description": "Korte naam van de soort probleem."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "Wat er bij dit verzoek mis is."},
        "instance": {"type": "string", "description": "Het pad van het verzoek."},
        "invalidParams": {
            "type": "array",
            "description": "Bij ongeldige invoer: per veld (`leden[0].naam`) een melding.",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["name", "code", "reason"],
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
}
VERSION_HEADER = "API-Version"
VERSION_HEADER_SCHEMA = {
    "description": "De volledige versie van de API (semver), bij elk antwoord.",
    "schema": {"type": "string", "example": settings.KWARTIER_API_VERSION},
}
# Status → (name of the response component, its description).
ERROR_RESPONSES = {
    "400": ("BadRequest", "Ongeldige invoer: per veld wat er mis is."),
    "401": ("Unauthorized", "Niet ingelogd: geen of een ongeldig token of sessie."),
    "403": ("Forbidden", "Uw rol of organisatie mag dit niet."),
    "404": ("NotFound", "Niet gevonden, of buiten uw bereik."),
    "415": ("UnsupportedMediaType", "Deze soort inhoud (Content-Type) neemt de API niet aan."),
}


def error_statuses(operation: dict) -> list[str]:
    """The error statuses an operation can answer, from what the operation takes."""
    parameters = operation.get("parameters", [])
    places = {parameter.get("in") for parameter in parameters}
    statuses = []
    if "requestBody" in operation or parameters:
        statuses.append("400")
    security = operation.get("security", [])
    if security and {} not in security:
        statuses += ["401", "403"]
    paginated = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
    if "path" in places or paginated:
        statuses.append("404")
    if "requestBody" in operation:
        statuses.append("415")
    return statuses


class KwartierAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            self._add_error_responses(operation)
        return operation

    def _add_error_responses(self, operation: dict) -> None:
        error = ResolvedComponent(
            name=ERROR_COMPONENT,
            type=ResolvedComponent.SCHEMA,
            object=ERROR_COMPONENT,
            schema=ERROR_SCHEMA,
        )
        self.registry.register_on_missing(error)
        responses = operation["responses"]
        for status, response in responses.items():
            if status.startswith("4") and "content" not in response and "$ref" not in response:
                response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": error.ref}}
        for status in error_statuses(operation):
            name, description = ERROR_RESPONSES[status]
            response = ResolvedComponent(
                name=name,
                type=ResolvedComponent.RESPONSE,
                object=name,
                schema={
                    "content": {PROBLEM_CONTENT_TYPE: {"schema": error.ref}},
                    "description": description,
                },
            )
            self.registry.register_on_missing(response)
            responses.setdefault(status, response.ref)
        operation["responses"] = dict(sorted(responses.items()))

    def _map_basic_serializer(self, serializer, direction):
        if isinstance(serializer, serializers.ModelSerializer):
            for field in serializer.fields.values():
                _follow_model_field(field, serializer.Meta.model)
        return super()._map_basic_serializer(serializer, direction)


def add_version_headers(result, generator, request, public):
    """Postprocessing hook: the API-Version header on every answer the schema lists."""
    components = result.setdefault("components", {})
    components.setdefault("headers", {})[VERSION_HEADER] = VERSION_HEADER_SCHEMA
    header = {VERSION_HEADER: {"$ref": f"#/components/headers/{VERSION_HEADER}"}}
    answers = [
        response
        for operations in result.get("paths", {}).values()
        for operation in operations.values()
        if isinstance(operation, dict)
        for response in operation.get("responses", {}).values()
        if "$ref" not in response
    ]
    answers += components.get("responses", {}).values()
    for response in answers:
        response.setdefault("headers", {}).update(header)
    return result


def _follow_model_field(field: serializers.Field, model) -> None:
    """Let a read-only field allow the null and blank its model column holds.

    The serializer instance is made for the schema only, so its fields may be changed.
    """
    if not field.read_only or not field.source or "." in field.source or field.source == "*":
        return
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return
    if not model_field.concrete or isinstance(model_field, models.ManyToManyField):
        return
    if model_field.null:
        field.allow_null = True
    if isinstance(field, serializers.ChoiceField) and model_field.blank:
        field.allow_blank = True
