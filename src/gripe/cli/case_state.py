"""A case as the commands that show it or write about it see it: its record, its rights, and
the next step, put together the same way for ``case show``, ``gripe demo`` and ``gripe letter``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from gripe.cli.context import Session
from gripe.facts.next_step import NextStep, next_step
from gripe.facts.record import Record, record
from gripe.store import cases, reading

if TYPE_CHECKING:
    from gripe.rights.clocks import Report
    from gripe.rights.rules import Rule


class CaseState(NamedTuple):
    record: Record
    step: NextStep
    report: Report | None  # None without a jurisdiction or a sector
    rights_lines: list[tuple[str, bool]]  # what case show says of its rights
    door: Rule | None  # the body whose door is open now, if any


def case_state(gripe: Session, case_id: int, show_full_account: bool = False) -> CaseState:
    from gripe import rights
    from gripe.store import rights as case_rights

    view = gripe.view
    jurisdiction = gripe.setting("jurisdiction")
    with reading(gripe.conn) as conn:
        timeline = cases.timeline(conn, case_id)
        facts = case_rights.facts(conn, case_id, view.zone)
    today = view.now.astimezone(view.zone).date()
    report, lines = rights.for_case(facts, jurisdiction, today)
    door = rights.open_door(report, today) if report is not None else None
    found = record(timeline, view.now, view.zone, show_full_account, jurisdiction)
    step = next_step(found.situation(door.body if door else None))
    return CaseState(found, step, report, lines, door)
