"""The resident portal's reporting: four steps without an account, the receipt and the
private status link, bad input, spam resistance, the public list and the reporter's
answer after closing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kwartier.signals import feedback, services
from kwartier.signals.models import Category, Signal, SignalEvent, SignalPhoto
from kwartier.signals.portal import RATE_LIMIT, street_of
from kwartier.signals.states import Status
from tests.signals.helpers import make_signal

REPORT = reverse("signals:portal-report")
WHERE = reverse("signals:portal-report-where")
CONTACT = reverse("signals:portal-report-contact")
SEND = reverse("signals:portal-report-send")
SENT = reverse("signals:portal-report-sent")


def square(lon, lat, size=0.01):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def portal(world, routing, settings, tmp_path):
    """Outlines for two buurten (a point at 5.005, 52.005 lies in the first) and media
    in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    areas = world.areas
    areas.buurt.outline = square(5.0, 52.0)
    areas.buurt.save()
    areas.buurt_2.outline = square(5.02, 52.0)
    areas.buurt_2.save()
    return areas


def jpeg(name="kapot.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 0.0, 18.0), 3: "E", 4: (5.0, 0.0, 18.0)}
    out = io.BytesIO()
    Image.new("RGB", (80, 60), "grey").save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def what(**overrides):
    return {"category": Category.objects.get(code="straat").pk,
            "description": "Lantaarnpaal brandt niet", "website": "", **overrides}  # fmt: skip


def where(portal, **overrides):
    return {"area": portal.buurt.pk, "address": "Lindelaan 12", "latitude": "",
            "longitude": "", **overrides}  # fmt: skip


def through_step_3(client, portal, what_data=None, where_data=None, contact=None):
    assert client.post(REPORT, what_data or what()).status_code == 302
    assert client.post(WHERE, where_data or where(portal)).status_code == 302
    contact = contact or {"name": "", "email": "", "phone": ""}
    assert client.post(CONTACT, contact).status_code == 302


def field_error(response, field):
    return response.context["form"].errors.get(field, [""])[0]


def test_four_steps_make_a_signal_with_a_receipt_and_a_status_link(portal, client):
    response = client.post(REPORT, {**what(), "photos": [jpeg(), jpeg("twee.jpg")]})
    assert response.status_code == 302 and response.url == WHERE
    assert client.post(WHERE, where(portal, latitude="52,005", longitude="5.005")).url == CONTACT
    contact = {"name": "Fatima", "email": "f@example.org", "phone": "06 1234 5678", "consent": "on"}
    assert client.post(CONTACT, contact).url == SEND
    summary = client.get(SEND).content.decode()
    assert "Lantaarnpaal brandt niet" in summary and "Oude Haven" in summary and "Fatima" in summary
    assert not Signal.objects.exists()  # nothing is stored before sending

    response = client.post(SEND)
    assert response.status_code == 302 and response.url == SENT
    signal = Signal.objects.get()
    assert signal.channel == "portaal" and signal.category.code == "straat"
    assert signal.area == portal.buurt and signal.address == "Lindelaan 12"
    assert str(signal.latitude) == "52.005000" and str(signal.longitude) == "5.005000"
    assert signal.reporter_email == "f@example.org" and signal.contact_consent
    assert SignalPhoto.objects.filter(signal=signal).count() == 2
    for photo in signal.photos.all():
        with photo.image.open("rb") as file:
            assert not Image.open(file).getexif()  # the GPS is gone

    receipt = client.get(SENT).content.decode()
    assert signal.number in receipt
    token = receipt.split("/buurt/melden/status/")[1].split("/")[0]
    assert signal.status_token_hash == services.token_hash(token) and token not in str(
        Signal.objects.values_list().get()
    )
    assert client.get(SENT).status_code == 302  # the link is shown once
    status = client.get(reverse("signals:portal-status", args=[token]))
    assert status.status_code == 200 and signal.number in status.content.decode()
    # The drafts of the photos are gone from the temporary folder.
    assert not list((portal_media(client) / "signals" / "concept").iterdir())


def portal_media(client):
    from django.conf import settings

    return settings.MEDIA_ROOT


def test_contact_is_kept_only_with_consent(portal, client):
    through_step_3(client, portal, contact={"name": "Jan", "email": "jan@example.org"})
    client.post(SEND)
    signal = Signal.objects.get()
    assert (signal.reporter_name, signal.reporter_email, signal.contact_consent) == ("", "", False)


def test_a_category_with_questions_asks_them_before_going_on(portal, client):
    lamp = Category.objects.get(code="straat")
    lamp.questions = [
        {"code": "paalnummer", "question": "Wat is het nummer op de paal?", "required": True},
        {"code": "soort", "question": "Wat is er mis?", "datatype": "singlevaluelist",
         "values": [{"key": "uit", "name": "Brandt niet"}, {"key": "aan", "name": "Overdag aan"}]},
    ]  # fmt: skip
    lamp.save()
    first = client.post(REPORT, what())
    assert first.status_code == 400 and "Wat is het nummer op de paal?" in first.content.decode()
    assert "Dit veld is verplicht" not in first.content.decode()  # asked, not yet wrong
    missing = client.post(REPORT, {**what(), "questions_for": lamp.pk})
    assert field_error(missing, "vraag_paalnummer") == "Beantwoord deze vraag."
    answers = {"vraag_paalnummer": "L-17", "vraag_soort": "uit"}
    answered = {**what(), "questions_for": lamp.pk, **answers}
    assert client.post(REPORT, answered).status_code == 302
    client.post(WHERE, where(portal))
    client.post(CONTACT, {})
    assert "Brandt niet" in client.get(SEND).content.decode()
    client.post(SEND)
    assert Signal.objects.get().attributes == {"paalnummer": "L-17", "soort": "uit"}


@pytest.mark.parametrize(
    ("step", "data", "field", "message"),
    [
        ("what", {"description": "x" * 4001}, "description", "hoogstens 4000 tekens (nu 4001)"),
        ("what", {"description": ""}, "description", "Beschrijf wat er aan de hand is."),
        ("what", {"category": "openbare-ruimte"}, "category", "Kies een onderwerp uit de lijst."),
        ("where", {"latitude": "52.5", "longitude": "5.5"}, "latitude", "niet in een buurt"),
        ("where", {"latitude": "52,005"}, "longitude", "breedte- én de lengtegraad"),
        ("where", {"latitude": "60", "longitude": "5"}, "latitude", "niet in een buurt"),
        ("where", {"area": "wijk"}, "area", "Kies een buurt uit de lijst (geen wijk)."),
        ("where", {"area": ""}, "area", "Kies de buurt waar de melding over gaat."),
        ("where", {"area": "buurt_2", "latitude": "52.005", "longitude": "5.005"}, "area",
         "Het punt ligt in Oude Haven, niet in Lindehof"),
        ("contact", {"email": "geen-adres", "consent": "on"}, "email", "geldig e-mailadres"),
        ("contact", {"consent": "on"}, "email", "e-mailadres of telefoonnummer"),
        ("contact", {"phone": "bel me", "consent": "on"}, "phone", ""),
    ],
)  # fmt: skip
def test_bad_input_gets_a_dutch_field_error_and_stores_nothing(
    portal, client, step, data, field, message
):
    if data.get("category") == "openbare-ruimte":  # a heading with subcategories
        data = {"category": Category.objects.get(code="openbare-ruimte").pk}
    if data.get("area") in ("wijk", "buurt_2"):
        data = {**data, "area": getattr(portal, data["area"]).pk}
    if step == "what":
        response = client.post(REPORT, what(**data))
    else:
        client.post(REPORT, what())
        if step == "where":
            response = client.post(WHERE, where(portal, **data))
        else:
            client.post(WHERE, where(portal))
            response = client.post(CONTACT, data)
    assert response.status_code == 400
    error = field_error(response, field)
    assert error and message in error
    assert 'role="alert"' in response.content.decode()
    assert not Signal.objects.exists() and not SignalPhoto.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("brief.jpg", b"%PDF-1.4 geen foto", "geen foto in JPEG- of PNG-formaat"),
        ("foto.png", None, "De extensie .png past niet bij de inhoud"),
        ("groot.jpg", b"\xff\xd8" + b"\0" * (10 * 1024 * 1024), "hoogstens 10 MB"),
    ],
)
def test_a_bad_photo_gets_a_dutch_field_error_and_stores_nothing(
    portal, client, name, content, message
):
    upload = jpeg(name) if content is None else SimpleUploadedFile(name, content)
    response = client.post(REPORT, {**what(), "photos": [upload]})
    assert response.status_code == 400
    assert message in field_error(response, "photos") and name in field_error(response, "photos")
    assert not Signal.objects.exists() and not (portal_media(client) / "signals").exists()


def test_at_most_three_photos(portal, client):
    client.post(REPORT, {**what(description=""), "photos": [jpeg(), jpeg()]})  # kept: 2
    response = client.post(REPORT, {**what(), "photos": [jpeg(), jpeg()]})
    assert "hoogstens 3 foto's" in field_error(response, "photos")
    # One of the kept photos removed: now two more fit... one more, that is.
    response = client.post(REPORT, {**what(), "remove_photo": ["0"], "photos": [jpeg()]})
    assert response.status_code == 302
    client.post(WHERE, where(portal))
    client.post(CONTACT, {})
    client.post(SEND)
    assert SignalPhoto.objects.count() == 2


def test_later_steps_need_the_earlier_ones(portal, client):
    for url in (WHERE, CONTACT, SEND, SENT):
        assert client.get(url).url == REPORT
    client.post(REPORT, what())
    assert client.get(SEND).url == REPORT


def test_a_filled_honeypot_looks_sent_but_stores_nothing(portal, client):
    through_step_3(client, portal, what_data=what(website="https://spam.example"))
    response = client.post(SEND)
    assert response.status_code == 302 and response.url == SENT
    assert "Bedankt voor uw melding" in client.get(SENT).content.decode()
    assert not Signal.objects.exists()


def test_honeypot_is_hidden_from_people_and_screen_readers(portal, client):
    html = client.get(REPORT).content.decode()
    trap = html.split('class="signals-hp"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in trap and 'tabindex="-1"' in trap and 'name="website"' in trap


def test_at_most_five_signals_per_hour_from_one_address(portal, client):
    for _ in range(RATE_LIMIT):
        through_step_3(client, portal)
        assert client.post(SEND).status_code == 302
    through_step_3(client, portal)
    response = client.post(SEND)
    assert response.status_code == 429 and "later opnieuw" in response.content.decode()
    assert Signal.objects.count() == RATE_LIMIT
    other = client.post(SEND, REMOTE_ADDR="192.0.2.7")  # another address may send
    assert other.status_code == 302 and Signal.objects.count() == RATE_LIMIT + 1


@pytest.fixture
def followed(portal, personas):
    token = services.new_status_token()
    signal = make_signal(portal.buurt, code="straat", status_token=token)
    coordinator = personas["coordinator"]
    services.transition(signal, Status.IN_BEHANDELING, user=coordinator, reason="Intern: Piet")
    services.record(signal, SignalEvent.Kind.NOTE, coordinator, "Geheime notitie")
    services.record(signal, SignalEvent.Kind.MESSAGE, coordinator, "De monteur komt dinsdag.")
    return signal, token, reverse("signals:portal-status", args=[token])


def test_the_status_page_shows_status_changes_and_messages_only(followed, client, personas):
    signal, token, url = followed
    html = client.get(url).content.decode()
    assert signal.number in html and "Straat, stoep en verlichting" in html
    assert "Oude Haven" in html and "In behandeling" in html
    assert "De monteur komt dinsdag." in html
    for hidden in ("Geheime notitie", "Intern: Piet", "Welzijn Testveen", "Meldpunt"):
        assert hidden not in html
    assert personas["coordinator"].username not in html
    assert "Bent u tevreden?" not in html  # not closed yet


def test_a_wrong_status_token_is_a_404(followed, client):
    signal, token, url = followed
    assert client.get(reverse("signals:portal-status", args=["x" + token])).status_code == 404
    assert client.get(reverse("signals:portal-status", args=["-"])).status_code == 404


def test_not_satisfied_reopens_the_signal_once_per_closing(followed, client, personas):
    signal, token, url = followed
    services.transition(signal, Status.AFGEHANDELD, user=personas["coordinator"])
    assert "Bent u tevreden?" in client.get(url).content.decode()
    bad = client.post(url, {"comment": "x"})
    assert bad.status_code == 400 and field_error(bad, "satisfied") == "Kies ja of nee."

    response = client.post(url, {"satisfied": "nee", "comment": "Hij brandt nog steeds niet"})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == Status.HEROPEND and signal.reopened_count == 1
    reopen = signal.events.filter(kind=SignalEvent.Kind.STATUS).last()
    assert reopen.by_reporter and reopen.recorded_by is None and "brandt nog" in reopen.text
    answer = signal.events.get(kind=SignalEvent.Kind.FEEDBACK)
    assert answer.text == "Niet tevreden: Hij brandt nog steeds niet" and answer.by_reporter

    # Closed again: one new answer, then no more.
    services.transition(signal, Status.AFGEHANDELD, user=personas["coordinator"])
    assert client.post(url, {"satisfied": "ja"}).status_code == 302
    signal.refresh_from_db()
    assert signal.satisfied is True and signal.status == Status.AFGEHANDELD
    assert "Bent u tevreden?" not in client.get(url).content.decode()
    client.post(url, {"satisfied": "nee"})
    signal.refresh_from_db()
    assert signal.status == Status.AFGEHANDELD
    assert signal.events.filter(kind=SignalEvent.Kind.FEEDBACK).count() == 2


def test_feedback_only_after_closing(followed):
    signal, *_ = followed
    with pytest.raises(Exception, match="al gezegd"):
        feedback.give_feedback(signal, False, "te vroeg")
    signal.refresh_from_db()
    assert signal.status == Status.IN_BEHANDELING


def test_the_public_list_never_shows_reporters_house_numbers_points_or_sensitive(portal, client):
    shown = make_signal(
        portal.buurt, code="straat", address="Lindelaan 12b", reporter_name="Fatima",
        reporter_email="f@example.org", contact_consent=True, latitude="52.005000",
        longitude="5.005000",
    )  # fmt: skip
    free_text = make_signal(portal.buurt_2, code="afval", address="bij mevrouw Jansen")
    sensitive = make_signal(portal.buurt, code="overlast-personen")
    under_sensitive = make_signal(portal.buurt, code="eenzaamheid")
    closed = make_signal(portal.buurt, code="groen")
    services.transition(closed, Status.AFGEHANDELD)

    html = client.get(reverse("signals:portal-list")).content.decode()
    assert shown.number in html and "Lindelaan" in html and free_text.number in html
    for hidden in ("12b", "Fatima", "f@example.org", "52.005", "52,005", "Jansen"):
        assert hidden not in html
    for number in (sensitive.number, under_sensitive.number, closed.number):
        assert number not in html
    assert reverse("signals:public-map") in html

    one_buurt = client.get(reverse("signals:portal-list"), {"buurt": portal.buurt_2.pk})
    assert free_text.number in one_buurt.content.decode()
    assert shown.number not in one_buurt.content.decode()


def test_street_without_house_number():
    assert street_of("Lindelaan 12b, 1234 AB Testveen") == "Lindelaan"
    assert street_of("Van der Helststraat 3") == "Van der Helststraat"
    assert street_of("speeltuin bij de Lindelaan") == ""
    assert street_of("") == ""


def test_the_start_page_offers_reporting_voting_and_results(portal, client):
    html = client.get(reverse("portal-home")).content.decode()
    assert reverse("signals:portal-report") in html and reverse("signals:portal-list") in html
    assert "Nu stemmen" in html and "Uitslagen van het bewonersbudget" in html
    assert html.index("Meld iets in uw buurt") < html.index("Nu stemmen")
