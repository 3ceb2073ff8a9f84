"""Opening hours: reading "Mon-Fri 08:00-20:00; Sat 09:00-17:00", and whether the lines are
open now.

Hours are wall-clock times in the person's zone: gripe keeps no zone per company, because people
call the companies of the country they live in. A week is read into intervals of minutes from
Monday 00:00. An interval whose closing time is not after its opening time runs past midnight
("Fri 22:00-02:00" ends on Saturday at 02:00), and Sunday night runs on into Monday.

Whether the lines are open is decided by the wall clock, which is what a company's hours mean on
the days the clocks change: a line open 08:00-20:00 opens at 08:00 by the clock on the wall
whatever the offset. An opening or closing time the clocks skip (01:30 on the night they go
forward) happens when the clock jumps past it; one the clocks show twice (the night they go
back) is the first of the two that is still to come.

Pure: the time comes in as a parameter, nothing here reads the clock or the database.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import NamedTuple

from gripe.errors import BadInput

DAY = 24 * 60
WEEK = 7 * DAY
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EXAMPLE = '"Mon-Fri 08:00-20:00; Sat 09:00-17:00" (days, then times; "Sun closed"; "daily 24h")'

_DAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_DAY_GROUPS = {
    "weekdays": range(5),
    "weekends": range(5, 7),
    "weekend": range(5, 7),
    "daily": range(7),
    "every day": range(7),
    "everyday": range(7),
    "7 days": range(7),
    "7 days a week": range(7),
}
_DAY = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
_GROUP = "|".join(sorted((re.escape(g) for g in _DAY_GROUPS), key=len, reverse=True))
_DAY_ITEM = rf"(?:{_GROUP}|(?:{_DAY})\.?(?:\s*-\s*(?:{_DAY})\.?)?)"


class _Patterns(NamedTuple):
    part: re.Pattern[str]
    parts: re.Pattern[str]
    time: re.Pattern[str]
    all_day: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled on first use: ``company show`` of a company without hours never pays for it."""
    return _Patterns(
        part=re.compile(
            rf"^(?P<days>{_DAY_ITEM}(?:\s*(?:,|&|/|\band\b)\s*{_DAY_ITEM})*)\s*:?\s*(?P<times>.*)$"
        ),
        # Parts are separated by ";" or a new line, or by a comma, "&" or "and" before days
        # ("…, Sat 09:00-17:00"); "Sat & Sun 10:00-16:00" is two parts, the first without times.
        parts=re.compile(rf"[;\n]|(?:,|&|\band\b)\s*(?=(?:{_DAY_ITEM})\b)"),
        time=re.compile(
            r"^(?:(?P<word>noon|midday|midnight)|"
            r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap])?\.?(?:m\.?)?)$"
        ),
        all_day=re.compile(r"^(?:open\s+)?(?:24\s*h(?:rs?|ours?)?|24/7|all day)$"),
    )


class OpeningHours(NamedTuple):
    """A week of opening hours: for each day (Monday first), the times its lines open, in
    minutes from that day's midnight; a closing time past 24:00 is on the next day."""

    days: tuple[tuple[tuple[int, int], ...], ...]

    def intervals(self) -> list[tuple[int, int]]:
        """The open spans of the week in minutes from Monday 00:00, joined where they meet;
        a span may end past the end of the week (Sunday night into Monday)."""
        spans = sorted(
            (day * DAY + start, day * DAY + end)
            for day, times in enumerate(self.days)
            for start, end in times
        )
        joined: list[tuple[int, int]] = []
        for start, end in spans:
            if joined and start <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(joined[-1][1], end))
            else:
                joined.append((start, end))
        # Sunday night running into Monday morning is one span.
        if len(joined) > 1 and joined[-1][1] >= joined[0][0] + WEEK:
            last_start, last_end = joined.pop()
            _, first_end = joined.pop(0)
            joined.append((last_start, max(last_end, first_end + WEEK)))
        return joined

    def describe(self) -> str:
        """The hours as gripe reads them: "Mon-Fri 08:00-20:00; Sat 09:00-17:00"."""
        parts: list[str] = []
        day = 0
        while day < 7:
            times = self.days[day]
            last = day
            while last + 1 < 7 and self.days[last + 1] == times:
                last += 1
            if times:
                days = DAY_NAMES[day] if last == day else f"{DAY_NAMES[day]}-{DAY_NAMES[last]}"
                if (day, last) == (0, 6):
                    days = "daily"
                parts.append(f"{days} " + ", ".join(_span_text(s, e) for s, e in times))
            day = last + 1
        return "; ".join(parts)


class LinesStatus(NamedTuple):
    """Whether the lines are open at a moment, and when that changes."""

    open: bool
    change_at: datetime | None  # when they close (open now) or open (closed now); None: never
    phrase: str  # "lines open now until 20:00", "closed now; opens Thu 08:00"


def _refuse(text: str, problem: str) -> BadInput:
    return BadInput(
        f"cannot read the opening hours {text.strip()!r}: {problem}; type them like {EXAMPLE}"
    )


def _minutes(text: str, whole: str, is_end: bool) -> int:
    match = _patterns().time.match(text.strip())
    if not match:
        raise _refuse(whole, f"{text.strip()!r} is not a time like 08:00 or 8am")
    if match["word"]:
        if match["word"] == "midnight":
            return DAY if is_end else 0
        return 12 * 60
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise _refuse(whole, f"{text.strip()!r} is not a time (am and pm go with 1 to 12)")
        hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
    elif match["minute"] is None:
        # "9-5": nine to five, or nine to five in the morning? Refused rather than guessed.
        raise _refuse(whole, f"{text.strip()!r} needs minutes or am/pm, like {hour:02d}:00")
    if minute > 59 or hour > 24 or (hour == 24 and (minute or not is_end)):
        raise _refuse(whole, f"{text.strip()!r} is not a time of day")
    return hour * 60 + minute


def _span(text: str, whole: str) -> tuple[int, int]:
    pieces = re.split(r"\s*(?:-|\bto\b|\btill\b|\buntil\b)\s*", text.strip())
    if len(pieces) != 2 or not all(pieces):
        raise _refuse(whole, f"{text.strip()!r} is not a pair of times like 08:00-20:00")
    start, end = _minutes(pieces[0], whole, False), _minutes(pieces[1], whole, True)
    if start == end % DAY and end != DAY:
        raise _refuse(whole, f"{text.strip()!r} opens and closes at the same time")
    if end <= start:  # runs past midnight: "22:00-02:00"
        end += DAY
    return start, end


def _days(text: str, whole: str) -> list[int]:
    found: list[int] = []
    for item in re.split(r"\s*(?:,|&|/|\band\b)\s*", text.strip()):
        if item in _DAY_GROUPS:
            found.extend(_DAY_GROUPS[item])
            continue
        ends = [_DAY_WORDS[name.strip().rstrip(".")] for name in item.split("-")]
        first, last = ends[0], ends[-1]
        found.extend((first + step) % 7 for step in range((last - first) % 7 + 1))
    return found


def parse(text: str) -> OpeningHours:
    """Read opening hours as people write them; refuse with an example what cannot be read."""
    cleaned = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-")  # en, em dash
    if not cleaned:
        raise _refuse(text, "they are empty")
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    waiting: list[int] = []  # "Mon, Wed 09:00-17:00": Mon takes the times that follow
    patterns = _patterns()
    for part in filter(None, (piece.strip() for piece in patterns.parts.split(cleaned))):
        match = patterns.part.match(part)
        if not match:
            raise _refuse(text, f"{part!r} does not start with days like Mon-Fri or Sat")
        named_days, times = [*waiting, *_days(match["days"], text)], match["times"].strip()
        waiting = []
        if not times:
            waiting = named_days
            continue
        if times == "closed":
            for day in named_days:
                days[day] = []
            continue
        if patterns.all_day.match(times):
            spans = [(0, DAY)]
        else:
            spans = [_span(piece, text) for piece in re.split(r"\s*(?:,|\band\b)\s*", times)]
        for day in named_days:
            days[day] = sorted({*days[day], *spans})
    if waiting:
        raise _refuse(text, f"{DAY_NAMES[waiting[-1]]} has no times")
    hours = OpeningHours(tuple(tuple(times) for times in days))
    if not hours.intervals():
        raise _refuse(text, "they never open")
    return hours


def _span_text(start: int, end: int) -> str:
    if (start, end) == (0, DAY):
        return "24h"
    return f"{_clock(start)}-{_clock(end % DAY if end > DAY else end)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _aware(wall: datetime, zone: tzinfo, after: datetime) -> datetime:
    """The first instant after ``after`` at which the clock in ``zone`` shows ``wall``, or,
    when the clocks skip it, the instant they jump past it."""
    utc = timezone.utc
    for fold in (0, 1):
        moment = wall.replace(tzinfo=zone, fold=fold)
        if moment.astimezone(utc).astimezone(zone).replace(tzinfo=None) != wall:
            break  # a skipped time: both folds name instants that do not show it
        if moment > after:
            return moment
    # Skipped: fold=1 reads it with the offset after the change, an instant before the jump.
    probe = wall.replace(tzinfo=zone, fold=1).astimezone(utc)
    while probe.astimezone(zone).replace(tzinfo=None) < wall:
        probe += timedelta(minutes=1)
    return probe.astimezone(zone)


def _when(wall: datetime, today: datetime) -> str:
    days = (wall.date() - today.date()).days
    if days == 0:
        return f"today {wall:%H:%M}"
    if days == 1:
        return f"tomorrow {wall:%H:%M}"
    return f"{'next ' if days >= 7 else ''}{wall:%a %H:%M}"


def status(hours: OpeningHours, now: datetime, zone: tzinfo) -> LinesStatus:
    """Whether the lines are open at ``now`` by the wall clock in ``zone``, and until when."""
    local = now.astimezone(zone)
    wall = local.replace(tzinfo=None, second=0, microsecond=0)
    minute = wall.weekday() * DAY + wall.hour * 60 + wall.minute
    spans = hours.intervals()
    if len(spans) == 1 and spans[0][1] - spans[0][0] >= WEEK:
        return LinesStatus(True, None, "lines open now (24 hours, every day)")
    for start, end in spans:
        for shifted in (minute, minute + WEEK):
            if start <= shifted < end:
                closes = wall + timedelta(minutes=end - shifted)
                until = f"{closes:%H:%M}" if closes.date() == wall.date() else _when(closes, wall)
                return LinesStatus(
                    True, _aware(closes, zone, now), f"lines open now until {until}"
                )
    ahead = min((start - minute) % WEEK for start, _ in spans)
    opens = wall + timedelta(minutes=ahead)
    return LinesStatus(False, _aware(opens, zone, now), f"closed now; opens {_when(opens, wall)}")
