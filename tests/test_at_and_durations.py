"""`gripe.dates.parse_at` (when a call happened) and `parse_duration`, table-driven."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gripe.dates import parse_at, parse_duration
from gripe.errors import BadInput

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 7, 28, 14, 0, tzinfo=LONDON)  # a Tuesday


def local(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 3pm", local(7, 27, 15)),
        ("Yesterday 3PM", local(7, 27, 15)),
        ("3pm yesterday", local(7, 27, 15)),
        ("yesterday at 3:30 pm", local(7, 27, 15, 30)),
        ("yesterday 15:45", local(7, 27, 15, 45)),
        ("this morning", local(7, 28, 9)),
        ("this afternoon", local(7, 28, 14)),
        ("last night", local(7, 27, 21)),
        ("yesterday morning", local(7, 27, 9)),
        ("2 hours ago", local(7, 28, 12)),
        ("an hour ago", local(7, 28, 13)),
        ("half an hour ago", local(7, 28, 13, 30)),
        ("30 min ago", local(7, 28, 13, 30)),
        ("45 minutes ago", local(7, 28, 13, 15)),
        ("3 days ago", local(7, 25, 14)),
        ("a week ago", local(7, 21, 14)),
        ("Tuesday 10am", local(7, 28, 10)),  # today, past 10:00: the most recent Tuesday 10am
        ("10am on Tuesday", local(7, 28, 10)),
        ("Tuesday 3pm", local(7, 21, 15)),  # today's 3pm is still to come: last week's
        ("monday", local(7, 27, 12)),
        ("last Monday", local(7, 27, 12)),
        ("sunday 9pm", local(7, 26, 21)),
        ("10am", local(7, 28, 10)),
        ("at 10:15", local(7, 28, 10, 15)),
        ("3pm", local(7, 27, 15)),  # still to come today: yesterday's
        ("noon", local(7, 28, 12)),
        ("midday", local(7, 28, 12)),
        ("2026-07-27 09:15", local(7, 27, 9, 15)),
        ("2026-07-27T09:15:00Z", local(7, 27, 10, 15)),
        ("2026-07-27T09:15:00+02:00", local(7, 27, 8, 15)),
        ("2026-07-20", local(7, 20, 12)),
        ("Jul 20", local(7, 20, 12)),
        ("20 July", local(7, 20, 12)),
        ("the 3rd of July", local(7, 3, 12)),
        ("July 3rd, 2025", local(7, 3, 12, year=2025)),
        ("Aug 5", local(8, 5, 12, year=2025)),  # not yet this year: last year's
        ("now", NOW),
        ("  now  ", NOW),
    ],
)
def test_parse_at_reads_towards_the_past(text, expected):
    found = parse_at(text, NOW)
    assert found == expected
    assert found.utcoffset() == expected.utcoffset()


# Every weekday, by name and abbreviation, means its most recent day up to Tuesday 28th 14:00.
WEEKDAY_DAYS = {
    "monday": 27,
    "mon": 27,
    "tuesday": 28,
    "tue": 28,
    "tues": 28,
    "wednesday": 22,
    "wed": 22,
    "thursday": 23,
    "thu": 23,
    "thur": 23,
    "thurs": 23,
    "friday": 24,
    "fri": 24,
    "saturday": 25,
    "sat": 25,
    "sunday": 26,
    "sun": 26,
}


@pytest.mark.parametrize(("name", "day"), sorted(WEEKDAY_DAYS.items()))
def test_every_weekday_name_and_abbreviation(name, day):
    assert parse_at(name.title(), NOW) == local(7, day, 12)
    assert parse_at(f"{name} 8am", NOW) == local(7, day, 8)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "5",
        "soonish",
        "tomorrow 3pm",  # the future
        "in 2 hours",  # the future
        "2026-08-01",  # a future date
        "Aug 5 2026",  # a future date with its year
        "2026-07-28 18:00",  # later today
        "05/07/2026",  # day and month could be swapped
        "2026-02-30",
        "yesterday 25:00",  # no such clock time
        "yesterday 13pm",
    ],
)
def test_parse_at_refuses(text):
    with pytest.raises(BadInput):
        parse_at(text, NOW)


def test_parse_at_future_message_says_it_is_in_the_future():
    with pytest.raises(BadInput, match="future"):
        parse_at("tomorrow 3pm", NOW)


def test_ambiguous_numeric_date_says_how_to_settle_it():
    with pytest.raises(BadInput, match="date_order"):
        parse_at("05/07/2026", NOW)


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("05/07/2026", "DMY", local(7, 5, 12)),
        ("05/07/2026", "MDY", local(5, 7, 12)),
        ("13/07/2026", None, local(7, 13, 12)),
        ("07/13/2026", None, local(7, 13, 12)),
        ("13/07/2026", "MDY", local(7, 13, 12)),  # only one reading exists
        ("05/05/2026", None, local(5, 5, 12)),  # both readings agree
        ("05/07/2026 3pm", "DMY", local(7, 5, 15)),
    ],
)
def test_numeric_dates(text, order, expected):
    assert parse_at(text, NOW, order) == expected


# ---- durations --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("25m", 25),
        ("25 min", 25),
        ("25 mins", 25),
        ("25 minutes", 25),
        ("1h", 60),
        ("2 hours", 120),
        ("1h10m", 70),
        ("1h 10m", 70),
        ("1 h 10 m", 70),
        ("1hr 5min", 65),
        ("1H10M", 70),
        ("1:10", 70),
        ("0:05", 5),
        ("90", 90),
        ("0", 0),
    ],
)
def test_parse_duration(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["abc", "", "   ", "1:75", "-5", "1.5h", "h", "m", "1h-5m"])
def test_parse_duration_refuses(text):
    with pytest.raises(BadInput, match="duration"):
        parse_duration(text)


# ---- through the command line ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "stored"),
    [
        ("yesterday 3pm", "2026-07-27T14:00:00Z"),
        ("last night", "2026-07-27T20:00:00Z"),
        ("half an hour ago", "2026-07-28T12:30:00Z"),
        ("2026-07-27T09:15:00Z", "2026-07-27T09:15:00Z"),
    ],
)
def test_log_at_through_the_cli(gripe, at, stored):
    gripe.ok("log", "Acme", "one", "--at", at)
    assert gripe.rows("SELECT at FROM calls") == [(stored,)]


@pytest.mark.parametrize(("at", "word"), [("tomorrow 3pm", "future"), ("soonish", "soonish")])
def test_log_at_refused_through_the_cli(gripe, at, word):
    result = gripe("log", "Acme", "one", "--at", at)
    assert result.exit_code == 2
    assert word in result.stderr
    assert "yesterday 3pm" in result.stderr  # an example of what works
    assert gripe.rows("SELECT count(*) FROM calls") == [(0,)]


def test_log_at_follows_gripe_now(gripe, monkeypatch):
    monkeypatch.setenv("GRIPE_NOW", "2026-01-15T10:00:00+00:00")  # winter: GMT
    data = gripe.json("log", "Acme", "one", "--at", "yesterday 3pm")
    assert data["call"]["at"] == "2026-01-14T15:00:00+00:00"
    assert gripe.rows("SELECT at FROM calls") == [("2026-01-14T15:00:00Z",)]
