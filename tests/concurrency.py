"""Requests at the same moment, each in a thread with its own database connection, as
under a threaded or multi-process server.

On SQLite the in-memory test database shares one cache between connections and never
shows file locking, so `file_database` copies it into a real file and points the threads
there, with the connection options of the settings (transaction mode, timeout, journal
mode). On PostgreSQL (DATABASE_URL) the threads use the test database itself.
"""

import contextlib
import sqlite3
import threading

from django.db import connection, connections


@contextlib.contextmanager
def file_database(tmp_path):
    """The test database as it is now, reachable from other threads' connections."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings_dict = connection.settings_dict  # the dict new connections are made from
    in_memory = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        # The main thread's connection stays on the in-memory database throughout.
        settings_dict["NAME"] = in_memory


def in_thread(function, *args):
    """Run `function` in a thread of its own (its own connection); return what it gave."""
    out = {}

    def run():
        try:
            out["value"] = function(*args)
        except Exception as error:  # noqa: BLE001 - reported by the caller
            out["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in out:
        raise out["error"]
    return out.get("value")


def race(submissions):
    """Start all submissions at the same moment; returns (status, text) per submission,
    the text of a redirect being where it goes."""
    barrier = threading.Barrier(len(submissions))
    results = [None] * len(submissions)

    def run(i, submit):
        try:
            barrier.wait(10)
            response = submit()
            text = response.headers.get("Location") or response.content.decode()
            results[i] = (response.status_code, text)
        except Exception as error:  # noqa: BLE001 - a 500 under a real server
            results[i] = (500, f"{type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(submissions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results
