"""Every demo account follows the links of its pages: no link breaks, no page errs.

The demo holds data in every state, so this walks the pages as a new user would
(start page, menu, lists, details, exports) and catches what a single-purpose test of a
page with fixture data misses: a template that breaks on a state the fixture lacks, a
link to a page that does not exist, a menu item that leads to a 403.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

from kwartier.core.models import Person, User
from kwartier.demo.generate import ACCOUNTS, build_demo
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
PAGES_PER_ACCOUNT = 80
# Leaving (logout), the API's own browsable pages and files that are no pages.
SKIP = re.compile(r"^/(uitloggen|static|api|media)/")
HREF = re.compile(r'href="(/[^"]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    settings = {
        "KWARTIER_DEMO_PASSWORD": "demo",
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }
    with django_db_blocker.unblock(), override_settings(**settings), transaction.atomic():
        build_demo()
        yield
        transaction.set_rollback(True)


def crawl(client: Client) -> dict[str, int]:
    """Status per visited path, breadth first from the start page."""
    seen: dict[str, int] = {}
    queue = deque(["/"])
    while queue and len(seen) < PAGES_PER_ACCOUNT:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            if not SKIP.match(urlsplit(link).path) and link not in seen:
                queue.append(link)
    return seen


@pytest.mark.parametrize("username", [account.username for account in ACCOUNTS])
def test_every_link_of_the_demo_leads_to_a_page(demo, username):
    client = Client()
    sign_in(client, User.objects.get(username=username))
    seen = crawl(client)
    assert len(seen) > 5, seen  # the start page leads somewhere
    broken = {path: status for path, status in seen.items() if status >= 400}
    assert broken == {}, f"{username}: {broken}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics of PostgreSQL")
def test_postgresql_plans_for_the_tables_the_demo_filled(demo):
    # Without fresh statistics the planner takes the demo's tables for empty ones, and a
    # start page ran for minutes (docs/demo.md). ANALYZE sets the planner's row counts.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'core_person'")
        (estimated,) = cursor.fetchone()
    assert estimated == Person.objects.count()
