"""How an import inserts a big table: its secondary indexes and its per-row insert triggers are
set aside while the rows go in, then brought up to date at once, inside the import's transaction.

A row at a time, an insert touches every index of its table, the search index (m013), the
summaries (m014: ``case_activity``, ``rep_records``, ``open_promises``) and the undo journal
(`gripe.store.journal`), each at the place the row's values sort to, which is nowhere near the
last row's. Once those pages no longer fit in the page cache (a million calls), each row reads
and writes several of them and an import's time grows faster than its file. So:

- when the rows added are many beside the rows already there (`REBUILD_SHARE`), the table's
  secondary indexes are dropped and created again after the rows are in (a sort, not a million
  random inserts), each with its SQL and its statistics (``sqlite_stat1``) as they were;
- the insert triggers of ``calls`` and ``promises`` are dropped, and once the rows are in, the
  same changes are made by one statement each (`STAND_INS`), then the triggers are created again
  exactly as they were.

The stand-ins give the same result as the triggers, row for row: a search row is made of the
same expressions and gets the same rowid; a summary adds the counts and sums the triggers would
have added one at a time, and takes the latest time they would have left; a journal entry names
the same rowid, in the same order. A trigger is only dropped when its SQL is the one its stand-in
was written for (`FINGERPRINTS`): a later migration that changes it leaves it firing row by row
until this module learns its new form. Everything happens in the import's one transaction: a
crash or a refusal rolls back the indexes and triggers with the rows, so nothing can be lost.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

# The statements stand in for the rows with an id above :before. The names a search row is made
# of are those the triggers look up (a rep's name, the company of a call's case), read from two
# small tables made for the rows added: looked up a million times in random order, the log's
# cases and reps do not fit the page cache, and those lookups were half the search index's time.
_NAMES = (
    "CREATE TEMP TABLE import_rep_names (id INTEGER PRIMARY KEY, name)",
    "INSERT INTO temp.import_rep_names SELECT id, name FROM main.reps "
    "WHERE id IN (SELECT rep_id FROM main.{table} NOT INDEXED WHERE id > :before)",
    "CREATE TEMP TABLE import_case_companies (id INTEGER PRIMARY KEY, name)",
    "INSERT INTO temp.import_case_companies SELECT cases.id, companies.name "
    "FROM main.cases JOIN main.companies ON companies.id = cases.company_id "
    "WHERE cases.id IN (SELECT case_id FROM main.{table} NOT INDEXED WHERE id > :before)",
)
_REP_NAME = "(SELECT name FROM temp.import_rep_names WHERE id = new.rep_id)"
_CALL_BODY = (
    f"new.summary || coalesce(' · ' || new.reference, '') || coalesce(' · ' || {_REP_NAME}, '')"
)
_PROMISE_BODY = (
    f"new.text || coalesce(' · ' || new.note, '') || coalesce(' · ' || {_REP_NAME}, '')"
)
_COMPANY_OF_CASE = "(SELECT name FROM temp.import_case_companies WHERE id = new.case_id)"


def _search(table: str, kind: str, slot: int, body: str) -> tuple[str, ...]:
    rowid = f"new.id * 8 + {slot}"
    return (
        *(statement.format(table=table) for statement in _NAMES),
        f"DELETE FROM search WHERE rowid IN "
        f"(SELECT {rowid} FROM main.{table} AS new WHERE new.id > :before)",
        f"INSERT INTO search (rowid, kind, ref_id, body, company) "
        f"SELECT {rowid}, '{kind}', new.id, {body}, {_COMPANY_OF_CASE} "
        f"FROM main.{table} AS new WHERE new.id > :before ORDER BY new.id",
        "DROP TABLE temp.import_rep_names",
        "DROP TABLE temp.import_case_companies",
    )


def _journal(table: str) -> tuple[str, ...]:
    return (
        f'INSERT INTO "_undo_{table}" (_change, _op, _row) '
        f"SELECT (SELECT max(id) FROM _changes), 'I', id FROM main.{table} "
        "WHERE id > :before ORDER BY id",
    )


_CALL_SUMMARIES = (
    "CREATE TEMP TABLE import_sums (key INTEGER PRIMARY KEY, added, hold, latest)",
    "INSERT INTO temp.import_sums SELECT case_id, count(*), sum(coalesce(hold_minutes, 0)), "
    "max(at) FROM main.calls NOT INDEXED WHERE id > :before GROUP BY case_id",
    # The triggers' last_active is the last contact they leave, once a case has a call.
    "UPDATE case_activity SET (calls, hold_minutes, last_contact, last_active) = ("
    "SELECT case_activity.calls + added, case_activity.hold_minutes + hold, "
    "max(coalesce(case_activity.last_contact, latest), latest), "
    "max(coalesce(case_activity.last_contact, latest), latest) "
    "FROM temp.import_sums WHERE key = case_activity.case_id) "
    "WHERE case_id IN (SELECT key FROM temp.import_sums)",
    "DELETE FROM temp.import_sums",
    "INSERT INTO temp.import_sums (key, added) SELECT rep_id, count(*) "
    "FROM main.calls NOT INDEXED WHERE id > :before AND rep_id IS NOT NULL GROUP BY rep_id",
    "UPDATE rep_records SET calls = calls + "
    "(SELECT added FROM temp.import_sums WHERE key = rep_records.rep_id) "
    "WHERE rep_id IN (SELECT key FROM temp.import_sums)",
    "DROP TABLE temp.import_sums",
)
_PROMISE_SUMMARIES = (
    "CREATE TEMP TABLE import_sums (key INTEGER PRIMARY KEY, kept, broken, dated, undated)",
    "INSERT INTO temp.import_sums SELECT rep_id, sum(status = 'kept'), sum(status = 'broken'), "
    "sum(status = 'pending' AND due IS NOT NULL), sum(status = 'pending' AND due IS NULL) "
    "FROM main.promises NOT INDEXED WHERE id > :before AND rep_id IS NOT NULL GROUP BY rep_id",
    "UPDATE rep_records SET (kept, broken, pending_dated, undated) = ("
    "SELECT rep_records.kept + s.kept, rep_records.broken + s.broken, "
    "rep_records.pending_dated + s.dated, rep_records.undated + s.undated "
    "FROM temp.import_sums AS s WHERE s.key = rep_records.rep_id) "
    "WHERE rep_id IN (SELECT key FROM temp.import_sums)",
    "DROP TABLE temp.import_sums",
    "INSERT OR REPLACE INTO open_promises (promise_id, status, due) "
    "SELECT new.id, new.status, new.due FROM main.promises AS new "
    "WHERE new.id > :before AND new.status IN ('pending', 'broken') "
    "AND EXISTS (SELECT 1 FROM cases WHERE id = new.case_id AND status = 'open') ORDER BY new.id",
)

# For each table: its insert triggers, each with the statements that stand in for it.
STAND_INS: dict[str, dict[str, tuple[str, ...]]] = {
    "calls": {
        "search_calls_insert": _search("calls", "call", 1, _CALL_BODY),
        "summary_calls_insert": _CALL_SUMMARIES,
        "_undo_calls_insert": _journal("calls"),
    },
    "promises": {
        "search_promises_insert": _search("promises", "promise", 2, _PROMISE_BODY),
        "summary_promises_insert": _PROMISE_SUMMARIES,
        "_undo_promises_insert": _journal("promises"),
    },
}

# The sha256 of each trigger's SQL (white space as SQLite keeps it) that its stand-in was
# written for.
FINGERPRINTS = {
    "search_calls_insert": "cdd596da96ee1768a40b762be9597ff22a3abb0834e11b0df9efd36f62c47095",
    "summary_calls_insert": "a8e95b0a45140e00f97ffea485189e6bdf7212a7383a24afb687ae2dfa48c701",
    "_undo_calls_insert": "dbc3301fd30258cea2ce0bdf530e4b4eeb947663ce1d1c00a00d6959db373a07",
    "search_promises_insert": "9f55a5dc560b477a2253c29b1cc4d59943f3e98afcb411b1e1ddbf73a588946c",
    "summary_promises_insert": "dfad08f960be9f4c46bedd2d5a036639b0012ed572b0384c9ee0a223c2e11a77",
    "_undo_promises_insert": "e111cabf635be3a9544f87e01e4f2f8f0817f05621a58cd6c2569ee6005a1efa",
}


def fingerprint(sql: str) -> str:
    return hashlib.sha256(sql.encode()).hexdigest()


# Indexes are built again rather than kept up to date row by row when the rows added are at
# least this share of the rows already there (measured: 1,000,000 calls into an empty log, 27 s
# with their indexes kept, 17 s with them built after; building them is a sort of every row).
REBUILD_SHARE = 0.25
STATISTICS = ("sqlite_stat1", "sqlite_stat4")


@contextmanager
def inserting(conn: sqlite3.Connection, table: str, adding: int) -> Iterator[None]:
    """Within the caller's transaction, around the statement that inserts ``adding`` rows
    (at most) into ``table``: its indexes and insert triggers set aside, then brought up to
    date for the rows it added (those with an id above the largest before)."""
    (before,) = conn.execute(f"SELECT coalesce(max(id), 0) FROM main.{table}").fetchone()
    indexes = _indexes(conn, table) if adding >= before * REBUILD_SHARE else []
    known = STAND_INS.get(table, {})
    triggers = [
        (name, sql)
        for name, sql in conn.execute(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "ORDER BY rowid",
            (table,),
        )
        if name in known and fingerprint(sql) == FINGERPRINTS.get(name)
    ]
    for name, _, _ in indexes:
        conn.execute(f'DROP INDEX main."{name}"')
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER main."{name}"')
    yield
    for name, sql in triggers:
        for statement in known[name]:
            conn.execute(statement, {"before": before})
        conn.execute(sql)
    for _, sql, statistics in indexes:
        conn.execute(sql)
        for stat_table, rows in statistics:
            for row in rows:
                marks = ", ".join("?" * len(row))
                conn.execute(f"INSERT INTO main.{stat_table} VALUES ({marks})", row)


def _indexes(
    conn: sqlite3.Connection, table: str
) -> list[tuple[str, str, list[tuple[str, list[tuple[object, ...]]]]]]:
    """The indexes of ``table`` that can be dropped (not those of its UNIQUE constraints), each
    with its SQL and its rows of SQLite's statistics (which dropping it deletes)."""
    present = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name IN (?, ?)",
            STATISTICS,
        )
    ]
    found = []
    for name, sql in conn.execute(
        "SELECT name, sql FROM main.sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid",
        (table,),
    ).fetchall():
        statistics = [
            (
                stat_table,
                conn.execute(
                    f"SELECT * FROM main.{stat_table} WHERE tbl = ? AND idx = ?", (table, name)
                ).fetchall(),
            )
            for stat_table in present
        ]
        found.append((name, sql, statistics))
    return found
