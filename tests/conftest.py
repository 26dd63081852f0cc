"""Shared fixtures: one persona per role, an outsider, and a small world of residents.

The world, seen from the personas' welfare organisation:

    gemeente ─ wijk (the wijkwerker's) ─ buurt ........ in_area, other_org_person
             │                         └ buurt_2 ...... in_area_2
             └ other_wijk ─────────── other_buurt ..... out_of_area
    (no address) .............................................. no_address

`other_org_person` lives in the wijkwerker's own buurt but was registered by another
organisation, so only the organisation decides that the wijkwerker cannot see it.
`in_area` has consented to sharing contact details with the partner's housing
association (`world.consent`), so the partner sees that one resident and no other.
"""

import functools
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.db.models.signals import post_migrate
from django.test import Client
from django.test.utils import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import (
    ActivityFactory,
    BuurtFactory,
    GemeenteFactory,
    HouseholdFactory,
    HousingAssociationFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    WijkFactory,
)

ROLES = ["beheerder", "coordinator", "wijkwerker", "vrijwilliger", "partner", "gemeente"]
# Every kind of visitor the permission tests walk: the roles, an outsider, nobody.
VISITORS = [*ROLES, "other_org_worker", "anonymous"]


# Reference data the app looks up by code (purposes, data categories, support categories)
# is seeded by migrations, in RunPython functions named `seed`. A transactional test (the
# browser tests) ends with a flush that empties every table; Django then sends post_migrate,
# on which those seeds run again, so a test that runs after it (in any order, also under
# pytest-xdist) finds the same database as the first. A new seeding migration joins by name.
@functools.cache
def _seeds() -> tuple:
    migrations = MigrationLoader(None).disk_migrations
    return tuple(
        operation.code
        for _, migration in sorted(migrations.items())
        for operation in migration.operations
        if isinstance(operation, RunPython) and operation.code.__name__ == "seed"
    )


def _seed_reference_data(sender, **kwargs):
    if sender.label == "core":  # post_migrate comes once per app: seed once
        for seed in _seeds():
            seed(apps, None)


post_migrate.connect(_seed_reference_data, dispatch_uid="tests-seed-reference-data")


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory):
    """A fast password hasher (logins in every test) and Dutch, whatever the environment;
    uploads (signal photos) in a temporary directory instead of var/media."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="nl",
        KWARTIER_DEMO_2FA_EXEMPT=True,
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: keys built from database ids and times could
    otherwise meet a value another test left behind."""
    from django.core.cache import cache

    cache.clear()


# Areas and organisations -------------------------------------------------------------


@pytest.fixture
def areas(db):
    gemeente = GemeenteFactory(code="GM9999", name="Testveen")
    wijk = WijkFactory(parent=gemeente, code="WK999901", name="Centrum")
    other_wijk = WijkFactory(parent=gemeente, code="WK999902", name="Noord")
    return SimpleNamespace(
        gemeente=gemeente,
        wijk=wijk,
        buurt=BuurtFactory(parent=wijk, code="BU99990101", name="Oude Haven"),
        buurt_2=BuurtFactory(parent=wijk, code="BU99990102", name="Lindehof"),
        other_wijk=other_wijk,
        other_buurt=BuurtFactory(parent=other_wijk, code="BU99990201", name="Kanaalzijde"),
    )


@pytest.fixture
def welfare_org(areas):
    return OrganisationFactory(name="Welzijn Testveen", areas=[areas.gemeente])


@pytest.fixture
def other_welfare_org(areas):
    return OrganisationFactory(name="Buurtwerk Anders", areas=[areas.wijk])


@pytest.fixture
def housing_org(areas):
    return HousingAssociationFactory(name="Woonstichting De Hoeve", areas=[areas.gemeente])


@pytest.fixture
def municipality_org(areas):
    return MunicipalityFactory(name="Gemeente Testveen", areas=[areas.gemeente])


# Personas ----------------------------------------------------------------------------


@pytest.fixture
def beheerder(welfare_org):
    return UserFactory(username="beheerder", role="beheerder", organisation=welfare_org)


@pytest.fixture
def coordinator(welfare_org):
    return UserFactory(username="coordinator", role="coordinator", organisation=welfare_org)


@pytest.fixture
def wijkwerker(welfare_org, areas):
    return UserFactory(
        username="wijkwerker", role="wijkwerker", organisation=welfare_org, areas=[areas.wijk]
    )


@pytest.fixture
def vrijwilliger(welfare_org, areas):
    return UserFactory(
        username="vrijwilliger", role="vrijwilliger", organisation=welfare_org, areas=[areas.buurt]
    )


@pytest.fixture
def partner(housing_org):
    return UserFactory(username="partner", role="partner", organisation=housing_org)


@pytest.fixture
def gemeente(municipality_org):
    return UserFactory(username="gemeente", role="gemeente", organisation=municipality_org)


@pytest.fixture
def other_org_worker(other_welfare_org, areas):
    """A wijkwerker of another organisation, working in the same wijk."""
    return UserFactory(
        username="anderewerker",
        role="wijkwerker",
        organisation=other_welfare_org,
        areas=[areas.wijk],
    )


@pytest.fixture
def personas(beheerder, coordinator, wijkwerker, vrijwilliger, partner, gemeente, other_org_worker):
    """Visitor name → user (None for anonymous), in the order of VISITORS."""
    users = {
        "beheerder": beheerder,
        "coordinator": coordinator,
        "wijkwerker": wijkwerker,
        "vrijwilliger": vrijwilliger,
        "partner": partner,
        "gemeente": gemeente,
        "other_org_worker": other_org_worker,
        "anonymous": None,
    }
    return {name: users[name] for name in VISITORS}


# The world ---------------------------------------------------------------------------


@pytest.fixture
def world(areas, welfare_org, other_welfare_org, housing_org, personas):
    def resident(organisation, given, family, buurt):
        household = HouseholdFactory(organisation=organisation, buurt=buurt) if buurt else None
        return PersonFactory(
            organisation=organisation, given_name=given, family_name=family, household=household
        )

    in_area = resident(welfare_org, "Anna", "Binnenwijk", areas.buurt)
    in_area_2 = resident(welfare_org, "Bram", "Lindehoven", areas.buurt_2)
    out_of_area = resident(welfare_org, "Otto", "Buitenwijk", areas.other_buurt)
    no_address = resident(welfare_org, "Nora", "Zonderadres", None)
    other_org_person = resident(other_welfare_org, "Pieter", "Andereorg", areas.buurt)
    return SimpleNamespace(
        consent=consent_for(in_area, housing_org, personas["coordinator"]),
        areas=areas,
        welfare_org=welfare_org,
        other_welfare_org=other_welfare_org,
        housing_org=housing_org,
        users=personas,
        in_area=in_area,
        in_area_2=in_area_2,
        out_of_area=out_of_area,
        no_address=no_address,
        other_org_person=other_org_person,
        welfare_activity=ActivityFactory(
            organisation=welfare_org, title="Koffie in de Kern", buurt=areas.buurt, gastvrij=True
        ),
        partner_activity=ActivityFactory(
            organisation=housing_org, title="Huurdersspreekuur", kind="spreekuur"
        ),
        stopped_activity=ActivityFactory(
            organisation=welfare_org, title="Oude breiclub", active=False
        ),
    )


def consent_for(person, organisation, recorded_by, categories=("contact",)):
    """A consent in force: `person` shares `categories` with `organisation`."""
    from kwartier.privacy.models import Consent, DataCategory, Purpose

    purpose = Purpose.objects.get_or_create(
        code="doorverwijzing", defaults={"name": "Doorverwijzing"}
    )[0]
    consent = Consent.objects.create(
        person=person,
        organisation=organisation,
        purpose=purpose,
        obtained=Consent.Obtained.MONDELING,
        recorded_by=recorded_by,
    )
    consent.categories.set(
        DataCategory.objects.get_or_create(code=code, defaults={"name": code})[0]
        for code in categories
    )
    return consent


# Clients -----------------------------------------------------------------------------


def sign_in(client, user):
    """Log `user` in on `client`, second step included where the user owes one.

    The personas named after the demo accounts are exempt in the test settings; anyone
    else who must use an authenticator app gets a confirmed one and a session that has
    passed the code check, as after a real login with both steps.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kwartier.accounts.policy import two_factor_required

    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


class _SharedHandlers:
    """One request handler per kind for all test clients, rebuilt when MIDDLEWARE changes.

    Every new client otherwise builds its own middleware chain, and WhiteNoise then
    indexes every static file again (tens of milliseconds, per client).
    """

    def __init__(self):
        self.handlers = {}

    def __getitem__(self, kind):
        from django.conf import settings
        from django.test.client import ClientHandler
        from rest_framework.test import ForceAuthClientHandler

        key = (kind, tuple(settings.MIDDLEWARE))
        if key not in self.handlers:
            handler_class = ForceAuthClientHandler if kind == "api" else ClientHandler
            self.handlers[key] = handler_class(enforce_csrf_checks=False)
        return self.handlers[key]


@pytest.fixture(scope="session")
def _shared_handlers():
    return _SharedHandlers()


@pytest.fixture
def client_for(_shared_handlers):
    """client_for(user) → a web client logged in as that user (None: anonymous)."""

    def make(user):
        client = Client()
        client.handler = _shared_handlers["web"]
        if user is not None:
            sign_in(client, user)
        return client

    return make


@pytest.fixture
def api_client_for(_shared_handlers):
    """api_client_for(user, token=False) → an API client with a session or a token."""

    def make(user, token=False):
        client = APIClient()
        client.handler = _shared_handlers["api"]
        if user is None:
            return client
        if token:
            key = Token.objects.get_or_create(user=user)[0].key
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        else:
            sign_in(client, user)
        return client

    return make


# Reading forms in HTML ---------------------------------------------------------------

VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def all_text(self) -> str:
        parts = list(self.text)
        for child in self.children:
            parts.append(child.all_text())
        return " ".join(p.strip() for p in parts if p.strip())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID_ELEMENTS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(_Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text.append(data)


def parse_html(content) -> _Node:
    builder = _TreeBuilder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    return builder.root


@pytest.fixture
def field_block():
    """field_block(html, "id_x") → the form field's block: its errors and text.

    The block is the nearest element with class "field" around the input with that id,
    so an error found here is shown next to the field, not only at the top of the form.
    """

    def find(content, element_id):
        root = parse_html(content)
        element = next((n for n in root.iter() if n.attrs.get("id") == element_id), None)
        assert element is not None, f"no element with id {element_id!r} in the page"
        block = element.parent
        while block is not None and "field" not in block.classes:
            block = block.parent
        assert block is not None, f"{element_id!r} is not inside a .field block"
        errors = [n.all_text() for n in block.iter() if "field__error" in n.classes]
        return SimpleNamespace(
            node=block,
            errors=errors,
            invalid="field--invalid" in block.classes,
            text=block.all_text(),
            input=element,
        )

    return find


# The append-only access log ----------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Lift the access log's database triggers in the test database.

    Tests on a live server empty every table between tests, which the triggers would
    refuse. tests/privacy/test_access_log.py installs them again inside a test to check
    that they hold.
    """
    from django.db import connection

    from kwartier.privacy import log_guard

    with django_db_blocker.unblock():
        log_guard.remove(connection)


# Schemathesis runs (tests/schemathesis_run.py) -------------------------------------------


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, sharing the test's database connection.

    Django closes "old" connections when a request starts; inside the test's transaction
    that would end the transaction, so (like Django's test client) the run disconnects it.
    """
    request_started.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
