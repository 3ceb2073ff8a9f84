"""Reading times and durations the way people type them.

`parse_at` reads when something happened ("yesterday 3pm", "Tuesday 10am", "2 hours ago",
ISO times): every phrase faces the past, and a time in the future is refused. `parse_duration`
reads "25m", "1h10m", "1:10" and "90" (minutes). Common phrases go through the rules below;
dateparser, slow to import and to warm up, is called only for what they do not cover, with
explicit settings, and only a past time is accepted from it. This is the only module that
imports dateparser.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from gripe.errors import BadInput

WEEKDAYS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
# When a past phrase names part of a day but no time: a representative hour of it.
PAST_DAY_PARTS = {
    "morning": time(9),
    "afternoon": time(14),
    "evening": time(19),
    "night": time(21),
}
NOON = time(12)

_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = (
    r"(?:(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s*m\.?"
    r"|(?P<hour24>\d{1,2})[:.](?P<minute24>\d{2})"
    r"|(?P<named>noon|midday|midnight))"
)
_TIME_RE = re.compile(rf"^(?:at\s+)?{_TIME}$")
_AGO_RE = re.compile(
    r"^(?P<count>\d+|an?|half an?)\s*"
    r"(?P<unit>m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)\s+ago$"
)
_MONTH_DAY_RE = re.compile(
    rf"^(?:(?P<month1>{_MONTH})\.?\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?:the\s+)?(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH})\.?)"
    r"(?:,?\s+(?P<year>\d{4}))?$"
)
_NUMERIC_DATE_RE = re.compile(r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4}|\d{2})$")


def _clean(text: str) -> str:
    return " ".join(text.strip().lower().replace(",", " ").split())


def parse_time_of_day(text: str) -> time | None:
    """ "3pm", "3:30 pm", "15:00", "noon" → a clock time; None when ``text`` is not one."""
    match = _TIME_RE.match(text)
    if not match:
        return None
    if match["named"]:
        return time(0) if match["named"] == "midnight" else NOON
    if match["hour24"] is not None:
        hour, minute = int(match["hour24"]), int(match["minute24"])
    else:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_duration(text: str) -> int:
    """Minutes from "25m", "25 min", "1h", "1h10m", "1 h 10 m", "1:10" or a bare "90"."""
    cleaned = _clean(text).replace(" ", "")
    match = re.fullmatch(
        r"(?:(?P<hours>\d+)(?:h|hr|hrs|hour|hours))?(?:(?P<minutes>\d+)(?:m|min|mins|minute|minutes)?)?",
        cleaned,
    )
    clock_match = re.fullmatch(r"(?P<hours>\d+):(?P<minutes>[0-5]\d)", cleaned)
    if clock_match:
        return int(clock_match["hours"]) * 60 + int(clock_match["minutes"])
    if cleaned and match and (match["hours"] or match["minutes"]):
        # "1h10" is fine; a bare number after hours reads as minutes.
        return int(match["hours"] or 0) * 60 + int(match["minutes"] or 0)
    raise BadInput(f"{text!r} is not a duration; type minutes like 25m, 90 or 1h10m (or 1:10)")


def _most_recent_weekday(today: date, weekday: int) -> date:
    """The latest day with that weekday strictly before ``today``."""
    back = (today.weekday() - weekday) % 7 or 7
    return today - timedelta(days=back)


def _month_day(match: re.Match[str], today: date) -> date | None:
    month = MONTHS[match["month1"] or match["month2"]]
    day = int(match["day1"] or match["day2"])
    if match["year"]:
        return _safe_date(int(match["year"]), month, day)
    candidate = _safe_date(today.year, month, day)
    if candidate is None or candidate > today:
        candidate = _safe_date(today.year - 1, month, day)
    return candidate


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _numeric_date(match: re.Match[str], date_order: str | None, text: str) -> date:
    first, second = int(match["a"]), int(match["b"])
    year = int(match["year"])
    year += 2000 if year < 100 else 0
    readings = {
        order: _safe_date(year, month, day)
        for order, (day, month) in {"DMY": (first, second), "MDY": (second, first)}.items()
    }
    valid = {order: found for order, found in readings.items() if found is not None}
    if date_order in valid:
        return valid[date_order]
    if len(set(valid.values())) == 1:
        return next(iter(valid.values()))
    if not valid:
        raise BadInput(f"{text!r} is not a date; type one like 2026-07-28")
    raise BadInput(
        f"{text!r} could be {readings['DMY']:%d %B} or {readings['MDY']:%d %B}; type 2026-07-28, "
        "or set the order once: gripe config set date_order DMY (or MDY)"
    )


def _past_day(phrase: str, today: date, date_order: str | None) -> date | None:
    """The day a past-facing day phrase names, or None when ``phrase`` is not one."""
    phrase = phrase.removeprefix("on ").strip()
    if phrase == "today":
        return today
    if phrase == "yesterday":
        return today - timedelta(days=1)
    if phrase in {"the day before yesterday", "day before yesterday"}:
        return today - timedelta(days=2)
    weekday = re.fullmatch(rf"(?:last\s+|this\s+|past\s+)?({_WEEKDAY})\.?", phrase)
    if weekday:
        return _most_recent_weekday(today, WEEKDAYS[weekday[1]])
    month_day = _MONTH_DAY_RE.match(phrase)
    if month_day:
        return _month_day(month_day, today)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        try:
            return date.fromisoformat(phrase)
        except ValueError:
            raise BadInput(f"{phrase!r} is not a date; type one like 2026-07-28") from None
    numeric = _NUMERIC_DATE_RE.match(phrase)
    if numeric:
        return _numeric_date(numeric, date_order, phrase)
    return None


def _split_day_and_time(phrase: str) -> tuple[str, time | None] | None:
    """ "yesterday at 3pm", "3pm yesterday", "tuesday 10am" → ("yesterday", 15:00) …"""
    match = re.fullmatch(rf"(?P<day>.+?)\s+(?:at\s+)?(?P<time>{_TIME})", phrase)
    if match:
        return match["day"], parse_time_of_day(match["time"])
    match = re.fullmatch(rf"(?:at\s+)?(?P<time>{_TIME})\s+(?:on\s+)?(?P<day>.+)", phrase)
    if match:
        return match["day"], parse_time_of_day(match["time"])
    return None


def _ago(match: re.Match[str]) -> timedelta:
    count_text = match["count"]
    count = (
        0.5
        if count_text.startswith("half")
        else 1
        if count_text in {"a", "an"}
        else int(count_text)
    )
    unit = match["unit"][0]
    return {
        "m": timedelta(minutes=count),
        "h": timedelta(hours=count),
        "d": timedelta(days=count),
        "w": timedelta(weeks=count),
    }[unit]


def _iso(text: str, now: datetime) -> datetime | None:
    candidate = text.strip().replace("Z", "+00:00")
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}", candidate):
        return None
    try:
        moment = datetime.fromisoformat(candidate)
    except ValueError:
        raise BadInput(f"{text!r} is not a time; type one like 2026-07-28 14:30") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=now.tzinfo)
    return moment.astimezone(now.tzinfo)


def _at_rules(text: str, now: datetime, date_order: str | None) -> datetime | None:
    phrase = _clean(text)
    today = now.date()

    def on(day: date, clock_time: time) -> datetime:
        return datetime.combine(day, clock_time, tzinfo=now.tzinfo)

    if phrase in {"now", "just now", "right now"}:
        return now
    iso = _iso(text, now)
    if iso is not None:
        return iso
    ago = _AGO_RE.match(phrase)
    if ago:
        return now - _ago(ago)
    if phrase in {"this morning", "this afternoon", "this evening", "tonight"}:
        part = "night" if phrase == "tonight" else phrase.split()[1]
        return min(on(today, PAST_DAY_PARTS[part]), now)
    if phrase == "last night":
        return on(today - timedelta(days=1), PAST_DAY_PARTS["night"])
    clock_time = parse_time_of_day(phrase)
    if clock_time is not None:
        moment = on(today, clock_time)
        return moment if moment <= now else on(today - timedelta(days=1), clock_time)
    parts = re.fullmatch(r"(?P<day>.+?)\s+(?P<part>morning|afternoon|evening|night)", phrase)
    if parts:
        day = _past_day(parts["day"], today, date_order)
        if day is not None:
            return on(day, PAST_DAY_PARTS[parts["part"]])
    split = _split_day_and_time(phrase)
    if split is not None:
        day_phrase, split_time = split
        day = _past_day(day_phrase, today, date_order)
        if day is not None and split_time is not None:
            return on(day, split_time)
    day = _past_day(phrase, today, date_order)
    if day is not None:
        # A day without a time: noon, or now when noon is still to come.
        return min(on(day, NOON), now)
    return None


_AT_EXAMPLES = '"yesterday 3pm", "this morning", "2 hours ago", "Tuesday 10am" or 2026-07-28 14:30'


def parse_at(text: str, now: datetime, date_order: str | None = None) -> datetime:
    """When something happened, read towards the past from ``now`` (aware, local zone)."""
    if not text.strip():
        raise BadInput(f"the time is empty; type when it happened, like {_AT_EXAMPLES}")
    if re.fullmatch(r"\s*\d+\s*", text):
        raise BadInput(f"{text!r} is a bare number, not a time; type {_AT_EXAMPLES}")
    moment = _at_rules(text, now, date_order)
    if moment is None:
        moment = _dateparser_past(text, now, date_order)
    if moment is None:
        raise BadInput(f"cannot read {text!r} as a time; type {_AT_EXAMPLES}")
    if moment > now:
        raise BadInput(
            f"{text!r} is in the future; --at is when the call happened, like {_AT_EXAMPLES}"
        )
    return moment


def _dateparser_past(text: str, now: datetime, date_order: str | None) -> datetime | None:
    import dateparser

    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["relative-time", "absolute-time", "custom-formats"],
        "DATE_ORDER": date_order or "YMD",
        "STRICT_PARSING": False,
    }
    found: datetime | None = dateparser.parse(text, languages=["en"], settings=settings)
    if found is None:
        return None
    return found.replace(tzinfo=now.tzinfo)
