"""The wijkmonitor's pages: the start (choose a buurt or an indicator), an area's
profile and the comparison of all buurten or wijken on one indicator; every table also
as CSV (`?formaat=csv`).

Figures per area are not about persons: workers and the funder read them all, and the
pages write no access log (`log_object_type` stays empty), as the other figure pages do.
"""

from __future__ import annotations

from django import forms
from django.db.models import Count, Max, Min
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import WORKERS_AND_FUNDER
from kwartier.core.models import Area

from . import monitor
from .models import Indicator, IndicatorValue

NOT_FOUND = "Geen gebied met deze code."
LEVELS = [(Area.Level.BUURT, "buurten"), (Area.Level.WIJK, "wijken")]


class MonitorPage(RoleRequiredMixin, TemplateView):
    required_roles = WORKERS_AND_FUNDER
    log_object_type = ""  # figures per area, about no person
    refused_message = "U heeft met deze rol geen toegang tot de wijkmonitor."


def csv_response(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def wants_csv(request) -> bool:
    return request.GET.get("formaat") == "csv"


def csv_query(request, **extra) -> str:
    query = request.GET.copy()
    query["formaat"] = "csv"
    for key, value in extra.items():
        query[key] = value
    return query.urlencode()


def areas_with_figures():
    return Area.objects.filter(indicator_values__isnull=False).distinct()


class StartForm(forms.Form):
    gebied = forms.ChoiceField(label="Buurt, wijk of gemeente")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {level: [] for level, _ in Area.Level.choices}
        for area in areas_with_figures().select_related("parent").order_by("name"):
            where = f", {area.parent.name}" if area.parent else ""
            groups[area.level].append((area.code, f"{area.name} ({area.code}{where})"))
        self.fields["gebied"].choices = [
            (label, groups[level]) for level, label in Area.Level.choices if groups[level]
        ]


class StartPage(MonitorPage):
    template_name = "indicators/start.html"

    def get(self, request, *args, **kwargs):
        form = StartForm(request.GET or None)
        if form.is_bound and form.is_valid():
            return redirect("indicators:profile", code=form.cleaned_data["gebied"])
        indicators = Indicator.objects.annotate(
            areas=Count("values__area", distinct=True),
            first=Min("values__year"),
            last=Max("values__year"),
        )
        return self.render_to_response(
            self.get_context_data(form=form, indicators=indicators, page_title="Wijkmonitor")
        )


class ProfilePage(MonitorPage):
    """An area's profile: every indicator for the area against the areas it lies in and
    the country, with its own trend, as a chart and a table."""

    template_name = "indicators/profile.html"

    def get(self, request, *args, code: str, **kwargs):
        area = Area.objects.filter(code=code[:10]).select_related("parent__parent").first()
        if area is None:
            raise Http404(NOT_FOUND)
        indicators = Indicator.objects.all()
        wanted = request.GET.get("indicator")
        if wants_csv(request):
            if wanted:
                indicators = indicators.filter(code=wanted)
            name = f"wijkmonitor-{area.code}" + (f"-{wanted}" if wanted else "")
            return csv_response(monitor.profile_csv(monitor.profile(area, indicators)), name)
        profiles = monitor.profile(area, indicators)
        areas = monitor.chain(area)
        for item in profiles:
            item.csv_query = csv_query(request, indicator=item.indicator.code)
            item.latest_cells = item.overview(areas)
        municipality = next((a for a in areas if a and a.level == Area.Level.GEMEENTE), None)
        context = self.get_context_data(
            area=area,
            chain_labels=[monitor.label_of(a) for a in areas],
            municipality=municipality,
            profiles=profiles,
            csv_query=csv_query(request),
            page_title=f"Wijkmonitor: {area.name}",
            level=area.level if area.level != Area.Level.GEMEENTE else Area.Level.BUURT,
        )
        return self.render_to_response(context)


class CompareForm(forms.Form):
    niveau = forms.ChoiceField(label="Vergelijk", choices=LEVELS, required=False)
    binnen = forms.ChoiceField(label="In gemeente", required=False)
    jaar = forms.TypedChoiceField(label="Jaar", coerce=int, required=False)

    def __init__(self, data, indicator: Indicator):
        super().__init__(data)
        level = self.data.get("niveau")
        level = level if level in dict(LEVELS) else Area.Level.BUURT
        self.municipalities = monitor.municipalities_with(indicator, level)
        self.fields["binnen"].choices = [(m.code, m.name) for m in self.municipalities]
        within = next((m for m in self.municipalities if m.code == self.data.get("binnen")), None)
        within = within or (self.municipalities[0] if self.municipalities else None)
        self.years = monitor.years_of(indicator, level, within)
        self.fields["jaar"].choices = [(y, y) for y in self.years]
        self.level, self.within = level, within

    def year(self) -> int | None:
        if self.is_valid() and self.cleaned_data["jaar"]:
            return self.cleaned_data["jaar"]
        return self.years[0] if self.years else None


class ComparePage(MonitorPage):
    """All buurten (or wijken) of a gemeente on one indicator: a sorted table, a
    choropleth and bars."""

    template_name = "indicators/compare.html"

    def get(self, request, *args, indicator: str, **kwargs):
        indicator = get_object_or_404(Indicator, code=indicator[:60])
        form = CompareForm(request.GET or None, indicator)
        year = form.year()
        result = monitor.compare(indicator, form.level, form.within, year)
        if wants_csv(request):
            where = f"-{form.within.code}" if form.within else ""
            name = f"wijkmonitor-{indicator.code}{where}-{form.level}-{year or 'geen-jaar'}"
            return csv_response(monitor.comparison_csv(result), name)
        query = {"niveau": form.level, "jaar": year or ""}
        if form.within:
            query["binnen"] = form.within.code
        context = self.get_context_data(
            indicator=indicator,
            form=form,
            result=result,
            noun=dict(LEVELS)[form.level],
            csv_query=csv_query(request, **query),
            page_title=f"Wijkmonitor: {indicator.name} vergelijken",
            has_values=IndicatorValue.objects.filter(indicator=indicator).exists(),
            start_url=reverse("indicators:start"),
        )
        return self.render_to_response(context)
