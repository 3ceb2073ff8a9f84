"""Writing the log (or one case) out: the JSON export, every column of every table, and the CSV
for a spreadsheet, one row per call. Both are produced in pieces as the rows are read, so that
an export of any size is written without being held."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, tzinfo
from typing import Any

from gripe import clock
from gripe.model import PromiseStatus
from gripe.store import cases
from gripe.store.transfer import progress as reporting
from gripe.store.transfer.spec import FORMAT, TABLES, VERSION, Table

BATCH = 2_000  # rows fetched, and written, at a time


def _select(table: Table, case_id: int | None) -> tuple[str, str]:
    """The rows of ``table`` as they go in the file, and the query counting them."""
    refs = [
        f"(SELECT uuid FROM {ref.table} WHERE id = t.{ref.local}) AS {ref.column}"
        for ref in table.refs
    ]
    columns = ["t.id", "t.uuid", *refs, *(f"t.{name}" for name, _ in table.columns)]
    where = table.case_rows if case_id is not None else "1"
    return (
        f"SELECT {', '.join(columns)} FROM {table.name} t WHERE {where} ORDER BY t.id",
        f"SELECT count(*) FROM {table.name} t WHERE {where}",
    )


def _check_case(conn: sqlite3.Connection, case_id: int | None) -> None:
    if case_id is not None:
        cases.get(conn, case_id)  # NotFound, in words, for a case that is not there


def _count(conn: sqlite3.Connection, queries: list[str], case_id: int | None) -> int:
    return sum(int(conn.execute(sql, {"case": case_id}).fetchone()[0]) for sql in queries)


def export_json(
    conn: sqlite3.Connection,
    now: datetime,
    case_id: int | None = None,
    progress: reporting.Progress | None = None,
) -> Iterator[str]:
    """The export as text, in pieces: every table, or ``case_id`` and what it needs; one row a
    line, so that the file diffs well and reads back a row at a time.

    Run it inside one read transaction (`gripe.store.reading`) for a consistent snapshot.
    """
    progress = progress or reporting.Quiet()
    _check_case(conn, case_id)
    queries = [(table, *_select(table, case_id)) for table in TABLES]
    reporting.begin_if_big(
        progress, "Exporting", rows=_count(conn, [count for _, _, count in queries], case_id)
    )
    encode = json.JSONEncoder(ensure_ascii=False).encode
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
    }
    yield encode(header)[:-1] + ', "tables": {'
    for number, (table, sql, _) in enumerate(queries):
        yield ("," if number else "") + f"\n{encode(table.name)}: ["
        keys = ("id", *table.file_columns)
        cursor = conn.cursor()
        cursor.row_factory = None
        cursor.execute(sql, {"case": case_id})
        separator = "\n"
        while batch := cursor.fetchmany(BATCH):
            yield separator + ",\n".join(
                encode(dict(zip(keys, row, strict=True))) for row in batch
            )
            separator = ",\n"
            progress.advance(len(batch))
        yield "\n]"
    yield "\n}}\n"


CSV_COLUMNS = (
    "case_id",
    "case_title",
    "case_status",
    "case_level",
    "company",
    "call_id",
    "at",
    "channel",
    "direction",
    "rep_name",
    "rep_badge",
    "rep_role",
    "duration_minutes",
    "hold_minutes",
    "reference",
    "summary",
    "promise_text",
    "promise_due",
    "promise_status",
)
PROMISE_SEPARATOR = " | "

_CSV_CALLS = """
    SELECT cases.id, cases.title, cases.status, cases.level, companies.name, calls.id, calls.at,
        calls.channel, calls.direction, reps.name, reps.employee_id, reps.role,
        calls.duration_minutes, calls.hold_minutes, calls.reference, calls.summary
    FROM calls JOIN cases ON cases.id = calls.case_id
    JOIN companies ON companies.id = cases.company_id
    LEFT JOIN reps ON reps.id = calls.rep_id
"""
# The promises made on calls, in call order: read beside the calls, a call's at a time.
_CSV_PROMISES = (
    "SELECT call_id, text, due, date_only, status FROM promises WHERE call_id IS NOT NULL"
)


def export_csv(
    conn: sqlite3.Connection,
    now: datetime,
    zone: tzinfo,
    case_id: int | None = None,
    progress: reporting.Progress | None = None,
) -> Iterator[str]:
    """One row per call with its case, company, rep and the promises made on it, for a
    spreadsheet: local times as ``2026-07-28 14:03``, a day-only deadline as its date, and a
    pending promise past its deadline as ``broken (overdue)``."""
    progress = progress or reporting.Quiet()
    _check_case(conn, case_id)
    where = " WHERE calls.case_id = :case" if case_id is not None else ""
    reporting.begin_if_big(
        progress, "Exporting", rows=_count(conn, ["SELECT count(*) FROM calls" + where], case_id)
    )
    stamp = clock.to_storage(now)

    def local(text: str | None, date_only: bool = False) -> str | None:
        if text is None:
            return None
        moment = clock.from_storage(text).astimezone(zone)
        return moment.strftime("%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M")

    promise_where = " AND case_id = :case" if case_id is not None else ""
    promise_rows = conn.execute(
        _CSV_PROMISES + promise_where + " ORDER BY call_id, due, id", {"case": case_id}
    )
    pending = next(promise_rows, None)

    def made_on(call_id: int) -> list[tuple[str, str | None, str]]:
        """The promises of call ``call_id``: the promise rows are read in step with the calls."""
        nonlocal pending
        found = []
        while pending is not None and pending[0] <= call_id:
            owner, text, due, date_only, status = pending
            if owner == call_id:
                if status == PromiseStatus.PENDING.value and due is not None and due < stamp:
                    status = "broken (overdue)"
                found.append((text, local(due, bool(date_only)), status))
            pending = next(promise_rows, None)
        return found

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(_CSV_CALLS + where + " ORDER BY calls.id", {"case": case_id})
    while batch := cursor.fetchmany(BATCH):
        for row in batch:
            promises = made_on(row[5])
            cells = (
                *row[:6],
                local(row[6]),
                *row[7:],
                *(
                    PROMISE_SEPARATOR.join(str(part[index] or "") for part in promises)
                    for index in range(3)
                ),
            )
            writer.writerow([_inert_cell(cell) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        progress.advance(len(batch))
    yield buffer.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows rather than runs: a leading ' makes it text, as OWASP
    advises; gripe's JSON export keeps the text exact."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
