from django.urls import reverse

from kwartier.core.access.roles import DOSSIER_READERS, FUNDER, MANAGERS, WORKERS, Role

from .extensions import nav_items_for


def navigation(request):
    """Main menu items for the signed-in user's role."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    # (order, label, url): core items at fixed places, other apps' items between them.
    items = [(0, "Start", reverse("home"))]
    if user.role in DOSSIER_READERS:
        items.append((10, "Bewoners", reverse("person-list")))
    if user.role in WORKERS:
        items.append((20, "Huishoudens", reverse("household-list")))
    # Vraag en aanbod (support): the worker's overview, a partner's consented hulpvragen,
    # a volunteer's own matches, the gemeente's multiplier.
    if user.role in WORKERS:
        items.append((30, "Vraag en aanbod", reverse("support-overview")))
    elif user.role == Role.PARTNER:
        items.append((30, "Hulpvragen", reverse("helprequest-list")))
    elif user.role == Role.VRIJWILLIGER:
        items.append((30, "Mijn koppelingen", reverse("volunteer-match-list")))
    elif user.role == Role.GEMEENTE:
        items.append((30, "Multiplier", reverse("multiplier")))
    items += [
        (60, "Sociale kaart", reverse("activity-list")),
        (70, "Organisaties", reverse("organisation-list")),
    ]
    if user.role in MANAGERS | FUNDER:
        items.append((80, "Gebieden", reverse("area-list")))
    if user.role in MANAGERS:
        items.append((90, "Toegangslog", reverse("accesslog-list")))
    items += nav_items_for(user.role)
    items.sort(key=lambda item: item[0])
    return {"nav_items": [(label, url) for _order, label, url in items]}
