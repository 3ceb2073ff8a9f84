"""Clocks in words, and as JSON: one wording shared by `gripe rights`, `case show`, the dashboard
and letters, so that no two of them say a date differently.

Plain strings only (no rich): `gripe.render` styles them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from gripe.plural import counted
from gripe.rights.rules import EVENTS, Rule

if TYPE_CHECKING:
    from gripe.rights.clocks import Clock, Report

# A deadline this close (or past) is said with a warning.
WARN_DAYS = 14


def day_words(day: date, beside: date | None = None) -> str:
    """ "27 April 2026"; "2 March" when ``beside`` is in the same year."""
    if beside is not None and beside.year == day.year:
        return f"{day.day} {day:%B}"
    return f"{day.day} {day:%B %Y}"


def _days(count: int) -> str:
    return counted(count, "day")


def sentence(clock: Clock) -> str:
    """ "You can take this to … from 27 April 2026 — 8 weeks after your first complaint on
    2 March; Ofcom General Condition C4"."""
    rule = clock.rule
    assert clock.day is not None
    assert clock.start is not None
    assert clock.start_event is not None
    when = "from" if rule.kind == "opens" else "by"
    event = EVENTS[clock.start_event].label
    if clock.early or (rule.period is not None and rule.period.amount == 0):
        why = f"on the day of {event}, {day_words(clock.start, clock.day)}"
    else:
        assert rule.period is not None
        why = f"{rule.period.words()} after {event} on {day_words(clock.start, clock.day)}"
        if rule.in_force_from is not None and clock.day == rule.in_force_from:
            why += f" (the rule took effect on {day_words(rule.in_force_from)})"
    return f"{rule.does} {when} {day_words(clock.day)} — {why}; {rule.law}"


def status(clock: Clock, today: date) -> str:
    """Where the clock stands today: "opens in 5 days", "3 days left", "passed 2 days ago"."""
    assert clock.day is not None
    left = (clock.day - today).days
    if clock.met_on is not None:
        assert clock.rule.met_by is not None
        return f"done: {EVENTS[clock.rule.met_by].label} went on {day_words(clock.met_on)}"
    if clock.kind == "opens":
        return "open now" if left <= 0 else f"opens in {_days(left)}"
    if left < 0:
        return f"passed {_days(-left)} ago"
    if left == 0:
        return "today is the last day"
    return f"{_days(left)} left" if clock.kind == "closes" else f"due in {_days(left)}"


def warning(clock: Clock, today: date) -> str | None:
    """A deadline of the person's own that is near or past, in words; None otherwise."""
    if clock.kind != "closes" or clock.day is None or clock.met_on is not None:
        return None
    left = (clock.day - today).days
    if left < 0:
        missed = f" {clock.rule.if_missed}" if clock.rule.if_missed else ""
        return f"Warning: this date passed {_days(-left)} ago.{missed}"
    if left == 0:
        return "Warning: today is the last day."
    if left <= WARN_DAYS:
        return f"Warning: only {_days(left)} left."
    return None


def waiting_words(clock: Clock, case_id: int) -> str:
    """What a clock needs before gripe can date it, and how to give it."""
    rule = clock.rule
    assert rule.counted_from is not None
    event = EVENTS[rule.counted_from]
    if event.option:
        how = f"gripe rights {case_id} {event.option} DATE"
    elif event.key == "first-complaint":
        how = "log your first contact on the case"
    else:
        how = f"from {event.derived}"
    return f"{rule.does}: {rule.rule_words()}. Needs the date of {event.label}: {how}"


def right_words(rule: Rule) -> str:
    return f"{rule.does}: {rule.allows} ({rule.law})"


def _sources_json(rule: Rule) -> list[dict[str, str]]:
    return [
        {"title": source.title, "url": source.url, "checked": source.checked.isoformat(),
         "says": source.says}
        for source in rule.sources
    ]  # fmt: skip


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "key": rule.key,
        "body": rule.body,
        "kind": rule.kind,
        "rule": rule.rule_words(),
        "allows": rule.allows,
        "law": rule.law,
        "source": rule.sources[0].url,
        "checked": rule.sources[0].checked.isoformat(),
        "sources": _sources_json(rule),
        "uncertain": rule.uncertain,
        "note": rule.note,
    }


def clock_json(clock: Clock, today: date) -> dict[str, Any]:
    """A dated clock: `opens_at` for a door that opens, `closes_at` for a deadline (the person's
    own, or the company's time to answer)."""
    assert clock.day is not None
    assert clock.start_event is not None
    assert clock.start is not None
    key = "opens_at" if clock.kind == "opens" else "closes_at"
    return {
        **_rule_json(clock.rule),
        key: clock.day.isoformat(),
        "text": sentence(clock),
        "counted_from": clock.start_event,
        "counted_from_date": clock.start.isoformat(),
        "period": clock.rule.period.words() if clock.rule.period else None,
        "business_days": bool(clock.rule.period and clock.rule.period.unit == "business-days"),
        "status": status(clock, today),
        "days_left": (clock.day - today).days,
        "met_on": clock.met_on.isoformat() if clock.met_on else None,
        "warning": warning(clock, today),
    }


def report_json(report: Report, today: date) -> dict[str, Any]:
    return {
        "case_id": report.case_id,
        "jurisdiction": report.jurisdiction,
        "sector": report.sector,
        "clocks": [clock_json(clock, today) for clock in report.clocks],
        "waiting": [
            {
                **_rule_json(clock.rule),
                "needs": clock.rule.counted_from,
                "text": waiting_words(clock, report.case_id),
            }
            for clock in report.waiting
        ],
        "rights": [{**_rule_json(rule), "text": right_words(rule)} for rule in report.rights],
        "notes": report.notes,
    }


def case_lines(report: Report, today: date) -> list[tuple[str, bool]]:
    """What ``case show`` says about rights: any deadline of the person's near or past, the doors
    already open, and the next clock; each line with whether it is a warning."""
    from gripe.rights.clocks import next_clock

    lines: list[tuple[str, bool]] = []
    for clock in report.clocks:
        said = warning(clock, today)
        if said:
            lines.append((f"{said} {sentence(clock)}", True))
        elif clock.kind == "opens" and clock.day is not None and clock.day <= today:
            lines.append((f"Open to you now: {sentence(clock)}", False))
    upcoming = next_clock(report, today)
    if upcoming is not None and warning(upcoming, today) is None:  # else already said above
        lines.append(
            (f"Next clock: {sentence(upcoming)} ({status(upcoming, today)}; "
             f"gripe rights {report.case_id})", False)
        )  # fmt: skip
    elif not lines:
        lines.append(
            (f"Rights: who you can go to, and the dates to record: gripe rights {report.case_id}",
             False)
        )  # fmt: skip
    return lines
