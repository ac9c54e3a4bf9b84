"""Factories for the locations app: services, and Ohjaamo pages with points and hours built the
way an editor saves them (a published revision)."""

import datetime

import factory
from wagtail.models import Locale

from kohtaamo.seeding import publish
from locations.models import (
    Municipality,
    OhjaamoPage,
    OpeningException,
    OpeningHours,
    Presence,
    Service,
    ServicePoint,
)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    code = factory.Sequence(lambda n: f"testipalvelu-{n}")
    name = factory.Sequence(lambda n: f"Testipalvelu {n}")
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="fi"))


def _time(text):
    return datetime.time.fromisoformat(text)


def point(
    name,
    municipality="091",
    *,
    lat=None,
    lon=None,
    street="Testikatu 1",
    postal_code="00100",
    post_office="Helsinki",
    weekly=(),
    exceptions=(),
    **extra,
):
    """An unsaved ServicePoint: `weekly` as (weekday, "10:00", "16:00"), `exceptions` as
    (date, date, opens or None, closes or None, reason)."""
    place = Municipality.objects.get(code=municipality)
    return ServicePoint(
        name=name,
        street_address=street,
        postal_code=postal_code,
        post_office=post_office,
        municipality=place,
        latitude=place.latitude if lat is None else lat,
        longitude=place.longitude if lon is None else lon,
        weekly_hours=[
            OpeningHours(weekday=day, opens=_time(opens), closes=_time(closes), sort_order=i)
            for i, (day, opens, closes) in enumerate(weekly)
        ],
        exceptions=[
            OpeningException(
                start_date=first,
                end_date=last,
                closed=opens is None,
                opens=_time(opens) if opens else None,
                closes=_time(closes) if closes else None,
                reason=reason,
                sort_order=i,
            )
            for i, (first, last, opens, closes, reason) in enumerate(exceptions)
        ],
        **extra,
    )


def make_ohjaamo(
    finder,
    slug,
    *,
    points,
    municipalities=("091",),
    services=(),
    presences=(),
    live=True,
    **fields,
):
    """An OhjaamoPage under `finder` with `points` (unsaved ServicePoints, see point()),
    presences as (who, weekday, "12:00", "16:00"), published unless `live` is False."""
    for order, item in enumerate(points):
        item.sort_order = order
    page = OhjaamoPage(
        title=fields.pop("title", slug.replace("-", " ").title()),
        slug=slug,
        intro=fields.pop("intro", "Testi-Ohjaamo."),
        points=points,
        presences=[
            Presence(who=who, weekday=day, starts=_time(starts), ends=_time(ends), sort_order=i)
            for i, (who, day, starts, ends) in enumerate(presences)
        ],
        **fields,
    )
    finder.add_child(instance=page)
    page.municipalities.set(Municipality.objects.filter(code__in=municipalities))
    page.services.set(services)
    page.save()
    if live:
        publish(page)
    else:
        page.unpublish()
    return OhjaamoPage.objects.get(pk=page.pk)
