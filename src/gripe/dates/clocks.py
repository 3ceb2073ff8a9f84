"""Rules for phrases that name a time of day.

Alone, a time means the next time the clock shows it ("by 5pm" said at 18:00 is tomorrow's);
"COB", "EOD", "this evening" mean that time on the base day. Beside a day ("friday 5pm", "COB
Friday"), that day at that time. Base of the examples: Tuesday 28 July 2026, 14:00, London.
"""

from __future__ import annotations

import re
from datetime import time

from gripe.dates.arithmetic import END_OF_DAY
from gripe.dates.rule import Clock, Context, clock_rule
from gripe.dates.words import Pattern, clock_time, with_meridiem

CLOSE_OF_BUSINESS = time(17)
DAY_PART_ENDS = {"morning": time(12), "afternoon": time(17), "evening": time(21)}
_BY = Pattern(r"^(?:by|at|until|till|til|for)\s+")


def _unprefixed(phrase: str) -> str:
    """ "by 5pm", "at noon", "until close of business": the time without the little word."""
    return _BY.sub("", phrase).removesuffix(" on").removesuffix(" at").strip()


@clock_rule(
    "end of day or close of business",
    '"midnight"/"tonight"/"end of day"/"EOD" = 23:59 and "close of business"/"COB" = 17:00, of '
    "the base day unless a day is named.",
    [
        ("EOD", "2026-07-28"),
        ("end of day", "2026-07-28"),
        ("by end of the day", "2026-07-28"),
        ("midnight", "2026-07-28"),
        ("tonight", "2026-07-28"),
        ("COB", "2026-07-28 17:00"),
        ("close of business", "2026-07-28 17:00"),
        ("end of the business day", "2026-07-28 17:00"),
        ("COB", "refused: already past", "2026-07-28 18:00"),
    ],
)
def end_of_day_or_business(phrase: str, context: Context) -> Clock | None:
    phrase = _unprefixed(phrase).removeprefix("the ")
    if phrase in {"midnight", "12 midnight", "tonight", "end of day", "end of the day", "eod"}:
        return Clock(END_OF_DAY, end_of_day=True)
    if phrase in {
        "close of business",
        "cob",
        "end of business",
        "eob",
        "close of business day",
        "end of business day",
        "end of the business day",
        "end of the working day",
        "close of the business day",
    }:
        return Clock(CLOSE_OF_BUSINESS, of_base_day=True)
    return None


@clock_rule(
    "UK times of day",
    '"close of play" = 17:00; "first thing" = 10:00; "lunchtime" = 13:00; "midday" = 12:00.',
    [
        ("close of play", "2026-07-28 17:00"),
        ("end of play", "2026-07-28 17:00"),
        ("first thing", "2026-07-29 10:00"),
        ("first thing in the morning", "2026-07-29 10:00"),
        ("lunchtime", "2026-07-29 13:00"),
        ("by lunch", "2026-07-29 13:00"),
        ("midday", "2026-07-29 12:00"),
    ],
)
def uk_times(phrase: str, context: Context) -> Clock | None:
    phrase = _unprefixed(phrase)
    if phrase in {"close of play", "end of play", "cop", "eop"}:
        return Clock(CLOSE_OF_BUSINESS, of_base_day=True)
    if phrase in {"first thing", "first thing in the morning"}:
        return Clock(time(10))
    if phrase in {"lunchtime", "lunch time", "lunch"}:
        return Clock(time(13))
    if phrase in {"midday", "12 midday"}:
        return Clock(time(12))
    return None


@clock_rule(
    "part of the day",
    "Parts of a day end at: morning 12:00, afternoon 17:00, evening 21:00.",
    [
        ("this morning", "refused: already past"),
        ("this afternoon", "2026-07-28 17:00"),
        ("this evening", "2026-07-28 21:00"),
        ("in the morning", "2026-07-29 12:00"),
        ("afternoon", "2026-07-28 17:00"),
    ],
)
def part_of_day(phrase: str, context: Context) -> Clock | None:
    phrase = _unprefixed(phrase)
    this = re.fullmatch(r"(?:this|later this)\s+(morning|afternoon|evening)", phrase)
    if this:
        return Clock(DAY_PART_ENDS[this[1]], of_base_day=True)
    part = re.fullmatch(r"(?:in\s+)?(?:the\s+)?(morning|afternoon|evening)", phrase)
    return Clock(DAY_PART_ENDS[part[1]]) if part else None


@clock_rule(
    "clock time",
    'Bare times ("by 5pm", "by noon") mean the next time the clock shows that. Clock times as '
    'people write them: "5:30p", "12 noon", "half past four", "nine", "eleven o\'clock"; '
    "without am/pm, a working-day time: 8-11 in the morning, 12 noon, 1-7 in the afternoon.",
    [
        ("by 5pm", "2026-07-28 17:00"),
        ("by noon", "2026-07-29 12:00"),
        ("by 2pm", "2026-07-29 14:00"),
        ("9am", "2026-07-29 09:00"),
        ("5:30p", "2026-07-28 17:30"),
        ("5p", "2026-07-28 17:00"),
        ("10 a.m.", "2026-07-29 10:00"),
        ("12 noon", "2026-07-29 12:00"),
        ("half past four", "2026-07-28 16:30"),
        ("quarter to five", "2026-07-28 16:45"),
        ("half four", "2026-07-28 16:30"),
        ("nine", "2026-07-29 09:00"),
        ("eleven o'clock", "2026-07-29 11:00"),
        ("5 o'clock", "2026-07-28 17:00"),
        ("5:30", "2026-07-28 17:30"),
        ("07:30", "2026-07-29 07:30"),
        ("17:00", "2026-07-28 17:00"),
        ("nine in the evening", "2026-07-28 21:00"),
        ("around 12:30", "2026-07-29 12:30"),
    ],
)
def clock(phrase: str, context: Context) -> Clock | None:
    found = clock_time(_unprefixed(phrase), bare_hours=context.beside_day)
    return None if found is None else Clock(found)


_WINDOW = Pattern(
    r"(?:between\s+|from\s+)?(?:the\s+hours\s+of\s+)?(?P<start>.+?)"
    r"\s*(?:-|\bto\b|\btill\b|\buntil\b|\band\b|\bor\b|\bthrough\b|\bthru\b|\banytime up to\b)\s*"
    r"(?P<end>[^-]+)"
)
_MERIDIEM_AT_END = Pattern(r"(?:[ap]m?|noon|midday|o'clock)$")


@clock_rule(
    "time window",
    'A window of times means its later end: "between 8 and 12", "2-4pm", "10 a.m. - 12 noon", '
    '"between nine and twelve"; a bare "8-12" is a time window only beside a day.',
    [
        ("between 8 and 12", "2026-07-29 12:00"),
        ("between 1pm and 4pm", "2026-07-28 16:00"),
        ("between 1pm & 4pm", "2026-07-28 16:00"),
        ("10 a.m. \u2013 12 noon", "2026-07-29 12:00"),
        ("between nine and twelve", "2026-07-29 12:00"),
        ("2-4pm", "2026-07-28 16:00"),
        ("9am to 1pm", "2026-07-29 13:00"),
        ("from 8am to 1pm", "2026-07-29 13:00"),
        ("between the hours of 10am and 6pm", "2026-07-28 18:00"),
        ("8pm-10", "2026-07-28 22:00"),
        ("9am anytime up to 5pm", "2026-07-28 17:00"),
        ("08:00 to 10:00", "2026-07-29 10:00"),
    ],
)
def time_window(phrase: str, context: Context) -> Clock | None:
    window = _WINDOW.fullmatch(_unprefixed(phrase))
    if not window:
        return None
    start_text, end_text = window["start"].strip(), window["end"].strip()
    said_as_window = (
        phrase.startswith(("between", "from"))
        or ":" in phrase
        or bool(_MERIDIEM_AT_END.search(end_text))
        or not (start_text.isdigit() and end_text.isdigit())
    )
    if not (said_as_window or context.beside_day):
        return None  # a bare "8-12" alone could be a date
    start = clock_time(start_text, bare_hours=True)
    end = clock_time(end_text, bare_hours=True)
    if start is None or end is None:
        return None
    start_meridiem = re.search(r"([ap])m?$", start_text)
    if start_meridiem and not _MERIDIEM_AT_END.search(end_text) and ":" not in end_text:
        # "8pm-10": the end shares the start's half of the day, unless that puts it first.
        hour = with_meridiem(end.hour, start_meridiem[1]) if end.hour <= 12 else None
        if hour is not None and time(hour, end.minute) > start:
            end = time(hour, end.minute)
    return Clock(end)
