"""Demo data of the signals app: a year of signals in every buurt of Kwartiersveen.

Routing sends every signal to the welfare organisation's meldpunt (the demo accounts
work there); from there part is passed on to the housing association (the demo
`partner` account), the police or the gemeente. Signals come in over every channel,
two of them from outside Open311 apps; older ones are closed, a part after their term,
a few were reopened, some reporters said whether they were satisfied, some carry a photo.
Everything goes through the domain functions, drawn from `rng` in a fixed order; the
times of what happened are then set back to when it happened in the demo's year.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from kwartier.core import geo
from kwartier.core.models import Area, Organisation

from . import photos, services, subject_data
from .models import ApiKey, Category, ResponseTemplate, RoutingRule, Signal, SignalEvent
from .states import Status

SIGNALS_PER_BUURT = 40
OPEN311_APPS = ("BuurtMelder", "MeldApp Kwartiersveen")
HOUSING = "Woonstichting Waardewonen"
POLICE = "Politie basisteam Kwartiersveen"
MUNICIPALITY = "Gemeente Kwartiersveen"
# Category (or its parent) → who a signal is passed on to.
PASSED_ON = {
    "overlast": HOUSING,
    "veiligheid": POLICE,
    "openbare-ruimte": MUNICIPALITY,
    "verkeer": MUNICIPALITY,
}
TEAMS = {"jeugd": "Jongerenwerk", "zorgen": "Wijkteam", "voorzieningen": "Opbouwwerk"}
CHANNELS = [  # (channel, weight)
    (Signal.Channel.PORTAAL, 40),
    (Signal.Channel.TELEFOON, 15),
    (Signal.Channel.BALIE, 8),
    (Signal.Channel.WIJKWERKER, 15),
    (Signal.Channel.PARTNER, 10),
    (Signal.Channel.OPEN311, 12),
]
DESCRIPTIONS = {
    "afval": ["Vuilniszakken naast de container, al drie dagen.", "Grofvuil op de stoep."],
    "groen": ["Tak hangt laag over het fietspad.", "Plantsoen wordt niet meer onderhouden."],
    "straat": ["Lantaarnpaal brandt niet.", "Losliggende stoeptegels bij de bushalte."],
    "speelplek": ["Schommel is kapot.", "Glas in de zandbak."],
    "overlast-geluid": ["Elke nacht harde muziek uit een bedrijfspand."],
    "overlast-personen": ["Groep die 's avonds in het portiek blijft hangen."],
    "onveilige-plek": ["Donker steegje, mensen voelen zich er onveilig."],
    "ondermijning": ["Veel verkeer af en aan bij een woning, op vreemde tijden."],
    "parkeren": ["Busjes parkeren op de stoep."],
    "verkeersveiligheid": ["Er wordt te hard gereden langs de school."],
    "jeugd-ontmoeten": ["Jongeren hebben geen plek meer sinds het trapveld dicht is."],
    "jeugd-overlast": ["Brommers op het plein tot laat in de avond."],
    "eenzaamheid": ["Mijn buurvrouw komt nooit meer buiten en lijkt alleen."],
    "zorg-buur": ["De post van mijn buurman stapelt zich op; ik maak me zorgen."],
    "buurthuis": ["Het buurthuis is 's avonds dicht; kan dat anders?"],
    "clubs": ["De seniorenclub zoekt een nieuwe ruimte."],
    "overig": ["Idee: een buurtbibliotheekje bij de supermarkt."],
}
TEMPLATES = {
    Status.IN_BEHANDELING: "Wij hebben uw melding in behandeling genomen. U hoort van ons.",
    Status.DOORGEZET: "Wij hebben uw melding doorgezet naar de partner die dit oppakt.",
    Status.AFGEHANDELD: "Uw melding is afgehandeld. Bedankt dat u dit meldde.",
}
QUESTIONS = {
    "afval": [
        {
            "code": "soort",
            "question": "Wat voor afval is het?",
            "datatype": "singlevaluelist",
            "required": False,
            "values": [
                {"key": "huisvuil", "name": "Huisvuil"},
                {"key": "grofvuil", "name": "Grofvuil"},
                {"key": "glas", "name": "Glas"},
            ],
        }
    ]
}
NAMES = ["Fatima", "Jan", "Mieke", "Ahmed", "Sanne", "Kees", "Priya", "Tom"]


def _weighted(rng, options):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _photo(rng) -> tuple[bytes, str, int, int]:
    """A small drawn picture, through the same validation and re-encoding as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (rng.randint(120, 200), rng.randint(150, 210), 140))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y = rng.randint(0, 260), rng.randint(0, 180)
        draw.rectangle([x, y, x + 60, y + 40], fill=(rng.randint(0, 255), 90, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return photos.validate_photo(SimpleUploadedFile("foto.jpg", buffer.getvalue(), "image/jpeg"))


def _point(rng, buurt):
    box = geo.bounds([buurt.outline])
    if box is None:
        return {}
    x0, y0, x1, y1 = box
    return {
        "longitude": Decimal(f"{x0 + (x1 - x0) * rng.uniform(0.1, 0.9):.6f}"),
        "latitude": Decimal(f"{y0 + (y1 - y0) * rng.uniform(0.1, 0.9):.6f}"),
    }


def _backdate(signal, events_at: list[datetime.datetime]) -> None:
    """Set the history's times (written now by the domain functions) to the demo's."""
    events = list(signal.events.order_by("pk"))
    for event, at in zip(events, events_at, strict=False):
        SignalEvent.objects.filter(pk=event.pk).update(created_at=at)
    closed = events_at[-1] if signal.status in (Status.AFGEHANDELD, Status.GEANNULEERD) else None
    Signal.objects.filter(pk=signal.pk).update(closed_at=closed, updated_at=events_at[-1])


def seed_demo(rng, demo) -> None:
    welfare = demo.organisation
    users = {u.username: u for u in demo.users}
    coordinator = users.get("coordinator")
    workers = [u for u in demo.users if u.role in ("coordinator", "wijkwerker")]
    partners = {o.name: o for o in Organisation.objects.filter(name__in=PASSED_ON.values())}
    RoutingRule.objects.get_or_create(
        category=None, area=None, defaults={"organisation": welfare, "team": "Meldpunt"}
    )
    for code, team in TEAMS.items():
        RoutingRule.objects.get_or_create(
            category=Category.objects.get(code=code),
            area=None,
            defaults={"organisation": welfare, "team": team},
        )
    for status, text in TEMPLATES.items():
        ResponseTemplate.objects.get_or_create(
            category=None, status=status, defaults={"text": text}
        )
    for code, questions in QUESTIONS.items():
        Category.objects.filter(code=code, questions=[]).update(questions=questions)
    apps = [
        ApiKey.objects.get_or_create(
            name=name,
            defaults={
                "prefix": f"demo{i}",
                "key_hash": services.token_hash(f"demo-key-{name}"),
                "organisation": welfare,
            },
        )[0]
        for i, name in enumerate(OPEN311_APPS)
    ]

    leaves = list(
        Category.objects.filter(parent__isnull=False, active=True).select_related("parent")
    )
    leaves.append(Category.objects.get(code="overig"))
    buurten = Area.objects.filter(level=Area.Level.BUURT, parent__parent__code="GM9999")
    now = timezone.make_aware(datetime.datetime.combine(demo.today, datetime.time(17, 0)))
    for buurt in buurten.order_by("code"):
        for _ in range(SIGNALS_PER_BUURT):
            _seed_one(rng, buurt, leaves, now, workers, coordinator, partners, apps)
    _remove_old_contacts(demo.today)


def _remove_old_contacts(today: datetime.date) -> None:
    """What the nightly retention run would have done in the demo's year: the reporters'
    contact details gone the set number of days after closing."""
    days = datetime.timedelta(days=subject_data.contact_days())
    for signal in subject_data.contact_due(today, subject_data.contact_days()):
        Signal.objects.filter(pk=signal.pk).update(
            **subject_data.CONTACT_FIELDS, contact_removed_at=signal.closed_at + days
        )


def _seed_one(rng, buurt, leaves, now, workers, coordinator, partners, apps) -> None:
    category = rng.choice(leaves)
    channel = _weighted(rng, CHANNELS)
    reported = now - datetime.timedelta(days=rng.uniform(0, 365), hours=rng.uniform(0, 9))
    fields = {"urgency": _weighted(rng, [("hoog", 1), ("normaal", 6), ("laag", 2)])}
    if rng.random() < 0.6:
        fields.update(_point(rng, buurt))
    talks = channel in (Signal.Channel.PORTAAL, Signal.Channel.OPEN311, Signal.Channel.TELEFOON)
    if talks and rng.random() < 0.5:
        fields.update(
            reporter_name=rng.choice(NAMES),
            reporter_email=f"melder{rng.randint(100, 999)}@voorbeeld.example",
            contact_consent=True,
        )
    if channel == Signal.Channel.OPEN311:
        fields["api_key"] = rng.choice(apps)
    signal = services.report(
        category=category,
        area=buurt,
        description=rng.choice(DESCRIPTIONS.get(category.code, DESCRIPTIONS["overig"])),
        channel=channel,
        reported_at=reported,
        user=None if channel in (Signal.Channel.PORTAAL, Signal.Channel.OPEN311) else coordinator,
        **fields,
    )
    if rng.random() < 0.08:
        services_photo = _photo(rng)
        photos.add_photo(signal, *services_photo)
    times = [reported]
    age = (now - reported).days
    term = category.term_days

    def step(status, after_days, **kwargs):
        at = min(times[-1] + datetime.timedelta(days=after_days, hours=rng.uniform(1, 8)), now)
        services.transition(signal, status, user=coordinator, **kwargs)
        times.append(at)

    # The last few days' signals, and part of those of the last month, are still new.
    untouched = age < 5 or (age < 30 and rng.random() < 0.4)
    if not untouched:
        if rng.random() < 0.5:
            signal.assignee = rng.choice(workers)
            signal.save(update_fields=["assignee"])
        step(Status.IN_BEHANDELING, rng.uniform(0, 2))
    partner_name = PASSED_ON.get(category.parent.code if category.parent_id else category.code)
    if not untouched and partner_name in partners and rng.random() < 0.5:
        step(Status.DOORGEZET, rng.uniform(0.5, 2), partner=partners[partner_name])
    # Most are closed within their term; some take two or four times as long.
    duration = term * _weighted(rng, [(0.6, 6), (1.8, 2), (3.5, 1)])
    if age > duration and signal.status != Status.GEMELD:
        if rng.random() < 0.05:
            step(Status.GEANNULEERD, duration, reason="Dubbele melding.")
        else:
            step(Status.AFGEHANDELD, max(0.5, duration - (times[-1] - reported).days))
            if signal.contact_consent and rng.random() < 0.6:
                signal.refresh_from_db()
                satisfied = rng.random() < 0.75
                Signal.objects.filter(pk=signal.pk).update(satisfied=satisfied)
                if not satisfied and rng.random() < 0.5 and age > duration + 10:
                    step(
                        Status.HEROPEND,
                        2,
                        reason="Melder: het probleem is er nog.",
                        by_reporter=True,
                    )
                    step(Status.IN_BEHANDELING, 1)
    signal.refresh_from_db()
    _backdate(signal, times)


def delete_demo_data(org_ids, area_ids) -> None:
    """Remove the demo's signals, rules and Open311 apps (they refer to its areas and
    organisations)."""
    Signal.objects.filter(
        Q(area_id__in=area_ids) | Q(organisation_id__in=org_ids) | Q(partner_id__in=org_ids)
    ).delete()
    RoutingRule.objects.filter(Q(organisation_id__in=org_ids) | Q(area_id__in=area_ids)).delete()
    ApiKey.objects.filter(organisation_id__in=org_ids).delete()
