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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

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
# When each part of the day begins: "this evening" said at 18:00 means now, at 14:00 the future.
DAY_PART_STARTS = {
    "morning": time(5),
    "afternoon": time(12),
    "evening": time(17),
    "night": time(20),
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


def _utc(moment: datetime) -> datetime:
    """For comparing instants: aware datetimes sharing a zone compare by wall clock in Python."""
    return moment.astimezone(timezone.utc)


def _clean(text: str) -> str:
    return " ".join(text.strip().lower().replace(",", " ").split())


_TIME_LIKE = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\b\.?|\b\d{1,2}:\d{2}\b")


def refuse_impossible_times(text: str) -> None:
    """ "25:00", "13pm": refused here, before a lenient fallback can turn them into a guess."""
    for token in _TIME_LIKE.findall(text):
        if parse_time_of_day(" ".join(token.split())) is None:
            raise BadInput(f"{token.strip()!r} is not a time of day; type one like 3pm or 15:00")


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
        "DMY": _safe_date(year, second, first),
        "MDY": _safe_date(year, first, second),
    }
    return _pick_reading(readings, date_order, text)


def _pick_reading(readings: dict[str, date | None], date_order: str | None, text: str) -> date:
    """The day a numeric date names: the configured order's reading, or the only one there is.

    Two different valid readings and no configured order is a question, not a guess.
    """
    valid = {order: found for order, found in readings.items() if found is not None}
    if date_order in valid:
        return valid[date_order]
    if len(set(valid.values())) == 1:
        return next(iter(valid.values()))
    if not valid:
        raise BadInput(f"{text!r} is not a date; type it as YYYY-MM-DD, like 2026-07-28")
    raise BadInput(
        f"{text!r} could be {readings['DMY']:%d %B} or {readings['MDY']:%d %B}; type it as "
        "YYYY-MM-DD, or set the order once: gripe config set date_order DMY (or MDY)"
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
        if on(today, DAY_PART_STARTS[part]) <= now < on(today, PAST_DAY_PARTS[part]):
            return now  # the part of the day has begun, its usual hour has not come yet
        return on(today, PAST_DAY_PARTS[part])
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
        # A day without a time: noon, or now when that day is today and noon is still to come.
        return min(on(day, NOON), now) if day == today else on(day, NOON)
    return None


_AT_EXAMPLES = '"yesterday 3pm", "this morning", "2 hours ago", "Tuesday 10am" or 2026-07-28 14:30'


def parse_at(
    text: str, now: datetime, date_order: str | None = None, allow_future: bool = False
) -> datetime:
    """When something happened, read towards the past from ``now`` (aware, local zone).

    ``allow_future`` lets an explicit ISO time lie ahead (``gripe when --at`` asks "what if");
    phrases still read towards the past.
    """
    if not text.strip():
        raise BadInput(f"the time is empty; type when it happened, like {_AT_EXAMPLES}")
    if re.fullmatch(r"\s*\d+\s*", text):
        raise BadInput(f"{text!r} is a bare number, not a time; type {_AT_EXAMPLES}")
    moment = _at_rules(text, now, date_order)
    if moment is None:
        refuse_impossible_times(_clean(text))
        moment = _dateparser_past(text, now, date_order)
    if moment is None:
        raise BadInput(f"cannot read {text!r} as a time; type {_AT_EXAMPLES}")
    if _utc(moment) > _utc(now) and not allow_future:
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
        # Numeric dates never reach here (the rules read or refuse them); the order only
        # decides how dateparser reads "31st" and the like: not as a year.
        "DATE_ORDER": date_order or "DMY",
        "STRICT_PARSING": False,
    }
    found: datetime | None = dateparser.parse(text, languages=["en"], settings=settings)
    if found is None:
        return None
    return found.replace(tzinfo=now.tzinfo)


# ---- deadlines ----------------------------------------------------------------------------------
#
# A deadline phrase is read forwards from a base time (the call's time, else now) in the local
# zone, following DESIGN.md: a date alone means the end of that day; weekdays mean the nearest one
# strictly after the base day; bare times mean the next time the clock shows them; ranges mean
# their later end; anything vague is refused rather than guessed. Day arithmetic is done on local
# calendar dates (so a day-only deadline stays on its day across a DST change); minute and hour
# arithmetic is done on UTC instants (so "in 3 hours" is three real hours).

END_OF_DAY = time(23, 59)
CLOSE_OF_BUSINESS = time(17)
DEADLINE_DAY_PARTS = {"morning": time(12), "afternoon": time(17), "evening": time(21)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty-eight": 48, "seventy-two": 72,
}  # fmt: skip
_NUMBER = r"\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_VAGUE = re.compile(
    r"\b(soon|asap|a\.s\.a\.p|shortly|later|eventually|sometime|some time|few|several|couple|"
    r"cycle|whenever|promptly|quickly|immediately|right away|in due course|as soon as|"
    r"next available|early|mid|late|around|about|roughly|approximately|ish)\b"
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:no|not) later than|by|before|until|till|til|on|due|for|at the latest by)\s+"
)
_TRAILING_FILLER = re.compile(r"\s+(?:at the latest|latest|at the very latest)$")
DEADLINE_EXAMPLES = (
    '"friday 5pm", "8pm tomorrow", "by noon", "EOD", "within 48 hours", '
    '"3-5 business days", "end of next week", "Aug 5" or 2026-08-05'
)


@dataclass(frozen=True)
class Deadline:
    """A phrase read as one instant; ``date_only`` when the phrase named a day but no time."""

    text: str
    due: datetime
    date_only: bool


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS[text]


def _end_of(day: date, zone: tzinfo | None) -> datetime:
    return datetime.combine(day, END_OF_DAY, tzinfo=zone)


def _at_clock(day: date, clock_time: time, zone: tzinfo | None) -> datetime:
    return datetime.combine(day, clock_time, tzinfo=zone)


def _next_weekday(after: date, weekday: int) -> date:
    """The nearest day with that weekday strictly after ``after``."""
    return after + timedelta(days=(weekday - after.weekday()) % 7 or 7)


def _add_business_days(start: date, count: int) -> date:
    day = start
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _add_months(start: date, count: int) -> date:
    month_index = start.month - 1 + count
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _end_of_month(day: date) -> date:
    return date(day.year, day.month, _days_in_month(day.year, day.month))


def _friday_of_week(day: date, weeks_ahead: int) -> date:
    monday = day - timedelta(days=day.weekday()) + timedelta(weeks=weeks_ahead)
    return monday + timedelta(days=4)


def _after_hours(base: datetime, delta: timedelta) -> datetime:
    """``base`` plus real elapsed time, across any DST change, shown back in base's zone."""
    return (base.astimezone(timezone.utc) + delta).astimezone(base.tzinfo)


def _future_day(phrase: str, base: datetime, date_order: str | None) -> date | None:
    """The day a forward-facing day phrase names, or None when ``phrase`` is not one."""
    today = base.date()
    phrase = phrase.removeprefix("on ").removeprefix("the ").strip()
    if phrase in {"today", "tonight"}:
        return today
    if phrase in {"tomorrow", "tmrw", "tmr"}:
        return today + timedelta(days=1)
    if phrase in {"day after tomorrow", "the day after tomorrow"}:
        return today + timedelta(days=2)
    weekday = re.fullmatch(
        rf"(?:this\s+|next\s+|coming\s+|this coming\s+)?({_WEEKDAY})\.?", phrase
    )
    if weekday:
        return _next_weekday(today, WEEKDAYS[weekday[1]])
    next_week_day = re.fullmatch(rf"({_WEEKDAY})\.?\s+(?:of\s+)?next week", phrase)
    if next_week_day:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
        return monday + timedelta(days=WEEKDAYS[next_week_day[1]])
    month_day = _MONTH_DAY_RE.match(phrase)
    if month_day:
        return _next_month_day(month_day, today)
    ordinal = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)(?: of (?:the|this) month)?", phrase)
    if ordinal:
        return _next_day_of_month(int(ordinal[1]), today)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", phrase):
        try:
            return date.fromisoformat(phrase)
        except ValueError:
            raise BadInput(f"{phrase!r} is not a date; type one like 2026-08-05") from None
    numeric = _NUMERIC_DATE_RE.match(phrase)
    if numeric:
        return _numeric_date(numeric, date_order, phrase)
    short_numeric = re.fullmatch(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})", phrase)
    if short_numeric:
        return _next_numeric_day_month(short_numeric, today, date_order, phrase)
    return None


def _next_month_day(match: re.Match[str], today: date) -> date:
    month = MONTHS[match["month1"] or match["month2"]]
    day = int(match["day1"] or match["day2"])
    phrase = match.group(0)
    if match["year"]:
        found = _safe_date(int(match["year"]), month, day)
    else:
        found = next(
            (
                candidate
                for year in (today.year, today.year + 1, today.year + 4)
                if (candidate := _safe_date(year, month, day)) and candidate >= today
            ),
            None,
        )
    if found is None:
        raise BadInput(f"{phrase!r} is not a date; type one like Aug 5 or 2026-08-05")
    return found


def _next_day_of_month(day: int, today: date) -> date:
    for months_ahead in range(0, 3):
        first = _add_months(today.replace(day=1), months_ahead)
        candidate = _safe_date(first.year, first.month, day)
        if candidate is not None and candidate >= today:
            return candidate
    raise BadInput(f"no month has a day {day}; type a date like Aug 5 or 2026-08-05")


def _next_numeric_day_month(
    match: re.Match[str], today: date, date_order: str | None, phrase: str
) -> date:
    first, second = int(match["a"]), int(match["b"])

    def upcoming(day: int, month: int) -> date | None:
        for year in (today.year, today.year + 1):
            candidate = _safe_date(year, month, day)
            if candidate is not None and candidate >= today:
                return candidate
        return None

    readings = {"DMY": upcoming(first, second), "MDY": upcoming(second, first)}
    return _pick_reading(readings, date_order, phrase)


_RANGE_TIME = re.compile(
    r"^(?:between\s+)?(?P<start>\d{1,2}(?:[:.]\d{2})?)\s*(?P<start_ampm>[ap]\.?m\.?)?"
    r"\s*(?:-|to|and|until|till)\s*"
    r"(?P<end>\d{1,2}(?:[:.]\d{2})?)\s*(?P<end_ampm>[ap]\.?m\.?)?$"
)


def _range_end_time(phrase: str, beside_a_day: bool = False) -> time | None:
    """ "between 8 and 12", "2-4pm", "9am to 1pm" → the later end, as a clock time.

    A bare "8-12" is a time window only ``beside_a_day`` ("friday 8-12"); alone it is a date.
    """
    match = _RANGE_TIME.match(phrase)
    explicit = match and (match["end_ampm"] or phrase.startswith("between") or ":" in phrase)
    if not match or not (explicit or beside_a_day):
        return None
    hour_text, _, minute_text = match["end"].replace(".", ":").partition(":")
    hour, minute = int(hour_text), int(minute_text or 0)
    ampm = (match["end_ampm"] or "")[:1]
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif 1 <= hour <= 7:
        hour += 12  # "between 8 and 4": an appointment window ends in the afternoon
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _deadline_time(phrase: str, beside_a_day: bool = False) -> tuple[time, bool] | None:
    """A clock phrase → (time, is_end_of_day); None when ``phrase`` is not one."""
    phrase = phrase.removeprefix("by ").removeprefix("at ").removeprefix("before ").strip()
    if phrase in {"midnight", "tonight", "end of day", "end of the day", "eod", "end of play"}:
        return END_OF_DAY, True
    if phrase in {"close of business", "cob", "end of business", "eob", "close of play"}:
        return CLOSE_OF_BUSINESS, False
    phrase = phrase.replace("first thing", "morning")
    for part, ends in DEADLINE_DAY_PARTS.items():
        if phrase in {part, f"the {part}", f"in the {part}"}:
            return ends, False
    if phrase == "noon" or phrase == "midday":
        return NOON, False
    found = parse_time_of_day(phrase)
    if found is not None:
        return found, False
    ranged = _range_end_time(phrase, beside_a_day)
    return (ranged, False) if ranged is not None else None


def _relative_deadline(phrase: str, base: datetime) -> tuple[datetime, bool] | None:
    """ "within 48 hours", "in 3 days", "3-5 business days", "a fortnight", "within the hour"."""
    if phrase in {"within the hour", "in the hour", "within the next hour", "in an hour"}:
        return _after_hours(base, timedelta(hours=1)), False
    if phrase in {"half an hour", "within half an hour", "in half an hour"}:
        return _after_hours(base, timedelta(minutes=30)), False
    match = re.fullmatch(
        rf"(?:within|in|inside|after)?\s*(?:the\s+next\s+|the\s+)?"
        rf"(?:(?P<low>{_NUMBER})\s*(?:-|to|or|and)\s*)?(?P<count>{_NUMBER})\s*"
        r"(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|business days?|working days?|"
        r"weekdays?|weeks?|wks?|fortnights?|months?)",
        phrase,
    )
    if not match:
        return None
    count = _number(match["count"])
    if match["low"] is not None and _number(match["low"]) > count:
        raise BadInput(f"{phrase!r} is a range that runs backwards; type it like 3-5 days")
    unit = match["unit"]
    today = base.date()
    if unit.startswith(("min", "h")):
        per = timedelta(minutes=1) if unit.startswith("min") else timedelta(hours=1)
        return _after_hours(base, per * count), False
    if unit.startswith(("business", "working", "weekday")):
        return _end_of(_add_business_days(today, count), base.tzinfo), True
    if unit.startswith("day"):
        return _end_of(today + timedelta(days=count), base.tzinfo), True
    if unit.startswith(("week", "wk")):
        return _end_of(today + timedelta(weeks=count), base.tzinfo), True
    if unit.startswith("fortnight"):
        return _end_of(today + timedelta(weeks=2 * count), base.tzinfo), True
    return _end_of(_add_months(today, count), base.tzinfo), True


def _period_deadline(phrase: str, base: datetime) -> date | None:
    """End of the week / next week / the month / next month: the day it ends on."""
    today = base.date()
    phrase = re.sub(r"^(?:the\s+)?end of (?:the\s+)?", "end of ", phrase)
    if phrase in {"end of week", "end of this week", "this week", "end of the working week"}:
        friday = _friday_of_week(today, 0)
        return friday if friday >= today else _friday_of_week(today, 1)
    if phrase in {"next week", "end of next week"}:
        return _friday_of_week(today, 1)
    if phrase in {"end of month", "end of this month", "this month"}:
        return _end_of_month(today)
    if phrase in {"next month", "end of next month"}:
        return _end_of_month(_add_months(today.replace(day=1), 1))
    if phrase in {"a fortnight", "fortnight", "within a fortnight", "in a fortnight"}:
        return today + timedelta(weeks=2)
    if phrase in {"a week", "within a week", "in a week"}:
        return today + timedelta(weeks=1)
    if phrase in {"a month", "within a month", "in a month"}:
        return _add_months(today, 1)
    return None


def _day_and_time(phrase: str, base: datetime, date_order: str | None) -> Deadline | None:
    """A day phrase and a clock phrase in either order: "friday 5pm", "8pm on wednesday"."""
    words = phrase.split()
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        for day_phrase, time_phrase in ((first, second), (second, first)):
            clock = _deadline_time(time_phrase.removesuffix(" on").strip(), beside_a_day=True)
            if clock is None:
                continue
            day = _future_day(day_phrase.removeprefix("by ").removeprefix("at "), base, date_order)
            if day is None:
                continue
            clock_time, end_of_day = clock
            return Deadline(phrase, _at_clock(day, clock_time, base.tzinfo), end_of_day)
    return None


def _deadline_rules(phrase: str, base: datetime, date_order: str | None) -> Deadline | None:
    today = base.date()
    iso = _iso(phrase.upper() if "t" in phrase else phrase, base)
    if iso is not None:
        return Deadline(phrase, iso, False)
    relative = _relative_deadline(phrase, base)
    if relative is not None:
        return Deadline(phrase, *relative)
    period_day = _period_deadline(phrase, base)
    if period_day is not None:
        return Deadline(phrase, _end_of(period_day, base.tzinfo), True)
    this_part = re.fullmatch(r"this (morning|afternoon|evening)", phrase)
    if this_part:
        return Deadline(
            phrase, _at_clock(today, DEADLINE_DAY_PARTS[this_part[1]], base.tzinfo), False
        )
    clock = _deadline_time(phrase)
    if clock is not None:
        clock_time, end_of_day = clock
        if end_of_day or phrase in {"close of business", "cob", "end of business", "eob"}:
            return Deadline(phrase, _at_clock(today, clock_time, base.tzinfo), end_of_day)
        due = _at_clock(today, clock_time, base.tzinfo)
        if due <= base:  # "by 5pm" said after five: five tomorrow
            due = _at_clock(today + timedelta(days=1), clock_time, base.tzinfo)
        return Deadline(phrase, due, False)
    day = _future_day(phrase, base, date_order)
    if day is not None:
        return Deadline(phrase, _end_of(day, base.tzinfo), True)
    return _day_and_time(phrase, base, date_order)


def _clean_deadline(text: str) -> str:
    dashes_and_quotes = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2019": "'"})
    phrase = _clean(text.translate(dashes_and_quotes)).rstrip(".!")
    phrase = phrase.replace("o'clock", "").strip()
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _LEADING_FILLER.sub("", phrase)
        phrase = _TRAILING_FILLER.sub("", phrase)
    return phrase


def parse_deadline(text: str, base: datetime, date_order: str | None = None) -> Deadline:
    """Read a promise's deadline phrase forwards from ``base`` (aware, in the local zone)."""
    phrase = _clean_deadline(text)
    if not phrase:
        raise BadInput(
            f"the deadline is empty; type when it was promised for, like {DEADLINE_EXAMPLES}"
        )
    if re.fullmatch(r"[\d\s.,]+", phrase):
        raise BadInput(
            f"{text.strip()!r} is a bare number, not a deadline; add what it counts, "
            f'like "{phrase} days" or "{phrase} hours", or type {DEADLINE_EXAMPLES}'
        )
    if _VAGUE.search(phrase):
        raise BadInput(
            f"{text.strip()!r} is too vague to hold anyone to; ask them for a day or time, "
            f"and type it like {DEADLINE_EXAMPLES}"
        )
    before = text.strip().lower().startswith("before ")
    deadline = _deadline_rules(phrase, base, date_order)
    if deadline is None:
        refuse_impossible_times(phrase)
        deadline = _dateparser_future(phrase, base, date_order)
    if deadline is None:
        raise BadInput(f"cannot read {text.strip()!r} as a deadline; type {DEADLINE_EXAMPLES}")
    if before and deadline.date_only:
        # "before Friday": by the end of Thursday.
        day_before = deadline.due.date() - timedelta(days=1)
        deadline = Deadline(phrase, _end_of(day_before, base.tzinfo), True)
    deadline = Deadline(text.strip(), deadline.due, deadline.date_only)
    if _utc(deadline.due) <= _utc(base):
        raise BadInput(
            f"{text.strip()!r} is already past ({deadline.due:%a %d %b %Y %H:%M}); "
            'name a later day, like "tomorrow 5pm" or "COB Friday"'
        )
    return deadline


def _dateparser_future(phrase: str, base: datetime, date_order: str | None) -> Deadline | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": base.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RETURN_TIME_AS_PERIOD": True,
            "PARSERS": ["relative-time", "absolute-time", "custom-formats"],
            # Numeric dates never reach here (the rules read or refuse them); the order only
            # decides how dateparser reads "31st" and the like: not as a year.
            "DATE_ORDER": date_order or "DMY",
        },
    )
    found = parser.get_date_data(phrase)
    moment: datetime | None = found.date_obj
    if moment is None or found.period not in {"time", "day"}:
        return None
    named = [WEEKDAYS[word] for word in re.findall(r"[a-z]+", phrase) if word in WEEKDAYS]
    if named and moment.weekday() not in named:
        return None  # "friday 8-12" read as 12 August, a Thursday: a misreading, not an answer
    if found.period == "day":
        return Deadline(phrase, _end_of(moment.date(), base.tzinfo), True)
    return Deadline(phrase, moment.replace(tzinfo=base.tzinfo), False)


def parse_span(text: str) -> timedelta:
    """A look-ahead window: "7d", "48h", "2w", "90m", "3 days", "a week"."""
    cleaned = _clean(text)
    match = re.fullmatch(
        rf"(?P<count>{_NUMBER})\s*(?P<unit>m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)",
        cleaned,
    )
    if not match:
        raise BadInput(f'{text!r} is not a span of time; type one like 7d, 48h, 2w or "3 days"')
    count = _number(match["count"])
    unit = match["unit"][0]
    return {
        "m": timedelta(minutes=count),
        "h": timedelta(hours=count),
        "d": timedelta(days=count),
    }.get(unit, timedelta(weeks=count))
