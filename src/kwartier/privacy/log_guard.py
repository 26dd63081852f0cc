"""Database triggers that make the access log append-only (SQLite and PostgreSQL).

Installed by migration 0002. The test suite lifts them for the tests that empty whole
tables between runs (the browser tests' live server), and checks them separately.
"""

TABLE = "privacy_accesslogentry"
MESSAGE = "toegangslog is alleen-toevoegen"

INSTALL = {
    "sqlite": [
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ],
    "postgresql": [
        f"CREATE FUNCTION {TABLE}_refuse() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;",
        f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse();",
    ],
}
REMOVE = {
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
    ],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
        f"DROP FUNCTION IF EXISTS {TABLE}_refuse();",
    ],
}


def _run(connection, statements: dict) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def install(connection) -> None:
    _run(connection, INSTALL)


def remove(connection) -> None:
    _run(connection, REMOVE)
