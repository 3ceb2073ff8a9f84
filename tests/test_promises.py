"""Promises and deadlines: `log --promise/--by`, `when`, `overdue`, `due`, `promise …`,
the dashboard, the reps' record, time zones and the overdue query plan.

The clock is Tue 28 Jul 2026 14:00 in London (13:00 UTC) unless a test moves it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from gripe.cli import app

LONDON = ZoneInfo("Europe/London")
PROMISE_KEYS = {
    "id",
    "uuid",
    "case_id",
    "company",
    "text",
    "rep",
    "due",
    "due_text",
    "status",
    "overdue",
}
ECHO_DUE = re.compile(r"due (\w{3} \d{2} \w{3} \d{4} \d{2}:\d{2})")


def log_outage(gripe, *extra: str):
    """Call #1 on case #1 with Dana, Mon 27 Jul 09:00: "Service restored" by Tue 28 Jul 20:00."""
    return gripe.ok(
        "log",
        "ACME",
        "Internet down since Sunday",
        "--rep",
        "Dana",
        "--promise",
        "Service restored",
        "--by",
        "8pm tomorrow",
        "--at",
        "yesterday 9am",
        *extra,
    )


def promise_rows(gripe):
    return gripe.rows(
        "SELECT id, case_id, call_id, rep_id, text, due, due_text, date_only, status, made_at, "
        "resolved_at, note FROM promises ORDER BY id"
    )


def ids(items) -> list[int]:
    return [item["id"] for item in items]


def at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("GRIPE_NOW", moment)


# ---- gripe log --promise --by -----------------------------------------------------------------


def test_log_reads_the_deadline_from_the_calls_time_not_from_now(gripe):
    result = log_outage(gripe)
    lines = result.stdout.splitlines()
    assert lines[-1] == (
        'Promise #1 "Service restored" due Tue 28 Jul 2026 20:00 (in 6 hours), '
        'read from "8pm tomorrow"'
    )
    (call_id, call_rep) = gripe.rows("SELECT id, rep_id FROM calls")[0]
    dana = gripe.rows("SELECT id FROM reps WHERE name = 'Dana'")[0][0]
    assert call_rep == dana
    assert promise_rows(gripe) == [
        (
            1,
            1,
            call_id,
            dana,
            "Service restored",
            "2026-07-28T19:00:00Z",
            "8pm tomorrow",
            0,
            "pending",
            "2026-07-27T08:00:00Z",
            None,
            None,
        )
    ]


def test_log_json_has_the_call_the_promise_and_the_case(gripe):
    data = json.loads(log_outage(gripe, "--json").stdout)
    assert set(data) == {"call", "promise", "case"}
    promise = data["promise"]
    assert set(promise) >= PROMISE_KEYS
    assert promise["id"] == 1
    assert promise["case_id"] == data["case"]["id"] == data["call"]["case_id"] == 1
    assert promise["company"] == "ACME"
    assert promise["text"] == "Service restored"
    assert promise["rep"]["name"] == "Dana"
    assert promise["due"] == "2026-07-28T20:00:00+01:00"
    assert promise["due_text"] == "8pm tomorrow"
    assert promise["status"] == "pending"
    assert promise["overdue"] is False
    assert promise["uuid"] == gripe.rows("SELECT uuid FROM promises")[0][0]
    assert data["call"]["at"] == "2026-07-27T09:00:00+01:00"


def test_log_json_without_a_promise_has_promise_null(gripe):
    data = gripe.json("log", "ACME", "Just checking in")
    assert data["promise"] is None
    assert gripe.rows("SELECT count(*) FROM promises") == [(0,)]


@pytest.mark.parametrize(
    "half",
    [("--by", "friday 5pm"), ("--promise", "Service restored", "--by", ""),
     ("--promise", "Service restored", "--by", "   ")],
    ids=["by-without-promise", "empty-by", "blank-by"],
)  # fmt: skip
def test_a_deadline_without_a_promise_or_an_empty_deadline_is_refused(gripe, half):
    log_outage(gripe)
    before = gripe.dump()
    result = gripe("log", "ACME", "Called again", *half)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--by" in result.stderr or "deadline is empty" in result.stderr
    assert gripe.dump() == before


def test_a_promise_without_a_date_is_kept_undated_and_never_overdue(gripe):
    log_outage(gripe)
    result = gripe.ok("log", "ACME", "Agreed a discount", "--promise", "Reduce my bill by 10")
    assert "no date given" in result.stdout
    assert "gripe promise edit 2 --by WHEN" in result.stdout
    assert gripe.rows("SELECT due, due_text, status FROM promises WHERE id = 2") == [
        (None, None, "pending")
    ]
    listed = gripe.json("promise", "list")
    undated = next(row for row in listed if row["id"] == 2)
    assert (undated["due"], undated["due_text"], undated["overdue"]) == (None, None, False)
    later = {"GRIPE_NOW": "2027-07-28T14:00:00+01:00"}
    assert all(row["id"] != 2 for row in json.loads(
        gripe.runner.invoke(app, ["--db", str(gripe.db), "overdue", "--json"], env=later).stdout
    ))  # fmt: skip
    shown = gripe.ok("case", "show", "1").stdout
    assert "Reduce my bill by 10" in shown
    assert "no date given: ask for one" in shown
    added = gripe.ok("promise", "add", "1", "Call me back")
    assert "no date given" in added.stdout
    dashboard = gripe.ok().stdout
    assert "No date given: ask for one (2)" in dashboard
    assert "gripe promise edit 3 --by WHEN" in dashboard
    gripe.ok("log", "ACME", "Asked again", "--rep", "Dana", "--promise", "Waive the fee")
    (dana,) = gripe.json("rep", "list")
    assert (dana["kept"], dana["broken"], dana["undated"]) == (0, 0, 1)


@pytest.mark.parametrize("vague", ["soon", "asap", "in a few days", "next billing cycle", "5"])
def test_a_vague_deadline_is_refused_with_examples_and_nothing_is_written(gripe, vague):
    log_outage(gripe)
    before = gripe.dump()
    result = gripe(
        "log", "ACME", "Called again", "--rep", "Sam", "--promise", "Refund", "--by", vague
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert vague in result.stderr
    assert '"friday 5pm"' in result.stderr  # an example of what works
    assert "Traceback" not in result.stderr + result.stdout
    assert isinstance(result.exception, SystemExit)
    assert gripe.dump() == before


def test_a_vague_deadline_on_promise_add_is_refused_too(gripe):
    log_outage(gripe)
    before = gripe.dump()
    result = gripe("promise", "add", "1", "Refund", "--by", "soon")
    assert result.exit_code == 2
    assert '"friday 5pm"' in result.stderr
    assert gripe.dump() == before


# ---- gripe when -------------------------------------------------------------------------------


def test_when_prints_the_reading_and_stores_nothing(gripe):
    log_outage(gripe)
    before = gripe.dump()
    result = gripe.ok("when", "friday 5pm")
    assert result.stdout.splitlines() == [
        'due Fri 31 Jul 2026 17:00 (in 3 days), read from "friday 5pm"',
        "rule: day and time (weekday, clock time)",
    ]
    data = gripe.json("when", "friday 5pm")
    assert data["input"] == "friday 5pm"
    assert data["due"] == "2026-07-31T17:00:00+01:00"
    assert data["date_only"] is False
    assert data["rule"] == "day and time (weekday, clock time)"
    assert gripe.dump() == before


def test_when_json_flags_a_day_only_deadline(gripe):
    data = gripe.json("when", "monday")
    assert data == {**data, "input": "monday", "due": "2026-08-03T23:59:00+01:00"}
    assert data["date_only"] is True


def test_when_refuses_a_vague_phrase(gripe):
    result = gripe("when", "asap")
    assert result.exit_code == 2
    assert '"friday 5pm"' in result.stderr
    assert result.stdout == ""


def test_when_at_moves_the_base_into_the_past(gripe):
    assert gripe.json("when", "8pm tomorrow")["due"] == "2026-07-29T20:00:00+01:00"
    data = gripe.json("when", "8pm tomorrow", "--at", "yesterday 9am")
    assert data["due"] == "2026-07-28T20:00:00+01:00"


def test_when_at_accepts_an_explicit_future_time(gripe):
    # `when` asks "what if it were said then": an explicit later time is a fair question.
    data = gripe.json("when", "tomorrow", "--at", "2026-08-03 10:00")
    assert data["due"] == "2026-08-04T23:59:00+01:00"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("friday 5pm", "Fri 31 Jul 2026 17:00"),
        ("8pm tomorrow", "Wed 29 Jul 2026 20:00"),
        ("by noon", "Wed 29 Jul 2026 12:00"),
        ("EOD", "Tue 28 Jul 2026 23:59"),
        ("within 48 hours", "Thu 30 Jul 2026 14:00"),
        ("3-5 business days", "Tue 04 Aug 2026 23:59"),
        ("end of next week", "Fri 07 Aug 2026 23:59"),
        ("Aug 5", "Wed 05 Aug 2026 23:59"),
        ("in 3 hours", "Tue 28 Jul 2026 17:00"),
        ("close of business", "Tue 28 Jul 2026 17:00"),
        ("tomorrow morning", "Wed 29 Jul 2026 12:00"),
        ("a fortnight", "Tue 11 Aug 2026 23:59"),
        ("end of the month", "Fri 31 Jul 2026 23:59"),
        ("between 8 and 12 on Friday", "Fri 31 Jul 2026 12:00"),
        ("within the hour", "Tue 28 Jul 2026 15:00"),
    ],
)
def test_the_echo_shows_the_instant_that_is_stored(gripe, phrase, expected):
    result = gripe.ok("log", "ACME", "Called", "--promise", "Fix it", "--by", phrase)
    echoed = ECHO_DUE.search(result.stdout.splitlines()[-1])
    assert echoed is not None, result.stdout
    (listed,) = gripe.json("promise", "list")
    stored = datetime.fromisoformat(listed["due"])
    assert stored.utcoffset() is not None
    shown_later = stored.astimezone(LONDON).strftime("%a %d %b %Y %H:%M")
    assert echoed[1] == shown_later == expected
    assert gripe.ok("when", phrase).stdout.startswith(f"due {expected} ")
    (row_due,) = gripe.rows("SELECT due FROM promises")[0]
    assert datetime.fromisoformat(row_due.replace("Z", "+00:00")) == stored


# ---- gripe overdue ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "before", "after"),
    [
        ("8pm", "2026-07-28T19:59:00+01:00", "2026-07-28T20:01:00+01:00"),
        ("today", "2026-07-28T23:58:00+01:00", "2026-07-29T00:00:00+01:00"),
    ],
)
def test_overdue_flips_at_the_deadline(gripe, monkeypatch, by, before, after):
    gripe.ok(
        "log", "ACME", "Outage", "--rep", "Dana", "--promise", "Fix it", "--by", by, "--at", "9am"
    )
    at(monkeypatch, before)
    assert gripe.json("overdue") == []
    assert gripe.json("promise", "list")[0]["overdue"] is False
    at(monkeypatch, after)
    (item,) = gripe.json("overdue")
    assert item["id"] == 1
    assert item["overdue"] is True
    assert item["rep"]["name"] == "Dana"
    assert item["call_id"] == 1
    assert gripe.json("promise", "list")[0]["overdue"] is True


def test_kept_and_cancelled_promises_never_appear_overdue(gripe, monkeypatch):
    log_outage(gripe)
    gripe.ok(
        "log", "Beta", "Billing", "--promise", "Refund", "--by", "8pm tomorrow", "--at", "9am"
    )
    gripe.ok("log", "Gamma", "Router", "--promise", "Send a router", "--by", "EOD")
    gripe.ok("promise", "kept", "1")
    gripe.ok("promise", "cancel", "2")
    at(monkeypatch, "2026-08-30T12:00:00+01:00")
    assert ids(gripe.json("overdue")) == [3]


def test_a_promise_marked_broken_is_overdue_before_its_deadline(gripe):
    gripe.ok("log", "ACME", "Outage", "--promise", "Engineer visit", "--by", "friday 5pm")
    assert gripe.json("overdue") == []
    gripe.ok("promise", "broken", "1", "--note", "They said no engineer is free")
    (item,) = gripe.json("overdue")
    assert item["id"] == 1
    assert item["status"] == "broken"
    result = gripe.ok("overdue")
    assert "Engineer visit" in result.stdout


def test_a_closed_case_keeps_watching_its_pending_promise_but_not_a_settled_one(
    gripe, monkeypatch
):
    log_outage(gripe)
    gripe.ok("log", "Beta", "Billing", "--promise", "Refund", "--by", "EOD")
    gripe.ok("promise", "broken", "2")
    gripe.ok("case", "close", "1", "--outcome", "resolved")
    gripe.ok("case", "close", "2", "--outcome", "abandoned")
    at(monkeypatch, "2026-08-30T12:00:00+01:00")
    # The pending promise of the resolved case is past due: listed, marked "case closed"; the
    # one marked broken before its case was abandoned is history, not something to chase.
    assert [(p["id"], p["case_closed"]) for p in gripe.json("overdue")] == [(1, True)]
    result = gripe("overdue", "--exit-code")
    assert result.exit_code == 1
    assert "Service restored" in result.stdout
    assert "case closed (gripe case reopen 1)" in " ".join(result.stdout.split())
    assert "Refund" not in result.stdout


def test_overdue_lists_the_most_overdue_first(gripe, monkeypatch):
    gripe.ok("log", "Beta", "Billing", "--promise", "Refund", "--by", "friday 5pm")
    gripe.ok("log", "ACME", "Outage", "--promise", "Call back", "--by", "EOD")
    gripe.ok("log", "Gamma", "Router", "--promise", "Router sent", "--by", "tomorrow")
    at(monkeypatch, "2026-08-03T09:00:00+01:00")
    items = gripe.json("overdue")
    assert [item["text"] for item in items] == ["Call back", "Router sent", "Refund"]
    minutes = [item["overdue_minutes"] for item in items]
    assert minutes == sorted(minutes, reverse=True)


def test_overdue_lists_company_promise_how_late_and_rep(gripe, monkeypatch):
    log_outage(gripe)
    at(monkeypatch, "2026-07-28T22:30:00+01:00")
    lines = gripe.ok("overdue").stdout.splitlines()
    start = next(number for number, line in enumerate(lines) if "Service restored" in line)
    entry = " ".join(lines[start : start + 4])
    assert "#1 Service restored" in entry
    assert "ACME" in entry
    assert "overdue by 2 hours" in entry
    assert "promised by Dana" in entry


def test_exit_code_says_whether_anything_is_overdue(gripe, monkeypatch):
    log_outage(gripe)
    assert gripe("overdue", "--exit-code").exit_code == 0
    at(monkeypatch, "2026-07-28T20:01:00+01:00")
    flagged = gripe("overdue", "--exit-code")
    assert flagged.exit_code == 1
    assert "Service restored" in flagged.stdout
    assert gripe("overdue", "--exit-code", "--json").exit_code == 1
    assert gripe("overdue").exit_code == 0
    assert gripe("overdue", "--json").exit_code == 0


def test_nothing_overdue_says_so_on_stderr(gripe):
    log_outage(gripe)
    result = gripe.ok("overdue")
    assert result.stdout == ""
    assert "No broken promises" in result.stderr


# ---- gripe due --------------------------------------------------------------------------------


@pytest.fixture
def upcoming(gripe):
    """#1 Fri 31 Jul 17:00, #2 today 17:00, #3 in 10 days, #4 overdue, #5 kept (due tomorrow)."""
    gripe.ok("log", "ACME", "Outage", "--promise", "Engineer visit", "--by", "friday 5pm")
    gripe.ok("log", "ACME", "Again", "--promise", "Call back", "--by", "5pm")
    gripe.ok("log", "ACME", "Again", "--promise", "Credit note", "--by", "in 10 days")
    gripe.ok("log", "ACME", "Old", "--promise", "Text me", "--by", "noon", "--at", "yesterday 9am")
    gripe.ok("log", "ACME", "Again", "--promise", "Refund", "--by", "tomorrow")
    gripe.ok("promise", "kept", "5")
    return gripe


@pytest.mark.parametrize(
    ("within", "expected"), [(None, [2, 1]), ("7d", [2, 1]), ("48h", [2]), ("2w", [2, 1, 3])]
)
def test_due_lists_pending_promises_in_the_window_soonest_first(upcoming, within, expected):
    args = ("due", "--within", within) if within else ("due",)
    items = upcoming.json(*args)
    assert ids(items) == expected
    assert all(item["status"] == "pending" and not item["overdue"] for item in items)


def test_due_table_is_soonest_first(upcoming):
    result = upcoming.ok("due", "--within", "7d")
    text = result.stdout
    assert text.index("Call back") < text.index("Engineer visit")
    assert "Credit note" not in text
    assert "Text me" not in text
    assert "Refund" not in text


def test_nothing_due_says_so(gripe):
    gripe.ok("log", "ACME", "Outage", "--promise", "Credit note", "--by", "in 10 days")
    result = gripe.ok("due", "--within", "48h")
    assert result.stdout == ""
    assert "Nothing due within 48h" in result.stderr


@pytest.mark.parametrize("span", ["soon", "7x", "next week", "-3d", ""])
def test_due_refuses_a_bad_span(gripe, span):
    result = gripe("due", "--within", span)
    assert result.exit_code == 2
    assert "7d" in result.stderr
    assert "Traceback" not in result.stderr


# ---- gripe promise add/kept/broken/cancel/list ------------------------------------------------


def test_promise_add_with_a_call_reads_from_the_calls_time_and_takes_its_rep(gripe):
    gripe.ok("log", "ACME", "Outage", "--rep", "Dana", "--at", "yesterday 9am")
    result = gripe.ok(
        "promise", "add", "1", "Engineer visit", "--by", "8pm tomorrow", "--call", "1"
    )
    assert 'due Tue 28 Jul 2026 20:00 (in 6 hours), read from "8pm tomorrow"' in result.stdout
    dana = gripe.rows("SELECT id FROM reps WHERE name = 'Dana'")[0][0]
    assert gripe.rows("SELECT call_id, rep_id, due, made_at FROM promises") == [
        (1, dana, "2026-07-28T19:00:00Z", "2026-07-27T08:00:00Z")
    ]


def test_promise_add_without_a_call_reads_from_now_or_at(gripe):
    gripe.ok("case", "open", "ACME", "Outage")
    gripe.ok("promise", "add", "1", "Call back", "--by", "8pm tomorrow", "--rep", "Sam")
    gripe.ok("promise", "add", "1", "Email", "--by", "8pm tomorrow", "--at", "yesterday 9am")
    assert gripe.rows("SELECT text, due, made_at, call_id FROM promises ORDER BY id") == [
        ("Call back", "2026-07-29T19:00:00Z", "2026-07-28T13:00:00Z", None),
        ("Email", "2026-07-28T19:00:00Z", "2026-07-27T08:00:00Z", None),
    ]
    (listed,) = [p for p in gripe.json("promise", "list") if p["text"] == "Call back"]
    assert listed["rep"]["name"] == "Sam"


def test_promise_add_json_is_a_promise(gripe):
    gripe.ok("case", "open", "ACME", "Outage")
    data = gripe.json("promise", "add", "#1", "Call back", "--by", "friday 5pm")
    assert set(data) >= PROMISE_KEYS
    assert data["due"] == "2026-07-31T17:00:00+01:00"
    assert data["case_id"] == 1


def test_promise_add_with_a_call_of_another_case_is_refused(gripe):
    gripe.ok("log", "ACME", "Outage")
    gripe.ok("log", "Beta", "Billing")
    before = gripe.dump()
    result = gripe("promise", "add", "1", "Refund", "--by", "friday", "--call", "2")
    assert result.exit_code == 1
    assert "#2" in result.stderr
    assert gripe.dump() == before


@pytest.mark.parametrize(
    "args",
    [
        ("promise", "add", "99", "Refund", "--by", "friday"),
        ("promise", "add", "1", "Refund", "--by", "friday", "--call", "42"),
        ("promise", "kept", "99"),
    ],
    ids=["unknown-case", "unknown-call", "unknown-promise"],
)
def test_unknown_case_call_or_promise_is_exit_1(gripe, args):
    gripe.ok("log", "ACME", "Outage")
    before = gripe.dump()
    result = gripe(*args)
    assert result.exit_code == 1
    assert "99" in result.stderr or "42" in result.stderr
    assert gripe.dump() == before


@pytest.mark.parametrize(
    ("command", "status"), [("kept", "kept"), ("broken", "broken"), ("cancel", "cancelled")]
)
def test_resolving_a_promise_sets_status_resolved_at_and_note(gripe, command, status):
    log_outage(gripe)
    result = gripe.ok("promise", command, "1", "--note", "They rang back")
    assert f": {status}" in result.stdout
    assert gripe.rows("SELECT status, resolved_at, note FROM promises") == [
        (status, "2026-07-28T13:00:00Z", "They rang back")
    ]


@pytest.mark.parametrize(
    ("first", "then", "state"),
    [
        ("kept", "kept", "kept"),
        ("kept", "broken", "kept"),
        ("kept", "cancel", "kept"),
        ("broken", "broken", "broken"),
        ("cancel", "kept", "cancelled"),
    ],
)
def test_a_settled_promise_cannot_change_again(gripe, first, then, state):
    log_outage(gripe)
    gripe.ok("promise", first, "1")
    before = gripe.dump()
    result = gripe("promise", then, "1")
    assert result.exit_code == 1
    assert f"already {state}" in result.stderr
    assert gripe.dump() == before


def test_a_broken_promise_can_still_be_kept_late(gripe, monkeypatch):
    log_outage(gripe)
    gripe.ok("promise", "broken", "1")
    at(monkeypatch, "2026-07-30T10:00:00+01:00")
    gripe.ok("promise", "kept", "1", "--note", "Fixed two days late")
    assert gripe.rows("SELECT status, resolved_at, note FROM promises") == [
        ("kept", "2026-07-30T09:00:00Z", "Fixed two days late")
    ]
    assert gripe.json("overdue") == []


@pytest.fixture
def fates(gripe):
    """Case 1: #1 pending, #2 kept, #3 broken, #4 cancelled, #5 pending past due; case 2: #6."""
    gripe.ok("case", "open", "ACME", "Outage")
    for text in ("Pending", "Kept", "Broken", "Cancelled"):
        gripe.ok("promise", "add", "1", text, "--by", "friday 5pm")
    gripe.ok("promise", "add", "1", "Late", "--by", "5pm", "--at", "yesterday 9am")
    gripe.ok("case", "open", "Beta", "Billing")
    gripe.ok("promise", "add", "2", "Other case", "--by", "friday")
    gripe.ok("promise", "kept", "2")
    gripe.ok("promise", "broken", "3")
    gripe.ok("promise", "cancel", "4")
    return gripe


@pytest.mark.parametrize(
    ("status", "wanted", "unwanted"),
    [
        ("pending", {1, 6}, {2, 3, 4}),
        ("kept", {2}, {1, 3, 4, 5, 6}),
        ("broken", {3}, {1, 2, 4, 6}),
        ("cancelled", {4}, {1, 2, 3, 5, 6}),
        ("overdue", {5}, {1, 2, 4, 6}),
        ("any", {1, 2, 3, 4, 5, 6}, set()),
    ],
)
def test_promise_list_by_status(fates, status, wanted, unwanted):
    found = set(ids(fates.json("promise", "list", "--status", status)))
    assert wanted <= found
    assert not found & unwanted


def test_promise_list_by_case_and_soonest_first(fates):
    items = fates.json("promise", "list", "--case", "1")
    assert ids(items) == [5, 1, 2, 3, 4]
    assert ids(fates.json("promise", "list", "--case", "#2")) == [6]
    table = fates.ok("promise", "list", "--case", "1").stdout
    assert "Other case" not in table
    assert "BROKEN" in table


def test_promise_list_refuses_an_unknown_status(fates):
    result = fates("promise", "list", "--status", "done")
    assert result.exit_code == 2
    assert "pending" in result.stderr
    assert result.stdout == ""


# ---- time zones -------------------------------------------------------------------------------


def test_a_promise_made_in_new_york_is_the_same_instant_in_london(gripe, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")  # 09:00 EDT on Tue 28 Jul
    gripe.ok("case", "open", "ACME", "Outage")
    result = gripe.ok("promise", "add", "1", "Refund", "--by", "friday 5pm")
    assert "due Fri 31 Jul 2026 17:00" in result.stdout
    assert gripe.rows("SELECT due FROM promises") == [("2026-07-31T21:00:00Z",)]
    assert gripe.json("promise", "list")[0]["due"] == "2026-07-31T17:00:00-04:00"
    monkeypatch.setenv("TZ", "Europe/London")
    assert gripe.json("promise", "list")[0]["due"] == "2026-07-31T22:00:00+01:00"
    for zone in ("America/New_York", "Europe/London"):
        monkeypatch.setenv("TZ", zone)
        at(monkeypatch, "2026-07-31T20:59:00Z")
        assert gripe.json("overdue") == [], zone
        assert gripe("overdue", "--exit-code").exit_code == 0
        at(monkeypatch, "2026-07-31T21:01:00Z")
        assert ids(gripe.json("overdue")) == [1], zone
        assert gripe("overdue", "--exit-code").exit_code == 1


@pytest.mark.parametrize(
    ("zone", "now", "stored", "shown", "iso"),
    [
        (
            "Europe/London",
            "2026-10-23T12:00:00+01:00",
            "2026-10-26T23:59:00Z",
            "Mon 26 Oct 2026 23:59",
            "2026-10-26T23:59:00+00:00",
        ),
        (
            "America/New_York",
            "2026-10-30T12:00:00-04:00",
            "2026-11-03T04:59:00Z",
            "Mon 02 Nov 2026 23:59",
            "2026-11-02T23:59:00-05:00",
        ),
        (
            "America/New_York",
            "2026-03-06T12:00:00-05:00",
            "2026-03-10T03:59:00Z",
            "Mon 09 Mar 2026 23:59",
            "2026-03-09T23:59:00-04:00",
        ),
    ],
    ids=["london-autumn", "new-york-autumn", "new-york-spring"],
)
def test_a_day_only_deadline_keeps_its_day_across_a_clock_change(
    gripe, monkeypatch, zone, now, stored, shown, iso
):
    monkeypatch.setenv("TZ", zone)
    at(monkeypatch, now)
    result = gripe.ok("log", "ACME", "Outage", "--promise", "Fix it", "--by", "monday")
    assert f"due {shown} (end of day," in result.stdout
    assert gripe.rows("SELECT due, date_only FROM promises") == [(stored, 1)]
    assert gripe.json("promise", "list")[0]["due"] == iso
    assert gripe.json("when", "monday")["due"] == iso


def test_in_3_hours_across_spring_forward_is_3_real_hours(gripe, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    at(monkeypatch, "2026-03-08T00:30:00-05:00")
    result = gripe.ok("log", "ACME", "Outage", "--promise", "Call back", "--by", "in 3 hours")
    assert 'due Sun 08 Mar 2026 04:30 (in 3 hours), read from "in 3 hours"' in result.stdout
    assert gripe.rows("SELECT due FROM promises") == [("2026-03-08T08:30:00Z",)]
    assert gripe.json("promise", "list")[0]["due"] == "2026-03-08T04:30:00-04:00"


def test_when_in_3_hours_across_spring_forward_says_3_hours(gripe, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    at(monkeypatch, "2026-03-08T00:30:00-05:00")
    assert gripe.json("when", "in 3 hours")["due"] == "2026-03-08T04:30:00-04:00"
    result = gripe.ok("when", "in 3 hours")
    assert result.stdout.splitlines()[0] == (
        'due Sun 08 Mar 2026 04:30 (in 3 hours), read from "in 3 hours"'
    )


# ---- the dashboard ----------------------------------------------------------------------------


def test_dashboard_shows_broken_then_due_then_open_cases(gripe):
    log_outage(gripe)
    gripe.ok("promise", "broken", "1")
    gripe.ok("log", "Beta", "Billing error", "--promise", "Refund", "--by", "friday 5pm")
    gripe.ok("log", "Gamma", "Router", "--promise", "Router sent", "--by", "in 10 days")
    result = gripe.ok()
    text = result.stdout
    broken, due, cases = (
        text.index("Broken promises"),
        text.index("Due in the next 7 days"),
        text.index("Open cases"),
    )
    assert broken < due < cases
    assert "Service restored" in text[broken:due]
    assert "Refund" in text[due:cases]
    assert "Router sent" not in text
    case_lines = text[cases:].splitlines()
    acme = next(number for number, line in enumerate(case_lines) if "ACME" in line)
    assert "next: chase 1 broken promise" in case_lines[acme + 1]
    beta = next(number for number, line in enumerate(case_lines) if "Beta" in line)
    assert "broken" not in case_lines[beta + 1]


def test_dashboard_counts_a_pending_promise_past_due_as_broken(gripe, monkeypatch):
    log_outage(gripe)
    at(monkeypatch, "2026-07-28T20:01:00+01:00")
    text = gripe.ok().stdout
    assert text.index("Broken promises") < text.index("Open cases")
    assert "chase 1 broken promise" in text
    assert "Due in the next 7 days" not in text


def test_dashboard_on_an_empty_database_prints_a_hint(gripe):
    result = gripe()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "gripe log" in result.stderr


# ---- reps -------------------------------------------------------------------------------------


def test_rep_list_counts_kept_and_broken_promises(gripe, monkeypatch):
    gripe.ok("case", "open", "ACME", "Outage")
    for text, by in [
        ("Kept", "5pm"),
        ("Marked broken", "friday 5pm"),
        ("Cancelled", "tomorrow"),
        ("Past due", "EOD"),
        ("Still pending", "end of next week"),
    ]:
        gripe.ok("promise", "add", "1", text, "--by", by, "--rep", "Dana")
    gripe.ok("promise", "add", "1", "Kept too", "--by", "tomorrow", "--rep", "Sam")
    gripe.ok("promise", "kept", "1")
    gripe.ok("promise", "broken", "2")
    gripe.ok("promise", "cancel", "3")
    gripe.ok("promise", "kept", "6")
    at(monkeypatch, "2026-07-29T00:30:00+01:00")  # "EOD" has passed, nothing else has
    record = {rep["name"]: (rep["kept"], rep["broken"]) for rep in gripe.json("rep", "list")}
    assert record == {"Dana": (1, 2), "Sam": (1, 0)}
