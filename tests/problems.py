"""Reading the API's error answers, problem details (RFC 9457, core/api_errors.py), in tests."""

PROBLEM = "application/problem+json"


def problem(response) -> dict:
    """The problem body of an error answer, after checking that it is one."""
    assert response["Content-Type"] == PROBLEM, (response.status_code, response["Content-Type"])
    body = response.json()
    assert body["status"] == response.status_code, body
    assert body["title"] and isinstance(body["detail"], str), body
    return body


def field_errors(response) -> dict[str, list[str]]:
    """Field name → its messages, from `invalidParams` (nested fields as `a[0].b`)."""
    errors: dict[str, list[str]] = {}
    for param in problem(response).get("invalidParams", []):
        errors.setdefault(param["name"], []).append(param["reason"])
    return errors
