"""`kwartier match INPUT.json [-o OUTPUT.json]`: match support questions to helpers from files.

Reads the engine's input JSON (see docs/matching.md), writes `{"matches", "unmatched"}` as
JSON to OUTPUT (or to stdout for `-o -` or no `-o`). INPUT may be `-` for stdin. Problems are
reported on stderr in Dutch with exit status 2, so scripts can tell them from a crash: the
engine's `parse` names every bad field, and what JSON itself cannot hold in Python (an integer
past `MAX_DIGITS` digits, nesting deeper than the parser's recursion) is named by its line.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from kwartier.support.matching import MatchingInputError, match, parse, to_json

USAGE = "gebruik: kwartier match INVOER.json [-o UITVOER.json]"
HELP = f"""{USAGE}

Koppelt hulpvragen aan helpers: eerst zoveel mogelijk hulpvragen, dan de beste koppelingen
(afstand, netwerk, taal, wachttijd, spreiding over helpers). Zie docs/matching.md.

  INVOER.json         {{"requests": [...], "offers": [...]}}; - leest van stdin
  -o, --output PAD    schrijf het resultaat naar PAD; - of weglaten schrijft naar stdout
  -h, --help          toon deze hulp
"""
EXIT_OK = 0
EXIT_ERROR = 2
# No id or count needs more digits; Python itself refuses integers past 4,300 digits.
MAX_DIGITS = 100
MAX_DEPTH = 100  # where a nesting too deep to read is reported; the input needs 3 levels
_BRACKET_OR_STRING = re.compile(r'"(?:[^"\\]+|\\.)*"|[\[\]{}]')


class _Problem(Exception):
    """A user-facing problem: its message is printed as is."""


class _HelpRequested(Exception):
    pass


def _arguments(argv: list[str]) -> tuple[str, str]:
    """(input, output) from the command line; `-` means stdin / stdout."""
    inputs: list[str] = []
    output = "-"
    args = iter(argv)
    for arg in args:
        if arg in ("-h", "--help"):
            raise _HelpRequested
        if arg in ("-o", "--output"):
            output = next(args, None)
            if output is None:
                raise _Problem(f"{arg} verwacht een bestandsnaam (of - voor stdout)\n{USAGE}")
        elif arg.startswith("--output="):
            output = arg.partition("=")[2]
        elif arg.startswith("-") and arg != "-":
            raise _Problem(f"onbekende optie {arg}\n{USAGE}")
        else:
            inputs.append(arg)
    if len(inputs) != 1:
        raise _Problem(f"geef precies één invoerbestand op\n{USAGE}")
    return inputs[0], output


class _TooManyDigits(Exception):
    def __init__(self, digits: str):
        self.digits = digits


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise _TooManyDigits(digits)
    return int(digits)


def _where(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return f"regel {line}, kolom {column}"


def _too_deep_at(text: str) -> int:
    """Where the nesting first goes past MAX_DEPTH (only looked for once reading failed)."""
    depth = 0
    for token in _BRACKET_OR_STRING.finditer(text):
        if token.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif token.group() in "]}":
            depth -= 1
    return 0


def _stdin_bytes() -> bytes:
    if hasattr(sys.stdin, "buffer"):
        return sys.stdin.buffer.read()
    return sys.stdin.read().encode("utf-8", "surrogatepass")  # a text stream put in its place


def _read(source: str) -> object:
    try:
        data = _stdin_bytes() if source == "-" else Path(source).read_bytes()
    except FileNotFoundError:
        raise _Problem(f"invoerbestand niet gevonden: {source}") from None
    except IsADirectoryError:
        raise _Problem(f"{source} is een map, geen bestand") from None
    except OSError as error:
        raise _Problem(f"kan {source} niet lezen: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _Problem(f"{source} is geen UTF-8-tekst (regel {line})") from None
    if not text.strip():
        raise _Problem(f'{source} is leeg; verwacht {{"requests": [...], "offers": [...]}}')
    try:
        return json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        raise _Problem(
            f"{source} is geen geldige JSON (regel {error.lineno}, kolom {error.colno})"
        ) from None
    except _TooManyDigits as error:
        found = re.search(rf"(?<![\w.\"]){re.escape(error.digits)}(?![\w.])", text)
        where = _where(text, found.start() if found else 0)
        raise _Problem(f"{source}: getal van meer dan {MAX_DIGITS} cijfers ({where})") from None
    except RecursionError:
        where = _where(text, _too_deep_at(text))
        raise _Problem(f"{source}: de JSON is te diep genest ({where})") from None


def _write(target: str, result: object) -> None:
    if target == "-":
        # Plain ASCII escapes where the terminal's encoding cannot show every character.
        utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
        sys.stdout.write(json.dumps(result, ensure_ascii=not utf8, indent=2) + "\n")
        return
    try:
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        Path(target).write_text(text, encoding="utf-8")
    except IsADirectoryError:
        raise _Problem(f"kan {target} niet schrijven: het is een map") from None
    except OSError as error:
        raise _Problem(f"kan {target} niet schrijven: {error.strerror}") from None


def run_cli(argv: list[str]) -> int:
    """Run `kwartier match` with `argv` (without the leading "match"); return the exit status."""
    try:
        source, target = _arguments(argv)
        try:
            requests, offers = parse(_read(source))
        except MatchingInputError as error:
            raise _Problem(f"ongeldige invoer in {source}:\n{error}") from None
        result = match(requests, offers)
        _write(target, to_json(result))
    except _HelpRequested:
        sys.stdout.write(HELP)
        return EXIT_OK
    except _Problem as problem:
        sys.stderr.write(f"kwartier match: {problem}\n")
        return EXIT_ERROR
    if target != "-":
        sys.stderr.write(
            f"{len(result.matches)} van {len(requests)} hulpvragen gekoppeld; "
            f"resultaat in {target}\n"
        )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(run_cli(sys.argv[1:]))
