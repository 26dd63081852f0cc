"""What the support pages share: the access-log types and the base of every page.

Access is declared, not checked here: each page states `required_roles` (workers unless
it says otherwise) and, when it shows residents' data, `log_object_type`; the gate in
core/access/pages.py refuses, looks up and logs (docs/architecture.md, "Privacy by
design: the access layer").
"""

from __future__ import annotations

from kwartier.core.access.pages import RoleRequiredMixin
from kwartier.core.access.roles import WORKERS

from .. import workflow
from ..models import HelpRequest

# What the access log calls the support data.
REQUEST = "hulpvraag"
MATCH = "koppeling"
OPEN_STATUSES = [s for s in HelpRequest.Status.values if s not in workflow.FINAL]


class SupportPage(RoleRequiredMixin):
    """A page of vraag en aanbod: for the workers, unless it declares other roles."""

    required_roles = WORKERS
