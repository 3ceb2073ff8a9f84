"""``gripe history`` and ``gripe undo``: what each command changed, newest first, and going back
one command at a time; the journal covers tables added by later migrations, and an upgrade ends
what can be undone."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from conftest import Gripe, assert_same, full_dump
from gripe.store import connect, schema, writing


def flat(text: str) -> str:
    return " ".join(text.split())


def test_history_lists_commands_newest_first_with_what_they_changed(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Northstar Broadband")
    gripe.ok(
        "log", "northstar", "Line down", "--rep", "Dana", "--promise", "Fix", "--by", "friday"
    )
    gripe.ok("case", "escalate", "1")

    history = gripe.json("history")

    assert [entry["command"] for entry in history] == [
        "gripe case escalate 1",
        "gripe log northstar 'Line down' --rep Dana --promise Fix --by friday",
        "gripe company add 'Northstar Broadband'",
    ]
    assert history[1]["summary"] == "added 1 case, 1 rep, 1 call, 1 promise"
    assert history[0]["summary"] == "changed 1 case"
    for entry in history:
        assert set(entry) >= {"id", "uuid", "at", "command", "summary", "undone"}
        assert entry["at"] == "2026-07-28T14:00:00+01:00"
        assert entry["undone"] is False
    text = flat(gripe.ok("history").stdout)
    assert "#3 Tue 28 Jul 2026 14:00 gripe case escalate 1 changed 1 case" in text
    assert [entry["id"] for entry in gripe.json("history", "--limit", "1")] == [3]


def test_the_database_path_is_not_part_of_the_command(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Globex")
    [entry] = gripe.json("history")
    assert str(gripe.db) not in entry["command"]
    assert entry["command"] == "gripe company add Globex"


def test_refused_and_empty_commands_leave_no_entry(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Globex")
    assert gripe("log", "Globex", " ").exit_code == 2
    gripe.ok("config", "unset", "name")  # was not set: nothing changed
    gripe.ok("company", "edit", "1", "--phone", "")  # had none
    assert len(gripe.json("history")) == 1


def test_undo_goes_back_one_command_at_a_time_to_an_empty_log(gripe: Gripe, tmp_path) -> None:
    gripe.ok("config", "list")  # makes the log
    empty = full_dump(gripe.db)
    steps: list[dict[str, Any]] = []
    (tmp_path / "bill.pdf").write_bytes(b"the bill")
    for args in (
        ("log", "Northstar", "Line down", "--rep", "Dana", "--promise", "Fix", "--by", "friday"),
        ("attach", "1", str(tmp_path / "bill.pdf")),
        ("call", "edit", "1", "--hold", "20m"),
        ("company", "edit", "1", "--name", "Northstar Broadband"),
        ("promise", "reschedule", "1", "--by", "next friday"),
    ):
        steps.append(full_dump(gripe.db))
        gripe.ok(*args)
    for before in reversed(steps):
        gripe.ok("undo")
        assert_same(before, full_dump(gripe.db))
    assert_same(empty, full_dump(gripe.db))
    result = gripe("undo")
    assert result.exit_code == 1
    assert "nothing to undo" in result.stderr
    assert all(entry["undone"] for entry in gripe.json("history"))


def test_undo_says_what_it_put_back_and_what_would_be_next(gripe: Gripe) -> None:
    gripe.ok("log", "Northstar", "Line down", "--hold", "2h")
    gripe.ok("call", "edit", "1", "--hold", "20m")
    text = flat(gripe.ok("undo").stdout)
    assert "Undid #2 (Tue 28 Jul 2026 14:00): gripe call edit 1 --hold 20m" in text
    assert "Restored 1 call." in text
    assert "gripe undo again would undo #1: gripe log Northstar 'Line down' --hold 2h" in text
    assert gripe.json("case", "show", "1")["calls"][0]["hold_minutes"] == 120
    data = gripe.json("undo")
    assert data["id"] == 1
    assert data["undone"] is True
    assert data["put_back"] == "removed 1 company, 1 case, 1 call"


def test_undo_is_not_itself_undone_by_undo(gripe: Gripe) -> None:
    """There is no redo: a second undo goes further back, never forward."""
    gripe.ok("company", "add", "Globex")
    gripe.ok("company", "add", "Initech")
    gripe.ok("undo")
    gripe.ok("undo")
    assert gripe.rows("SELECT count(*) FROM companies") == [(0,)]
    assert [entry["undone"] for entry in gripe.json("history")] == [True, True]


# ---- tables and columns added later ------------------------------------------------------------


def m999_pager_numbers(db: Any) -> None:
    db.execute(
        "CREATE TABLE company_pagers (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, "
        "company_id INTEGER NOT NULL REFERENCES companies(id), number TEXT NOT NULL, note TEXT)"
    )
    db.execute("ALTER TABLE calls ADD COLUMN outcome TEXT")


@pytest.fixture
def upgraded(gripe: Gripe, monkeypatch: pytest.MonkeyPatch) -> Gripe:
    """A log with two commands made by this gripe, then opened by a gripe with one more
    migration: a table of phone numbers and a column on calls."""
    gripe.ok("log", "Northstar", "Line down")
    gripe.ok("company", "add", "Globex")
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, m999_pager_numbers])
    monkeypatch.setattr(schema, "KNOWN", [*schema.KNOWN, "m999_pager_numbers"])
    return gripe


def test_an_upgrade_ends_what_can_be_undone_but_keeps_the_history(upgraded: Gripe) -> None:
    upgraded.ok("config", "list")  # the upgrade runs
    before = upgraded.dump()
    history = upgraded.json("history")
    assert history[0]["command"] == "gripe (upgraded the log: m999_pager_numbers)"
    assert history[0]["undoable"] is False
    assert [entry["undoable"] for entry in history[1:]] == [False, False]
    result = upgraded("undo")
    assert result.exit_code == 1
    assert "cannot be undone" in result.stderr
    assert upgraded.dump() == before


def test_a_table_and_a_column_added_later_are_journaled(upgraded: Gripe) -> None:
    upgraded.ok("config", "list")  # the upgrade runs
    before = full_dump(upgraded.db)
    conn = connect(upgraded.db, command="gripe phone add northstar")
    try:
        with writing(conn):
            conn.execute(
                "INSERT INTO company_pagers (uuid, company_id, number) VALUES ('p1', 1, '0800')"
            )
            conn.execute("UPDATE calls SET outcome = 'no fix' WHERE id = 1")
    finally:
        conn.close()
    assert upgraded.json("history")[0]["summary"] == "added 1 company_pagers row; changed 1 call"
    upgraded.ok("undo")
    assert_same(before, full_dump(upgraded.db))


def test_a_company_delete_and_merge_follow_a_table_added_later(upgraded: Gripe) -> None:
    upgraded.ok("config", "list")
    conn = sqlite3.connect(upgraded.db)
    try:
        conn.execute("INSERT INTO company_pagers (uuid, company_id, number) VALUES ('p1', 2, '1')")
        conn.commit()
    finally:
        conn.close()
    upgraded.ok("company", "merge", "globex", "northstar")
    assert upgraded.rows("SELECT company_id FROM company_pagers") == [(1,)]
    result = upgraded.ok("company", "delete", "1", "--cascade")
    assert "1 company_pagers row" in result.stdout
    assert upgraded.rows("SELECT count(*) FROM company_pagers") == [(0,)]


def m999_a_table_without_an_integer_key(db: Any) -> None:
    db.execute("CREATE TABLE notes (text TEXT)")


def test_a_table_the_journal_cannot_follow_is_refused_when_made(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    migration = m999_a_table_without_an_integer_key
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, migration])
    monkeypatch.setattr(schema, "KNOWN", [*schema.KNOWN, migration.__name__])
    with pytest.raises(RuntimeError, match="table notes has no INTEGER PRIMARY KEY"):
        connect(gripe.db)
