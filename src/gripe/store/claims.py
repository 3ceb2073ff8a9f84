"""The sums a case is about: charges the person disputes and losses they claim."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from gripe import clock
from gripe.errors import BadInput, NotFound
from gripe.model import Claim
from gripe.store import cases, rows
from gripe.store.db import new_uuid


def add(
    conn: sqlite3.Connection,
    case_id: int,
    what: str,
    amount: tuple[int, str | None],
    on_date: date | None,
    now: datetime,
) -> Claim:
    """A claim on a case; its currency is the case's when the amount was typed without one."""
    case = cases.get(conn, case_id)
    cleaned = " ".join(what.split())
    if not cleaned:
        raise BadInput('say what the sum is for, like "Late fee on the June statement"')
    cents, currency = amount
    cursor = conn.execute(
        "INSERT INTO claims (uuid, case_id, what, amount_cents, currency, on_date, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            case.id,
            cleaned,
            cents,
            currency or case.currency,
            on_date.isoformat() if on_date else None,
            clock.to_storage(now),
        ),
    )
    return get(conn, int(cursor.lastrowid or 0))


def get(conn: sqlite3.Connection, claim_id: int) -> Claim:
    row = conn.execute(
        f"SELECT {rows.CLAIM_COLUMNS} FROM claims WHERE id = ?", (claim_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"there is no claim #{claim_id}; see its case: gripe case show CASE")
    return rows.claim(row)


def remove(conn: sqlite3.Connection, claim_id: int) -> Claim:
    gone = get(conn, claim_id)
    conn.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
    return gone
