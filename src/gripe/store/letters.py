"""The person's letters: kept on a case's timeline, how and when each went, and the reply each
one waits for.

A letter's reply deadline is the letter's own (``reply_due``), never a promise of the company's:
it is counted and worded apart from promises everywhere. It is set when the letter is recorded
(the date the letter itself asks for a reply by) and moves with the sending: a letter sent later
than it was written gives the company the same number of days from the day it went. A reply
(`replied`, or a call logged with ``--reply-to``) settles it.

Unanswered letters past their reply date are found from the open cases through the partial index
``letters_awaiting_reply`` (only letters still waiting are in it), so `gripe overdue` stays flat
as the log grows; its plan is pinned by a test.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, time, timedelta, tzinfo

from gripe import clock
from gripe.errors import BadInput, InvalidState, NotFound
from gripe.model import Letter, SentVia
from gripe.store import rows
from gripe.store.db import new_uuid

_SELECT = f"SELECT {rows.LETTER_COLUMNS} FROM letters {rows.LETTER_JOINS}"

# Letters on open cases whose reply date has passed with no reply, from the open cases.
_UNANSWERED = (
    "FROM cases INDEXED BY cases_by_status "
    "CROSS JOIN letters INDEXED BY letters_awaiting_reply ON letters.case_id = cases.id "
    "WHERE cases.status = 'open' AND letters.replied_at IS NULL "
    "AND letters.reply_due IS NOT NULL AND letters.reply_due < :now"
)
OVERDUE_SQL = (
    f"WITH page AS (SELECT letters.id, letters.reply_due {_UNANSWERED} "
    "ORDER BY letters.reply_due, letters.id LIMIT :limit) "
    f"SELECT {rows.LETTER_COLUMNS} FROM page JOIN letters ON letters.id = page.id "
    f"{rows.LETTER_JOINS} ORDER BY letters.reply_due, letters.id"
)
OVERDUE_COUNT_SQL = f"SELECT count(*) {_UNANSWERED}"


def reply_deadline(day: datetime, zone: tzinfo, days: int) -> datetime:
    """The end of the day ``days`` after ``day`` (23:59 local), as an instant."""
    end = day.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(end, time(23, 59), tzinfo=zone)


def record(
    conn: sqlite3.Connection,
    case_id: int,
    template: str,
    letter_format: str,
    body: str,
    now: datetime,
    reply_due: datetime | None,
) -> Letter:
    """Keep a letter on its case, waiting for a reply by ``reply_due``."""
    cursor = conn.execute(
        "INSERT INTO letters (uuid, case_id, template, generated_at, format, body, reply_due) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            case_id,
            template,
            clock.to_storage(now),
            letter_format,
            body,
            clock.to_storage(reply_due) if reply_due else None,
        ),
    )
    return get(conn, int(cursor.lastrowid or 0))


def get(conn: sqlite3.Connection, letter_id: int) -> Letter:
    row = conn.execute(_SELECT + " WHERE letters.id = ?", (letter_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no letter #{letter_id}; see: gripe letter list")
    return rows.letter(row)


def body(conn: sqlite3.Connection, letter_id: int) -> str:
    found = conn.execute("SELECT body FROM letters WHERE id = ?", (letter_id,)).fetchone()
    if found is None:
        raise NotFound(f"there is no letter #{letter_id}; see: gripe letter list")
    return str(found[0])


def listing(
    conn: sqlite3.Connection, case_id: int | None = None, limit: int | None = None
) -> list[Letter]:
    """Letters, the newest first (of one case, or of all)."""
    where = " WHERE letters.case_id = ?" if case_id is not None else ""
    sql = _SELECT + where + " ORDER BY letters.generated_at DESC, letters.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [rows.letter(row) for row in conn.execute(sql, () if case_id is None else (case_id,))]


def count(conn: sqlite3.Connection, case_id: int | None = None) -> int:
    if case_id is None:
        return int(conn.execute("SELECT count(*) FROM letters").fetchone()[0])
    found = conn.execute("SELECT count(*) FROM letters WHERE case_id = ?", (case_id,))
    return int(found.fetchone()[0])


def sent(
    conn: sqlite3.Connection,
    letter_id: int,
    at: datetime,
    via: SentVia,
    proof: str | None,
    zone: tzinfo,
) -> tuple[Letter, Letter]:
    """Record how and when a letter went. Sent on a later day than it was written, its reply
    deadline moves to as many days after the sending as the letter gave (never earlier)."""
    before = get(conn, letter_id)
    written_day = before.generated_at.astimezone(zone).date()
    sent_day = at.astimezone(zone).date()
    if sent_day < written_day:
        raise BadInput(
            f"letter #{letter_id} was written on {written_day:%d %b %Y}; it cannot have been "
            "sent before that: give the day it went with --on"
        )
    reply_due = before.reply_due
    if reply_due is not None and sent_day > written_day:
        days = (reply_due.astimezone(zone).date() - written_day).days
        reply_due = max(reply_due, reply_deadline(at, zone, days))
    cleaned = " ".join((proof or "").split()) or None
    conn.execute(
        "UPDATE letters SET sent_at = ?, sent_via = ?, proof = coalesce(?, proof), "
        "reply_due = ? WHERE id = ?",
        (
            clock.to_storage(at),
            via.value,
            cleaned,
            clock.to_storage(reply_due) if reply_due else None,
            letter_id,
        ),
    )
    return before, get(conn, letter_id)


def replied(
    conn: sqlite3.Connection, letter_id: int, at: datetime, zone: tzinfo
) -> tuple[Letter, Letter]:
    """The company answered the letter at ``at``: its reply deadline is settled."""
    before = get(conn, letter_id)
    if before.replied_at is not None:
        raise InvalidState(
            f"letter #{letter_id} was already answered on "
            f"{before.replied_at.astimezone(zone):%d %b %Y}; "
            "to correct that: gripe undo (if it was the last command)"
        )
    written_day = before.generated_at.astimezone(zone).date()
    if at.astimezone(zone).date() < written_day:
        raise BadInput(
            f"letter #{letter_id} was written on {written_day:%d %b %Y}; a reply cannot come "
            "before it: give the day it came"
        )
    conn.execute(
        "UPDATE letters SET replied_at = ? WHERE id = ?", (clock.to_storage(at), letter_id)
    )
    return before, get(conn, letter_id)


def overdue(conn: sqlite3.Connection, now: datetime, limit: int | None = None) -> list[Letter]:
    """Letters on open cases still unanswered after their reply date, the most overdue first."""
    parameters = {"now": clock.to_storage(now), "limit": -1 if limit is None else limit}
    return [rows.letter(row) for row in conn.execute(OVERDUE_SQL, parameters)]


def waiting(conn: sqlite3.Connection) -> list[Letter]:
    """Letters on open cases still waiting for a reply (past their date or not), the soonest
    reply date first: the calendar's events."""
    found = conn.execute(
        f"SELECT {rows.LETTER_COLUMNS} FROM cases INDEXED BY cases_by_status "
        "CROSS JOIN letters INDEXED BY letters_awaiting_reply ON letters.case_id = cases.id "
        "JOIN companies ON companies.id = cases.company_id "
        "WHERE cases.status = 'open' AND letters.replied_at IS NULL "
        "AND letters.reply_due IS NOT NULL ORDER BY letters.reply_due, letters.id"
    )
    return [rows.letter(row) for row in found]


def count_overdue(conn: sqlite3.Connection, now: datetime) -> int:
    found = conn.execute(OVERDUE_COUNT_SQL, {"now": clock.to_storage(now)}).fetchone()
    return int(found[0])
