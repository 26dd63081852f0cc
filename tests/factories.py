"""factory-boy factories for the core domain.

Areas come as a valid CBS chain: a buurt lies in a wijk that lies in a gemeente, and
the codes follow the CBS pattern (GM0363 → WK036301 → BU03630101). Every area is
checked with `full_clean()` before it is saved, so a factory cannot produce an area
the application itself would refuse.
"""

import datetime

import factory
from factory.django import DjangoModelFactory, Password

from kwartier.core.models import Activity, Area, Household, Organisation, Person, User

PASSWORD = "Kwartier-test-wachtwoord-7"


class ValidatedFactory(DjangoModelFactory):
    """Saves through `full_clean()`, so the model's own rules hold for test data."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        manager = cls._get_manager(model_class)
        obj = model_class(*args, **kwargs)
        obj.full_clean()
        obj.save(force_insert=True, using=manager.db)
        return obj


class GemeenteFactory(ValidatedFactory):
    class Meta:
        model = Area

    level = Area.Level.GEMEENTE
    code = factory.Sequence(lambda n: f"GM{9000 + n % 999:04d}")  # never GM9999 (fixtures)
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    parent = None


# Generated wijk and buurt numbers run from 10 to 99: the fixed areas of the fixtures use 01
# and 02, and a generated code must never meet them, whatever number of areas came before.


class WijkFactory(ValidatedFactory):
    class Meta:
        model = Area

    level = Area.Level.WIJK
    parent = factory.SubFactory(GemeenteFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"WK{o.parent.code[2:]}{10 + n % 90:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class BuurtFactory(ValidatedFactory):
    class Meta:
        model = Area

    level = Area.Level.BUURT
    parent = factory.SubFactory(WijkFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"BU{o.parent.code[2:]}{10 + n % 90:02d}")
    name = factory.Sequence(lambda n: f"Buurt {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Welzijn Testorganisatie {n}")
    kind = Organisation.Kind.WELZIJN
    description = "Welzijnswerk in de wijk."
    email = factory.Sequence(lambda n: f"info{n}@welzijn.example")

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class HousingAssociationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Woonstichting {n}")
    kind = Organisation.Kind.WONINGCORPORATIE
    description = "Sociale huurwoningen."


class MunicipalityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    kind = Organisation.Kind.GEMEENTE
    description = "Opdrachtgever van het sociaal domein."


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Koffieochtend {n}")
    kind = Activity.Kind.ACTIVITEIT
    description = "Samen koffie drinken en bijpraten."
    target_group = "buurtbewoners"
    buurt = None
    location = "Buurthuis De Kern"
    schedule = "dinsdag 10:00-12:00"
    cost = 0
    gastvrij = False
    active = True


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    organisation = factory.SubFactory(OrganisationFactory)
    street = "Lindelaan"
    house_number = factory.Sequence(lambda n: n + 1)
    house_number_suffix = ""
    postcode = factory.Sequence(lambda n: f"{1000 + n % 9000:04d} AB")
    city = "Testveen"
    buurt = factory.SubFactory(BuurtFactory)


class PersonFactory(DjangoModelFactory):
    """A resident with an address of the same organisation; `household=None` for none."""

    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Faker("first_name", locale="nl_NL")
    infix = ""
    family_name = factory.Sequence(lambda n: f"Testbewoner{n:04d}")
    birth_date = datetime.date(1960, 5, 17)
    phone = "06-12345678"
    email = ""
    household = factory.SubFactory(
        HouseholdFactory, organisation=factory.SelfAttribute("..organisation")
    )


WORKER_FIRST_NAMES = ("Sanne", "Daan", "Fleur", "Joost", "Lotte", "Milan", "Iris", "Ruben")
WORKER_LAST_NAMES = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    # Fixed names, none a resident's name of the test world, so that "this resident's
    # name is not on the page" never trips over a worker's name.
    first_name = factory.Iterator(WORKER_FIRST_NAMES)
    last_name = factory.Iterator(WORKER_LAST_NAMES)
    email = factory.LazyAttribute(lambda o: f"{o.username}@kwartier.example")
    password = Password(PASSWORD)
    role = "wijkwerker"
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)
