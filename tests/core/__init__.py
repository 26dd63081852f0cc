"""Tests of the core app. `core_routes()` lists the URLs the core tests walk.

The routes come from the URL configuration itself, so a view added later is walked by
the permission matrix and the bad-input tests without anyone remembering to add it.
"""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# Namespaces with their own checks: Django's admin is tested by Django.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str  # qualified: "person-list", "api:person-detail"
    route: str  # the full pattern, for messages
    params: tuple[str, ...]  # URL parameters, e.g. ("public_id",) or ("pk", "format")
    module: str  # where the view lives
    callback: object = field(default=None, compare=False, repr=False)  # the view function

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def has_format(self) -> bool:
        return "format" in self.params

    @property
    def id(self) -> str:
        return f"{self.name}[.format]" if self.has_format else self.name


def _params(pattern) -> tuple[str, ...]:
    return tuple(pattern.pattern.regex.groupindex)


def _view_module(pattern) -> str:
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return (view_class or callback).__module__


def _in_scope(module: str, namespace: str) -> bool:
    """The core app, the API router and the project's own routes (login, schema, ...).

    Views of the other Kwartier apps (budgets, support, …) outside the API router are
    left to those apps' tests; anything else, third-party included, is in scope.
    """
    if namespace == "api":
        return True
    if module.startswith("kwartier.") and not module.startswith("kwartier.core."):
        return module.startswith("kwartier.urls")
    return True


def core_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                inner = ":".join(p for p in (namespace, pattern.namespace) if p)
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                module = _view_module(pattern)
                if not _in_scope(module, namespace):
                    continue
                name = pattern.name and ":".join(p for p in (namespace, pattern.name) if p)
                routes.append(
                    Route(
                        name=name or f"<unnamed {prefix}{pattern.pattern}>",
                        route=prefix + str(pattern.pattern),
                        params=_params(pattern),
                        module=module,
                        callback=pattern.callback,
                    )
                )

    walk(get_resolver().url_patterns, "/", "")
    return routes


# The object a route with an id is walked with, by the route's resource name.
TARGETS = {
    "person": lambda world: {"public_id": world.in_area.public_id},
    "household": lambda world: {"pk": world.in_area.household.pk},
    "organisation": lambda world: {"pk": world.welfare_org.pk},
    "activity": lambda world: {"pk": world.partner_activity.pk},
    "area": lambda world: {"code": world.areas.buurt.code},
    "consent": lambda world: {"pk": world.consent.pk},
    # Vraag en aanbod: objects made on demand by tests/support/world.py.
    **{
        resource: (lambda world, resource=resource: _support_targets(world)[resource])
        for resource in (
            "helprequest",
            "helper",
            "supportcategory",
            "matchrun",
            "proposal",
            "match",
            "capacity",
        )
    },
    # Meldingen: the staff pages' and the API's signal (a number S-YYYY-NNNNNN).
    "signal": lambda world: _signal_targets(world)["signals_signal"],
}


def _signal_targets(world):
    from tests.signals.permissions import targets

    return targets(world)


def _support_targets(world):
    from tests.support.world import support_targets

    return support_targets(world)


def resource_of(route: Route) -> str:
    """ "api:person-detail" → "person", "household-update" → "household"."""
    return route.name.split(":")[-1].split("-")[0]


# URL arguments a route gets when TARGETS has no object for it: ids that need not exist.
FALLBACK_ARGUMENTS = {"pk": "999999", "id": "999999", "code": "ONBEKEND"}


def default_kwargs(route: Route, world) -> dict:
    """URL arguments that reach a real object of the world for this route.

    A route whose resource has no entry in TARGETS is still walked, with ids that find
    nothing (a resident's `public_id` is always a real one): add a target to reach the
    code behind the lookup as well.
    """
    params = [p for p in route.params if p != "format"]
    target = TARGETS.get(resource_of(route))
    found = target(world) if target and params else {}
    kwargs = {}
    for param in params:
        if param in found:
            kwargs[param] = found[param]
        elif param == "public_id":
            kwargs[param] = world.in_area.public_id
        else:
            kwargs[param] = FALLBACK_ARGUMENTS.get(param, "onbekend")
    if route.has_format:
        kwargs["format"] = "json"
    return kwargs
