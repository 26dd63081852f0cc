"""The buurt map of signals (staff) and the public map in the resident portal."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kwartier.signals.models import Signal
from tests.signals.helpers import make_signal


def square(lon, lat, size=0.01):
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size]]
        ],
    }


@pytest.fixture
def outlined(world):
    """Outlines for the wijk's two buurten, side by side near Rotterdam."""
    areas = world.areas
    areas.buurt.outline = square(4.47, 51.91)
    areas.buurt.save()
    areas.buurt_2.outline = square(4.48, 51.91)
    areas.buurt_2.save()
    return areas


def circles(page: str) -> list[str]:
    return re.findall(r"<circle [^>]*>.*?</circle>", page)


def test_staff_map_shows_points_by_term_and_counts_the_rest(
    outlined, signals, client_for, personas
):
    point = {"latitude": "51.915123", "longitude": "4.475456"}
    late = make_signal(outlined.buurt, address="Kerkstraat 12", **point)
    Signal.objects.filter(pk=late.pk).update(
        reported_at=timezone.now() - datetime.timedelta(days=40),
        due_at=timezone.now() - datetime.timedelta(days=30),
    )
    on_time = make_signal(outlined.buurt_2, latitude="51.914", longitude="4.485")
    response = client_for(personas["wijkwerker"]).get(
        reverse("signals:map"), {"gebied": outlined.wijk.pk}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="map__area"') == 2 and 'role="img"' in page
    drawn = circles(page)
    assert len(drawn) == 2
    assert any("map__point--ver-over" in c and late.number in c for c in drawn)
    assert any("map__point--binnen" in c and on_time.number in c for c in drawn)
    counts = {row["buurt"].pk: row for row in response.context["counts"]}
    # The world's in_area and sensitive signals have no point: counted, not drawn.
    assert counts[outlined.buurt.pk]["open"] == 3
    assert counts[outlined.buurt.pk]["without_point"] == 2
    assert counts[outlined.buurt_2.pk]["with_point"] == 1
    # The partner sees only its own signals on the map.
    partner = client_for(personas["partner"]).get(
        reverse("signals:map"), {"gebied": outlined.wijk.pk}
    )
    assert late.number not in partner.content.decode()
    assert partner.context["total"] == 1  # passed_on, in buurt_2


def test_the_public_map_hides_what_is_private(outlined, signals, client, personas):
    shown = make_signal(
        outlined.buurt,
        code="afval",
        address="Kerkstraat 12",
        latitude="51.915123",
        longitude="4.475456",
    )
    hidden = make_signal(
        outlined.buurt,
        code="overlast-personen",
        description="De buurman op nummer 14",
        latitude="51.916",
        longitude="4.476",
    )
    response = client.get(reverse("signals:public-map"), {"gebied": outlined.buurt.pk})
    assert response.status_code == 200
    page = response.content.decode()
    drawn = circles(page)
    assert len(drawn) == 1 and "Afval en zwerfvuil" in drawn[0]
    for private in (shown.number, hidden.number, "Kerkstraat", "12", "Fatima", "14"):
        assert all(private not in c for c in drawn)
    assert shown.number not in page and hidden.number not in page
    assert "Kerkstraat" not in page and "buurman" not in page.lower()
    assert "Zorgen om een buurtbewoner" not in page
    # The sensitive signals (care worries, nuisance by persons) are not even counted.
    counts = {row["buurt"].pk: row for row in response.context["counts"]}
    assert counts[outlined.buurt.pk]["open"] == 2  # in_area (no point) and shown
    # The point is rounded to about 100 m: not where it was reported.
    x, y = (float(v) for v in re.search(r'cx="([\d.]+)" cy="([\d.]+)"', drawn[0]).groups())
    from kwartier.core import maps
    from kwartier.signals.views.maps import ROUND_LAT, ROUND_LON, rounded

    frame = maps.frame([outlined.buurt.outline])
    exact = frame.xy(4.475456, 51.915123)
    expected = frame.xy(rounded(4.475456, ROUND_LON), rounded(51.915123, ROUND_LAT))
    assert (x, y) == pytest.approx(expected, abs=0.06)
    assert (x, y) != pytest.approx(exact, abs=0.5)


def test_maps_without_outlines_or_with_bad_input(world, routing, client_for, personas):
    make_signal(world.areas.other_buurt)
    c = client_for(personas["coordinator"])
    response = c.get(reverse("signals:map"), {"gebied": world.areas.other_wijk.pk})
    assert response.status_code == 200 and "geen omtrekken" in response.content.decode()
    assert response.context["total"] == 1
    assert c.get(reverse("signals:map"), {"gebied": "x" * 30}).status_code == 200
    public = c.get(reverse("signals:public-map"), {"gebied": "99999999999999999999"})
    assert public.status_code == 200
