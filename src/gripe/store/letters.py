"""Letters kept on a case's timeline, and the reply each one asks for."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from gripe import clock
from gripe.dates import Deadline
from gripe.model import Letter, Promise
from gripe.store import promises, rows
from gripe.store.db import new_uuid


def record(
    conn: sqlite3.Connection,
    case_id: int,
    template: str,
    letter_format: str,
    body: str,
    now: datetime,
    response_due: datetime,
    sent_on: str,
) -> tuple[Letter, Promise]:
    """Keep the letter on the case, with a pending promise of a reply by its deadline.

    The promise makes silence visible: when the deadline passes unanswered, the reply shows up
    in ``gripe overdue`` like any other broken promise.
    """
    cursor = conn.execute(
        "INSERT INTO letters (uuid, case_id, template, generated_at, format, body, response_due) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            case_id,
            template,
            clock.to_storage(now),
            letter_format,
            body,
            clock.to_storage(response_due),
        ),
    )
    letter = get(conn, int(cursor.lastrowid or 0))
    reply = promises.add(
        conn,
        case_id,
        f"Reply to my letter of {sent_on}",
        Deadline(
            text=f"the reply date in my letter of {sent_on}", due=response_due, date_only=True
        ),
        now,
    )
    return letter, reply


def get(conn: sqlite3.Connection, letter_id: int) -> Letter:
    row = conn.execute("SELECT * FROM letters WHERE id = ?", (letter_id,)).fetchone()
    return rows.letter(row)


def body(conn: sqlite3.Connection, letter_id: int) -> str:
    return str(conn.execute("SELECT body FROM letters WHERE id = ?", (letter_id,)).fetchone()[0])
