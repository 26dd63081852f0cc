"""Hostile input on every voting page and form: an answer, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOSTILE = ["", "   ", "x" * 5000, "Zoë 🏘️ \u202e", "' OR 1=1 --", "9" * 40, "-1", "1e309"]


def test_no_server_error_on_hostile_input(v, world, client_for):
    r = v.round.pk
    anonymous = client_for(None)
    coordinator = client_for(world.users["coordinator"])
    problems = []

    def check(response, what):
        if response.status_code >= 500:
            problems.append(f"{what}: {response.status_code}")

    for value in HOSTILE:
        check(anonymous.post(reverse("voting:portal-start", args=[r]), {"code": value}), value)
        check(anonymous.get(reverse("voting:portal-check", args=[r]), {"bon": value}), value)
        check(
            coordinator.get(
                reverse("voting:register", args=[r]),
                {"q": value, "postcode": value, "huisnummer": value, "page": value},
            ),
            value,
        )
        check(coordinator.post(reverse("voting:polling", args=[r]), {"code": value}), value)
        check(
            coordinator.post(
                reverse("voting:paper", args=[r]), {"number": value, "keuze": [value]}
            ),
            value,
        )
        fields = {f"punten_{i.pk}": value for i in v.initiatives}
        check(coordinator.post(reverse("voting:paper", args=[r]), {"number": "5", **fields}), value)
        check(
            coordinator.post(
                reverse("voting:resolve", args=[r, v.sheet.pk]),
                {"decision": value, "note": value, "keuze": [value]},
            ),
            value,
        )
    # Portal steps after a valid code, with hostile choices.
    anonymous = client_for(None)
    anonymous.post(reverse("voting:portal-start", args=[r]), {"code": v.code_in_area})
    for value in HOSTILE:
        check(anonymous.post(reverse("voting:portal-ballot", args=[r]), {"keuze": [value]}), value)
        check(
            anonymous.post(reverse("voting:portal-confirm", args=[r]), {"keuze": [value, value]}),
            value,
        )
    assert not problems, problems
