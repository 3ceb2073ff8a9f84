"""What programs see: each row of the log as a plain dict for ``--json``, with its ``id`` and
``uuid``, keys in snake_case, times in ISO-8601 with the person's offset, durations in whole
minutes (DESIGN.md, "Command contract")."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from gripe.model import (
    Call,
    Case,
    CaseSummary,
    Company,
    CompanySummary,
    Evidence,
    PhoneNumber,
    Promise,
    Rep,
    format_amount,
)
from gripe.render.text import Json, View

if TYPE_CHECKING:
    from gripe.hours import LinesStatus


def company_json(company: Company) -> Json:
    return {
        "id": company.id,
        "uuid": company.uuid,
        "name": company.name,
        "account_number": company.account_number,
        "phone": company.phone,
        "email": company.email,
        "postal_address": company.postal_address,
        "website": company.website,
        "customer_since": company.customer_since,
        "notes": company.notes,
        "sector": company.sector.value if company.sector else None,
        "hours": company.hours,
        "complaints_email": company.complaints_email,
        "exec_email": company.exec_email,
    }


def company_summary_json(view: View, summary: CompanySummary) -> Json:
    return {
        **company_json(summary.company),
        "open_cases": summary.open_cases,
        "cases": summary.cases,
        "calls": summary.calls,
        "last_contact": view.iso(summary.last_contact),
    }


def lines_status(view: View, company: Company) -> LinesStatus | None:
    """Whether the company's lines are open now by its opening hours (None: none given, or
    hours gripe can no longer read, say from an import)."""
    if not company.hours:
        return None
    from gripe import hours
    from gripe.errors import BadInput

    try:
        return hours.status(hours.parse(company.hours), view.now, view.zone)
    except BadInput:
        return None


def phone_json(phone: PhoneNumber) -> Json:
    return {"id": phone.id, "uuid": phone.uuid, "number": phone.number, "note": phone.note}


def ways_in_json(view: View, company: Company, phones: list[PhoneNumber]) -> Json:
    """A company's phone numbers and whether its lines are open now, beside its details."""
    status = lines_status(view, company)
    return {
        "phones": [phone_json(phone) for phone in phones],
        "lines": {
            "open": status.open,
            "changes_at": view.iso(status.change_at),
            "says": status.phrase,
        }
        if status
        else None,
    }


def rep_json(rep: Rep | None) -> Json | None:
    if rep is None:
        return None
    return {
        "id": rep.id,
        "uuid": rep.uuid,
        "name": rep.name,
        "employee_id": rep.employee_id,
        "role": rep.role.value if rep.role else None,
    }


def rep_record_json(rep: Rep) -> Json:
    return {
        **(rep_json(rep) or {}),
        "company": rep.company,
        "company_id": rep.company_id,
        "calls": rep.calls,
        "kept": rep.kept,
        "broken": rep.broken,
        "undated": rep.undated,
    }


def case_json(view: View, case: Case) -> Json:
    return {
        "id": case.id,
        "uuid": case.uuid,
        "company": case.company,
        "company_id": case.company_id,
        "title": case.title,
        "status": case.status.value,
        "level": case.level.value,
        "opened_at": view.iso(case.opened_at),
        "closed_at": view.iso(case.closed_at),
        "days_open": case.days_open(view.now, view.zone),
        "desired_outcome": case.desired_outcome,
        "amount": (
            format_amount(case.amount_cents, case.currency)
            if case.amount_cents is not None
            else None
        ),
        "amount_cents": case.amount_cents,
        "currency": case.currency,
        "resolution_note": case.resolution_note,
        "statement_date": case.statement_date.isoformat() if case.statement_date else None,
        "first_complaint_at": view.iso(case.first_complaint_at),
    }


def case_summary_json(view: View, summary: CaseSummary) -> Json:
    return {
        **case_json(view, summary.case),
        "calls": summary.calls,
        "hold_minutes": summary.hold_minutes,
        "last_contact": view.iso(summary.last_contact),
    }


def call_json(view: View, call: Call) -> Json:
    return {
        "id": call.id,
        "uuid": call.uuid,
        "case_id": call.case_id,
        "company": call.company,
        "at": view.iso(call.at),
        "channel": call.channel.value,
        "direction": call.direction.value,
        "rep": rep_json(call.rep),
        "summary": call.summary,
        "reference": call.reference,
        "hold_minutes": call.hold_minutes,
        "duration_minutes": call.duration_minutes,
    }


def promise_json(view: View, promise: Promise) -> Json:
    return {
        "id": promise.id,
        "uuid": promise.uuid,
        "case_id": promise.case_id,
        "company": promise.company,
        "text": promise.text,
        "rep": rep_json(promise.rep),
        "call_id": promise.call_id,
        "made_at": view.iso(promise.made_at),
        "due": view.iso(promise.due),
        "due_text": promise.due_text,
        "date_only": promise.date_only,
        "rescheduled_from": promise.rescheduled_from,
        "status": promise.status.value,
        "overdue": promise.is_overdue(view.now),
        "resolved_at": view.iso(promise.resolved_at),
        "note": promise.note,
    }


def evidence_json(view: View, item: Evidence) -> Json:
    return {
        "id": item.id,
        "uuid": item.uuid,
        "case_id": item.case_id,
        "file_name": item.file_name,
        "sha256": item.sha256,
        "size": item.size,
        "added_at": view.iso(item.added_at),
        "note": item.note,
    }


def deadline_json(
    view: View, text: str, due: datetime, date_only: bool, base: datetime, rule: str
) -> Json:
    return {
        "input": text,
        "due": view.iso(due),
        "date_only": date_only,
        "base": view.iso(base),
        "rule": rule,
    }


def overdue_json(view: View, promise: Promise) -> Json:
    """A broken promise in ``overdue --json``: ``kind`` "promise" (a letter's is "letter")."""
    return {
        "kind": "promise",
        **promise_json(view, promise),
        "overdue_minutes": (
            max(0, int((view.now - promise.due).total_seconds() // 60)) if promise.due else 0
        ),
        "case_title": promise.case_title,
        "case_closed": not promise.case_open,
        "call_at": view.iso(promise.call_at),
        "call_reference": promise.call_reference,
    }
