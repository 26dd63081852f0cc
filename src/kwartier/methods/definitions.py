"""Method templates as TOML: parse and check one file, with line numbers in every error.

Pure (no Django): the loader (`loading.py`), the upload form and the tests use it. The
format is described in docs/methods.md; `data/*.toml` are the methods Kwartier ships.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

ROLES = ("beheerder", "coordinator", "wijkwerker", "vrijwilliger", "partner")
FIELD_TYPES = ("keuze", "tekst", "datum", "activiteit")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_TEXT = 120
MAX_AGE = 120
MAX_PHASES = 50

TOP_KEYS = {
    "code",
    "version",
    "name",
    "description",
    "target_group",
    "role",
    "min_age",
    "max_age",
    "max_duration_days",
    "outcomes",
    "end_reasons",
    "phases",
}
PHASE_KEYS = {
    "code",
    "name",
    "description",
    "expected_days",
    "role",
    "checklist",
    "instruments",
    "fields",
}
FIELD_KEYS = {"code", "label", "type", "choices"}
OPTION_KEYS = {"code", "label"}


@dataclass(frozen=True)
class Option:
    code: str
    label: str

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label}


@dataclass(frozen=True)
class FieldDefinition:
    code: str
    label: str
    type: str
    choices: tuple[Option, ...] = ()

    def as_dict(self) -> dict:
        data = {"code": self.code, "label": self.label, "type": self.type}
        if self.choices:
            data["choices"] = [c.as_dict() for c in self.choices]
        return data


@dataclass(frozen=True)
class PhaseDefinition:
    code: str
    name: str
    description: str = ""
    expected_days: int | None = None
    role: str = ""
    checklist: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    fields: tuple[FieldDefinition, ...] = ()


@dataclass(frozen=True)
class MethodDefinition:
    code: str
    version: int
    name: str
    description: str = ""
    target_group: str = ""
    role: str = ""
    min_age: int | None = None
    max_age: int | None = None
    max_duration_days: int | None = None
    outcomes: tuple[Option, ...] = ()
    end_reasons: tuple[Option, ...] = ()
    phases: tuple[PhaseDefinition, ...] = field(default_factory=tuple)


class DefinitionError(ValueError):
    """The file is not a valid method template; `errors` are Dutch, with line numbers."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# Where in the text a key is, for the line number of an error -------------------------


class _Lines:
    """Finds the line of a key: top level, in the n-th [[phases]], or deeper tables."""

    HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")

    def __init__(self, text: str):
        self.lines = text.splitlines()
        # (line number, header name) of each table header, in order
        self.headers = []
        for number, line in enumerate(self.lines, 1):
            match = self.HEADER.match(line)
            if match:
                self.headers.append((number, match.group(1).replace(" ", "")))

    def _block(self, path: tuple) -> tuple[int, int]:
        """First and last line of the table that `path` (("phases", 2, "fields", 0)) names."""
        start, end = 1, len(self.lines)
        if not path:  # the top level ends at the first header
            return start, (self.headers[0][0] - 1 if self.headers else end)
        name = ""
        pos = 0
        for i in range(0, len(path), 2):
            name = f"{name}.{path[i]}" if name else path[i]
            index = path[i + 1] if i + 1 < len(path) else 0
            seen = -1
            found = None
            for j in range(pos, len(self.headers)):
                number, header = self.headers[j]
                if number > end:
                    break
                if header == name:
                    seen += 1
                    if seen == index:
                        found = j
                        break
            if found is None:
                return start, end
            pos = found + 1
            start = self.headers[found][0]
            # the block ends before the next header that is not a sub-table of this one
            end = len(self.lines)
            for number, header in self.headers[found + 1 :]:
                if not header.startswith(name + "."):
                    end = number - 1
                    break
        return start, end

    def of(self, path: tuple = (), key: str | None = None) -> int:
        start, end = self._block(path)
        if key:
            pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
            for number in range(start, end + 1):
                if pattern.match(self.lines[number - 1]):
                    return number
            # a key written as an array of tables ([[phases]]) or inline
            for number, header in self.headers:
                if start <= number <= end + 1 and header.endswith(key):
                    return number
        return start


# Checking ------------------------------------------------------------------------------


class _Checker:
    def __init__(self, text: str):
        self.lines = _Lines(text)
        self.errors: list[str] = []

    def error(self, path: tuple, key: str | None, message: str) -> None:
        self.errors.append(f"Regel {self.lines.of(path, key)}: {message}")

    def unknown(self, data: dict, allowed: set, path: tuple, where: str) -> None:
        for key in sorted(set(data) - allowed):
            self.error(path, key, f"onbekende sleutel '{key}' {where}.")

    def text(self, data, key, path, where, required=False, max_length=MAX_TEXT) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.error(path, None, f"'{key}' ontbreekt {where}.")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.error(path, key, f"'{key}' {where} moet een (niet-lege) tekst zijn.")
            return ""
        if max_length and len(value) > max_length:
            self.error(path, key, f"'{key}' {where} is langer dan {max_length} tekens.")
        return value.strip()

    def slug(self, data, key, path, where) -> str:
        value = self.text(data, key, path, where, required=True, max_length=None)
        if value and not SLUG.match(value):
            self.error(
                path,
                key,
                f"'{key}' {where} mag alleen kleine letters, cijfers en streepjes bevatten "
                "(hoogstens 40 tekens).",
            )
        return value

    def integer(
        self, data, key, path, where, minimum=0, required=False, maximum=100_000
    ) -> int | None:
        value = data.get(key)
        if value is None:
            if required:
                self.error(path, None, f"'{key}' ontbreekt {where}.")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(
                path, key, f"'{key}' {where} moet een geheel getal van {minimum} of meer zijn."
            )
            return None
        if value > maximum:
            self.error(path, key, f"'{key}' {where} mag hoogstens {maximum} zijn.")
            return None
        return value

    def role(self, data, path, where) -> str:
        value = self.text(data, "role", path, where)
        if value and value not in ROLES:
            self.error(
                path, "role", f"onbekende rol '{value}' {where}; kies uit {', '.join(ROLES)}."
            )
            return ""
        return value

    def strings(self, data, key, path, where, slugs=False) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(path, key, f"'{key}' {where} moet een lijst van teksten zijn.")
            return ()
        if slugs:
            for v in value:
                if not SLUG.match(v):
                    self.error(path, key, f"'{v}' in '{key}' {where} is geen geldige code.")
        too_long = [v for v in value if len(v) > 300]
        if too_long:
            self.error(path, key, f"een punt in '{key}' {where} is langer dan 300 tekens.")
        return tuple(v.strip() for v in value)

    def options(self, data, key, path, where, required=False) -> tuple[Option, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error(path, key, f"'{key}' {where} moet een lijst van {{code, label}} zijn.")
            return ()
        if required and not value:
            self.error(path, key, f"'{key}' {where} heeft minstens één keuze nodig.")
        out, seen = [], set()
        for i, item in enumerate(value):
            item_path = (*path, key, i) if _is_table_array(self.lines, path, key) else path
            item_where = f"in {key}[{i + 1}]"
            self.unknown(item, OPTION_KEYS, item_path, item_where)
            code = self.slug(item, "code", item_path, item_where)
            label = self.text(item, "label", item_path, item_where, required=True)
            if code in seen:
                self.error(item_path, "code", f"code '{code}' komt twee keer voor in '{key}'.")
            seen.add(code)
            if code and label:
                out.append(Option(code, label))
        return tuple(out)


def _is_table_array(lines: _Lines, path: tuple, key: str) -> bool:
    prefix = ".".join(str(p) for p in path if isinstance(p, str))
    name = f"{prefix}.{key}" if prefix else key
    return any(header == name for _, header in lines.headers)


def _field(checker: _Checker, data: dict, path: tuple, where: str) -> FieldDefinition | None:
    checker.unknown(data, FIELD_KEYS, path, where)
    code = checker.slug(data, "code", path, where)
    label = checker.text(data, "label", path, where, required=True)
    kind = checker.text(data, "type", path, where, required=True)
    if kind and kind not in FIELD_TYPES:
        checker.error(
            path, "type", f"onbekend type '{kind}' {where}; kies uit {', '.join(FIELD_TYPES)}."
        )
        return None
    choices = ()
    if kind == "keuze":
        choices = checker.options(data, "choices", path, where, required=True)
    elif "choices" in data:
        checker.error(path, "choices", f"'choices' {where} hoort alleen bij type 'keuze'.")
    if not (code and label and kind):
        return None
    return FieldDefinition(code, label, kind, choices)


def _phase(checker: _Checker, data: dict, index: int) -> PhaseDefinition | None:
    path = ("phases", index)
    where = f"in fase {index + 1}"
    checker.unknown(data, PHASE_KEYS, path, where)
    code = checker.slug(data, "code", path, where)
    name = checker.text(data, "name", path, where, required=True)
    description = checker.text(data, "description", path, where, max_length=2000)
    expected = checker.integer(data, "expected_days", path, where)
    role = checker.role(data, path, where)
    checklist = checker.strings(data, "checklist", path, where)
    instruments = checker.strings(data, "instruments", path, where, slugs=True)
    fields_data = data.get("fields", [])
    fields: list[FieldDefinition] = []
    if not isinstance(fields_data, list) or not all(isinstance(f, dict) for f in fields_data):
        checker.error(path, "fields", f"'fields' {where} moet een lijst van velden zijn.")
    else:
        for j, item in enumerate(fields_data):
            made = _field(
                checker, item, (*path, "fields", j), f"in veld {j + 1} van fase {index + 1}"
            )
            if made:
                fields.append(made)
    if not (code and name):
        return None
    return PhaseDefinition(
        code, name, description, expected, role, checklist, instruments, tuple(fields)
    )


def parse(text: str) -> MethodDefinition:
    """The method in `text`; raises DefinitionError with every problem found."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError([f"Geen geldige TOML: {_dutch_toml_error(str(exc))}"]) from None
    checker = _Checker(text)
    where = "bovenaan het bestand"
    checker.unknown(data, TOP_KEYS, (), where)
    code = checker.slug(data, "code", (), where)
    version = checker.integer(data, "version", (), where, minimum=1, required=True)
    name = checker.text(data, "name", (), where, required=True)
    description = checker.text(data, "description", (), where, max_length=4000)
    target_group = checker.text(data, "target_group", (), where, max_length=200)
    role = checker.role(data, (), where)
    min_age = checker.integer(data, "min_age", (), where, maximum=MAX_AGE)
    max_age = checker.integer(data, "max_age", (), where, maximum=MAX_AGE)
    if min_age is not None and max_age is not None and max_age < min_age:
        checker.error((), "max_age", "'max_age' is lager dan 'min_age'.")
    max_duration = checker.integer(data, "max_duration_days", (), where, minimum=1)
    outcomes = checker.options(data, "outcomes", (), where)
    end_reasons = checker.options(data, "end_reasons", (), where, required=True)

    phases_data = data.get("phases", [])
    phases: list[PhaseDefinition] = []
    if not isinstance(phases_data, list) or not all(isinstance(p, dict) for p in phases_data):
        checker.error((), "phases", "'phases' moet een lijst van fasen zijn ([[phases]]).")
    elif not phases_data:
        checker.error((), None, "de methode heeft geen fasen; voeg minstens één [[phases]] toe.")
    elif len(phases_data) > MAX_PHASES:
        checker.error((), "phases", f"een methode heeft hoogstens {MAX_PHASES} fasen.")
    else:
        seen: set[str] = set()
        for i, item in enumerate(phases_data):
            phase = _phase(checker, item, i)
            if phase and phase.code in seen:
                checker.error(
                    ("phases", i), "code", f"fasecode '{phase.code}' komt twee keer voor."
                )
            if phase:
                seen.add(phase.code)
                phases.append(phase)
    field_codes = [(i, f.code) for i, p in enumerate(phases) for f in p.fields]
    seen_fields: set[str] = set()
    for i, field_code in field_codes:
        if field_code in seen_fields:
            checker.error(("phases", i), "fields", f"veldcode '{field_code}' komt twee keer voor.")
        seen_fields.add(field_code)
    if checker.errors:
        raise DefinitionError(checker.errors)
    return MethodDefinition(
        code=code,
        version=version,
        name=name,
        description=description,
        target_group=target_group,
        role=role,
        min_age=min_age,
        max_age=max_age,
        max_duration_days=max_duration,
        outcomes=outcomes,
        end_reasons=end_reasons,
        phases=tuple(phases),
    )


def _dutch_toml_error(message: str) -> str:
    """tomllib says '... (at line 3, column 5)'; keep the place, in Dutch."""
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        return f"regel {match.group(1)}, kolom {match.group(2)}: {message[: match.start()].strip()}"
    if "end of document" in message:
        return f"aan het einde van het bestand: {message}"
    return message
