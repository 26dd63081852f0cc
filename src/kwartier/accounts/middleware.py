"""Request gates of the accounts app: the second login step and the Permissions-Policy."""

from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from kwartier.accounts.policy import confirmed_device, two_factor_required
from kwartier.core.api_errors import problem_response
from kwartier.core.health import HEALTH_PREFIX
from kwartier.core.middleware import API_PREFIX

API_REFUSAL = (
    "Tweestapsverificatie vereist. Log in de browser in met de code uit uw "
    "authenticator-app; koppelingen gebruiken een API-token."
)


class TwoFactorMiddleware:
    """Send a logged-in user who still owes the second step to the two-factor pages.

    Runs after AuthenticationMiddleware and django-otp's OTPMiddleware. Only the
    session decides here: a call with an API token carries no session, so DRF
    authenticates it later and this gate never sees a user for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def exempt_prefixes(self) -> tuple[str, ...]:
        return (
            reverse("logout"),
            reverse("accounts:verify"),  # also covers the set-up page below it
            reverse("api-schema"),
            reverse("api-docs"),
            settings.STATIC_URL,
            HEALTH_PREFIX,  # probes of a load balancer
        )

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is None
            or not user.is_authenticated
            or request.path_info.startswith(self.exempt_prefixes)
            or user.is_verified()
            or not two_factor_required(user)
        ):
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            return problem_response(request, 403, "second-factor-required", API_REFUSAL)
        return self.redirect(request, user)

    @staticmethod
    def redirect(request, user):
        name = "accounts:verify" if confirmed_device(user) else "accounts:setup"
        url = reverse(name)
        if request.method in ("GET", "HEAD"):
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # An htmx request would swap the whole two-factor page into a fragment.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


class PermissionsPolicyMiddleware:
    """Switch off browser features Kwartier never uses, for every response."""

    POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "encrypted-media",
            "fullscreen",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "usb",
            "xr-spatial-tracking",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response
