"""Everything a letter says, computed from the log; templates hold only the prose around it.

Facts are plain dicts and lists of strings, numbers and booleans: what a sandboxed template can
read safely. Dates are written out the way the jurisdiction writes them ("28 July 2026" in the
UK, "July 28, 2026" in the US), the account number is masked to its last four characters unless
the person asks otherwise, and each promise carries its fate (kept, broken, pending, cancelled).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from gripe.facts import promises as promise_fates
from gripe.facts.promises import Fate
from gripe.facts.record import Record
from gripe.model import Level, Promise

Facts = dict[str, Any]

DEFAULT_RESPONSE_DAYS = 14
MISSING = "[{field} — set it with: gripe config set {key} …]"

JURISDICTIONS: dict[str, dict[str, Any]] = {
    "UK": {
        "code": "UK",
        "consumer_law": "the Consumer Rights Act 2015",
        "service_duty": (
            "section 49 of the Consumer Rights Act 2015, which requires a service to be "
            "performed with reasonable care and skill"
        ),
        "remedy_law": (
            "sections 54 to 56 of the Consumer Rights Act 2015 (repeat performance or a price "
            "reduction)"
        ),
        "ombudsman": (
            "the ombudsman scheme your company belongs to (for example the Communications "
            "Ombudsman, the Energy Ombudsman or the Financial Ombudsman Service)"
        ),
        "ombudsman_when": (
            "eight weeks after my first complaint, or sooner if you send me a deadlock letter"
        ),
        "regulators": "Ofcom, Ofgem or the Financial Conduct Authority, as applies to your sector",
        "court": "the small claims track of the County Court (Money Claim Online)",
        "pre_action": "the Practice Direction on Pre-Action Conduct and Protocols",
        "card_law": "section 75 of the Consumer Credit Act 1974",
        "card_route": "a section 75 claim, or a chargeback under the card scheme rules",
        "date_style": "day-month",
        "currency": "GBP",
    },
    "US": {
        "code": "US",
        "consumer_law": "my state's consumer protection law",
        "service_duty": (
            "the terms of my agreement with you and my state's consumer protection law"
        ),
        "remedy_law": "my state's consumer protection law",
        "ombudsman": "my state Attorney General's consumer protection division",
        "ombudsman_when": "without further notice",
        "regulators": (
            "the Federal Communications Commission, the Consumer Financial Protection Bureau, "
            "or my state Attorney General, as applies to your business"
        ),
        "court": "small claims court",
        "pre_action": "my state's rules for small claims",
        "card_law": "the Fair Credit Billing Act (15 U.S.C. § 1666)",
        "card_route": "a billing error dispute under the Fair Credit Billing Act",
        "date_style": "month-day",
        "currency": "USD",
    },
}


class Writer:
    """Dates, times and durations written out in the jurisdiction's style, in the local zone."""

    def __init__(self, zone: tzinfo, jurisdiction: dict[str, Any]) -> None:
        self.zone = zone
        self.month_first = jurisdiction["date_style"] == "month-day"

    def day(self, value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        month = value.strftime("%B")
        return (
            f"{month} {value.day}, {value.year}"
            if self.month_first
            else (f"{value.day} {month} {value.year}")
        )

    def clock(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        hour = local.hour % 12 or 12
        suffix = "AM" if local.hour < 12 else "PM"
        suffix = suffix if self.month_first else suffix.lower()
        return f"{hour}:{local.minute:02d} {suffix}"

    def moment(self, moment: datetime) -> str:
        """ "8:00 pm on 29 July 2026"."""
        return f"{self.clock(moment)} on {self.day(moment)}"

    @staticmethod
    def duration(minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
        if rest or not parts:
            parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
        return " and ".join(parts)


def _lines(text: str | None) -> list[str]:
    if not text:
        return []
    separated = text.replace("\\n", "\n")
    if "\n" not in separated:
        separated = separated.replace(", ", "\n")
    return [line.strip() for line in separated.splitlines() if line.strip()]


def _sender(settings: dict[str, str]) -> tuple[Facts, list[str]]:
    labels = {"name": "your name", "address": "your address", "email": "your email"}
    missing = [key for key in labels if not settings.get(key)]
    sender = {
        "name": settings.get("name") or MISSING.format(field=labels["name"], key="name"),
        "address_lines": _lines(settings.get("address"))
        or [MISSING.format(field=labels["address"], key="address")],
        "email": settings.get("email") or MISSING.format(field=labels["email"], key="email"),
        "phone": settings.get("phone"),
    }
    return sender, missing


def _due(writer: Writer, promise: Promise) -> str | None:
    if promise.due is None:
        return None
    return writer.day(promise.due) if promise.date_only else writer.moment(promise.due)


def _promise(writer: Writer, promise: Promise, fate: Fate) -> Facts:
    """A promise's facts, its fate the one every output shares (`gripe.facts.promises`); one
    whose date the company moved is told from when it was first made, with the dates it had
    ("moved_from", earliest first)."""
    moved_from = list(fate.moved_from)
    first = moved_from[0] if moved_from else promise
    return {
        "id": promise.id,
        "text": promise.text,
        "rep": _rep_label(first.rep.name, first.rep.employee_id) if first.rep else None,
        "made_on": writer.day(first.made_at),
        "due": _due(writer, promise),
        "moved_from": [_due(writer, earlier) or "no date" for earlier in moved_from],
        "due_as_said": promise.due_text,
        "fate": fate.kind,
        "kept": fate.kind == promise_fates.KEPT,
        "broken": fate.kind == promise_fates.BROKEN,
        "pending": fate.kind in (promise_fates.PENDING, promise_fates.UNDATED),
        "resolved_on": writer.day(promise.resolved_at) if promise.resolved_at else None,
        "call_id": promise.call_id,
    }


def _rep_label(name: str, employee_id: str | None) -> str:
    return f"{name} (ID {employee_id})" if employee_id else name


def build(
    record: Record,
    settings: dict[str, str],
    now: datetime,
    zone: tzinfo,
    template: str,
    response_days: int = DEFAULT_RESPONSE_DAYS,
) -> tuple[Facts, list[str]]:
    """The facts of a letter about ``record``'s case, and the sender details still missing."""
    jurisdiction = JURISDICTIONS[settings.get("jurisdiction", "UK")]
    writer = Writer(zone, jurisdiction)
    timeline, totals = record.timeline, record.totals
    case, company = timeline.case, timeline.company
    sender, missing = _sender(settings)
    calls = [
        {
            "id": call.id,
            "date": writer.day(call.at),
            "time": writer.clock(call.at),
            "channel": call.channel.value,
            "inbound": call.direction.value == "inbound",
            "rep": _rep_label(call.rep.name, call.rep.employee_id) if call.rep else None,
            "rep_role": call.rep.role.value if call.rep and call.rep.role else None,
            "reference": call.reference,
            "hold_minutes": call.hold_minutes or 0,
            "hold": Writer.duration(call.hold_minutes) if call.hold_minutes else None,
            "duration_minutes": call.duration_minutes or 0,
            "summary": call.summary,
        }
        for call in timeline.calls
    ]
    promises = [
        _promise(writer, promise, record.fates[promise.id])
        for promise in timeline.promises
        if record.fates[promise.id].kind not in (promise_fates.CANCELLED, promise_fates.MOVED)
    ]
    references = list(dict.fromkeys(call.reference for call in timeline.calls if call.reference))
    levels = list(Level)
    next_level = levels[min(levels.index(case.level) + 1, len(levels) - 1)]
    facts: Facts = {
        "template": template,
        "today": writer.day(now),
        "sender": sender,
        "jurisdiction": jurisdiction,
        "company": {
            "name": company.name,
            "address_lines": _lines(company.postal_address),
            "email": company.email,
            "phone": company.phone,
            "website": company.website,
            "account": record.account,
            "customer_since": company.customer_since,
        },
        "case": {
            "id": case.id,
            "title": case.title,
            "opened": writer.day(case.opened_at),
            "days_open": totals.days_open,
            "desired_outcome": case.desired_outcome,
            "amount": record.amount or None,
            "level": case.level.value,
            "next_level": next_level.value,
        },
        "references": references,
        "calls": calls,
        "promises": promises,
        "broken_promises": [promise for promise in promises if promise["broken"]],
        "totals": {
            "calls": totals.calls,
            "hold_minutes": totals.hold_minutes,
            "hold": Writer.duration(totals.hold_minutes),
            "hours_on_hold": f"{totals.hold_minutes / 60:.1f}",
            "days_open": totals.days_open,
            "broken_promises": totals.broken_promises,
        },
        "response_days": response_days,
        "response_deadline": writer.day(now + timedelta(days=response_days)),
    }
    return facts, missing


def response_due(now: datetime, zone: tzinfo, response_days: int) -> datetime:
    """The end of the day the letter asks for a reply by (23:59 local), as an instant."""
    day = (now + timedelta(days=response_days)).astimezone(zone).date()
    return datetime.combine(day, time(23, 59), tzinfo=zone)
