"""The health endpoints: /health/live without the database, /health/ready with it."""

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

OK = {"status": "ok"}


@pytest.mark.django_db
def test_live_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health-live"))
    assert response.status_code == 200
    assert response.json() == OK
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_the_database_answers_and_is_migrated(client):
    response = client.get(reverse("health-ready"))
    assert response.status_code == 200
    assert response.json() == OK


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_not_applied(client):
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    app, name = sorted(executor.loader.graph.leaf_nodes())[0]
    MigrationRecorder.Migration.objects.filter(app=app, name=name).delete()  # rolled back

    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "migrations"}


@pytest.mark.django_db
def test_not_ready_when_the_database_fails(client, monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "db.internal" failed')

    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "cursor", refuse)
    response = client.get(reverse("health-ready"))
    assert response.status_code == 503
    # The reason, not the driver's message: no host names or users in a public answer.
    assert response.json() == {"status": "unavailable", "reason": "database"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["health-live", "health-ready"])
def test_a_user_who_owes_the_second_step_is_not_sent_to_it(name):
    client = Client()
    client.force_login(UserFactory(username="sanne", role="wijkwerker"))
    assert client.get(reverse("home")).status_code == 302  # the gate is on for pages
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.json() == OK


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["health-live", "health-ready"])
def test_only_reads_are_answered(client, name):
    assert client.post(reverse(name)).status_code == 405
    assert client.head(reverse(name)).status_code == 200
