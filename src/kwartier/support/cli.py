"""`kwartier match INPUT.json [-o OUTPUT.json]`: match support questions to helpers from files.

Reads the engine's input JSON (see docs/matching.md), writes `{"matches", "unmatched"}` as
JSON to OUTPUT (or to stdout for `-o -` or no `-o`). INPUT may be `-` for stdin. Problems are
reported on stderr in Dutch with exit status 2, so scripts can tell them from a crash.
"""

from __future__ import annotations

import json
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


def _read(source: str) -> object:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _Problem(f"invoerbestand niet gevonden: {source}") from None
    except UnicodeDecodeError:
        raise _Problem(f"{source} is geen UTF-8-tekst") from None
    except OSError as error:
        raise _Problem(f"kan {source} niet lezen: {error.strerror}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _Problem(
            f"{source} is geen geldige JSON (regel {error.lineno}, kolom {error.colno})"
        ) from None


def _write(target: str, text: str) -> None:
    if target == "-":
        sys.stdout.write(text)
        return
    try:
        Path(target).write_text(text, encoding="utf-8")
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
        _write(target, json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n")
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
