"""Privacy of trajectories: every view logged, export and erasure, the multiplier, and
measurements within a trajectory's dates."""

import datetime

import pytest

from kwartier.core import extensions
from kwartier.core.access.log import AccessLogEntry
from kwartier.methods.models import ReviewNote, Trajectory
from kwartier.methods.reporting import measurements_within
from kwartier.privacy import subject

pytestmark = pytest.mark.django_db


def test_each_view_of_a_trajectory_is_logged_and_a_denied_one_too(tw, client_for, api_client_for):
    worker = tw.world.users["wijkwerker"]
    client_for(worker).get(tw.running.get_absolute_url())
    entry = AccessLogEntry.objects.filter(object_type="traject", username="wijkwerker").latest("at")
    assert (entry.action, entry.object_id, entry.person_public_id) == (
        "read",
        str(tw.running.pk),
        tw.world.in_area.public_id,
    )
    client_for(worker).get(tw.elsewhere.get_absolute_url())
    denied = AccessLogEntry.objects.filter(object_type="traject", result="denied").latest("at")
    assert denied.object_id == str(tw.elsewhere.pk)
    api_client_for(worker).get("/api/v1/trajectories")
    assert AccessLogEntry.objects.filter(
        object_type="traject", action="search", username="wijkwerker"
    ).exists()
    client_for(worker).post(
        f"/trajecten/{tw.running.pk}/intervisie/", {"written_on": "2025-03-01", "text": "x"}
    )
    assert AccessLogEntry.objects.filter(object_type="traject", action="change").exists()


def test_export_and_erasure_cover_trajectories(tw):
    ReviewNote.objects.create(
        trajectory=tw.running, text="Besproken", written_on=datetime.date(2025, 3, 1)
    )
    person = tw.world.in_area
    exported = subject.export_person(person)["gegevens"]["Trajecten (methoden)"]
    assert {t["methode"] for t in exported} == {
        "Buurtgerichte Sociale Activering (versie 1)",
        "Welzijn op Recept (versie 1)",
    }
    bsa = next(t for t in exported if t["methode"].startswith("Buurtgericht"))
    assert [f["fase"] for f in bsa["fasen"]] == ["Assessment", "Outreach en contact"]
    assert bsa["intervisie"][0]["notitie"] == "Besproken"
    wor = next(t for t in exported if t["methode"].startswith("Welzijn"))
    assert (wor["uitkomst"], wor["reden_beeindigen"]) == (
        "Neemt deel aan een activiteit",
        "Afgerond volgens plan",
    )
    plan = {p["onderdeel"]: p["wat"] for p in subject.erasure_plan(person)}
    assert plan["Trajecten (methoden)"][0].startswith("2 trajecten")
    assert Trajectory.objects.filter(person=person).count() == 2
    provider = next(p for p in subject.providers() if p.name == "Trajecten (methoden)")
    provider.erase(person, False)
    assert not Trajectory.objects.filter(person=person).exists()
    assert not ReviewNote.objects.filter(trajectory_id=tw.running.pk).exists()


def test_trajectories_with_a_volunteer_count_in_the_multiplier(tw):
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    assert "trajecten" in {s.code for s in extensions.informal_sources()}
    counts = dict(extensions._informal["trajecten"].count_by_buurt(start, end, None))
    # The huisbezoek (volunteer advisor) in buurt 2; the BSA trajectories have no volunteer.
    assert counts == {tw.world.areas.buurt_2.pk: 1}
    assert (
        extensions._informal["trajecten"].count_by_buurt(
            start, end, [tw.world.other_welfare_org.pk]
        )
        == {}
    )


def test_measurements_within_the_trajectory_dates(tw):
    from kwartier.instruments.services import record_measurement
    from tests.instruments.samples import answers

    user = tw.world.users["wijkwerker"]
    person = tw.world.in_area
    for day in (datetime.date(2025, 1, 5), datetime.date(2025, 2, 10), datetime.date(2025, 2, 20)):
        record_measurement(person, "djg6", answers("djg6"), day, user)
    ended = Trajectory.objects.get(pk=tw.ended.pk)  # 3 Feb - 23 Feb
    assert [m.measured_on.day for m in measurements_within(ended)] == [10, 20]
    running = Trajectory.objects.get(pk=tw.running.pk)  # from 3 Feb on
    assert [m.measured_on.day for m in measurements_within(running)] == [10, 20]


def test_the_trajectory_page_shows_what_to_measure_and_links_to_the_measurements(tw, client_for):
    page = (
        client_for(tw.world.users["wijkwerker"]).get(tw.ended.get_absolute_url()).content.decode()
    )
    assert "Metingen" in page
    assessment = client_for(tw.world.users["coordinator"]).get(tw.elsewhere.get_absolute_url())
    content = assessment.content.decode()
    assert "Participatieladder, Lubben Social Network Scale (LSNS-6)" in content
    assert f"/bewoners/{tw.world.out_of_area.public_id}/" in content


def test_a_partner_sees_trajectories_only_under_a_consent_for_traject(tw, client_for):
    from tests.conftest import consent_for

    partner = tw.world.users["partner"]
    client = client_for(partner)
    assert client.get(tw.running.get_absolute_url()).status_code == 404
    consent_for(tw.world.in_area, tw.world.housing_org, tw.world.users["coordinator"], ("traject",))
    page = client.get(tw.running.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    assert "Intervisie" not in content and "Traject beëindigen" not in content
    assert "Metingen" not in content  # the consent does not cover metingen
    listed = {t.pk for t in client.get("/trajecten/").context["object_list"]}
    assert listed == {tw.running.pk}  # the ended one is not in the default (running) list
    assert (
        client.post(f"/trajecten/{tw.running.pk}/verder/", {"on": "2025-03-01"}).status_code == 403
    )
    person_page = client.get(tw.world.in_area.get_absolute_url()).content.decode()
    assert "Buurtgerichte Sociale Activering" in person_page
