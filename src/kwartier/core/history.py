"""Readable change history of a person-level record (django-simple-history underneath)."""

from django.utils import timezone

# django-simple-history's kinds of change, in Dutch (the package's own labels are English).
HISTORY_KINDS = {"+": "Toegevoegd", "~": "Gewijzigd", "-": "Verwijderd"}


def local_iso(moment) -> str:
    """A timestamp as people here read it: local time (Europe/Amsterdam), to the second."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def history_rows(records) -> list[dict]:
    """Each version, oldest first: when, what kind of change, by whom, which fields."""
    rows = []
    for record in records.select_related("history_user").order_by("history_date"):
        changed: list[str] = []
        previous = record.prev_record
        if previous is not None:
            model = record.instance_type
            changed = [
                str(model._meta.get_field(change.field).verbose_name)
                for change in record.diff_against(previous).changes
            ]
        rows.append(
            {
                "wanneer": local_iso(record.history_date),
                "soort": HISTORY_KINDS.get(record.history_type, record.history_type),
                "door": record.history_user.username if record.history_user else None,
                "velden": changed,
            }
        )
    return rows
