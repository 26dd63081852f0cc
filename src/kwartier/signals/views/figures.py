"""Signal figures with small cells suppressed; each table also as CSV (`?csv=<table>`)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from kwartier.core.access.roles import SIGNAL_FIGURE_READERS
from kwartier.core.suppression import MARKER, SMALL_CELL

from .. import figures
from .base import SignalsPage


class Figures(SignalsPage, TemplateView):
    template_name = "signals/figures.html"
    required_roles = SIGNAL_FIGURE_READERS
    log_object_type = ""  # counts only, never a signal or a resident

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        tables = figures.tables(today)
        wanted = request.GET.get("csv")
        if wanted is not None:
            table = next((t for t in tables if t.slug == wanted), None)
            if table is None:
                raise Http404("Deze tabel bestaat niet.")
            response = HttpResponse("\ufeff" + table.csv(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="meldingen-{table.slug}-{today:%Y-%m-%d}.csv"'
            )
            return response
        first = figures.months(today)[0]
        return self.render_to_response(
            self.get_context_data(
                tables=tables,
                since=first,
                small_cell=SMALL_CELL,
                marker=MARKER,
            )
        )
