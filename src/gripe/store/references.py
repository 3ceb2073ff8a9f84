"""Which rows refer to which: the foreign keys of the schema, read from SQLite itself.

Merging two companies or reps, moving rows between them and deleting with ``--cascade`` follow
every foreign key that points at a table, so a table added later (a company's phone numbers, say)
is moved or deleted with its company without anyone remembering to add it here.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple


def _tables(conn: sqlite3.Connection) -> list[str]:
    """Every ordinary table, journaled or not (a call in progress refers to its company too)."""
    return [
        name
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_") and not (sql or "").upper().startswith("CREATE VIRTUAL")
    ]


class Reference(NamedTuple):
    table: str  # the table whose rows refer
    column: str  # the column that holds the id
    required: bool  # NOT NULL: the row cannot outlive what it refers to


def to(conn: sqlite3.Connection, parent: str) -> list[Reference]:
    """Every column, in every table of the log, that refers to a row of ``parent``."""
    found = []
    for table in _tables(conn):
        columns = {row[1]: bool(row[3]) for row in conn.execute(f'PRAGMA table_info("{table}")')}
        for key in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
            if key[2] == parent:
                found.append(Reference(table, key[3], columns[key[3]]))
    return found


def in_use(conn: sqlite3.Connection, parent: str, row_id: int) -> bool:
    """Whether any row refers to row ``row_id`` of ``parent``."""
    return any(
        conn.execute(
            f'SELECT 1 FROM "{ref.table}" WHERE "{ref.column}" = ? LIMIT 1', (row_id,)
        ).fetchone()
        for ref in to(conn, parent)
    )


def repoint(
    conn: sqlite3.Connection, parent: str, old: int, new: int, skip: frozenset[str] = frozenset()
) -> dict[str, int]:
    """Make every row that refers to ``old`` refer to ``new`` instead (tables in ``skip`` are
    left to the caller); how many rows of each table now refer to ``new``."""
    moved: dict[str, int] = {}
    for ref in to(conn, parent):
        if ref.table in skip:
            continue
        # A row that would repeat one ``new`` has already (a phone number both companies have:
        # UNIQUE (company_id, number)) is left out, then deleted: ``new``'s own row wins.
        cursor = conn.execute(
            f'UPDATE OR IGNORE "{ref.table}" SET "{ref.column}" = ? WHERE "{ref.column}" = ?',
            (new, old),
        )
        conn.execute(f'DELETE FROM "{ref.table}" WHERE "{ref.column}" = ?', (old,))
        if cursor.rowcount > 0:
            moved[ref.table] = moved.get(ref.table, 0) + cursor.rowcount
    return moved
