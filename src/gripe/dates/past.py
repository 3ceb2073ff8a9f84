"""Reading when something happened (``--at``): the same words, read towards the past.

Every phrase means the most recent matching instant not after now: "yesterday 3pm", "Tuesday
10am" (today at 10:00 when today is Tuesday and it is past 10:00, else the Tuesday before), "2
hours ago". A day without a time means noon that day, or now when that day is today and noon is
still to come; "this morning" is 09:00, "this afternoon" 14:00, "this evening" 19:00, "last
night" 21:00 yesterday. Base of the examples: Tuesday 28 July 2026, 14:00, London.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from gripe.dates import fallback
from gripe.dates.arithmetic import (
    FIRST_YEAR,
    LAST_YEAR,
    at_clock,
    latest_weekday,
    safe_date,
    within_years,
)
from gripe.dates.days import iso_instant, month_day_parts, pick_reading
from gripe.dates.rule import Context, Rule, instant_rule, refusal
from gripe.dates.words import (
    NOON,
    WEEKDAYS,
    Pattern,
    clean,
    clock_time,
    impossible_time,
    number,
    refuse_too_long,
)
from gripe.errors import BadInput

AT_EXAMPLES = '"yesterday 3pm", "this morning", "2 hours ago", "Tuesday 10am" or 2026-07-28 14:30'
PAST_DAY_PARTS = {
    "morning": time(9),
    "afternoon": time(14),
    "evening": time(19),
    "night": time(21),
}
# When each part of the day begins: "this evening" said at 18:00 means now (it has begun and
# 19:00 is still to come); said at 14:00 it means 19:00, in the future, and is refused.
DAY_PART_STARTS = {
    "morning": time(5),
    "afternoon": time(12),
    "evening": time(17),
    "night": time(20),
}

_AGO = Pattern(
    r"(?P<count>\d+|an?|half an?|an? hour and a half|one)\s*"
    r"(?P<unit>m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)?\s+ago"
)
_NUMERIC = Pattern(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})(?:[/.-](?P<year>\d{4}|\d{2}))?")


def _most_recent(day: int, month: int, today: date) -> date | None:
    for year in (today.year, today.year - 1, today.year - 4):
        candidate = safe_date(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return None


def past_day(phrase: str, context: Context) -> tuple[date, bool] | None:
    """The day a past-facing phrase names, and whether it is a bare weekday (which may be
    today or a week before, by the time of day)."""
    phrase = phrase.removeprefix("on ").strip()
    today = context.today
    if phrase == "today":
        return today, False
    if phrase == "yesterday":
        return today - timedelta(days=1), False
    if phrase in {"the day before yesterday", "day before yesterday"}:
        return today - timedelta(days=2), False
    days_ago = re.fullmatch(
        r"(?P<count>\d+|an?|one|two|three)\s+(?P<unit>days?|weeks?)\s+ago", phrase
    )
    if days_ago:
        count = number(days_ago["count"]) or 1
        return today - timedelta(
            days=count * (7 if days_ago["unit"].startswith("w") else 1)
        ), False
    which, _, name = phrase.rpartition(" ")
    name = name.rstrip(".")
    if name in WEEKDAYS and which in {"", "last", "this", "past"}:
        if which == "last":
            return latest_weekday(today - timedelta(days=1), WEEKDAYS[name]), False
        return latest_weekday(today, WEEKDAYS[name]), True
    named = month_day_parts(phrase)
    if named:
        month, day, year = named
        found = safe_date(year, month, day) if year else _most_recent(day, month, today)
        if found is None:
            raise BadInput(f'{phrase!r} is not a date; type one like "Jul 20" or "2026-07-20"')
        return found, False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        try:
            return date.fromisoformat(phrase), False
        except ValueError:
            raise BadInput(f'{phrase!r} is not a date; type one like "2026-07-20"') from None
    numeric = _NUMERIC.fullmatch(phrase)
    if numeric:
        first, second = int(numeric["a"]), int(numeric["b"])
        if numeric["year"]:
            year = int(numeric["year"]) + (2000 if len(numeric["year"]) == 2 else 0)
            readings = {
                "DMY": safe_date(year, second, first),
                "MDY": safe_date(year, first, second),
            }
        else:
            readings = {
                "DMY": _most_recent(first, second, today),
                "MDY": _most_recent(second, first, today),
            }
        return pick_reading(readings, context.date_order, phrase), False
    return None


def _on(day: date, clock: time, context: Context) -> datetime:
    return at_clock(day, clock, context.zone)


@refusal(
    "in the future",
    "--at is when the call happened: words for the future are refused.",
    [("tomorrow 3pm", "refused: future"), ("in 2 hours", "refused: future")],
)
def in_the_future(phrase: str, context: Context) -> None:
    if re.search(r"\b(?:tomorrow|next|from now|in\s+\d+|in\s+an?)\b", phrase):
        raise BadInput(
            f"{context.quoted(phrase)} is in the future; --at is when the call happened, "
            f"like {AT_EXAMPLES}"
        )


@instant_rule(
    "now",
    '"now", "just now" mean the current time.',
    [("now", "2026-07-28 14:00"), ("just now", "2026-07-28 14:00")],
)
def now_(phrase: str, context: Context) -> datetime | None:
    return context.base if phrase in {"now", "just now", "right now"} else None


@instant_rule(
    "ISO date and time",
    "An ISO date and time is that instant, in the local zone unless it names its own offset.",
    [("2026-07-27 09:15", "2026-07-27 09:15"), ("2026-07-27T09:15:00Z", "2026-07-27 10:15")],
)
def iso_time(phrase: str, context: Context) -> datetime | None:
    return iso_instant(phrase, context.zone)


@instant_rule(
    "ago",
    '"2 hours ago", "half an hour ago", "a week ago": that long before now.',
    [
        ("2 hours ago", "2026-07-28 12:00"),
        ("half an hour ago", "2026-07-28 13:30"),
        ("an hour and a half ago", "2026-07-28 12:30"),
        ("3 days ago", "2026-07-25 14:00"),
        ("a week ago", "2026-07-21 14:00"),
    ],
)
def ago(phrase: str, context: Context) -> datetime | None:
    match = _AGO.fullmatch(phrase)
    if not match:
        return None
    count_text, unit = match["count"], (match["unit"] or "")[:1]
    if "and a half" in count_text:
        count, unit = 1.5, "h"
    else:
        count = (
            0.5
            if count_text.startswith("half")
            else 1
            if not count_text.isdigit()
            else int(count_text)
        )
    if not unit:
        return None
    step = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}.get(
        unit, timedelta(weeks=1)
    )
    return context.base - step * count


@instant_rule(
    "part of a past day",
    '"this morning" 09:00, "this afternoon" 14:00, "this evening" 19:00 (or now, when that part '
    'of the day has begun and its hour has not come), "last night" 21:00 yesterday.',
    [
        ("this morning", "2026-07-28 09:00"),
        ("this afternoon", "2026-07-28 14:00"),
        ("last night", "2026-07-27 21:00"),
        ("yesterday morning", "2026-07-27 09:00"),
        ("Sunday evening", "2026-07-26 19:00"),
    ],
)
def part_of_past_day(phrase: str, context: Context) -> datetime | None:
    today, now = context.today, context.base
    if phrase in {"this morning", "this afternoon", "this evening", "tonight"}:
        part = "night" if phrase == "tonight" else phrase.split()[1]
        if (
            _on(today, DAY_PART_STARTS[part], context)
            <= now
            < _on(today, PAST_DAY_PARTS[part], context)
        ):
            return now  # the part of the day has begun, its usual hour has not come yet
        return _on(today, PAST_DAY_PARTS[part], context)
    if phrase == "last night":
        return _on(today - timedelta(days=1), PAST_DAY_PARTS["night"], context)
    parts = re.fullmatch(r"(?P<day>.+?)\s+(?P<part>morning|afternoon|evening|night)", phrase)
    found = past_day(parts["day"], context) if parts else None
    if parts is None or found is None:
        return None
    day, any_week = found
    moment = _on(day, PAST_DAY_PARTS[parts["part"]], context)
    return moment - timedelta(weeks=1) if any_week and moment > now else moment


@instant_rule(
    "clock time",
    "A time alone is today's, or yesterday's when today's is still to come.",
    [
        ("10am", "2026-07-28 10:00"),
        ("3pm", "2026-07-27 15:00"),
        ("at 10:15", "2026-07-28 10:15"),
        ("noon", "2026-07-28 12:00"),
        ("half past nine", "2026-07-28 09:30"),
    ],
)
def past_clock(phrase: str, context: Context) -> datetime | None:
    found = clock_time(phrase)
    if found is None:
        return None
    moment = _on(context.today, found, context)
    return moment if moment <= context.base else moment - timedelta(days=1)


@instant_rule(
    "day and time",
    '"yesterday 3pm", "Tuesday 10am": that day at that time, the most recent one not after now.',
    [
        ("yesterday 3pm", "2026-07-27 15:00"),
        ("3pm yesterday", "2026-07-27 15:00"),
        ("Tuesday 10am", "2026-07-28 10:00"),
        ("Tuesday 3pm", "2026-07-21 15:00"),
        ("last Tuesday 10am", "2026-07-21 10:00"),
        ("10am on Tuesday", "2026-07-28 10:00"),
        ("sunday 9pm", "2026-07-26 21:00"),
        ("3 days ago 10am", "2026-07-25 10:00"),
        ("13/07/2026 3pm", "2026-07-13 15:00"),
    ],
)
def past_day_and_time(phrase: str, context: Context) -> datetime | None:
    words = phrase.split()
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        for day_phrase, time_phrase in ((first, second), (second, first)):
            found_time = clock_time(time_phrase.removesuffix(" on"), bare_hours=True)
            found_day = past_day(day_phrase, context) if found_time else None
            if found_time is not None and found_day is not None:
                day, any_week = found_day
                moment = _on(day, found_time, context)
                return (
                    moment - timedelta(weeks=1) if any_week and moment > context.base else moment
                )
    return None


@instant_rule(
    "day",
    "A day without a time means noon that day, or now when it is today and noon is to come.",
    [
        ("yesterday", "2026-07-27 12:00"),
        ("Monday", "2026-07-27 12:00"),
        ("Tuesday", "2026-07-28 12:00"),
        ("Jul 20", "2026-07-20 12:00"),
        ("Aug 5", "2025-08-05 12:00"),
        ("2026-07-20", "2026-07-20 12:00"),
        ("today", "2026-07-28 12:00"),
    ],
)
def past_day_alone(phrase: str, context: Context) -> datetime | None:
    found = past_day(phrase, context)
    if found is None:
        return None
    day = found[0]
    noon = _on(day, NOON, context)
    return min(noon, context.base) if day == context.today else noon


AT_RULES: tuple[Rule[Any], ...] = (
    now_,
    iso_time,
    in_the_future,
    ago,
    part_of_past_day,
    past_clock,
    past_day_and_time,
    past_day_alone,
)


def parse_at(
    text: str, now: datetime, date_order: str | None = None, allow_future: bool = False
) -> datetime:
    """When something happened, read towards the past from ``now`` (aware, local zone).

    ``allow_future`` lets an explicit ISO time lie ahead (``gripe when --at`` asks "what if");
    phrases still read towards the past.
    """
    refuse_too_long(text)
    if not text.strip():
        raise BadInput(f"the time is empty; type when it happened, like {AT_EXAMPLES}")
    if re.fullmatch(r"\s*\d+\s*", text):
        raise BadInput(f"{text!r} is a bare number, not a time; type {AT_EXAMPLES}")
    phrase = clean(text)
    context = Context(now, date_order, AT_RULES, said=text.strip())
    try:
        moment = next(
            (found.due for rule in AT_RULES if (found := rule.read(phrase, context)) is not None),
            None,
        )
        if moment is None:
            impossible = impossible_time(phrase)
            if impossible:
                raise BadInput(
                    f'{impossible!r} is not a time of day; type one like "3pm" or "15:00"'
                )
            moment = fallback.past(text, now, date_order)
    except OverflowError:
        moment = now.replace(year=1)
    if moment is None:
        raise BadInput(f"cannot read {text!r} as a time; type {AT_EXAMPLES}")
    if not within_years(moment):
        raise BadInput(
            f"{text!r} falls outside the years gripe keeps ({FIRST_YEAR}-{LAST_YEAR}); "
            f"type when it happened, like {AT_EXAMPLES}"
        )
    if moment.astimezone(timezone.utc) > now.astimezone(timezone.utc) and not allow_future:
        raise BadInput(
            f"{text!r} is in the future; --at is when the call happened, like {AT_EXAMPLES}"
        )
    return moment
