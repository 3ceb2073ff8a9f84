"""Rules that read a phrase through other rules: a day with a time, a window or a choice, words
that do not change the reading, "before", a length counted from a day.

Base of the examples: Tuesday 28 July 2026, 14:00, London.
"""

from __future__ import annotations

import re
from datetime import timedelta

from gripe.dates.arithmetic import at_clock, end_of
from gripe.dates.rule import Clock, Context, Reading, composite_rule
from gripe.dates.words import Pattern

_DAY_PREFIX = Pattern(r"^(?:on|by|until|till|for)\s+")
_CLOCK_PREFIX = Pattern(r"^before\s+")
_PART_OF_DAY = "part of the day"


def _clock(phrase: str, context: Context) -> tuple[Clock, str] | None:
    """A time of day beside a day: one clock phrase, or a part of the day and a time within it
    ("morning 9am", "9am in the morning" is the clock rule's)."""
    phrase = _CLOCK_PREFIX.sub("", phrase)
    found = context.clock(phrase)
    if found is not None:
        return found
    words = phrase.split()
    for cut in range(1, len(words)):
        kept = _within_part(
            context.clock(" ".join(words[:cut])), context.clock(" ".join(words[cut:]))
        )
        if kept is not None:
            return kept
    return None


def _within_part(
    first: tuple[Clock, str] | None, second: tuple[Clock, str] | None
) -> tuple[Clock, str] | None:
    """Of a part of the day and a time in it ("morning", "9am"), the time; else None."""
    if first is None or second is None:
        return None
    if second[1] == _PART_OF_DAY and first[0].at <= second[0].at:
        return first
    if first[1] == _PART_OF_DAY and second[0].at <= first[0].at:
        return second
    return None


def _day_at(day_phrase: str, clock: tuple[Clock, str], context: Context) -> Reading | None:
    found = context.day(_DAY_PREFIX.sub("", day_phrase))
    if found is None:
        return None
    (day, day_rule), (time_of_day, clock_rule) = found, clock
    due = (
        end_of(day, context.zone)
        if time_of_day.end_of_day
        else at_clock(day, time_of_day.at, context.zone)
    )
    return Reading(due, time_of_day.end_of_day, (day_rule, clock_rule))


@composite_rule(
    "day and time",
    'A day and a time of day in either order mean that day at that time: "8pm Wednesday", '
    '"by 8:00 pm on Wednesday", "COB Friday", "first thing Monday morning".',
    [
        ("8pm Wednesday", "2026-07-29 20:00"),
        ("by 8:00 pm on Wednesday", "2026-07-29 20:00"),
        ("Wednesday at 8pm", "2026-07-29 20:00"),
        ("friday 5pm", "2026-07-31 17:00"),
        ("tomorrow by noon", "2026-07-29 12:00"),
        ("tomorrow morning", "2026-07-29 12:00"),
        ("COB Friday", "2026-07-31 17:00"),
        ("Friday EOD", "2026-07-31"),
        ("end of day Friday", "2026-07-31"),
        ("close of play Thursday", "2026-07-30 17:00"),
        ("first thing Monday", "2026-08-03 10:00"),
        ("first thing Monday morning", "2026-08-03 10:00"),
        ("Wednesday morning at 9", "2026-07-29 09:00"),
        ("lunchtime tomorrow", "2026-07-29 13:00"),
        ("Saturday at 2", "2026-08-01 14:00"),
        ("friday 8-12", "2026-07-31 12:00"),
        ("between 10 and 2 on Saturday", "2026-08-01 14:00"),
        ("between 8 and 12 on Friday", "2026-07-31 12:00"),
        ("same day before 6pm", "2026-07-28 18:00"),
        ("3rd of September at 4pm", "2026-09-03 16:00"),
        ("Monday week at 10", "2026-08-10 10:00"),
        ("in 3 days at 5pm", "2026-07-31 17:00"),
        ("today by 3pm", "refused: --at", "2026-07-28 18:45"),
    ],
)
def day_and_time(phrase: str, context: Context) -> Reading | None:
    words = phrase.split()
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        for day_phrase, time_phrase in ((first, second), (second, first)):
            clock = _clock(time_phrase, context)
            if clock is not None:
                reading = _day_at(day_phrase, clock, context)
                if reading is not None:
                    return reading
    # A time on each side of the day, one of them a part of the day that holds the other:
    # "first thing Monday morning", "9am Monday morning".
    for start in range(1, len(words) - 1):
        for end in range(start + 1, len(words)):
            kept = _within_part(
                context.clock(" ".join(words[:start])), context.clock(" ".join(words[end:]))
            )
            reading = _day_at(" ".join(words[start:end]), kept, context) if kept else None
            if reading is not None:
                return reading
    return None


_LOOSE = Pattern(
    r"\b(?:up to|no later than|not later than|not more than|no more than|at the most|at most|"
    r"another|a further|further|an additional|additional|an extra|extra|a maximum of|"
    r"maximum of|maximum|max|less than|under|sometime|some time|anytime|any time|"
    r"at some point|later|the full|full|whole|calendar|(?<!or )more|away|or less|or sooner|"
    r"or earlier|or before|at the very latest|at the latest|latest|tops)\b"
)


@composite_rule(
    "loose words",
    '"up to", "no later than", "not more than", "at most", "another", "a further", "full", '
    '"calendar", "or less", "max", "sometime", "away" do not change the reading: "up to 10 days" '
    "= within 10 days.",
    [
        ("up to 15 days", "2026-08-12"),
        ("no later than 7 calendar days", "2026-08-04"),
        ("two full working days", "2026-07-30"),
        ("10 days max", "2026-08-07"),
        ("48 hours or less", "2026-07-30 14:00"),
        ("another 2 days", "2026-07-30"),
        ("a further 5 working days", "2026-08-04"),
        ("at most 3 days", "2026-07-31"),
        ("not more than 30 days", "2026-08-27"),
        ("10 minutes away", "2026-07-28 14:10"),
        ("sometime today", "2026-07-28"),
        ("later today", "2026-07-28"),
        ("sometime next week", "2026-08-07"),
        ("no later than Friday 5pm", "2026-07-31 17:00"),
        ("Friday at the latest", "2026-07-31"),
    ],
)
def loose_words(phrase: str, context: Context) -> Reading | None:
    rest = " ".join(_LOOSE.sub(" ", phrase).split())
    if rest == phrase or not rest:
        return None
    return context.read(rest)


_JOINER = Pattern(
    r"\s*(?:-|\banytime up to\b|\bto\b|\btill\b|\buntil\b|\band\b|\bor\b|\bthrough\b|\bthru\b)\s*"
)
_BARE_DAY_NUMBER = Pattern(r"\d{1,2}(?:st|nd|rd|th)?")


@composite_rule(
    "window or choice",
    'Windows and choices mean their later end, whatever joins them ("-", "to", "till", "until", '
    '"and", "&", "or"): "Wednesday or Thursday", "the 21st to the 25th", "28 November - 1 '
    'December".',
    [
        ("Wednesday or Thursday", "2026-07-30"),
        ("Friday or Monday", "2026-08-03"),
        ("between the 21st and the 25th", "2026-08-25"),
        ("the 21st to the 25th", "2026-08-25"),
        ("28 November \u2013 1 December", "2026-12-01"),
        ("5-7 August", "2026-08-07"),
        ("Monday to Friday", "2026-08-07"),
        ("tomorrow or Thursday", "2026-07-30"),
        ("Monday anytime up to Friday", "2026-08-07"),
        ("Wednesday or Thursday", "2026-08-05", "2026-07-29 10:00"),
    ],
)
def window_or_choice(phrase: str, context: Context) -> Reading | None:
    phrase = re.sub(r"^(?:between|from|either)\s+", "", phrase)
    for joiner in _JOINER.finditer(phrase):
        left, right = phrase[: joiner.start()], phrase[joiner.end() :]
        if not left or not right:
            continue
        later = context.read(right)
        if later is None:
            continue
        earlier = context.read(left)
        if earlier is None:
            if _BARE_DAY_NUMBER.fullmatch(left):
                return later  # "5-7 August": the start takes its month from the end
            continue
        if joiner[0].strip() == "or":
            return later if later.due >= earlier.due else earlier  # each option read alone
        if later.due < earlier.due:
            # The end of a window comes after its start: "the 21st to the 25th" said on the
            # 23rd is next month's; "Monday to Friday" said on a Saturday is next week's.
            moved = context.from_base(max(earlier.due, context.base)).read(right)
            later = moved if moved is not None and moved.due >= earlier.due else earlier
        return later
    return None


@composite_rule(
    "before",
    '"before Friday" means by the end of Thursday; "before 5pm" and "before the end of today" '
    "mean what follows them.",
    [
        ("before Friday", "2026-07-30"),
        ("before the 15th", "2026-08-14"),
        ("before 5pm", "2026-07-28 17:00"),
        ("before midnight", "2026-07-28"),
        ("before the end of today", "2026-07-28"),
        ("before close of play", "2026-07-28 17:00"),
    ],
)
def before(phrase: str, context: Context) -> Reading | None:
    if not phrase.startswith("before "):
        return None
    rest = phrase.removeprefix("before ")
    reading = context.read(rest)
    if reading is None or not reading.named_day or re.match(r"(?:the\s+)?end\s+of\b", rest):
        return reading
    day_before = reading.due.date() - timedelta(days=1)
    return Reading(end_of(day_before, context.zone), True, reading.rules, named_day=True)


_DURATION_RULES = {
    "minutes and hours",
    "days, weeks and months",
    "business days",
    "business hours",
}


@composite_rule(
    "counted from a day",
    'A length counted from a day, or from now: "3 weeks from tomorrow", "10 working days from '
    'Monday", "48 hours from now".',
    [
        ("3 weeks from tomorrow", "2026-08-19"),
        ("10 working days from Monday", "2026-08-17"),
        ("2 days after Friday", "2026-08-02"),
        ("48 hours from now", "2026-07-30 14:00"),
        ("30 days from today", "2026-08-27"),
    ],
)
def counted_from(phrase: str, context: Context) -> Reading | None:
    match = re.fullmatch(r"(?P<length>.+?)\s+(?:from|after)\s+(?P<start>.+)", phrase)
    if not match:
        return None
    start = match["start"]
    if start in {"now", "today", "right now"}:
        moved = context
    else:
        found = context.day(start)
        if found is None:
            return None
        moved = context.from_base(at_clock(found[0], context.base.time(), context.zone))
    reading = moved.read(match["length"])
    if reading is None or reading.rules[0] not in _DURATION_RULES:
        return None
    if start not in {"now", "right now"} and not reading.date_only:
        return None  # "48 hours from Monday": from when on Monday? Not a promise to guess at.
    return reading
