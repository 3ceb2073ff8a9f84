"""Cases: one complaint against one company, and the timeline of everything on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime

from gripe import clock
from gripe.errors import BadInput, InvalidState, NotFound
from gripe.model import (
    Case,
    CaseStatus,
    CaseSummary,
    Company,
    Letter,
    Level,
    Promise,
    Timeline,
)
from gripe.store import companies, rows
from gripe.store.db import new_uuid

_CASE_FROM = "FROM cases JOIN companies ON companies.id = cases.company_id"


def get(conn: sqlite3.Connection, case_id: int) -> Case:
    row = conn.execute(
        f"SELECT {rows.CASE_COLUMNS} {_CASE_FROM} WHERE cases.id = ?", (case_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"there is no case #{case_id}; see: gripe case list")
    return rows.case(row)


def open_for(conn: sqlite3.Connection, company_id: int) -> list[Case]:
    found = conn.execute(
        f"SELECT {rows.CASE_COLUMNS} {_CASE_FROM} "
        "WHERE cases.company_id = ? AND cases.status = 'open' ORDER BY cases.id",
        (company_id,),
    )
    return [rows.case(row) for row in found]


def open_case(
    conn: sqlite3.Connection,
    company: Company,
    title: str,
    now: datetime,
    desired_outcome: str | None = None,
    amount: tuple[int, str | None] | None = None,
) -> Case:
    amount_cents, currency = amount if amount else (None, None)
    cursor = conn.execute(
        "INSERT INTO cases (uuid, company_id, title, desired_outcome, amount_cents, currency, "
        "status, level, opened_at) VALUES (?, ?, ?, ?, ?, ?, 'open', 'frontline', ?)",
        (
            new_uuid(),
            company.id,
            title,
            desired_outcome,
            amount_cents,
            currency,
            clock.to_storage(now),
        ),
    )
    return get(conn, int(cursor.lastrowid or 0))


def close(
    conn: sqlite3.Connection, case_id: int, outcome: CaseStatus, note: str | None, now: datetime
) -> Case:
    case = get(conn, case_id)
    if case.status is not CaseStatus.OPEN:
        raise InvalidState(f"case #{case_id} is already {case.status.value}")
    if outcome is CaseStatus.OPEN:
        raise InvalidState("a case is closed as resolved or abandoned")
    conn.execute(
        "UPDATE cases SET status = ?, closed_at = ?, resolution_note = ? WHERE id = ?",
        (outcome.value, clock.to_storage(now), note, case_id),
    )
    return get(conn, case_id)


def summaries_sql(statuses: list[CaseStatus], by_company: bool) -> str:
    """The query behind `summaries`, with its page chosen from `case_activity` (schema m014),
    whose plan a test pins: one status in activity order from its (status, last_active) index;
    several from the (last_active) index, the others skipped; one company's cases from its own."""
    placeholders = ", ".join(f":status{number}" for number in range(len(statuses)))
    if by_company:
        source = (
            "cases INDEXED BY cases_by_company JOIN case_activity AS activity "
            "ON activity.case_id = cases.id WHERE cases.company_id = :company AND "
            f"cases.status IN ({placeholders})"
        )
    elif len(statuses) == 1:
        source = (
            "case_activity AS activity INDEXED BY case_activity_by_status "
            "WHERE activity.status = :status0"
        )
    else:
        source = (
            "case_activity AS activity INDEXED BY case_activity_by_time "
            f"WHERE activity.status IN ({placeholders})"
        )
    return f"""
        WITH page AS (
            SELECT activity.case_id AS id, activity.last_active, activity.last_contact,
                activity.calls, activity.hold_minutes
            FROM {source}
            ORDER BY activity.last_active DESC, activity.case_id DESC
            LIMIT :limit
        )
        SELECT {rows.CASE_COLUMNS}, page.last_contact, page.calls, page.hold_minutes AS hold,
            (SELECT count(*) FROM promises WHERE promises.case_id = cases.id
                AND (promises.status = 'broken'
                     OR (promises.status = 'pending' AND promises.due < :now))
                AND NOT EXISTS (SELECT 1 FROM promises AS later
                    WHERE later.rescheduled_from = promises.id)) AS broken,
            (SELECT min(promises.due) FROM promises WHERE promises.case_id = cases.id
                AND promises.status = 'pending' AND promises.due >= :now) AS next_due,
            (SELECT count(*) FROM promises WHERE promises.case_id = cases.id
                AND promises.status = 'pending' AND promises.due IS NULL) AS undated,
            (SELECT group_concat(template, char(10)) FROM (SELECT DISTINCT letters.template
                FROM letters WHERE letters.case_id = cases.id)) AS written,
            (SELECT letters.id FROM letters WHERE letters.case_id = cases.id
                ORDER BY letters.generated_at DESC, letters.id DESC LIMIT 1) AS latest_letter
        FROM page JOIN cases ON cases.id = page.id
        JOIN companies ON companies.id = cases.company_id
        ORDER BY page.last_active DESC, page.id DESC
    """


def summaries(
    conn: sqlite3.Connection,
    statuses: list[CaseStatus],
    now: datetime,
    company_id: int | None = None,
    limit: int | None = None,
) -> Iterator[CaseSummary]:
    """Cases with their call totals, promise state and letters, most recently active first,
    read as they are needed.

    The page is chosen from the cases' activity summary in activity order, and the promise
    state is computed for that page only: the dashboard shows a few of perhaps thousands. The
    latest letter of each is looked up a batch of rows at a time."""
    parameters: dict[str, object] = {
        f"status{number}": status.value for number, status in enumerate(statuses)
    }
    parameters.update(now=clock.to_storage(now), limit=-1 if limit is None else limit)
    if company_id is not None:
        parameters["company"] = company_id
    cursor = conn.execute(summaries_sql(statuses, company_id is not None), parameters)
    while found := cursor.fetchmany(_BATCH):
        latest = _letters_by_id(
            conn, [row["latest_letter"] for row in found if row["latest_letter"]]
        )
        yield from (
            CaseSummary(
                case=rows.case(row),
                calls=row["calls"],
                hold_minutes=row["hold"],
                last_contact=rows.maybe_time(row["last_contact"]),
                broken_promises=row["broken"],
                next_due=rows.maybe_time(row["next_due"]),
                undated_promises=row["undated"],
                written=frozenset(row["written"].split("\n")) if row["written"] else frozenset(),
                latest_letter=latest.get(row["latest_letter"]),
            )
            for row in found
        )


_BATCH = 500  # summaries read at a time


def _letters_by_id(conn: sqlite3.Connection, letter_ids: list[int]) -> dict[int, Letter]:
    if not letter_ids:
        return {}
    marks = ", ".join("?" * len(letter_ids))
    found = conn.execute(
        f"SELECT {rows.LETTER_COLUMNS} FROM letters {rows.LETTER_JOINS} "
        f"WHERE letters.id IN ({marks})",
        letter_ids,
    )
    return {row["id"]: rows.letter(row) for row in found}


def count(
    conn: sqlite3.Connection, statuses: list[CaseStatus], company_id: int | None = None
) -> int:
    placeholders = ", ".join("?" * len(statuses))
    sql = f"SELECT count(*) FROM cases WHERE status IN ({placeholders})"
    parameters: list[object] = [status.value for status in statuses]
    if company_id is not None:
        sql += " AND company_id = ?"
        parameters.append(company_id)
    return int(conn.execute(sql, parameters).fetchone()[0])


def set_level(conn: sqlite3.Connection, case_id: int, level: Level) -> Case:
    conn.execute("UPDATE cases SET level = ? WHERE id = ?", (level.value, case_id))
    return get(conn, case_id)


# A case's timeline, each part from its (case_id, …) index: a pinned plan.
TIMELINE_CALLS_SQL = (
    f"SELECT {rows.CALL_COLUMNS} FROM calls {rows.CALL_JOINS} "
    "WHERE calls.case_id = ? ORDER BY calls.at, calls.id"
)
TIMELINE_PROMISES_SQL = (
    f"SELECT {rows.PROMISE_COLUMNS} FROM promises {rows.PROMISE_JOINS} "
    "WHERE promises.case_id = ? ORDER BY promises.due, promises.id"
)
TIMELINE_LETTERS_SQL = (
    f"SELECT {rows.LETTER_COLUMNS} FROM letters {rows.LETTER_JOINS} "
    "WHERE letters.case_id = ? ORDER BY letters.generated_at, letters.id"
)
TIMELINE_EVIDENCE_SQL = (
    f"SELECT {rows.EVIDENCE_COLUMNS} FROM evidence WHERE case_id = ? ORDER BY added_at, id"
)
TIMELINE_CLAIMS_SQL = f"SELECT {rows.CLAIM_COLUMNS} FROM claims WHERE case_id = ? ORDER BY id"


def timeline(conn: sqlite3.Connection, case_id: int) -> Timeline:
    case = get(conn, case_id)
    return Timeline(
        case=case,
        company=companies.get_by_id(conn, case.company_id),
        calls=[rows.call(row) for row in conn.execute(TIMELINE_CALLS_SQL, (case_id,))],
        promises=[rows.promise(row) for row in conn.execute(TIMELINE_PROMISES_SQL, (case_id,))],
        letters=[rows.letter(row) for row in conn.execute(TIMELINE_LETTERS_SQL, (case_id,))],
        evidence=tuple(
            rows.evidence(row) for row in conn.execute(TIMELINE_EVIDENCE_SQL, (case_id,))
        ),
        claims=tuple(rows.claim(row) for row in conn.execute(TIMELINE_CLAIMS_SQL, (case_id,))),
    )


# ---- corrections ----------------------------------------------------------------------------

# The details of a case a person can correct (``company_id`` moves it, with its reps).
EDITABLE = ("title", "desired_outcome", "amount_cents", "currency", "statement_date")


def pending_promises(conn: sqlite3.Connection, case_id: int) -> list[Promise]:
    """A case's pending promises: still watched when the case is closed."""
    return [
        rows.promise(row)
        for row in conn.execute(
            f"SELECT {rows.PROMISE_COLUMNS} FROM promises {rows.PROMISE_JOINS} "
            "WHERE promises.case_id = ? AND promises.status = 'pending' "
            "ORDER BY promises.due IS NULL, promises.due, promises.id",
            (case_id,),
        )
    ]


def edit(
    conn: sqlite3.Connection,
    case_id: int,
    values: dict[str, object],
    now: datetime,
    company: Company | None = None,
) -> tuple[Case, Case]:
    """Correct a case's details (``values``: `EDITABLE` columns, None clears) or its company.

    A case moved to another company takes its calls, promises, letters and evidence with it;
    the reps on it become the new company's reps of the same name (added when new), and a rep
    left with nothing at the old company is deleted.
    """
    from gripe.store import reps

    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable on a case: {sorted(unknown)}")
    before = get(conn, case_id)
    columns = dict(values)
    if "title" in columns:
        title = " ".join(str(columns["title"] or "").split())
        if not title:
            raise BadInput('the title is empty; say what the complaint is about, like "Outage"')
        columns["title"] = title
    if company is not None and company.id != before.company_id:
        columns["company_id"] = company.id
        old_reps = [
            rep_id
            for (rep_id,) in conn.execute(
                "SELECT rep_id FROM calls WHERE case_id = ? AND rep_id IS NOT NULL UNION "
                "SELECT rep_id FROM promises WHERE case_id = ? AND rep_id IS NOT NULL",
                (case_id, case_id),
            )
        ]
        for rep_id in old_reps:
            new_rep = reps.rehome(conn, rep_id, company.id, now)
            for table in ("calls", "promises"):
                conn.execute(
                    f"UPDATE {table} SET rep_id = ? WHERE case_id = ? AND rep_id = ?",
                    (new_rep, case_id, rep_id),
                )
        conn.execute("UPDATE cases SET company_id = ? WHERE id = ?", (company.id, case_id))
        del columns["company_id"]
        reps.drop_unused(conn, old_reps)
    if columns:
        assignments = ", ".join(f"{column} = ?" for column in columns)
        conn.execute(f"UPDATE cases SET {assignments} WHERE id = ?", (*columns.values(), case_id))
    return before, get(conn, case_id)


def reopen(conn: sqlite3.Connection, case_id: int) -> tuple[Case, Case]:
    """Open a closed case again; how it ended is cleared with its closing time."""
    before = get(conn, case_id)
    if before.status is CaseStatus.OPEN:
        raise InvalidState(f"case #{case_id} is already open")
    conn.execute(
        "UPDATE cases SET status = 'open', closed_at = NULL, resolution_note = NULL WHERE id = ?",
        (case_id,),
    )
    return before, get(conn, case_id)
