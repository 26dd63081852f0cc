"""Rate limit on guessing vote codes and receipts: failed tries per client address.

Only failures count, so a resident who types their code right is never held up, and the
count lives in the database, so it holds across server processes. The address is kept
only as a keyed hash.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from .models import FailedTry

WINDOW = datetime.timedelta(minutes=15)
LIMIT = 10  # failed tries per client address and window
TOO_MANY = "U heeft te vaak een onjuiste code ingevuld. Probeer het over een kwartier opnieuw."


def client_key(request, purpose: str) -> str:
    address = request.META.get("REMOTE_ADDR", "") or ""
    message = f"{purpose}:{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def blocked(key: str) -> bool:
    since = timezone.now() - WINDOW
    return FailedTry.objects.filter(key=key, at__gte=since).count() >= LIMIT


def record_failure(key: str) -> None:
    now = timezone.now()
    FailedTry.objects.filter(at__lt=now - WINDOW).delete()  # old tries no longer count
    FailedTry.objects.create(key=key, at=now)
