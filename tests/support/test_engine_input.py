"""From the database to the engine's input: what goes in, where it is, what is excluded."""

import pytest

from kwartier.support import engine_input, matching
from kwartier.support.models import Helper, HelpRequest, Match, Proposal
from tests.factories import OrganisationFactory
from tests.support.world import centre, make_helper, make_request, rectangle

pytestmark = pytest.mark.django_db

S = HelpRequest.Status


def offer(data, helper):
    return next(o for o in data.offers if o.id == helper.pk)


def request_of(data, help_request):
    return next(r for r in data.requests if r.id == help_request.pk)


@pytest.fixture
def searching(sw, world):
    """A second resident in the wijkwerker's buurt searches for groceries help."""
    return make_request(world.in_area, sw.categories["boodschappen"], status=S.ZOEKEN)


def test_only_searching_requests_in_the_area_and_the_users_scope(sw, world, searching):
    data = engine_input.build(world.users["wijkwerker"], world.areas.wijk)
    assert list(data.help_requests) == [searching.pk]  # not voorgesteld, not gekoppeld
    # Elsewhere: another wijk; the wijkwerker does not even see it in the gemeente.
    assert engine_input.build(world.users["wijkwerker"], world.areas.gemeente).help_requests == {
        searching.pk: searching
    }
    everything = engine_input.build(world.users["coordinator"], world.areas.gemeente)
    assert set(everything.help_requests) == {searching.pk, sw.request_elsewhere.pk}
    assert engine_input.build(world.users["coordinator"], world.areas.buurt_2).requests == []
    # Another organisation's worker sees none of it, and none of its helpers.
    other = engine_input.build(world.users["other_org_worker"], world.areas.wijk)
    assert other.requests == [] and other.offers == []


def test_request_fields(sw, world, searching):
    searching.languages = ["tr", "nl"]
    searching.slots = ["ma-ochtend", "wo-avond"]
    searching.save()
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    r = request_of(data, searching)
    lat, lon = centre(0)  # the middle of the buurt's outline
    assert (r.lat, r.lon) == pytest.approx((lat, lon))
    assert r.category == "boodschappen" and r.slots == {"ma-ochtend", "wo-avond"}
    assert r.languages == ("tr", "nl") and r.waiting_days == 10
    assert r.requires_vog is False and r.network == frozenset()
    # The hulpvraag's own point wins over the buurt.
    searching.lat, searching.lon = 52.2, 5.3
    searching.save()
    r = request_of(engine_input.build(world.users["coordinator"], world.areas.buurt), searching)
    assert (r.lat, r.lon) == (52.2, 5.3)


def test_a_category_can_require_a_vog(sw, world):
    r = make_request(world.in_area, sw.categories["gezelschap"], status=S.ZOEKEN)
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    assert request_of(data, r).requires_vog is True


def test_a_request_without_a_place_is_set_aside(sw, world, searching):
    world.areas.buurt.outline = None
    world.areas.buurt.save()
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    assert data.requests == []
    assert [(r.pk, "geen plek bekend" in why) for r, why in data.not_located] == [
        (searching.pk, True)
    ]


def test_helpers_their_load_and_full_helpers(sw, world, searching):
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    own, other = offer(data, sw.helper_own), offer(data, sw.helper_other)
    # helper_own carries the active match; helper_other has an open proposal (a promised place)
    assert (own.active, own.capacity) == (1, 2)
    assert (other.active, other.capacity) == (1, 2)
    assert own.categories == {"boodschappen"} and own.radius_km == 3 and own.vog is False
    sw.helper_own.capacity = 1
    sw.helper_own.save()
    full = offer(engine_input.build(world.users["coordinator"], world.areas.buurt), sw.helper_own)
    assert full.free == 0  # passed to the engine, which gives it no place
    sw.helper_own.active = False
    sw.helper_own.save()
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    assert sw.helper_own.pk not in {o.id for o in data.offers}


def test_ended_matches_do_not_count_as_load(sw, world):
    Match.objects.filter(pk=sw.match.pk).update(status=Match.Status.BEEINDIGD)
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    assert offer(data, sw.helper_own).active == 0


def test_a_helper_with_a_werkgebied(sw, world, searching):
    groceries = sw.categories["boodschappen"]
    in_wijk = make_helper(world.welfare_org, [groceries], name="Wijkbuur", area=world.areas.wijk)
    elsewhere = make_helper(
        world.welfare_org, [groceries], name="Kanaalbuur", area=world.areas.other_buurt
    )
    data = engine_input.build(world.users["coordinator"], world.areas.gemeente)
    # The wijk has no outline here: its helper cannot be placed and stays out.
    assert in_wijk in data.helpers_not_located and in_wijk.pk not in data.helpers
    world.areas.wijk.outline = {
        "type": "Polygon",
        "coordinates": [
            [[5.10, 52.10], [5.18, 52.10], [5.18, 52.11], [5.10, 52.11], [5.10, 52.10]]
        ],
    }
    world.areas.wijk.save()
    data = engine_input.build(world.users["coordinator"], world.areas.gemeente)
    assert offer(data, in_wijk).radius_km > 2.7  # from the centre to every corner of the wijk
    here = request_of(data, searching)
    assert in_wijk.pk not in here.exclude and elsewhere.pk in here.exclude
    assert data.exclusions[searching.pk]["werkgebied"] == {elsewhere.pk}
    there = request_of(data, sw.request_elsewhere)
    assert in_wijk.pk in there.exclude and elsewhere.pk not in there.exclude


def test_gender_preference_and_rejections_exclude_helpers(sw, world, searching):
    searching.helper_gender = HelpRequest.HelperGender.VROUW
    searching.save()
    Proposal.objects.create(
        run=sw.run, request=searching, helper=sw.helper_other, score=1, status="afgewezen"
    )
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    r = request_of(data, searching)
    assert data.exclusions[searching.pk]["voorkeur"] == {sw.helper_own.pk}  # gender unknown
    assert data.exclusions[searching.pk]["afgewezen"] == {sw.helper_other.pk}
    assert r.exclude == {sw.helper_own.pk, sw.helper_other.pk}
    # helper_own is out of reach anyway; only what excluded a suitable helper is named.
    assert engine_input.explain_exclusion(data, searching.pk) == (
        "geen geschikte helper over: 1 eerder afgewezen of zonder resultaat gekoppeld"
    )
    Proposal.objects.filter(request=searching).delete()
    searching.helper_gender = HelpRequest.HelperGender.MAN
    searching.save()
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    assert engine_input.explain_exclusion(data, searching.pk) == (
        "geen geschikte helper over: 1 is geen man (de voorkeur van de bewoner)"
    )


def test_a_match_that_ended_without_result_excludes_its_helper(sw, world):
    Match.objects.filter(pk=sw.match.pk).update(
        status=Match.Status.BEEINDIGD, end_outcome=Match.Outcome.ZOEKEN
    )
    HelpRequest.objects.filter(pk=sw.request_matched.pk).update(status=S.ZOEKEN)
    data = engine_input.build(world.users["coordinator"], world.areas.buurt_2)
    assert request_of(data, sw.request_matched).exclude == {sw.helper_own.pk}


def test_network_comes_from_the_ecogram(sw, world, searching):
    from kwartier.network.models import Tie

    club_org = OrganisationFactory(name="Buurtvereniging De Linde", kind="vereniging")
    club = make_helper(
        world.welfare_org,
        [sw.categories["boodschappen"]],
        name="Boodschappenclub De Linde",
        kind=Helper.Kind.CLUB,
        external_organisation=club_org,
        lat=centre(0)[0],
        lon=centre(0)[1],
        radius_km=2,
    )
    assert engine_input.network_of([searching]) == {}
    Tie.objects.create(
        person=world.in_area,
        contact_organisation=club_org,
        group="C",
        strength="sterk",
        direction="wederzijds",
        frequency="wekelijks",
    )
    assert engine_input.network_of([searching]) == {searching.pk: {club.pk}}
    data = engine_input.build(world.users["coordinator"], world.areas.buurt)
    assert request_of(data, searching).network == {club.pk}
    result = matching.match(data.requests, data.offers)
    assert "staat al in het netwerk" in result.matches[0].reasons
    # A burdening tie is no support network.
    Tie.objects.update(strength="belastend")
    assert engine_input.network_of([searching]) == {}


def test_the_input_is_valid_engine_json(sw, world, searching):
    data = engine_input.build(world.users["coordinator"], world.areas.gemeente)
    requests, offers = matching.parse(data.as_json())
    assert {r.id for r in requests} == set(data.help_requests)
    assert {o.id for o in offers} == set(data.helpers)


def test_area_place_of_polygons():
    place = engine_input.area_place(
        type("A", (), {"outline": rectangle(0), "pk": 1})()  # anything with an outline
    )
    assert (place.lat, place.lon) == pytest.approx(centre(0))
    assert place.radius_km == pytest.approx(0.9, abs=0.05)  # half the diagonal of 1.4 × 1.1 km
    assert engine_input.area_place(type("A", (), {"outline": {"type": "Point"}, "pk": 2})()) is None
    assert engine_input.area_place(type("A", (), {"outline": None, "pk": 3})()) is None
    multi = {"type": "MultiPolygon", "coordinates": [rectangle(0)["coordinates"]]}
    place = engine_input.area_place(type("A", (), {"outline": multi, "pk": 4})())
    assert (place.lat, place.lon) == pytest.approx(centre(0))
