"""The shape of the rights data: rules, the events their clocks count from, and their sources.

A rule is one fact of law or scheme practice for one jurisdiction and a set of sectors: who the
person can go to (the body), what they may do, and, when the rule has a clock, how long it runs
and from which event in the case. Every rule carries the primary sources it was checked against
and the date each was checked; a rule that could not be fully confirmed says so in
``uncertain``, and that sentence is shown wherever the rule is.

Clock kinds:

- ``opens``: a door opens for the person on a date (the ombudsman may now take the complaint).
  ``early`` names an event that opens it at once (a final response or deadlock letter).
- ``closes``: the person's own deadline (the Fair Credit Billing Act notice must arrive by then).
- ``reply-due``: the company's (or a body's) time to answer runs out on that date.
- ``right``: no clock; who to go to and what the law allows (section 75, a state commission).

Rules that changed on a date (Ofcom's 8 weeks → 6 weeks) are several rules sharing one ``clock``
name, each with the dates it was in force; `gripe.rights.clocks` picks between them.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from gripe.plural import counted

# The sectors a company can have (DESIGN.md, data model), in the order they are listed to people.
SECTORS = (
    "broadband",
    "mobile",
    "landline",
    "tv",
    "energy",
    "water",
    "bank",
    "credit-card",
    "store-card",
    "loan",
    "insurance",
    "retail",
    "airline",
    "rail",
    "parcel",
    "other",
)

JURISDICTIONS = ("UK", "US")

KINDS = ("opens", "closes", "reply-due", "right")
UNITS = ("days", "weeks", "months", "business-days")


class Event(NamedTuple):
    """Something that happened on a case, that a clock counts from."""

    key: str
    label: str  # how a sentence names it: "your first complaint"
    option: str | None  # the `gripe rights` option that records it; None when gripe derives it
    derived: str | None = None  # where gripe finds it in the log when it is not recorded


EVENTS: dict[str, Event] = {
    event.key: event
    for event in (
        Event(
            "first-complaint",
            "your first complaint",
            "--first-complaint",
            "the first contact logged on the case",
        ),
        Event(
            "first-written-complaint",
            "your first written complaint",
            None,
            "the first email or letter logged to them, or the first letter recorded as sent",
        ),
        Event(
            "final-response",
            "the company's final response (or deadlock letter)",
            "--final-response",
        ),
        Event(
            "statement-date",
            "the statement that first showed the error",
            "--statement-date",
        ),
        Event("delivered", "delivery of the goods", "--delivered"),
        Event("ccw-letter", "CCW's letter saying you can apply to WATRS", "--ccw-letter"),
        Event("filed-cfpb", "your complaint to the CFPB", "--filed-cfpb"),
        Event("filed-fcc", "your complaint to the FCC", "--filed-fcc"),
        Event("filed-bbb", "your complaint to the BBB", "--filed-bbb"),
        Event(
            "sent-billing-dispute",
            "your billing-error notice",
            None,
            "the billing-dispute letter recorded as sent (gripe letter sent ID)",
        ),
        Event(
            "sent-final-notice",
            "your letter before claim",
            None,
            "the final-notice letter recorded as sent (gripe letter sent ID)",
        ),
    )
}

# The events a person records with `gripe rights CASE --EVENT DATE` (the others come from the log).
RECORDED_EVENTS = tuple(key for key, event in EVENTS.items() if event.option)


class Period(NamedTuple):
    amount: int
    unit: str  # one of UNITS

    def words(self) -> str:
        unit = {"business-days": "business day"}.get(self.unit, self.unit.rstrip("s"))
        return counted(self.amount, unit)


class Source(NamedTuple):
    """Where a rule was checked: the primary source, what it says, and when it was read."""

    title: str  # "FCA Handbook DISP 2.8.1R"
    url: str
    checked: date
    says: str  # what the source says that the rule relies on, in a sentence


class Rule(NamedTuple):
    key: str  # unique: "uk-fos-opens"
    jurisdiction: str  # "UK" or "US"
    sectors: frozenset[str] | None  # None: every sector
    name: str  # short: "Financial Ombudsman Service"
    body: str  # who the person can go to, or who must act: "the Financial Ombudsman Service"
    kind: str  # one of KINDS
    does: str  # the clock's sentence up to its date: "You can take this to the FOS"
    allows: str  # what the rule lets the person do, in a sentence
    law: str  # the short citation shown after the date: "FCA DISP 2.8.1R"
    sources: tuple[Source, ...]
    period: Period | None = None
    counted_from: str | None = None  # an EVENTS key
    early: str | None = None  # for "opens": an event that opens it at once
    met_by: str | None = None  # for "closes": an event that meets the deadline
    if_missed: str | None = None  # for "closes": what happens after the date
    uncertain: str | None = None  # why the rule is not certain, shown with it
    note: str | None = None  # a caveat shown with the rule
    clock: str | None = None  # rules sharing a clock are versions of one rule in time
    in_force_from: date | None = None
    in_force_until: date | None = None  # the last day it was in force

    @property
    def clock_name(self) -> str:
        return self.clock or self.key

    def covers(self, jurisdiction: str, sector: str) -> bool:
        return self.jurisdiction == jurisdiction and (
            self.sectors is None or sector in self.sectors
        )

    def in_force_on(self, day: date) -> bool:
        return (self.in_force_from is None or day >= self.in_force_from) and (
            self.in_force_until is None or day <= self.in_force_until
        )

    def rule_words(self) -> str:
        """The rule without dates: "8 weeks after your first complaint; FCA DISP 2.8.1R"."""
        if self.period is None or self.counted_from is None:
            return self.law
        text = f"{self.period.words()} after {EVENTS[self.counted_from].label}"
        if self.early:
            text += f", or at once after {EVENTS[self.early].label}"
        return f"{text}; {self.law}"
