"""Promises: what a company said it would do, by when, and what became of it.

"Broken" has two sources: a person marks a promise broken, or its deadline passes while it is
still pending. The second is derived at read time from the clock, never stored, so a promise
turns broken the minute its deadline passes without anything having to run. The overdue query
is served by the ``(status, due)`` index (pinned by a test), which keeps it flat as the log grows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from gripe import clock
from gripe.errors import BadInput, InvalidState, NotFound
from gripe.model import Promise, PromiseStatus
from gripe.store import rows
from gripe.store.db import new_uuid

if TYPE_CHECKING:
    from gripe.dates import Deadline

_SELECT = f"SELECT {rows.PROMISE_COLUMNS} FROM promises {rows.PROMISE_JOINS}"


def _paged(ids: str, order: str) -> str:
    """The details of a page of promises: ``ids`` chooses the page (``id`` and ``due``, in its
    order), and only its rows are joined to their case, company, rep and call."""
    return (
        f"WITH page AS ({ids}) SELECT {rows.PROMISE_COLUMNS} FROM page "
        f"JOIN promises ON promises.id = page.id {rows.PROMISE_JOINS} ORDER BY {order}"
    )


# What `gripe overdue` lists, in two parts whose plans are pinned by a test, so that neither reads
# closed cases or settled promises however long the log grows:
# - promises marked broken on open cases (not those the company moved to another date: the
#   promise that replaced them carries on), read in deadline order from `open_promises`, the
#   summary of the promises watched on open cases (schema m014);
# - every pending promise past its deadline, on any case (a closed case's promises stay watched,
#   and are marked "case closed"), read in deadline order from the (status, due) index.
# Each part is cut to the page before they are merged; the details are joined for the page only.
_BROKEN_ON_OPEN = (
    "SELECT watched.promise_id AS id, watched.due FROM open_promises AS watched "
    "INDEXED BY open_promises_by_status_due WHERE watched.status = 'broken' AND NOT EXISTS "
    "(SELECT 1 FROM promises AS later WHERE later.rescheduled_from = watched.promise_id)"
)
_PAST_DUE = (
    "SELECT promises.id, promises.due FROM promises INDEXED BY promises_by_status_due "
    "WHERE promises.status = 'pending' AND promises.due < :now"
)
OVERDUE_SQL = _paged(
    "SELECT id, due FROM ("
    f"SELECT * FROM ({_BROKEN_ON_OPEN} ORDER BY due, id LIMIT :limit) "
    f"UNION ALL SELECT * FROM ({_PAST_DUE} ORDER BY promises.due, promises.id LIMIT :limit)"
    ") ORDER BY due, id LIMIT :limit",
    "promises.due, promises.id",
)
OVERDUE_COUNT_SQL = (
    f"SELECT (SELECT count(*) FROM ({_BROKEN_ON_OPEN})) + (SELECT count(*) FROM ({_PAST_DUE}))"
)
# Pending promises with no date on open cases: the dashboard asks the person to get a date.
_OPEN_UNDATED = (
    "FROM open_promises AS watched INDEXED BY open_promises_by_status_due "
    "WHERE watched.status = 'pending' AND watched.due IS NULL"
)
UNDATED_SQL = _paged(
    f"SELECT watched.promise_id AS id, NULL AS due {_OPEN_UNDATED} "
    "ORDER BY watched.promise_id LIMIT :limit",
    "promises.id",
)
UNDATED_COUNT_SQL = f"SELECT count(*) {_OPEN_UNDATED}"
# Pending promises on open cases due from :start to :end, soonest first.
_OPEN_DUE = (
    "FROM open_promises AS watched INDEXED BY open_promises_by_status_due "
    "WHERE watched.status = 'pending' AND watched.due >= :start AND watched.due <= :end"
)
DUE_SQL = _paged(
    f"SELECT watched.promise_id AS id, watched.due {_OPEN_DUE} "
    "ORDER BY watched.due, watched.promise_id LIMIT :limit",
    "promises.due, promises.id",
)
DUE_COUNT_SQL = f"SELECT count(*) {_OPEN_DUE}"


def get(conn: sqlite3.Connection, promise_id: int) -> Promise:
    row = conn.execute(_SELECT + " WHERE promises.id = ?", (promise_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no promise #{promise_id}; see: gripe promise list")
    return rows.promise(row)


def add(
    conn: sqlite3.Connection,
    case_id: int,
    text: str,
    deadline: Deadline | None,
    made_at: datetime,
    call_id: int | None = None,
    rep_id: int | None = None,
) -> Promise:
    """A new pending promise; ``deadline`` None when the company gave no date."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BadInput('the promise is empty; say what they promised, like "Service restored"')
    cursor = conn.execute(
        "INSERT INTO promises (uuid, case_id, call_id, rep_id, text, due, due_text, date_only, "
        "status, made_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
        (
            new_uuid(),
            case_id,
            call_id,
            rep_id,
            cleaned,
            clock.to_storage(deadline.due) if deadline else None,
            deadline.text if deadline else None,
            int(deadline.date_only) if deadline else 0,
            clock.to_storage(made_at),
        ),
    )
    return get(conn, int(cursor.lastrowid or 0))


def record(
    conn: sqlite3.Connection,
    case_id: int,
    text: str,
    deadline: Deadline | None,
    made_at: datetime,
    now: datetime,
    call_id: int | None = None,
    rep_name: str | None = None,
    rep_employee_id: str | None = None,
) -> Promise:
    """A promise added on its own (``gripe promise add``): on a case, maybe tied to a call.

    The rep is the one named, else the rep of the call it was made on.
    """
    from gripe.store import calls, cases, reps

    case = cases.get(conn, case_id)
    rep_id = None
    if call_id is not None:
        call = calls.get(conn, call_id)
        if call.case_id != case.id:
            raise InvalidState(f"call #{call_id} is on case #{call.case_id}, not case #{case.id}")
        rep_id = call.rep.id if call.rep else None
    if rep_name or rep_employee_id:
        rep_id = reps.ensure(conn, case.company_id, rep_name, rep_employee_id, None, now).id
    return add(conn, case.id, text, deadline, made_at, call_id, rep_id)


def resolve(
    conn: sqlite3.Connection,
    promise_id: int,
    status: PromiseStatus,
    now: datetime,
    note: str | None = None,
) -> Promise:
    promise = get(conn, promise_id)
    promise.change_to(status)
    conn.execute(
        "UPDATE promises SET status = ?, resolved_at = ?, note = coalesce(?, note) WHERE id = ?",
        (status.value, clock.to_storage(now), note, promise_id),
    )
    return get(conn, promise_id)


def overdue(
    conn: sqlite3.Connection, now: datetime, limit: int | None = None
) -> Iterator[Promise]:
    """Every broken promise on an open case, and every promise past due on a closed one, the
    most overdue first, read as they are needed."""
    parameters = {"now": clock.to_storage(now), "limit": -1 if limit is None else limit}
    return map(rows.promise, conn.execute(OVERDUE_SQL, parameters))


def count_overdue(conn: sqlite3.Connection, now: datetime) -> int:
    return int(conn.execute(OVERDUE_COUNT_SQL, {"now": clock.to_storage(now)}).fetchone()[0])


def undated(conn: sqlite3.Connection, limit: int | None = None) -> Iterator[Promise]:
    """Pending promises on open cases that came with no date, oldest first."""
    return map(rows.promise, conn.execute(UNDATED_SQL, {"limit": -1 if limit is None else limit}))


def count_undated(conn: sqlite3.Connection) -> int:
    return int(conn.execute(UNDATED_COUNT_SQL).fetchone()[0])


def due_between(
    conn: sqlite3.Connection, start: datetime, end: datetime, limit: int | None = None
) -> Iterator[Promise]:
    """Pending promises on open cases due from ``start`` to ``end``, the soonest first."""
    parameters = {
        "start": clock.to_storage(start),
        "end": clock.to_storage(end),
        "limit": -1 if limit is None else limit,
    }
    return map(rows.promise, conn.execute(DUE_SQL, parameters))


def count_due_between(conn: sqlite3.Connection, start: datetime, end: datetime) -> int:
    parameters = {"start": clock.to_storage(start), "end": clock.to_storage(end)}
    return int(conn.execute(DUE_COUNT_SQL, parameters).fetchone()[0])


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _filter(now: datetime, case_id: int | None, status: str) -> tuple[str, list[object]]:
    """The WHERE clause of a listing; ``status`` is a PromiseStatus value, overdue or any."""
    where: list[str] = []
    parameters: list[object] = []
    if case_id is not None:
        where.append("promises.case_id = ?")
        parameters.append(case_id)
    if status == "overdue":
        where.append("promises.status = 'pending' AND promises.due < ?")
        parameters.append(clock.to_storage(now))
    elif status != "any":
        where.append("promises.status = ?")
        parameters.append(PromiseStatus.parse(status, "promise status").value)
    return (f" WHERE {' AND '.join(where)}" if where else ""), parameters


def listing_sql(case_id: int | None, status: str, limit: int | None) -> str:
    """The query behind `listing` (its plan is pinned by a test): the page is read in deadline
    order from an index, and only its rows are joined to their details. Every promise (no
    ``limit``) is read in that order straight from the index, joined as it goes: a page chosen
    first would be held whole and sorted again."""
    where, _ = _filter(_EPOCH, case_id, status)
    if case_id is not None:
        index = "promises_by_case_status_due"  # one case's promises: a few, sorted
    elif status == "any":
        index = "promises_by_due"
    else:
        index = "promises_by_status_due"
    if limit is None:
        return (
            f"SELECT {rows.PROMISE_COLUMNS} FROM promises INDEXED BY {index} "
            f"{rows.PROMISE_JOINS}{where} ORDER BY promises.due, promises.id"
        )
    ids = (
        f"SELECT promises.id, promises.due FROM promises INDEXED BY {index}{where} "
        f"ORDER BY promises.due, promises.id LIMIT {int(limit)}"
    )
    return _paged(ids, "page.due, page.id")


def listing(
    conn: sqlite3.Connection,
    now: datetime,
    case_id: int | None = None,
    status: str = "any",
    limit: int | None = None,
) -> Iterator[Promise]:
    """Promises, soonest deadline first (those with no date before them), read as they are
    needed, so that a page costs its rows and ``limit`` None streams every promise without
    holding them all."""
    _, parameters = _filter(now, case_id, status)
    return map(rows.promise, conn.execute(listing_sql(case_id, status, limit), parameters))


def count(
    conn: sqlite3.Connection, now: datetime, case_id: int | None = None, status: str = "any"
) -> int:
    where, parameters = _filter(now, case_id, status)
    return int(conn.execute("SELECT count(*) FROM promises" + where, parameters).fetchone()[0])


# ---- corrections ----------------------------------------------------------------------------


def made_on_call(conn: sqlite3.Connection, call_id: int) -> list[Promise]:
    return [
        rows.promise(row)
        for row in conn.execute(
            _SELECT + " WHERE promises.call_id = ? ORDER BY promises.id", (call_id,)
        )
    ]


def delete(conn: sqlite3.Connection, promise_ids: list[int]) -> None:
    """Delete promises; one that was moved from a deleted promise no longer links to it."""
    for promise_id in promise_ids:
        conn.execute(
            "UPDATE promises SET rescheduled_from = NULL WHERE rescheduled_from = ?",
            (promise_id,),
        )
        conn.execute("DELETE FROM promises WHERE id = ?", (promise_id,))


def base_time(promise: Promise) -> datetime:
    """What a promise's deadline is read from: the time of the call it was made on, else the
    time it was made."""
    return promise.call_at or promise.made_at


def edit(
    conn: sqlite3.Connection,
    promise_id: int,
    text: str | None,
    deadline: Deadline | None,
    rep_id: int | bool | None,
) -> tuple[Promise, Promise]:
    """Correct a promise's text, deadline (already read, from `base_time`) or rep (an id, None
    for no rep, False to leave it)."""
    before = get(conn, promise_id)
    values: dict[str, object] = {}
    if text is not None:
        cleaned = " ".join(text.split())
        if not cleaned:
            raise BadInput('the promise is empty; say what they promised, like "Refund"')
        values["text"] = cleaned
    if deadline is not None:
        values.update(
            due=clock.to_storage(deadline.due),
            due_text=deadline.text,
            date_only=int(deadline.date_only),
        )
    if rep_id is not False:
        values["rep_id"] = rep_id
    if values:
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(
            f"UPDATE promises SET {assignments} WHERE id = ?", (*values.values(), promise_id)
        )
    return before, get(conn, promise_id)


def successor(conn: sqlite3.Connection, promise_id: int) -> int | None:
    """The promise that replaced this one when the company moved its date."""
    row = conn.execute(
        "SELECT id FROM promises WHERE rescheduled_from = ? ORDER BY id LIMIT 1", (promise_id,)
    ).fetchone()
    return int(row[0]) if row else None


def reschedule(
    conn: sqlite3.Connection,
    promise_id: int,
    deadline: Deadline,
    made_at: datetime,
    now: datetime,
    call_id: int | None = None,
    rep_id: int | None = None,
) -> tuple[Promise, Promise]:
    """The company moved a promise's date: the old promise ends broken, noted "rescheduled",
    and a new pending one, made at ``made_at`` (on call ``call_id``), links to it."""
    old = get(conn, promise_id)
    later = successor(conn, promise_id)
    if later is not None:
        raise InvalidState(
            f"promise #{promise_id} was already moved, to promise #{later}; "
            f"move that one: gripe promise reschedule {later} --by WHEN"
        )
    if old.status not in (PromiseStatus.PENDING, PromiseStatus.BROKEN):
        raise InvalidState(
            f"promise #{promise_id} is already {old.status.value}; only a pending or broken "
            "promise can be moved to another date"
        )
    conn.execute(
        "UPDATE promises SET status = 'broken', resolved_at = ?, "
        "note = CASE WHEN note IS NULL THEN 'rescheduled' ELSE note || '; rescheduled' END "
        "WHERE id = ?",
        (clock.to_storage(now), promise_id),
    )
    moved = add(
        conn, old.case_id, old.text, deadline, made_at, call_id,
        rep_id if rep_id is not None else (old.rep.id if old.rep else None),
    )  # fmt: skip
    conn.execute("UPDATE promises SET rescheduled_from = ? WHERE id = ?", (promise_id, moved.id))
    return get(conn, promise_id), get(conn, moved.id)


def rep_for(
    conn: sqlite3.Connection,
    promise: Promise,
    name: str | None,
    employee_id: str | None,
    now: datetime,
) -> int | None:
    """The rep a correction names for a promise ("" for no one), at the promise's company."""
    from gripe.store import calls, cases

    company_id = cases.get(conn, promise.case_id).company_id
    return calls.rep_id_for(conn, company_id, promise.rep, calls.RepChoice(name, employee_id), now)
