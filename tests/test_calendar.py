"""`gripe calendar`: the output parsed back with icalendar.

The clock is Tue 28 Jul 2026 14:00 in London (13:00 UTC).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

UTC = timezone.utc


@pytest.fixture
def log(gripe):
    """Promises in every state, on an open case (#1) and a closed one (#2).

    Pending on open case #1: #1 timed, #2 date-only, #5 timed and overdue; and letter #1 waits
    for its reply. Absent: #3 kept, #4 cancelled, #6 marked broken, #7 on closed case #2.
    """
    gripe.ok(
        "log", "ACME", "Internet down since Sunday", "--rep", "Dana", "--rep-id", "4471",
        "--ref", "ACM-88123", "--promise", "Service restored", "--by", "8pm tomorrow",
    )  # fmt: skip
    gripe.ok("promise", "add", "1", "Refund credited", "--by", "friday")
    gripe.ok("promise", "add", "1", "Engineer visit", "--by", "thursday")
    gripe.ok("promise", "kept", "3")
    gripe.ok("promise", "add", "1", "Router posted", "--by", "tomorrow 5pm")
    gripe.ok("promise", "cancel", "4")
    gripe.ok(
        "log", "ACME", "Chased the engineer", "--case", "1", "--at", "2 days ago",
        "--promise", "Call back", "--by", "in 2 hours",
    )  # fmt: skip
    gripe.ok("promise", "add", "1", "Apology letter", "--by", "tomorrow")
    gripe.ok("promise", "broken", "6")
    gripe.ok("letter", "1", "--record")
    gripe.ok("log", "Beta Bank", "Card blocked", "--promise", "Card unblocked", "--by", "friday")
    gripe.ok("case", "close", "2", "--outcome", "resolved")
    return gripe


def parse(data: str | bytes) -> Calendar:
    return Calendar.from_ical(data)


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def promise_uuids(gripe) -> dict[int, str]:
    return dict(gripe.rows("SELECT id, uuid FROM promises"))


def letter_uid(gripe) -> str:
    (uuid,) = gripe.rows("SELECT uuid FROM letters WHERE id = 1")[0]
    return f"{uuid}@gripe"


def test_one_event_per_pending_promise_on_open_cases(log):
    calendar = parse(log.ok("calendar").stdout)
    uuids = promise_uuids(log)
    assert str(calendar["PRODID"]) == "-//gripe//complaint tracker//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert set(events_by_uid(calendar)) == {f"{uuids[number]}@gripe" for number in (1, 2, 5)} | {
        letter_uid(log)
    }
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert "ACME: Service restored (promise #1)" in summaries
    # The letter's reply date is the person's own deadline, said as such, not as a promise.
    assert "ACME: reply due to your letter of 28 July (letter #1)" in summaries
    assert not any("promise" in text and "letter of" in text for text in summaries)
    assert not any(
        word in text
        for text in summaries
        for word in ("Engineer visit", "Router posted", "Apology letter", "Card unblocked")
    )


def test_timed_and_all_day_events_with_alarms(log):
    events = events_by_uid(parse(log.ok("calendar").stdout))
    uuids = promise_uuids(log)

    timed = events[f"{uuids[1]}@gripe"]
    start = timed["DTSTART"].dt
    assert start == datetime(2026, 7, 29, 19, 0, tzinfo=UTC)  # 8pm London
    assert start.utcoffset() == timedelta(0)
    assert timed["DTEND"].dt - start == timedelta(minutes=30)
    (alarm,) = timed.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(hours=-1)

    all_day = events[f"{uuids[2]}@gripe"]  # "friday": the end of Fri 31 Jul in London
    assert all_day["DTSTART"].dt == date(2026, 7, 31)
    assert not isinstance(all_day["DTSTART"].dt, datetime)
    assert all_day["DTEND"].dt == date(2026, 8, 1)
    (alarm,) = all_day.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(days=-1)

    reply = events[letter_uid(log)]  # the letter's reply: a day, not an instant
    assert reply["DTSTART"].dt == date(2026, 8, 11)
    assert "gripe letter replied 1" in str(reply["DESCRIPTION"])
    assert all(event.walk("VALARM") for event in events.values())
    for event in events.values():
        assert event["DTSTAMP"].dt == datetime(2026, 7, 28, 13, 0, tzinfo=UTC)


def test_description_says_who_promised_what_in_which_words(log):
    events = events_by_uid(parse(log.ok("calendar").stdout))
    description = str(events[f"{promise_uuids(log)[1]}@gripe"]["DESCRIPTION"])
    assert "Case #1: Internet down since Sunday" in description
    assert "Dana (ID 4471)" in description
    assert 'As said: "8pm tomorrow"' in description
    assert "Reference: ACM-88123" in description


def test_uids_are_stable_across_runs(log):
    first, second = log.ok("calendar").stdout, log.ok("calendar").stdout
    assert first == second
    assert sorted(events_by_uid(parse(first))) == sorted(events_by_uid(parse(second)))


def test_a_kept_promise_leaves_the_calendar(log):
    log.ok("promise", "kept", "1")
    events = events_by_uid(parse(log.ok("calendar").stdout))
    assert f"{promise_uuids(log)[1]}@gripe" not in events
    assert len(events) == 3


def test_output_file_is_written_once_and_replaced_only_with_force(log, tmp_path: Path):
    target = tmp_path / "gripe.ics"
    result = log.ok("calendar", "-o", str(target))
    assert result.stdout == ""
    assert "3 pending promises and 1 letter waiting for a reply" in result.stderr
    assert len(parse(target.read_bytes()).walk("VEVENT")) == 4
    log.ok("promise", "kept", "1")
    refused = log("calendar", "-o", str(target))
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert len(parse(target.read_bytes()).walk("VEVENT")) == 4
    log.ok("calendar", "-o", str(target), "--force")
    assert len(parse(target.read_bytes()).walk("VEVENT")) == 3
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".gripe.ics")] == []


def test_bad_output_paths_are_refused(log, tmp_path: Path):
    assert log("calendar", "-o", str(tmp_path / "missing" / "gripe.ics")).exit_code == 2


def test_an_empty_log_is_an_empty_calendar(gripe):
    result = gripe.ok("calendar")
    calendar = parse(result.stdout)
    assert calendar.walk("VEVENT") == []
    assert "no events" in result.stderr


def test_only_the_calendar_command_imports_icalendar(log, tmp_path: Path):
    evidence = tmp_path / "receipt.txt"
    evidence.write_text("paid")
    code = (
        "import sys\nfrom gripe.cli import app\n"
        "try:\n    app(sys.argv[1:], prog_name='gripe')\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str('icalendar' in sys.modules))\n"
    )
    for args, expected in (
        (["overdue"], "False"),
        (["attach", "1", str(evidence)], "False"),
        (["bundle", "1", "-o", str(tmp_path / "case.zip")], "False"),
        (["calendar"], "True"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", code, "--db", str(log.db), *args],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stderr.endswith(expected), (args, done.stderr)
