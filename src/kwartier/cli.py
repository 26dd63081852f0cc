"""The `kwartier` command: demo, serve, token, algorithm commands, and every Django command.

kwartier demo            migrate, load the demo municipality, print the accounts
kwartier serve [PORT]    serve the platform (default port from PORT or 8000)
kwartier token USERNAME  print a new API token for that user
kwartier pb ...          participatory-budgeting files (see docs/budgets-allocation.md)
kwartier match ...       match support questions to helpers (see docs/matching.md)
kwartier <command>       any Django management command (migrate, shell, ...)
"""

import importlib
import os
import sys

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
        port = argv[1] if len(argv) > 1 else os.environ.get("PORT", "8000")
        argv = ["runserver", f"127.0.0.1:{port}", "--noreload", *argv[2:]]
    execute_from_command_line(["kwartier", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
