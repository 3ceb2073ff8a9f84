"""The body a letter names, and the clocks it cites, from the rights data (`gripe.rights`).

A letter names the ombudsman, scheme or regulator recorded for the jurisdiction and the
company's sector (`rights.body_for`), with the date from which the person may go to it (the
case's clock, `rights.report`), in the person's own voice: the rights data speaks to the person
("your provider's ADR scheme", "your state's utility commission"), a letter speaks for them ("your
ADR scheme" to the company, "my state's public utility commission"). Where gripe has no rule
for the sector, or the company has none, the letter names no body: it uses the jurisdiction's
generic wording and the person is told why (`Found.notes`), never a body of another sector.

The billing-dispute letter's law comes from here too: the Fair Credit Billing Act's notice,
acknowledgment and resolution periods (US) and section 75 with the Financial Ombudsman Service's
eight weeks (UK), each read from its rule.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from gripe.letters.wording import Writer
from gripe.model import Timeline

if TYPE_CHECKING:
    from gripe.rights.clocks import Clock, Report
    from gripe.rights.rules import Rule

Facts = dict[str, Any]

CARD_SECTORS = frozenset({"credit-card", "store-card"})

# The events an opening clock counts from, as the person says them to the company.
EVENT_WORDS = {
    "first-complaint": "my first complaint",
    "final-response": "your final response",
    "first-written-complaint": "my first written complaint",
}


class Found(NamedTuple):
    body: Facts | None
    card: Facts | None
    notes: list[str]


def _voice(body: str, to_them: bool, company: str) -> str:
    """The rights data's words for a body, as the person's letter says them."""
    if body.startswith("your provider's "):
        rest = body.removeprefix("your provider's ")
        return f"your {rest}" if to_them else f"{company}'s {rest}"
    if body.startswith("your "):
        return "my " + body.removeprefix("your ")
    return body


def _choices(body: str) -> list[str]:
    """The schemes a company may belong to, when the rule names two ("… (A or B)")."""
    inside = re.search(r"\(the (.+) or (.+)\)$", body)
    return [inside.group(1), inside.group(2)] if inside else []


def _clock_of(report: Report | None, rule: Rule) -> Clock | None:
    if report is None:
        return None
    for clock in (*report.clocks, *report.waiting):
        if clock.rule.clock_name == rule.clock_name:
            return clock
    return None


def _why(clock: Clock, writer: Writer, company: str | None = None) -> str:
    """ "6 weeks after my first complaint on 1 June 2026", in the person's voice, to the
    company (``company`` None) or about it ("Skyline Fibre's final response")."""
    assert clock.start is not None
    assert clock.start_event is not None
    event = EVENT_WORDS.get(clock.start_event, "the event it counts from")
    if company is not None:
        event = event.replace("your ", f"{company}'s ")
    if clock.early or clock.rule.period is None:
        return f"from {event} on {writer.day(clock.start)}"
    return f"{clock.rule.period.words()} after {event} on {writer.day(clock.start)}"


def _waiting(rule: Rule) -> str:
    if rule.period is None or rule.counted_from is None:
        return ""
    event = EVENT_WORDS.get(rule.counted_from, "the event it counts from")
    return f"{rule.period.words()} after {event}"


def body_facts(
    code: str,
    timeline: Timeline,
    report: Report | None,
    writer: Writer,
    today: date,
) -> tuple[Facts | None, list[str]]:
    """The body for the company's sector, or None with a note saying why none is named."""
    from gripe import rights

    company = timeline.company
    sector = company.sector.value if company.sector else None
    if sector is None:
        return None, [
            f"{company.name} has no sector, so the letter names no ombudsman or regulator, only "
            f"in general terms; set it and write the letter again: gripe company edit "
            f"{company.id} --sector SECTOR"
        ]
    rule = rights.body_for(code, sector)
    if rule is None:
        return None, [
            f"gripe has no ombudsman or regulator recorded for {sector} companies in the "
            f"{code}, so the letter names none, only in general terms (see: gripe rights "
            f"{timeline.case.id})"
        ]
    clock = _clock_of(report, rule)
    if clock is not None:
        rule = clock.rule  # the version of the rule that applies to this case's dates
    choices = _choices(rule.body)
    notes = []
    addressee = [_voice(rule.body, False, company.name)]
    if choices:
        addressee = [f"[{' or '.join(choices)}: the scheme {company.name} belongs to]"]
        notes.append(
            f"{company.name} belongs to one of two schemes ({' or '.join(choices)}); its final "
            "response, its website or its complaints code names it: put that scheme's name and "
            "address at the top of the letter"
        )
    elif rule.body.startswith("your "):
        addressee = [f"[{_voice(rule.body, False, company.name)}: its name and address]"]
    else:
        name = rule.body.removeprefix("the ")
        addressee = [name[:1].upper() + name[1:]]
    opens = clock is not None and clock.day is not None and rule.kind == "opens"
    found: Facts = {
        "addressee_notes": notes,
        "name": _voice(rule.body, True, company.name),
        "name_about": _voice(rule.body, False, company.name),
        "addressee": addressee,
        "opens": rule.kind == "opens",
        "opens_on": writer.day(clock.day) if opens and clock and clock.day else None,
        "open_now": bool(opens and clock and clock.day and clock.day <= today),
        "why": _why(clock, writer) if opens and clock else None,
        "why_about": _why(clock, writer, company.name) if opens and clock else None,
        "waiting": _waiting(rule),
        "law": rule.law,
        "uncertain": rule.uncertain,
    }
    said = []
    if rule.uncertain:
        said.append(f"Not certain: {rule.uncertain}")
    return found, said


def card_facts(
    code: str, timeline: Timeline, writer: Writer, today: date
) -> tuple[Facts, list[str]]:
    """What the billing-dispute letter rests on: the Fair Credit Billing Act (US) or section 75
    and the Financial Ombudsman Service (UK), and whether the company is the card issuer."""
    from gripe import rights
    from gripe.rights.clocks import add

    company, case = timeline.company, timeline.case
    issuer = company.sector is not None and company.sector.value in CARD_SECTORS
    notes: list[str] = []
    found: Facts = {"issuer_is_company": issuer, "statement": None, "notice_by": None}
    if case.statement_date is not None:
        found["statement"] = writer.day(case.statement_date)
    if code == "US":
        notice = rights.rule("us-fcba-notice")
        acknowledge = rights.rule("us-fcba-acknowledge")
        resolve = rights.rule("us-fcba-resolve")
        assert notice.period is not None
        assert acknowledge.period is not None
        assert resolve.period is not None
        found.update(
            law="the Fair Credit Billing Act (15 U.S.C. § 1666) and Regulation Z "
            "(12 CFR § 1026.13)",
            notice_within=notice.period.words(),
            acknowledge_within=acknowledge.period.words(),
            resolve_within=resolve.period.words(),
            body=_voice(rights.rule("us-cfpb").body, True, company.name),
        )
        if case.statement_date is None:
            notes.append(
                "The Fair Credit Billing Act counts 60 days from the statement that first "
                f"showed the error: give its date, and the letter names it: gripe case edit "
                f"{case.id} --statement-date DATE"
            )
        else:
            last = add(case.statement_date, notice.period)
            found["notice_by"] = writer.day(last)
            left = (last - today).days
            if left < 0:
                notes.append(
                    f"Warning: the {notice.period.words()} for a billing-error notice ended on "
                    f"{writer.day(last)}. {notice.if_missed}"
                )
            elif left <= 14:
                notes.append(
                    f"Warning: the notice must reach the issuer by {writer.day(last)} "
                    f"({left} days); send it today, by certified mail, to the address for "
                    "billing inquiries (not the payment address)"
                )
            else:
                notes.append(
                    f"Send it to the address your statement gives for billing inquiries (not "
                    f"the payment address), to arrive by {writer.day(last)}"
                )
    else:
        fos = rights.rule("uk-fos-opens")
        assert fos.period
        found.update(
            law="section 75 of the Consumer Credit Act 1974",
            fos_after=fos.period.words(),
            body=fos.body,
        )
    return found, notes
