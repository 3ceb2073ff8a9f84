"""Checking a phrase against what a rule's example or the corpus expects (see gripe.dates.rule)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from gripe.errors import BadInput

LONDON = ZoneInfo("Europe/London")
BASE = "2026-07-28 14:00"  # a Tuesday
REFUSED = "refused"


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def outcome(read: Callable[[str, datetime], datetime], phrase: str, base: str = BASE) -> str:
    """What ``read`` makes of ``phrase``, in the examples' notation (see gripe.dates.rule)."""
    try:
        due = read(phrase, local(base))
    except BadInput as refused:
        return f"{REFUSED}: {refused.message}"
    return due.strftime("%Y-%m-%d %H:%M")


def matches(found: str, expected: str, date_only: bool | None = None) -> bool:
    """Whether ``found`` (an outcome) is what ``expected`` says.

    "2026-07-31" means the end of that day (23:59, date only); "refused: words" means a
    refusal whose message contains the words.
    """
    if expected.startswith(REFUSED):
        words = expected.partition(":")[2].strip()
        return found.startswith(REFUSED) and words in found
    if len(expected) == 10:
        return found == f"{expected} 23:59" and date_only is not False
    return found == expected and date_only is not True
