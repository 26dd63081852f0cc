"""Following matches: follow-up due list, the follow-up answers, ending; helper load."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kwartier.core.errors import RuleError
from kwartier.support import decisions
from kwartier.support.models import Helper, HelpRequest, Match
from tests.support.world import make_request

pytestmark = pytest.mark.django_db

S = HelpRequest.Status
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - datetime.timedelta(days=n)


def test_followup_date_comes_from_the_setting(sw, world):
    assert sw.match.followup_due_on == days_ago(3) + datetime.timedelta(weeks=6)
    with override_settings(KWARTIER_MATCH_FOLLOWUP_WEEKS=2):
        other = Match.objects.create(
            request=sw.request_proposed,
            helper=sw.helper_other,
            consent_basis=Match.ConsentBasis.BEVESTIGD,
            started_on=days_ago(20),
        )
    assert other.followup_due_on == days_ago(20) + datetime.timedelta(weeks=2)


def test_the_followup_due_list(sw, world, coordinator_client):
    assert list(Match.objects.followup_due()) == []
    Match.objects.filter(pk=sw.match.pk).update(followup_due_on=TODAY())
    assert list(Match.objects.followup_due()) == [sw.match]
    assert list(Match.objects.visible_to(world.users["wijkwerker"]).followup_due()) == [sw.match]
    assert list(Match.objects.visible_to(world.users["other_org_worker"]).followup_due()) == []
    overview = coordinator_client.get(reverse("support-overview")).content.decode()
    assert "Opvolging nodig" in overview and sw.match.get_absolute_url() in overview
    listed = coordinator_client.get(reverse("match-list"), {"toon": "opvolging"})
    assert list(listed.context["object_list"]) == [sw.match]
    # Once answered, or when ended, it is no longer due.
    decisions.follow_up(sw.match, user=world.users["coordinator"], result="ja")
    assert list(Match.objects.followup_due()) == []


def test_followup_answers(sw, world):
    user = world.users["coordinator"]
    with pytest.raises(RuleError):
        decisions.follow_up(sw.match, user=user, result="misschien")
    later = decisions.follow_up(sw.match, user=user, result="nog-niet", note="eerst vakantie")
    assert later.followup_on is None
    assert later.followup_due_on == TODAY() + datetime.timedelta(weeks=6)
    yes = decisions.follow_up(sw.match, user=user, result="ja")
    assert yes.followup_on == TODAY() and yes.status == Match.Status.ACTIEF


def test_followup_no_ends_the_match_and_searches_again(sw, world):
    user = world.users["coordinator"]
    ended = decisions.follow_up(sw.match, user=user, result="nee", note="geen klik")
    assert ended.status == Match.Status.BEEINDIGD and ended.end_reason == "geen klik"
    assert ended.end_outcome == Match.Outcome.ZOEKEN and ended.ended_on == TODAY()
    sw.request_matched.refresh_from_db()
    assert sw.request_matched.status == S.ZOEKEN
    with pytest.raises(RuleError, match="al beëindigd"):
        decisions.follow_up(sw.match, user=user, result="ja")


@pytest.mark.parametrize("outcome", ["afgerond", "zoeken", "gestopt"])
def test_ending_a_match(sw, world, outcome):
    user = world.users["coordinator"]
    with pytest.raises(RuleError) as error:
        decisions.end(sw.match, user=user, reason="", outcome="weg")
    assert set(error.value.message_dict) == {"reason", "outcome"}
    decisions.end(sw.match, user=user, reason="verhuisd", outcome=outcome)
    sw.request_matched.refresh_from_db()
    assert sw.request_matched.status == outcome
    assert sw.request_matched.changes.last().reason == "koppeling beëindigd: verhuisd"
    assert sw.match.history.count() == 2  # created, ended


def test_match_page_forms(sw, world, coordinator_client, field_block):
    client = coordinator_client
    url = sw.match.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Heeft dit tot een koppeling geleid?" in page and "Kennismaking" in page
    date = (TODAY() + datetime.timedelta(days=2)).isoformat()
    done = client.post(reverse("match-introduction", args=[sw.match.pk]), {"introduction_on": date})
    assert done.status_code == 302
    sw.match.refresh_from_db()
    assert sw.match.introduction_on.isoformat() == date
    refused = client.post(reverse("match-followup", args=[sw.match.pk]), {"result": ""})
    assert refused.status_code == 200 and "Dit veld is vereist." in refused.content.decode()
    refused = client.post(reverse("match-end", args=[sw.match.pk]), {"outcome": "afgerond"})
    assert field_block(refused.content, "id_reason").errors == ["Dit veld is vereist."]
    done = client.post(
        reverse("match-end", args=[sw.match.pk]), {"outcome": "afgerond", "reason": "klaar"}
    )
    assert done.status_code == 302
    sw.match.refresh_from_db()
    assert sw.match.status == Match.Status.BEEINDIGD
    assert "Koppeling beëindigen" not in client.get(url).content.decode()
    late = client.post(reverse("match-followup", args=[sw.match.pk]), {"result": "ja"})
    assert "al beëindigd" in late.content.decode()


# Helper load ---------------------------------------------------------------------------


def test_load_is_derived_from_active_matches(sw, world):
    helper = Helper.objects.with_load().get(pk=sw.helper_own.pk)
    assert (helper.load, helper.capacity, helper.load_warning()) == (1, 2, "")
    second = make_request(world.in_area, sw.categories["boodschappen"], status=S.GEKOPPELD)
    Match.objects.create(request=second, helper=sw.helper_own, consent_basis="bevestigd")
    assert Helper.objects.with_load().get(pk=sw.helper_own.pk).load_warning() == "vol"
    Helper.objects.filter(pk=sw.helper_own.pk).update(capacity=1)
    assert Helper.objects.with_load().get(pk=sw.helper_own.pk).load_warning() == "overvol"
    Match.objects.filter(helper=sw.helper_own).update(status=Match.Status.BEEINDIGD)
    helper = Helper.objects.with_load().get(pk=sw.helper_own.pk)
    assert helper.load == 0 and helper.load_warning() == ""


def test_helper_load_page_warns(sw, world, coordinator_client):
    page = coordinator_client.get(reverse("helper-load")).content.decode()
    assert "vol of boven capaciteit" in page and "badge--danger" not in page
    Helper.objects.filter(pk=sw.helper_own.pk).update(capacity=1)
    response = coordinator_client.get(reverse("helper-load"))
    page = response.content.decode()
    assert '<span class="badge badge--warning">vol</span>' in page
    assert "1 helper zit vol of boven de capaciteit" in page
    assert response.context["helpers"][0] == sw.helper_own  # the fullest first
    Helper.objects.filter(pk=sw.helper_own.pk).update(capacity=0)
    page = coordinator_client.get(reverse("helper-load")).content.decode()
    assert '<span class="badge badge--danger">boven capaciteit</span>' in page
    detail = coordinator_client.get(sw.helper_own.get_absolute_url()).content.decode()
    assert "meer koppelingen dan de afgesproken 0" in detail
    overview = coordinator_client.get(reverse("support-overview")).content.decode()
    assert "Kees de Vrijwilliger" in overview


def test_helper_load_api(sw, world, coordinator_api):
    Helper.objects.filter(pk=sw.helper_own.pk).update(capacity=1)
    data = coordinator_api.get(reverse("api:helper-load")).json()
    rows = {row["name"]: row for row in data}
    assert rows["Kees de Vrijwilliger"] == {
        "id": sw.helper_own.pk,
        "name": "Kees de Vrijwilliger",
        "kind": "vrijwilliger",
        "capacity": 1,
        "load": 1,
        "open_proposals": 0,
        "free": 0,
        "warning": "vol",
    }
    assert rows["Fatma Hulpvaardig"]["open_proposals"] == 1
    assert rows["Fatma Hulpvaardig"]["warning"] == ""
