"""The figures page: counts per category, buurt and month, share within term and
satisfaction, with small cells suppressed (also in the CSV)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.signals import figures, services
from kwartier.signals.models import Signal
from kwartier.signals.states import Status
from tests.signals.helpers import make_signal


def rows(table) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table.rows}


@pytest.fixture
def many(world, routing, personas):
    """Seven rubbish signals in buurt (five handled within term, two over; four answered
    satisfied, one not), two traffic ones in buurt_2, one youth signal in other_buurt."""
    user = personas["coordinator"]
    rubbish = [make_signal(world.areas.buurt, code="afval") for _ in range(7)]
    for signal in rubbish:
        services.transition(signal, Status.AFGEHANDELD, user=user)
    late = timezone.now() + datetime.timedelta(days=30)
    Signal.objects.filter(pk__in=[s.pk for s in rubbish[:2]]).update(
        closed_at=late, due_at=timezone.now()
    )
    Signal.objects.filter(pk__in=[s.pk for s in rubbish[:4]]).update(satisfied=True)
    Signal.objects.filter(pk=rubbish[6].pk).update(satisfied=False)
    make_signal(world.areas.buurt_2, code="parkeren")
    make_signal(world.areas.buurt_2, code="parkeren")
    make_signal(world.areas.other_buurt, code="jeugd-overlast")
    return rubbish


def test_counts_with_small_cells_hidden(many, world):
    tables = {t.slug: t for t in figures.tables()}
    category = rows(tables["categorie"])
    assert category["Openbare ruimte"] == ["7"]
    assert category["Verkeer"] == ["<5"] and category["Jeugd"] == ["<5"]
    assert category["Totaal"] == ["10"]
    assert category["Overig"] == ["0"]  # zero reveals nobody
    area = {name: values[1] for name, values in rows(tables["buurt"]).items()}
    # Gemeente 10 = Centrum 9 + Noord 1: with the gemeente shown, the small Noord would
    # follow from Centrum, so Centrum is hidden as well (x); within Centrum, Lindehof's 2
    # cannot be worked back from the hidden wijk.
    assert area == {
        "Testveen": "10",
        "Centrum": "x",
        "Oude Haven": "7",
        "Lindehof": "<5",
        "Noord": "<5",
        "Kanaalzijde": "<5",
    }
    today = timezone.localdate()
    month = rows(tables["maand"])
    assert month[f"{figures.MONTH_NAMES[today.month - 1]} {today.year}"] == ["10"]
    assert month["Totaal"] == ["10"]


def test_shares_only_when_no_count_is_hidden(many):
    tables = {t.slug: t for t in figures.tables()}
    term = rows(tables["termijn"])
    # 7 handled, 5 within, 2 over: the 2 is small, so the share is not shown.
    assert term["Openbare ruimte"][0] in ("7", "x")
    assert term["Openbare ruimte"][2] == "<5" and term["Openbare ruimte"][3] == "–"
    satisfaction = rows(tables["tevredenheid"])
    assert satisfaction["Openbare ruimte"][2] == "<5"  # one not satisfied: hidden
    assert satisfaction["Openbare ruimte"][3] == "–"


def test_a_share_is_shown_when_every_count_is_large(world, routing, personas):
    user = personas["coordinator"]
    for n in range(10):
        signal = make_signal(world.areas.buurt, code="afval")
        services.transition(signal, Status.AFGEHANDELD, user=user)
        Signal.objects.filter(pk=signal.pk).update(satisfied=n < 5)
    tables = {t.slug: t for t in figures.tables()}
    assert rows(tables["tevredenheid"])["Openbare ruimte"] == ["10", "5", "5", "50 %"]
    assert rows(tables["termijn"])["Openbare ruimte"] == ["10", "10", "0", "100 %"]


def test_the_page_and_its_csv(many, client_for, personas):
    c = client_for(personas["gemeente"])
    page = c.get(reverse("signals:figures"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Meldingen per categorie" in text and "&lt;5" in text and "?csv=buurt" in text
    response = c.get(reverse("signals:figures"), {"csv": "categorie"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Categorie;Meldingen"
    assert "Verkeer;<5" in body and "Openbare ruimte;7" in body
    assert "2" not in [line.split(";")[1] for line in body.splitlines()[1:]]
    assert c.get(reverse("signals:figures"), {"csv": "onbekend"}).status_code == 404
    assert client_for(personas["partner"]).get(reverse("signals:figures")).status_code == 403
