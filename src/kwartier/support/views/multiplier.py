"""The multiplier: informal matches per fte of paid capacity, as a page and CSV."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.views.generic import TemplateView

from kwartier.core.access.roles import MANAGERS, WORKERS_AND_FUNDER
from kwartier.core.extensions import informal_sources

from .. import multiplier
from ..forms import MultiplierFilterForm
from .base import SupportPage


def dutch(value: str | None) -> str:
    return "–" if value is None else value.replace(".", ",")


class MultiplierView(SupportPage, TemplateView):
    template_name = "support/multiplier.html"
    required_roles = WORKERS_AND_FUNDER

    def get(self, request, *args, **kwargs):
        start, end = multiplier.default_period()
        form = MultiplierFilterForm(request.GET or None, initial={"van": start, "tot": end})
        root = None
        if form.is_valid():
            start = form.cleaned_data["van"] or start
            end = form.cleaned_data["tot"] or end
            root = form.cleaned_data["gebied"]
            if end < start:
                start, end = end, start
        user = request.user
        suppress_small = multiplier.suppresses(user)
        rows = [
            row.shown(suppress_small)
            for row in multiplier.rows(start, end, multiplier.organisations_for(user), root)
        ]
        sources = informal_sources()
        if request.GET.get("formaat") == "csv":
            return multiplier_csv(rows, sources, start, end)
        for row in rows:
            row["fte_text"] = dutch(row["fte"])
            row["ratio_text"] = dutch(row["ratio"])
            row["source_counts"] = [(s.label, row["counts"][s.code]) for s in sources]
        query = request.GET.copy()
        query["formaat"] = "csv"
        return self.render_to_response(
            self.get_context_data(
                form=form,
                rows=rows,
                sources=sources,
                start=start,
                end=end,
                suppressed=suppress_small,
                csv_query=query.urlencode(),
                can_manage_capacity=user.role in MANAGERS,
            )
        )


def multiplier_csv(rows, sources, start, end) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="multiplier-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "gebied",
            "code",
            "niveau",
            "van",
            "tot en met",
            *[s.label.lower() for s in sources],
            "totaal",
            "betaalde inzet (fte)",
            "per fte",
        ]
    )
    for row in rows:
        area = row["area"]
        writer.writerow(
            [
                area.name,
                area.code,
                area.level,
                start.isoformat(),
                end.isoformat(),
                *[row["counts"][s.code] for s in sources],
                row["total"],
                row["fte"],
                row["ratio"] or "",
            ]
        )
    return response
