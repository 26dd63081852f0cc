"""Ballots are not linked to persons: no field, no key, no session leftover ties them."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from kwartier.budgets.models import Ballot
from kwartier.core.models import Person
from kwartier.voting.models import PaperBallot, PaperEntry, Voter

pytestmark = pytest.mark.django_db


def relations(model):
    return {
        f.name: f.related_model
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField)
    }


def test_no_model_links_a_ballot_to_a_voter_or_person():
    assert set(relations(Ballot).values()) == {apps.get_model("budgets", "BudgetRound")}
    assert Ballot not in relations(Voter).values()
    assert Person not in relations(PaperBallot).values()
    assert Person not in relations(PaperEntry).values()
    # The voter row keeps only what the letter and the turnout need.
    fields = {f.name for f in Voter._meta.concrete_fields}
    assert fields == {"id", "round", "person", "buurt", "age_group", "code_hash", "voted"}


def test_after_voting_the_session_holds_the_receipt_only(v, client):
    url = reverse("voting:portal-start", args=[v.round.pk])
    client.post(url, {"code": v.code_in_area})
    assert any(key.startswith("voting-voter") for key, _ in client.session.items())
    data = {"keuze": [str(v.initiatives[0].pk)]}
    client.post(reverse("voting:portal-confirm", args=[v.round.pk]), data)
    session = dict(client.session.items())
    assert not any(key.startswith("voting-voter") for key in session)
    assert list(session.values()) == [Ballot.objects.latest("pk").receipt]
