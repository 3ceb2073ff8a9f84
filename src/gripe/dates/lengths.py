"""How long a call lasted ("25m", "1h10m", "1:10", "90") and how far ahead to look ("7d")."""

from __future__ import annotations

import re
from datetime import timedelta

from gripe.dates.words import clean, number, refuse_too_long
from gripe.errors import BadInput


def parse_duration(text: str) -> int:
    """Minutes from "25m", "25 min", "1h", "1h10m", "1 h 10 m", "1:10" or a bare "90"."""
    refuse_too_long(text)
    cleaned = clean(text).replace(" ", "")
    clock_match = re.fullmatch(r"(?P<hours>\d+):(?P<minutes>[0-5]\d)", cleaned)
    if clock_match:
        return int(clock_match["hours"]) * 60 + int(clock_match["minutes"])
    match = re.fullmatch(
        r"(?:(?P<hours>\d+)(?:h|hr|hrs|hour|hours))?(?:(?P<minutes>\d+)(?:m|min|mins|minute|minutes)?)?",
        cleaned,
    )
    if cleaned and match and (match["hours"] or match["minutes"]):
        # "1h10" is fine; a bare number after hours reads as minutes.
        return int(match["hours"] or 0) * 60 + int(match["minutes"] or 0)
    raise BadInput(f"{text!r} is not a duration; type minutes like 25m, 90 or 1h10m (or 1:10)")


def parse_span(text: str) -> timedelta:
    """A look-ahead window: "7d", "48h", "2w", "90m", "3 days", "a week"."""
    refuse_too_long(text)
    match = re.fullmatch(
        r"(?P<count>\d+|[a-z]+(?:-[a-z]+)?)\s*(?P<unit>m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)",
        clean(text),
    )
    count = number(match["count"]) if match else None
    if match is None or count is None:
        raise BadInput(f'{text!r} is not a span of time; type one like 7d, 48h, 2w or "3 days"')
    unit = match["unit"][0]
    return {
        "m": timedelta(minutes=count),
        "h": timedelta(hours=count),
        "d": timedelta(days=count),
    }.get(unit, timedelta(weeks=count))
