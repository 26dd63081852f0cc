"""Pages for vraag en aanbod. Thin: scoping in the models, decisions in workflow/decisions.

Who uses what:
- workers (beheerder, coördinator, wijkwerker): hulpvragen, aanbod, koppelen, koppelingen;
- a partner: reads the hulpvragen its consents cover;
- a volunteer: only "mijn koppelingen", with no more of the resident than the match needs;
- the gemeente: the multiplier, as aggregates.
Every page with resident-level data writes one access-log entry.
"""

from .capacity import CapacityDelete, CapacityList, CapacityUpdate
from .helpers import HelperCreate, HelperDetail, HelperList, HelperLoad, HelperUpdate
from .matches import MatchDetail, MatchEnd, MatchFollowUp, MatchIntroduction, MatchList
from .multiplier import MultiplierView
from .overview import Overview
from .requests import (
    HelpRequestCreate,
    HelpRequestDetail,
    HelpRequestList,
    HelpRequestStatus,
    HelpRequestUpdate,
)
from .runs import MatchRunDetail, MatchRunList, ProposalAccept, ProposalReject
from .volunteer import VolunteerMatchDetail, VolunteerMatchList

__all__ = [
    "CapacityDelete",
    "CapacityList",
    "CapacityUpdate",
    "HelpRequestCreate",
    "HelpRequestDetail",
    "HelpRequestList",
    "HelpRequestStatus",
    "HelpRequestUpdate",
    "HelperCreate",
    "HelperDetail",
    "HelperList",
    "HelperLoad",
    "HelperUpdate",
    "MatchDetail",
    "MatchEnd",
    "MatchFollowUp",
    "MatchIntroduction",
    "MatchList",
    "MatchRunDetail",
    "MatchRunList",
    "MultiplierView",
    "Overview",
    "ProposalAccept",
    "ProposalReject",
    "VolunteerMatchDetail",
    "VolunteerMatchList",
]
