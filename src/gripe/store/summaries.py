"""The summaries the everyday reads use, as they should be: computed from the log itself.

Schema m014 made three derived tables (``case_activity``, ``rep_records``, ``open_promises``)
and the triggers that keep them in step with the log through every write, merge and undo; the
reads that use them cost what they show, however long the log. Here each table's content is
computed the slow way, from the tables it is derived from, so that `gripe doctor` and the tests
can check the triggers' work (`out_of_step`) and `gripe doctor --repair` can put it right
(`rebuild`).
"""

from __future__ import annotations

import sqlite3

# Each derived table, its columns, and a query computing its rows from the log.
EXPECTED: dict[str, tuple[str, str]] = {
    "case_activity": (
        "case_id, status, calls, hold_minutes, last_contact, last_active",
        "SELECT cases.id, cases.status, count(calls.id), coalesce(sum(calls.hold_minutes), 0), "
        "max(calls.at), coalesce(max(calls.at), cases.opened_at) "
        "FROM cases LEFT JOIN calls ON calls.case_id = cases.id GROUP BY cases.id",
    ),
    "rep_records": (
        "rep_id, calls, kept, broken, pending_dated, undated",
        "SELECT reps.id, (SELECT count(*) FROM calls WHERE calls.rep_id = reps.id), "
        "(SELECT count(*) FROM promises WHERE promises.rep_id = reps.id "
        "AND promises.status = 'kept'), "
        "(SELECT count(*) FROM promises WHERE promises.rep_id = reps.id "
        "AND promises.status = 'broken'), "
        "(SELECT count(*) FROM promises WHERE promises.rep_id = reps.id "
        "AND promises.status = 'pending' AND promises.due IS NOT NULL), "
        "(SELECT count(*) FROM promises WHERE promises.rep_id = reps.id "
        "AND promises.status = 'pending' AND promises.due IS NULL) FROM reps",
    ),
    "open_promises": (
        "promise_id, status, due",
        "SELECT promises.id, promises.status, promises.due "
        "FROM promises JOIN cases ON cases.id = promises.case_id "
        "WHERE cases.status = 'open' AND promises.status IN ('pending', 'broken')",
    ),
}


def out_of_step(conn: sqlite3.Connection) -> list[str]:
    """The derived tables whose rows differ from what the log says they should be."""
    wrong = []
    for table, (columns, query) in EXPECTED.items():
        differs = conn.execute(
            f"SELECT EXISTS (SELECT * FROM ({query}) EXCEPT SELECT {columns} FROM {table}) "
            f"OR EXISTS (SELECT {columns} FROM {table} EXCEPT SELECT * FROM ({query}))"
        ).fetchone()[0]
        if differs:
            wrong.append(table)
    return wrong


def rebuild(conn: sqlite3.Connection, tables: list[str] | None = None) -> None:
    """Compute the derived tables again from the log (inside the caller's transaction)."""
    for table in tables if tables is not None else list(EXPECTED):
        columns, query = EXPECTED[table]
        conn.execute(f"DELETE FROM {table}")
        conn.execute(f"INSERT INTO {table} ({columns}) {query}")
