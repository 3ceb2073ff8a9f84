"""Rules for how long: "within 48 hours", "3-5 business days", "a fortnight", "an hour or two".

Minutes and hours are real time after the base instant; days, weeks, months and years end at
the end of the day they reach; business days and business hours count Monday to Friday only. A
range means its later end. Base of the examples: Tuesday 28 July 2026, 14:00, London.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from gripe.dates.arithmetic import (
    add_business_days,
    add_business_hours,
    add_months,
    after_elapsed,
)
from gripe.dates.rule import Context, day_rule, instant_rule
from gripe.dates.words import NUMBER_WORDS, Pattern
from gripe.errors import BadInput

_UNITS = {
    "minute": r"minutes?|mins?",
    "hour": r"hours?|hrs?|hr|h",
    "business hour": r"(?:business|working|work|office)\s+hours?",
    "business day": r"(?:business|working|work|week|bank)\s*days?|weekdays?",
    "day": r"days?",
    "week": r"weeks?|wks?",
    "fortnight": r"fortnights?",
    "month": r"months?",
    "year": r"years?|yrs?",
}
_UNIT = "|".join(f"(?P<{name.replace(' ', '_')}>{pattern})" for name, pattern in _UNITS.items())
_COUNT = r"(?:\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)"  # a number word is checked in code
_DURATION = Pattern(
    r"(?:(?:within|in|inside|inside\s+of|over)\s+)?(?:the\s+)?(?:(?:next|coming)\s+)?"
    rf"(?:between\s+(?P<low>{_COUNT})\s*(?:-|to|and)\s*|(?P<low2>{_COUNT})\s*(?:-|to|or)\s*)?"
    rf"(?P<count>{_COUNT}|half\s+an?|a\s+half)(?P<and_half>\s+and\s+a\s+half)?\s*(?:{_UNIT})"
    r"(?P<and_half2>\s+and\s+a\s+half)?(?:\s+or\s+(?P<high>[a-z]+|\d+))?"
    r"(?:'s?\s+time)?"  # "in a fortnight's time", "in 3 weeks' time"
)


class Duration(NamedTuple):
    """ "3-5 business days" → Duration(5, "business day"): the later end of a range."""

    amount: float
    unit: str


def _count(text: str) -> float | None:
    text = " ".join(text.split())
    if text in {"half a", "half an", "a half"}:
        return 0.5
    if text[0].isdigit():
        return float(text)
    value = NUMBER_WORDS.get(text)
    return None if value is None else float(value)


_UNIT_WORDS = {
    "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day", "days",
    "weekday", "weekdays", "week", "weeks", "wk", "wks", "fortnight", "fortnights", "month",
    "months", "year", "years", "yr", "yrs",
}  # fmt: skip


def _names_a_length(phrase: str) -> bool:
    """A cheap look before the regular expression: "48hrs", "3 days", "a fortnight's"."""
    return any(
        word.lstrip("0123456789.").removesuffix("'s").removesuffix("'") in _UNIT_WORDS
        for word in phrase.split()
    )


def duration(phrase: str) -> Duration | None:
    """The length ``phrase`` names, or None when it names none."""
    match = _DURATION.fullmatch(phrase) if _names_a_length(phrase) else None
    if not match:
        return None
    unit = next(name for name in _UNITS if match[name.replace(" ", "_")])
    count = _count(match["count"])
    low_text = match["low"] or match["low2"]
    low = _count(low_text) if low_text else None
    if count is None or (low_text and low is None):
        return None
    if match["and_half"] or match["and_half2"]:
        count += 0.5
    if match["high"]:
        high = _count(match["high"])
        if count != 1 or high is None:
            return None  # "an hour or two", "a day or two"; "3 days or 4" is not said
        count = high
    if low is not None and low > count:
        raise BadInput(f'{phrase!r} is a range that runs backwards; type it like "3-5 days"')
    return Duration(count, unit)


def _whole(found: Duration) -> int | None:
    """Days and longer are counted whole: "2.5 business days" is not a promise."""
    return int(found.amount) if found.amount.is_integer() else None


@instant_rule(
    "minutes and hours",
    '"within/in N minutes/hours" = base + N; "within the hour" = base + 1 h; "half an hour", '
    '"an hour and a half" = that much time after the base.',
    [
        ("within 48 hours", "2026-07-30 14:00"),
        ("in 30 minutes", "2026-07-28 14:30"),
        ("within the hour", "2026-07-28 15:00"),
        ("in 2 hrs", "2026-07-28 16:00"),
        ("24-48 hours", "2026-07-30 14:00"),
        ("48 hours", "2026-07-30 14:00"),
        ("half an hour", "2026-07-28 14:30"),
        ("an hour and a half", "2026-07-28 15:30"),
        ("1.5 hours", "2026-07-28 15:30"),
        ("an hour or two", "2026-07-28 16:00"),
        ("in two and a half hours", "2026-07-28 16:30"),
    ],
)
def minutes_and_hours(phrase: str, context: Context) -> datetime | None:
    if phrase in {"within the hour", "in the hour", "within the next hour"}:
        return after_elapsed(context.base, timedelta(hours=1))
    found = duration(phrase)
    if found is None or found.unit not in {"minute", "hour"}:
        return None
    minutes = found.amount * (60 if found.unit == "hour" else 1)
    return after_elapsed(context.base, timedelta(minutes=minutes))


@day_rule(
    "days, weeks and months",
    '"within/in N days/weeks", "a fortnight", "a month" = the end of the day that many days/'
    'weeks/calendar months after the base day; a bare "N days" = within that long.',
    [
        ("within 3 days", "2026-07-31"),
        ("in 10 days", "2026-08-07"),
        ("in 2 weeks", "2026-08-11"),
        ("a fortnight", "2026-08-11"),
        ("a month", "2026-08-28"),
        ("within a week", "2026-08-04"),
        ("within three days", "2026-07-31"),
        ("2-3 days", "2026-07-31"),
        ("within a year", "2027-07-28"),
        ("in a fortnight's time", "2026-08-11"),
        ("a month", "2026-09-30", "2026-08-31 10:00"),
        ("5-3 days", "refused: runs backwards"),
    ],
)
def days_weeks_months(phrase: str, context: Context) -> date | None:
    found = duration(phrase)
    if found is None or found.unit not in {"day", "week", "fortnight", "month", "year"}:
        return None
    count = _whole(found)
    if count is None:
        return None
    today = context.today
    if found.unit == "month":
        return add_months(today, count)
    if found.unit == "year":
        return add_months(today, 12 * count)
    days = {"day": 1, "week": 7, "fortnight": 14}[found.unit]
    return today + timedelta(days=days * count)


@day_rule(
    "business days",
    '"N business days"/"N working days" = the end of the Nth Monday-to-Friday day after the base '
    'day; "next business day"/"next working day" = the first.',
    [
        ("3 business days", "2026-07-31"),
        ("5 working days", "2026-08-04"),
        ("3-5 business days", "2026-08-04"),
        ("7 to 10 business days", "2026-08-11"),
        ("the next business day", "2026-07-29"),
        ("next working day", "2026-08-03", "2026-07-31 10:00"),
        ("1 business day", "2026-08-03", "2026-08-01 10:00"),
    ],
)
def business_days(phrase: str, context: Context) -> date | None:
    if re.fullmatch(r"(?:the\s+)?next\s+(?:business|working)\s+day", phrase):
        return add_business_days(context.today, 1)
    found = duration(phrase)
    if found is None or found.unit != "business day":
        return None
    count = _whole(found)
    return None if count is None else add_business_days(context.today, count)


@instant_rule(
    "business hours",
    '"N business/working hours" count only Monday-to-Friday time (weekends are skipped).',
    [
        ("48 business hours", "2026-07-30 14:00"),
        ("48 working hours", "2026-08-04 14:00", "2026-07-31 14:00"),
        ("24-48 working hours", "2026-07-30 14:00"),
    ],
)
def business_hours(phrase: str, context: Context) -> datetime | None:
    found = duration(phrase)
    if found is None or found.unit != "business hour":
        return None
    return add_business_hours(context.base, timedelta(hours=found.amount))
