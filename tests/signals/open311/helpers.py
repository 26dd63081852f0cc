"""Reading Open311 answers as an outside client does: JSON checked against the GeoReport
JSON Schemas of the Open311 schema-validation project, XML parsed as XML."""

import datetime
import json
from xml.etree import ElementTree

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tests.signals.open311.conftest import DATA

BASE = "/open311/v2"
SCHEMAS = {
    name: json.loads((DATA / "json-schema" / f"{name}.json").read_text())
    for name in ("request", "requests", "service", "services", "service-definition")
}
REGISTRY = Registry().with_resources(
    (f"{name}.json", Resource.from_contents(schema, default_specification=DRAFT7))
    for name, schema in SCHEMAS.items()
)
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _iso_with_zone(value) -> bool:
    return datetime.datetime.fromisoformat(value).tzinfo is not None


def valid(document, schema: str):
    """`document` when it fits the named schema (raises otherwise)."""
    validator = jsonschema.Draft7Validator(
        SCHEMAS[schema], registry=REGISTRY, format_checker=FORMATS
    )
    validator.validate(document)
    return document


def as_json(response, status=200):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def as_xml(response, status=200):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b"<?xml")
    return ElementTree.fromstring(response.content)


def error_list(response, status, fmt="json") -> list[str]:
    """The descriptions of the specification's error list (checked in either format)."""
    if fmt == "xml":
        root = as_xml(response, status)
        assert root.tag == "errors"
        assert all(e.tag == "error" and [c.tag for c in e] == ["code", "description"] for e in root)
        assert {e.findtext("code") for e in root} == {str(status)}
        return [e.findtext("description") for e in root]
    items = as_json(response, status)
    assert isinstance(items, list) and items
    assert all(set(item) == {"code", "description"} and item["code"] == status for item in items)
    return [item["description"] for item in items]


def shape(element) -> dict:
    """Element name → the names of its children, over a whole XML tree."""
    found: dict[str, set] = {}
    for node in element.iter():
        found.setdefault(node.tag, set()).update(child.tag for child in node)
    return found
