"""Where the other apps hook into the shared pages and figures: the main menu, the start
page, a resident's page, the resident portal's start page, and the kinds of informal
support the multiplier counts.

Each app registers its entries in its `AppConfig.ready()`, so the core app never needs to
know which modules are installed, and two apps never edit the same file to add a link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int


@dataclass(frozen=True)
class HomeBlock:
    template: str
    context: Callable  # (request) -> dict, or None to leave the block out
    roles: frozenset[str]
    order: int


_nav: dict[str, NavItem] = {}
_home: dict[str, HomeBlock] = {}
_person: dict[str, HomeBlock] = {}
_portal: dict[str, HomeBlock] = {}


def register_nav(label: str, url_name: str, roles: Iterable[str], order: int = 50) -> None:
    """A main-menu link for the given roles; `order` places it (core items use 10-90)."""
    _nav[url_name] = NavItem(label, url_name, frozenset(roles), order)


def register_home_block(
    template: str, context: Callable, roles: Iterable[str], order: int = 50
) -> None:
    """A block on the start page for the given roles, rendered from `template` with the
    dict `context(request)` returns; a None return leaves the block out."""
    _home[template] = HomeBlock(template, context, frozenset(roles), order)


def register_person_block(template: str, context: Callable, order: int = 50) -> None:
    """A section on a resident's page, rendered from `template` with the dict
    `context(request, person, grant)` returns (grant: privacy.access.grant_for); a None
    return leaves it out. The page itself is already scoped and logged; the block decides
    what the grant lets this user see."""
    _person[template] = HomeBlock(template, context, frozenset(), order)


def register_portal_block(template: str, context: Callable, order: int = 50) -> None:
    """A section on the resident portal's start page (/buurt/, no login), rendered from
    `template` with the dict `context(request)` returns; a None return leaves it out."""
    _portal[template] = HomeBlock(template, context, frozenset(), order)


def nav_items_for(role: str) -> list[tuple[int, str, str]]:
    return [(i.order, i.label, reverse(i.url_name)) for i in _nav.values() if role in i.roles]


def home_blocks_for(request) -> list[tuple[str, dict]]:
    blocks = sorted(
        (b for b in _home.values() if request.user.role in b.roles), key=lambda b: b.order
    )
    rendered = []
    for block in blocks:
        context = block.context(request)
        if context is not None:
            rendered.append((block.template, context))
    return rendered


def portal_blocks_for(request) -> list[tuple[str, dict]]:
    rendered = []
    for block in sorted(_portal.values(), key=lambda b: b.order):
        context = block.context(request)
        if context is not None:
            rendered.append((block.template, context))
    return rendered


def person_blocks_for(request, person, grant) -> list[tuple[str, dict]]:
    rendered = []
    for block in sorted(_person.values(), key=lambda b: b.order):
        context = block.context(request, person, grant)
        if context is not None:
            rendered.append((block.template, context))
    return rendered


# Informal support per buurt, for the multiplier of informal care (support/multiplier.py):
# support registers its informal matches, methods its trajectories with volunteers.
CountByBuurt = Callable  # (start, end, organisation ids or None) -> {buurt id: count}


@dataclass(frozen=True)
class InformalSource:
    code: str
    label: str
    count_by_buurt: CountByBuurt


_informal: dict[str, InformalSource] = {}


def register_informal_source(code: str, label: str, count_by_buurt: CountByBuurt) -> None:
    """A kind of informal support that counts in the multiplier, per buurt and period."""
    _informal[code] = InformalSource(code, label, count_by_buurt)


def informal_sources() -> list[InformalSource]:
    return list(_informal.values())


# Error answers in another format than a web page under a path prefix: the API's problem
# details are core's own; signals registers Open311's error list for /open311/.
ErrorRenderer = Callable  # (request, status, message) -> HttpResponse


_error_renderers: dict[str, ErrorRenderer] = {}


def register_error_renderer(prefix: str, renderer: ErrorRenderer) -> None:
    _error_renderers[prefix] = renderer


def error_renderer_for(path: str) -> ErrorRenderer | None:
    for prefix, renderer in _error_renderers.items():
        if path.startswith(prefix):
            return renderer
    return None
