"""What the support API shares: the access-log types and the 403 before a 405.

Access is declared on each view (`required_roles`, `log_object_type`, `log_actions`) and
checked and logged by core/access/api.py (docs/architecture.md, "Privacy by design: the
access layer"). A rule of the domain that refuses a request raises `RuleError`, which the
API's exception handler answers with a 400 naming the fields.
"""

from __future__ import annotations

# What the access log calls the support data.
REQUEST = "hulpvraag"
MATCH = "koppeling"
