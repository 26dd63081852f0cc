"""The `kwartier` command: demo, serve, token, algorithm commands, and every Django command.

kwartier demo            migrate, load the demo municipality, print the accounts
kwartier serve [PORT]    serve the platform with gunicorn (default port from PORT or 8000)
kwartier token USERNAME  print a new API token for that user
kwartier pb ...          participatory-budgeting files (see docs/budgets-allocation.md)
kwartier match ...       match support questions to helpers (see docs/matching.md)
kwartier <command>       any Django management command (migrate, shell, ...)
"""

import importlib
import os
import sys
from collections.abc import Sequence

# Commands that work on files without the database: module with a run_cli(argv).
FILE_COMMANDS = {
    "pb": "kwartier.budgets.cli",
    "match": "kwartier.support.cli",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in FILE_COMMANDS:
        module = importlib.import_module(FILE_COMMANDS[argv[0]])
        return module.run_cli(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kwartier.settings")
    from django.core.management import execute_from_command_line

    if argv and argv[0] == "serve":
        serve(argv[1:])  # replaces this process; returns only when execv is faked in a test
        return 0
    execute_from_command_line(["kwartier", *argv])
    return 0


def default_workers(cores: int | None = None) -> int:
    """gunicorn's rule of thumb, 2 × cores + 1, at most 8: each worker holds a full copy of
    Django in memory, and more processes than that only wait on the database."""
    return min(2 * (cores or os.cpu_count() or 1) + 1, 8)


def gunicorn_argv(port: str, environ, extra: Sequence[str] = ()) -> list[str]:
    """The gunicorn command line for `kwartier serve` (docs/deployment.md)."""
    workers = environ.get("WEB_CONCURRENCY", "").strip() or str(default_workers())
    if not workers.isdigit() or int(workers) < 1:
        raise SystemExit(f"WEB_CONCURRENCY must be 1 or more, not {workers!r}")
    bind = environ.get("KWARTIER_BIND", "").strip() or f"127.0.0.1:{port}"
    return [
        "gunicorn",
        "kwartier.wsgi:application",
        f"--bind={bind}",
        f"--workers={workers}",
        # Matching rounds and allocations still run inside the request (until background
        # jobs take them over): gunicorn's 30 s would kill the worker halfway.
        "--timeout=120",
        # The access line through Python logging: text or JSON, no query string, no
        # health probes (core/logs.py); gunicorn's own messages go to stderr.
        "--logger-class=kwartier.core.logs.AccessLogger",
        # gunicorn's runtime control socket sits at one path per user: a second instance
        # would take it over, and Kwartier has no use for it.
        "--no-control-socket",
        *extra,
    ]


def serve(args: list[str]) -> None:
    """Check the installation as runserver did, then become gunicorn (same process id)."""
    import django
    from django.core.management import call_command

    django.setup()
    port = args[0] if args else os.environ.get("PORT", "8000")
    argv = gunicorn_argv(port, os.environ, args[1:])
    call_command("check")
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", *argv])


if __name__ == "__main__":
    sys.exit(main())
