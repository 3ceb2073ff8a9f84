"""Turning rows into model objects, and ids typed by people into integers."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from functools import lru_cache

from gripe.clock import from_storage
from gripe.errors import BadInput
from gripe.model import (
    Call,
    Case,
    CaseStatus,
    Channel,
    Claim,
    Company,
    Direction,
    Evidence,
    Letter,
    Level,
    Promise,
    PromiseStatus,
    Rep,
    Role,
    Sector,
    SentVia,
)

MAX_ID = 2**63 - 1  # SQLite's largest integer


def as_id(text: str) -> int | None:
    """``12`` or ``#12`` → 12; None for anything that cannot be an id (too big, not digits)."""
    digits = text.strip().removeprefix("#")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 19:
        return None
    number = int(digits)
    return number if number <= MAX_ID else None


def parse_id(text: str | int, what: str) -> int:
    """``12`` or ``#12`` → 12; anything else is refused with what to type instead."""
    if isinstance(text, int):
        return text
    number = as_id(text)
    if number is None:
        digits = text.strip().removeprefix("#")
        why = "too big to be" if digits.isascii() and digits.isdigit() else "not"
        raise BadInput(
            f"{text!r} is {why} a {what} id; type its number, like 12 (see: gripe {what} list)"
        )
    return number


def maybe_time(text: str | None) -> datetime | None:
    return from_storage(text) if text else None


COMPANY_COLUMNS = (
    "companies.id, companies.uuid, companies.name, companies.account_number, "
    "(SELECT number FROM company_phones WHERE company_phones.company_id = companies.id "
    "ORDER BY company_phones.id LIMIT 1) AS phone, "
    "companies.email, companies.postal_address, companies.website, companies.customer_since, "
    "companies.notes, companies.sector, companies.hours, companies.complaints_email, "
    "companies.exec_email"
)


def company(row: sqlite3.Row) -> Company:
    return Company(
        id=row["id"],
        uuid=row["uuid"],
        name=row["name"],
        account_number=row["account_number"],
        phone=row["phone"],
        email=row["email"],
        postal_address=row["postal_address"],
        website=row["website"],
        customer_since=row["customer_since"],
        notes=row["notes"],
        sector=Sector(row["sector"]) if row["sector"] else None,
        hours=row["hours"],
        complaints_email=row["complaints_email"],
        exec_email=row["exec_email"],
    )


CASE_COLUMNS = (
    "cases.id, cases.uuid, cases.company_id, companies.name AS company, cases.title, "
    "cases.status, cases.level, cases.opened_at, cases.desired_outcome, cases.amount_cents, "
    "cases.currency, cases.closed_at, cases.resolution_note, cases.statement_date, "
    "cases.first_complaint_at"
)


def case(row: sqlite3.Row) -> Case:
    return Case(
        id=row["id"],
        uuid=row["uuid"],
        company_id=row["company_id"],
        company=row["company"],
        title=row["title"],
        status=CaseStatus(row["status"]),
        level=Level(row["level"]),
        opened_at=from_storage(row["opened_at"]),
        desired_outcome=row["desired_outcome"],
        amount_cents=row["amount_cents"],
        currency=row["currency"],
        closed_at=maybe_time(row["closed_at"]),
        resolution_note=row["resolution_note"],
        statement_date=date.fromisoformat(row["statement_date"])
        if row["statement_date"]
        else None,
        first_complaint_at=maybe_time(row["first_complaint_at"]),
    )


# Rep columns are aliased so that a call or promise row can carry its rep beside it.
REP_COLUMNS = (
    "reps.id AS rep_id, reps.uuid AS rep_uuid, reps.company_id AS rep_company_id, "
    "reps.name AS rep_name, reps.employee_id AS rep_employee_id, reps.role AS rep_role"
)


@lru_cache(maxsize=1024)
def _rep_of(
    rep_id: int,
    uuid: str,
    company_id: int,
    name: str,
    employee_id: str | None,
    role: str | None,
    company_name: str,
) -> Rep:
    return Rep(
        id=rep_id,
        uuid=uuid,
        company_id=company_id,
        company=company_name,
        name=name,
        employee_id=employee_id,
        role=Role(role) if role else None,
    )


def rep(row: sqlite3.Row, company_name: str, at: int | None = None) -> Rep | None:
    """The rep whose `REP_COLUMNS` start at column ``at`` (found by name when None), with the
    record columns after them (calls, kept, broken, undated) when the query has them."""
    if at is None:
        at = row.keys().index("rep_id")
    if row[at] is None:
        return None
    record = len(row) >= at + 10 and row.keys()[at + 6] == "rep_calls"
    if not record:
        # A listing names the same reps again and again: made once for the same columns.
        return _rep_of(*row[at : at + 6], company_name)
    return Rep(
        id=row[at],
        uuid=row[at + 1],
        company_id=row[at + 2],
        company=company_name,
        name=row[at + 3],
        employee_id=row[at + 4],
        role=Role(row[at + 5]) if row[at + 5] else None,
        calls=row[at + 6] if record else 0,
        kept=row[at + 7] if record else 0,
        broken=row[at + 8] if record else 0,
        undated=row[at + 9] if record else 0,
    )


CALL_COLUMNS = (
    "calls.id, calls.uuid, calls.case_id, companies.name AS company, calls.at, calls.channel, "
    "calls.direction, calls.summary, calls.reference, calls.duration_minutes, "
    "calls.hold_minutes, " + REP_COLUMNS
)
CALL_JOINS = (
    "JOIN cases ON cases.id = calls.case_id "
    "JOIN companies ON companies.id = cases.company_id "
    "LEFT JOIN reps ON reps.id = calls.rep_id"
)


def call(row: sqlite3.Row) -> Call:
    # By position (a name is looked up column by column): `CALL_COLUMNS`' order.
    return Call(
        id=row[0],
        uuid=row[1],
        case_id=row[2],
        company=row[3],
        at=from_storage(row[4]),
        channel=Channel(row[5]),
        direction=Direction(row[6]),
        summary=row[7],
        rep=rep(row, row[3], 11),
        reference=row[8],
        duration_minutes=row[9],
        hold_minutes=row[10],
    )


PROMISE_COLUMNS = (
    "promises.id, promises.uuid, promises.case_id, companies.name AS company, promises.text, "
    "promises.due, promises.due_text, promises.date_only, promises.status, promises.made_at, "
    "promises.call_id, promises.resolved_at, promises.note, promises.rescheduled_from, "
    "calls.at AS call_at, "
    "calls.reference AS call_reference, cases.title AS case_title, "
    "cases.status AS case_status, " + REP_COLUMNS
)
PROMISE_JOINS = (
    "JOIN cases ON cases.id = promises.case_id "
    "JOIN companies ON companies.id = cases.company_id "
    "LEFT JOIN reps ON reps.id = promises.rep_id "
    "LEFT JOIN calls ON calls.id = promises.call_id"
)


def promise(row: sqlite3.Row) -> Promise:
    # By position (a name is looked up column by column): `PROMISE_COLUMNS`' order. A listing
    # makes tens of thousands of these.
    return Promise(
        id=row[0],
        uuid=row[1],
        case_id=row[2],
        company=row[3],
        text=row[4],
        due=from_storage(row[5]) if row[5] else None,
        due_text=row[6],
        date_only=bool(row[7]),
        status=PromiseStatus(row[8]),
        made_at=from_storage(row[9]),
        call_id=row[10],
        rep=rep(row, row[3], 18),
        resolved_at=from_storage(row[11]) if row[11] else None,
        note=row[12],
        call_at=from_storage(row[14]) if row[14] else None,
        call_reference=row[15],
        case_title=row[16],
        rescheduled_from=row[13],
        case_open=row[17] == "open",
    )


LETTER_COLUMNS = (
    "letters.id, letters.uuid, letters.case_id, letters.template, letters.generated_at, "
    "letters.format, letters.reply_due, letters.sent_at, letters.sent_via, letters.proof, "
    "letters.replied_at, companies.name AS company, cases.title AS case_title, "
    "cases.status AS case_status"
)
LETTER_JOINS = (
    "JOIN cases ON cases.id = letters.case_id JOIN companies ON companies.id = cases.company_id"
)


def letter(row: sqlite3.Row) -> Letter:
    return Letter(
        id=row["id"],
        uuid=row["uuid"],
        case_id=row["case_id"],
        template=row["template"],
        generated_at=from_storage(row["generated_at"]),
        format=row["format"],
        reply_due=maybe_time(row["reply_due"]),
        sent_at=maybe_time(row["sent_at"]),
        sent_via=SentVia(row["sent_via"]) if row["sent_via"] in _VIAS else None,
        proof=row["proof"],
        replied_at=maybe_time(row["replied_at"]),
        company=row["company"],
        case_title=row["case_title"],
        case_open=row["case_status"] == "open",
    )


_VIAS = {via.value for via in SentVia}


EVIDENCE_COLUMNS = "id, uuid, case_id, file_name, sha256, size, added_at, note"


def evidence(row: sqlite3.Row) -> Evidence:
    return Evidence(
        id=row["id"],
        uuid=row["uuid"],
        case_id=row["case_id"],
        file_name=row["file_name"],
        sha256=row["sha256"],
        size=row["size"],
        added_at=from_storage(row["added_at"]),
        note=row["note"],
    )


CLAIM_COLUMNS = "id, uuid, case_id, what, amount_cents, currency, on_date, added_at"


def claim(row: sqlite3.Row) -> Claim:
    return Claim(
        id=row["id"],
        uuid=row["uuid"],
        case_id=row["case_id"],
        what=row["what"],
        amount_cents=row["amount_cents"],
        currency=row["currency"],
        on_date=date.fromisoformat(row["on_date"]) if row["on_date"] else None,
        added_at=from_storage(row["added_at"]),
    )
