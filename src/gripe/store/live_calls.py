"""The call in progress, kept in the one row of ``live_calls`` and saved as it changes.

Every change is written at once (in its own short transaction), so a crash, a closed terminal
or Ctrl-C loses nothing; ``gripe call resume`` reads it back. Each save bumps ``version`` and
only lands when the row is still the version it was read at: the live screen and a
``gripe call answered`` in another terminal never overwrite each other's changes unseen.

The table is transient: it is neither exported nor journaled for undo. Ending the call logs it
through `gripe.store.calls.log`, the function behind ``gripe log``, and deletes the row in the
same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from gripe import clock
from gripe.errors import InvalidState
from gripe.live import LiveCall, LivePromise, new_segments
from gripe.model import CaseStatus, CaseSummary, Company, PhoneNumber, Promise, Role, clean_name
from gripe.store import calls, cases, companies, promises
from gripe.store.db import new_uuid

if TYPE_CHECKING:
    from gripe.dates import Deadline
    from gripe.store.calls import CallRequest, Logged

_COLUMNS = (
    "uuid, company_id, company, case_id, started_at, segments, rep_name, rep_employee_id, "
    "rep_role, reference, promises, notes, editing, version"
)
NONE_IN_PROGRESS = "no call is in progress; start one: gripe call start COMPANY"


def _live(row: sqlite3.Row) -> LiveCall:
    editing = json.loads(row["editing"]) if row["editing"] else None
    return LiveCall(
        uuid=row["uuid"],
        company_id=row["company_id"],
        company=row["company"],
        case_id=row["case_id"],
        started_at=clock.from_storage(row["started_at"]),
        segments=tuple(
            (state, clock.from_storage(moment)) for state, moment in json.loads(row["segments"])
        ),
        rep_name=row["rep_name"],
        rep_employee_id=row["rep_employee_id"],
        rep_role=Role(row["rep_role"]) if row["rep_role"] else None,
        reference=row["reference"],
        promises=tuple(LivePromise(p["text"], p["by"]) for p in json.loads(row["promises"])),
        notes=row["notes"],
        editing=(editing["field"], editing["text"]) if editing else None,
        version=row["version"],
    )


def _values(live: LiveCall) -> tuple[object, ...]:
    return (
        live.uuid,
        live.company_id,
        live.company,
        live.case_id,
        clock.to_storage(live.started_at),
        json.dumps([[state, clock.to_storage(moment)] for state, moment in live.segments]),
        live.rep_name,
        live.rep_employee_id,
        live.rep_role.value if live.rep_role else None,
        live.reference,
        json.dumps([{"text": p.text, "by": p.by} for p in live.promises], ensure_ascii=False),
        live.notes,
        json.dumps({"field": live.editing[0], "text": live.editing[1]}, ensure_ascii=False)
        if live.editing
        else None,
        live.version,
    )


def current(conn: sqlite3.Connection) -> LiveCall | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM live_calls WHERE id = 1").fetchone()
    return _live(row) if row else None


def get(conn: sqlite3.Connection) -> LiveCall:
    live = current(conn)
    if live is None:
        raise InvalidState(NONE_IN_PROGRESS)
    return live


def version(conn: sqlite3.Connection) -> int | None:
    """The saved version of the call in progress (None: there is none), read cheaply."""
    row = conn.execute("SELECT version FROM live_calls WHERE id = 1").fetchone()
    return int(row[0]) if row else None


def start(
    conn: sqlite3.Connection, company_text: str, case_id: int | None, now: datetime
) -> tuple[LiveCall, Company | None]:
    """Start the clock on a call to ``company_text`` (a company in the log, or a new name)."""
    running = current(conn)
    if running is not None:
        raise InvalidState(
            f"a call to {running.company} is already in progress (since "
            f"{running.started_at.astimezone(now.tzinfo):%H:%M}); go back to it: gripe call "
            'resume, log it: gripe call end "what happened", or drop it: gripe call cancel'
        )
    company = companies.find(conn, company_text)
    if case_id is not None:
        check_case(conn, company.id if company else None, company_text, case_id)
    live = LiveCall(
        uuid=new_uuid(),
        company_id=company.id if company else None,
        company=company.name if company else clean_name(company_text),
        started_at=clock.from_storage(clock.to_storage(now)),
        segments=new_segments(clock.from_storage(clock.to_storage(now))),
        case_id=case_id,
    )
    conn.execute(
        f"INSERT INTO live_calls (id, {_COLUMNS}, updated_at) VALUES (1, {', '.join('?' * 15)})",
        (*_values(live), clock.to_storage(now)),
    )
    return live, company


def check_case(
    conn: sqlite3.Connection, company_id: int | None, company: str, case_id: int
) -> None:
    """Refuse a case that is not the company's (gripe log would refuse it at the end)."""
    case = cases.get(conn, case_id)
    if case.company_id != company_id:
        raise InvalidState(
            f"case #{case.id} is with {case.company}, not {company.strip()}; "
            "check the company or the case number"
        )


def save(conn: sqlite3.Connection, live: LiveCall, now: datetime) -> LiveCall:
    """Write the call as it now is; refused when it changed elsewhere since it was read."""
    saved = live._replace(version=live.version + 1)
    assignments = ", ".join(f"{column} = ?" for column in _COLUMNS.split(", "))
    cursor = conn.execute(
        f"UPDATE live_calls SET {assignments}, updated_at = ? WHERE id = 1 AND version = ?",
        (*_values(saved), clock.to_storage(now), live.version),
    )
    if cursor.rowcount != 1:
        if current(conn) is None:
            raise InvalidState("the call is no longer in progress: it was ended or cancelled")
        raise InvalidState("the call was changed in another window; look again and retry")
    return saved


def cancel(conn: sqlite3.Connection) -> LiveCall:
    live = get(conn)
    conn.execute("DELETE FROM live_calls WHERE id = 1")
    return live


def company_reference(conn: sqlite3.Connection, live: LiveCall) -> str:
    """How `calls.log` should name the company: its id while it exists (a rename mid-call
    changes nothing), else the name (a company new to the log is added then)."""
    if live.company_id is not None:
        row = conn.execute("SELECT 1 FROM companies WHERE id = ?", (live.company_id,)).fetchone()
        if row:
            return f"#{live.company_id}"
    return live.company


class Ended(NamedTuple):
    logged: Logged
    more_promises: list[Promise]


def finish(
    conn: sqlite3.Connection,
    live: LiveCall,
    request: CallRequest,
    more_promises: list[tuple[str, Deadline | None]],
    now: datetime,
) -> Ended:
    """Log the call exactly as ``gripe log`` would, add its other promises, and end it."""
    if version(conn) != live.version:
        raise InvalidState("the call was changed in another window; look again and retry")
    logged = calls.log(conn, request, now)
    rep_id = logged.call.rep.id if logged.call.rep else None
    added = [
        promises.add(conn, logged.case.id, text, deadline, logged.call.at, logged.call.id, rep_id)
        for text, deadline in more_promises
    ]
    conn.execute("DELETE FROM live_calls WHERE id = 1")
    return Ended(logged, added)


class CallContext(NamedTuple):
    """What the live screen shows beside the clock: the company's ways in, its open cases and
    the promises on them."""

    company: Company | None
    phones: list[PhoneNumber]
    open_cases: list[CaseSummary]
    promises: list[Promise]  # on the open cases: broken ones, and pending ones


def context(conn: sqlite3.Connection, live: LiveCall, now: datetime) -> CallContext:
    company = None
    if live.company_id is not None:
        row = conn.execute("SELECT 1 FROM companies WHERE id = ?", (live.company_id,)).fetchone()
        company = companies.get_by_id(conn, live.company_id) if row else None
    if company is None:
        return CallContext(None, [], [], [])
    open_cases = list(cases.summaries(conn, [CaseStatus.OPEN], now, company.id))
    shown = [
        promise
        for summary in open_cases
        for promise in promises.listing(conn, now, summary.case.id, "any")
        if promise.is_broken(now) or promise.status.value == "pending"
    ]
    return CallContext(company, companies.phones(conn, company.id), open_cases, shown)
