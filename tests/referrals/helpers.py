"""Building referrals for the tests, through the same service as the form and the API."""

import datetime

from django.utils import timezone

from kwartier.methods.loading import load_directory
from kwartier.methods.models import Method
from kwartier.referrals import services


def method(code="welzijn-op-recept") -> Method:
    """A shipped method (loaded after migrate; loaded again where a test emptied tables)."""
    found = Method.objects.current().filter(code=code).first()
    if found is None:
        load_directory()
        found = Method.objects.current().get(code=code)
    return found


def intake(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation,
        "method": method(),
        "referrer_contact": "dokter Van Dam",
        "given_name": "Greet",
        "infix": "",
        "family_name": "Verwijsma",
        "birth_year": 1958,
        "postcode": "1234 AB",
        "house_number": 12,
        "house_number_suffix": "",
        "phone": "",
        "reason": "Voelt zich eenzaam sinds het overlijden van haar man.",
        "consent_obtained": "mondeling",
        "consent_on": timezone.localdate() - datetime.timedelta(days=1),
        "representative": "",
        "feedback_scope": "verloop",
    }
    data.update(overrides)
    return data


def make_referral(referrer_user, receiving_org, **overrides):
    """A new referral from `referrer_user`'s organisation to `receiving_org`."""
    return services.submit(referrer_user, intake(receiving_org, **overrides))
