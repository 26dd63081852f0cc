"""The API answers what its published schema says: a bounded schemathesis run.

Every operation of the schema at /api/schema/ is called with generated requests, valid
and invalid, as two roles with a token: a wijkwerker (dossier work in one wijk) and a
partner (another organisation, consented data only). Each answer must be no server
error, with a status code, content type and body that the schema documents for that
operation.

Generated ids find nothing, so each operation with a path parameter is also called with
the records of the permission matrix's world (tests/core/test_permissions.py `targets`):
then the answers with a body are checked too, not only the 404s.

The run is bounded (a fixed small number of examples per operation) and deterministic
(Hypothesis derandomized, no example database), so `make test` runs it every time.
"""

import re
from collections import defaultdict

import pytest
import schemathesis
from django.urls import reverse
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.core.test_permissions import EXPECTATIONS, targets
from tests.problems import PROBLEM
from tests.problems import problem as problem_body
from tests.schemathesis_run import collect, report

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ["wijkwerker", "partner"]
SERVER = "/api/v1"
# Examples per operation: generated requests that fit the schema and ones that do not,
# and, per record of the world an operation can name, requests that fit.
POSITIVE, NEGATIVE, PER_RECORD = 5, 3, 2
PARTS = 4


@pytest.fixture(scope="module")
def published():
    """The schema as /api/schema/ publishes it, as a dict."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _response(published, path, method, status="200"):
    response = published["paths"][path][method]["responses"][status]
    if "$ref" in response:
        response = published["components"]["responses"][response["$ref"].split("/")[-1]]
    return response


def _response_schema(published, path, method, status="200", content="application/json"):
    return _response(published, path, method, status)["content"][content]["schema"]


def _component(published, name):
    return published["components"]["schemas"][name]


def test_blank_choices_and_empty_references_are_in_the_schema(published):
    """A read-only choice on a column that may be blank answers "", an empty foreign key
    null: the schema must allow both (DRF drops allow_blank/allow_null when read-only)."""
    match = _component(published, "Match")["properties"]
    for field in ("consent_obtained", "followup_result", "end_outcome"):
        refs = {ref["$ref"].split("/")[-1] for ref in match[field].get("oneOf", [])}
        assert "BlankEnum" in refs, f"Match.{field} does not allow the blank choice"
    proposal = _component(published, "Proposal")["properties"]
    assert proposal["decided_by"].get("nullable"), "Proposal.decided_by is null until decided"
    area = _component(published, "Area")["properties"]
    assert area["parent"].get("nullable"), "Area.parent is null for a gemeente"


def test_instrument_list_is_documented_as_the_list_it_is(published, api_client_for, world):
    schema = _response_schema(published, "/instruments", "get")
    assert schema["type"] == "array"
    assert schema["items"] == {"$ref": "#/components/schemas/InstrumentDefinition"}
    answer = api_client_for(world.users["wijkwerker"], token=True).get("/api/v1/instruments")
    assert isinstance(answer.json(), list)


def test_every_operation_documents_its_error_answers(published):
    """Problem details for each error it can give, the version header on every answer."""
    problem = {"$ref": "#/components/schemas/Problem"}
    version = {"$ref": "#/components/headers/API-Version"}
    missing = []
    for path, operations in published["paths"].items():
        for method, operation in operations.items():
            places = {p["in"] for p in operation.get("parameters", [])}
            expected = set()
            if "requestBody" in operation or places:
                expected.add("400")
            if {} not in operation.get("security", [{}]):
                expected |= {"401", "403"}
            if "path" in places:
                expected.add("404")
            if "requestBody" in operation:
                expected.add("415")
            for status in sorted(expected):
                if status not in operation["responses"]:
                    missing.append(f"{method.upper()} {path}: {status}")
                elif _response_schema(published, path, method, status, PROBLEM) != problem:
                    missing.append(f"{method.upper()} {path}: {status} without the Problem body")
            for status in operation["responses"]:
                headers = _response(published, path, method, status).get("headers", {})
                if headers.get("API-Version") != version:
                    missing.append(f"{method.upper()} {path}: {status} without API-Version")
    assert not missing, "undocumented error answers:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/bestaat-niet", 404),
        ("/api/v1/methods/geen-nummer", 404),
        ("/api/v1/persons?search=a%00b", 400),
    ],
)
def test_django_answers_api_paths_as_problems(url, status, api_client_for, world):
    """Answers given before a request reaches an API view are problem details as well."""
    answer = api_client_for(world.users["wijkwerker"], token=True).get(url)
    assert answer.status_code == status
    problem_body(answer)


def known_path_parameters(world, operations) -> dict[str, list[dict]]:
    """Schema path → the path parameters of records that exist in the world."""
    known = targets(world)
    urls = {
        reverse(name, kwargs=known[case.target])
        for name, cases in EXPECTATIONS.items()
        if name.startswith("api:")
        for case in cases
        if case.target
    }
    found = defaultdict(list)
    for path in {operation.path for operation in operations}:
        # Schema paths are relative to the server, `/api/v1`.
        escaped = re.escape(SERVER + path)
        pattern = re.compile("^" + re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", escaped) + "$")
        for url in sorted(urls):
            match = pattern.match(url)
            if match and match.groupdict() not in found[path]:
                found[path].append(match.groupdict())
    return found


def _run(operation, examples, headers, found, **strategy):
    collect(operation, examples, found, CHECKS, headers=headers, **strategy)


def run_schema(schema, headers, world, part: int) -> dict:
    operations = [result.ok() for result in schema.get_all_operations()]
    records = known_path_parameters(world, operations)
    found = {}
    for operation in operations[part::PARTS]:
        _run(operation, POSITIVE, headers, found, generation_mode=GenerationMode.POSITIVE)
        _run(operation, NEGATIVE, headers, found, generation_mode=GenerationMode.NEGATIVE)
        for parameters in records[operation.path]:
            _run(operation, PER_RECORD, headers, found, path_parameters=parameters)
    return found


# Each role's run in a few parts, every part well within the time limit of one test.
@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented(role, part, world, wsgi_app):
    token = Token.objects.get_or_create(user=world.users[role])[0].key
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    found = run_schema(schema, {"Authorization": f"Token {token}"}, world, part)
    print(f"{role}, part {part}: {len(found)} failures")
    assert not found, f"{len(found)} answers differ from the schema ({role}):\n" + report(found)
