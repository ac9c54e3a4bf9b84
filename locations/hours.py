"""Opening hours of a service point: is it open now, when does it close, when does it open next,
and the schedule the Ohjaamo page shows. Everything is computed in Europe/Helsinki.

What decides the hours of a date, in this order:

1. a pop-up point is closed outside its valid dates;
2. an exception covering the date (the most specific one, i.e. the shortest range, when several
   do): closed, or open at its special hours;
3. a Finnish public holiday (the `holidays` package): closed;
4. otherwise the weekly intervals of that weekday (several per day; an interval whose closing time
   is at or before its opening time runs over midnight into the next day).

An interval belongs to the date it opens on: a Friday 22–02 interval keeps the point open until 2
on Saturday morning even if Saturday is a holiday.

The functions read `point.weekly_hours.all()` and `point.exceptions.all()` only, so with both
prefetched (as `locations.geo.live_points()` and `nearest()` do) no query runs per point.

Contract used by the finder, the Ohjaamo page and the API: `status(point, now=None)` returns a
`Status` with `is_open`, `closes_at` and `opens_next_at` (aware datetimes or None) and `label()`.
"""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

HELSINKI = ZoneInfo("Europe/Helsinki")
UTC = datetime.UTC
ONE_DAY = datetime.timedelta(days=1)

# How far ahead "opens next" looks (a summer closure can last two months).
HORIZON_DAYS = 120
# The first look covers a week and a day; most answers are found there.
FIRST_WINDOW_DAYS = 8

HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


# --- Formatting ----------------------------------------------------------------------------------


def _language():
    return (get_language() or "fi").split("-")[0]


def format_time(value):
    """9.00 in Finnish and Swedish (as written in Finland), 09:00 in English."""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(HELSINKI).time()
    return dateformat.time_format(value, "H:i" if _language() == "en" else "G.i")


def format_day_month(value):
    """6.12. in Finnish and Swedish, 6 December in English."""
    if _language() == "en":
        return date_format(value, "j F")
    return dateformat.format(value, "j.n.")


def format_date(value):
    """6.12.2026 in Finnish and Swedish, 6 December 2026 in English."""
    if _language() == "en":
        return date_format(value, "j F Y")
    return dateformat.format(value, "j.n.Y")


def weekday_name(value):
    """The weekday of a date or a weekday number (0 = Monday), capitalised: Maanantai, Måndag,
    Monday."""
    if isinstance(value, int):
        value = datetime.date(2024, 1, 1) + datetime.timedelta(days=value)  # a Monday
    name = date_format(value, "l")
    return name[:1].upper() + name[1:]


# Weekday names are common nouns in Finnish and Swedish, written in lower case inside a range
# ("Maanantai–torstai", "Måndag–torsdag"), and proper nouns in English ("Monday–Thursday").
LOWER_CASE_WEEKDAYS = {"fi", "sv"}


def weekday_range(first, last):
    """A run of weekdays (numbers, 0 = Monday) as one label: Maanantai–torstai, Monday–Thursday."""
    start = weekday_name(first)
    if last == first:
        return start
    end = weekday_name(last)
    if _language() in LOWER_CASE_WEEKDAYS:
        end = end.lower()
    return f"{start}–{end}"


def format_range(opens, closes):
    return f"{format_time(opens)}–{format_time(closes)}"


# --- Holidays ------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays(year, language):
    return dict(holidays.Finland(years=year, language=HOLIDAY_LANGUAGES.get(language, "fi")))


def holiday_name(date, language=None):
    """The name of the Finnish public holiday on `date` in the language, or None."""
    return _holidays(date.year, language or _language()).get(date)


def is_holiday(date):
    return date in _holidays(date.year, "fi")


def upcoming_holidays(start=None, days=366, language=None):
    """[(date, name)] of the Finnish public holidays from `start` (today in Helsinki) on, for
    `days` days, in date order: what the points are closed on unless an exception says otherwise."""
    start = start or timezone.localdate(timezone=HELSINKI)
    end = start + datetime.timedelta(days=days)
    language = language or _language()
    found = []
    for year in range(start.year, end.year + 1):
        found.extend(
            (date, name) for date, name in _holidays(year, language).items() if start <= date < end
        )
    return sorted(found)


# --- The schedule of one point -------------------------------------------------------------------


def aware(date, time):
    """The instant of a wall-clock time in Helsinki. A time that does not exist (the hour skipped
    when summer time starts) is moved forward by the gap."""
    value = datetime.datetime.combine(date, time, tzinfo=HELSINKI)
    return value.astimezone(UTC).astimezone(HELSINKI)


@dataclass(frozen=True)
class Interval:
    """One opening on a date, as wall-clock times (closes ≤ opens: over midnight)."""

    opens: datetime.time
    closes: datetime.time

    @property
    def over_midnight(self):
        return self.closes <= self.opens

    def on(self, date):
        """(start, end) in UTC when this interval opens on `date`. UTC, because Python compares
        and subtracts datetimes sharing one tzinfo by their wall-clock times, which is wrong
        across a summer time change."""
        end_date = date + ONE_DAY if self.over_midnight else date
        return aware(date, self.opens).astimezone(UTC), aware(end_date, self.closes).astimezone(UTC)

    def label(self):
        return format_range(self.opens, self.closes)


@dataclass
class DayHours:
    """What one date looks like for a point."""

    date: datetime.date
    intervals: list = field(default_factory=list)
    # "regular", "exception", "holiday" or "out_of_season" (a pop-up outside its dates)
    source: str = "regular"
    reason: str = ""
    is_today: bool = False

    @property
    def closed(self):
        return not self.intervals

    @property
    def weekday(self):
        return weekday_name(self.date)

    @property
    def day_label(self):
        return format_day_month(self.date)

    @property
    def hours_label(self):
        if self.closed:
            return _("closed")
        return ", ".join(interval.label() for interval in self.intervals)

    @property
    def is_irregular(self):
        return self.source != "regular"


@dataclass
class Status:
    """Open-now state of a point at `now`."""

    is_open: bool
    closes_at: datetime.datetime | None
    opens_next_at: datetime.datetime | None
    now: datetime.datetime

    @property
    def state(self):
        return "open" if self.is_open else "closed"

    def short_label(self):
        return _("Open now") if self.is_open else _("Closed now")

    def _when(self, moment):
        """'today at 9.00', 'tomorrow at 9.00', 'on Monday at 9.00', 'on 7.1. at 9.00'."""
        moment = moment.astimezone(HELSINKI)
        today = self.now.astimezone(HELSINKI).date()
        days = (moment.date() - today).days
        time = format_time(moment)
        if days == 0:
            return _("today at %(time)s") % {"time": time}
        if days == 1:
            return _("tomorrow at %(time)s") % {"time": time}
        if days < 7:
            return pgettext("opening day", "on %(weekday)s at %(time)s") % {
                "weekday": date_format(moment.date(), "l"),
                "time": time,
            }
        return pgettext("opening date", "on %(date)s at %(time)s") % {
            "date": format_day_month(moment.date()),
            "time": time,
        }

    def label(self):
        """A sentence for people: "Open now, closes today at 16.00", "Closed, opens tomorrow at
        10.00", "Closed"."""
        if self.is_open:
            if self.closes_at is None:
                return _("Open now")
            return _("Open now, closes %(when)s") % {"when": self._when(self.closes_at)}
        if self.opens_next_at is None:
            return _("Closed")
        return _("Closed, opens %(when)s") % {"when": self._when(self.opens_next_at)}

    def __str__(self):
        return self.label()


class Schedule:
    """The hours of one service point, read once from its (prefetched) relations."""

    def __init__(self, point):
        self.point = point
        weekly = sorted(point.weekly_hours.all(), key=lambda h: (h.weekday, h.opens, h.closes))
        self.weekly = {day: [] for day in range(7)}
        for hours in weekly:
            self.weekly[hours.weekday].append(Interval(hours.opens, hours.closes))
        self.exceptions = sorted(
            point.exceptions.all(), key=lambda e: (e.start_date, e.end_date, e.sort_order or 0)
        )
        self.valid_from = getattr(point, "valid_from", None)
        self.valid_to = getattr(point, "valid_to", None)

    # Days

    def exception_on(self, date):
        """The exception deciding `date`: the shortest range covering it (the later-starting one,
        then the later one in the editor's order, when equally long)."""
        covering = [e for e in self.exceptions if e.start_date <= date <= e.end_date]
        if not covering:
            return None
        return min(
            covering,
            key=lambda e: (
                (e.end_date - e.start_date).days,
                -e.start_date.toordinal(),
                -(e.sort_order or 0),
            ),
        )

    def in_season(self, date):
        if self.valid_from and date < self.valid_from:
            return False
        return not (self.valid_to and date > self.valid_to)

    def day(self, date, today=None):
        is_today = date == today
        if not self.in_season(date):
            return DayHours(date, [], "out_of_season", _("not open on these dates"), is_today)
        exception = self.exception_on(date)
        if exception is not None:
            intervals = []
            if not exception.closed and exception.opens and exception.closes:
                intervals = [Interval(exception.opens, exception.closes)]
            return DayHours(date, intervals, "exception", exception.reason, is_today)
        name = holiday_name(date)
        if name:
            return DayHours(date, [], "holiday", name, is_today)
        return DayHours(date, list(self.weekly[date.weekday()]), "regular", "", is_today)

    def days(self, start, count, today=None):
        return [self.day(start + datetime.timedelta(days=i), today) for i in range(count)]

    # Instants

    def _spans(self, first, last):
        """Merged (start, end) spans of every interval opening from `first` to `last`, in
        order; touching or overlapping intervals (22–24 and 00–02) become one span."""
        raw = []
        date = first
        while date <= last:
            raw.extend(interval.on(date) for interval in self.day(date).intervals)
            date += ONE_DAY
        raw.sort()
        spans = []
        for start, end in raw:
            if spans and start <= spans[-1][1]:
                if end > spans[-1][1]:
                    spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def status(self, now=None):
        now = (now or timezone.now()).astimezone(HELSINKI)
        instant = now.astimezone(UTC)
        today = now.date()
        for days in (FIRST_WINDOW_DAYS, HORIZON_DAYS):
            last = today + datetime.timedelta(days=days)
            # A span reaching the last day's end may go on beyond the window.
            window_end = aware(last + ONE_DAY, datetime.time(0)).astimezone(UTC)
            final = days == HORIZON_DAYS
            for start, end in self._spans(today - ONE_DAY, last):
                if start <= instant < end:
                    if end < window_end:
                        return Status(True, end.astimezone(HELSINKI), None, now)
                    if final:
                        return Status(True, None, None, now)
                    break  # open to the window's end: look further
                if start > instant:
                    return Status(False, None, start.astimezone(HELSINKI), now)
        return Status(False, None, None, now)

    # What the Ohjaamo page shows

    def regular(self):
        """The weekly hours, Monday first: [(weekday name, [Interval, …]), …], consecutive days
        with the same hours grouped ("Monday–Thursday")."""
        rows = []
        for day in range(7):
            intervals = self.weekly[day]
            if rows and rows[-1]["intervals"] == intervals:
                rows[-1]["last"] = day
            else:
                rows.append({"first": day, "last": day, "intervals": intervals})
        result = []
        for row in rows:
            result.append(
                {
                    "days": weekday_range(row["first"], row["last"]),
                    "intervals": row["intervals"],
                    "label": ", ".join(i.label() for i in row["intervals"]) or _("closed"),
                }
            )
        return result

    def upcoming(self, today, days=60):
        """Exceptions and holidays from `today` for `days` days, in date order: each a dict
        with first/last date, closed, hours label, reason and source ("exception"/"holiday").
        A holiday is listed only when it closes a day the point is normally open."""
        end = today + datetime.timedelta(days=days)
        items = []
        for exception in self.exceptions:
            if exception.end_date < today or exception.start_date > end:
                continue
            closed = exception.closed or not (exception.opens and exception.closes)
            items.append(
                {
                    "first": exception.start_date,
                    "last": exception.end_date,
                    "closed": closed,
                    "hours": "" if closed else format_range(exception.opens, exception.closes),
                    "reason": exception.reason,
                    "source": "exception",
                }
            )
        date = today
        while date <= end:
            if (
                is_holiday(date)
                and self.weekly[date.weekday()]
                and self.in_season(date)
                and self.exception_on(date) is None
            ):
                items.append(
                    {
                        "first": date,
                        "last": date,
                        "closed": True,
                        "hours": "",
                        "reason": holiday_name(date),
                        "source": "holiday",
                    }
                )
            date += ONE_DAY
        items.sort(key=lambda item: (item["first"], item["last"]))
        for item in items:
            item["dates"] = (
                format_date(item["first"])
                if item["first"] == item["last"]
                else f"{format_day_month(item['first'])}–{format_date(item['last'])}"
            )
        return items


def schedule(point):
    return Schedule(point)


def status(point, now=None):
    """Open-now state of `point` at `now` (default: the current time), in Europe/Helsinki."""
    return Schedule(point).status(now)


def today_in_helsinki(now=None):
    return (now or timezone.now()).astimezone(HELSINKI).date()


# --- schema.org ----------------------------------------------------------------------------------

SCHEMA_DAYS = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
]


def _hhmm(value):
    return value.strftime("%H:%M")


def opening_hours_specification(point, today, days=60):
    """schema.org OpeningHoursSpecification items: the weekly hours, then the dated exceptions
    and holiday closures of the coming `days` (closed: opens and closes 00:00, the schema.org
    convention)."""
    sched = Schedule(point)
    items = []
    for day in range(7):
        for interval in sched.weekly[day]:
            item = {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": SCHEMA_DAYS[day],
                "opens": _hhmm(interval.opens),
                "closes": _hhmm(interval.closes),
            }
            if sched.valid_from:
                item["validFrom"] = sched.valid_from.isoformat()
            if sched.valid_to:
                item["validThrough"] = sched.valid_to.isoformat()
            items.append(item)
    for upcoming in sched.upcoming(today, days):
        item = {
            "@type": "OpeningHoursSpecification",
            "validFrom": upcoming["first"].isoformat(),
            "validThrough": upcoming["last"].isoformat(),
        }
        if upcoming["closed"]:
            item.update({"opens": "00:00", "closes": "00:00"})
        else:
            exception = sched.exception_on(upcoming["first"])
            item.update({"opens": _hhmm(exception.opens), "closes": _hhmm(exception.closes)})
        if upcoming["reason"]:
            item["description"] = upcoming["reason"]
        items.append(item)
    return items


# --- OpenStreetMap opening_hours ---------------------------------------------------------------

OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
OSM_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _osm_time(value, next_day=False):
    """09:00; a closing time on the next day in OSM's extended hours (02:00 → 26:00)."""
    hours = value.hour + (24 if next_day else 0)
    return f"{hours:02d}:{value.minute:02d}"


def _osm_interval(interval):
    return f"{_osm_time(interval.opens)}-{_osm_time(interval.closes, interval.over_midnight)}"


def _osm_date(value):
    return f"{value.year} {OSM_MONTHS[value.month - 1]} {value.day:02d}"


def _osm_dates(first, last):
    if first == last:
        return _osm_date(first)
    return f"{_osm_date(first)}-{_osm_date(last)}"


def _osm_weekdays(days):
    """Weekday numbers → "Mo-We,Fr" (consecutive days as ranges)."""
    runs = []
    for day in sorted(days):
        if runs and runs[-1][1] == day - 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    parts = []
    for first, last in runs:
        if first == last:
            parts.append(OSM_DAYS[first])
        elif last == first + 1:
            parts.append(f"{OSM_DAYS[first]},{OSM_DAYS[last]}")
        else:
            parts.append(f"{OSM_DAYS[first]}-{OSM_DAYS[last]}")
    return ",".join(parts)


def osm_opening_hours(point, today):
    """The point's hours in OpenStreetMap's `opening_hours` syntax, with the same meaning as the
    rules at the top of this module (OSM: a later rule replaces the earlier ones for its days):

    - the weekly intervals, weekdays with equal hours together ("Mo-Th 09:00-16:00"), an
      interval over midnight in extended hours ("Fr 22:00-26:00"), joined as additional rules
      ("Mo 09:00-16:00, Fr 22:00-26:00"); a pop-up's rules are limited to its dates
      ("2026 Jun 01-2026 Aug 31 Mo-Fr 10:00-16:00");
    - "PH off": closed on Finnish public holidays;
    - every exception not yet over, closed ("2026 Dec 24-2026 Dec 26 off") or at special hours
      ("2026 Dec 23 10:00-14:00"), longest first so that the shortest (the one that decides a
      date) comes last.

    "" when the point has no weekly hours and no exceptions (the hours are not known). What
    cannot be said in the syntax: nothing; the reasons of exceptions are left out (they are
    texts in one language)."""
    sched = Schedule(point)
    rules = []
    groups = {}
    for day in range(7):
        intervals = tuple(sched.weekly[day])
        if intervals:
            groups.setdefault(intervals, []).append(day)
    season = ""
    if sched.valid_from or sched.valid_to:
        first = sched.valid_from or datetime.date(today.year - 1, 1, 1)
        last = sched.valid_to or datetime.date(today.year + 10, 12, 31)
        season = _osm_dates(first, last) + " "
    weekly = []
    for intervals, days in sorted(groups.items(), key=lambda item: item[1][0]):
        times = ",".join(_osm_interval(interval) for interval in intervals)
        weekly.append(f"{season}{_osm_weekdays(days)} {times}")
    if weekly:
        # Joined as additional rules (", "): a later normal rule for Saturday would otherwise
        # cut off Friday's hours that run past midnight.
        rules.append(", ".join(weekly))
    # Exceptions not yet over; a pop-up's only as far as they fall on its dates (outside them
    # it is closed whatever they say).
    exceptions = []
    for exception in sched.exceptions:
        first = max(exception.start_date, sched.valid_from or exception.start_date)
        last = min(exception.end_date, sched.valid_to or exception.end_date)
        if last >= today and first <= last:
            exceptions.append((first, last, exception))
    if not rules and not exceptions:
        return ""
    if rules:
        rules.append("PH off")
    exceptions.sort(
        key=lambda item: (
            -(item[2].end_date - item[2].start_date).days,
            item[2].start_date,
            item[2].sort_order or 0,
        )
    )
    for first, last, exception in exceptions:
        dates = _osm_dates(first, last)
        if exception.closed or not (exception.opens and exception.closes):
            rules.append(f"{dates} off")
        else:
            rules.append(f"{dates} {_osm_interval(Interval(exception.opens, exception.closes))}")
    return "; ".join(rules)
