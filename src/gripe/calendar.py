"""Pending promises, and the reply dates of the person's letters, as an iCalendar file.

The only importer of icalendar (and only ``gripe calendar`` imports this module). One event per
promise: a timed deadline is a 30-minute event at the due instant (in UTC) with an alarm an hour
before; a date-only deadline is an all-day event on the due day in the person's zone with an
alarm the day before. A letter still waiting for its reply is an all-day event on its reply
date (the person's own deadline, said as such, not as a promise). The UID is the promise's or
letter's uuid, so importing a newer file updates the events already there instead of adding
copies.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

from gripe import clock
from gripe.model import Letter, Promise
from gripe.render import View, rep_label

PRODID = "-//gripe//complaint tracker//EN"
TIMED_LENGTH = timedelta(minutes=30)
TIMED_ALARM = timedelta(hours=1)
ALL_DAY_ALARM = timedelta(days=1)


def uid(promise: Promise) -> str:
    return f"{promise.uuid}@gripe"


def summary(promise: Promise) -> str:
    return f"{promise.company}: {promise.text} (promise #{promise.id})"


def description(view: View, promise: Promise) -> str:
    """What the person needs when the alarm goes off: the case, who promised, in which words."""
    title = f": {promise.case_title}" if promise.case_title else ""
    lines = [f"Case #{promise.case_id}{title}"]
    if promise.rep:
        lines.append(f"Promised by: {rep_label(promise.rep)}")
    if promise.call_id is not None and promise.call_at is not None:
        lines.append(f"On call #{promise.call_id}, {view.when(promise.call_at)}")
    else:
        lines.append(f"Recorded {view.when(promise.made_at)}")
    lines.append(f'As said: "{promise.due_text}"')
    if promise.call_reference:
        lines.append(f"Reference: {promise.call_reference}")
    if promise.due is not None:
        due = view.day(promise.due) if promise.date_only else view.when(promise.due)
        lines.append(f"Due: {due}")
    lines.append(f"When it is kept: gripe promise kept {promise.id}")
    lines.append(f"If it is not: gripe letter {promise.case_id}")
    return "\n".join(lines)


def letter_summary(view: View, letter: Letter) -> str:
    from gripe.render.letters import day_words

    return (
        f"{letter.company}: reply due to your letter of {day_words(view, letter.dated)} "
        f"(letter #{letter.id})"
    )


def letter_description(view: View, letter: Letter) -> str:
    from gripe.render.letters import went

    return "\n".join(
        [
            f"Case #{letter.case_id}: {letter.case_title}",
            f"Your {letter.template} letter: {went(view, letter)}",
            f"When they answer: gripe letter replied {letter.id}",
            f"If they do not: gripe case show {letter.case_id}",
        ]
    )


def calendar_bytes(view: View, promises: list[Promise], letters: Sequence[Letter] = ()) -> bytes:
    """The iCalendar text (CRLF lines, folded and escaped by icalendar) for ``promises`` and
    the reply dates of ``letters``."""
    from icalendar import Alarm, Calendar, Event

    stamp = view.now.astimezone(timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "gripe: promised deadlines")
    for promise in promises:
        if promise.due is None:
            continue  # no date, no event: an undated promise has nothing to put on a calendar
        event = Event()
        event.add("uid", uid(promise))
        event.add("dtstamp", stamp)
        event.add("summary", summary(promise))
        event.add("description", description(view, promise))
        event.add("categories", ["gripe"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(promise))
        if promise.date_only:
            day = view.local(promise.due).date()
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # a deadline does not make the person busy
            alarm.add("trigger", -ALL_DAY_ALARM)
        else:
            start = promise.due.astimezone(timezone.utc)
            event.add("dtstart", start)
            event.add("dtend", start + TIMED_LENGTH)
            alarm.add("trigger", -TIMED_ALARM)
        event.add_component(alarm)
        calendar.add_component(event)
    for letter in letters:
        if letter.reply_due is None:
            continue
        event = Event()
        event.add("uid", f"{letter.uuid}@gripe")
        event.add("dtstamp", stamp)
        event.add("summary", letter_summary(view, letter))
        event.add("description", letter_description(view, letter))
        event.add("categories", ["gripe"])
        day = view.local(letter.reply_due).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", letter_summary(view, letter))
        alarm.add("trigger", -ALL_DAY_ALARM)
        event.add_component(alarm)
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def all_time() -> tuple[datetime, datetime]:
    """The widest window of deadlines: every pending promise, overdue ones included."""
    return clock.EARLIEST, clock.LATEST
