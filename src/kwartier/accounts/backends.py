from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Every login over HTTP (the login page, /beheer/) passes the request and is
    checked and counted per username and IP address. A call without a request has
    no address to lock: Django's test client `login()` and code in `kwartier shell`.
    Axes refuses those with an error; here they pass on to the password check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
