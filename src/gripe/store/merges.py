"""Tidying duplicates: ``company merge``, ``rep merge`` and ``company delete``.

Rows are moved by following every foreign key that points at the merged row (`references`), so a
table added later moves with its company or rep. A company merge makes a rep of the same name at
both companies one rep; the details of the company (or rep) merged into win, and its gaps are
filled from the other. Nothing is lost: the counts of cases, calls, promises, letters and evidence
are the same before and after, and the search index follows through its triggers.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import NamedTuple

from gripe.errors import InvalidState
from gripe.model import Company, Rep
from gripe.store import companies, reps
from gripe.store.journal import rows_of
from gripe.store.references import repoint, to

# What a person must agree to lose when deleting a company: these need --cascade.
CASCADE_TABLES = ("cases", "calls", "promises", "letters", "evidence", "claims")


class Merged(NamedTuple):
    source: Company
    before: Company  # the company merged into, as it was
    after: Company
    moved: dict[str, int]  # table → rows that now belong to ``after``
    reps_joined: int  # reps of the same name that became one


def _fill(
    conn: sqlite3.Connection, table: str, into: int, source: int, columns: list[str]
) -> None:
    """Fill the empty details of row ``into`` from row ``source``."""
    assignments = ", ".join(
        f"{column} = coalesce({column}, (SELECT {column} FROM {table} WHERE id = :source))"
        for column in columns
    )
    conn.execute(
        f"UPDATE {table} SET {assignments} WHERE id = :into", {"into": into, "source": source}
    )


def merge_companies(
    conn: sqlite3.Connection, source: Company, into: Company, now: datetime
) -> Merged:
    if source.id == into.id:
        raise InvalidState(f"{source.name} (#{source.id}) is the same company; name two")
    moved = dependents(conn, source.id)
    joined = 0
    # Reps first: one of the same name at both companies becomes the one at ``into``.
    for rep_id, key in conn.execute(
        "SELECT id, name_key FROM reps WHERE company_id = ? ORDER BY id", (source.id,)
    ).fetchall():
        namesake = conn.execute(
            "SELECT id FROM reps WHERE company_id = ? AND name_key = ? ORDER BY id DESC LIMIT 1",
            (into.id, key),
        ).fetchone()
        if namesake is None:
            conn.execute("UPDATE reps SET company_id = ? WHERE id = ?", (into.id, rep_id))
        else:
            _join_reps(conn, rep_id, namesake[0])
            joined += 1
    repoint(conn, "companies", source.id, into.id, frozenset({"reps"}))
    _fill(conn, "companies", into.id, source.id, list(companies.DETAIL_FIELDS))
    conn.execute("DELETE FROM companies WHERE id = ?", (source.id,))
    return Merged(source, into, companies.get_by_id(conn, into.id), moved, joined)


def _join_reps(conn: sqlite3.Connection, source: int, into: int) -> None:
    """Make rep ``source`` one with rep ``into``: everything it was on is on ``into``, and the
    gaps in ``into``'s details are filled from it."""
    repoint(conn, "reps", source, into)
    _fill(conn, "reps", into, source, ["employee_id", "role"])
    conn.execute("DELETE FROM reps WHERE id = ?", (source,))


class RepsMerged(NamedTuple):
    source: Rep
    before: Rep
    after: Rep
    moved: dict[str, int]


def merge_reps(
    conn: sqlite3.Connection, source_id: int, into_id: int, now: datetime
) -> RepsMerged:
    source, into = reps.get(conn, source_id, now), reps.get(conn, into_id, now)
    if source.id == into.id:
        raise InvalidState(f"rep #{source.id} is the same rep; name two")
    if source.company_id != into.company_id:
        raise InvalidState(
            f"{source.name} (#{source.id}) is at {source.company} and {into.name} (#{into.id}) "
            f"at {into.company}; reps of different companies are merged with their companies: "
            f"gripe company merge {source.company_id} {into.company_id}"
        )
    moved = repoint(conn, "reps", source.id, into.id)
    _fill(conn, "reps", into.id, source.id, ["employee_id", "role"])
    conn.execute("DELETE FROM reps WHERE id = ?", (source.id,))
    return RepsMerged(source, into, reps.get(conn, into.id, now), moved)


# ---- deleting a company ----------------------------------------------------------------------


def _mark_doomed(conn: sqlite3.Connection, table: str, row_id: int) -> list[str]:
    """Fill ``temp.doomed`` with the rows that go when row ``row_id`` of ``table`` is deleted:
    it, and the rows that must refer to a row that goes (NOT NULL), transitively. Returns the
    tables with rows in it, the row's own table first."""
    conn.execute("DROP TABLE IF EXISTS temp.doomed")
    conn.execute(
        "CREATE TEMP TABLE doomed (tbl TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (tbl, id))"
    )
    conn.execute("INSERT INTO temp.doomed VALUES (?, ?)", (table, row_id))
    tables = [table]
    grown = True
    while grown:
        grown = False
        for parent in list(tables):
            for ref in to(conn, parent):
                if not ref.required:
                    continue
                cursor = conn.execute(
                    f'INSERT OR IGNORE INTO temp.doomed SELECT ?, rowid FROM "{ref.table}" '
                    f'WHERE "{ref.column}" IN (SELECT id FROM temp.doomed WHERE tbl = ?)',
                    (ref.table, parent),
                )
                if cursor.rowcount > 0:
                    grown = True
                    if ref.table not in tables:
                        tables.append(ref.table)
    return tables


def dependents(conn: sqlite3.Connection, company_id: int) -> dict[str, int]:
    """How many rows of each table go with a company, by table (the company itself left out)."""
    tables = _mark_doomed(conn, "companies", company_id)
    counts = dict(
        conn.execute("SELECT tbl, count(*) FROM temp.doomed WHERE tbl <> 'companies' GROUP BY tbl")
    )
    conn.execute("DROP TABLE temp.doomed")
    return {table: int(counts[table]) for table in tables if table in counts}


def counted(counts: dict[str, int]) -> str:
    """ "2 cases, 5 calls, 3 promises"."""
    return ", ".join(rows_of(table, number) for table, number in counts.items())


def delete_company(conn: sqlite3.Connection, company: Company, cascade: bool) -> dict[str, int]:
    """Delete a company; its cases (and their calls, promises, letters and evidence) go too,
    and only with ``cascade``. Its reps go with it. Returns what went, by table."""
    counts = dependents(conn, company.id)
    if not cascade and any(counts.get(table) for table in CASCADE_TABLES):
        raise InvalidState(
            f"{company.name} (#{company.id}) has {counted(counts)}; delete them with it: "
            f"gripe company delete {company.id} --cascade (or keep them under another company: "
            f"gripe company merge {company.id} OTHER)"
        )
    tables = _mark_doomed(conn, "companies", company.id)
    conn.execute("PRAGMA defer_foreign_keys = ON")  # rows refer both ways; all go at once
    for table in tables:
        doomed = f"SELECT id FROM temp.doomed WHERE tbl = '{table}'"
        # A link to a row that goes, from a row that stays (a promise moved from a deleted
        # one), is cut.
        for ref in to(conn, table):
            if not ref.required:
                conn.execute(
                    f'UPDATE "{ref.table}" SET "{ref.column}" = NULL '
                    f'WHERE "{ref.column}" IN ({doomed}) AND rowid NOT IN '
                    f"(SELECT id FROM temp.doomed WHERE tbl = '{ref.table}')"
                )
    for table in reversed(tables):
        conn.execute(
            f'DELETE FROM "{table}" WHERE rowid IN (SELECT id FROM temp.doomed WHERE tbl = ?)',
            (table,),
        )
    conn.execute("DROP TABLE temp.doomed")
    return counts
