"""Clocks computed from a case's facts: a pure function of the facts and the rules.

Each rule with a period counts from one event of the case (`gripe.rights.rules.EVENTS`): calendar
days and weeks, calendar months (a month after 31 January is the last day of February, 29
February in a leap year), or business days (Monday to Friday; public holidays are not known to
gripe, and the rules that count business days say so). A rule whose event has no date yet is
"waiting" and names what to record; a rule without a clock is listed as a right.

Rules that changed on a date are versions of one clock: an opening clock opens on the earliest
day on which some version in force that day allows it (Ofcom's 8 weeks until 7 April 2026, 6
weeks from 8 April 2026); a deadline follows the version in force when its event happened.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from gripe.rights.facts import CaseFacts
from gripe.rights.rules import EVENTS, Period, Rule


class Clock(NamedTuple):
    rule: Rule
    day: date | None  # the day it opens or closes; None while the event it counts from is unknown
    start: date | None = None  # the day of the event it counts from
    start_event: str | None = None  # that event's key (the early event when that opened it)
    early: bool = False  # opened at once by the rule's early event
    met_on: date | None = None  # a deadline already met: the day of the event that met it

    @property
    def kind(self) -> str:
        return self.rule.kind


class Report(NamedTuple):
    """Everything `gripe rights` shows for one case."""

    case_id: int
    jurisdiction: str | None
    sector: str | None
    clocks: list[Clock]  # with a date, earliest first
    waiting: list[Clock]  # rules whose event has no date yet
    rights: list[Rule]  # rules without a clock
    notes: list[str]
    company: str = ""
    company_id: int = 0


def add(start: date, period: Period) -> date:
    # The calendar arithmetic is gripe.dates': one definition of months and business days.
    # Imported here: only a computed clock needs it, not `case show` of a case without one.
    from gripe.dates.arithmetic import add_business_days, add_months

    if period.unit == "days":
        return start + timedelta(days=period.amount)
    if period.unit == "weeks":
        return start + timedelta(weeks=period.amount)
    if period.unit == "months":
        return add_months(start, period.amount)
    if period.unit == "business-days":
        return add_business_days(start, period.amount)
    raise ValueError(f"unknown unit {period.unit!r}")


def _opening(versions: list[Rule], dates: dict[str, date]) -> Clock:
    """The earliest day any version in force that day opens the door, or its early event."""
    best: Clock | None = None
    for rule in versions:
        assert rule.period is not None
        assert rule.counted_from is not None
        start = dates.get(rule.counted_from)
        if start is None:
            continue
        day = add(start, rule.period)
        if rule.in_force_from is not None:
            day = max(day, rule.in_force_from)
        if rule.in_force_until is not None and day > rule.in_force_until:
            continue
        if best is None or best.day is None or day < best.day:
            best = Clock(rule, day, start, rule.counted_from)
    early_event = versions[0].early
    early_day = dates.get(early_event) if early_event else None
    if early_day is not None and (best is None or best.day is None or early_day < best.day):
        in_force = [rule for rule in versions if rule.in_force_on(early_day)] or versions
        return Clock(in_force[0], early_day, early_day, early_event, early=True)
    return best if best is not None else Clock(_current(versions), None)


def _deadline(versions: list[Rule], dates: dict[str, date]) -> Clock:
    """A deadline follows the version in force on the day of its event."""
    first = versions[0]
    assert first.period is not None
    assert first.counted_from is not None
    start = dates.get(first.counted_from)
    if start is None:
        return Clock(_current(versions), None)
    rule = next((rule for rule in versions if rule.in_force_on(start)), versions[-1])
    assert rule.period is not None
    met_on = dates.get(rule.met_by) if rule.met_by else None
    return Clock(rule, add(start, rule.period), start, rule.counted_from, met_on=met_on)


def _current(versions: list[Rule]) -> Rule:
    """The newest version: what a rule says while its clock waits for a date."""
    return max(versions, key=lambda rule: rule.in_force_from or date.min)


def compute(facts: CaseFacts, jurisdiction: str | None, rules: tuple[Rule, ...]) -> Report:
    """Every clock, waiting clock, right and note for a case; no clock, no right, no body is
    ever named for a jurisdiction or sector it was not recorded for."""
    notes: list[str] = []
    report = Report(
        facts.case_id,
        jurisdiction,
        facts.sector,
        [],
        [],
        [],
        notes,
        facts.company,
        facts.company_id,
    )
    if jurisdiction is None:
        notes.append(
            "gripe does not know whose law applies to you, so it shows no bodies or clocks: "
            "gripe config set jurisdiction UK (or US)"
        )
        return report
    sector = facts.sector
    if sector is None:
        notes.append(
            f"{facts.company or 'The company'} has no sector, so gripe cannot tell which "
            "ombudsman or regulator applies and names none; only the rules for every company "
            f"are shown. Set it: gripe company edit {facts.company_id or 'COMPANY'} --sector "
            "SECTOR"
        )
    applying = [
        rule
        for rule in rules
        if rule.jurisdiction == jurisdiction
        and (rule.sectors is None or (sector is not None and sector in rule.sectors))
    ]
    if sector is not None and not any(rule.sectors is not None for rule in applying):
        notes.append(
            f"gripe has no rule recorded for {sector} companies in the {jurisdiction} beyond "
            "those for every company, so it names no ombudsman or regulator rather than guess."
        )
    groups: dict[str, list[Rule]] = {}
    for rule in applying:
        groups.setdefault(rule.clock_name, []).append(rule)
    for versions in groups.values():
        first = versions[0]
        if first.kind == "right" or first.period is None:
            report.rights.append(first)
            continue
        if first.kind == "opens":
            clock = _opening(versions, facts.dates)
        else:
            clock = _deadline(versions, facts.dates)
        (report.clocks if clock.day is not None else report.waiting).append(clock)
    report.clocks.sort(key=lambda clock: (clock.day or date.max, clock.rule.key))
    return report


def next_clock(report: Report, today: date) -> Clock | None:
    """The clock to mention first: the earliest still ahead, not already met."""
    ahead = [
        clock
        for clock in report.clocks
        if clock.day is not None and clock.day >= today and clock.met_on is None
    ]
    return ahead[0] if ahead else None


def is_pressing(clock: Clock, today: date) -> bool:
    """For the dashboard: a door opening within 7 days, or a deadline within 14."""
    if clock.day is None or clock.met_on is not None:
        return False
    days = (clock.day - today).days
    if clock.kind == "opens":
        return 0 <= days <= 7
    return 0 <= days <= 14


def event_label(key: str) -> str:
    return EVENTS[key].label
