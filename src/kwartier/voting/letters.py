"""Printable letters with a vote code: name, address, code, how to vote and a QR code
to the portal, one letter per printed page.

The page is the only place a new code is ever shown (the database keeps its hash), so
it is rendered straight from the request that made the codes, and printing is logged
per letter: one page prints letters for many voters, so there is no single subject for
the page gate to log (core/access/log.py's `log_event`, the residue it allows).
"""

import qrcode
import qrcode.image.svg
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from kwartier.core.access.log import Action, log_event

LETTER = "stembrief"


def qr_svg(url: str) -> str:
    """An inline SVG QR code (paths only: nothing the Content-Security-Policy blocks)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (our own SVG)


def letters_response(request, round, letters):
    url = request.build_absolute_uri(reverse("voting:portal-start", kwargs={"round": round.pk}))
    qr = qr_svg(url)
    items = []
    for letter in letters:
        person = letter.voter.person
        household = person.household if person else None
        items.append({"letter": letter, "person": person, "household": household})
        log_event(request, Action.PRINT, LETTER, letter.voter)
    context = {"round": round, "items": items, "portal_url": url, "qr": qr}
    response = render(request, "voting/letters.html", context)
    response["Cache-Control"] = "no-store"  # the codes must not stay in a cache
    return response
