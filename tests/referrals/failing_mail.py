"""An e-mail backend whose server is down, for the tests of a failing mail server."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("de mailserver is onbereikbaar")
