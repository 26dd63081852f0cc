"""Health endpoints for a load balancer or systemd watchdog (docs/deployment.md).

/health/live answers as long as the process does, without touching the database: a
restart would not help a database that is down. /health/ready says whether this process
can serve pages: the database answers and every migration of this code is applied.
Both are public, carry no personal data and are left out of the access log
(core/logs.py); the two-factor gate lets them through (accounts/middleware.py).
"""

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Where the two endpoints live: the two-factor gate lets it through, the access log skips it.
HEALTH_PREFIX = "/health/"


def unapplied_migrations(connection) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


@never_cache
@require_safe
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = unapplied_migrations(connection)
    except DatabaseError as exc:
        # The class only: a driver's message may name the host or the database user.
        logger.warning("Not ready: the database does not answer (%s)", type(exc).__name__)
        return JsonResponse({"status": "unavailable", "reason": "database"}, status=503)
    if pending:
        logger.warning("Not ready: %d migrations not applied", len(pending))
        return JsonResponse({"status": "unavailable", "reason": "migrations"}, status=503)
    return JsonResponse({"status": "ok"})
