"""The bookkeeping fields every record carries: when it was made and changed, and by whom.

Models inherit them from here instead of declaring them again, so the fields have one
definition (and one Dutch name) across the apps. A model whose field means something
else (a method is "geladen", a matching run "gestart op") declares its own field.
"""

from django.conf import settings
from django.db import models


class Created(models.Model):
    """When the record was made: for records that are written once (notes, feedback)."""

    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        abstract = True


class Timestamped(Created):
    """When the record was made and when it last changed."""

    updated_at = models.DateTimeField("gewijzigd", auto_now=True)

    class Meta:
        abstract = True


class RecordedBy(models.Model):
    """Who recorded it. The record outlives its author's account, and a user has no
    reverse accessor per kind of record (related_name "+")."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vastgelegd door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
