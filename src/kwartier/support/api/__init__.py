"""REST API for vraag en aanbod: the same roles, scoping and access log as the pages.

One module per resource; `api_routes.py` registers them under /api/v1/.
"""

from .capacity import CapacityViewSet
from .categories import SupportCategoryViewSet
from .helpers import HelperViewSet
from .matches import MatchViewSet
from .multiplier import MultiplierView
from .requests import HelpRequestViewSet
from .runs import MatchRunViewSet, ProposalViewSet

__all__ = [
    "CapacityViewSet",
    "HelpRequestViewSet",
    "HelperViewSet",
    "MatchRunViewSet",
    "MatchViewSet",
    "MultiplierView",
    "ProposalViewSet",
    "SupportCategoryViewSet",
]
