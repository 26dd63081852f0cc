"""Serializer fields of the support API: keys, slots, languages; the model's own clean()."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from kwartier.core.models import Area, Person

from ..categories import SLOT_CHOICES
from ..matching import LANGUAGE_NAMES


class SlugField(serializers.SlugRelatedField):
    """A related object by a text key. No key holds a NUL byte, and PostgreSQL refuses one
    in a query (a 500 instead of a field error), so it is refused first: the middleware
    guards only the URL, and unlike a CharField a related field has no NUL validator."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)


class ScopedPersonField(SlugField):
    """A resident by kenmerk, only among those the caller may see."""

    def get_queryset(self):
        return Person.objects.visible_to(self.context["request"].user)


class AreaCodeField(SlugField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Area.objects.all())
        super().__init__(**kwargs)


class SlotsField(serializers.ListField):
    child = serializers.ChoiceField(choices=SLOT_CHOICES)

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty", False)
        super().__init__(**kwargs)


class LanguagesField(serializers.ListField):
    child = serializers.ChoiceField(choices=sorted(LANGUAGE_NAMES.items()))

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return list(dict.fromkeys(super().to_internal_value(data)))


def model_clean(model_class, instance, attrs: dict, exclude_m2m=()) -> None:
    """Run the model's own clean() on the instance with the new values applied."""
    values = {k: v for k, v in attrs.items() if k not in exclude_m2m}
    if instance is not None:
        candidate = model_class.objects.get(pk=instance.pk)
        for key, value in values.items():
            setattr(candidate, key, value)
    else:
        candidate = model_class(**values)
    try:
        candidate.clean()
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict) from error
