"""The committed API description (docs/openapi.yaml) matches the code."""

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from drf_spectacular.management.commands.spectacular import SchemaGenerationError

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "openapi.yaml"
STALE = "docs/openapi.yaml is verouderd: draai `make openapi` en commit het resultaat."


@pytest.fixture(scope="module")
def generation(tmp_path_factory):
    """Run the same command and options as `make openapi`: (schema text, error).

    The schema depends on the database a little: Django takes the bounds of an integer
    field from the backend (64 bits on SQLite, 32 on PostgreSQL). The committed file is
    made with the default database, SQLite, so on another database the schema is made
    in a separate process without DATABASE_URL, as `make openapi` does by default.
    """
    target = tmp_path_factory.mktemp("openapi") / "openapi.yaml"
    command = ["spectacular", "--validate", "--fail-on-warn", "--file", str(target)]
    if connection.vendor != "sqlite":
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["DJANGO_SETTINGS_MODULE"] = "kwartier.settings"
        done = subprocess.run(
            [sys.executable, "-m", "django", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            return None, done.stderr[-3000:]
        return target.read_text(), None
    try:
        call_command(*command)
    except SchemaGenerationError as exc:
        return None, str(exc)
    return target.read_text(), None


def schema_text(generation) -> str:
    text, error = generation
    if error:
        pytest.fail(
            f"`make openapi` fails as well ({error}): fix the warnings drf-spectacular "
            "printed (see the captured stderr), then run `make openapi`.",
            pytrace=False,
        )
    return text


def test_openapi_file_is_up_to_date(generation):
    generated = schema_text(generation)
    assert COMMITTED.exists(), f"docs/openapi.yaml ontbreekt. {STALE}"
    committed = COMMITTED.read_text()
    if committed != generated:
        diff = difflib.unified_diff(
            committed.splitlines(),
            generated.splitlines(),
            "docs/openapi.yaml",
            "gegenereerd",
            lineterm="",
            n=2,
        )
        excerpt = "\n".join(list(diff)[:60])
        pytest.fail(f"{STALE}\n\n{excerpt}", pytrace=False)


def test_openapi_describes_every_core_resource(generation):
    schema = yaml.safe_load(schema_text(generation))
    # The paths are relative to the server, which carries the major version.
    assert [server["url"] for server in schema["servers"]] == ["/api/v1"]
    paths = set(schema["paths"])
    for resource in ("areas", "persons", "households", "organisations", "activities"):
        assert f"/{resource}" in paths
    person = schema["paths"]["/persons/{public_id}"]
    assert {"get", "put", "patch"} <= set(person)
    assert "delete" not in person  # erasure has its own audited procedure
    security = {name for entry in person["get"]["security"] for name in entry}
    assert {"cookieAuth", "tokenAuth"} <= security
