"""The referrals app's part of the permission matrix (see tests/core/matrix.py).

The world's referral comes from the partner's housing association and is addressed to
the personas' welfare organisation: the partner reads it as its sender, the workers as
its receivers; a worker of another organisation does not find it; volunteers and the
gemeente are refused (the gemeente gets the figures only). Writes post empty data: a
role that may write gets a 400, so nothing is decided (the erasure's empty body is a dry
run: 200, nothing erased). The pages: a partner makes referrals, the receivers accept,
decline and (coördinator, beheerder) erase them; the figures are for all but volunteers.
"""

from tests.core.matrix import LOGIN, NOAUTH, Case, expect, get, post

NOT_PERSON_LEVEL = {"vrijwilliger": 403, "gemeente": 403}
READERS = expect(200, anonymous=NOAUTH, **NOT_PERSON_LEVEL)
REFERRAL = expect(200, anonymous=NOAUTH, other_org_worker=404, **NOT_PERSON_LEVEL)
CREATE = expect(403, anonymous=NOAUTH, partner=400)
DECIDE = expect(400, anonymous=NOAUTH, partner=403, other_org_worker=404, **NOT_PERSON_LEVEL)
OVERVIEW = expect(200, anonymous=NOAUTH, vrijwilliger=403)
# Erasure: the receiving organisation's coördinator and beheerder; an empty body is a dry
# run (200, nothing erased). The other organisation's worker is a wijkwerker: refused.
ERASE = expect(403, anonymous=NOAUTH, beheerder=200, coordinator=200)

# API route name ("api:...") → the cases every visitor is walked with.
EXPECTATIONS: dict[str, list[Case]] = {
    "api:referral-list": [get(READERS), post(CREATE)],
    "api:referral-detail": [get(REFERRAL, "referrals_referral")],
    "api:referral-accept": [post(DECIDE, "referrals_referral")],
    "api:referral-decline": [post(DECIDE, "referrals_referral")],
    "api:referral-erase": [post(ERASE, "referrals_referral")],
    "api:referral-feedback": [get(REFERRAL, "referrals_referral")],
    "api:referral-overview": [get(OVERVIEW)],
}

PAGE_READERS = expect(200, anonymous=LOGIN, **NOT_PERSON_LEVEL)
PAGE_REFERRAL = expect(200, anonymous=LOGIN, other_org_worker=404, **NOT_PERSON_LEVEL)
PAGE_RECEIVERS = expect(200, anonymous=LOGIN, partner=403, other_org_worker=404, **NOT_PERSON_LEVEL)
PAGE_FIGURES = expect(200, anonymous=LOGIN, vrijwilliger=403)

# Web page URL name → the cases every visitor is walked with.
PAGES: dict[str, list[Case]] = {
    "referral-list": [get(PAGE_READERS)],
    "referral-create": [get(expect(403, anonymous=LOGIN, partner=200))],
    "referral-overview": [get(PAGE_FIGURES)],
    "referral-overview-csv": [get(PAGE_FIGURES)],
    "referral-detail": [get(PAGE_REFERRAL, "referrals_referral")],
    "referral-accept": [get(PAGE_RECEIVERS, "referrals_referral")],
    "referral-decline": [get(PAGE_RECEIVERS, "referrals_referral")],
    "referral-erase": [
        get(expect(403, anonymous=LOGIN, beheerder=200, coordinator=200), "referrals_referral")
    ],
}


def targets(world) -> dict[str, dict]:
    """Target key ("referrals_...") → URL arguments of an object made in `world`."""
    from tests.referrals.helpers import make_referral

    referral = make_referral(world.users["partner"], world.welfare_org)
    return {"referrals_referral": {"pk": referral.pk}}
