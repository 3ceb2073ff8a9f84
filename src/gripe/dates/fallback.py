"""dateparser, for what no rule reads: the only module that imports it.

It is slow to import and to warm up (about 150 ms), so it is imported here, inside the
functions, and only after every rule has declined. It is called with explicit settings
(language, date order, which way to prefer, the base time, no timestamps), and only a day or a
time from it is accepted, and only when it keeps every number and weekday the phrase names.
"""

from __future__ import annotations

import re
from datetime import datetime

from gripe.dates.arithmetic import end_of
from gripe.dates.words import WEEKDAYS

PARSERS = ["relative-time", "absolute-time", "custom-formats"]


def _misread(phrase: str, moment: datetime) -> bool:
    """A reading that drops what the phrase says is a misreading, not an answer: "friday 8-12"
    read as 12 August, a Wednesday; "48 10" read as 10 July (where did the 48 go?)."""
    named = [WEEKDAYS[word] for word in re.findall(r"[a-z]+", phrase) if word in WEEKDAYS]
    if named and moment.weekday() not in named:
        return True
    shown = {
        moment.day, moment.month, moment.year, moment.year % 100, moment.hour,
        moment.hour % 12 or 12, moment.minute,
    }  # fmt: skip
    counts = r"\d+\s*(?:min|h|d|w|mo|y|sec|business|working|calendar)"  # "3 days ago": a count
    dates_and_times = re.findall(r"\d+", re.sub(counts, " ", phrase))
    return any(int(number) not in shown for number in dates_and_times)


def future(phrase: str, base: datetime, date_order: str | None) -> tuple[datetime, bool] | None:
    """(instant, date_only) for a deadline phrase read forwards from ``base``, or None."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": base.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RETURN_TIME_AS_PERIOD": True,
            "PARSERS": PARSERS,
            # Numeric dates never reach here (the rules read or refuse them); the order only
            # decides how dateparser reads "31st" and the like: not as a year.
            "DATE_ORDER": date_order or "DMY",
        },
    )
    found = parser.get_date_data(phrase)
    moment: datetime | None = found.date_obj
    if moment is None or found.period not in {"time", "day"}:
        return None
    if _misread(phrase, moment):
        return None
    if found.period == "day":
        return end_of(moment.date(), base.tzinfo), True
    return moment.replace(tzinfo=base.tzinfo), False


def past(phrase: str, now: datetime, date_order: str | None) -> datetime | None:
    """When something happened, read towards the past from ``now``, or None."""
    import dateparser

    found: datetime | None = dateparser.parse(
        phrase,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RELATIVE_BASE": now.replace(tzinfo=None),
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PARSERS": PARSERS,
            "DATE_ORDER": date_order or "DMY",
            "STRICT_PARSING": False,
        },
    )
    if found is None or _misread(phrase, found):
        return None
    return found.replace(tzinfo=now.tzinfo)
