"""Migrations keep every row: a log made by an older gripe opens in this one, whole.

The older log is made by applying only the migrations that gripe had, through the same
sqlite-utils registry, and filled with rows; then the current gripe opens it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from conftest import Gripe
from gripe.model import Sector
from gripe.store import schema


def older_log(path: Path, migrations: int) -> None:
    """A database at the schema of the first ``migrations`` migrations."""
    registry = Migrations(schema.MIGRATION_SET)
    for migration in schema.MIGRATIONS[:migrations]:
        registry(name=migration.__name__)(migration)
    conn = sqlite3.connect(path)
    registry.apply(Database(conn))
    conn.executescript(
        """
        INSERT INTO companies (id, uuid, name, name_key, created_at)
            VALUES (1, 'c1', 'Skyline Fibre', 'skylinefibre', '2026-07-01T09:00:00Z');
        INSERT INTO cases (id, uuid, company_id, title, opened_at)
            VALUES (1, 'k1', 1, 'Outage', '2026-07-01T09:00:00Z');
        INSERT INTO reps (id, uuid, company_id, name, name_key, created_at)
            VALUES (1, 'r1', 1, 'Dana', 'dana', '2026-07-01T09:00:00Z');
        INSERT INTO calls (id, uuid, case_id, rep_id, at, summary, created_at)
            VALUES (1, 'a1', 1, 1, '2026-07-01T09:00:00Z', 'Line down', '2026-07-01T09:00:00Z');
        INSERT INTO promises (id, uuid, case_id, call_id, rep_id, text, due, due_text,
                              date_only, status, made_at)
            VALUES (1, 'p1', 1, 1, 1, 'Engineer visit', '2026-07-03T16:00:00Z',
                    'friday 5pm', 0, 'pending', '2026-07-01T09:00:00Z');
        """
    )
    conn.commit()
    conn.close()


def test_a_log_from_before_undated_promises_keeps_its_rows_indexes_and_search(
    gripe: Gripe,
) -> None:
    older_log(gripe.db, 3)
    old_columns = ", ".join(row[1] for row in gripe.rows("PRAGMA table_info(promises)"))
    before = gripe.rows(f"SELECT {old_columns} FROM promises")
    indexes = gripe.rows(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'promises' "
        "AND sql IS NOT NULL ORDER BY name"
    )
    triggers = gripe.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")

    shown = gripe.json("promise", "list")  # opens the log: the migrations run
    assert [(row["id"], row["text"], row["due_text"]) for row in shown] == [
        (1, "Engineer visit", "friday 5pm")
    ]
    assert gripe.rows(f"SELECT {old_columns} FROM promises") == before
    assert gripe.rows("SELECT rescheduled_from FROM promises") == [(None,)]
    # m014 replaced promises_by_rep with promises_by_rep_status_due, which serves it too.
    assert set(indexes) - {("promises_by_rep",)} <= set(
        gripe.rows(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'promises' "
            "AND sql IS NOT NULL"
        )
    )
    assert set(triggers) <= set(  # m013 adds the company's name to the index: more triggers
        gripe.rows(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name NOT LIKE '\\_undo\\_%' ESCAPE '\\' ORDER BY name"
        )
    )
    # The search triggers came back with the table: new and old promises are found.
    gripe.ok("promise", "add", "1", "Refund the outage days", "--by", "friday")
    assert {hit["id"] for hit in gripe.json("search", "engineer")} == {1}
    assert {hit["id"] for hit in gripe.json("search", "refund")} == {2}
    assert gripe.rows("PRAGMA foreign_key_check") == []
    assert gripe.rows("PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize(("due", "due_text"), [("2026-08-01T10:00:00Z", None), (None, "friday")])
def test_a_deadline_is_stored_whole_or_not_at_all(gripe: Gripe, due, due_text) -> None:
    gripe.ok("log", "Acme", "Called", "--promise", "Reduce my bill")
    conn = sqlite3.connect(gripe.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
            conn.execute(
                "INSERT INTO promises (uuid, case_id, text, due, due_text, made_at) "
                "VALUES ('x', 1, 'half', ?, ?, '2026-07-28T13:00:00Z')",
                (due, due_text),
            )
    finally:
        conn.close()


def test_the_sectors_the_schema_allows_are_the_model_s() -> None:
    assert tuple(sector.value for sector in Sector) == schema.SECTORS


def test_reply_promises_become_their_letters_reply_dates(gripe: Gripe) -> None:
    """m011: a log from before letters had their own reply dates. `letter --record` added a
    promise "Reply to my letter of …" due on the letter's response_due: each becomes its
    letter's reply date (moved if it was moved, answered if it was kept, none if the person
    stopped waiting), and the promise goes. Nothing else changes."""
    older_log(gripe.db, 10)
    conn = sqlite3.connect(gripe.db)
    conn.executescript(
        """
        INSERT INTO letters (id, uuid, case_id, template, generated_at, format, body,
                             response_due) VALUES
            (1, 'l1', 1, 'complaint', '2026-07-01T10:00:00Z', 'txt', 'one',
             '2026-07-15T22:59:00Z'),
            (2, 'l2', 1, 'follow-up', '2026-07-16T10:00:00Z', 'txt', 'two',
             '2026-07-30T22:59:00Z'),
            (3, 'l3', 1, 'escalation', '2026-07-20T10:00:00Z', 'md', 'three',
             '2026-08-03T22:59:00Z'),
            (4, 'l4', 1, 'regulator', '2026-07-21T10:00:00Z', 'txt', 'four',
             '2026-08-04T22:59:00Z'),
            (5, 'l5', 1, 'final-notice', '2026-07-22T10:00:00Z', 'txt', 'five',
             '2026-08-05T22:59:00Z');
        INSERT INTO promises (id, uuid, case_id, text, due, due_text, date_only, status,
                              made_at, resolved_at, rescheduled_from) VALUES
            (2, 'p2', 1, 'Reply to my letter of 1 July 2026', '2026-07-15T22:59:00Z',
             'the reply date in my letter of 1 July 2026', 1, 'kept',
             '2026-07-01T10:00:00Z', '2026-07-10T08:00:00Z', NULL),
            (3, 'p3', 1, 'Reply to my letter of 16 July 2026', '2026-07-30T22:59:00Z',
             'the reply date in my letter of 16 July 2026', 1, 'pending',
             '2026-07-16T10:00:00Z', NULL, NULL),
            (4, 'p4', 1, 'Reply to my letter of 20 July 2026', '2026-08-03T22:59:00Z',
             'the reply date in my letter of 20 July 2026', 1, 'broken',
             '2026-07-20T10:00:00Z', '2026-07-25T10:00:00Z', NULL),
            (5, 'p5', 1, 'Reply to my letter of 20 July 2026', '2026-08-07T22:59:00Z',
             'aug 7', 1, 'pending', '2026-07-25T10:00:00Z', NULL, 4),
            (6, 'p6', 1, 'Reply to my letter of 21 July 2026', '2026-08-04T22:59:00Z',
             'the reply date in my letter of 21 July 2026', 1, 'cancelled',
             '2026-07-21T10:00:00Z', '2026-07-22T10:00:00Z', NULL),
            (7, 'p7', 1, 'A reply to my letter, they said', '2026-08-05T22:59:00Z',
             'the reply date in my letter of 22 July 2026', 1, 'pending',
             '2026-07-22T10:00:00Z', NULL, NULL);
        """
    )
    conn.commit()
    conn.close()

    letters = {letter["id"]: letter for letter in gripe.json("letter", "list")}  # migrates
    assert gripe.rows("SELECT id, reply_due, replied_at FROM letters ORDER BY id") == [
        (1, "2026-07-15T22:59:00Z", "2026-07-10T08:00:00Z"),  # kept: answered then
        (2, "2026-07-30T22:59:00Z", None),  # still waiting
        (3, "2026-08-07T22:59:00Z", None),  # moved: the later date
        (4, None, None),  # cancelled: waits for nothing (the date is in its text)
        (5, "2026-08-05T22:59:00Z", None),  # its promise was edited: left as it was
    ]
    assert letters[1]["state"] == "answered"
    assert letters[2]["state"] == "written"
    # The engineer's visit and the edited promise stay; the reply promises are gone.
    assert gripe.rows("SELECT id, text FROM promises ORDER BY id") == [
        (1, "Engineer visit"),
        (7, "A reply to my letter, they said"),
    ]
    assert gripe.json("search", "letter") == [
        hit for hit in gripe.json("search", "letter") if hit["id"] == 7
    ]
    assert gripe.rows("PRAGMA foreign_key_check") == []
    assert gripe.rows("PRAGMA integrity_check") == [("ok",)]
