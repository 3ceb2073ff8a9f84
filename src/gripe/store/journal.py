"""The change journal behind ``gripe undo`` and ``gripe history``.

SQLite's undo recipe (sqlite.org/undoredo.html), with the old rows kept as values rather than as
SQL text. Every table of the log has a journal table ``_undo_<table>`` and triggers that write
into it, inside the transaction of the command that makes the change:

- an insert records the new row's rowid (``I``),
- an update that changes a value records the row's values before it (``U``),
- a delete records the deleted row's values (``D``).

Each journal row belongs to the newest row of ``_changes``, which `store.writing` opens for every
command with its command line and time; a command that changed nothing leaves no change behind.
Inserts keep only the rowid, so that journaling an import of 100,000 rows stays cheap.

Undo is set-based, table by table: every row the command touched is deleted, then every row that
existed before the command is put back from its first journal entry (its values before the
command). Undo goes strictly newest first, so the rows the command did not touch are as they were
before it: the result is the database as it was, with the same ids (the tables use INTEGER
PRIMARY KEY without AUTOINCREMENT). Foreign keys are off while it runs (no order between tables,
no ON DELETE actions), the triggers of derived tables (the search index) fire as usual and keep
them right, and the journal's triggers are taken away for the length of the undo (inside its
transaction) so that undo itself is not journaled. An undone change keeps its row in
``_changes`` (history shows it as undone) but its journal rows go: there is no redo; the command
line in the history is there to run again.

Which tables: every table in the schema except `NOT_JOURNALED`, virtual tables and their shadow
tables, SQLite's own and the journal's. Each must have an INTEGER PRIMARY KEY, the rowid by which
its journal finds its rows again (a plain rowid may be renumbered by VACUUM); `install` refuses a
table without one. The triggers are generated from the schema as it is and
(re)installed by `schema.ensure_current` after migrations have run, so tables and columns added by
later migrations are covered without anyone remembering. A migration is not journaled; the
journal from before it is dropped (its rows no longer fit the tables), and the commands from
before the upgrade stay in the history as ones that cannot be undone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from gripe import clock
from gripe.errors import InvalidState, NotFound
from gripe.model import Change

CHANGES = "_changes"
UNDO_CACHE_SIZE = -64 * 1024  # KiB: a page cache of up to 64 MiB while undoing
PREFIX = "_undo_"

# Tables that are transient or derived: never journaled. A call in progress is not part of the
# record. The search index and the summaries the everyday reads use (schema m014) are kept right
# by their own triggers when undo puts rows back, so that they too come back exactly as they were.
TRANSIENT = frozenset({"_sqlite_migrations", CHANGES, "live_calls"})
DERIVED = frozenset({"case_activity", "rep_records", "open_promises"})
NOT_JOURNALED = TRANSIENT | DERIVED

# How a summary names the rows of each table: (one, many).
NOUNS = {
    "companies": ("company", "companies"),
    "cases": ("case", "cases"),
    "reps": ("rep", "reps"),
    "calls": ("call", "calls"),
    "promises": ("promise", "promises"),
    "letters": ("letter", "letters"),
    "evidence": ("evidence file", "evidence files"),
    "settings": ("setting", "settings"),
    "company_phones": ("phone number", "phone numbers"),
    "claims": ("claim", "claims"),
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def journaled_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables of the log, in the order they were created."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
    ).fetchall()
    virtual = [name for name, sql in found if sql and sql.upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, sql in found
        if name not in NOT_JOURNALED
        and name not in virtual
        and not name.startswith(("sqlite_", PREFIX))
        and not any(name.startswith(table + "_") for table in virtual)  # FTS shadow tables
    ]


def _columns(conn: sqlite3.Connection, table: str) -> tuple[list[str], bool]:
    """The table's columns, and whether one of them is its rowid (an INTEGER PRIMARY KEY)."""
    info = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    keys = [row for row in info if row[5]]
    aliased = len(keys) == 1 and str(keys[0][2]).upper() == "INTEGER"
    return [row[1] for row in info], aliased


def _journal_triggers(conn: sqlite3.Connection) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\\'",
            (PREFIX.replace("_", "\\_") + "%",),
        )
    ]


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Stop journaling (for a migration, or for the length of an undo)."""
    for name in _journal_triggers(conn):
        conn.execute(f"DROP TRIGGER {_quote(name)}")


def _create_triggers(conn: sqlite3.Connection, table: str) -> None:
    columns, _ = _columns(conn, table)
    journal, quoted = _quote(PREFIX + table), _quote(table)
    names = ", ".join(_quote(column) for column in columns)
    old = ", ".join(f"old.{_quote(column)}" for column in columns)
    change = f"(SELECT max(id) FROM {CHANGES})"
    changed = " OR ".join(
        f"old.{_quote(column)} IS NOT new.{_quote(column)}" for column in ["rowid", *columns]
    )
    conn.execute(
        f"CREATE TRIGGER {_quote(PREFIX + table + '_insert')} AFTER INSERT ON {quoted} BEGIN "
        f"INSERT INTO {journal} (_change, _op, _row) VALUES ({change}, 'I', new.rowid); END"
    )
    conn.execute(
        f"CREATE TRIGGER {_quote(PREFIX + table + '_update')} AFTER UPDATE ON {quoted} "
        f"WHEN {changed} BEGIN "
        f"INSERT INTO {journal} (_change, _op, _row, {names}) "
        f"VALUES ({change}, 'U', old.rowid, {old}); "
        # A row given another rowid is a new row there, to be taken away again.
        f"INSERT INTO {journal} (_change, _op, _row) SELECT {change}, 'I', new.rowid "
        "WHERE new.rowid IS NOT old.rowid; END"
    )
    conn.execute(
        f"CREATE TRIGGER {_quote(PREFIX + table + '_delete')} AFTER DELETE ON {quoted} BEGIN "
        f"INSERT INTO {journal} (_change, _op, _row, {names}) "
        f"VALUES ({change}, 'D', old.rowid, {old}); END"
    )


def create_triggers(conn: sqlite3.Connection) -> None:
    """Journal again after `drop_triggers` (the journal tables are there already)."""
    for table in journaled_tables(conn):
        _create_triggers(conn, table)


def _check_rowid(conn: sqlite3.Connection, table: str) -> None:
    """The journal finds rows by rowid: a table must have one that never changes."""
    _, aliased = _columns(conn, table)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    if not aliased or "WITHOUT ROWID" in sql.upper():
        raise RuntimeError(
            f"table {table} has no INTEGER PRIMARY KEY: the change journal finds rows by a "
            "rowid that VACUUM may not renumber; give it one, or add it to NOT_JOURNALED"
        )


def install(conn: sqlite3.Connection, now: datetime, upgraded: list[str]) -> list[str]:
    """Journal tables and triggers for the schema as it is now, after the migrations named in
    ``upgraded`` have run (inside their transaction). The journal from before is dropped; the
    commands it recorded stay in the history as ones that cannot be undone. Returns the sha256
    of evidence files that only that journal referred to (the caller may delete them once the
    transaction has committed)."""
    drop_triggers(conn)
    orphans: list[str] = []
    old_journals = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\'",
            (PREFIX.replace("_", "\\_") + "%",),
        )
    ]
    if PREFIX + "evidence" in old_journals:
        orphans = [
            sha256
            for (sha256,) in conn.execute(
                f"SELECT DISTINCT sha256 FROM {PREFIX}evidence WHERE sha256 IS NOT NULL "
                "AND sha256 NOT IN (SELECT sha256 FROM evidence)"
            )
        ]
    for name in old_journals:
        conn.execute(f"DROP TABLE {_quote(name)}")
    still_undoable = conn.execute(
        f"SELECT count(*) FROM {CHANGES} WHERE undone_at IS NULL AND undoable = 1"
    ).fetchone()[0]
    if still_undoable:
        conn.execute(f"UPDATE {CHANGES} SET undoable = 0 WHERE undone_at IS NULL")
        _open(
            conn,
            "gripe (upgraded the log: " + ", ".join(upgraded) + ")",
            now,
            "upgraded the log's format; the commands before this cannot be undone",
            undoable=False,
        )
    for table in journaled_tables(conn):
        _check_rowid(conn, table)
        columns, _ = _columns(conn, table)
        journal = PREFIX + table
        conn.execute(
            f"CREATE TABLE {_quote(journal)} (_seq INTEGER PRIMARY KEY, _change INTEGER, "
            "_op TEXT NOT NULL, _row INTEGER NOT NULL, "
            + ", ".join(_quote(column) for column in columns)
            + ")"
        )
        conn.execute(
            f"CREATE INDEX {_quote(journal + '_by_change')} ON {_quote(journal)} (_change, _row)"
        )
        _create_triggers(conn, table)
    return orphans


# ---- one command's change ----------------------------------------------------------------------


def _open(
    conn: sqlite3.Connection,
    command: str,
    now: datetime,
    summary: str = "",
    undoable: bool = True,
) -> int:
    from gripe.store.db import new_uuid

    cursor = conn.execute(
        f"INSERT INTO {CHANGES} (uuid, at, command, summary, undoable) VALUES (?, ?, ?, ?, ?)",
        (new_uuid(), clock.to_storage(now), command, summary, int(undoable)),
    )
    return int(cursor.lastrowid or 0)


def begin(conn: sqlite3.Connection, command: str, now: datetime) -> int:
    """Open the change that the journal triggers write under, for one command."""
    return _open(conn, command, now)


def _journals(conn: sqlite3.Connection) -> list[str]:
    return [
        name.removeprefix(PREFIX)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '\\' "
            "ORDER BY rowid",
            (PREFIX.replace("_", "\\_") + "%",),
        )
    ]


class Counts(NamedTuple):
    table: str
    added: int  # rows that did not exist before the command and do now
    changed: int  # rows that existed before and still do, with other values
    deleted: int  # rows that existed before and do not now


def _counts(conn: sqlite3.Connection, change: int, tables: list[str]) -> Iterator[Counts]:
    for table in tables:
        journal = _quote(PREFIX + table)
        found = {"I": [0, 0], "U": [0, 0], "D": [0, 0]}
        for op, present, number in conn.execute(
            f"SELECT first._op, {_quote(table)}.rowid IS NOT NULL, count(*) FROM "
            f"(SELECT _row, _op, min(_seq) FROM {journal} WHERE _change = ? GROUP BY _row) "
            f"AS first LEFT JOIN {_quote(table)} ON {_quote(table)}.rowid = first._row "
            "GROUP BY 1, 2",
            (change,),
        ):
            found[op][present] = number
        added = found["I"][1]
        changed = found["U"][1] + found["D"][1]
        deleted = found["U"][0] + found["D"][0]
        if added or changed or deleted:
            yield Counts(table, added, changed, deleted)


def rows_of(table: str, number: int) -> str:
    """ "1 case", "3 evidence files": a number of a table's rows in words."""
    from gripe.plural import counted

    one, many = NOUNS.get(table, (f"{table} row", f"{table} rows"))
    return counted(number, one, many)


def describe(counts: list[Counts], verbs: tuple[str, str, str]) -> str:
    """ "added 1 call, 1 promise; changed 1 case" (``verbs`` for added, changed, deleted)."""
    parts = []
    for verb, field in zip(verbs, ("added", "changed", "deleted"), strict=True):
        rows = [
            rows_of(count.table, number) for count in counts if (number := getattr(count, field))
        ]
        if rows:
            parts.append(f"{verb} {', '.join(rows)}")
    return "; ".join(parts)


def finish(conn: sqlite3.Connection, change: int) -> None:
    """Write the change's summary, or take the change away when the command changed nothing."""
    counts = list(_counts(conn, change, _journals(conn)))
    if not counts:
        for table in _journals(conn):
            conn.execute(f"DELETE FROM {_quote(PREFIX + table)} WHERE _change = ?", (change,))
        conn.execute(f"DELETE FROM {CHANGES} WHERE id = ?", (change,))
        return
    summary = describe(counts, ("added", "changed", "deleted"))
    conn.execute(f"UPDATE {CHANGES} SET summary = ? WHERE id = ?", (summary, change))


# ---- undo and history --------------------------------------------------------------------------


class Undone(NamedTuple):
    change: Change
    put_back: str  # what undo did, in words: "removed 1 call; restored 1 case"
    files: list[str]  # sha256 of evidence files no row may refer to any more: check, then delete


def _change(row: sqlite3.Row | tuple[object, ...]) -> Change:
    id_, uuid, at, command, summary, undone_at, undoable = row
    return Change(
        id=int(str(id_)),
        uuid=str(uuid),
        at=clock.from_storage(str(at)),
        command=str(command),
        summary=str(summary),
        undone_at=clock.from_storage(str(undone_at)) if undone_at else None,
        undoable=bool(undoable),
    )


_CHANGE_COLUMNS = "id, uuid, at, command, summary, undone_at, undoable"


def undo(conn: sqlite3.Connection, now: datetime) -> Undone:
    """Revert the newest command not yet undone, exactly, in one transaction."""
    conn.execute("PRAGMA foreign_keys = OFF")  # only outside a transaction
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {UNDO_CACHE_SIZE}")  # undoing an import moves many rows
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            undone = _undo(conn, now)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return undone


def _parents_first(conn: sqlite3.Connection, tables: list[str]) -> list[str]:
    """``tables`` ordered so that a table comes after every table its foreign keys point to."""
    parents = {
        table: {
            key[2]
            for key in conn.execute(f"PRAGMA foreign_key_list({_quote(table)})")
            if key[2] != table and key[2] in tables
        }
        for table in tables
    }
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        ordered += ready or [t for t in tables if t not in ordered]  # a cycle: any order
    return ordered


def _undo(conn: sqlite3.Connection, now: datetime) -> Undone:
    change = next_to_undo(conn)
    if change is None:
        raise NotFound("there is nothing to undo; see what was done: gripe history")
    if not change.undoable:
        raise InvalidState(
            f"nothing more can be undone: #{change.id} ({change.summary or change.command}) "
            "cannot be undone; see: gripe history"
        )
    tables = _journals(conn)
    counts = list(_counts(conn, change.id, tables))
    files: list[str] = []
    if "evidence" in tables:
        files = [
            sha256
            for (sha256,) in conn.execute(
                f"SELECT DISTINCT sha256 FROM evidence WHERE rowid IN "
                f"(SELECT _row FROM {PREFIX}evidence WHERE _change = ?)",
                (change.id,),
            )
        ]
    drop_triggers(conn)
    # Parents are put back before their children and children deleted before their parents, so
    # that the search index's triggers on reps find no calls to refresh while calls come and go.
    ordered = _parents_first(conn, tables)
    for table in reversed(ordered):
        conn.execute(
            f"DELETE FROM {_quote(table)} WHERE rowid IN "
            f"(SELECT _row FROM {_quote(PREFIX + table)} WHERE _change = ?)",
            (change.id,),
        )
    for table in ordered:
        columns, _ = _columns(conn, table)
        names = ", ".join(_quote(column) for column in columns)  # the rowid's column among them
        # The first entry of each row holds its values from before the command.
        conn.execute(
            f"INSERT INTO {_quote(table)} ({names}) SELECT {names} FROM "
            f"(SELECT _row, _op, {names}, min(_seq) FROM {_quote(PREFIX + table)} "
            "WHERE _change = ? GROUP BY _row) WHERE _op <> 'I' ORDER BY _row",
            (change.id,),
        )
        conn.execute(f"DELETE FROM {_quote(PREFIX + table)} WHERE _change = ?", (change.id,))
    create_triggers(conn)
    undone_at = clock.to_storage(now)
    conn.execute(f"UPDATE {CHANGES} SET undone_at = ? WHERE id = ?", (undone_at, change.id))
    change = change._replace(undone_at=clock.from_storage(undone_at))
    put_back = describe(counts, ("removed", "restored", "put back"))
    return Undone(change, put_back, files)


def files_still_referenced(conn: sqlite3.Connection, sha256s: list[str]) -> set[str]:
    """Which of these evidence files a row, or a change that may still be undone, refers to."""
    if not sha256s:
        return set()
    placeholders = ", ".join("?" * len(sha256s))
    sql = f"SELECT sha256 FROM evidence WHERE sha256 IN ({placeholders})"
    parameters = list(sha256s)
    if "evidence" in _journals(conn):
        sql += f" UNION SELECT sha256 FROM {PREFIX}evidence WHERE sha256 IN ({placeholders})"
        parameters += sha256s
    return {sha256 for (sha256,) in conn.execute(sql, parameters)}


def next_to_undo(conn: sqlite3.Connection) -> Change | None:
    """The change `undo` would revert now."""
    row = conn.execute(
        f"SELECT {_CHANGE_COLUMNS} FROM {CHANGES} WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return _change(row) if row else None


def history(conn: sqlite3.Connection, limit: int | None = None) -> list[Change]:
    """The commands that changed the log, newest first."""
    sql = f"SELECT {_CHANGE_COLUMNS} FROM {CHANGES} ORDER BY id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_change(row) for row in conn.execute(sql)]


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {CHANGES}").fetchone()[0])
