"""GeoReport v2's two formats: JSON (bare arrays) and XML, chosen by the path's suffix.

The XML follows the specification's examples and what real servers send: a root element
(`services`, `service_requests`, `service_definition`, `errors`, `discovery`), one child
per item (`service`, `request`, `error`), nested lists with their singular (`attributes`
→ `attribute`, `values` → `value`), booleans as `true`/`false`, nothing as an empty element.
"""

from __future__ import annotations

import datetime
import json
import re
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json", "xml": "text/xml; charset=utf-8"}
# The element of one item of a list, by the list's element.
SINGULAR = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry at all (a description may hold them): left out.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def format_of(path: str) -> str:
    """The format a path asks for; JSON unless it ends in .xml (errors of unknown paths)."""
    return "xml" if path.rstrip("/").lower().endswith(".xml") else "json"


def moment(value: datetime.datetime | None) -> str | None:
    """ISO 8601 with the zone, in local time, to the second (as the specification shows)."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))


def _element(parent, tag: str, value) -> None:
    child = ElementTree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _element(child, key, inner)
    elif isinstance(value, list):
        for item in value:
            _element(child, SINGULAR.get(tag, "item"), item)
    else:
        child.text = _text(value)


def to_xml(root: str, data) -> bytes:
    """`data` (a list of items or one dict) under the element `root`."""
    element = ElementTree.Element(root)
    if isinstance(data, list):
        for item in data:
            _element(element, SINGULAR[root], item)
    else:
        for key, value in data.items():
            _element(element, key, value)
    return ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)


def _present(data):
    """Without the fields that have no value: the published description (Swagger 2.0) has
    no nullable strings or numbers, and an absent field is what every client accepts."""
    if isinstance(data, dict):
        return {key: _present(value) for key, value in data.items() if value is not None}
    if isinstance(data, list):
        return [_present(item) for item in data]
    return data


def render(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """`data` as JSON or as XML under `root` (where an empty element stands for nothing)."""
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(_present(data), ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """The specification's error list: one {code, description} per problem."""
    items = [{"code": status, "description": text} for text in descriptions]
    return render(fmt, "errors", items, status=status)


def error_answer(request, status: int, message: str):
    """The error list for a request refused before it reached the views (core's hook)."""
    return errors(format_of(request.path), status, [message])
