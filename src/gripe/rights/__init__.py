"""Rights and clocks: who a person can take a complaint to, and when, for their jurisdiction and
the company's sector, with the primary source of every rule.

The data (`uk`, `us`) is loaded only by what needs it (`gripe rights`, `case show`, the
dashboard when an open case has a sector, letters); importing this package loads nothing else.

The API, for commands and letters:

- `applicable(jurisdiction, sector)`: the rules that apply, without dates.
- `report(facts, jurisdiction)`: every clock of a case computed from its facts
  (`gripe.rights.facts.CaseFacts`, built by `gripe.store.rights.facts`), waiting clocks, rights
  and notes; `gripe.rights.words` says them in words and as JSON.
- `pressing(cases, jurisdiction, today)`: the clocks the dashboard shows.
- `body_for(jurisdiction, sector)`: the ombudsman or regulator a letter should be addressed to,
  or None when gripe has no rule for that sector (a letter then uses generic wording).
- `open_door(report, today)`: that body, once its door is open (the next step proposes it).
- `rule(key)`: one rule by its key (the rules a letter always rests on: the Fair Credit Billing
  Act's, section 75).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from gripe.rights.clocks import Clock, Report
    from gripe.rights.facts import CaseFacts
    from gripe.rights.rules import Rule


def all_rules() -> tuple[Rule, ...]:
    from gripe.rights import uk, us

    return uk.RULES + us.RULES


def applicable(jurisdiction: str, sector: str | None) -> list[Rule]:
    """The rules for a jurisdiction and sector (with no sector: the rules for every company)."""
    return [
        rule
        for rule in all_rules()
        if rule.jurisdiction == jurisdiction
        and (rule.sectors is None or (sector is not None and sector in rule.sectors))
    ]


def rule(key: str) -> Rule:
    """The rule with this key (letters cite a rule they always rest on, like section 75)."""
    found = next((rule for rule in all_rules() if rule.key == key), None)
    if found is None:
        raise KeyError(key)
    return found


def body_for(jurisdiction: str, sector: str | None) -> Rule | None:
    """The sector's own ombudsman, scheme or regulator (the first sector rule that names a body
    the person goes to), or None: never a body recorded for another sector."""
    for rule in applicable(jurisdiction, sector):
        if rule.sectors is not None and rule.kind in {"opens", "right"}:
            return rule
    return None


def open_door(found: Report, today: date) -> Rule | None:
    """The sector's ombudsman or scheme, when its door is open today (its waiting time has
    passed, or a final response opened it): what the next step proposes to take the case to."""
    for clock in found.clocks:
        rule = clock.rule
        if (
            clock.kind == "opens"
            and rule.sectors is not None
            and clock.day is not None
            and clock.day <= today
        ):
            return rule
    return None


def report(facts: CaseFacts, jurisdiction: str | None) -> Report:
    from gripe.rights.clocks import compute

    return compute(facts, jurisdiction, all_rules())


def for_case(
    facts: CaseFacts, jurisdiction: str | None, today: date
) -> tuple[Report | None, list[tuple[str, bool]]]:
    """What ``case show`` needs: the report and its lines about rights, each with whether it is
    a warning. Without a jurisdiction or a sector there is nothing to compute (the report is
    None and no rule is loaded): the line says what to set."""
    if jurisdiction is None:
        return None, [
            (
                "Rights: gripe does not know whose law applies; set it to see the ombudsman and "
                "clocks for this case: gripe config set jurisdiction UK (or US)",
                False,
            )
        ]
    if facts.sector is None:
        return None, [
            (
                "Rights: the company has no sector, so gripe names no ombudsman or regulator: "
                f"gripe company edit {facts.company_id} --sector SECTOR",
                False,
            )
        ]
    from gripe.rights.words import case_lines

    found = report(facts, jurisdiction)
    return found, case_lines(found, today)


def pressing(
    cases: list[CaseFacts], jurisdiction: str, today: date
) -> list[tuple[CaseFacts, Clock]]:
    """For the dashboard: each clock of these cases that opens within 7 days or closes within
    14, soonest first. Loads the rules only when there is a case to look at."""
    if not cases:
        return []
    from gripe.rights.clocks import is_pressing

    found = [
        (facts, clock)
        for facts in cases
        for clock in report(facts, jurisdiction).clocks
        if is_pressing(clock, today)
    ]
    found.sort(key=lambda item: (item[1].day, item[0].case_id))
    return found
