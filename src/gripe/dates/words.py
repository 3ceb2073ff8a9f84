"""The words of dates and times: weekdays, months, numbers, clock times as people write them.

Shared by the deadline rules (reading forwards) and by ``--at`` (reading towards the past). A
clock time without am/pm is read as a working-day time: 8 to 11 in the morning, 12 noon, 1 to 7
in the afternoon or evening; a 24-hour time written with a leading zero ("07:00") or past 12 is
taken as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import time

from gripe.errors import BadInput


class Pattern:
    """A regular expression compiled the first time it is used.

    Python compiles regular expressions in Python, at about a millisecond for one with a long
    alternation; compiled at import, the rules would cost every command tens of milliseconds.
    """

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def findall(self, text: str) -> list[str]:
        return self.compiled.findall(text)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.compiled.sub(replacement, text)


WEEKDAYS = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2, "weds": 2,
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
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "twenty-one": 21, "twenty-four": 24, "twenty-eight": 28,
    "thirty": 30, "forty": 40, "forty-five": 45, "forty-eight": 48, "sixty": 60,
    "seventy-two": 72, "ninety": 90, "hundred": 100, "a hundred": 100,
}  # fmt: skip
HOUR_WORDS = {
    word: value
    for word, value in NUMBER_WORDS.items()
    if 1 <= value <= 12 and word not in {"a", "an"}
}
MINUTE_WORDS = {
    "five": 5, "ten": 10, "quarter": 15, "a quarter": 15, "twenty": 20, "twenty-five": 25,
    "twenty five": 25, "half": 30,
}  # fmt: skip
NOON = time(12)


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that "thurs" wins over "thu"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


WEEKDAY = alternatives(WEEKDAYS)
MONTH = alternatives(MONTHS)
NUMBER = r"\d+|" + alternatives(NUMBER_WORDS)

_DASHES_AND_QUOTES = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2019": "'", "\u00a0": " "}
)
_MERIDIEM = Pattern(r"\b([ap])\.\s?m\b\.?")
_WORD_THEN_DIGITS = Pattern(r"\b([a-z]+(?:-[a-z]+)?)\s*\((\d+)\)")
_OCLOCK = Pattern(r"\s*\bo\s*'?\s*clock\b")


MAX_PHRASE = 200  # no one says a time, a deadline or a length in more


def refuse_too_long(text: str) -> None:
    """What no person types is refused before any rule reads it: a phrase past `MAX_PHRASE`
    (thousands of digits would also reach int(), which refuses them with a ValueError)."""
    if len(text) > MAX_PHRASE:
        raise BadInput(
            f"{text[:30]!r}… is too long to read; type a time like 8pm Friday or a length like 25m"
        )


def clean(text: str) -> str:
    """Lower case, one kind of dash and quote, "p.m." as "pm", no commas, single spaces.

    "thirty (30) days", the way contracts write numbers twice, becomes "30 days" when the two
    agree.
    """
    phrase = text.translate(_DASHES_AND_QUOTES).lower().replace(",", " ").replace("&", " and ")
    if "." in phrase:
        phrase = _MERIDIEM.sub(r"\1m", phrase)
    if "clock" in phrase:
        phrase = _OCLOCK.sub(" o'clock", phrase)
    if "(" in phrase:
        phrase = _WORD_THEN_DIGITS.sub(
            lambda match: match[2] if NUMBER_WORDS.get(match[1]) == int(match[2]) else match[0],
            phrase,
        )
    return " ".join(phrase.split()).strip(" .!;:")


def number(text: str) -> int | None:
    """ "12" or "twelve" → 12; None for anything else."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


def working_day_hour(hour: int) -> int:
    """An hour said without am/pm: 8-11 in the morning, 12 noon, 1-7 in the afternoon."""
    return hour + 12 if 1 <= hour <= 7 else hour


def with_meridiem(hour: int, meridiem: str) -> int | None:
    """ "5" and "p" → 17; None when the hour cannot carry am/pm."""
    if not 1 <= hour <= 12:
        return None
    return hour % 12 + (12 if meridiem == "p" else 0)


_PART_MERIDIEM = {
    "in the morning": "a",
    "this morning": "a",
    "in the afternoon": "p",
    "this afternoon": "p",
    "in the evening": "p",
    "this evening": "p",
    "at night": "p",
    "tonight": "p",
}
_EXPLICIT = Pattern(r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<meridiem>[ap])m?")
_DIGITAL = Pattern(r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})")
_NOON = Pattern(r"(?:12(?:[:.]00)?\s*)?(?:noon|midday)")
_APPROXIMATELY = ("around ", "about ", "approximately ", "approx ", "roughly ")


def _hour_value(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 2 else HOUR_WORDS.get(text)


def clock_time(phrase: str, bare_hours: bool = False) -> time | None:
    """A time of day as people write it, or None when ``phrase`` is not one.

    "5pm", "5:30p", "10 a.m.", "17:00", "5:30" (17:30), "noon", "12 noon", "nine", "eleven
    o'clock", "5 o'clock", "half past four", "quarter to five", "half four", "nine in the
    morning", "around 12:30". A bare number of hours ("2") is a time only ``bare_hours``: beside
    a day or in a window; alone it is a bare number.
    """
    phrase = phrase.strip().removeprefix("at ")
    for word in _APPROXIMATELY:
        phrase = phrase.removeprefix(word)
    meridiem = ""
    for part, part_meridiem in _PART_MERIDIEM.items():
        if phrase.endswith(" " + part):
            phrase, meridiem = phrase[: -len(part)].strip(), part_meridiem
            break
    if not phrase or not (phrase[0].isdigit() or phrase[0] in "noqtfesmh"):
        return None  # no time starts otherwise: digits, noon, one … twelve, quarter, half
    if ("noon" in phrase or "midday" in phrase) and _NOON.fullmatch(phrase):
        return NOON
    if phrase[0].isdigit():
        explicit = _EXPLICIT.fullmatch(phrase)
        if explicit:
            if meridiem and meridiem != explicit["meridiem"]:
                return None
            hour = with_meridiem(int(explicit["hour"]), explicit["meridiem"])
            return _time(hour, int(explicit["minute"] or 0))
        digital = _DIGITAL.fullmatch(phrase)
        if digital:
            hour, minute = int(digital["hour"]), int(digital["minute"])
            if meridiem:
                return _time(with_meridiem(hour, meridiem), minute)
            literal = digital["hour"].startswith("0") or hour == 0 or hour > 12
            return _time(hour if literal else working_day_hour(hour), minute)
    return _spoken(phrase.split(), meridiem, bare_hours)


def _spoken(words: list[str], meridiem: str, bare_hours: bool) -> time | None:
    """ "nine", "eleven o'clock", "half past four", "quarter to five", "half four", "2"."""
    minute = 0
    if words[-1] == "o'clock":
        words = words[:-1]
        bare_hours = True
    if len(words) == 1:
        hour = _hour_value(words[0])
        if words[0].isdigit() and not (bare_hours or meridiem):
            return None  # a bare number alone: five what?
        if words[0].isdigit() and hour is not None and hour > 12:
            return None if meridiem else _time(hour, 0)  # "at 14": a 24-hour clock
    elif len(words) == 2 and words[0] == "half":  # "half four": half past four
        hour, minute = _hour_value(words[1]), 30
    elif len(words) >= 3 and words[-2] in {"past", "after", "to", "till"}:
        minutes_text = " ".join(word for word in words[:-2] if word not in {"minute", "minutes"})
        minute = MINUTE_WORDS.get(minutes_text) or (
            int(minutes_text) if minutes_text.isdigit() else 0
        )
        hour = _hour_value(words[-1])
        if hour is None or not 0 < minute < 60:
            return None
        if words[-2] in {"to", "till"}:
            hour, minute = hour - 1 if hour > 1 else 12, 60 - minute
    else:
        return None
    if hour is None or not 1 <= hour <= 12:
        return None
    return _time(with_meridiem(hour, meridiem) if meridiem else working_day_hour(hour), minute)


def _time(hour: int | None, minute: int) -> time | None:
    if hour is None or not 0 <= hour <= 23 or not 0 <= minute <= 59:
        return None
    return time(hour, minute)


_TIME_LIKE = Pattern(r"\b\d{1,2}(?:[:.]\d{2})?\s*[ap]m\b|\b\d{1,2}:\d{2}\b")


def impossible_time(phrase: str) -> str | None:
    """The first thing in ``phrase`` written like a time that is none ("25:00", "13pm")."""
    for token in _TIME_LIKE.findall(phrase):
        if clock_time(" ".join(token.split())) is None:
            return str(token.strip())
    return None
