"""The resident portal's start page at /buurt/ (no login): everything a resident can do.

Core knows no app: each app adds its sections (report a signal, vote, results of closed
budget rounds, …) with `extensions.register_portal_block` in its AppConfig.ready().
"""

from django.views.generic import TemplateView

from .extensions import portal_blocks_for


class PortalHome(TemplateView):
    template_name = "core/portal_home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "blocks": portal_blocks_for(self.request)}
