"""The Open311 server answers as the community's published description says, called as an
outside client would: a bounded, deterministic schemathesis run against the WSGI app.

The description is the Open311 community's Swagger 2.0 file (georeport-v2.1-swagger.yaml
beside this test), copied with its one known defect corrected: the single request lives
at /requests/{id}, not /request/{id}. It has no basePath (every server has its own); the
run sets Kwartier's, /open311/v2.

Every operation is called with generated requests, valid and invalid, and then with
Kwartier's own records (a real service code, request id and token, in both formats, and
a POST that creates a request), with the app's api_key on the POST. Each answer must be
no server error, in a content type the description names, with a body that fits the
description's schema. The description documents few error answers (none for the POST,
no 404 for the list), while the specification's text answers 400, 403 and 404: so the
status codes are checked against the specification here, not against the description.
"""

from pathlib import Path

import pytest
import schemathesis
import yaml
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.schemathesis_run import collect, report
from tests.signals.helpers import make_signal
from tests.signals.open311.conftest import IN_BUURT

pytestmark = pytest.mark.django_db
DESCRIPTION = Path(__file__).with_name("georeport-v2.1-swagger.yaml")
BASE_PATH = "/open311/v2"
SPECIFIED = {200, 400, 403, 404}
POSITIVE, NEGATIVE, PER_RECORD = 25, 15, 3


@schemathesis.check
def specified_status(ctx, response, case):
    """GeoReport v2 answers 200, or an error list with 400, 403 or 404."""
    if response.status_code not in SPECIFIED:
        raise AssertionError(f"status {response.status_code} is not one of {sorted(SPECIFIED)}")
    return None


CHECKS = [
    not_a_server_error,
    content_type_conformance,
    response_schema_conformance,
    specified_status,
]


@pytest.fixture
def schema(wsgi_app):
    raw = yaml.safe_load(DESCRIPTION.read_text())
    raw["basePath"] = BASE_PATH
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = wsgi_app
    return loaded


def _run(operation, examples, key, found, **strategy):
    def with_key(case):
        if case.method.upper() == "POST":
            case.query = {**(case.query or {}), "api_key": key}

    collect(operation, examples, found, CHECKS, prepare=with_key, **strategy)


def test_every_operation_answers_as_described(schema, open311, world):
    signal = make_signal(world.areas.buurt, code="straat", open311_token="een-token")
    records = {
        "/requests/{service_request_id}.{response_format}": {"service_request_id": signal.number},
        "/services/{service_code}.{response_format}": {"service_code": "afval"},
        "/tokens/{token_id}.{response_format}": {"token_id": "een-token"},
        "/requests.{response_format}": {},
        "/services.{response_format}": {},
    }
    new_request = {
        "service_code": "straat",
        "lat": IN_BUURT[1],
        "long": IN_BUURT[0],
        "jurisdiction_id": "testveen",
    }
    found: dict = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
    for operation in operations:
        _run(operation, POSITIVE, open311.key, found, generation_mode=GenerationMode.POSITIVE)
        _run(operation, NEGATIVE, open311.key, found, generation_mode=GenerationMode.NEGATIVE)
        for fmt in ("json", "xml"):
            fixed = {"path_parameters": {**records[operation.path], "response_format": fmt}}
            if operation.method.upper() == "POST":
                fixed["query"] = new_request
            _run(operation, PER_RECORD, open311.key, found, **fixed)
    assert not found, f"{len(found)} answers differ from the description:\n" + report(found)


def test_the_run_reaches_the_answers_with_a_body(schema, open311, world, client):
    """The fixed runs above are no 404s: the same requests, made directly, answer 200."""
    signal = make_signal(world.areas.buurt, code="straat", open311_token="een-token")
    for path in (
        f"{BASE_PATH}/requests/{signal.number}.json",
        f"{BASE_PATH}/services/afval.xml",
        f"{BASE_PATH}/tokens/een-token.json",
    ):
        assert client.get(path).status_code == 200, path
    response = client.post(
        f"{BASE_PATH}/requests.json?api_key={open311.key}&service_code=straat"
        f"&lat={IN_BUURT[1]}&long={IN_BUURT[0]}&jurisdiction_id=testveen"
    )
    assert response.status_code == 200, response.content
