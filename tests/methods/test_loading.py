"""Loading templates into the database: idempotent, versioned, owned."""

import datetime

import pytest

from kwartier.core.errors import RuleError
from kwartier.methods import services
from kwartier.methods.definitions import DefinitionError
from kwartier.methods.loading import load_directory, load_text
from kwartier.methods.models import Method

pytestmark = pytest.mark.django_db

V1 = """\
code = "proef"
version = 1
name = "Proefmethode"
end_reasons = [{ code = "klaar", label = "Klaar" }]

[[phases]]
code = "een"
name = "Een"
checklist = ["Stap"]

[[phases]]
code = "twee"
name = "Twee"
"""
V2 = V1.replace("version = 1", "version = 2").replace(
    'name = "Twee"', 'name = "Twee"\n\n[[phases]]\ncode = "drie"\nname = "Drie"'
)


def test_the_shipped_methods_are_loaded_after_migrate_and_loading_again_changes_nothing():
    shipped = set(Method.objects.filter(organisation__isnull=True).values_list("code", flat=True))
    assert shipped >= {
        "bsa",
        "welzijn-op-recept",
        "buurtbemiddeling",
        "maatjes",
        "huisbezoek-ouderen",
    }
    before = Method.objects.count()
    results = load_directory()
    assert [created for _, created in results] == [False] * len(results)
    assert Method.objects.count() == before


def test_a_new_version_becomes_current_and_running_trajectories_keep_their_phases(world):
    v1, created = load_text(V1, "proef.toml")
    assert created and v1.is_current
    worker = world.users["coordinator"]
    trajectory = services.start_trajectory(world.in_area, v1, worker, datetime.date(2025, 1, 6))
    v2, created = load_text(V2, "proef.toml")
    assert created and v2.is_current
    v1.refresh_from_db()
    assert not v1.is_current
    assert [p.code for p in v2.phases.all()] == ["een", "twee", "drie"]
    services.advance(trajectory, worker, datetime.date(2025, 1, 10))
    trajectory.refresh_from_db()
    assert trajectory.method == v1
    assert trajectory.current_phase.method == v1
    with pytest.raises(RuleError, match="laatste fase"):
        services.advance(trajectory, worker, datetime.date(2025, 1, 11))


def test_the_same_version_with_other_content_is_refused():
    load_text(V1)
    with pytest.raises(DefinitionError) as caught:
        load_text(V1.replace('name = "Een"', 'name = "Anders"'))
    assert "verhoog 'version'" in caught.value.errors[0]
    again, created = load_text(V1)
    assert not created and again.version == 1


def test_an_organisation_cannot_take_over_another_ones_code(world):
    load_text(V1, organisation=world.welfare_org)
    with pytest.raises(DefinitionError, match="al in gebruik"):
        load_text(V2, organisation=world.other_welfare_org)
    with pytest.raises(DefinitionError, match="al in gebruik"):
        load_text(
            V1.replace('code = "proef"', 'code = "bsa"').replace("version = 1", "version = 9"),
            organisation=world.welfare_org,
        )


def test_an_older_version_loaded_later_does_not_become_current():
    load_text(V2)
    v1, created = load_text(V1)
    assert created and not v1.is_current
    assert Method.objects.current().get(code="proef").version == 2


def test_the_command_checks_and_loads_files(tmp_path):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.toml"
    bad.write_text(V1.replace("version = 1", "version = 0"))
    good = tmp_path / "proef.toml"
    good.write_text(V1)
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("methods", "check", str(bad), stderr=errors)
    assert "Regel 2: 'version'" in errors.getvalue()
    assert not Method.objects.filter(code="proef").exists()  # check never loads
    out = io.StringIO()
    call_command("methods", "load", str(good), stdout=out)
    assert out.getvalue() == "proef versie 1: geladen\n"
    out = io.StringIO()
    call_command("methods", "load", stdout=out)
    assert "bsa versie 1: ongewijzigd" in out.getvalue()
