"""Importing figures through the web: upload a file, see the dry run's report, then
import it for real; the list of past imports; computing Kwartier's own figures.

The same `import_file` as the CLI and the API. Between the dry run and the import the
uploaded file waits in a private folder under var/ (never in the session, which is saved
on every request), named by a random token that only the uploader's session holds; it is
removed once imported or cancelled, when the same session uploads another file, and
after STAGED_HOURS by the next upload of anyone. Managers import; the figures are about
areas, not persons, so the pages write no access log.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.views.generic import TemplateView

from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import WORKERS

from . import own
from .importing import MAX_BYTES, ImportFailed, import_file
from .models import YEAR, ImportRun

SESSION_KEY = "indicators_import"
STAGED_HOURS = 2
MAX_MB = MAX_BYTES // 1024 // 1024
NOTHING_STAGED = "Er staat geen bestand klaar om in te lezen; kies het bestand opnieuw."


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Bestand",
        help_text=f"CSV van CBS Kerncijfers wijken en buurten, de StatLine-download of een "
        f"lange CSV (area_code;indicator;year;value); hoogstens {MAX_MB} MB.",
    )
    year = forms.IntegerField(
        label="Jaar",
        required=False,
        validators=[YEAR],
        help_text="Alleen als het bestand het jaar niet noemt (in de naam of de titel).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"Het bestand is groter dan {MAX_MB} MB.")
        return upload


# The uploaded file between the dry run and the import ----------------------------------


def _folder() -> Path:
    return Path(settings.VAR_DIR) / "wijkmonitor-import"


def _path(token: str) -> Path | None:
    return _folder() / f"{token}.csv" if re.fullmatch(r"[0-9a-f]{32}", token or "") else None


def stage(request, data: bytes, file_name: str, year: int | None) -> None:
    discard(request)
    folder = _folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    cutoff = time.time() - STAGED_HOURS * 3600
    for old in folder.glob("*.csv"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    _path(token).write_bytes(data)
    request.session[SESSION_KEY] = {"token": token, "file_name": file_name, "year": year}


def staged(request) -> tuple[dict, bytes] | None:
    """(what was uploaded, its bytes), or None when nothing (or nothing left) waits."""
    entry = request.session.get(SESSION_KEY)
    path = _path((entry or {}).get("token"))
    if path is None or not path.exists():
        return None
    return entry, path.read_bytes()


def discard(request) -> None:
    entry = request.session.pop(SESSION_KEY, None)
    path = _path((entry or {}).get("token"))
    if path is not None:
        path.unlink(missing_ok=True)


# Pages --------------------------------------------------------------------------------


class ImportPageMixin(RoleRequiredMixin):
    required_roles = WORKERS
    log_object_type = ""  # figures per area, about no person
    refused_message = "Alleen een beheerder of coördinator leest cijfers in."


class ImportPage(ImportPageMixin, TemplateView):
    """GET: the form and the past imports; POST: the dry run, with its report."""

    template_name = "indicators/import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm())
        runs = ImportRun.objects.select_related("recorded_by")[:25]
        return super().get_context_data(runs=runs, max_mb=MAX_MB, **kwargs)

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
        data = upload.read()
        try:
            report = import_file(data, upload.name, year=year, dry_run=True)
        except ImportFailed as failed:
            discard(request)
            return self.render_to_response(
                self.get_context_data(form=form, errors=failed.errors, file_name=upload.name)
            )
        stage(request, data, upload.name, year)
        return self.render_to_response(self.get_context_data(form=form, report=report))


class ImportConfirm(ImportPageMixin, TemplateView):
    """POST: import the file of the dry run for real (or cancel it)."""

    template_name = "indicators/import.html"
    http_method_names = ["post"]

    def post(self, request):
        if "annuleren" in request.POST:
            discard(request)
            messages.info(request, "Het bestand is niet ingelezen.")
            return redirect("indicators:import")
        waiting = staged(request)
        if waiting is None:
            messages.error(request, NOTHING_STAGED)
            return redirect("indicators:import")
        entry, data = waiting
        try:
            report = import_file(data, entry["file_name"], year=entry["year"], user=request.user)
        except ImportFailed as failed:
            return self.render_to_response(
                ImportPage(request=request).get_context_data(
                    errors=failed.errors, file_name=entry["file_name"]
                )
            )
        finally:
            discard(request)
        messages.success(request, "Ingelezen. " + " ".join(report.lines()[1:3]))
        return redirect("indicators:import")


class OwnFigures(ImportPageMixin, TemplateView):
    """POST: compute Kwartier's own figures of every year with records."""

    http_method_names = ["post"]

    def post(self, request):
        report = own.compute()
        messages.success(
            request,
            f"Eigen cijfers berekend ({report.span}, {report.areas} gebieden): nieuw "
            f"{report.total('created')}, gewijzigd {report.total('updated')}, ongewijzigd "
            f"{report.total('unchanged')}, niet getoond (kleine aantallen) "
            f"{report.total('hidden')}.",
        )
        return redirect("indicators:import")
