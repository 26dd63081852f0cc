"""Signals for tests, made through the one domain function as every channel does."""

from kwartier.signals import services
from kwartier.signals.models import Category


def category(code="afval") -> Category:
    return Category.objects.get(code=code)


def make_signal(
    buurt, code="afval", channel="portaal", description="Kapotte lantaarnpaal", **fields
):
    return services.report(
        category=category(code),
        area=buurt,
        description=description,
        channel=channel,
        **fields,
    )
