"""Opening hours in Europe/Helsinki: weekly intervals (several a day, over midnight), dated
exceptions (closed or special hours; the most specific wins), Finnish public holidays closed
unless an exception says otherwise, pop-up dates, summer time changes, the labels people read,
the schedule the Ohjaamo page shows, and no queries per point when the hours are prefetched."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from locations import hours
from locations.models import OpeningException, OpeningHours, ServicePoint

HEL = ZoneInfo("Europe/Helsinki")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def at(text):
    """An aware Helsinki datetime from "2026-11-23 12:00"."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=HEL)


def t(text):
    return datetime.time.fromisoformat(text)


def d(text):
    return datetime.date.fromisoformat(text)


def point(weekly=(), exceptions=(), valid_from=None, valid_to=None):
    """An unsaved point with its hours in memory (no database needed)."""
    return ServicePoint(
        name="Testipiste",
        kind=ServicePoint.Kind.POPUP if valid_from else ServicePoint.Kind.MAIN,
        valid_from=valid_from,
        valid_to=valid_to,
        weekly_hours=[
            OpeningHours(weekday=day, opens=t(opens), closes=t(closes))
            for day, opens, closes in weekly
        ],
        exceptions=[
            OpeningException(
                start_date=d(first),
                end_date=d(last),
                closed=opens is None,
                opens=t(opens) if opens else None,
                closes=t(closes) if closes else None,
                reason=reason,
                sort_order=i,
            )
            for i, (first, last, opens, closes, reason) in enumerate(exceptions)
        ],
    )


OFFICE = [(day, "10:00", "16:00") for day in (MON, TUE, WED, THU, FRI)]
EVERY_DAY = [(day, "10:00", "16:00") for day in range(7)]


# --- Weekly hours --------------------------------------------------------------------------------


def test_open_inside_an_interval_closes_at_its_end():
    state = hours.status(point(OFFICE), at("2026-11-23 12:00"))  # a Monday
    assert state.is_open is True
    assert state.closes_at == at("2026-11-23 16:00")
    assert state.closes_at.utcoffset() == datetime.timedelta(hours=2)
    assert state.opens_next_at is None


def test_closed_before_opening_opens_the_same_day():
    state = hours.status(point(OFFICE), at("2026-11-23 09:59"))
    assert state.is_open is False
    assert state.closes_at is None
    assert state.opens_next_at == at("2026-11-23 10:00")


def test_closing_time_itself_is_closed():
    state = hours.status(point(OFFICE), at("2026-11-23 16:00"))
    assert state.is_open is False
    assert state.opens_next_at == at("2026-11-24 10:00")


def test_friday_evening_opens_on_monday():
    state = hours.status(point(OFFICE), at("2026-11-27 18:00"))
    assert state.opens_next_at == at("2026-11-30 10:00")


def test_several_intervals_a_day():
    p = point([(MON, "09:00", "11:00"), (MON, "12:00", "16:00")])
    assert hours.status(p, at("2026-11-23 10:00")).closes_at == at("2026-11-23 11:00")
    lunch = hours.status(p, at("2026-11-23 11:30"))
    assert lunch.is_open is False
    assert lunch.opens_next_at == at("2026-11-23 12:00")


def test_interval_over_midnight_keeps_the_point_open_into_the_next_day():
    p = point([(FRI, "20:00", "02:00")])
    evening = hours.status(p, at("2026-11-27 23:00"))
    assert evening.is_open and evening.closes_at == at("2026-11-28 02:00")
    night = hours.status(p, at("2026-11-28 01:30"))
    assert night.is_open and night.closes_at == at("2026-11-28 02:00")
    assert hours.status(p, at("2026-11-28 02:00")).opens_next_at == at("2026-12-04 20:00")


def test_touching_intervals_close_at_the_end_of_the_last():
    p = point([(FRI, "18:00", "00:00"), (SAT, "00:00", "03:00")])
    state = hours.status(p, at("2026-11-27 19:00"))
    assert state.closes_at == at("2026-11-28 03:00")


def test_open_around_the_clock_closes_at_the_next_holiday():
    p = point([(day, "00:00", "00:00") for day in range(7)])
    state = hours.status(p, at("2026-11-23 03:00"))
    assert state.is_open is True
    assert state.closes_at == at("2026-12-06 00:00")  # Independence Day
    # With the holiday opened by an exception it stays open beyond the search window.
    p = point(
        [(day, "00:00", "00:00") for day in range(7)],
        [("2026-12-06", "2026-12-26", "00:00", "00:00", "Päivystys")],
    )
    state = hours.status(p, at("2026-11-23 03:00"))
    assert state.is_open is True
    assert state.closes_at == at("2027-01-01 00:00")


def test_no_hours_at_all_is_closed_with_no_next_opening():
    state = hours.status(point(), at("2026-11-23 12:00"))
    assert (state.is_open, state.closes_at, state.opens_next_at) == (False, None, None)
    with translation.override("en"):
        assert state.label() == "Closed"


# --- Holidays ------------------------------------------------------------------------------------


def test_independence_day_is_closed():
    # 6 December 2027 is a Monday.
    state = hours.status(point(OFFICE), at("2027-12-06 12:00"))
    assert state.is_open is False
    assert state.opens_next_at == at("2027-12-07 10:00")


def test_midsummer_eve_and_day_are_closed():
    p = point(EVERY_DAY)
    eve = hours.status(p, at("2026-06-19 12:00"))  # juhannusaatto, a Friday
    assert eve.is_open is False
    assert eve.opens_next_at == at("2026-06-21 10:00")  # juhannuspäivä Saturday closed too


def test_good_friday_and_easter_monday_are_closed():
    p = point(OFFICE)
    assert hours.status(p, at("2026-04-03 12:00")).opens_next_at == at("2026-04-07 10:00")


def test_an_exception_overrides_a_holiday():
    p = point(OFFICE, [("2027-12-06", "2027-12-06", "12:00", "15:00", "Itsenäisyyspäivän avoimet")])
    state = hours.status(p, at("2027-12-06 13:00"))
    assert state.is_open is True
    assert state.closes_at == at("2027-12-06 15:00")
    day = hours.Schedule(p).day(d("2027-12-06"))
    assert day.source == "exception"
    assert day.reason == "Itsenäisyyspäivän avoimet"


def test_an_interval_belongs_to_the_day_it_opens_on():
    # Saturday 5.12.2026 20–02 runs into Independence Day (Sunday 6.12.2026).
    p = point([(SAT, "20:00", "02:00")])
    state = hours.status(p, at("2026-12-06 01:00"))
    assert state.is_open is True
    assert state.closes_at == at("2026-12-06 02:00")


def test_holiday_names_in_each_language():
    assert hours.holiday_name(d("2026-12-06"), "fi") == "Itsenäisyyspäivä"
    assert hours.holiday_name(d("2026-12-06"), "sv") == "Självständighetsdagen"
    assert hours.holiday_name(d("2026-12-06"), "en") == "Independence Day"
    assert hours.holiday_name(d("2026-12-07"), "fi") is None


# --- Exceptions ----------------------------------------------------------------------------------


def test_a_closed_range_is_closed_every_day_and_opens_after_it():
    p = point(OFFICE, [("2026-12-21", "2027-01-06", None, None, "Joulutauko")])
    state = hours.status(p, at("2026-12-21 12:00"))
    assert state.is_open is False
    assert state.opens_next_at == at("2027-01-07 10:00")


def test_special_hours_replace_the_weekly_hours():
    p = point(OFFICE, [("2026-12-28", "2026-12-30", "12:00", "15:00", "Välipäivät")])
    assert hours.status(p, at("2026-12-28 11:00")).opens_next_at == at("2026-12-28 12:00")
    assert hours.status(p, at("2026-12-28 13:00")).closes_at == at("2026-12-28 15:00")
    # The day after the range the weekly hours apply again (New Year's Eve is no holiday).
    assert hours.status(p, at("2026-12-31 11:00")).is_open is True


def test_special_hours_over_midnight():
    p = point([], [("2026-11-28", "2026-11-28", "18:00", "01:00", "Yö-Ohjaamo")])
    state = hours.status(p, at("2026-11-29 00:30"))
    assert state.is_open and state.closes_at == at("2026-11-29 01:00")


def test_the_most_specific_exception_wins():
    p = point(
        EVERY_DAY,
        [
            ("2026-07-01", "2026-07-31", None, None, "Kesätauko"),
            ("2026-07-15", "2026-07-15", "10:00", "14:00", "Kesätapahtuma"),
        ],
    )
    sched = hours.Schedule(p)
    assert sched.day(d("2026-07-14")).closed
    assert sched.day(d("2026-07-14")).reason == "Kesätauko"
    event = sched.day(d("2026-07-15"))
    assert not event.closed and event.reason == "Kesätapahtuma"
    assert hours.status(p, at("2026-07-10 12:00")).opens_next_at == at("2026-07-15 10:00")


def test_opens_next_looks_beyond_a_long_summer_closure():
    p = point(OFFICE, [("2026-06-01", "2026-08-09", None, None, "Kesätauko")])
    assert hours.status(p, at("2026-06-01 12:00")).opens_next_at == at("2026-08-10 10:00")


# --- Pop-up points -------------------------------------------------------------------------------


def test_a_popup_is_closed_outside_its_dates():
    p = point([(TUE, "13:00", "17:00")], valid_from=d("2026-11-16"), valid_to=d("2026-12-04"))
    before = hours.status(p, at("2026-11-10 14:00"))  # a Tuesday before the dates
    assert before.is_open is False
    assert before.opens_next_at == at("2026-11-17 13:00")
    assert hours.status(p, at("2026-11-24 14:00")).is_open is True
    after = hours.status(p, at("2026-12-08 14:00"))
    assert (after.is_open, after.opens_next_at) == (False, None)
    assert hours.Schedule(p).day(d("2026-12-08")).source == "out_of_season"


# --- Summer time ---------------------------------------------------------------------------------


def test_spring_forward_offsets_and_a_night_one_hour_shorter():
    # Clocks go from 03:00 to 04:00 on Sunday 29 March 2026.
    p = point([(SAT, "22:00", "05:00"), (MON, "10:00", "16:00")])
    night = hours.status(p, at("2026-03-28 23:00"))
    assert night.closes_at == at("2026-03-29 05:00")
    assert night.closes_at.utcoffset() == datetime.timedelta(hours=3)
    start, end = hours.Interval(t("22:00"), t("05:00")).on(d("2026-03-28"))
    assert end - start == datetime.timedelta(hours=6)
    monday = hours.status(p, at("2026-03-29 12:00"))
    assert monday.opens_next_at == at("2026-03-30 10:00")
    assert monday.opens_next_at.utcoffset() == datetime.timedelta(hours=3)


def test_fall_back_night_one_hour_longer_and_open_in_the_repeated_hour():
    # Clocks go from 04:00 back to 03:00 on Sunday 25 October 2026.
    p = point([(SAT, "22:00", "05:00")])
    start, end = hours.Interval(t("22:00"), t("05:00")).on(d("2026-10-24"))
    assert end - start == datetime.timedelta(hours=8)
    for fold in (0, 1):
        repeated = at("2026-10-25 03:30").replace(fold=fold)
        state = hours.status(p, repeated)
        assert state.is_open is True
        assert state.closes_at.utcoffset() == datetime.timedelta(hours=2)


def test_a_time_skipped_by_summer_time_opens_at_the_first_real_instant():
    p = point([(SUN, "03:30", "08:00")])
    state = hours.status(p, at("2026-03-29 01:00"))
    assert state.opens_next_at.astimezone(datetime.UTC) == datetime.datetime(
        2026, 3, 29, 1, 30, tzinfo=datetime.UTC
    )


def test_now_in_another_time_zone_is_read_in_helsinki():
    utc_now = datetime.datetime(2026, 11, 23, 14, 30, tzinfo=datetime.UTC)  # 16:30 in Helsinki
    state = hours.status(point(OFFICE), utc_now)
    assert state.is_open is False
    assert state.opens_next_at == at("2026-11-24 10:00")


# --- Labels --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-23 12:00", "Open now, closes today at 16:00"),
        ("2026-11-23 08:00", "Closed, opens today at 10:00"),
        ("2026-11-23 17:00", "Closed, opens tomorrow at 10:00"),
        ("2026-11-27 17:00", "Closed, opens on Monday at 10:00"),
        ("2026-12-21 12:00", "Closed, opens on 7 January at 10:00"),
    ],
)
def test_labels_in_english(now, expected):
    p = point(OFFICE, [("2026-12-21", "2027-01-06", None, None, "Joulutauko")])
    with translation.override("en"):
        assert hours.status(p, at(now)).label() == expected


def test_times_are_written_the_finnish_way_in_finnish_and_swedish():
    state = hours.status(point(OFFICE), at("2026-11-23 12:00"))
    for lang in ("fi", "sv"):
        with translation.override(lang):
            assert "16.00" in state.label()
            assert hours.format_time(t("09:00")) == "9.00"
    with translation.override("en"):
        assert hours.format_time(t("09:00")) == "09:00"


# --- What the Ohjaamo page shows -----------------------------------------------------------------


def test_regular_hours_group_days_with_the_same_hours():
    p = point([*[(day, "10:00", "16:00") for day in range(4)], (FRI, "10:00", "14:00")])
    with translation.override("en"):
        rows = hours.Schedule(p).regular()
    assert [(row["days"], row["label"]) for row in rows] == [
        ("Monday–Thursday", "10:00–16:00"),
        ("Friday", "10:00–14:00"),
        ("Saturday–Sunday", "closed"),
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        # English weekdays are proper nouns; Finnish and Swedish ones are written in lower case
        # after the first word of a range.
        ("en", ["Monday–Thursday", "Friday", "Saturday–Sunday"]),
        ("fi", ["Maanantai–torstai", "Perjantai", "Lauantai–sunnuntai"]),
        ("sv", ["Måndag–torsdag", "Fredag", "Lördag–söndag"]),
    ],
)
def test_weekday_ranges_are_capitalised_as_the_language_writes_them(lang, expected):
    p = point([*[(day, "10:00", "16:00") for day in range(4)], (FRI, "10:00", "14:00")])
    with translation.override(lang):
        assert [row["days"] for row in hours.Schedule(p).regular()] == expected


def test_the_week_from_today_marks_today_holidays_and_exceptions():
    p = point(OFFICE, [("2026-12-08", "2026-12-08", None, None, "Koulutus")])
    with translation.override("fi"):
        week = hours.Schedule(p).days(d("2026-12-04"), 7, today=d("2026-12-04"))
        # Labels are formatted when read, in the language then active.
        assert {day.date: day for day in week}[d("2026-12-07")].hours_label == "10.00–16.00"
    assert [day.is_today for day in week] == [True] + [False] * 6
    by_date = {day.date: day for day in week}
    assert by_date[d("2026-12-06")].source == "holiday"  # a Sunday, and a holiday
    assert by_date[d("2026-12-08")].closed and by_date[d("2026-12-08")].reason == "Koulutus"


def test_upcoming_lists_exceptions_and_holidays_that_close_an_open_day():
    p = point(OFFICE, [("2026-12-28", "2026-12-30", "12:00", "15:00", "Välipäivät")])
    with translation.override("fi"):
        items = hours.Schedule(p).upcoming(d("2026-11-22"), days=60)
    listed = [(item["first"], item["source"], item["reason"]) for item in items]
    assert listed == [
        (d("2026-12-24"), "holiday", "Jouluaatto"),
        (d("2026-12-25"), "holiday", "Joulupäivä"),
        (d("2026-12-28"), "exception", "Välipäivät"),
        (d("2027-01-01"), "holiday", "Uudenvuodenpäivä"),
        (d("2027-01-06"), "holiday", "Loppiainen"),
    ]  # 6.12 and 26.12 fall on a weekend, when the point is closed anyway
    assert items[2]["hours"] == "12.00–15.00"
    assert items[2]["dates"] == "28.12.–30.12.2026"


def test_schema_org_specification_has_weekly_hours_and_dated_closures():
    p = point(
        [(MON, "10:00", "16:00")],
        [("2026-12-28", "2026-12-28", "12:00", "15:00", "Välipäivät")],
    )
    with translation.override("fi"):
        items = hours.opening_hours_specification(p, d("2026-11-22"))
    assert items[0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "10:00",
        "closes": "16:00",
    }
    special = next(i for i in items if i.get("validFrom") == "2026-12-28")
    assert (special["opens"], special["closes"]) == ("12:00", "15:00")
    # No Monday holiday within 60 days of 22.11.2026; 6.12.2027 is one.
    later = hours.opening_hours_specification(p, d("2027-11-20"))
    closed = next(i for i in later if i.get("validFrom") == "2027-12-06")
    assert (closed["opens"], closed["closes"], closed["validThrough"]) == (
        "00:00",
        "00:00",
        "2027-12-06",
    )


# --- Queries -------------------------------------------------------------------------------------


def test_no_queries_per_point_when_hours_are_prefetched(db, django_assert_num_queries):
    from locations.geo import live_points

    points = list(live_points("fi"))
    assert len(points) >= 10
    assert any(p.weekly_hours.all() for p in points)
    now = at("2026-11-23 12:00")
    with django_assert_num_queries(0):
        states = [hours.status(p, now) for p in points]
        for p in points:
            sched = hours.Schedule(p)
            sched.days(d("2026-11-23"), 7)
            sched.upcoming(d("2026-11-23"))
    assert any(s.is_open for s in states)
