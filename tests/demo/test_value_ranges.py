"""The demo passes every declared value range (core/validators.py), on every model of
every app, so a demo record can be edited and saved as it is."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from kwartier.instruments.models import Measurement, birth_problems
from kwartier.methods.models import Trajectory
from tests.demo.test_generate import built  # noqa: F401 (the class-scoped demo)


def ranged_fields(model):
    """Fields with validators of their own (ranges, phone numbers), not the database's."""
    return [f for f in model._meta.concrete_fields if f._validators]


MODELS = [
    m
    for m in apps.get_models()
    if m.__module__.startswith("kwartier.") and ranged_fields(m) and m._meta.managed
]


@pytest.mark.django_db
class TestDemoValueRanges:
    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
    def test_every_record_is_within_its_ranges(self, built, model):  # noqa: F811
        problems = []
        for obj in model._default_manager.all().iterator():
            for field in ranged_fields(model):
                value = getattr(obj, field.attname)
                if value in field.empty_values:
                    continue
                try:
                    field.run_validators(value)
                except ValidationError as error:
                    problems.append(f"{obj.pk} {field.name}={value!r}: {error.messages}")
        assert not problems, problems[:10]

    def test_measurements_after_birth_and_trajectories_in_order(self, built):  # noqa: F811
        for measurement in Measurement.objects.select_related("person"):
            assert not birth_problems(measurement.person, measurement.measured_on)
        for trajectory in Trajectory.objects.all():
            assert not trajectory.date_problems()
