"""Template filters of the methods pages: instrument codes as their Dutch names."""

from django import template

from kwartier.methods import reporting

register = template.Library()


@register.filter
def instrument_name(code: str) -> str:
    """`participatieladder` → "Participatieladder"; an unknown code stays as it is."""
    return reporting.instrument_name(code)


@register.filter
def instrument_names(codes) -> str:
    """A phase's instrument codes as one line of names: "Participatieladder, ..."."""
    return ", ".join(reporting.instrument_name(code) for code in codes or ())
