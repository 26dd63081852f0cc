"""The bookkeeping fields (aangemaakt, gewijzigd, vastgelegd door) have one definition, in
core/bookkeeping.py, and every model that has them inherits it instead of copying it."""

import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.test.utils import isolate_apps
from django.utils import timezone
from simple_history.models import HistoricalChanges

from kwartier.core.bookkeeping import Created, RecordedBy, Timestamped
from tests.factories import HouseholdFactory

BASE_OF = {"created_at": Created, "updated_at": Timestamped, "recorded_by": RecordedBy}


def definition(field) -> tuple:
    """What the migrations record of a field: its class, arguments and options."""
    _, path, args, kwargs = field.deconstruct()
    return path, args, kwargs


def copied_fields(candidates) -> list[str]:
    """Each bookkeeping field a model declares itself with the very definition of the base.

    A field of the same name that means something else ("geladen", "gestart op") has its
    own definition and is not a copy.
    """
    copies = []
    for model in candidates:
        for name, base in BASE_OF.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            same = definition(field) == definition(base._meta.get_field(name))
            if same and not issubclass(model, base):
                copies.append(f"{model._meta.label}.{name}")
    return copies


def own_models():
    # A historical model (django-simple-history) copies its model's fields by design.
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("kwartier.") and not issubclass(model, HistoricalChanges)
    ]


def test_no_model_declares_the_bookkeeping_fields_again():
    assert copied_fields(own_models()) == []


def test_the_bases_are_in_use():
    # Guards the guard: if the bases were renamed or their fields changed, the test above
    # would find nothing to compare with and pass; these models inherit them today.
    labels = {
        base: {m._meta.label for m in own_models() if issubclass(m, base)}
        for base in (Created, Timestamped, RecordedBy)
    }
    assert {"core.Person", "core.Household", "support.HelpRequest"} <= labels[Timestamped]
    assert {"referrals.Feedback", "methods.ReviewNote"} <= labels[Created] - labels[Timestamped]
    assert {"instruments.Measurement", "budgets.Effect"} <= labels[RecordedBy]


@isolate_apps("kwartier.core")
def test_a_copy_is_found_and_an_inherited_or_different_field_is_not():
    class Copied(models.Model):  # noqa: DJ008 (never shown)
        created_at = models.DateTimeField("aangemaakt", auto_now_add=True)
        updated_at = models.DateTimeField("gewijzigd", auto_now=True)
        recorded_by = models.ForeignKey(
            settings.AUTH_USER_MODEL,
            verbose_name="vastgelegd door",
            null=True,
            blank=True,
            on_delete=models.SET_NULL,
            related_name="+",
        )

        class Meta:
            app_label = "core"

    class Inherited(Timestamped, RecordedBy):
        class Meta:
            app_label = "core"

    class OwnMeaning(models.Model):  # noqa: DJ008 (never shown)
        created_at = models.DateTimeField("gestart op", default=timezone.now)
        recorded_by = models.ForeignKey(
            settings.AUTH_USER_MODEL,
            verbose_name="vastgelegd door",
            null=True,
            on_delete=models.SET_NULL,
            related_name="+",
        )

        class Meta:
            app_label = "core"

    assert copied_fields([Copied, Inherited, OwnMeaning]) == [
        "core.Copied.created_at",
        "core.Copied.updated_at",
        "core.Copied.recorded_by",
    ]


@pytest.mark.django_db
def test_an_inheriting_model_keeps_its_creation_moment_and_dates_each_change():
    created = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)
    changed = created + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=created):
        household = HouseholdFactory()
    with mock.patch("django.utils.timezone.now", return_value=changed):
        household.city = "Anderveen"
        household.save()
    household.refresh_from_db()
    assert (household.created_at, household.updated_at) == (created, changed)
    names = {f.name: str(f.verbose_name) for f in type(household)._meta.fields}
    assert (names["created_at"], names["updated_at"]) == ("aangemaakt", "gewijzigd")
