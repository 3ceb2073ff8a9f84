"""Reps: the people at a company, recognised again by name or badge id."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime

from gripe import clock
from gripe.errors import NotFound
from gripe.model import Rep, Role, clean_name, name_key
from gripe.store import rows
from gripe.store.db import new_uuid

# A rep's record comes from `rep_records` (schema m014), kept by triggers; a promise still
# pending past its date is broken by the clock, so those are counted at read time through the
# (rep_id, status, due) index: a rep's own few promises, never the log's.
_OVERDUE_OF_REP = (
    "(SELECT count(*) FROM promises INDEXED BY promises_by_rep_status_due "
    "WHERE promises.rep_id = record.rep_id AND promises.status = 'pending' "
    "AND promises.due < :now)"
)
REP_SQL = f"""
    SELECT {rows.REP_COLUMNS}, record.calls AS rep_calls, record.kept AS rep_kept,
        record.broken + {_OVERDUE_OF_REP} AS rep_broken, record.undated AS rep_undated,
        companies.name AS company
    FROM reps JOIN rep_records AS record ON record.rep_id = reps.id
    JOIN companies ON companies.id = reps.company_id
"""
_ORDER = "rep_broken DESC, rep_calls DESC, reps.name COLLATE NOCASE, reps.id"
# The reps in the order of the most they can have broken (marked broken, and pending with a
# date: broken once it passes) and then of calls, each with what it has broken now; `listing`
# reads this until no later rep can still come into its page (a pinned plan: no sorting).
WORST_FIRST_SQL = f"""
    SELECT record.rep_id, record.broken + record.pending_dated AS most, record.calls,
        record.broken + {_OVERDUE_OF_REP} AS broken
    FROM rep_records AS record INDEXED BY rep_records_by_worst
    ORDER BY record.broken + record.pending_dated DESC, record.calls DESC
"""


def _get(conn: sqlite3.Connection, rep_id: int, now: datetime) -> Rep:
    row = conn.execute(
        REP_SQL + " WHERE reps.id = :rep", {"now": clock.to_storage(now), "rep": rep_id}
    ).fetchone()
    found = rows.rep(row, row["company"], 0)
    assert found is not None
    return found


def _one(
    conn: sqlite3.Connection, condition: str, parameters: tuple[object, ...]
) -> sqlite3.Row | None:
    """The company's most recently added rep matching ``condition``."""
    found: sqlite3.Row | None = conn.execute(
        f"SELECT id, name, name_key, role FROM reps WHERE company_id = ? AND {condition} "
        "ORDER BY id DESC LIMIT 1",
        parameters,
    ).fetchone()
    return found


def ensure(
    conn: sqlite3.Connection,
    company_id: int,
    name: str | None,
    employee_id: str | None,
    role: Role | None,
    now: datetime,
) -> Rep:
    """The rep a call names, created when new.

    A badge id identifies a rep; without one, the most recently created rep of that name at the
    company is taken to be the same person. A role, a badge id or a name learned later is filled
    in on the rep already known.
    """
    employee_id = employee_id.strip() or None if employee_id else None
    placeholder = f"Rep {employee_id}"  # the name of a rep known only by badge
    cleaned = clean_name(name, "rep name") if name else placeholder
    key = name_key(cleaned)
    found = None
    if employee_id:
        found = _one(conn, "employee_id = ?", (company_id, employee_id))
        if found is not None and name and found["name_key"] != key:
            if found["name"] == placeholder:
                conn.execute(
                    "UPDATE reps SET name = ?, name_key = ? WHERE id = ?",
                    (cleaned, key, found["id"]),
                )
            else:
                found = None  # same badge, another name: a different person (or a reused badge)
        if found is None and name:
            # The badge learned later for a rep first logged by name alone.
            found = _one(conn, "name_key = ? AND employee_id IS NULL", (company_id, key))
            if found is not None:
                conn.execute(
                    "UPDATE reps SET employee_id = ? WHERE id = ?", (employee_id, found["id"])
                )
    else:
        found = _one(conn, "name_key = ?", (company_id, key))
    if found is None:
        cursor = conn.execute(
            "INSERT INTO reps (uuid, company_id, name, name_key, employee_id, role, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                new_uuid(),
                company_id,
                cleaned,
                key,
                employee_id,
                role.value if role else None,
                clock.to_storage(now),
            ),
        )
        return _get(conn, int(cursor.lastrowid or 0), now)
    if role is not None:
        conn.execute("UPDATE reps SET role = ? WHERE id = ?", (role.value, found["id"]))
    return _get(conn, found["id"], now)


def listing(
    conn: sqlite3.Connection,
    now: datetime,
    company_id: int | None = None,
    limit: int | None = None,
) -> Iterator[Rep]:
    """Reps with their record, the ones with the most broken promises first (then the most
    calls, then by name), read as they are needed.

    A page of the whole log's reps is found without counting every rep's record: the reps are
    read in the order of the most each can have broken, and reading stops once that is below
    what the page's last rep has broken (see `WORST_FIRST_SQL`)."""
    parameters: dict[str, object] = {"now": clock.to_storage(now)}
    if company_id is None and limit is not None:
        ids = _worst_page(conn, parameters, limit)
        sql = REP_SQL + f" WHERE reps.id IN ({', '.join(map(str, ids)) or 'NULL'})"
    else:
        sql = REP_SQL
        if company_id is not None:
            sql += " WHERE reps.company_id = :company"
            parameters["company"] = company_id
    sql += f" ORDER BY {_ORDER} LIMIT {-1 if limit is None else int(limit)}"
    cursor = conn.execute(sql, parameters)
    return (found for row in cursor if (found := rows.rep(row, row["company"], 0)) is not None)


def _worst_page(conn: sqlite3.Connection, parameters: dict[str, object], limit: int) -> list[int]:
    """The ids of the first ``limit`` reps in `listing`'s order, and any that tie with the last
    of them (the final order, by name, is the query's)."""
    from bisect import insort

    best: list[tuple[int, int, int]] = []  # (-broken, -calls, rep id): the page so far, in order
    for rep_id, most, calls, broken in conn.execute(WORST_FIRST_SQL, parameters):
        if len(best) >= limit:
            last = (-best[limit - 1][0], -best[limit - 1][1])
            # Later reps can have broken no more than ``most``, and those with the same ``most``
            # have no more calls than this one: none of them can come before the page's last.
            if (most, calls) < last:
                break
        insort(best, (-broken, -calls, rep_id))
    if len(best) > limit:
        last_key = best[limit - 1][:2]
        best = [
            entry for number, entry in enumerate(best) if number < limit or entry[:2] == last_key
        ]
    return [rep_id for _, _, rep_id in best]


def count(conn: sqlite3.Connection, company_id: int | None = None) -> int:
    if company_id is None:
        return int(conn.execute("SELECT count(*) FROM reps").fetchone()[0])
    return int(
        conn.execute("SELECT count(*) FROM reps WHERE company_id = ?", (company_id,)).fetchone()[0]
    )


def get(conn: sqlite3.Connection, rep_id: int, now: datetime) -> Rep:
    if conn.execute("SELECT 1 FROM reps WHERE id = ?", (rep_id,)).fetchone() is None:
        raise NotFound(f"there is no rep #{rep_id}; see: gripe rep list")
    return _get(conn, rep_id, now)


def rehome(conn: sqlite3.Connection, rep_id: int, company_id: int, now: datetime) -> int:
    """The rep of company ``company_id`` who is rep ``rep_id`` of another company (the same
    name and badge), added when new: for a call or case moved between companies."""
    row = conn.execute(
        "SELECT company_id, name, employee_id, role FROM reps WHERE id = ?", (rep_id,)
    ).fetchone()
    if row["company_id"] == company_id:
        return rep_id
    role = Role(row["role"]) if row["role"] else None
    return ensure(conn, company_id, row["name"], row["employee_id"], role, now).id


def drop_unused(conn: sqlite3.Connection, rep_ids: list[int]) -> list[int]:
    """Delete those of these reps that nothing refers to any more (after a move or a merge)."""
    from gripe.store import references

    dropped = [rep_id for rep_id in rep_ids if not references.in_use(conn, "reps", rep_id)]
    for rep_id in dropped:
        conn.execute("DELETE FROM reps WHERE id = ?", (rep_id,))
    return dropped


def edit(
    conn: sqlite3.Connection,
    rep_id: int,
    name: str | None,
    employee_id: str | None,
    role: Role | str | None,
    now: datetime,
) -> tuple[Rep, Rep]:
    """Correct a rep's name, badge id or role ("" clears the badge or the role)."""
    before = get(conn, rep_id, now)
    values: dict[str, object] = {}
    if name is not None:
        cleaned = clean_name(name, "rep name")
        values.update(name=cleaned, name_key=name_key(cleaned))
    if employee_id is not None:
        values["employee_id"] = employee_id.strip() or None
    if role is not None:
        values["role"] = role.value if isinstance(role, Role) else None
    if values:
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(f"UPDATE reps SET {assignments} WHERE id = ?", (*values.values(), rep_id))
    return before, get(conn, rep_id, now)


def namesakes(conn: sqlite3.Connection, rep: Rep) -> list[int]:
    """Other reps of the same company with the same name: candidates for ``rep merge``."""
    return [
        other
        for (other,) in conn.execute(
            "SELECT id FROM reps WHERE company_id = ? AND name_key = ? AND id <> ? ORDER BY id",
            (rep.company_id, name_key(rep.name), rep.id),
        )
    ]
