"""The second login step (set up an authenticator app, verify its code) and the lockout page."""

import math
import re
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from kwartier.accounts.forms import CodeForm
from kwartier.accounts.policy import confirmed_device, two_factor_required

WRONG_CODE = (
    "Deze code klopt niet. Vul de nieuwste code uit de app in en controleer of de tijd "
    "op uw telefoon goed staat."
)
QR_SIZE = 220  # CSS pixels: 41 modules of about 5 pixels, easy to scan from a screen


def safe_next(request) -> str:
    """The page to return to after the second step, if it is one of ours; else ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def with_next(request, name: str) -> str:
    url = reverse(name)
    target = safe_next(request)
    return f"{url}?{urlencode({'next': target})}" if target else url


def continue_to(request):
    return redirect(safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL))


def throttle_message(device) -> str | None:
    """Why no code may be tried now (repeated wrong codes), or None."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    if data and data.get("reason") == VerifyNotAllowed.N_FAILED_ATTEMPTS:
        wait = (data["locked_until"] - timezone.now()).total_seconds()
        seconds = max(1, math.ceil(wait))
        return (
            f"Te veel onjuiste codes achter elkaar. Wacht {seconds} seconden en "
            "probeer het dan opnieuw."
        )
    return "U kunt nu geen code invullen. Probeer het later opnieuw."


def check_code(form, device):
    """The device, freshly read, if the form holds a valid code for it; else None.

    A wrong code counts towards django-otp's throttle (1, 2, 4, 8... seconds between
    tries) and a used code is never accepted twice.
    """
    if not form.is_valid():
        return None
    refusal = throttle_message(device)
    if refusal:
        form.add_error("code", refusal)
        return None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.verify_token(form.cleaned_data["code"]):
            return device
    form.add_error("code", WRONG_CODE)
    return None


def complete_second_step(request, device):
    """Mark the session as verified with this device; new session key and CSRF token."""
    django_otp.login(request, device)
    request.session.cycle_key()
    rotate_token(request)


def qr_svg(data: str) -> str:
    """`data` as a QR code in inline SVG, made here: the secret never leaves the server."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=4)
    svg = image.to_string(encoding="unicode")
    opening, rest = svg.split(">", 1)
    opening = re.sub(r'\s(?:width|height)="[^"]*"', "", opening)
    opening += (
        f' width="{QR_SIZE}" height="{QR_SIZE}" role="img"'
        ' aria-label="QR-code om Kwartier aan uw authenticator-app toe te voegen"'
    )
    # Only numbers and fixed markup: the username is inside the QR code, not the text.
    return mark_safe(f"{opening}>{rest}")


def grouped_secret(device) -> str:
    """The key as the apps ask for it (base32), in groups of four for typing it over."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@login_required
def verify(request):
    user = request.user
    device = confirmed_device(user)
    if device is None:
        return redirect(with_next(request, "accounts:setup"))
    if user.is_verified():
        return continue_to(request)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (device := check_code(form, device)):
        complete_second_step(request, device)
        return continue_to(request)
    return render(request, "accounts/verify.html", {"form": form, "next": safe_next(request)})


@never_cache
@sensitive_post_parameters("code")
@login_required
def setup(request):
    user = request.user
    if confirmed_device(user) is not None:
        if not user.is_verified():
            # Never a second app on a password alone: verify with the first one.
            return redirect(with_next(request, "accounts:verify"))
        messages.info(
            request,
            "Tweestapsverificatie staat al aan. Nieuwe telefoon? Vraag een beheerder om "
            "uw tweestapsverificatie opnieuw in te stellen.",
        )
        return continue_to(request)
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (confirmed := check_code(form, device)):
        confirmed.confirmed = True
        confirmed.save(update_fields=["confirmed"])
        complete_second_step(request, confirmed)
        messages.success(
            request,
            "Tweestapsverificatie staat aan. Voortaan vraagt Kwartier na uw wachtwoord om "
            "een code uit de app.",
        )
        return continue_to(request)
    context = {
        "form": form,
        "next": safe_next(request),
        "qr_code": qr_svg(device.config_url),
        "secret": grouped_secret(device),
        "required": two_factor_required(user),
    }
    return render(request, "accounts/setup.html", context)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer after too many wrong passwords (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "accounts/lockout.html", context, status=429)
