"""The facts the rights clocks count from, read from the log; and the dates a person records.

Most events come from the log itself: the first complaint is the first contact logged on the case
(unless ``cases.first_complaint_at`` says otherwise), the first written complaint is the first
email or letter to the company or the first letter recorded as sent, and a billing-error notice
or letter before claim is the billing-dispute or final-notice letter recorded as sent. The rest
are calendar dates the person gives `gripe rights`, kept on the case (YYYY-MM-DD).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, tzinfo

from gripe import clock
from gripe.errors import NotFound
from gripe.rights.facts import CaseFacts

# Event → the column of ``cases`` that keeps its date (a calendar date as YYYY-MM-DD), for the
# events a person records. first-complaint is kept as an instant (cases.first_complaint_at).
DATE_COLUMNS = {
    "statement-date": "statement_date",
    "final-response": "final_response_date",
    "delivered": "delivered_date",
    "ccw-letter": "ccw_letter_date",
    "filed-cfpb": "cfpb_filed_date",
    "filed-fcc": "fcc_filed_date",
    "filed-bbb": "bbb_filed_date",
}
# Letters whose sending is an event, by template.
LETTER_EVENTS = {"billing-dispute": "sent-billing-dispute", "final-notice": "sent-final-notice"}

_FACTS_SQL = f"""
    SELECT cases.id, companies.id AS company_id, companies.name AS company, companies.sector,
        cases.first_complaint_at, {", ".join(f"cases.{c}" for c in DATE_COLUMNS.values())},
        (SELECT min(calls.at) FROM calls WHERE calls.case_id = cases.id) AS first_contact,
        (SELECT min(calls.at) FROM calls WHERE calls.case_id = cases.id
            AND calls.direction = 'outbound' AND calls.channel IN ('email', 'letter'))
            AS first_written_call,
        (SELECT min(letters.sent_at) FROM letters WHERE letters.case_id = cases.id)
            AS first_letter_sent
    FROM cases JOIN companies ON companies.id = cases.company_id
"""


def _day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def _facts(conn: sqlite3.Connection, row: sqlite3.Row, zone: tzinfo) -> CaseFacts:
    dates: dict[str, date] = {}
    for event, column in DATE_COLUMNS.items():
        if row[column]:
            dates[event] = date.fromisoformat(row[column])
    first = row["first_complaint_at"] or row["first_contact"]
    if first:
        dates["first-complaint"] = _day(clock.from_storage(first), zone)
    written = [text for text in (row["first_written_call"], row["first_letter_sent"]) if text]
    if written:
        dates["first-written-complaint"] = _day(clock.from_storage(min(written)), zone)
    sent = conn.execute(
        "SELECT template, min(sent_at) FROM letters WHERE case_id = ? AND sent_at IS NOT NULL "
        f"AND template IN ({', '.join('?' * len(LETTER_EVENTS))}) GROUP BY template",
        (row["id"], *LETTER_EVENTS),
    )
    for template, sent_at in sent:
        dates[LETTER_EVENTS[template]] = _day(clock.from_storage(sent_at), zone)
    return CaseFacts(
        case_id=row["id"],
        sector=row["sector"],
        dates=dates,
        company=row["company"],
        company_id=row["company_id"],
    )


def facts(conn: sqlite3.Connection, case_id: int, zone: tzinfo) -> CaseFacts:
    row = conn.execute(_FACTS_SQL + " WHERE cases.id = ?", (case_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no case #{case_id}; see: gripe case list")
    return _facts(conn, row, zone)


def facts_of(conn: sqlite3.Connection, case_ids: list[int], zone: tzinfo) -> list[CaseFacts]:
    """The facts of these cases whose company has a sector (the dashboard's clocks), in order."""
    if not case_ids:
        return []
    marks = ", ".join("?" * len(case_ids))
    found = conn.execute(
        _FACTS_SQL + f" WHERE cases.id IN ({marks}) AND companies.sector IS NOT NULL "
        "ORDER BY cases.id",
        case_ids,
    )
    return [_facts(conn, row, zone) for row in found.fetchall()]


def record(
    conn: sqlite3.Connection,
    case_id: int,
    days: dict[str, date | None],
    first_complaint: datetime | None = None,
    clear_first_complaint: bool = False,
) -> None:
    """Keep the dates the person gave (None clears one); the case must exist."""
    if conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
        raise NotFound(f"there is no case #{case_id}; see: gripe case list")
    values: dict[str, str | None] = {
        DATE_COLUMNS[event]: day.isoformat() if day else None for event, day in days.items()
    }
    if first_complaint is not None or clear_first_complaint:
        values["first_complaint_at"] = (
            clock.to_storage(first_complaint) if first_complaint else None
        )
    if values:
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(f"UPDATE cases SET {assignments} WHERE id = ?", (*values.values(), case_id))
