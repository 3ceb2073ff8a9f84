"""Logging a call: the one write behind ``gripe log``.

Which case a call belongs to: the one named by ``--case``; else the company's one open case;
else a new case titled from the summary; several open cases are a question only the person can
answer, so they are named in the error rather than guessed between.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from gripe import clock
from gripe.errors import BadInput, InvalidState
from gripe.model import (
    Call,
    Case,
    Channel,
    Company,
    Direction,
    Letter,
    Promise,
    Rep,
    Role,
    check_minutes,
    title_from_summary,
)
from gripe.plural import counted
from gripe.store import cases, naming, promises, reps, rows
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
    reply_to: int | None = None  # the id of the person's letter this contact answers

    def __post_init__(self) -> None:
        check_minutes(self.duration_minutes, "a duration")
        check_minutes(self.hold_minutes, "a hold")


@dataclass(frozen=True)
class Logged:
    call: Call
    case: Case
    company: Company
    company_created: bool
    case_created: bool
    promise: Promise | None = None
    company_note: str | None = None  # the company said back, or added (with any close names)
    answered: Letter | None = None  # the letter this contact answered (``--reply-to``)


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
        f"{company.name} has {counted(len(open_cases), 'open case')} ({named}); "
        f"say which with --case {open_cases[0].id}"
    )


def log(conn: sqlite3.Connection, request: CallRequest, now: datetime) -> Logged:
    zone = now.tzinfo or timezone.utc
    summary = request.summary.strip()
    if not summary:
        raise BadInput('the summary is empty; say what happened, like "Outage again, no ETA"')
    if request.at > now:
        raise BadInput(
            '--at is in the future; give the time the call happened, like "2 hours ago"'
        )
    ensured = naming.ensure(conn, request.company, now)
    company, company_created = ensured.named.company, ensured.created
    if request.reply_to is not None and request.case_id is None:
        # An answer to a letter belongs on the letter's case.
        from dataclasses import replace

        from gripe.store import letters

        request = replace(request, case_id=letters.get(conn, request.reply_to).case_id)
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
    answered = _answer(conn, request.reply_to, call, zone) if request.reply_to else None
    return Logged(
        call=call,
        case=case,
        company=company,
        company_created=company_created,
        case_created=case_created,
        promise=promise,
        company_note=ensured.note(),
        answered=answered,
    )


def _answer(conn: sqlite3.Connection, letter_id: int, call: Call, zone: tzinfo) -> Letter:
    """Settle the person's letter ``letter_id`` with this call, which must be on its case."""
    from gripe.store import letters

    letter = letters.get(conn, letter_id)
    if letter.case_id != call.case_id:
        raise InvalidState(
            f"letter #{letter_id} is on case #{letter.case_id}, not case #{call.case_id}; "
            f"log their answer on that case: --case {letter.case_id}"
        )
    return letters.replied(conn, letter_id, call.at, zone)[1]


def get(conn: sqlite3.Connection, call_id: int) -> Call:
    row = conn.execute(
        f"SELECT {rows.CALL_COLUMNS} FROM calls {rows.CALL_JOINS} WHERE calls.id = ?", (call_id,)
    ).fetchone()
    if row is None:
        from gripe.errors import NotFound

        raise NotFound(f"there is no call #{call_id}; see: gripe case show CASE")
    return rows.call(row)


# ---- corrections ----------------------------------------------------------------------------

# The columns `edit` may set from what the person typed (the rep is chosen apart).
EDITABLE = (
    "summary",
    "at",
    "channel",
    "direction",
    "duration_minutes",
    "hold_minutes",
    "reference",
)


class RepChoice(NamedTuple):
    """The rep a correction names for a call or a promise: ``name`` "" means no rep."""

    name: str | None = None
    employee_id: str | None = None
    role: Role | None = None


class Edited(NamedTuple):
    before: Call
    after: Call
    promise: Promise | None = None  # a promise added to the call by the correction
    stale: tuple[
        Promise, ...
    ] = ()  # promises on the call whose deadline was read from the old time


def rep_id_for(
    conn: sqlite3.Connection,
    company_id: int,
    current: Rep | None,
    choice: RepChoice,
    now: datetime,
) -> int | None:
    """The rep id a correction leaves on a call or promise."""
    if choice.name == "":
        if choice.employee_id or choice.role:
            raise BadInput('--rep "" takes the rep away; give no --rep-id or --role with it')
        return None
    if choice.name or choice.employee_id:
        return reps.ensure(conn, company_id, choice.name, choice.employee_id, choice.role, now).id
    if choice.role is not None:
        if current is None:
            raise BadInput("there is no rep to give a role to; name one with --rep NAME")
        return reps.ensure(
            conn, company_id, current.name, current.employee_id, choice.role, now
        ).id
    return current.id if current else None


def edit(
    conn: sqlite3.Connection,
    call_id: int,
    values: dict[str, object],
    rep: RepChoice | None,
    now: datetime,
    promise_text: str | None = None,
    promise_by: str | None = None,
    date_order: str | None = None,
) -> Edited:
    """Correct a logged call: ``values`` maps `EDITABLE` columns to their new values (None
    clears), ``rep`` names its rep. A new time re-reads nothing else: the deadlines of promises
    made on the call stay as they were read; those that would read otherwise from the new time
    are returned as ``stale``, to say so."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a call: {sorted(unknown)}")
    before = get(conn, call_id)
    columns = dict(values)
    if "summary" in columns:
        summary = str(columns["summary"] or "").strip()
        if not summary:
            raise BadInput('the summary is empty; say what happened, like "Outage again, no ETA"')
        columns["summary"] = summary
    if "reference" in columns:
        columns["reference"] = str(columns["reference"] or "").strip() or None
    if "at" in columns:
        at = columns["at"]
        assert isinstance(at, datetime)
        if at > now:
            raise BadInput('--at is in the future; give the time it happened, like "2 hours ago"')
        columns["at"] = clock.to_storage(at)
    for column in ("channel", "direction"):
        if column in columns:
            columns[column] = getattr(columns[column], "value", columns[column])
    if rep is not None:
        company_id = cases.get(conn, before.case_id).company_id
        columns["rep_id"] = rep_id_for(conn, company_id, before.rep, rep, now)
    if columns:
        assignments = ", ".join(f"{column} = ?" for column in columns)
        conn.execute(f"UPDATE calls SET {assignments} WHERE id = ?", (*columns.values(), call_id))
    after = get(conn, call_id)
    added = None
    if promise_text is not None:
        from gripe import dates

        deadline = None
        if promise_by is not None:
            # Read in the person's zone, from when the call happened.
            deadline = dates.parse_deadline(
                promise_by, after.at.astimezone(now.tzinfo), date_order
            )
        added = promises.add(
            conn, after.case_id, promise_text, deadline, after.at, after.id,
            after.rep.id if after.rep else None,
        )  # fmt: skip
    stale: tuple[Promise, ...] = ()
    if after.at != before.at:
        made_on = [
            p for p in promises.made_on_call(conn, call_id) if p.id != getattr(added, "id", 0)
        ]
        stale = tuple(p for p in made_on if _reads_otherwise(p, after.at, now, date_order))
    return Edited(before, after, added, stale)


def _reads_otherwise(
    promise: Promise, at: datetime, now: datetime, date_order: str | None
) -> bool:
    """Whether a promise's deadline, as it was said, reads as another time from ``at``."""
    from gripe import dates
    from gripe.errors import GripeError

    if promise.due is None or promise.due_text is None:
        return False
    try:
        again = dates.parse_deadline(promise.due_text, at.astimezone(now.tzinfo), date_order)
    except GripeError:
        return True
    return again.due != promise.due


def dependents(conn: sqlite3.Connection, call_id: int) -> list[Promise]:
    """The promises made on a call: they go with it when it is deleted or moved."""
    return promises.made_on_call(conn, call_id)


def delete(conn: sqlite3.Connection, call_id: int, cascade: bool) -> tuple[Call, list[Promise]]:
    """Delete a call; the promises made on it go too, and only with ``cascade``."""
    call = get(conn, call_id)
    made = dependents(conn, call_id)
    if made and not cascade:
        listed = ", ".join(f'#{promise.id} "{promise.text}"' for promise in made[:5])
        count = counted(len(made), "promise")
        raise InvalidState(
            f"call #{call_id} has {count} made on it ({listed}); delete them with it: "
            f"gripe call delete {call_id} --cascade"
        )
    promises.delete(conn, [promise.id for promise in made])
    conn.execute("DELETE FROM calls WHERE id = ?", (call_id,))
    return call, made


def move(
    conn: sqlite3.Connection, call_id: int, case_id: int, now: datetime
) -> tuple[Call, Call, list[Promise]]:
    """Move a call, and the promises made on it, to another case. On a case with another
    company, the call's rep becomes that company's rep of the same name (added if new)."""
    before = get(conn, call_id)
    target = cases.get(conn, case_id)
    if target.id == before.case_id:
        raise InvalidState(f"call #{call_id} is already on case #{case_id}")
    made = dependents(conn, call_id)
    old_case = cases.get(conn, before.case_id)
    rehomed: dict[int, int | None] = {}
    if target.company_id != old_case.company_id:
        rep_ids = {before.rep.id if before.rep else None} | {
            promise.rep.id if promise.rep else None for promise in made
        }
        rehomed = {
            rep_id: reps.rehome(conn, rep_id, target.company_id, now)
            for rep_id in rep_ids
            if rep_id is not None
        }
    rep_id = before.rep.id if before.rep else None
    conn.execute(
        "UPDATE calls SET case_id = ?, rep_id = ? WHERE id = ?",
        (target.id, rehomed.get(rep_id, rep_id) if rep_id else None, call_id),
    )
    for promise in made:
        promise_rep = promise.rep.id if promise.rep else None
        conn.execute(
            "UPDATE promises SET case_id = ?, rep_id = ? WHERE id = ?",
            (
                target.id,
                rehomed.get(promise_rep, promise_rep) if promise_rep else None,
                promise.id,
            ),
        )
    reps.drop_unused(conn, [rep for rep in rehomed if rehomed[rep] != rep])
    return before, get(conn, call_id), [promises.get(conn, promise.id) for promise in made]
