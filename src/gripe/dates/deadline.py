"""Reading a promise's deadline: the ordered table of rules (DESIGN.md, "Deadline semantics").

A phrase is cleaned (lower case, one kind of dash, "p.m." as "pm", no commas; a leading "by",
"until", "due" or "on" dropped), then tried against ``DEADLINE_RULES`` in this order; the first
rule that reads it wins:

1. an empty phrase is refused;
2. calendar days and instants: ISO date and time, ISO date, numeric date, month and day, a
   weekday with its date, weekday, "Monday week", today and the next day, end of a week, month
   or year. Exact shapes come first, so that "2026-08-05" is never taken for a window;
3. times of day: end of day or close of business, the UK times of day, parts of the day, clock
   time, time window;
4. lengths: minutes and hours, days/weeks/months, business days, business hours;
5. compositions of the above: a day and a time, "before", a length counted from a day, loose
   words ("up to", "no later than"), and windows or choices joined by "or", "to", "-";
6. refusals of what no rule read: the start of a window ("after 7pm"), the past, a bare number,
   a month alone, vague words;
7. dateparser (``fallback``), loaded only now, for what is left; then "cannot read".

The reading must then lie after the base time (else it is refused, pointing to ``--at``) and in
the years 1970-2200. A new family of phrases is one new rule, with its examples, in this table.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from gripe.dates import clocks, composites, days, durations, fallback, refusals
from gripe.dates.arithmetic import FIRST_YEAR, LAST_YEAR, within_years
from gripe.dates.refusals import DEADLINE_EXAMPLES
from gripe.dates.rule import Context, Deadline, Reading, Rule
from gripe.dates.words import Pattern, clean, impossible_time, refuse_too_long
from gripe.errors import BadInput

DEADLINE_RULES: tuple[Rule[Any], ...] = (
    refusals.empty,
    days.iso_time,
    days.iso_date,
    days.numeric_date,
    days.month_and_day,
    days.weekday_with_date,
    days.weekday,
    days.week_on,
    days.today_and_next_day,
    days.end_of_period,
    clocks.end_of_day_or_business,
    clocks.uk_times,
    clocks.part_of_day,
    clocks.clock,
    clocks.time_window,
    durations.minutes_and_hours,
    durations.days_weeks_months,
    durations.business_days,
    durations.business_hours,
    composites.day_and_time,
    composites.before,
    composites.counted_from,
    composites.loose_words,
    composites.window_or_choice,
    refusals.start_of_window,
    refusals.in_the_past,
    refusals.bare_number,
    refusals.month_alone,
    refusals.vague,
)
FALLBACK = "dateparser"
_FILLER = Pattern(r"^(?:by|until|till|til|due|due by|due on|on|for)\s+")


def normalise(text: str) -> str:
    phrase = clean(text)
    while (shorter := _FILLER.sub("", phrase)) != phrase:
        phrase = shorter
    return phrase


def read_deadline(
    phrase: str, base: datetime, date_order: str | None, said: str = ""
) -> Reading | None:
    """The table's reading of a normalised phrase, the fallback's, or None."""
    context = Context(base, date_order, DEADLINE_RULES, said=said)
    for rule in DEADLINE_RULES:
        reading = rule.read(phrase, context)
        if reading is not None:
            return reading
    impossible = impossible_time(phrase)
    if impossible:
        raise BadInput(f'{impossible!r} is not a time of day; type one like "3pm" or "15:00"')
    found = fallback.future(phrase, base, date_order)
    return None if found is None else Reading(found[0], found[1], (FALLBACK,))


def parse_deadline(text: str, base: datetime, date_order: str | None = None) -> Deadline:
    """Read a promise's deadline phrase forwards from ``base`` (aware, in the local zone)."""
    refuse_too_long(text)
    said = text.strip()
    try:
        reading = read_deadline(normalise(text), base, date_order, said)
    except OverflowError:
        reading = None
        outside = True
    else:
        outside = reading is not None and not within_years(reading.due)
    if outside:
        raise BadInput(
            f"{said!r} falls outside the years gripe keeps ({FIRST_YEAR}-{LAST_YEAR}); "
            'type a date like "2026-08-05" or a length like "within 30 days"'
        )
    if reading is None:
        raise BadInput(f"cannot read {said!r} as a deadline; type {DEADLINE_EXAMPLES}")
    if reading.due.astimezone(timezone.utc) <= base.astimezone(timezone.utc):
        raise BadInput(
            f"{said!r} is already past at the time of the call "
            f"({reading.due:%a %d %b %Y %H:%M}); if the call was earlier, give its time with "
            '--at (like --at "today 2pm"), or type a later deadline, like "tomorrow 5pm"'
        )
    return Deadline(said, reading.due, reading.date_only, reading.rule)
