"""Web pages for the core domain. Thin: scoping, search and permissions live elsewhere."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse_lazy
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from kwartier.core.access.grants import grant_for
from kwartier.core.access.pages import LoggedListMixin, LoggedObjectMixin, RoleRequiredMixin
from kwartier.core.access.roles import (
    DOSSIER_READERS,
    MANAGERS,
    PARTNERS,
    WORKERS,
    Role,
    can_edit_activity,
    can_edit_organisations,
    can_edit_persons,
    has_role,
)

from . import stats
from .extensions import home_blocks_for, person_blocks_for
from .forms import ActivityForm, HouseholdForm, OrganisationForm, PersonForm, SearchForm
from .history import history_rows
from .models import Activity, Household, Organisation, Person


class HomeView(LoginRequiredMixin, TemplateView):
    """One start page, with the blocks that fit the user's role."""

    def get_template_names(self):
        return [f"core/home_{self.request.user.role}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["work_areas"] = user.areas.all()
        if can_edit_persons(user):
            persons = Person.objects.visible_to(user)
            context["person_count"] = persons.count()
            context["household_count"] = Household.objects.visible_to(user).count()
            context["recent_persons"] = persons.select_related("household").order_by("-updated_at")[
                :8
            ]
        if user.role == Role.GEMEENTE:
            context["area_rows"] = stats.residents_per_area()
        if user.role == Role.PARTNER and user.organisation_id:
            context["own_activities"] = Activity.objects.filter(organisation=user.organisation)
        gastvrij = Activity.objects.filter(gastvrij=True, active=True).select_related("buurt")
        if user.buurt_ids():
            gastvrij = gastvrij.filter(buurt_id__in=user.buurt_ids())
        context["gastvrij_activities"] = gastvrij[:6]
        context["activity_count"] = Activity.objects.filter(active=True).count()
        context["organisation_count"] = Organisation.objects.count()
        context["home_blocks"] = home_blocks_for(self.request)  # from the other apps
        return context


class SearchListView(LoginRequiredMixin, ListView):
    """A list with the shared filter bar: text search over `search_fields`, area filter."""

    paginate_by = 25
    search_fields: tuple[str, ...] = ()
    page_title = ""

    def base_queryset(self):
        return self.model.objects.all()

    def filter_area(self, queryset, area):
        return queryset

    def get_queryset(self):
        queryset = self.base_queryset()
        self.search_form = SearchForm(self.request.GET or None)
        if self.search_form.is_valid():
            text = self.search_form.cleaned_data["q"].strip()
            if text:
                condition = Q()
                for field in self.search_fields:
                    condition |= Q(**{f"{field}__icontains": text})
                queryset = queryset.filter(condition)
            area = self.search_form.cleaned_data["gebied"]
            if area is not None:
                queryset = self.filter_area(queryset, area)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["search_form"] = self.search_form
        context["page_title"] = self.page_title
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class FormUserMixin:
    """Forms get the user, so their choices are scoped too."""

    success_message = "Opgeslagen."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response


class RegisteredByMixin(FormUserMixin):
    """A new person-level record belongs to the organisation of the user who registers it."""

    def form_valid(self, form):
        if form.instance.pk is None:
            form.instance.organisation = self.request.user.organisation
        return super().form_valid(form)


# Persons -----------------------------------------------------------------------------


class PersonList(RoleRequiredMixin, LoggedListMixin, SearchListView):
    model = Person
    log_object_type = "bewoner"
    required_roles = DOSSIER_READERS
    template_name = "core/person_list.html"
    page_title = "Bewoners"
    search_fields = ("given_name", "family_name", "public_id", "household__postcode")

    def base_queryset(self):
        return Person.objects.visible_to(self.request.user).select_related("household__buurt")

    def get_context_data(self, **kwargs):
        # Partners and volunteers read residents in their scope but register none.
        return super().get_context_data(can_create=can_edit_persons(self.request.user), **kwargs)

    def filter_area(self, queryset, area):
        return queryset.filter(household__buurt_id__in=area.buurt_ids())


class PersonDetail(RoleRequiredMixin, LoggedObjectMixin, DetailView):
    model = Person
    slug_field = "public_id"
    slug_url_kwarg = "public_id"
    template_name = "core/person_detail.html"
    log_object_type = "bewoner"
    required_roles = DOSSIER_READERS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["grant"] = grant_for(user, self.object)
        context["can_edit"] = can_edit_persons(user)
        context["can_handle_requests"] = has_role(user, MANAGERS)
        if context["can_edit"]:
            context["history"] = history_rows(self.object.history.all())[::-1]
        # Trajectories, measurements, referrals, ...: sections of the other apps.
        context["person_blocks"] = person_blocks_for(self.request, self.object, context["grant"])
        return context


class PersonCreate(RoleRequiredMixin, LoggedObjectMixin, RegisteredByMixin, CreateView):
    model = Person
    log_object_type = "bewoner"
    required_roles = WORKERS
    form_class = PersonForm
    template_name = "core/form.html"
    success_message = "Bewoner opgeslagen."
    extra_context = {"page_title": "Nieuwe bewoner", "cancel_url": reverse_lazy("person-list")}


class PersonUpdate(
    RoleRequiredMixin,
    LoggedObjectMixin,
    FormUserMixin,
    UpdateView,
):
    model = Person
    log_object_type = "bewoner"
    required_roles = WORKERS
    form_class = PersonForm
    slug_field = "public_id"
    slug_url_kwarg = "public_id"
    template_name = "core/form.html"
    success_message = "Wijzigingen opgeslagen."
    extra_context = {"page_title": "Bewoner wijzigen"}


# Households --------------------------------------------------------------------------


class HouseholdList(RoleRequiredMixin, LoggedListMixin, SearchListView):
    model = Household
    log_object_type = "huishouden"
    required_roles = WORKERS
    template_name = "core/household_list.html"
    page_title = "Huishoudens"
    search_fields = ("street", "postcode", "city")

    def base_queryset(self):
        return (
            Household.objects.visible_to(self.request.user)
            .select_related("buurt")
            .annotate(member_count=Count("members"))
            # Meta.ordering is dropped in a GROUP BY query: sort explicitly for paging.
            .order_by("postcode", "house_number", "house_number_suffix", "pk")
        )

    def filter_area(self, queryset, area):
        return queryset.filter(buurt_id__in=area.buurt_ids())


class HouseholdDetail(RoleRequiredMixin, LoggedObjectMixin, DetailView):
    model = Household
    log_object_type = "huishouden"
    required_roles = WORKERS
    template_name = "core/household_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = Person.objects.visible_to(self.request.user).filter(
            household=self.object
        )
        return context


class HouseholdCreate(RoleRequiredMixin, LoggedObjectMixin, RegisteredByMixin, CreateView):
    model = Household
    log_object_type = "huishouden"
    required_roles = WORKERS
    form_class = HouseholdForm
    template_name = "core/form.html"
    success_message = "Huishouden opgeslagen."
    extra_context = {"page_title": "Nieuw huishouden", "cancel_url": reverse_lazy("household-list")}


class HouseholdUpdate(
    RoleRequiredMixin,
    LoggedObjectMixin,
    FormUserMixin,
    UpdateView,
):
    model = Household
    log_object_type = "huishouden"
    required_roles = WORKERS
    form_class = HouseholdForm
    template_name = "core/form.html"
    success_message = "Wijzigingen opgeslagen."
    extra_context = {"page_title": "Huishouden wijzigen"}


# Organisations -----------------------------------------------------------------------


class OrganisationEditMixin(RoleRequiredMixin):
    required_roles = MANAGERS
    refused_message = "Alleen een coördinator of beheerder wijzigt organisaties."


class OrganisationList(SearchListView):
    model = Organisation
    template_name = "core/organisation_list.html"
    page_title = "Organisaties"
    search_fields = ("name", "description")

    def base_queryset(self):
        queryset = Organisation.objects.annotate(
            activity_count=Count("activities", filter=Q(activities__active=True))
        ).order_by("name")
        kind = self.request.GET.get("soort")
        if kind in Organisation.Kind.values:
            queryset = queryset.filter(kind=kind)
        return queryset

    def filter_area(self, queryset, area):
        # An organisation serving the whole gemeente or the wijk also serves the buurt.
        related = {area.pk, *area.buurt_ids()}
        parent = area.parent
        while parent is not None:
            related.add(parent.pk)
            parent = parent.parent
        return queryset.filter(areas__in=related).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = Organisation.Kind.choices
        context["selected_kind"] = self.request.GET.get("soort", "")
        context["can_edit"] = can_edit_organisations(self.request.user)
        return context


class OrganisationDetail(LoginRequiredMixin, DetailView):
    model = Organisation
    template_name = "core/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["activities"] = self.object.activities.select_related("buurt")
        context["can_edit"] = can_edit_organisations(self.request.user)
        return context


class OrganisationCreate(OrganisationEditMixin, FormUserMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "core/form.html"
    extra_context = {
        "page_title": "Nieuwe organisatie",
        "cancel_url": reverse_lazy("organisation-list"),
    }


class OrganisationUpdate(OrganisationEditMixin, FormUserMixin, UpdateView):
    model = Organisation
    form_class = OrganisationForm
    template_name = "core/form.html"
    extra_context = {"page_title": "Organisatie wijzigen"}


# Activities (sociale kaart) ----------------------------------------------------------


class ActivityList(SearchListView):
    model = Activity
    template_name = "core/activity_list.html"
    page_title = "Sociale kaart"
    search_fields = ("title", "description", "target_group", "organisation__name")

    def base_queryset(self):
        queryset = Activity.objects.select_related("organisation", "buurt")
        if self.request.GET.get("gastvrij") == "1":
            queryset = queryset.filter(gastvrij=True)
        if self.request.GET.get("alles") != "1":
            queryset = queryset.filter(active=True)
        return queryset

    def filter_area(self, queryset, area):
        return queryset.filter(buurt_id__in=area.buurt_ids())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_edit_activity(self.request.user)
        context["gastvrij_only"] = self.request.GET.get("gastvrij") == "1"
        return context


class ActivityDetail(LoginRequiredMixin, DetailView):
    model = Activity
    template_name = "core/activity_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = can_edit_activity(self.request.user, self.object)
        return context


class ActivityEditMixin(RoleRequiredMixin):
    required_roles = WORKERS | PARTNERS
    refused_message = "U mag deze activiteit niet wijzigen."

    def resolve_access(self, request, *args, **kwargs):
        # A partner edits only its own organisation's entries.
        activity = self.get_object() if "pk" in kwargs else None
        if not can_edit_activity(request.user, activity):
            raise PermissionDenied(self.refused_message)


class ActivityCreate(ActivityEditMixin, FormUserMixin, CreateView):
    model = Activity
    form_class = ActivityForm
    template_name = "core/form.html"
    extra_context = {
        "page_title": "Nieuwe activiteit op de sociale kaart",
        "cancel_url": reverse_lazy("activity-list"),
    }


class ActivityUpdate(ActivityEditMixin, FormUserMixin, UpdateView):
    model = Activity
    form_class = ActivityForm
    template_name = "core/form.html"
    extra_context = {"page_title": "Activiteit wijzigen"}


# Areas -------------------------------------------------------------------------------


class AreaList(LoginRequiredMixin, TemplateView):
    """The gemeente, its wijken and buurten with aggregate figures (small cells hidden)."""

    template_name = "core/area_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["area_rows"] = stats.residents_per_area()
        return context


def error_page(status, template):
    def view(request, exception=None):
        return render(request, template, status=status)

    return view


def server_error(request):
    # Rendered without request context: whatever broke (the database, say) cannot break
    # the error page too.
    return HttpResponseServerError(loader.get_template("500.html").render())
