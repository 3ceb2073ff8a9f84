"""Rules for phrases that name a day: its end (23:59) is the deadline unless a time is given.

Base of the examples: Tuesday 28 July 2026, 14:00, London.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from gripe.dates.arithmetic import (
    add_months,
    end_of_month,
    friday_of_week,
    monday_of_week,
    next_weekday,
    safe_date,
)
from gripe.dates.rule import Context, day_rule, instant_rule
from gripe.dates.words import MONTHS, WEEKDAYS, Pattern
from gripe.dates.words import number as number_of
from gripe.errors import BadInput

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_ORDINAL_WORDS |= {
    f"twenty-{word}": 20 + value for word, value in _ORDINAL_WORDS.items() if value < 10
}
_ORDINAL_WORDS |= {
    f"twenty {word}": 20 + value for word, value in _ORDINAL_WORDS.items() if value < 10
}
_ORDINAL_WORDS |= {"thirty-first": 31, "thirty first": 31}
_ISO_DATE = Pattern(r"\d{4}-\d{2}-\d{2}")
_NUMERIC_DATE = Pattern(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4}|\d{2})")
_SHORT_NUMERIC_DATE = Pattern(r"(?P<a>\d{1,2})[/-](?P<b>\d{1,2})")  # "3.5" is a number


_ISO_TIME = Pattern(
    r"(?:on\s+)?(\d{4}-\d{2}-\d{2}[t ]\d{1,2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:\d{2})?)"
)


def iso_instant(text: str, zone: tzinfo | None) -> datetime | None:
    """An ISO-8601 date and time ("2026-08-05 17:00", "2026-08-05T16:00Z") in ``zone``."""
    match = _ISO_TIME.fullmatch(text.strip().lower())
    if not match:
        return None
    try:
        moment = datetime.fromisoformat(match[1].upper().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(
            f'{text.strip()!r} is not a time; type one like "2026-08-05 17:00"'
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


@instant_rule(
    "ISO date and time",
    "An ISO date and time is that instant, in the local zone unless it names its own offset.",
    [
        ("2026-08-05 17:00", "2026-08-05 17:00"),
        ("2026-08-05T16:00Z", "2026-08-05 17:00"),
        ("2026-08-05 25:00", "refused: not a time"),
    ],
)
def iso_time(phrase: str, context: Context) -> datetime | None:
    return iso_instant(phrase, context.zone)


def _day_token(token: str, digits: bool) -> int | None:
    """ "5th", "fifth", "twenty-first" (and "5" when ``digits``) → the day of the month."""
    if token in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[token]
    if token[-2:] in {"st", "nd", "rd", "th"} and token[:-2].isdigit() and len(token) <= 4:
        return int(token[:-2])
    return int(token) if digits and token.isdigit() and len(token) <= 2 else None


def month_day_parts(phrase: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of "Aug 5", "5 August", "the 5th of August 2027"; or None."""
    tokens = phrase.replace("twenty ", "twenty-").replace("thirty ", "thirty-").split()
    if tokens and tokens[0] in {"on", "the"}:
        tokens = tokens[1:]
    year = None
    if len(tokens) >= 3 and tokens[-1].isdigit() and len(tokens[-1]) == 4:
        year, tokens = int(tokens[-1]), tokens[:-1]
    if len(tokens) < 2:
        return None
    first, last = tokens[0].rstrip("."), tokens[-1].rstrip(".")
    if first in MONTHS:
        rest = tokens[2:] if tokens[1] == "the" else tokens[1:]
        day = _day_token(rest[0], digits=True) if len(rest) == 1 else None
        return None if day is None else (MONTHS[first], day, year)
    if last in MONTHS:
        rest = tokens[:-2] if tokens[-2] == "of" else tokens[:-1]
        day = _day_token(rest[0], digits=True) if len(rest) == 1 else None
        return None if day is None else (MONTHS[last], day, year)
    return None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


@day_rule(
    "ISO date",
    "A deadline with only a date means the end of that day (23:59).",
    [("2026-08-05", "2026-08-05"), ("on 2026-08-05", "2026-08-05")],
)
def iso_date(phrase: str, context: Context) -> date | None:
    phrase = phrase.removeprefix("on ")
    if not _ISO_DATE.fullmatch(phrase):
        return None
    try:
        return date.fromisoformat(phrase)
    except ValueError:
        raise BadInput(f'{phrase!r} is not a date; type one like "2026-08-05"') from None


def pick_reading(readings: dict[str, date | None], date_order: str | None, text: str) -> date:
    """The day a numeric date names: the configured order's reading, or the only one there is.

    Two different valid readings and no configured order is a question, not a guess.
    """
    valid = {order: found for order, found in readings.items() if found is not None}
    if date_order in valid:
        return valid[date_order]
    if len(set(valid.values())) == 1:
        return next(iter(valid.values()))
    if not valid:
        raise BadInput(f'{text!r} is not a date; type it as YYYY-MM-DD, like "2026-08-05"')
    raise BadInput(
        f"{text!r} could be {readings['DMY']:%d %B} or {readings['MDY']:%d %B}; type it as "
        "YYYY-MM-DD, or set the order once: gripe config set date_order DMY (or MDY); "
        'for a time window beside a day, type it like "friday 8am-12pm"'
    )


@day_rule(
    "numeric date",
    "Numeric dates where day and month could be swapped are refused unless the date order is "
    "configured; unambiguous ones are read.",
    [
        ("13/08/2026", "2026-08-13"),
        ("08/13/2026", "2026-08-13"),
        ("13.08.26", "2026-08-13"),
        ("31/8", "2026-08-31"),
        ("05/08/2026", "refused: could be 05 August or 08 May"),
        ("8-12", "refused: could be"),
    ],
)
def numeric_date(phrase: str, context: Context) -> date | None:
    phrase = phrase.removeprefix("on ")
    readings = numeric_readings(phrase, context.today)
    return None if readings is None else pick_reading(readings, context.date_order, phrase)


def numeric_readings(phrase: str, today: date) -> dict[str, date | None] | None:
    """The day-first and month-first readings of a numeric date; None when it is not one."""
    full = _NUMERIC_DATE.fullmatch(phrase)
    if full:
        first, second, year = int(full["a"]), int(full["b"]), _year(full["year"])
        return {"DMY": safe_date(year, second, first), "MDY": safe_date(year, first, second)}
    short = _SHORT_NUMERIC_DATE.fullmatch(phrase)
    if short:
        first, second = int(short["a"]), int(short["b"])
        return {"DMY": _upcoming(first, second, today), "MDY": _upcoming(second, first, today)}
    return None


def _upcoming(day: int, month: int, today: date) -> date | None:
    """The next such day and month, today included; None when there is none."""
    for year in (today.year, today.year + 1, today.year + 4):
        candidate = safe_date(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


@day_rule(
    "month and day",
    "Month-and-day without a year means the next such date.",
    [
        ("Aug 5", "2026-08-05"),
        ("5 August", "2026-08-05"),
        ("the 5th of August", "2026-08-05"),
        ("August 5th 2027", "2027-08-05"),
        ("July 1", "2027-07-01"),
        ("July 28", "2026-07-28"),
        ("the 15th", "2026-08-15"),
        ("the 28th", "2026-07-28"),
        ("the third of September", "2026-09-03"),
        ("the 31st of February", "refused: not a date"),
    ],
)
def month_and_day(phrase: str, context: Context) -> date | None:
    phrase = phrase.removeprefix("on ")
    today = context.today
    named = month_day_parts(phrase)
    if named:
        month, day, year = named
        found = safe_date(year, month, day) if year else _upcoming(day, month, today)
        if found is None:
            raise BadInput(f'{phrase!r} is not a date; type one like "Aug 5" or "2026-08-05"')
        return found
    tokens = phrase.replace("twenty ", "twenty-").replace("thirty ", "thirty-").split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    if len(tokens) == 4 and tokens[1:] in (["of", "the", "month"], ["of", "this", "month"]):
        tokens = tokens[:1]
    ordinal = _day_token(tokens[0], digits=False) if len(tokens) == 1 else None
    if ordinal is None:
        return None
    for months_ahead in range(3):
        first = add_months(today.replace(day=1), months_ahead)
        candidate = safe_date(first.year, first.month, ordinal)
        if candidate is not None and candidate >= today:
            return candidate
    raise BadInput(f'no month has a day {ordinal}; type a date like "Aug 5" or "2026-08-05"')


@day_rule(
    "weekday with its date",
    "A weekday that contradicts its date is refused; one that agrees names that date.",
    [
        ("Friday 31 July", "2026-07-31"),
        ("Friday the 31st", "2026-07-31"),
        ("Wed 5/8/2026", "2026-08-05"),
        ("Tuesday 7 August", "refused: 07 August 2026 is a Friday, not a Tuesday"),
    ],
)
def weekday_with_date(phrase: str, context: Context) -> date | None:
    tokens = phrase.removeprefix("on ").split()
    if len(tokens) < 2 or tokens[0].rstrip(".") not in WEEKDAYS:
        return None
    rest = " ".join(tokens[2:] if tokens[1] == "the" else tokens[1:])
    weekday = WEEKDAYS[tokens[0].rstrip(".")]
    readings = numeric_readings(rest, context.today)
    if readings is not None:  # the weekday settles which way round the numbers go
        agreeing: dict[str, date | None] = {
            order: day for order, day in readings.items() if day and day.weekday() == weekday
        }
        if not agreeing and _SHORT_NUMERIC_DATE.fullmatch(rest) and "-" in rest:
            return None  # "friday 8-12": a time window on that day, read by "day and time"
        found: date | None = pick_reading(agreeing or readings, context.date_order, rest)
    else:
        found = month_and_day.function(rest, context) or iso_date.function(rest, context)
    if found is None:
        return None
    if found.weekday() != weekday:
        named = next(name for name, value in WEEKDAYS.items() if value == weekday)
        raise BadInput(
            f"{found:%d %B %Y} is a {found:%A}, not a {named.title()}; type the date alone "
            f'(like "{found:%d %B}") or the weekday alone, whichever they meant'
        )
    return found


_WEEKDAY_PREFIXES = {
    (),
    ("this",),
    ("next",),
    ("coming",),
    ("this", "coming"),
    ("the", "following"),
    ("following",),
}


@day_rule(
    "weekday",
    'Weekday names ("Friday", "this Friday", "next Friday") mean the nearest such day '
    "strictly after the base day; with next week, that day of the next calendar week.",
    [
        ("Friday", "2026-07-31"),
        ("this Friday", "2026-07-31"),
        ("next Friday", "2026-07-31"),
        ("on fri", "2026-07-31"),
        ("Tuesday", "2026-08-04"),
        ("the following Monday", "2026-08-03"),
        ("Monday next week", "2026-08-03"),
        ("Friday next week", "2026-08-07"),
        ("Thursday this week", "2026-07-30"),
    ],
)
def weekday(phrase: str, context: Context) -> date | None:
    tokens = phrase.removeprefix("on ").split()
    if not tokens:
        return None
    name = tokens[-1].rstrip(".")
    if name in WEEKDAYS and tuple(tokens[:-1]) in _WEEKDAY_PREFIXES:
        return next_weekday(context.today, WEEKDAYS[name])
    # "Monday next week", "Friday of this week", "next week on Monday"
    if len(tokens) >= 3 and tokens[-1] == "week" and tokens[-2] in {"this", "next"}:
        name, which, rest = tokens[0].rstrip("."), tokens[-2], tokens[1:-2]
    elif len(tokens) >= 3 and tokens[1] == "week" and tokens[0] in {"this", "next"}:
        which, rest = tokens[0], tokens[2:-1]
    else:
        return None
    if name not in WEEKDAYS or rest not in ([], ["of"], ["on"]):
        return None
    monday = monday_of_week(context.today, 1 if which == "next" else 0)
    return monday + timedelta(days=WEEKDAYS[name])


_DAY_WORDS = {"today": 0, "tomorrow": 1}
_WEEKS_IN = {"week": 1, "weeks": 1, "fortnight": 2, "fortnights": 2}


@day_rule(
    "week on (UK)",
    '"Monday week"/"a week on Monday" mean the Monday after next; "a week today", "a week '
    'tomorrow", "Monday fortnight" that many weeks after that day.',
    [
        ("Monday week", "2026-08-10"),
        ("a week on Monday", "2026-08-10"),
        ("a week on Friday", "2026-08-07"),
        ("the Monday after next", "2026-08-10"),
        ("a week today", "2026-08-04"),
        ("a week tomorrow", "2026-08-05"),
        ("tomorrow week", "2026-08-05"),
        ("two weeks today", "2026-08-11"),
        ("Tuesday fortnight", "2026-08-18"),
        ("a fortnight on Friday", "2026-08-14"),
    ],
)
def week_on(phrase: str, context: Context) -> date | None:
    tokens = phrase.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    if len(tokens) == 2 and tokens[1] in {"week", "fortnight"}:  # "Monday week"
        day, weeks = tokens[0], _WEEKS_IN[tokens[1]]
    elif len(tokens) == 3 and tokens[1:] == ["after", "next"]:  # "the Monday after next"
        day, weeks = tokens[0], 1
    elif len(tokens) in {3, 4} and tokens[1] in _WEEKS_IN:  # "a week on Monday", "2 weeks today"
        count = number_of(tokens[0])
        if count is None or tokens[2:-1] not in ([], ["on"]):
            return None
        day, weeks = tokens[-1], count * _WEEKS_IN[tokens[1]]
    else:
        return None
    if day in _DAY_WORDS:
        return context.today + timedelta(days=_DAY_WORDS[day], weeks=weeks)
    if day.rstrip(".") in WEEKDAYS:
        return next_weekday(context.today, WEEKDAYS[day.rstrip(".")]) + timedelta(weeks=weeks)
    return None


@day_rule(
    "today and the next day",
    '"today", "the same day", "before the end of today" mean the end of the base day; '
    '"tomorrow", "the next day" the end of the day after.',
    [
        ("today", "2026-07-28"),
        ("the same day", "2026-07-28"),
        ("same-day", "2026-07-28"),
        ("that same day", "2026-07-28"),
        ("the end of today", "2026-07-28"),
        ("tomorrow", "2026-07-29"),
        ("the next day", "2026-07-29"),
        ("the following day", "2026-07-29"),
        ("the day after tomorrow", "2026-07-30"),
    ],
)
def today_and_next_day(phrase: str, context: Context) -> date | None:
    phrase = re.sub(r"^(?:the\s+)?end\s+of\s+", "", phrase.removeprefix("on "))
    today = context.today
    if phrase in {"today", "the same day", "same day", "same-day", "that same day", "that day"}:
        return today
    if phrase in {"tomorrow", "tmrw", "tmr", "the next day", "next day", "the following day"}:
        return today + timedelta(days=1)
    if phrase in {"the day after tomorrow", "day after tomorrow"}:
        return today + timedelta(days=2)
    return None


_PERIODS = {"week", "working week", "business week", "month", "year"}
_SHORT_PERIODS = {
    "eow": "week",
    "eom": "month",
    "eoy": "year",
    "month end": "month",
    "year end": "year",
    "week after next": "week after next",
}


@day_rule(
    "end of a week, month or year",
    '"end of the week" = Friday; "next week" and "end of next week" = Friday of the next '
    'calendar week; "end of the month"/"end of next month" = that month\'s last day; "by the '
    'end of the year" = 31 December.',
    [
        ("end of the week", "2026-07-31"),
        ("this week", "2026-07-31"),
        ("end of the week", "2026-08-07", "2026-08-01 10:00"),
        ("next week", "2026-08-07"),
        ("end of next week", "2026-08-07"),
        ("the week after next", "2026-08-14"),
        ("end of the month", "2026-07-31"),
        ("end of next month", "2026-08-31"),
        ("end of May", "2027-05-31"),
        ("by the end of the year", "2026-12-31"),
        ("at the end of the month", "2026-07-31"),
        ("EOY", "2026-12-31"),
        ("the end of Friday", "2026-07-31"),
        ("the end of the next business day", "2026-07-29"),
    ],
)
def end_of_period(phrase: str, context: Context) -> date | None:
    today = context.today
    phrase = phrase.removeprefix("at ").removeprefix("the ")
    said_end = phrase.startswith("end of ")
    rest = phrase.removeprefix("end of ").removeprefix("the ") if said_end else phrase
    which, _, period = rest.partition(" ")
    if which in {"this", "next"} and period in {"week", "month", "year"}:
        ahead = 1 if which == "next" else 0
    elif said_end and (rest in _PERIODS or rest in MONTHS):
        ahead, period = 0, rest.split()[-1]
    elif rest in _SHORT_PERIODS:
        ahead, period = 0, _SHORT_PERIODS[rest]
    elif said_end:
        found = context.day(rest)
        return found[0] if found else None
    else:
        return None
    if period == "week after next":
        return friday_of_week(today, 2)
    if period == "week":
        if ahead == 0 and friday_of_week(today) < today:  # said at the weekend: the coming one
            ahead = 1
        return friday_of_week(today, ahead)
    if period == "month":
        return end_of_month(add_months(today.replace(day=1), ahead))
    if period == "year":
        return date(today.year + ahead, 12, 31)
    month = MONTHS[period]
    year = today.year if month >= today.month else today.year + 1
    return end_of_month(date(year, month, 1))
