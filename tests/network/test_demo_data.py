"""The demo ecogrammen: who gets one, what they hold, and that a reset leaves nothing."""

import io
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from kwartier.core.models import Organisation, Person
from kwartier.demo.generate import MAIN_ORGANISATION, build_demo
from kwartier.network import codes
from kwartier.network.analysis import TieFacts, analyse
from kwartier.network.demo_data import RESIDENTS
from kwartier.network.models import ERASED_LABEL, Tie
from kwartier.support.models import HelpRequest

pytestmark = pytest.mark.django_db
DEMO_SETTINGS = {
    "KWARTIER_DEMO_PASSWORD": "demo",
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@pytest.fixture(autouse=True)
def demo_settings(settings):
    for name, value in DEMO_SETTINGS.items():
        setattr(settings, name, value)


@pytest.fixture(scope="class")
def built(django_db_setup, django_db_blocker):
    """One demo for a class of read-only tests, rolled back when the class is done."""
    with django_db_blocker.unblock(), override_settings(**DEMO_SETTINGS), transaction.atomic():
        yield build_demo()
        transaction.set_rollback(True)


def ecograms() -> dict[int, list[Tie]]:
    found = defaultdict(list)
    for tie in Tie.objects.select_related("person__household", "contact_person__household"):
        found[tie.person_id].append(tie)
    return found


def indicators(ties):
    return analyse(
        TieFacts(t.group, t.strength, t.direction, t.functions, t.frequency) for t in ties
    )


def snapshot():
    """The demo's ties without database keys: same seed, same ecogrammen."""
    return sorted(
        (
            tie.person.public_id,
            tie.contact_person.public_id if tie.contact_person_id else "",
            tie.contact_organisation.name if tie.contact_organisation_id else "",
            tie.contact_label,
            tie.group,
            tie.strength,
            tie.direction,
            tie.functions,
            tie.frequency,
            tie.note,
        )
        for tie in Tie.objects.filter(person__organisation__name=MAIN_ORGANISATION).select_related(
            "person", "contact_person", "contact_organisation"
        )
    )


class TestDemoEcograms:
    def test_a_realistic_share_with_the_hulpvraag_residents_first(self, built):
        drawn = ecograms()
        assert 60 <= len(drawn) <= 120
        asked = set(HelpRequest.objects.values_list("person_id", flat=True))
        assert len(asked) >= 60
        if len(asked) <= RESIDENTS:
            assert asked <= set(drawn)
        else:
            assert set(drawn) <= asked

    def test_sizes_isolated_residents_and_their_flags(self, built):
        sizes = {person: len(ties) for person, ties in ecograms().items()}
        assert max(sizes.values()) <= 14
        isolated = [p for p, size in sizes.items() if size <= 2]
        assert 0.08 * len(sizes) <= len(isolated) <= 0.25 * len(sizes)
        assert min(sizes.values()) >= 1
        flags = [indicators(ecograms()[person]).flag_codes for person in isolated]
        assert all("klein_netwerk" in codes for codes in flags)
        assert any("alleen_professionals" in codes for codes in flags)
        assert any(size >= 10 for size in sizes.values())

    def test_every_code_occurs(self, built):
        ties = list(Tie.objects.all())
        assert {t.group for t in ties} == set(codes.GROUPS)
        assert {t.strength for t in ties} == set(codes.STRENGTHS)
        assert {t.direction for t in ties} == set(codes.DIRECTIONS)
        assert {t.frequency for t in ties} == set(codes.FREQUENCIES)
        assert set("".join(t.functions for t in ties)) == set(codes.FUNCTIONS)
        assert {t.kind for t in ties} == set(Tie.Kind.values)
        # The mix is plausible: most ties are not burdening, a few notes are written.
        strengths = Counter(t.strength for t in ties)
        assert strengths[codes.BURDENING] < strengths[codes.STRONG]
        assert 0 < sum(bool(t.note) for t in ties) < len(ties) / 4

    def test_some_residents_have_a_burdening_tie(self, built):
        burdened = {t.person_id for t in Tie.objects.filter(strength=codes.BURDENING)}
        assert len(burdened) >= 15
        flagged = [
            person
            for person, ties in ecograms().items()
            if "belasting_overheerst" in indicators(ties).flag_codes
        ]
        assert flagged

    def test_registered_contacts_are_housemates_or_buurt_residents(self, built):
        for tie in Tie.objects.filter(contact_person__isnull=False).select_related(
            "person__household", "contact_person__household"
        ):
            mine, theirs = tie.person.household, tie.contact_person.household
            assert tie.contact_person_id != tie.person_id
            if mine == theirs:
                assert tie.group == "G"
            else:
                assert (tie.group, theirs.buurt_id) == ("B", mine.buurt_id)
        gp_ties = Tie.objects.filter(contact_organisation__kind="huisartsenpraktijk")
        assert gp_ties.exists() and set(gp_ties.values_list("group", flat=True)) == {"Z"}
        clubs = Tie.objects.filter(contact_organisation__kind="vereniging")
        assert clubs.exists() and set(clubs.values_list("group", flat=True)) == {"C"}

    def test_ties_pass_model_validation(self, built):
        for tie in Tie.objects.all():
            tie.full_clean()
            assert not tie.contact_problems()

    def test_every_tie_starts_its_history_and_some_changed(self, built):
        assert Tie.history.filter(history_type="+").count() == Tie.objects.count()
        changed = Tie.history.filter(history_type="~")
        assert changed.exists()
        for version in changed:
            assert version.strength == codes.BURDENING
            assert version.prev_record.strength == codes.NEUTRAL


def test_same_seed_same_ecograms_and_reset_leaves_no_old_ties_or_history():
    build_demo()
    before = snapshot()
    versions = Tie.history.count()
    welzijn = Organisation.objects.get(name=MAIN_ORGANISATION)
    resident = Tie.objects.order_by("pk").first().person
    # What users did in the demo since: a tie added, a tie changed, one deleted.
    added = Tie.objects.create(
        person=resident,
        contact_label="nieuwe buurvrouw",
        group="B",
        strength="neutraal",
        direction="wederzijds",
        frequency="wekelijks",
    )
    added.frequency = "dagelijks"
    added.save()
    Tie.objects.exclude(pk=added.pk).filter(person=resident).first().delete()
    # Outside the demo: a resident of another organisation names demo contacts.
    elders = Organisation.objects.create(name="Elders", kind="welzijn")
    outsider = Person.objects.create(organisation=elders, given_name="Buiten", family_name="Demo")
    kept = [
        Tie.objects.create(person=outsider, group="V", **contact, **FIELDS)
        for contact in ({"contact_person": resident}, {"contact_organisation": welzijn})
    ]
    old_ids = set(Tie.objects.exclude(person=outsider).values_list("pk", flat=True))

    out = io.StringIO()
    call_command("demo", "--reset", stdout=out)

    assert snapshot() == before
    assert Tie.history.count() == versions + len(kept)
    current = set(Tie.objects.values_list("pk", flat=True))
    assert set(Tie.history.values_list("id", flat=True)) == current
    assert not Tie.history.filter(id__in=old_ids - current).exists()
    # The outsider's ecogram keeps its ties, with the demo contacts as labels.
    contacts = sorted(
        Tie.objects.filter(person=outsider).values_list(
            "contact_person", "contact_organisation", "contact_label"
        )
    )
    assert contacts == [(None, None, ERASED_LABEL), (None, None, "Welzijn Kwartiersveen")]
    assert not Tie.history.filter(person_id=outsider.pk, contact_person__isnull=False).exists()


FIELDS = {"strength": "sterk", "direction": "wederzijds", "frequency": "maandelijks"}
