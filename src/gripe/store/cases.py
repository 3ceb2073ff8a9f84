"""Cases: one complaint against one company, and the timeline of everything on it."""

from __future__ import annotations

import sqlite3
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


def summaries(
    conn: sqlite3.Connection,
    statuses: list[CaseStatus],
    now: datetime,
    company_id: int | None = None,
    limit: int | None = None,
) -> list[CaseSummary]:
    """Cases with their call totals and promise state, most recently active first.

    The page is chosen first (the last contact of each case is one index seek), and the totals
    are computed for that page only: the dashboard shows a few of perhaps thousands of cases.
    """
    placeholders = ", ".join(f":status{number}" for number in range(len(statuses)))
    parameters: dict[str, object] = {
        f"status{number}": status.value for number, status in enumerate(statuses)
    }
    parameters.update(now=clock.to_storage(now), limit=-1 if limit is None else limit)
    company_filter = ""
    if company_id is not None:
        company_filter = "AND cases.company_id = :company"
        parameters["company"] = company_id
    sql = f"""
        WITH page AS (
            SELECT cases.id, cases.opened_at,
                (SELECT max(calls.at) FROM calls WHERE calls.case_id = cases.id) AS last_contact
            FROM cases WHERE cases.status IN ({placeholders}) {company_filter}
            ORDER BY coalesce(last_contact, cases.opened_at) DESC, cases.id DESC
            LIMIT :limit
        )
        SELECT {rows.CASE_COLUMNS}, page.last_contact,
            (SELECT count(*) FROM calls WHERE calls.case_id = cases.id) AS calls,
            (SELECT coalesce(sum(calls.hold_minutes), 0) FROM calls
                WHERE calls.case_id = cases.id) AS hold,
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
        ORDER BY coalesce(page.last_contact, page.opened_at) DESC, cases.id DESC
    """
    found = conn.execute(sql, parameters).fetchall()
    latest = _letters_by_id(conn, [row["latest_letter"] for row in found if row["latest_letter"]])
    return [
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
    ]


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


def count(conn: sqlite3.Connection, statuses: list[CaseStatus]) -> int:
    placeholders = ", ".join("?" * len(statuses))
    found = conn.execute(
        f"SELECT count(*) FROM cases WHERE status IN ({placeholders})",
        [status.value for status in statuses],
    ).fetchone()
    return int(found[0])


def set_level(conn: sqlite3.Connection, case_id: int, level: Level) -> Case:
    conn.execute("UPDATE cases SET level = ? WHERE id = ?", (level.value, case_id))
    return get(conn, case_id)


def timeline(conn: sqlite3.Connection, case_id: int) -> Timeline:
    case = get(conn, case_id)
    calls = [
        rows.call(row)
        for row in conn.execute(
            f"SELECT {rows.CALL_COLUMNS} FROM calls {rows.CALL_JOINS} "
            "WHERE calls.case_id = ? ORDER BY calls.at, calls.id",
            (case_id,),
        )
    ]
    promises = [
        rows.promise(row)
        for row in conn.execute(
            f"SELECT {rows.PROMISE_COLUMNS} FROM promises {rows.PROMISE_JOINS} "
            "WHERE promises.case_id = ? ORDER BY promises.due, promises.id",
            (case_id,),
        )
    ]
    letters = [
        rows.letter(row)
        for row in conn.execute(
            f"SELECT {rows.LETTER_COLUMNS} FROM letters {rows.LETTER_JOINS} "
            "WHERE letters.case_id = ? ORDER BY letters.generated_at, letters.id",
            (case_id,),
        )
    ]
    evidence = conn.execute(
        f"SELECT {rows.EVIDENCE_COLUMNS} FROM evidence WHERE case_id = ? ORDER BY added_at, id",
        (case_id,),
    )
    return Timeline(
        case=case,
        company=companies.get_by_id(conn, case.company_id),
        calls=calls,
        promises=promises,
        letters=letters,
        evidence=tuple(rows.evidence(row) for row in evidence),
        claims=tuple(
            rows.claim(row)
            for row in conn.execute(
                f"SELECT {rows.CLAIM_COLUMNS} FROM claims WHERE case_id = ? ORDER BY id",
                (case_id,),
            )
        ),
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
