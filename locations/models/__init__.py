from .gazetteer import Municipality, PostalCode, Region
from .pages import (
    FinderPage,
    OhjaamoPage,
    OpeningException,
    OpeningHours,
    Presence,
    ServicePoint,
    YouthChannel,
)
from .taxonomy import Service, ServiceLanguage

__all__ = [
    "FinderPage",
    "Municipality",
    "OhjaamoPage",
    "OpeningException",
    "OpeningHours",
    "PostalCode",
    "Presence",
    "Region",
    "Service",
    "ServiceLanguage",
    "ServicePoint",
    "YouthChannel",
]
