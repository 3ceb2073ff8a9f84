"""Deadline phrases, read as DESIGN.md says, from a fixed base time.

Base: Tuesday 28 July 2026, 14:00 in London, unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from gripe.dates import parse_deadline
from gripe.errors import BadInput

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
BASE = datetime(2026, 7, 28, 14, 0, tzinfo=LONDON)


def local(text: str, zone: ZoneInfo = LONDON) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


RULES = [
    # Weekdays: the nearest one strictly after the base day; a date alone ends at 23:59.
    ("Friday", "2026-07-31 23:59", True),
    ("this Friday", "2026-07-31 23:59", True),
    ("next Friday", "2026-07-31 23:59", True),
    ("by Friday", "2026-07-31 23:59", True),
    ("on fri", "2026-07-31 23:59", True),
    ("Tuesday", "2026-08-04 23:59", True),
    ("before Friday", "2026-07-30 23:59", True),
    ("monday next week", "2026-08-03 23:59", True),
    # Weekdays with a time.
    ("8pm Wednesday", "2026-07-29 20:00", False),
    ("by 8:00 pm on Wednesday", "2026-07-29 20:00", False),
    ("Wednesday at 8pm", "2026-07-29 20:00", False),
    ("friday 5pm", "2026-07-31 17:00", False),
    ("by Friday 5:30pm", "2026-07-31 17:30", False),
    ("next tuesday 9am", "2026-08-04 09:00", False),
    ("Friday 17:00", "2026-07-31 17:00", False),
    ("tomorrow", "2026-07-29 23:59", True),
    ("8pm tomorrow", "2026-07-29 20:00", False),
    ("tomorrow by noon", "2026-07-29 12:00", False),
    ("the day after tomorrow at 3pm", "2026-07-30 15:00", False),
    # Bare times: the next time the clock shows that.
    ("by 5pm", "2026-07-28 17:00", False),
    ("by noon", "2026-07-29 12:00", False),
    ("by 2pm", "2026-07-29 14:00", False),
    ("9am", "2026-07-29 09:00", False),
    ("midnight", "2026-07-28 23:59", True),
    ("tonight", "2026-07-28 23:59", True),
    # Parts of the day.
    ("tomorrow morning", "2026-07-29 12:00", False),
    ("friday afternoon", "2026-07-31 17:00", False),
    ("this evening", "2026-07-28 21:00", False),
    ("first thing monday", "2026-08-03 10:00", False),
    # End of day / close of business.
    ("EOD", "2026-07-28 23:59", True),
    ("end of day", "2026-07-28 23:59", True),
    ("by end of day Friday", "2026-07-31 23:59", True),
    ("Friday EOD", "2026-07-31 23:59", True),
    ("COB", "2026-07-28 17:00", False),
    ("close of business", "2026-07-28 17:00", False),
    ("COB Friday", "2026-07-31 17:00", False),
    ("close of business tomorrow", "2026-07-29 17:00", False),
    # Within minutes and hours: from the base instant.
    ("within 48 hours", "2026-07-30 14:00", False),
    ("in 30 minutes", "2026-07-28 14:30", False),
    ("within the hour", "2026-07-28 15:00", False),
    ("in 2 hrs", "2026-07-28 16:00", False),
    ("24-48 hours", "2026-07-30 14:00", False),
    # Within days, weeks, months: the end of that day.
    ("within 3 days", "2026-07-31 23:59", True),
    ("in 10 days", "2026-08-07 23:59", True),
    ("in 2 weeks", "2026-08-11 23:59", True),
    ("a fortnight", "2026-08-11 23:59", True),
    ("a month", "2026-08-28 23:59", True),
    ("within a week", "2026-08-04 23:59", True),
    ("within three days", "2026-07-31 23:59", True),
    # Business days: the Nth Monday-to-Friday after the base day.
    ("3 business days", "2026-07-31 23:59", True),
    ("5 working days", "2026-08-04 23:59", True),
    ("within 10 business days", "2026-08-11 23:59", True),
    # Ranges: the later end.
    ("3-5 business days", "2026-08-04 23:59", True),
    ("3\u20135 business days", "2026-08-04 23:59", True),
    ("7 to 10 business days", "2026-08-11 23:59", True),
    ("2-3 days", "2026-07-31 23:59", True),
    ("between 8 and 12 on Friday", "2026-07-31 12:00", False),
    ("between 8am and 1pm tomorrow", "2026-07-29 13:00", False),
    ("2-4pm tomorrow", "2026-07-29 16:00", False),
    ("friday 8-12", "2026-07-31 12:00", False),
    ("Friday between 8 and 1", "2026-07-31 13:00", False),
    # Weeks and months.
    ("end of the week", "2026-07-31 23:59", True),
    ("end of week", "2026-07-31 23:59", True),
    ("next week", "2026-08-07 23:59", True),
    ("end of next week", "2026-08-07 23:59", True),
    ("end of the month", "2026-07-31 23:59", True),
    ("end of next month", "2026-08-31 23:59", True),
    # Month and day without a year: the next such date.
    ("Aug 5", "2026-08-05 23:59", True),
    ("5 August", "2026-08-05 23:59", True),
    ("the 15th", "2026-08-15 23:59", True),
    ("July 1", "2027-07-01 23:59", True),
    ("3rd of september at 4pm", "2026-09-03 16:00", False),
    # ISO and unambiguous numeric dates.
    ("2026-08-05", "2026-08-05 23:59", True),
    ("2026-08-05 17:00", "2026-08-05 17:00", False),
    ("13/08/2026", "2026-08-13 23:59", True),
    ("08/13/2026", "2026-08-13 23:59", True),
    # Once dateparser's, now the rules' (a weekday with its date, a length from a day).
    ("Friday the 31st", "2026-07-31 23:59", True),
    ("3 weeks from tomorrow", "2026-08-19 23:59", True),
    # "sometime" before a period: by its end.
    ("sometime next week", "2026-08-07 23:59", True),
]


@pytest.mark.parametrize(("phrase", "expected", "date_only"), RULES)
def test_rule(phrase: str, expected: str, date_only: bool) -> None:
    deadline = parse_deadline(phrase, BASE)
    assert deadline.due == local(expected)
    assert deadline.date_only is date_only
    assert deadline.text == phrase


WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@pytest.mark.parametrize("base_weekday", range(7))
@pytest.mark.parametrize("target_weekday", range(7))
def test_every_weekday_from_every_weekday(base_weekday: int, target_weekday: int) -> None:
    base_day = date(2026, 7, 27) + timedelta(days=base_weekday)  # Mon 27 Jul 2026 onwards
    base = datetime.combine(base_day, datetime.min.time(), tzinfo=LONDON).replace(hour=10)
    ahead = (target_weekday - base_weekday) % 7 or 7  # strictly after the base day
    expected_day = base_day + timedelta(days=ahead)
    name = WEEKDAY_NAMES[target_weekday]
    assert parse_deadline(name, base).due == local(f"{expected_day} 23:59")
    assert parse_deadline(f"{name} 5pm", base).due == local(f"{expected_day} 17:00")
    assert parse_deadline(f"next {name[:3]}", base).due.date() == expected_day


@pytest.mark.parametrize(
    ("zone", "base", "phrase", "expected_local", "expected_utc"),
    [
        # London: clocks go back on Sun 25 Oct 2026; a day-only deadline stays on its day.
        (LONDON, "2026-10-23 12:00", "monday", "2026-10-26 23:59", "2026-10-26T23:59:00"),
        (LONDON, "2026-10-23 12:00", "sunday", "2026-10-25 23:59", "2026-10-25T23:59:00"),
        (LONDON, "2026-10-24 12:00", "tomorrow 5pm", "2026-10-25 17:00", "2026-10-25T17:00:00"),
        (LONDON, "2026-10-25 00:30", "in 3 hours", "2026-10-25 02:30", "2026-10-25T02:30:00"),
        # London: clocks go forward on Sun 29 Mar 2026.
        (LONDON, "2026-03-28 12:00", "sunday 5pm", "2026-03-29 17:00", "2026-03-29T16:00:00"),
        (LONDON, "2026-03-29 00:30", "in 2 hours", "2026-03-29 03:30", "2026-03-29T02:30:00"),
        (LONDON, "2026-03-27 12:00", "3 business days", "2026-04-01 23:59", "2026-04-01T22:59:00"),
        # New York: spring forward Sun 8 Mar 2026, fall back Sun 1 Nov 2026.
        (NEW_YORK, "2026-03-08 00:30", "in 3 hours", "2026-03-08 04:30", "2026-03-08T08:30:00"),
        (NEW_YORK, "2026-03-06 12:00", "monday", "2026-03-09 23:59", "2026-03-10T03:59:00"),
        (NEW_YORK, "2026-03-07 12:00", "tomorrow 9am", "2026-03-08 09:00", "2026-03-08T13:00:00"),
        (NEW_YORK, "2026-10-30 12:00", "monday", "2026-11-02 23:59", "2026-11-03T04:59:00"),
        (
            NEW_YORK,
            "2026-11-01 00:30",
            "within 2 hours",
            "2026-11-01 01:30",
            "2026-11-01T06:30:00",
        ),
        (NEW_YORK, "2026-10-31 12:00", "within 2 days", "2026-11-02 23:59", "2026-11-03T04:59:00"),
    ],
)
def test_dst_change_days(
    zone: ZoneInfo, base: str, phrase: str, expected_local: str, expected_utc: str
) -> None:
    deadline = parse_deadline(phrase, local(base, zone))
    assert deadline.due.astimezone(timezone.utc).replace(tzinfo=None) == datetime.fromisoformat(
        expected_utc
    )
    assert deadline.due.astimezone(zone).strftime("%Y-%m-%d %H:%M") == expected_local


@pytest.mark.parametrize(
    ("phrase", "date_order", "expected"),
    [
        ("05/08/2026", "DMY", "2026-08-05 23:59"),
        ("05/08/2026", "MDY", "2026-05-08 23:59"),
        ("13/08/2026", None, "2026-08-13 23:59"),
        ("5/8", "DMY", "2026-08-05 23:59"),
    ],
)
def test_numeric_dates_follow_the_configured_order(
    phrase: str, date_order: str | None, expected: str
) -> None:
    if expected < "2026-07-28":
        with pytest.raises(BadInput, match="already past"):
            parse_deadline(phrase, BASE, date_order)
        return
    assert parse_deadline(phrase, BASE, date_order).due == local(expected)


REFUSED = [
    ("soon", "too vague"),
    ("asap", "too vague"),
    ("ASAP", "too vague"),
    ("shortly", "too vague"),
    ("in a few days", "too vague"),
    ("a couple of days", "too vague"),
    ("next billing cycle", "too vague"),
    ("early next week", "too vague"),
    ("5", "bare number"),
    ("48", "bare number"),
    ("3.5", "bare number"),
    ("", "empty"),
    ("   ", "empty"),
    ("05/08/2026", "could be"),
    ("blue moon", "cannot read"),
    ("the 31st of February", "not a date"),
    ("2026-02-30", "not a date"),
    ("today 1pm", "already past"),
    ("COB yesterday", "in the past"),
    ("5-3 days", "runs backwards"),
    ("8-12", "could be"),
]


@pytest.mark.parametrize(("phrase", "reason"), REFUSED)
def test_refusals_say_why_and_what_works(phrase: str, reason: str) -> None:
    with pytest.raises(BadInput) as refused:
        parse_deadline(phrase, BASE)
    message = refused.value.message
    assert reason in message
    assert "\n" not in message
    if reason in {"too vague", "bare number", "cannot read", "empty"}:
        assert "friday 5pm" in message  # examples of what works


def test_vague_words_inside_longer_phrases_are_refused() -> None:
    for phrase in ("within a few days", "soon, maybe friday", "around 3 days"):
        with pytest.raises(BadInput, match="too vague"):
            parse_deadline(phrase, BASE)


def test_a_past_base_reads_relative_to_the_call_not_to_now() -> None:
    call_time = local("2026-07-20 09:00")  # a Monday, a week before the base above
    assert parse_deadline("8pm tomorrow", call_time).due == local("2026-07-21 20:00")
    assert parse_deadline("friday", call_time).due == local("2026-07-24 23:59")
