"""The resident portal's reporting at /buurt/melden/, its status pages and the public list.

No account. The four steps (wat, waar, contact, versturen) keep what the resident filled
in in the session (photos as drafts in the media storage, see photos.py); the signal is
made only by "Versturen", through services.report. The receipt shows the number and the
private status link once; only the link's hash is stored.

Spam without a third-party CAPTCHA: a honeypot field (filled in: the resident sees a
receipt, nothing is stored) and at most RATE_LIMIT signals per client address per hour.

Works without JavaScript: every step is a form post checked on the server.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from kwartier.core.errors import RuleError
from kwartier.core.models import Area

from . import feedback, photos, services
from .models import PHOTOS_MAX, Category, Signal, SignalEvent
from .portal_forms import ContactForm, FeedbackForm, ListFilterForm, WhatForm, WhereForm

DRAFT = "signals-report"  # the session key of the steps' data
RECEIPT = "signals-receipt"  # the session key of the receipt, shown once
RATE_LIMIT = 5  # signals per client address
RATE_WINDOW = 60 * 60  # seconds
TOO_MANY = (
    "Vanaf dit adres zijn het afgelopen uur al veel meldingen verstuurd. Probeer het later "
    "opnieuw, of bel het buurtteam."
)
STEPS = ["Wat", "Waar", "Contact", "Versturen"]
PER_PAGE = 50


# The start page's block (registered in apps.py) ------------------------------------


def portal_block(request) -> dict:
    return {"map_url": _public_map_url()}


# The wizard's session data ------------------------------------------------------------


def _draft(request) -> dict:
    return request.session.get(DRAFT, {})


def _save_draft(request, draft: dict) -> None:
    request.session[DRAFT] = draft


def _drop_draft(request) -> None:
    for kept in _draft(request).get("photos", []):
        photos.discard_draft(kept)
    request.session.pop(DRAFT, None)


def _steps(current: int) -> list[tuple[str, bool]]:
    return [(f"{i}. {name}", i == current) for i, name in enumerate(STEPS, start=1)]


# Rate limit per client address (Django's cache) ----------------------------------------


def _rate_key(request) -> str:
    # Only a keyed hash of the address is kept, for an hour.
    address = request.META.get("REMOTE_ADDR", "") or ""
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"signals-portal-rate:{digest.hexdigest()}"


def _rate_exceeded(request) -> bool:
    return cache.get(_rate_key(request), 0) >= RATE_LIMIT


def _count_sent(request) -> None:
    key = _rate_key(request)
    cache.add(key, 0, RATE_WINDOW)  # the window starts with the first signal
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)


# The four steps ----------------------------------------------------------------------


class ReportWhat(View):
    """Step 1: what is wrong (category, description, extra questions, photos)."""

    template_name = "signals/portal/what.html"

    def render_step(self, form, status=200):
        context = {"form": form, "steps": _steps(1), "kept": _draft(self.request).get("photos")}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        what = _draft(request).get("what", {})
        initial = {"category": what.get("category"), "description": what.get("description")}
        for code, value in what.get("attributes", {}).items():
            initial[f"vraag_{code}"] = value
        if what.get("category"):
            initial["questions_for"] = str(what["category"])
        return self.render_step(WhatForm(initial=initial, kept_photos=self._kept(request)))

    def _kept(self, request) -> int:
        return len(_draft(request).get("photos", []))

    def post(self, request):
        draft = _draft(request)
        kept = draft.get("photos", [])
        remove = set(request.POST.getlist("remove_photo"))
        for index, photo in enumerate(list(kept)):
            if str(index) in remove:
                photos.discard_draft(photo)
                kept.remove(photo)
        form = WhatForm(request.POST, request.FILES, kept_photos=len(kept))
        valid = form.is_valid()
        # Photos that passed are kept even when another field needs correcting, so the
        # resident does not have to choose them again.
        for checked in form.cleaned_data.get("photos") or []:
            kept.append(photos.keep_draft(*checked))
        draft["photos"] = kept
        if valid:
            draft["what"] = {
                "category": form.cleaned_data["category"].pk,
                "description": form.cleaned_data["description"],
                "attributes": form.answers(),
            }
            # Filled in by a program: carry on as if nothing happened, store nothing.
            draft["spam"] = draft.get("spam", False) or bool(form.cleaned_data["website"])
        _save_draft(request, draft)
        if not valid:
            return self.render_step(form, status=400)
        return redirect("signals:portal-report-where")


class StepMixin:
    """Steps 2-4 need the steps before them; without, back to step 1."""

    needs: tuple[str, ...] = ("what",)

    def dispatch(self, request, *args, **kwargs):
        draft = _draft(request)
        if any(step not in draft for step in self.needs):
            messages.info(request, "Begin bij stap 1: wat wilt u melden?")
            return redirect("signals:portal-report")
        self.draft = draft
        return super().dispatch(request, *args, **kwargs)


class ReportWhere(StepMixin, View):
    """Step 2: the buurt, and an address or a point if known."""

    template_name = "signals/portal/where.html"

    def render_step(self, form, status=200):
        context = {"form": form, "steps": _steps(2)}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        where = self.draft.get("where", {})
        return self.render_step(WhereForm(initial=where))

    def post(self, request):
        form = WhereForm(request.POST)
        if not form.is_valid():
            return self.render_step(form, status=400)
        data = form.cleaned_data
        self.draft["where"] = {
            "area": data["area"].pk,
            "address": data["address"],
            "latitude": str(data["latitude"]) if data["latitude"] is not None else None,
            "longitude": str(data["longitude"]) if data["longitude"] is not None else None,
        }
        _save_draft(request, self.draft)
        return redirect("signals:portal-report-contact")


class ReportContact(StepMixin, View):
    """Step 3: contact details, if the resident wants to be contacted."""

    template_name = "signals/portal/contact.html"
    needs = ("what", "where")

    def render_step(self, form, status=200):
        context = {"form": form, "steps": _steps(3)}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_step(ContactForm(initial=self.draft.get("contact", {})))

    def post(self, request):
        form = ContactForm(request.POST)
        if not form.is_valid():
            return self.render_step(form, status=400)
        self.draft["contact"] = form.cleaned_data
        _save_draft(request, self.draft)
        return redirect("signals:portal-report-send")


class ReportSend(StepMixin, View):
    """Step 4: the summary to check, then send."""

    template_name = "signals/portal/send.html"
    needs = ("what", "where", "contact")

    def summary(self) -> dict:
        what, where = self.draft["what"], self.draft["where"]
        category = Category.objects.filter(pk=what["category"]).select_related("parent").first()
        questions = {q.get("code"): q for q in (category.questions if category else [])}
        answers = []
        for code, value in what.get("attributes", {}).items():
            question = questions.get(code, {})
            names = {v["key"]: v["name"] for v in question.get("values", [])}
            answers.append((question.get("question", code), names.get(value, value)))
        return {
            "category": category,
            "description": what["description"],
            "answers": answers,
            "photo_count": len(self.draft.get("photos", [])),
            "area": Area.objects.filter(pk=where["area"]).first(),
            "address": where["address"],
            "point": (where["latitude"], where["longitude"]) if where["latitude"] else None,
            "contact": self.draft["contact"],
        }

    def render_step(self, status=200, error=""):
        context = {"summary": self.summary(), "steps": _steps(4), "error": error}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_step()

    def post(self, request):
        if _rate_exceeded(request):
            return self.render_step(status=429, error=TOO_MANY)
        token = services.new_status_token()
        if self.draft.get("spam"):
            number = f"S-{timezone.localdate().year}-{secrets.randbelow(10**6):06d}"
        else:
            try:
                number = self.send(token).number
            except RuleError as error:
                return self.render_step(status=400, error=" ".join(error.messages))
        _count_sent(request)
        _drop_draft(request)
        request.session[RECEIPT] = {"number": number, "token": token}
        return redirect("signals:portal-report-sent")

    def send(self, token: str) -> Signal:
        what, where, contact = self.draft["what"], self.draft["where"], self.draft["contact"]
        category = Category.objects.filter(pk=what["category"]).first()
        area = Area.objects.filter(pk=where["area"]).first()
        if category is None or area is None:
            raise RuleError("Deze melding kan niet meer verstuurd worden; begin opnieuw.")
        kept = [(draft, photos.read_draft(draft)) for draft in self.draft.get("photos", [])]
        with transaction.atomic():
            signal = services.report(
                category=category,
                area=area,
                description=what["description"],
                channel=Signal.Channel.PORTAAL,
                status_token=token,
                address=where["address"],
                latitude=where["latitude"],
                longitude=where["longitude"],
                attributes=what.get("attributes", {}),
                reporter_name=contact["name"],
                reporter_email=contact["email"],
                reporter_phone=contact["phone"],
                contact_consent=contact["consent"],
            )
            for draft, data in kept[:PHOTOS_MAX]:
                if data is not None:
                    photos.add_photo(
                        signal, data, draft["content_type"], draft["width"], draft["height"]
                    )
        return signal


class ReportSent(View):
    """The receipt: the number and the private status link, shown this once."""

    def get(self, request):
        receipt = request.session.pop(RECEIPT, None)
        if not receipt:
            return redirect("signals:portal-report")
        status_url = request.build_absolute_uri(
            reverse("signals:portal-status", args=[receipt["token"]])
        )
        context = {"number": receipt["number"], "status_url": status_url}
        return render(request, "signals/portal/sent.html", context)


# Following a signal with the private link --------------------------------------------


PUBLIC_EVENTS = (SignalEvent.Kind.STATUS, SignalEvent.Kind.MESSAGE)


class StatusPage(View):
    """Number, category, buurt, status and its history: status changes and messages to
    the reporter, never internal notes or who handled it. After closing: "Bent u
    tevreden?", once per closing."""

    template_name = "signals/portal/status.html"

    def dispatch(self, request, *args, **kwargs):
        queryset = Signal.objects.select_related("category", "area")
        self.signal = get_object_or_404(
            queryset, status_token_hash=services.token_hash(kwargs["token"])
        )
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form=None, status=200):
        signal = self.signal
        events = signal.events.filter(kind__in=PUBLIC_EVENTS).only(
            "kind", "to_status", "text", "created_at"
        )
        history = [
            {
                "at": event.created_at,
                "status": event.get_to_status_display() if event.kind == "status" else "",
                # A status line's reason is the handlers' own; only messages are for the reporter.
                "message": event.text if event.kind == SignalEvent.Kind.MESSAGE else "",
            }
            for event in events
        ]
        may_answer = feedback.may_give_feedback(signal)
        context = {
            "signal": signal,
            "history": history,
            "form": (form or FeedbackForm()) if may_answer else None,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, token):
        return self.render_page()

    def post(self, request, token):
        form = FeedbackForm(request.POST)
        if not feedback.may_give_feedback(self.signal):
            messages.info(request, "U heeft al gezegd of u tevreden bent.")
            return redirect(request.path)
        if not form.is_valid():
            return self.render_page(form, status=400)
        satisfied = form.cleaned_data["satisfied"]
        try:
            feedback.give_feedback(self.signal, satisfied, form.cleaned_data["comment"])
        except RuleError as error:
            form.add_error(None, " ".join(error.messages))
            return self.render_page(form, status=400)
        messages.success(
            request,
            "Dank u wel voor uw reactie."
            if satisfied
            else "Dank u wel. Uw melding is heropend; we pakken hem opnieuw op.",
        )
        return redirect(request.path)


# The public list -----------------------------------------------------------------------

STREET = re.compile(r"^\s*([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'. -]{1,60}?)\s+\d")


def street_of(address: str) -> str:
    """The street of "Lindelaan 12" without the number; nothing for free text ("bij de
    speeltuin van ..."), which might name a person."""
    match = STREET.match(address or "")
    return match.group(1).strip() if match else ""


def public_signals():
    """Open signals anyone may see: never a sensitive category (or one under a sensitive
    main category), never a part of a split or a merged signal."""
    return (
        Signal.objects.open()
        .filter(parent__isnull=True, merged_into__isnull=True)
        .exclude(Q(category__sensitive=True) | Q(category__parent__sensitive=True))
        .select_related("category", "area")
        .only("number", "status", "address", "reported_at", "category__name", "area__name")
    )


class PublicList(TemplateView):
    """Open signals per buurt: number, category, buurt, street, date, status; never the
    reporter, a house number or a point."""

    template_name = "signals/portal/list.html"

    def get_context_data(self, **kwargs):
        form = ListFilterForm(self.request.GET or None)
        signals = public_signals()
        if form.is_valid() and form.cleaned_data["buurt"]:
            signals = signals.filter(area=form.cleaned_data["buurt"])
        page = Paginator(signals, PER_PAGE).get_page(self.request.GET.get("page"))
        rows = [
            {
                "number": s.number,
                "category": s.category.name,
                "buurt": s.area.name,
                "street": street_of(s.address),
                "reported_at": s.reported_at,
                "status": s.get_status_display(),
            }
            for s in page.object_list
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "rows": rows,
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
            "query_string": query.urlencode(),
            "map_url": _public_map_url(),
        }


def _public_map_url() -> str | None:
    """The public map, once the app has one."""
    try:
        return reverse("signals:public-map")
    except NoReverseMatch:
        return None
