"""The call in progress without the screen: ``call start --detach``, ``answered``, ``hold``,
``status``, ``end``, ``cancel``. Each step runs at its own ``GRIPE_NOW``: that is how the clock
moves between them, as it does between a person's commands."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import Gripe, run_gripe

T0 = "2026-07-28T14:00:00+01:00"


def at(minutes: float) -> str:
    """The time ``minutes`` after T0."""
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(T0) + timedelta(minutes=minutes)).isoformat()


def step(gripe: Gripe, monkeypatch: pytest.MonkeyPatch, minutes: float, *args: str) -> Any:
    monkeypatch.setenv("GRIPE_NOW", at(minutes))
    return gripe(*args)


def stored_call(gripe: Gripe) -> list[tuple[Any, ...]]:
    """The call and its promise as stored, without what differs between any two rows."""
    return gripe.rows(
        "SELECT calls.case_id, calls.at, calls.channel, calls.direction, calls.duration_minutes, "
        "calls.hold_minutes, calls.reference, calls.summary, reps.name, reps.employee_id, "
        "reps.role, promises.text, promises.due, promises.due_text, promises.date_only, "
        "promises.made_at, promises.status, cases.title "
        "FROM calls JOIN cases ON cases.id = calls.case_id "
        "LEFT JOIN reps ON reps.id = calls.rep_id "
        "LEFT JOIN promises ON promises.call_id = calls.id ORDER BY calls.id, promises.id"
    )


def test_a_call_made_step_by_step_is_stored_exactly_as_log_would_store_it(
    gripe: Gripe, db_path, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gripe.ok("company", "add", "Skyline Fibre")
    started = step(gripe, monkeypatch, 0, "call", "start", "Skyline Fibre", "--detach")
    assert started.exit_code == 0
    assert "Started a call to Skyline Fibre at Tue 28 Jul 2026 14:00: on hold." in started.stdout
    assert "gripe call answered" in started.stderr
    assert "Call to Skyline Fibre since 14:00: talking 0:00 (3m on hold in all, 0m talking)" in (
        step(gripe, monkeypatch, 3, "call", "answered").stdout
    )
    assert "on hold 0:00 (3m on hold in all, 1m talking)" in (
        step(gripe, monkeypatch, 4, "call", "hold").stdout  # a transfer
    )
    step(gripe, monkeypatch, 6, "call", "answered")
    monkeypatch.setenv("GRIPE_NOW", at(7.5))
    assert gripe.json("call", "status") == {
        "id": 1,
        "uuid": gripe.rows("SELECT uuid FROM live_calls")[0][0],
        "company": "Skyline Fibre",
        "company_id": 1,
        "case_id": None,
        "started_at": "2026-07-28T14:00:00+01:00",
        "state": "talking",
        "state_since": "2026-07-28T14:06:00+01:00",
        "hold_minutes": 5,
        "talk_minutes": 3,  # 1 + 1.5, rounded
        "rep": None,
        "rep_id": None,
        "role": None,
        "reference": None,
        "promises": [],
        "notes": None,
    }
    ended = step(
        gripe, monkeypatch, 12, "call", "end", "Engineer booked",
        "--rep", "Dana", "--rep-id", "4471", "--role", "agent", "--ref", "SKY-1",
        "--promise", "Service restored", "--by", "by friday 5pm",
    )  # fmt: skip
    assert ended.exit_code == 0, ended.stderr
    assert "Logged call #1 on new case #1" in ended.stdout
    assert "5m on hold" in ended.stdout
    assert 'Promise #1 "Service restored" due Fri 31 Jul 2026 17:00' in ended.stdout
    assert gripe.rows("SELECT count(*) FROM live_calls") == [(0,)]

    # The same call typed afterwards with gripe log: stored the same, field for field.
    logged = Gripe(tmp_path / "logged.db")
    logged.ok("company", "add", "Skyline Fibre")
    logged.ok(
        "log", "Skyline Fibre", "Engineer booked", "--at", "2026-07-28 14:00",
        "--hold", "5", "--duration", "7", "--rep", "Dana", "--rep-id", "4471", "--role",
        "agent", "--ref", "SKY-1", "--promise", "Service restored", "--by", "by friday 5pm",
    )  # fmt: skip
    assert stored_call(gripe) == stored_call(logged)
    assert gripe.rows("SELECT duration_minutes, hold_minutes FROM calls") == [(7, 5)]


def test_status_says_so_when_no_call_is_in_progress(gripe: Gripe) -> None:
    assert gripe.ok("call", "status", "--json").stdout.strip() == "null"
    result = gripe.ok("call", "status")
    assert result.stdout == ""
    assert "No call in progress" in result.stderr


@pytest.mark.parametrize("command", ["answered", "hold", "end", "cancel", "resume"])
def test_steps_without_a_call_in_progress_say_how_to_start_one(gripe: Gripe, command) -> None:
    result = gripe("call", command, *(["Done"] if command == "end" else []))
    assert result.exit_code == 1
    assert "no call is in progress; start one: gripe call start COMPANY" in result.stderr


def test_only_one_call_is_in_progress_at_a_time(gripe: Gripe) -> None:
    gripe.ok("call", "start", "Acme", "--detach")
    before = gripe.dump()
    result = gripe("call", "start", "Other", "--detach")
    assert result.exit_code == 1
    assert "a call to Acme is already in progress (since 14:00)" in result.stderr
    assert "gripe call resume" in result.stderr
    assert "gripe call cancel" in result.stderr
    assert gripe.dump() == before


def test_answered_twice_and_hold_twice_are_refused(gripe: Gripe) -> None:
    gripe.ok("call", "start", "Acme", "--detach")
    assert gripe("call", "hold").exit_code == 1  # on hold from the start
    gripe.ok("call", "answered")
    result = gripe("call", "answered")
    assert result.exit_code == 1
    assert "already answered" in result.stderr


def test_a_new_company_is_added_only_when_the_call_is_logged(gripe: Gripe) -> None:
    started = gripe.ok("call", "start", "Northstar Broadband", "--detach")
    assert "New company: Northstar Broadband is added to your log when the call ends" in (
        started.stderr
    )
    assert gripe.rows("SELECT count(*) FROM companies") == [(0,)]
    ended = gripe.ok("call", "end", "Asked for a supervisor")
    assert "New company: Northstar Broadband (#1)" in ended.stderr
    assert gripe.rows("SELECT name FROM companies") == [("Northstar Broadband",)]


def test_cancel_drops_the_call_and_logs_nothing(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    gripe.ok("call", "start", "Acme", "--detach")
    result = gripe.ok("call", "cancel")
    assert "Dropped the call to Acme; nothing was logged." in result.stdout
    assert gripe.dump() == before


def test_end_without_a_summary_uses_the_notes_or_asks_for_one(gripe: Gripe) -> None:
    gripe.ok("call", "start", "Acme", "--detach")
    result = gripe("call", "end")
    assert result.exit_code == 2
    assert 'say what happened: gripe call end "' in result.stderr
    assert gripe.rows("SELECT count(*) FROM live_calls") == [(1,)]  # nothing lost
    conn_notes = "Asked for a refund\nThey said 3-5 days"
    import sqlite3

    conn = sqlite3.connect(gripe.db)
    conn.execute("UPDATE live_calls SET notes = ?", (conn_notes,))
    conn.commit()
    conn.close()
    gripe.ok("call", "end")
    assert gripe.rows("SELECT summary FROM calls") == [(conn_notes,)]


def test_a_refused_end_writes_nothing_and_keeps_the_call(gripe: Gripe) -> None:
    gripe.ok("case", "open", "Acme", "First")
    gripe.ok("case", "open", "Acme", "Second")
    gripe.ok("call", "start", "Acme", "--detach")
    before = gripe.dump()
    result = gripe("call", "end", "Called", "--promise", "Refund", "--by", "soon")
    assert result.exit_code == 2
    assert "too vague" in result.stderr
    assert gripe.dump() == before
    result = gripe("call", "end", "Called")  # two open cases: which one?
    assert result.exit_code == 2
    assert "--case" in result.stderr
    assert gripe.dump() == before
    gripe.ok("call", "end", "Called", "--case", "2")
    assert gripe.rows("SELECT case_id FROM calls") == [(2,)]


def test_start_on_a_named_case_logs_to_it(gripe: Gripe) -> None:
    gripe.ok("case", "open", "Acme", "First")
    gripe.ok("case", "open", "Acme", "Second")
    gripe.ok("call", "start", "Acme", "--case", "1", "--detach")
    gripe.ok("call", "end", "Called")
    assert gripe.rows("SELECT case_id FROM calls") == [(1,)]


def test_start_on_another_company_s_case_is_refused(gripe: Gripe) -> None:
    gripe.ok("case", "open", "Acme", "First")
    gripe.ok("company", "add", "Other")
    result = gripe("call", "start", "Other", "--case", "1", "--detach")
    assert result.exit_code == 1
    assert "case #1 is with Acme" in result.stderr
    assert gripe.rows("SELECT count(*) FROM live_calls") == [(0,)]


def test_end_options_override_the_clock(gripe: Gripe, monkeypatch: pytest.MonkeyPatch) -> None:
    step(gripe, monkeypatch, 0, "call", "start", "Acme", "--detach")
    step(gripe, monkeypatch, 30, "call", "answered")
    ended = step(gripe, monkeypatch, 40, "call", "end", "Done", "--hold", "25m", "--json")
    call = json.loads(ended.stdout)["call"]
    assert (call["hold_minutes"], call["duration_minutes"]) == (25, 10)
    assert call["at"] == "2026-07-28T14:00:00+01:00"


def test_a_company_renamed_mid_call_gets_the_call(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Acme")
    gripe.ok("call", "start", "Acme", "--detach")
    gripe.ok("company", "edit", "Acme", "--name", "Acme Holdings")
    gripe.ok("call", "end", "Called")
    assert gripe.rows("SELECT count(*) FROM companies") == [(1,)]
    assert gripe.rows("SELECT company_id FROM cases") == [(1,)]


def test_call_start_outside_a_terminal_starts_the_clock_and_returns(db_path) -> None:
    """A real process with no terminal: no screen, no waiting for keys."""
    done = run_gripe("--db", str(db_path), "call", "start", "Acme", input="", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Started a call to Acme" in done.stdout
    done = run_gripe("--db", str(db_path), "call", "resume", input="", timeout=60)
    assert done.returncode == 1
    assert "the live screen needs a terminal" in done.stderr


def test_only_the_call_screen_imports_its_terminal_library(gripe: Gripe) -> None:
    import subprocess
    import sys

    gripe.ok("log", "Acme", "Called")
    code = (
        "import sys\nfrom gripe.cli import app\n"
        "try:\n    app(sys.argv[1:], prog_name='gripe')\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str('prompt_toolkit' in sys.modules))\n"
    )
    for args in (
        ["overdue"],
        ["log", "Acme", "Again"],
        ["company", "show", "Acme"],
        ["call", "start", "Acme", "--detach"],
        ["call", "status"],
        ["call", "end", "Done"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", code, "--db", str(gripe.db), *args],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stderr.endswith("False"), (args, done.stderr)
