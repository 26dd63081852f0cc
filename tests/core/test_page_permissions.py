"""The page permission matrix: every web page × every visitor.

Each app declares its pages in `tests/<app>/permissions.py` (`PAGES`: URL name → cases,
with the objects they reach from the app's `targets(world)`); the core's are in
tests/core/permissions.py, and every web route of the walk over the URL configuration
must be among them. Every case is a test of its own, so a failure names the page, the
method and the visitors that got something else (`check` in tests/core/matrix.py, the
same judge as the API matrix's).
"""

import importlib
import sys
import types

import pytest
from django.urls import reverse

from tests.core import core_routes
from tests.core.matrix import check

APPS = [
    "core",
    "budgets",
    "instruments",
    "methods",
    "network",
    "privacy",
    "referrals",
    "support",
    "voting",
    "signals",
    "indicators",
]
MATRICES = [importlib.import_module(f"tests.{app}.permissions") for app in APPS]
CORE = MATRICES[0]

# URL name → (the targets of the app that declares the page, its cases)
PAGES = {}
for _matrix in MATRICES:
    for _name, _cases in _matrix.PAGES.items():
        assert _name not in PAGES, f"{_name} is in the PAGES of two apps"
        PAGES[_name] = (_matrix.targets, _cases)


def _case_params():
    for name, (targets, cases) in PAGES.items():
        for case in cases:
            label = f"{name}-{case.method}" + (f"-{case.target}" if case.target else "")
            yield pytest.param(name, targets, case, id=label)


@pytest.mark.parametrize(("name", "targets", "case"), list(_case_params()))
def test_page_permissions(name, targets, case, world, client_for):
    url = reverse(name, kwargs=targets(world)[case.target] if case.target else {})
    clients = {}

    def client_of(visitor):
        if visitor not in clients:
            clients[visitor] = client_for(world.users[visitor])
        return clients[visitor]

    mismatches = check(name, case, url, client_of)
    assert not mismatches, "\n".join(mismatches)


def _core_pages(routes) -> set[str]:
    return {route.name for route in routes if not route.is_api}


def test_every_core_page_is_in_the_matrix():
    missing = sorted(_core_pages(core_routes()) - set(CORE.PAGES))
    assert not missing, (
        f"pages without permission expectations: {missing}. Add them to PAGES in "
        "tests/core/permissions.py with the status every role must get."
    )


def test_no_expectations_for_core_pages_that_are_gone():
    stale = sorted(set(CORE.PAGES) - _core_pages(core_routes()))
    assert not stale, f"tests/core/permissions.py lists pages that no longer exist: {stale}"


def test_a_new_page_is_caught_by_the_walk(monkeypatch, settings):
    """The guard itself: a view added to the URLs shows up, and without an entry it fails."""
    from django.http import HttpResponse
    from django.urls import path

    import kwartier.urls

    def new_view(request):
        return HttpResponse("nieuw")

    new_view.__module__ = "kwartier.core.views"
    urlconf = types.ModuleType("tests_extra_urlconf")
    urlconf.urlpatterns = [
        *kwartier.urls.urlpatterns,
        path("nieuw/", new_view, name="nieuwe-pagina"),
        path("naamloos/", new_view),
    ]
    monkeypatch.setitem(sys.modules, urlconf.__name__, urlconf)
    settings.ROOT_URLCONF = urlconf.__name__
    missing = _core_pages(core_routes()) - set(CORE.PAGES)
    assert sorted(missing) == ["<unnamed /naamloos/>", "nieuwe-pagina"]
