"""Template filters of the instruments pages: stored codes in Dutch words."""

from django import template

from kwartier.instruments import display

register = template.Library()


@register.filter
def rule_text(rule_version: str, instrument) -> str:
    """``lsns6/2006/v1;lsns6.afkappunt=...`` → "LSNS-6 (2006), rekenregels versie 1; ..."."""
    return display.rule_text(instrument, rule_version)


@register.filter
def setting_instrument(name: str) -> str:
    return display.setting_instrument(name)
