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
    # m011 replaced promises_by_rep with promises_by_rep_status_due, which serves it too.
    assert set(indexes) - {("promises_by_rep",)} <= set(
        gripe.rows(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'promises' "
            "AND sql IS NOT NULL"
        )
    )
    assert triggers == gripe.rows(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' "
        "AND name NOT LIKE '\\_undo\\_%' ESCAPE '\\' AND name NOT LIKE 'summary\\_%' ESCAPE '\\' "
        "ORDER BY name"
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
