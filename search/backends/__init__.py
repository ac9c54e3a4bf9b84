"""The search engines behind the one interface (search/engine.py). Each engine answers the same
`EngineQuery` with an `EngineResult`; ranking factors and facet semantics are the same in both:

- a document matches when it holds, for every word group of the query, one of the group's base
  forms (operator "and"), or for any group (operator "or");
- score = text relevance (title terms weigh ten times body terms) × the document's boost
  (finder, Ohjaamo pages, points above incidental mentions) × recency for news (1 + 0.5^(age in
  years)) × nearness when the query names a place (1 + 2 × 0.5^(km / 10));
- facets: within a facet group, the chosen values are alternatives; groups combine. The counts
  of a group are taken with every other group's filters applied, so a visitor sees what choosing
  another value would give.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

FACET_FIELDS = {
    "type": "kind",
    "region": "region",
    "service": "services",
    "language": "service_languages",
}
FACET_GROUPS = tuple(FACET_FIELDS)
TITLE_WEIGHT = 10.0
NEWS_HALF_LIFE_DAYS = 365.0
ALL_TERMS_IN_TITLE_BONUS = 2.0
NEARNESS_SCALE_KM = 10.0
NEARNESS_WEIGHT = 2.0


@dataclass
class EngineQuery:
    language: str
    groups: list
    operator: str = "and"
    filters: dict = field(default_factory=dict)
    offset: int = 0
    limit: int = 10
    now: datetime | None = None
    origin: tuple | None = None  # (latitude, longitude) of a place the query names


@dataclass
class EngineResult:
    keys: list
    total: int
    facets: dict
    engine: str
    page: int | None = None  # set when the requested page was past the last one


def recency_factor(kind, date, now):
    if kind != "news" or date is None or now is None:
        return 1.0
    age_days = max((now - date).total_seconds() / 86400.0, 0.0)
    return 1.0 + 0.5 ** (age_days / NEWS_HALF_LIFE_DAYS)


def distance_km(lat1, lon1, lat2, lon2):
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def nearness_factor(origin, latitude, longitude):
    """Up to 3× for a point at the named place, halving its extra weight every 10 km."""
    if origin is None or latitude is None or longitude is None:
        return 1.0
    km = distance_km(origin[0], origin[1], latitude, longitude)
    return 1.0 + NEARNESS_WEIGHT * 0.5 ** (km / NEARNESS_SCALE_KM)
