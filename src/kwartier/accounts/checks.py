from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def demo_exemption(app_configs, **kwargs):
    """Say it every time Kwartier starts with the demo accounts' exemption on."""
    if not getattr(settings, "KWARTIER_DEMO_2FA_EXEMPT", False):
        return []
    return [
        checks.Warning(
            "KWARTIER_DEMO_2FA_EXEMPT staat aan: de zes demo-accounts loggen in zonder "
            "tweestapsverificatie.",
            hint="Alleen voor de demo; zet het nooit aan in productie (docs/security.md).",
            id="kwartier.W001",
        )
    ]
