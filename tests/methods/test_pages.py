"""The methods pages: the actions on a trajectory with errors at the field, upload with
line numbers, start page, resident page, funnel page and CSV.

Who may open which page and act on a trajectory is in the page matrix
(tests/methods/permissions.py)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from kwartier.methods import services
from kwartier.methods.models import Method, Trajectory
from tests.methods.conftest import START, method

pytestmark = pytest.mark.django_db


def test_the_worker_moves_a_trajectory_through_the_page(tw, client_for):
    client = client_for(tw.world.users["wijkwerker"])
    pk = tw.running.pk
    page = client.get(reverse("trajectory-detail", args=[pk])).content.decode()
    assert "Outreach en contact" in page and "Checklist Outreach en contact" in page
    assert "De volgende actie is verlopen" in page
    response = client.post(reverse("trajectory-checklist", args=[pk]), {"checked": ["0", "1"]})
    assert response.status_code == 302
    response = client.post(reverse("trajectory-advance", args=[pk]), {"on": "2025-03-01"})
    assert response.status_code == 302
    t = Trajectory.objects.get(pk=pk)
    assert t.current_phase.code == "activering"
    back = method("bsa").phases.get(code="contact")
    response = client.post(
        reverse("trajectory-back", args=[pk]),
        {"phase": back.pk, "reason": "Bewoner afgehaakt", "on": "2025-03-02"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("trajectory-note", args=[pk]), {"written_on": "2025-03-03", "text": "Intervisie"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("trajectory-end", args=[pk]),
        {"ended_on": "2025-03-04", "end_reason": "wil-niet", "outcome": "niet-actief"},
    )
    assert response.status_code == 302
    page = client.get(reverse("trajectory-detail", args=[pk])).content.decode()
    assert "Bewoner wil niet verder" in page and "Terug: Bewoner afgehaakt" in page
    assert "Intervisie" in page


def test_errors_show_at_the_field_in_dutch(tw, client_for, field_block):
    client = client_for(tw.world.users["wijkwerker"])
    pk = tw.running.pk
    response = client.post(
        reverse("trajectory-end", args=[pk]),
        {"ended_on": "gisteren", "end_reason": "onzin", "outcome": ""},
    )
    assert response.status_code == 400
    assert "Kies een reden uit de lijst." in field_block(response.content, "id_end_reason").text
    assert "Kies een uitkomst." in field_block(response.content, "id_outcome").text
    response = client.post(reverse("trajectory-advance", args=[pk]), {"on": "2025-02-10"})
    assert response.status_code == 400
    assert "vóór de start van de huidige fase" in response.content.decode()
    response = client.post(
        reverse("trajectory-back", args=[pk]), {"phase": "99999", "reason": "", "on": "2025-03-01"}
    )
    assert response.status_code == 400
    assert "Kies een eerdere fase uit de lijst." in field_block(response.content, "id_phase").text


def test_data_fields_store_the_signal_source_and_the_activity(tw, client_for):
    client = client_for(tw.world.users["wijkwerker"])
    activity = tw.world.welfare_activity
    response = client.post(
        reverse("trajectory-data", args=[tw.running.pk]),
        {"signaalbron": "vindplaats", "activiteit": activity.pk},
    )
    assert response.status_code == 302
    t = Trajectory.objects.get(pk=tw.running.pk)
    assert t.data == {"signaalbron": "vindplaats"} and t.activity == activity
    page = client.get(t.get_absolute_url()).content.decode()
    assert "Vindplaats" in page and activity.title in page
    bad = client.post(reverse("trajectory-data", args=[tw.running.pk]), {"activiteit": str(2**70)})
    assert bad.status_code == 400


def test_starting_a_trajectory_from_the_form(tw, client_for, field_block):
    world = tw.world
    client = client_for(world.users["wijkwerker"])
    response = client.post(
        reverse("trajectory-create"),
        {
            "person": world.out_of_area.public_id,  # not in the wijkwerker's wijk
            "method": method("maatjes").pk,
            "worker": world.users["wijkwerker"].pk,
            "started_on": "2025-04-01",
        },
    )
    assert response.status_code == 400
    assert "Geen bewoner met dit kenmerk" in field_block(response.content, "id_person").text
    response = client.post(
        reverse("trajectory-create"),
        {
            "person": world.in_area_2.public_id.lower(),
            "method": method("maatjes").pk,
            "worker": world.users["wijkwerker"].pk,
            "volunteer": world.users["vrijwilliger"].pk,
            "started_on": "2025-04-01",
            "source": "Aanmelding bij de balie",
        },
    )
    assert response.status_code == 302
    made = Trajectory.objects.get(person=world.in_area_2, method__code="maatjes")
    assert made.volunteer == world.users["vrijwilliger"]
    assert made.current_phase.code == "intake"


def test_the_volunteer_sees_only_their_trajectory_and_little_of_the_resident(tw, client_for):
    client = client_for(tw.world.users["vrijwilliger"])
    listing = client.get(reverse("trajectory-list")).content.decode()
    assert tw.world.in_area_2.given_name in listing
    assert tw.world.in_area_2.family_name not in listing
    # Only the volunteer's own trajectory is listed (names alone could clash with a
    # worker's generated name in the Begeleider column).
    assert tw.visit.get_absolute_url() in listing
    for other in (tw.running, tw.elsewhere, tw.ended):
        assert other.get_absolute_url() not in listing
    assert f">{tw.world.in_area.given_name}</a>" not in listing
    page = client.get(tw.visit.get_absolute_url()).content.decode()
    assert "Sociale contacten en eenzaamheid" in page  # the uniform checklist
    assert tw.world.in_area_2.family_name not in page
    assert "Intervisie" not in page and "Traject beëindigen" not in page
    response = client.post(reverse("trajectory-checklist", args=[tw.visit.pk]), {"checked": ["1"]})
    assert response.status_code == 302
    assert tw.visit.visits.get().checked == [1]


def test_the_list_filters_by_method_phase_worker_and_overdue(tw, client_for):
    client = client_for(tw.world.users["coordinator"])
    url = reverse("trajectory-list")

    def shown(query):
        return {t.pk for t in client.get(url, query).context["object_list"]}

    assert shown({}) == {tw.running.pk, tw.elsewhere.pk, tw.visit.pk}
    assert shown({"method": "bsa"}) == {tw.running.pk, tw.elsewhere.pk}
    assert shown({"phase": "bsa:contact"}) == {tw.running.pk}
    assert shown({"phase": "contact"}) == shown({})  # not a choice: ignored
    assert shown({"worker": tw.world.users["wijkwerker"].pk}) == {tw.running.pk}
    assert shown({"overdue": "on"}) >= {tw.running.pk}
    assert tw.ended.pk in shown({"status": "beeindigd"})
    assert shown({"worker": str(2**70)}) == shown({})  # an invalid filter is ignored


def test_the_pages_of_a_filtered_list_keep_the_filter(tw, client_for):
    for _ in range(25):  # with running and elsewhere: 27 BSA trajectories, two pages
        services.start_trajectory(
            tw.world.in_area, method("bsa"), tw.world.users["wijkwerker"], START
        )
    client = client_for(tw.world.users["coordinator"])
    page = client.get(reverse("trajectory-list"), {"method": "bsa", "page": "1"})
    assert "27 resultaten · pagina 1 van 2" in page.content.decode()
    assert 'href="?method=bsa&amp;page=2"' in page.content.decode()
    second = client.get(reverse("trajectory-list"), {"method": "bsa", "page": "2"})
    assert len(second.context["object_list"]) == 2
    assert 'href="?method=bsa&amp;page=1"' in second.content.decode()


def test_the_start_page_shows_overdue_actions(tw, client_for):
    page = client_for(tw.world.users["wijkwerker"]).get(reverse("home")).content.decode()
    assert "Trajecten: verlopen acties" in page
    assert "Tweede huisbezoek" in page
    gemeente_page = client_for(tw.world.users["gemeente"]).get(reverse("home")).content.decode()
    assert "verlopen acties" not in gemeente_page


def test_the_residents_page_lists_their_trajectories(tw, client_for):
    page = client_for(tw.world.users["wijkwerker"]).get(tw.world.in_area.get_absolute_url())
    content = page.content.decode()
    assert "Buurtgerichte Sociale Activering" in content and "Welzijn op Recept" in content
    assert f"?bewoner={tw.world.in_area.public_id}" in content
    # The partner sees the resident (contact consent) but not the trajectories.
    partner_page = client_for(tw.world.users["partner"]).get(tw.world.in_area.get_absolute_url())
    assert partner_page.status_code == 200
    assert "Buurtgerichte Sociale Activering" not in partner_page.content.decode()


UPLOAD = """\
code = "inloop"
version = 1
name = "Inloopspreekuur"
end_reasons = [{ code = "klaar", label = "Klaar" }]

[[phases]]
code = "gesprek"
name = "Gesprek"
expected_days = -2
"""


def test_a_coordinator_uploads_a_method_and_sees_errors_with_line_numbers(tw, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(tw.world.users["coordinator"])
    url = reverse("method-upload")
    response = client.post(url, {"file": SimpleUploadedFile("inloop.toml", UPLOAD.encode())})
    assert response.status_code == 400
    assert "Regel 9: &#x27;expected_days&#x27; in fase 1" in response.content.decode()
    assert not Method.objects.filter(code="inloop").exists()
    response = client.post(url, {"text": UPLOAD.replace("-2", "2")})
    assert response.status_code == 302
    made = Method.objects.get(code="inloop")
    assert made.organisation == tw.world.welfare_org and made.source_name == "geplakt"
    # Only the own organisation sees and uses it.
    other = client_for(tw.world.users["other_org_worker"])
    assert other.get(made.get_absolute_url()).status_code == 404
    assert client.post(url, {"file": SimpleUploadedFile("x.toml", b"\xff\xfe")}).status_code == 400
    assert client.post(url, {}).status_code == 400


def test_the_funnel_page_and_csv(tw, client_for):
    client = client_for(tw.world.users["coordinator"])
    query = {"method": "bsa", "start": "2025-01-01", "end": "2025-12-31"}
    page = client.get(reverse("funnel"), query)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'role="img"' in content and "Fase bereikt: Outreach en contact" in content
    rows = list(csv.reader(io.StringIO(client.get(reverse("funnel-csv"), query).content.decode())))
    steps = {r[1]: r[2] for r in rows if r[0] == "trechter"}
    assert steps["Gestart"] == "2"
    assert steps["Fase bereikt: Outreach en contact"] == "1"
    bad = client.get(
        reverse("funnel"), {"method": "bsa", "start": "2025-12-31", "end": "2025-01-01"}
    )
    assert bad.status_code == 400
    assert client.get(reverse("funnel-csv"), {"method": "onbekend"}).status_code == 400


def test_the_gemeente_sees_suppressed_aggregates_of_every_organisation(tw, client_for):
    client = client_for(tw.world.users["gemeente"])
    query = {"method": "bsa", "start": "2025-01-01", "end": "2025-12-31"}
    content = client.get(reverse("funnel"), query).content.decode()
    assert "&lt;5" in content
    assert tw.world.in_area.family_name not in content
    rows = list(csv.reader(io.StringIO(client.get(reverse("funnel-csv"), query).content.decode())))
    assert {r[2] for r in rows if r[0] == "trechter"} <= {"<5", "0"}


def test_a_trajectory_started_today_is_overdue_only_after_its_due_date(tw):
    t = Trajectory.objects.get(pk=tw.running.pk)
    assert t.is_overdue()
    assert not t.is_overdue(today=datetime.date(2025, 2, 28))


def test_notices_for_age_and_maximum_duration(tw, client_for):
    from kwartier.methods.views import age_note, duration_note

    t = Trajectory.objects.get(pk=tw.running.pk)
    assert duration_note(t, today=datetime.date(2025, 6, 1)) == ""
    assert duration_note(t, today=datetime.date(2026, 6, 1)) == (
        "Het traject loopt 483 dagen, langer dan de maximale duur van 365 dagen."
    )
    wor = Trajectory.objects.get(pk=tw.ended.pk)
    assert duration_note(wor) == ""  # ended trajectories are not flagged
    person = wor.person
    person.birth_date, person.birth_year = datetime.date(1990, 1, 1), None
    person.save()
    assert age_note(wor).endswith("valt buiten de doelgroep van 60–75 jaar.")
    page = client_for(tw.world.users["wijkwerker"]).get(wor.get_absolute_url()).content.decode()
    assert "valt buiten de doelgroep van 60–75 jaar" in page


def test_instruments_are_named_not_coded(tw, client_for):
    """The phases ask for instruments by code; the pages show their Dutch names."""
    from tests.conftest import parse_html

    client = client_for(tw.world.users["wijkwerker"])
    page = client.get(reverse("method-detail", args=[method("bsa").pk])).content
    cells = [n.all_text() for n in parse_html(page).iter() if n.attrs.get("data-label") == "Meten"]
    assert "Participatieladder, Lubben Social Network Scale (LSNS-6)" in cells
    assert not any("lsns6" in cell for cell in cells)  # the TOML source below keeps codes


def test_an_action_on_an_ended_trajectory_is_not_logged_as_a_change(tw, client_for):
    from kwartier.core.access.log import AccessLogEntry

    client = client_for(tw.world.users["wijkwerker"])
    response = client.post(
        reverse("trajectory-next-action", args=[tw.ended.pk]), {"next_action": "Bellen"}
    )
    assert response.status_code == 302 and response["Location"] == tw.ended.get_absolute_url()
    assert not AccessLogEntry.objects.filter(object_type="traject").exists()
    client.post(reverse("trajectory-note", args=[tw.ended.pk]), {"written_on": "2025-03-01"})
    assert not AccessLogEntry.objects.filter(object_type="traject").exists()  # a 400


def test_a_refused_role_on_the_trajectory_list_is_logged_as_denied(tw, client_for):
    from kwartier.core.access.log import AccessLogEntry

    gemeente = tw.world.users["gemeente"]
    assert client_for(gemeente).get(reverse("trajectory-list")).status_code == 403
    denied = AccessLogEntry.objects.get(object_type="traject", result="denied")
    assert denied.username == gemeente.username
