"""Pages for methods, trajectories and funnels. Thin: scoping in the models, changes in
services.py, figures in funnels.py / reporting.py.

Who uses what (declared per page with `required_roles`, checked by the access layer):
- workers (beheerder, coördinator, wijkwerker): every page; coördinator and beheerder also
  add methods;
- a volunteer: only the trajectories they are assigned to as advisor or buddy, without
  intervisie notes or measurements, and may tick the checklist;
- a partner: reads the trajectories of residents whose consent covers 'traject';
- the gemeente: only the funnels, as aggregates with small cells suppressed.
Every page with resident-level data writes one access-log entry (the gate does).
"""

from __future__ import annotations

import csv
import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import ListView, TemplateView

from kwartier.core.access.grants import grant_for
from kwartier.core.access.log import Action
from kwartier.core.access.lookup import record_for
from kwartier.core.access.pages import LoggedListMixin, RoleRequiredMixin
from kwartier.core.access.roles import (
    EVERYONE,
    FUNDER,
    MANAGERS,
    PARTNERS,
    TRAJECTORY_MEMBERS,
    WORKERS,
    WORKERS_AND_FUNDER,
    WORKERS_AND_VOLUNTEERS,
    has_role,
)
from kwartier.core.errors import RuleError, add_rule_errors
from kwartier.core.stats import SMALL_CELL

from . import funnels, reporting, services
from .definitions import DefinitionError
from .forms import (
    AdvanceForm,
    BackForm,
    ChecklistForm,
    DataForm,
    EndForm,
    FunnelFilterForm,
    MethodUploadForm,
    NextActionForm,
    ReviewNoteForm,
    TrajectoryFilterForm,
    TrajectoryStartForm,
)
from .loading import load_text
from .models import Method, Trajectory

OBJECT_TYPE = "traject"
NOT_FOUND = "Geen traject met dit nummer in uw bereik."


class MethodsPage(RoleRequiredMixin):
    """The app's pages: members of an organisation only; `is_worker` for the templates."""

    required_roles = WORKERS
    organisation_required = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_worker"] = has_role(self.request.user, WORKERS)
        return context


# Methods -------------------------------------------------------------------------------


class MethodList(MethodsPage, TemplateView):
    template_name = "methods/method_list.html"
    required_roles = EVERYONE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["methods"] = (
            Method.objects.usable_by(self.request.user).current().prefetch_related("phases")
        )
        context["can_upload"] = has_role(self.request.user, MANAGERS)
        return context


class MethodDetail(MethodsPage, TemplateView):
    template_name = "methods/method_detail.html"
    required_roles = EVERYONE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        method = get_object_or_404(
            Method.objects.usable_by(self.request.user), pk=self.kwargs["pk"]
        )
        context["method"] = method
        context["phases"] = method.phases.all()
        context["versions"] = Method.objects.filter(code=method.code).order_by("-version")
        return context


class MethodUpload(MethodsPage, TemplateView):
    template_name = "methods/method_upload.html"
    required_roles = MANAGERS

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=MethodUploadForm()))

    def post(self, request, *args, **kwargs):
        form = MethodUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                method, created = load_text(
                    form.cleaned_data["source"],
                    form.source_name,
                    organisation=request.user.organisation,
                    user=request.user,
                )
            except DefinitionError as error:
                for message in error.errors:
                    form.add_error(None, message)
            else:
                if created:
                    messages.success(request, f"{method} is toegevoegd.")
                else:
                    messages.info(request, f"{method} bestond al met precies deze inhoud.")
                return redirect(method.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


# Trajectories --------------------------------------------------------------------------


class TrajectoryList(MethodsPage, LoggedListMixin, ListView):
    template_name = "methods/trajectory_list.html"
    required_roles = TRAJECTORY_MEMBERS
    log_object_type = OBJECT_TYPE
    paginate_by = 25

    def get_queryset(self):
        user = self.request.user
        trajectories = Trajectory.objects.visible_to(user).select_related(
            "method", "current_phase", "person", "worker"
        )
        self.filter_form = TrajectoryFilterForm(self.request.GET or None, user=user)
        data = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        status = data.get("status") or "lopend"
        if status == "lopend":
            trajectories = trajectories.running()
        elif status == "beeindigd":
            trajectories = trajectories.filter(ended_on__isnull=False)
        if data.get("method"):
            trajectories = trajectories.filter(method__code=data["method"])
        if data.get("phase"):
            method_code, phase_code = data["phase"].split(":", 1)
            trajectories = trajectories.filter(
                method__code=method_code, current_phase__code=phase_code
            )
        if data.get("worker"):
            trajectories = trajectories.filter(worker=data["worker"])
        if data.get("overdue"):
            trajectories = trajectories.overdue()
        return trajectories.order_by("next_action_due", "-started_on", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["today"] = timezone.localdate()
        context["can_start"] = context["is_worker"]
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()  # the pages keep the filter
        return context


class TrajectoryCreate(MethodsPage, TemplateView):
    template_name = "methods/trajectory_form.html"
    log_object_type = OBJECT_TYPE

    def get(self, request, *args, **kwargs):
        initial = {"worker": request.user.pk}
        if request.GET.get("bewoner"):
            initial["person"] = request.GET["bewoner"][:12]
        if request.GET.get("methode"):
            initial["method"] = request.GET["methode"][:20]
        form = TrajectoryStartForm(user=request.user, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = TrajectoryStartForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                trajectory = services.start_trajectory(
                    data["person"],
                    data["method"],
                    data["worker"],
                    data["started_on"],
                    source=data["source"],
                    volunteer=data["volunteer"],
                )
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                self.audit(trajectory, Action.CREATE)
                messages.success(request, "Het traject is gestart.")
                return redirect(trajectory.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


def measurement_link(person) -> str:
    """The instruments app's page of the resident's measurements."""
    return reverse("measurement-list", args=[person.public_id])


def may_see_measurements(user, person) -> bool:
    if has_role(user, WORKERS):
        return True
    grant = grant_for(user, person) if has_role(user, PARTNERS) else None
    return bool(grant and grant.allows("metingen"))


class TrajectoryPage(MethodsPage, TemplateView):
    """The trajectory of the URL in the user's scope (else a logged 404)."""

    log_object_type = OBJECT_TYPE

    def resolve_access(self, request, *args, **kwargs):
        super().resolve_access(request, *args, **kwargs)
        trajectories = Trajectory.objects.visible_to(request.user).select_related(
            "method", "current_phase", "person__household__buurt", "worker", "volunteer", "activity"
        )
        self.object = record_for(
            request, trajectories, kwargs["pk"], log_as=OBJECT_TYPE, message=NOT_FOUND
        )


class TrajectoryDetail(TrajectoryPage):
    template_name = "methods/trajectory_detail.html"
    required_roles = TRAJECTORY_MEMBERS

    def get(self, request, *args, **kwargs):
        self.audit(self.object)
        return self.render()

    def render(self, status=200, **forms):
        t = self.object
        user = self.request.user
        is_worker = has_role(user, WORKERS)
        phase = t.current_phase
        visits = list(t.visits.select_related("phase", "entered_by"))
        reached = {v.phase_id for v in visits}
        phases = [
            {
                "phase": p,
                "state": (
                    "huidig"
                    if t.is_running and p.pk == t.current_phase_id
                    else "gedaan"
                    if p.pk in reached
                    else "nog niet"
                ),
            }
            for p in t.method.phases.all()
        ]
        current_visit = next((v for v in reversed(visits) if v.left_on is None), None)
        context = {
            "trajectory": t,
            "person": t.person,
            "phases": phases,
            "visits": visits,
            "current_visit": current_visit,
            "can_tick": t.is_running and has_role(user, WORKERS_AND_VOLUNTEERS),
            "overdue": t.is_overdue(),
            "age_note": age_note(t),
            "duration_note": duration_note(t),
            "data_rows": data_rows(t),
        }
        if t.is_running and phase is not None:
            context["checklist_form"] = forms.get("checklist") or ChecklistForm(
                phase=phase, initial={"checked": current_visit.checked if current_visit else []}
            )
            context["is_last_phase"] = not t.method.phases.filter(order__gt=phase.order).exists()
        if is_worker:
            context["notes"] = list(t.notes.select_related("author"))
            if t.is_running:
                context["next_action_form"] = forms.get("next_action") or NextActionForm(
                    initial={"next_action": t.next_action, "next_action_due": t.next_action_due}
                )
                context["advance_form"] = forms.get("advance") or AdvanceForm()
                context["back_form"] = forms.get("back") or BackForm(trajectory=t)
                context["end_form"] = forms.get("end") or EndForm(method=t.method)
                context["data_form"] = forms.get("data") or DataForm(trajectory=t)
                context["note_form"] = forms.get("note") or ReviewNoteForm()
            else:
                context["note_form"] = forms.get("note") or ReviewNoteForm()
        if may_see_measurements(user, t.person):
            context["instruments"] = phase.instruments if (phase and t.is_running) else []
            context["measurement_link"] = measurement_link(t.person)
            context["measurements"] = reporting.measurements_within(t)
            context["show_measurements"] = True
        context["action_errors"] = [e for f in forms.values() for e in f.non_field_errors()]
        return self.render_to_response(self.get_context_data(**context), status=status)


def age_note(trajectory) -> str:
    method, age = trajectory.method, trajectory.person.age
    if age is None or (method.min_age is None and method.max_age is None):
        return ""
    low, high = method.min_age, method.max_age
    if (low is not None and age < low) or (high is not None and age > high):
        span = f"{low or 0}–{high}" if high is not None else f"{low}+"
        return f"De bewoner ({age} jaar) valt buiten de doelgroep van {span} jaar."
    return ""


def duration_note(trajectory, today=None) -> str:
    """A running trajectory past the method's maximum duration (e.g. a buddy's year)."""
    limit = trajectory.method.max_duration_days
    if not trajectory.is_running or not limit:
        return ""
    days = ((today or timezone.localdate()) - trajectory.started_on).days
    if days <= limit:
        return ""
    return f"Het traject loopt {days} dagen, langer dan de maximale duur van {limit} dagen."


def data_rows(trajectory) -> list[tuple[str, str]]:
    """The method's fields with the trajectory's values, as (label, text)."""
    rows = []
    for phase in trajectory.method.phases.all():
        for spec in phase.fields:
            if spec["type"] == "activiteit":
                value = trajectory.activity.title if trajectory.activity else ""
            else:
                value = trajectory.data.get(spec["code"]) or ""
                if spec["type"] == "keuze":
                    labels = {c["code"]: c["label"] for c in spec.get("choices", [])}
                    value = labels.get(value, value)
            rows.append((spec["label"], value))
    return rows


class TrajectoryAction(TrajectoryDetail):
    """POST of one form on the trajectory page; errors show on the page (status 400)."""

    http_method_names = ["post"]
    required_roles = WORKERS
    form_name = ""
    done_message = ""

    def make_form(self, data):
        raise NotImplementedError

    def act(self, data):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        if not self.object.is_running and self.form_name != "note":
            messages.error(request, "Dit traject is al beëindigd.")
            return redirect(self.object.get_absolute_url())
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                self.act(form)
            except RuleError as error:
                add_rule_errors(form, error)
            else:
                self.audit(self.object, Action.CHANGE)
                messages.success(request, self.done_message)
                return redirect(self.object.get_absolute_url())
        return self.render(status=400, **{self.form_name: form})


class TrajectoryChecklist(TrajectoryAction):
    required_roles = WORKERS_AND_VOLUNTEERS
    form_name = "checklist"
    done_message = "De checklist is bijgewerkt."

    def make_form(self, data):
        if self.object.current_phase is None:
            raise Http404
        return ChecklistForm(data, phase=self.object.current_phase)

    def act(self, form):
        services.set_checklist(self.object, form.cleaned_data["checked"])


class TrajectoryNextAction(TrajectoryAction):
    form_name = "next_action"
    done_message = "De volgende actie is vastgelegd."

    def make_form(self, data):
        return NextActionForm(data)

    def act(self, form):
        services.plan_next_action(
            self.object, form.cleaned_data["next_action"], form.cleaned_data["next_action_due"]
        )


class TrajectoryAdvance(TrajectoryAction):
    form_name = "advance"
    done_message = "Het traject staat in de volgende fase."

    def make_form(self, data):
        return AdvanceForm(data)

    def act(self, form):
        services.advance(self.object, self.request.user, form.cleaned_data["on"])


class TrajectoryBack(TrajectoryAction):
    form_name = "back"
    done_message = "Het traject is terug naar een eerdere fase."

    def make_form(self, data):
        return BackForm(data, trajectory=self.object)

    def act(self, form):
        data = form.cleaned_data
        services.go_back(self.object, data["phase"], data["reason"], self.request.user, data["on"])


class TrajectoryEnd(TrajectoryAction):
    form_name = "end"
    done_message = "Het traject is beëindigd."

    def make_form(self, data):
        return EndForm(data, method=self.object.method)

    def act(self, form):
        data = form.cleaned_data
        services.end_trajectory(
            self.object,
            data["ended_on"],
            data.get("outcome", ""),
            data["end_reason"],
            self.request.user,
        )


class TrajectoryData(TrajectoryAction):
    form_name = "data"
    done_message = "De gegevens zijn opgeslagen."

    def make_form(self, data):
        return DataForm(data, trajectory=self.object)

    def act(self, form):
        values, activity = form.values()
        services.set_data(self.object, values, activity)


class TrajectoryNote(TrajectoryAction):
    form_name = "note"
    done_message = "De intervisienotitie is toegevoegd."

    def make_form(self, data):
        return ReviewNoteForm(data)

    def act(self, form):
        data = form.cleaned_data
        services.add_review_note(self.object, data["text"], self.request.user, data["written_on"])


# Funnels -------------------------------------------------------------------------------


def default_period(today=None) -> tuple[datetime.date, datetime.date]:
    """The last full calendar year, or this one from January on."""
    today = today or timezone.localdate()
    year = today.year - 1 if today.month == 1 else today.year
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def funnel_report(request):
    """(form, report or None) for the filter in the query string."""
    user = request.user
    start, end = default_period()
    first = Method.objects.usable_by(user).current().order_by("name").first()
    data = request.GET.copy()
    data.setdefault("start", start.isoformat())
    data.setdefault("end", end.isoformat())
    if first is not None:
        data.setdefault("method", first.code)
    form = FunnelFilterForm(data, user=user)
    if not form.is_valid():
        return form, None
    clean = form.cleaned_data
    method = reporting.current_method(user, clean["method"])
    report = reporting.build(
        user, method, clean["start"], clean["end"], clean["area"], clean["referrer"]
    )
    return form, report


def small_cell_for(user) -> int | None:
    return SMALL_CELL if has_role(user, FUNDER) else None


class FunnelView(MethodsPage, TemplateView):
    template_name = "methods/funnel.html"
    required_roles = WORKERS_AND_FUNDER

    def get(self, request, *args, **kwargs):
        form, report = funnel_report(request)
        context = {"form": form, "report": report}
        if report is not None:
            figures = funnels.table(report.funnel, small_cell_for(request.user))
            context["figures"] = figures
            context["chart"] = mark_safe(  # built from escaped text only (funnels._escape)
                funnels.bar_chart_svg(
                    figures["steps"],
                    f"Trechter {report.method.name}, {report.start:%d-%m-%Y} tot en met "
                    f"{report.end:%d-%m-%Y}",
                )
            )
            context["csv_query"] = request.GET.urlencode()
            context["suppressed"] = small_cell_for(request.user) is not None
        return self.render_to_response(
            self.get_context_data(**context), status=200 if report else 400
        )


class FunnelCsv(MethodsPage, TemplateView):
    required_roles = WORKERS_AND_FUNDER

    def get(self, request, *args, **kwargs):
        form, report = funnel_report(request)
        if report is None:
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            return HttpResponse(
                f"Ongeldig filter: {errors}", status=400, content_type="text/plain; charset=utf-8"
            )
        figures = funnels.table(report.funnel, small_cell_for(request.user))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="trechter-{report.method.code}-{report.start}-{report.end}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            ["onderdeel", "omschrijving", "aantal", "van vorige stap", "van eerste stap"]
        )
        for step in figures["steps"]:
            writer.writerow(
                [
                    "trechter",
                    step["label"],
                    step["count"],
                    step["from_previous"],
                    step["from_first"],
                ]
            )
        for row in figures["phase_times"]:
            writer.writerow(
                ["dagen in fase (mediaan)", row["label"], row["finished"], row["median"], ""]
            )
        for row in figures["outcomes"]:
            writer.writerow(["uitkomst", row["label"], row["count"], "", ""])
        for row in figures["end_reasons"]:
            writer.writerow(["reden van beëindigen", row["label"], row["count"], "", ""])
        for row in figures["scores"]:
            writer.writerow(
                [
                    f"score {row['instrument']} (eerste → laatste, verschil)",
                    f"{row['first']} → {row['last']}",
                    row["count"],
                    row["change"],
                    "",
                ]
            )
        return response
