"""Load method templates (TOML) into the database: idempotent and versioned.

Loading the same file twice changes nothing; a file with a higher `version` adds a new
Method row with its own phases and makes it the current one, so running trajectories
keep the phases of the version they started with. A version that already exists with
other content is refused: raise the version number instead.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from .definitions import DefinitionError, MethodDefinition, parse
from .models import Method, Phase

DATA_DIR = Path(__file__).resolve().parent / "data"


def _method_fields(definition: MethodDefinition) -> dict:
    return {
        "name": definition.name,
        "description": definition.description,
        "target_group": definition.target_group,
        "min_age": definition.min_age,
        "max_age": definition.max_age,
        "max_duration_days": definition.max_duration_days,
        "acting_role": definition.role,
        "outcomes": [o.as_dict() for o in definition.outcomes],
        "end_reasons": [o.as_dict() for o in definition.end_reasons],
    }


def _phase_rows(definition: MethodDefinition) -> list[dict]:
    return [
        {
            "order": i,
            "code": p.code,
            "name": p.name,
            "description": p.description,
            "expected_days": p.expected_days,
            "role": p.role or definition.role,
            "checklist": list(p.checklist),
            "instruments": list(p.instruments),
            "fields": [f.as_dict() for f in p.fields],
        }
        for i, p in enumerate(definition.phases)
    ]


def _same(method: Method, definition: MethodDefinition) -> bool:
    fields = _method_fields(definition)
    if any(getattr(method, name) != value for name, value in fields.items()):
        return False
    stored = list(
        method.phases.order_by("order").values(
            "order",
            "code",
            "name",
            "description",
            "expected_days",
            "role",
            "checklist",
            "instruments",
            "fields",
        )
    )
    return stored == _phase_rows(definition)


@transaction.atomic
def load_text(
    text: str, source_name: str = "", organisation=None, user=None
) -> tuple[Method, bool]:
    """Load one template; returns (method, created). Raises DefinitionError."""
    definition = parse(text)
    versions = Method.objects.select_for_update().filter(code=definition.code)
    owners = set(versions.values_list("organisation_id", flat=True))
    owner_id = organisation.pk if organisation is not None else None
    if owners and owners != {owner_id}:
        raise DefinitionError(
            [f"Regel 1: de code '{definition.code}' is al in gebruik voor een andere methode."]
        )
    existing = versions.filter(version=definition.version).first()
    if existing is not None:
        if _same(existing, definition):
            return existing, False
        raise DefinitionError(
            [
                f"Regel 2: versie {definition.version} van '{definition.code}' bestaat al met "
                "een andere inhoud; verhoog 'version' om een nieuwe versie te laden."
            ]
        )
    newest = versions.order_by("-version").first()
    is_current = newest is None or definition.version > newest.version
    method = Method.objects.create(
        code=definition.code,
        version=definition.version,
        source_text=text,
        source_name=source_name[:200],
        is_current=is_current,
        organisation=organisation,
        created_by=user,
        **_method_fields(definition),
    )
    Phase.objects.bulk_create(Phase(method=method, **row) for row in _phase_rows(definition))
    if is_current:
        versions.exclude(pk=method.pk).update(is_current=False)
    return method, True


def load_directory(directory: Path = DATA_DIR) -> list[tuple[Method, bool]]:
    """Load every *.toml in `directory` (the methods Kwartier ships), in name order."""
    results = []
    for path in sorted(directory.glob("*.toml")):
        try:
            results.append(load_text(path.read_text(encoding="utf-8"), path.name))
        except DefinitionError as exc:
            raise DefinitionError([f"{path.name}: {e}" for e in exc.errors]) from None
    return results
