"""`kwartier open311 key NAME`: a new key, printed once, stored only as its hash."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kwartier.signals.models import ApiKey
from kwartier.signals.open311 import keys

pytestmark = pytest.mark.django_db


def make(*args):
    out, err = StringIO(), StringIO()
    call_command("open311", "key", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_a_key_is_printed_once_and_stored_hashed(world):
    key, message = make("Buitenbeter", "--organisation", str(world.welfare_org.pk))
    record = ApiKey.objects.get(name="Buitenbeter")
    assert len(key) >= 40 and record.prefix == key[:8]
    assert record.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in record.key_hash and record.organisation == world.welfare_org
    assert "alleen een hash" in message and key not in message
    assert keys.active(key) == record
    # A second key for another app is another key.
    assert make("Verbeterdebuurt")[0] != key


def test_revoked_and_unknown_keys_are_not_active(db):
    record, key = keys.create("App")
    assert keys.active(key) == record
    assert keys.active(key + "x") is None and keys.active("") is None
    assert keys.active("k" * 1000) is None
    ApiKey.objects.filter(pk=record.pk).update(revoked_at="2026-01-01T00:00:00Z")
    assert keys.active(key) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Dubbel"], "al een sleutel"),
        (["Nieuw", "--organisation", "999999"], "bestaat niet"),
        (["x" * 81], "1 tot 80 tekens"),
    ],
)
def test_refusals(db, args, message):
    keys.create("Dubbel")
    with pytest.raises(CommandError, match=message):
        make(*args)
    assert ApiKey.objects.count() == 1
