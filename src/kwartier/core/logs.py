"""Request and application logs under gunicorn: one line per request, plain or JSON.

gunicorn calls `AccessLogger.access` after every request. Instead of gunicorn's own
format it logs a record to the `kwartier.access` logger, which the LOGGING setting
(settings.py) writes to stdout as text or, with KWARTIER_LOG_FORMAT=json, as one JSON
object per line. The record holds the path without its query string (search words may be
names, docs/security.md), no body, no client address, no Referer and no user agent;
the health endpoints are left out, probes would drown the log.
"""

import json
import logging
from datetime import UTC, datetime

from gunicorn.glogging import Logger

from kwartier.accounts.logging import strip_query_strings

from .health import HEALTH_PREFIX

# The fields of an access record, in the order a JSON line shows them.
ACCESS_FIELDS = ("method", "path", "status", "bytes", "duration_ms")

access_log = logging.getLogger("kwartier.access")


def access_fields(environ, status, sent, request_time) -> dict:
    """What one request leaves in the log: PATH_INFO never holds the query string."""
    return {
        "method": environ.get("REQUEST_METHOD", "-"),
        "path": strip_query_strings(environ.get("PATH_INFO", "")),
        "status": status,
        "bytes": sent or 0,
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
    }


class AccessLogger(Logger):
    """gunicorn's logger, with the access line through Python logging (--logger-class)."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO", "").startswith(HEALTH_PREFIX):
            return
        # A file sent with sendfile (static files) is not counted in resp.sent.
        sent = resp.sent or resp.response_length
        fields = access_fields(environ, resp.status_code, sent, request_time)
        access_log.info(
            '"%s %s" %s %s %sms',
            *(fields[name] for name in ACCESS_FIELDS),
            extra=fields,
        )


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and the access fields."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(
            {name: getattr(record, name) for name in ACCESS_FIELDS if hasattr(record, name)}
        )
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
