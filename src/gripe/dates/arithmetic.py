"""Calendar arithmetic: days, business days, month ends, elapsed time.

Day arithmetic works on local calendar dates, so a deadline given as a day stays on that day
across a daylight-saving change; elapsed time ("in 3 hours") works on UTC instants, so that it is
real time. Business days and business hours are Monday to Friday (public holidays differ by
country and year, and gripe does not guess them). ``benchmarks/make_db.py`` computes the
deadlines it stores with these functions too, so the benchmark's data and gripe's reading agree.

Every function raises ``OverflowError`` for a result beyond what ``datetime`` can hold; the
readers turn that into "outside the years gripe keeps".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

END_OF_DAY = time(23, 59)
FIRST_YEAR = 1970
LAST_YEAR = 2200
WORKING_DAYS_A_WEEK = 5


def end_of(day: date, zone: tzinfo | None) -> datetime:
    """The last minute of ``day``: what a deadline with only a date means."""
    return datetime.combine(day, END_OF_DAY, tzinfo=zone)


def at_clock(day: date, clock: time, zone: tzinfo | None) -> datetime:
    return datetime.combine(day, clock, tzinfo=zone)


def within_years(moment: datetime | date) -> bool:
    """Whether gripe keeps this instant: the years 1970 to 2200."""
    return FIRST_YEAR <= moment.year <= LAST_YEAR


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when there is no such day (30 February, year 0)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def next_weekday(after: date, weekday: int) -> date:
    """The nearest day with that weekday (Monday = 0) strictly after ``after``."""
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


def latest_weekday(on_or_before: date, weekday: int) -> date:
    """The latest day with that weekday on or before ``on_or_before``."""
    return on_or_before - timedelta(days=(on_or_before.weekday() - weekday) % 7)


def monday_of_week(day: date, weeks_ahead: int = 0) -> date:
    """Monday of the calendar week holding ``day`` (weeks start on Monday), moved on."""
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks_ahead)


def friday_of_week(day: date, weeks_ahead: int = 0) -> date:
    return monday_of_week(day, weeks_ahead) + timedelta(days=4)


def add_business_days(start: date, count: int) -> date:
    """The ``count``-th Monday-to-Friday day after ``start`` (``start`` itself never counts)."""
    if count <= 0:
        return start
    # From a weekend, the business days after it are those after the Friday before it; from a
    # weekday, every five business days are one calendar week.
    day = start - timedelta(days=max(0, start.weekday() - 4))
    weeks, rest = divmod(count, WORKING_DAYS_A_WEEK)
    day += timedelta(weeks=weeks)
    while rest:
        day += timedelta(days=1)
        if day.weekday() < WORKING_DAYS_A_WEEK:
            rest -= 1
    return day


def days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def add_months(start: date, count: int) -> date:
    """The same day ``count`` calendar months on, or that month's last day when it is shorter."""
    month_index = start.month - 1 + count
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if not 1 <= year <= 9999:
        raise OverflowError("date value out of range")
    return date(year, month, min(start.day, days_in_month(year, month)))


def end_of_month(day: date) -> date:
    return date(day.year, day.month, days_in_month(day.year, day.month))


def after_elapsed(base: datetime, elapsed: timedelta) -> datetime:
    """``base`` plus real elapsed time, across any DST change, in ``base``'s zone."""
    return (base.astimezone(timezone.utc) + elapsed).astimezone(base.tzinfo)


_WEEK_OF_WORKING_HOURS = timedelta(days=WORKING_DAYS_A_WEEK)


def add_business_hours(base: datetime, hours: timedelta) -> datetime:
    """``base`` plus ``hours`` counted on Monday-to-Friday clocks only: weekends are skipped.

    Counted on the local wall clock: 48 business hours from Friday 14:00 are Friday's last ten
    hours, all of Monday and Tuesday until 14:00.
    """
    zone = base.tzinfo
    moment = base.replace(tzinfo=None)
    left = hours
    while True:
        if moment.weekday() >= WORKING_DAYS_A_WEEK:
            moment = datetime.combine(next_weekday(moment.date(), 0), time(0))
        if moment.weekday() == 0 and moment.time() == time(0) and left >= _WEEK_OF_WORKING_HOURS:
            weeks = left // _WEEK_OF_WORKING_HOURS
            moment += timedelta(weeks=weeks)
            left -= _WEEK_OF_WORKING_HOURS * weeks
        midnight = datetime.combine(moment.date() + timedelta(days=1), time(0))
        if left <= midnight - moment:
            return (moment + left).replace(tzinfo=zone)
        left -= midnight - moment
        moment = midnight
