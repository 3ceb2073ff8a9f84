"""Everything a letter says, computed from the log; templates hold only the prose around it.

Facts are plain dicts and lists of strings, numbers and booleans: what a sandboxed template can
read safely. Dates are written out the way the jurisdiction writes them ("28 July 2026" in the
UK, "July 28, 2026" in the US). The numbers, the fates of promises, the account mask and the
amounts come from the case's `gripe.facts.record.Record`, the same that ``case show`` and the
bundle read; the body a letter names comes from the rights data (`gripe.letters.bodies`).

The history (``events``) tells the calls and the person's own letters in the order they
happened: a letter is the person's act ("On 9 March 2026 I wrote to you by recorded delivery
(proof AB123456789GB)"), never a promise of the company's, and is never counted as one.

`build` also returns what the person should know before sending (`Built.notes`): a sender
detail, the company's address or account number not set, a case title cut short, no body named
for the sector, the billing-error notice's 60 days; the command line prints them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from gripe.facts import letters as letter_states
from gripe.facts import promises as promise_fates
from gripe.facts.promises import Fate
from gripe.facts.record import Record, claim_amount
from gripe.letters import bodies
from gripe.letters.wording import (
    JURISDICTIONS,
    MISSING_COMPANY,
    Writer,
    lines,
    rep_label,
    sender,
)
from gripe.model import Call, Letter, Level, Promise

if TYPE_CHECKING:
    from gripe.rights.clocks import Report

Facts = dict[str, Any]

DEFAULT_RESPONSE_DAYS = 14

# Letters that name the body for the company's sector: `gripe letter` asks for the sector when
# one of these is written for a company without one.
NAMES_A_BODY = frozenset(
    {"complaint", "follow-up", "escalation", "final-notice", "regulator", "billing-dispute"}
)


class Built(NamedTuple):
    facts: Facts
    missing: list[str]  # sender details not set: "name", "address", "email"
    notes: list[str]  # what else the person should know, each with what to type


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
        "rep": rep_label(first.rep.name, first.rep.employee_id) if first.rep else None,
        "made_on": writer.day(first.made_at),
        "due": _due(writer, promise),
        "moved_from": [_due(writer, earlier) or "no date" for earlier in moved_from],
        "due_as_said": promise.due_text,
        "fate": fate.kind,
        "kept": fate.kind == promise_fates.KEPT,
        "broken": fate.kind == promise_fates.BROKEN,
        "pending": fate.kind in (promise_fates.PENDING, promise_fates.UNDATED),
        "undated": fate.kind == promise_fates.UNDATED,
        "resolved_on": writer.day(promise.resolved_at) if promise.resolved_at else None,
        "call_id": promise.call_id,
    }


def _call(writer: Writer, call: Call) -> Facts:
    return {
        "kind": "call",
        "id": call.id,
        "date": writer.day(call.at),
        "time": writer.clock(call.at),
        "channel": call.channel.value,
        "inbound": call.direction.value == "inbound",
        "rep": rep_label(call.rep.name, call.rep.employee_id) if call.rep else None,
        "rep_role": call.rep.role.value if call.rep and call.rep.role else None,
        "reference": call.reference,
        "hold_minutes": call.hold_minutes or 0,
        "hold": Writer.duration(call.hold_minutes) if call.hold_minutes else None,
        "duration_minutes": call.duration_minutes or 0,
        "summary": call.summary,
    }


# Why each built-in letter was written, as a later letter says it ("I wrote to you …").
PURPOSES = {
    "complaint": "with my formal complaint",
    "follow-up": "to chase my complaint and your promises",
    "escalation": "to escalate my complaint",
    "final-notice": "with a letter before action",
    "billing-dispute": "to dispute the charges",
    "regulator": "to ask it to look into my complaint",
}
# Imperative verbs an outcome may start with, so that "reverse the late fees" reads as a
# request ("I ask you to reverse the late fees") and "a refund" as what is wanted.
REQUEST_VERBS = frozenset(
    (
        "apologise", "apologize", "arrange", "book", "cancel", "close", "compensate", "confirm",
        "correct", "credit", "deliver", "explain", "fix", "honour", "honor", "investigate",
        "pay", "provide", "reconnect", "reduce", "refund", "reinstate", "release", "remove",
        "repair", "replace", "restore", "return", "reverse", "send", "stop", "unblock", "waive",
        "write",
    )
)  # fmt: skip


def as_request(outcome: str | None) -> str | None:
    """The outcome as the end of "I ask you to …", when it is written as one."""
    if not outcome or not outcome.strip():
        return None
    cleaned = outcome.strip().rstrip(".")
    first = cleaned.split()[0].lower()
    return cleaned[:1].lower() + cleaned[1:] if first in REQUEST_VERBS else None


def _addressed(letter: Letter, issuer_is_company: bool) -> str:
    """Whom a letter went to: the company, the ombudsman or regulator, or the card issuer."""
    if letter.template == "regulator":
        return "body"
    if letter.template == "billing-dispute" and not issuer_is_company:
        return "issuer"
    return "company"


def _letter(
    writer: Writer, letter: Letter, now: datetime, code: str, issuer_is_company: bool
) -> Facts:
    """One of the person's own letters, as a later letter tells it."""
    from gripe.facts.letters import via_words

    state = letter_states.state(letter, now)
    purpose = PURPOSES.get(letter.template, "")
    if letter.template == "final-notice" and code == "US":
        purpose = "with my final demand"
    return {
        "kind": "letter",
        "id": letter.id,
        "template": letter.template,
        "to": _addressed(letter, issuer_is_company),
        "purpose": purpose,
        "date": writer.day(letter.dated),
        "sent": letter.sent_at is not None,
        "via": via_words(letter.sent_via, code),
        "via_about": via_words(letter.sent_via, code, to_them=False),
        "proof": letter.proof,
        "reply_by": writer.day(letter.reply_due) if letter.reply_due else None,
        "state": state,
        "no_reply": state == letter_states.NO_REPLY,
        "answered": state == letter_states.ANSWERED,
        "answered_on": writer.day(letter.replied_at) if letter.replied_at else None,
        "waiting": state in (letter_states.WRITTEN, letter_states.SENT),
    }


def _company(record: Record, jurisdiction: str) -> tuple[Facts, list[str]]:
    company = record.timeline.company
    notes = []
    address = lines(company.postal_address)
    if not address:
        address = [MISSING_COMPANY.format(field="postal address", id=company.id, option="address")]
        notes.append(
            f"{company.name} has no postal address on record, so the letter has a marked gap: "
            f'gripe company edit {company.id} --address "…"'
        )
    if record.account is None:
        notes.append(
            f"{company.name} has no account number on record, so the letter gives none: "
            f"gripe company edit {company.id} --account …"
        )
    return {
        "id": company.id,
        "name": company.name,
        "address_lines": address,
        "has_address": bool(company.postal_address),
        "email": company.email,
        "phone": company.phone,
        "website": company.website,
        "account": record.account,
        "customer_since": company.customer_since,
        "sector": company.sector.value if company.sector else None,
    }, notes


def build(
    record: Record,
    settings: dict[str, str],
    now: datetime,
    zone: tzinfo,
    template: str,
    response_days: int = DEFAULT_RESPONSE_DAYS,
    report: Report | None = None,
) -> Built:
    """The facts of a letter about ``record``'s case (``report``: its rights clocks, when the
    jurisdiction and the sector are known), the sender details still missing, and the notes."""
    code = settings.get("jurisdiction", "UK")
    jurisdiction = JURISDICTIONS[code]
    writer = Writer(zone, jurisdiction)
    today = now.astimezone(zone).date()
    timeline, totals = record.timeline, record.totals
    case = timeline.case
    person, missing = sender(settings)
    company, notes = _company(record, code)
    calls = [_call(writer, call) for call in timeline.calls]
    issuer = timeline.company.sector is not None and (
        timeline.company.sector.value in bodies.CARD_SECTORS
    )
    own_letters = [_letter(writer, letter, now, code, issuer) for letter in timeline.letters]
    moments: list[tuple[datetime, int, Facts]] = [
        (call.at, 0, facts) for call, facts in zip(timeline.calls, calls, strict=True)
    ]
    moments += [
        (letter.dated, 1, facts)
        for letter, facts in zip(timeline.letters, own_letters, strict=True)
    ]
    moments.sort(key=lambda moment: (moment[0], moment[1], moment[2]["id"]))
    promises = [
        _promise(writer, promise, record.fates[promise.id])
        for promise in timeline.promises
        if record.fates[promise.id].kind not in (promise_fates.CANCELLED, promise_fates.MOVED)
    ]
    if case.title.endswith("…"):
        notes.append(
            f"The case's title was cut from the first call's summary (\"{case.title}\") and the "
            f"letter's Re line uses it as it is; give it a proper one: gripe case edit {case.id} "
            '--title "…"'
        )
    if record.amount_differs():
        notes.append(
            f"The case's amount ({record.amount}) is not what its claims come to "
            f"({record.claimed}); the letter claims {record.claimed}: gripe case edit "
            f"{case.id} --amount {record.claimed}"
        )
    body, body_notes = bodies.body_facts(code, timeline, report, writer, today)
    card, card_notes = bodies.card_facts(code, timeline, writer, today)
    if template == "billing-dispute":
        notes += card_notes
        if card["issuer_is_company"] and record.account is None:
            company["account"] = MISSING_COMPANY.format(
                field="account number", id=timeline.company.id, option="account"
            )
        elif (
            code == "US"
            and card["issuer_is_company"]
            and record.account != (timeline.company.account_number)
        ):
            notes.append(
                "A billing-error notice must let the issuer identify your account; the letter "
                "shows its last four characters: add --full-account to print the whole number"
            )
    # A billing dispute about a merchant goes to the card issuer: the merchant's sector names
    # no body for it.
    to_the_issuer = template == "billing-dispute" and not card["issuer_is_company"]
    if template in NAMES_A_BODY and not to_the_issuer:
        notes += body_notes
    if template == "regulator" and body is not None:
        notes += body.pop("addressee_notes")
    elif body is not None:
        body.pop("addressee_notes")
    references = list(dict.fromkeys(call.reference for call in timeline.calls if call.reference))
    levels = list(Level)
    next_level = levels[min(levels.index(case.level) + 1, len(levels) - 1)]
    first = case.first_complaint_at or (timeline.calls[0].at if timeline.calls else None)
    facts: Facts = {
        "template": template,
        "today": writer.day(now),
        "sender": person,
        "jurisdiction": jurisdiction,
        "company": company,
        "case": {
            "id": case.id,
            "title": case.title,
            "opened": writer.day(case.opened_at),
            "first_complaint": writer.day(first) if first else writer.day(case.opened_at),
            "days_open": totals.days_open,
            "desired_outcome": case.desired_outcome,
            "request": as_request(case.desired_outcome),
            "amount": record.sum_claimed or None,
            "statement_date": writer.day(case.statement_date) if case.statement_date else None,
            "level": case.level.value,
            "next_level": next_level.value,
        },
        "references": references,
        "calls": calls,
        "letters": own_letters,
        "events": [facts for _, _, facts in moments],
        "promises": promises,
        "broken_promises": [promise for promise in promises if promise["broken"]],
        "claims": [
            {
                "what": claim.what,
                "amount": claim_amount(claim, timeline, record.currency),
                "charged_on": writer.day(claim.on_date) if claim.on_date else None,
            }
            for claim in timeline.claims
        ],
        "evidence": [{"name": item.file_name, "note": item.note} for item in timeline.evidence],
        "body": body,
        "card": card,
        "totals": {
            "calls": totals.calls,
            "hold_minutes": totals.hold_minutes,
            "hold": Writer.duration(totals.hold_minutes),
            "hours_on_hold": f"{totals.hold_minutes / 60:.1f}",
            "days_open": totals.days_open,
            "broken_promises": totals.broken_promises,
            "letters": totals.letters,
            "letters_to_them": sum(1 for letter in own_letters if letter["to"] == "company"),
            "letters_unanswered": sum(
                1 for letter in own_letters if letter["to"] == "company" and letter["no_reply"]
            ),
        },
        "response_days": response_days,
        "response_deadline": writer.day(now + timedelta(days=response_days)),
    }
    return Built(facts, missing, notes)


def response_due(now: datetime, zone: tzinfo, response_days: int) -> datetime:
    """The end of the day the letter asks for a reply by (23:59 local), as an instant."""
    day: date = (now + timedelta(days=response_days)).astimezone(zone).date()
    return datetime.combine(day, time(23, 59), tzinfo=zone)
