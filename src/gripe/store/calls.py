"""Logging a call: the one write behind ``gripe log``.

Which case a call belongs to: the one named by ``--case``; else the company's one open case;
else a new case titled from the summary; several open cases are a question only the person can
answer, so they are named in the error rather than guessed between.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from gripe import clock
from gripe.errors import BadInput, InvalidState
from gripe.model import Call, Case, Channel, Company, Direction, Promise, Role, title_from_summary
from gripe.store import cases, companies, promises, reps, rows
from gripe.store.db import new_uuid

if TYPE_CHECKING:
    from gripe.dates import Deadline


@dataclass(frozen=True)
class CallRequest:
    """What the person typed about one interaction."""

    company: str
    summary: str
    at: datetime
    case_id: int | None = None
    rep_name: str | None = None
    rep_employee_id: str | None = None
    rep_role: Role | None = None
    channel: Channel = Channel.PHONE
    direction: Direction = Direction.OUTBOUND
    duration_minutes: int | None = None
    hold_minutes: int | None = None
    reference: str | None = None
    promise_text: str | None = None
    promise_deadline: Deadline | None = None


@dataclass(frozen=True)
class Logged:
    call: Call
    case: Case
    company: Company
    company_created: bool
    case_created: bool
    promise: Promise | None = None


def _choose_case(
    conn: sqlite3.Connection, company: Company, request: CallRequest, now: datetime
) -> tuple[Case, bool]:
    if request.case_id is not None:
        case = cases.get(conn, request.case_id)
        if case.company_id != company.id:
            raise InvalidState(
                f"case #{case.id} is with {case.company}, not {company.name}; "
                f"check the company or the --case number"
            )
        return case, False
    open_cases = cases.open_for(conn, company.id)
    if len(open_cases) == 1:
        return open_cases[0], False
    if not open_cases:
        return cases.open_case(conn, company, title_from_summary(request.summary), now), True
    named = ", ".join(f"#{case.id} {case.title!r}" for case in open_cases)
    raise BadInput(
        f"{company.name} has {len(open_cases)} open cases ({named}); "
        f"say which with --case {open_cases[0].id}"
    )


def log(conn: sqlite3.Connection, request: CallRequest, now: datetime) -> Logged:
    summary = request.summary.strip()
    if not summary:
        raise BadInput('the summary is empty; say what happened, like "Outage again, no ETA"')
    if request.at > now:
        raise BadInput(
            '--at is in the future; give the time the call happened, like "2 hours ago"'
        )
    company, company_created = companies.ensure(conn, request.company, now)
    case, case_created = _choose_case(conn, company, request, request.at)
    rep = None
    if request.rep_name or request.rep_employee_id:
        rep = reps.ensure(
            conn, company.id, request.rep_name, request.rep_employee_id, request.rep_role, now
        )
    cursor = conn.execute(
        "INSERT INTO calls (uuid, case_id, rep_id, at, channel, direction, duration_minutes, "
        "hold_minutes, reference, summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new_uuid(),
            case.id,
            rep.id if rep else None,
            clock.to_storage(request.at),
            request.channel.value,
            request.direction.value,
            request.duration_minutes,
            request.hold_minutes,
            (request.reference or "").strip() or None,
            summary,
            clock.to_storage(now),
        ),
    )
    call = get(conn, int(cursor.lastrowid or 0))
    promise = None
    if request.promise_text is not None:
        promise = promises.add(
            conn,
            case.id,
            request.promise_text,
            request.promise_deadline,
            call.at,
            call.id,
            rep.id if rep else None,
        )
    return Logged(
        call=call,
        case=case,
        company=company,
        company_created=company_created,
        case_created=case_created,
        promise=promise,
    )


def get(conn: sqlite3.Connection, call_id: int) -> Call:
    row = conn.execute(
        f"SELECT {rows.CALL_COLUMNS} FROM calls {rows.CALL_JOINS} WHERE calls.id = ?", (call_id,)
    ).fetchone()
    if row is None:
        from gripe.errors import NotFound

        raise NotFound(f"there is no call #{call_id}; see: gripe case show CASE")
    return rows.call(row)
