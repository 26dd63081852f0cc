"""A bounded, deterministic schemathesis run against the project's WSGI application, as
the API's and Open311's conformance tests use it: each distinct failure is collected
(one per operation, kind and detail, as schemathesis's own report counts them) and
reported with a curl command that repeats it. The `wsgi_app` fixture is in tests/conftest.py."""

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode


def bounded(examples: int):
    """A fixed small number of examples, derandomized and without an example database, so
    that `make test` runs the same requests every time."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def collect(operation, examples, found, checks, *, prepare=None, headers=None, **strategy):
    """Call `operation` with generated cases (`prepare(case)` may add to each); each
    distinct failure goes into `found`."""

    @bounded(examples)
    @given(case=operation.as_strategy(**strategy))
    def run(case):
        if prepare is not None:
            prepare(case)
        try:
            case.call_and_validate(headers=headers, checks=checks)
        except FailureGroup as group:
            for failure in group.exceptions:
                found.setdefault(_key(failure), (failure, case))
        except Failure as failure:
            found.setdefault(_key(failure), (failure, case))

    try:
        run()
    except Unsatisfiable:
        # Nothing to make invalid (no parameters, no body): the valid requests cover it.
        assert strategy.get("generation_mode") is GenerationMode.NEGATIVE


def _key(failure):
    return (failure.operation, type(failure).__name__, failure._unique_key)


def report(found) -> str:
    lines = []
    for (operation, kind, _), (failure, case) in sorted(found.items()):
        lines.append(f"- {operation}: {kind}: {failure.title}")
        lines.append("    " + failure.message.replace("\n", "\n    ")[:1500])
        lines.append("    " + case.as_curl_command())
    return "\n".join(lines)
