"""`when`: a date or moment as the pages write it ("7 december 2026 14:05").

Exports and change histories carry ISO strings ("2026-12-07T14:05:31+01:00"), which is
right for JSON but not for a person reading the page. Anything that is not a date or a
moment is returned unchanged, so the filter can go on any value of an export.
"""

import datetime
import re

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()

ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # a date
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # and a time
)


@register.filter
def when(value):
    """A date as "7 december 2026", a moment (in local time) as "7 december 2026 14:05"."""
    if isinstance(value, str):
        text = value.strip()
        if not ISO.fullmatch(text):
            return value
        try:
            if len(text) == 10:
                return date_format(datetime.date.fromisoformat(text), "j F Y")
            value = datetime.datetime.fromisoformat(text)
        except ValueError:  # looks like a date but is none, e.g. 2026-02-31
            return text
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return value
