from django.urls import reverse

from .scoping import CAN_EDIT_PERSONS, CAN_VIEW_PERSONS, ORGANISATION_WIDE


def navigation(request):
    """Main menu items for the signed-in user's role."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = [("Start", reverse("home"))]
    if user.role in CAN_VIEW_PERSONS:
        items.append(("Bewoners", reverse("person-list")))
    if user.role in CAN_EDIT_PERSONS:
        items.append(("Huishoudens", reverse("household-list")))
    # Vraag en aanbod (support): the worker's overview, a partner's consented hulpvragen,
    # a volunteer's own matches, the gemeente's multiplier.
    if user.role in CAN_EDIT_PERSONS:
        items.append(("Vraag en aanbod", reverse("support-overview")))
    elif user.role == "partner":
        items.append(("Hulpvragen", reverse("helprequest-list")))
    elif user.role == "vrijwilliger":
        items.append(("Mijn koppelingen", reverse("volunteer-match-list")))
    elif user.role == "gemeente":
        items.append(("Multiplier", reverse("multiplier")))
    items += [
        ("Sociale kaart", reverse("activity-list")),
        ("Organisaties", reverse("organisation-list")),
    ]
    if user.role in ORGANISATION_WIDE | {"gemeente"}:
        items.append(("Gebieden", reverse("area-list")))
    if user.role in ORGANISATION_WIDE:
        items.append(("Toegangslog", reverse("accesslog-list")))
    return {"nav_items": items}
