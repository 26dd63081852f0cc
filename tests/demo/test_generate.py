"""The demo municipality: size, completeness, accounts, idempotency and determinism."""

import io
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from kwartier.core.ages import age_on
from kwartier.core.models import (
    POSTCODE_VALIDATOR,
    Activity,
    Area,
    Household,
    Organisation,
    Person,
    Role,
    User,
)
from kwartier.demo.generate import (
    ACCOUNTS,
    DEFAULT_SEED,
    GEMEENTE_CODE,
    REFERENCE_DATE,
    DemoError,
    build_demo,
)

pytestmark = pytest.mark.django_db
# The tests log in with the default password, whatever the environment says.
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


def snapshot():
    """What two builds with the same seed must agree on (not database keys)."""
    persons = list(
        Person.objects.order_by("public_id").values_list(
            "public_id",
            "given_name",
            "infix",
            "family_name",
            "birth_date",
            "birth_year",
            "phone",
            "email",
            "household__street",
            "household__house_number",
            "household__house_number_suffix",
            "household__postcode",
            "household__buurt__code",
        )
    )
    organisations = list(Organisation.objects.order_by("name").values_list("name", "kind"))
    activities = list(
        Activity.objects.order_by("title").values_list("title", "organisation__name", "gastvrij")
    )
    areas = list(Area.objects.order_by("code").values_list("code", "name", "outline"))
    return persons, organisations, activities, areas


def age_at_reference(person) -> int | None:
    return age_on(REFERENCE_DATE, person.birth_date, person.birth_year)


class TestBuiltDemo:
    """What one build holds."""

    def test_counts_are_in_range(self, built):
        assert built["created"] is True
        assert Area.objects.get(code=GEMEENTE_CODE).level == Area.Level.GEMEENTE
        assert Area.objects.filter(level=Area.Level.WIJK).count() == 3
        assert Area.objects.filter(level=Area.Level.BUURT).count() == 9
        assert 750 <= Household.objects.count() <= 850
        assert 1350 <= Person.objects.count() <= 1700
        assert Organisation.objects.count() == 25
        assert Activity.objects.count() == 40
        assert 10 <= Activity.objects.filter(gastvrij=True).count() <= 17
        assert built["households"] == Household.objects.count()
        assert built["persons"] == Person.objects.count()
        assert built["organisations"] == 25 and built["activities"] == 40

    def test_area_tree_codes_and_outlines(self, built):
        gemeente = Area.objects.get(code=GEMEENTE_CODE)
        for wijk in gemeente.children.all():
            assert wijk.code.startswith("WK9999")
            assert wijk.children.count() == 3
            for buurt in wijk.children.all():
                assert buurt.code.startswith(wijk.code.replace("WK", "BU"))
                assert buurt.level == Area.Level.BUURT
        for area in Area.objects.all():
            area.full_clean()
            assert area.outline["type"] == "Polygon"
            ring = area.outline["coordinates"][0]
            assert len(ring) == 5 and ring[0] == ring[-1]

    def test_every_organisation_kind_present(self, built):
        kinds = set(Organisation.objects.values_list("kind", flat=True))
        assert kinds == set(Organisation.Kind.values)
        assert Organisation.objects.filter(kind=Organisation.Kind.HUISARTSENPRAKTIJK).count() >= 2
        assert Organisation.objects.filter(kind=Organisation.Kind.VERENIGING).count() >= 5
        for organisation in Organisation.objects.all():
            assert organisation.areas.exists(), organisation
            assert organisation.email and organisation.phone and organisation.address

    def test_every_activity_kind_present(self, built):
        assert set(Activity.objects.values_list("kind", flat=True)) == set(Activity.Kind.values)
        for activity in Activity.objects.all():
            assert activity.target_group and activity.location and activity.schedule
            assert activity.contact

    def test_all_demo_accounts_log_in_with_their_role(self, built):
        # One account named after each role, and a GP practice that refers residents.
        assert {a.username for a in ACCOUNTS} == set(Role.values) | {"huisarts"}
        for account in ACCOUNTS:
            user = User.objects.get(username=account.username)
            assert user.role == account.role
            assert user.first_name and user.last_name
            assert authenticate(username=account.username, password="demo") == user
        assert User.objects.get(username="huisarts").role == "partner"
        assert User.objects.get(username="huisarts").organisation.kind == "huisartsenpraktijk"
        welzijn = Organisation.objects.get(kind=Organisation.Kind.WELZIJN)
        for username in ("beheerder", "coordinator", "wijkwerker", "vrijwilliger"):
            assert User.objects.get(username=username).organisation == welzijn
        assert User.objects.get(username="partner").organisation.kind == "woningcorporatie"
        assert User.objects.get(username="gemeente").organisation.kind == "gemeente"
        beheerder = User.objects.get(username="beheerder")
        assert beheerder.is_staff and beheerder.is_superuser
        assert not User.objects.exclude(username="beheerder").filter(is_staff=True).exists()
        wijkwerker = User.objects.get(username="wijkwerker")
        assert [a.level for a in wijkwerker.areas.all()] == [Area.Level.WIJK]
        # The wijkwerker sees the residents of one wijk, the coordinator all of them.
        assert 0 < Person.objects.visible_to(wijkwerker).count() < Person.objects.count()
        coordinator = User.objects.get(username="coordinator")
        assert Person.objects.visible_to(coordinator).count() == Person.objects.count()

    def test_residents_belong_to_the_welfare_organisation(self, built):
        welzijn = Organisation.objects.get(kind=Organisation.Kind.WELZIJN)
        assert not Person.objects.exclude(organisation=welzijn).exists()
        assert not Household.objects.exclude(organisation=welzijn).exists()
        assert not Person.objects.filter(household__isnull=True).exists()

    def test_every_household_in_a_buurt_with_a_valid_postcode(self, built):
        assert not Household.objects.exclude(buurt__level=Area.Level.BUURT).exists()
        addresses = set()
        for household in Household.objects.all():
            POSTCODE_VALIDATOR(household.postcode)
            assert 9991 <= int(household.postcode[:4]) <= 9999
            assert household.postcode[4] == " "
            address = (household.postcode, household.house_number, household.house_number_suffix)
            assert address not in addresses
            addresses.add(address)
        assert not Household.objects.filter(members__isnull=True).exists()

    def test_records_pass_model_validation(self, built):
        foreign_keys = ["organisation", "household", "buurt"]  # checked by the database
        for model in (Organisation, Activity, Household, Person):
            for obj in model.objects.all():
                obj.full_clean(exclude=foreign_keys, validate_unique=False)

    def test_ages_are_plausible(self, built):
        # Ages are checked on the demo's fixed reference date, so this test does not
        # start failing when the oldest residents grow older year by year.
        today = date.today()
        ages = []
        for person in Person.objects.all():
            if person.birth_date:
                assert person.birth_date < REFERENCE_DATE <= today
            if person.birth_year:
                assert person.birth_date is None
                assert person.birth_year < REFERENCE_DATE.year
            age = age_at_reference(person)
            if age is not None:
                assert 0 <= age <= 105
                ages.append(age)
        assert Person.objects.filter(birth_date__isnull=True, birth_year__isnull=False).exists()
        children = sum(a < 18 for a in ages) / len(ages)
        older = sum(a >= 65 for a in ages) / len(ages)
        assert 0.12 <= children <= 0.28
        assert 0.12 <= older <= 0.28

    def test_household_compositions_are_mixed(self, built):
        households = [list(h.members.all()) for h in Household.objects.prefetch_related("members")]
        sizes = [len(members) for members in households]
        assert 0.3 <= sizes.count(1) / len(sizes) <= 0.55
        assert sizes.count(2) > 100
        assert sum(s >= 4 for s in sizes) > 50
        older_singles = sum(
            1
            for members in households
            if len(members) == 1 and (age_at_reference(members[0]) or 0) >= 65
        )
        assert older_singles > 80
        # Children live with an adult (or someone whose birth date was not registered),
        # and no two children in a household share a given name.
        for members in households:
            ages = [age_at_reference(m) for m in members]
            if any(a is not None and a < 18 for a in ages):
                assert any(a is None or a >= 18 for a in ages)
            children = [m.given_name for m, a in zip(members, ages, strict=True) if a and a < 18]
            assert len(set(children)) == len(children)

    def test_names_and_contact_details_are_fictional(self, built):
        assert Person.objects.filter(infix__in=["de", "van", "van der", "van den"]).count() > 50
        family_names = set(Person.objects.values_list("family_name", flat=True))
        assert {"Yılmaz", "Nowak", "Ramdin"} & family_names
        assert Person.objects.filter(phone="").exists()
        for phone in Person.objects.exclude(phone="").values_list("phone", flat=True):
            assert phone.startswith("06-12345") and len(phone) == 11
        emails = list(Person.objects.exclude(email="").values_list("email", flat=True))
        assert 0 < len(emails) < Person.objects.count() / 2
        assert all(e.endswith("@voorbeeld.example") for e in emails)
        assert len(set(emails)) == len(emails)
        assert all(p.startswith("K-") for p in Person.objects.values_list("public_id", flat=True))

    def test_records_start_their_change_history(self, built):
        assert Person.history.filter(history_type="+").count() == Person.objects.count()
        assert Household.history.filter(history_type="+").count() == Household.objects.count()


def test_running_twice_adds_nothing_and_resets_passwords():
    first = build_demo()
    before = snapshot()
    user = User.objects.get(username="wijkwerker")
    user.set_password("iets anders")
    user.is_active = False
    user.save()
    User.objects.get(username="partner").delete()

    again = build_demo()

    assert again["created"] is False
    for key in ("households", "persons", "organisations", "activities", "gastvrij"):
        assert again[key] == first[key]
    assert snapshot() == before
    assert authenticate(username="wijkwerker", password="demo") is not None
    assert User.objects.get(username="partner").organisation.kind == "woningcorporatie"


def test_same_seed_same_demo_and_reset_rebuilds():
    build_demo()
    before = snapshot()
    rebuilt = build_demo(reset=True)
    assert rebuilt["created"] is True
    assert snapshot() == before
    assert User.objects.count() == len(ACCOUNTS)
    # The removed demo left no history of its fictional residents behind.
    assert Person.history.count() == Person.objects.count()
    assert Household.history.count() == Household.objects.count()


def test_other_seed_other_residents():
    build_demo()
    first = snapshot()[0]
    build_demo(seed=DEFAULT_SEED + 1, reset=True)
    other = snapshot()[0]
    assert {p[0] for p in first}.isdisjoint(p[0] for p in other)
    # The fixed parts stay the same.
    assert Organisation.objects.count() == 25 and Activity.objects.count() == 40


def test_reset_also_removes_what_users_added_to_the_demo():
    build_demo()
    welzijn = Organisation.objects.get(kind=Organisation.Kind.WELZIJN)
    household = Household.objects.first()
    Person.objects.create(organisation=welzijn, given_name="Extra", family_name="Bewoner")
    Person.objects.create(
        organisation=welzijn, given_name="Nog", family_name="Een", household=household
    )
    User.objects.create_user(username="nieuw", organisation=welzijn, role="wijkwerker")
    build_demo(reset=True)
    assert not Person.objects.filter(given_name__in=["Extra", "Nog"]).exists()
    assert not User.objects.filter(username="nieuw").exists()
    assert Area.objects.filter(code=GEMEENTE_CODE).count() == 1


def test_existing_foreign_account_is_not_taken_over():
    User.objects.create_user(username="beheerder", password="geheim")
    with pytest.raises(DemoError):
        build_demo()
    assert not Area.objects.filter(code=GEMEENTE_CODE).exists()
    assert authenticate(username="beheerder", password="geheim") is not None


def test_command_prints_summary_and_accounts():
    out = io.StringIO()
    call_command("demo", "--no-migrate", stdout=out)
    text = out.getvalue()
    assert "Demogemeente Kwartiersveen (GM9999) aangemaakt met seed" in text
    for word in ("Wijken", "Buurten", "Huishoudens", "Bewoners", "Organisaties", "gastvrij"):
        assert word in text
    for account in ACCOUNTS:
        assert account.username in text
    assert "Woonstichting Waardewonen" in text and "Gemeente Kwartiersveen" in text

    out = io.StringIO()
    call_command("demo", "--no-migrate", stdout=out)
    assert "bestond al" in out.getvalue()
    assert User.objects.filter(username="beheerder").count() == 1
