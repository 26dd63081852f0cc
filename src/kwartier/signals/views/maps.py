"""Maps of a buurt's or wijk's signals, drawn on the server with core/maps.py.

The staff map shows the open signals in the user's scope with a point, coloured by their
term; the public map in the resident portal shows open signals of categories that are
not sensitive, with points rounded to about 100 m and without number, address or
description. Signals without a point are counted per buurt on both.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from kwartier.core import maps
from kwartier.core.models import Area

from ..models import Signal
from ..staff_forms import TERM_STATES, area_choices
from .base import SignalsPage

# About 100 m: 0.001° of latitude is 111 m; 0.0015° of longitude is 103 m at 52° N.
ROUND_LAT = 0.001
ROUND_LON = 0.0015


class AreaForm(forms.Form):
    gebied = forms.ChoiceField(label="Wijk of buurt")

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["gebied"].choices = area_choices()

    def area(self, default: Area | None) -> Area | None:
        if self.is_valid():
            return Area.objects.get(pk=self.cleaned_data["gebied"])
        return default


def rounded(value: float, step: float) -> float:
    return round(round(value / step) * step, 6)


def draw(area: Area, signals, *, title: str, point) -> dict:
    """The map and the counts per buurt of `signals` (open ones) in `area`.

    `point(signal)` gives the MapPoint of a signal with a point (or None to leave it out).
    """
    buurten = list(Area.objects.filter(pk__in=area.buurt_ids()).order_by("name"))
    signals = list(signals.filter(area__in=buurten).select_related("category", "area"))
    counts = {b.pk: {"buurt": b, "open": 0, "with_point": 0, "without_point": 0} for b in buurten}
    points = []
    for signal in signals:
        row = counts[signal.area_id]
        row["open"] += 1
        drawn = point(signal) if signal.has_point else None
        if drawn is not None:
            points.append(drawn)
            row["with_point"] += 1
        else:
            row["without_point"] += 1
    areas = [maps.MapArea(b.name, b.outline) for b in buurten if b.outline]
    svg = maps.draw(
        areas,
        points,
        title=title,
        description=f"{len(areas)} buurt{'en' if len(areas) != 1 else ''} met "
        f"{len(points)} open melding{'en' if len(points) != 1 else ''} op de kaart.",
        labels=len(areas) <= 12,
    )
    return {
        "area": area,
        "map_svg": mark_safe(svg),  # noqa: S308 - core/maps.py escapes every text
        "has_outlines": bool(areas),
        "counts": list(counts.values()),
        "total": len(signals),
        "on_map": len(points),
    }


def default_area(user=None) -> Area | None:
    if user is not None:
        own = user.areas.filter(level__in=[Area.Level.WIJK, Area.Level.BUURT]).first()
        if own is not None:
            return own
    return Area.objects.filter(level=Area.Level.WIJK).order_by("code").first()


class SignalMap(SignalsPage, TemplateView):
    template_name = "signals/map.html"
    log_object_type = ""  # counts and points, no signal's details

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = AreaForm(self.request.GET or None)
        area = form.area(default_area(user))
        context = super().get_context_data(form=form, term_labels=TERM_STATES, **kwargs)
        if area is None:
            return context
        now = timezone.now()

        def point(signal):
            state = signal.term_state(now)
            return maps.MapPoint(
                float(signal.longitude),
                float(signal.latitude),
                f"{signal.number} · {signal.category.name} · {TERM_STATES[state]}",
                f"map__point--{state}",
            )

        signals = Signal.objects.visible_to(user).open()
        context.update(draw(area, signals, title=f"Open meldingen in {area.name}", point=point))
        return context


def public_signals():
    """Open signals the public may see: no sensitive category (nor under a sensitive main
    category), not merged."""
    return (
        Signal.objects.open()
        .filter(merged_into__isnull=True, category__sensitive=False)
        .exclude(Q(category__parent__sensitive=True))
    )


class PublicMap(TemplateView):
    """No login: open, non-sensitive signals on the map of a wijk or buurt."""

    template_name = "signals/public_map.html"

    def get_context_data(self, **kwargs):
        form = AreaForm(self.request.GET or None)
        area = form.area(default_area())
        context = super().get_context_data(form=form, **kwargs)
        if area is None:
            return context

        def point(signal):
            when = date_format(timezone.localtime(signal.reported_at), "j F Y")
            return maps.MapPoint(
                rounded(float(signal.longitude), ROUND_LON),
                rounded(float(signal.latitude), ROUND_LAT),
                f"{signal.category.name} · gemeld op {when}",
            )

        context.update(
            draw(area, public_signals(), title=f"Open meldingen in {area.name}", point=point)
        )
        return context
