"""Bare ``gripe``: what needs attention now."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sized
from datetime import timedelta
from typing import TYPE_CHECKING

from gripe.cli.context import Session
from gripe.facts.next_step import next_step
from gripe.facts.record import summary_situation
from gripe.model import CaseStatus
from gripe.render import dashboard as views
from gripe.store import cases, letters, promises, reading

if TYPE_CHECKING:
    from gripe.rights.clocks import Clock
    from gripe.rights.facts import CaseFacts

ROWS_PER_SECTION = 10
DUE_SOON = timedelta(days=7)


def dashboard(gripe: Session, json_: bool = False) -> None:
    """What needs attention now; with ``json_``, one object with a list per section (each as
    the dashboard shows it: the first `ROWS_PER_SECTION`) and every section's whole count."""
    now = gripe.view.now
    with reading(gripe.conn) as conn:
        broken = list(promises.overdue(conn, now, ROWS_PER_SECTION))
        unanswered = letters.overdue(conn, now, ROWS_PER_SECTION)
        due_soon = list(promises.due_between(conn, now, now + DUE_SOON, ROWS_PER_SECTION))
        undated = list(promises.undated(conn, ROWS_PER_SECTION))
        open_cases = list(cases.summaries(conn, [CaseStatus.OPEN], now, limit=ROWS_PER_SECTION))
        clocks, doors = _clocks_and_doors(gripe, conn, [summary.case.id for summary in open_cases])
        hidden = {
            "broken": _left_out(broken, lambda: promises.count_overdue(conn, now)),
            "letters": _left_out(unanswered, lambda: letters.count_overdue(conn, now)),
            "due": _left_out(
                due_soon, lambda: promises.count_due_between(conn, now, now + DUE_SOON)
            ),
            "undated": _left_out(undated, lambda: promises.count_undated(conn)),
            "cases": _left_out(open_cases, lambda: cases.count(conn, [CaseStatus.OPEN])),
        }
    steps = {
        summary.case.id: next_step(summary_situation(summary, now, doors.get(summary.case.id)))
        for summary in open_cases
    }
    if json_:
        totals = {
            "broken": len(broken) + hidden["broken"],
            "letters": len(unanswered) + hidden["letters"],
            "due": len(due_soon) + hidden["due"],
            "undated": len(undated) + hidden["undated"],
            "cases": len(open_cases) + hidden["cases"],
            "clocks": len(clocks),
        }
        data = views.dashboard_json(
            gripe.view, broken, due_soon, undated, open_cases, totals, clocks, unanswered, steps
        )
        gripe.json(data)
        return
    if not (broken or unanswered or due_soon or undated or open_cases or clocks):
        gripe.note(
            'Nothing open. Log a call: gripe log "Company" "what happened" (or try: gripe demo)'
        )
        return
    shown = views.dashboard(
        gripe.view, broken, due_soon, undated, open_cases, hidden, clocks, unanswered, steps
    )
    gripe.show(shown, prewrapped=True)


def _left_out(shown: Sized, count: Callable[[], int]) -> int:
    """What a section of `ROWS_PER_SECTION` leaves out: counted only when it is full."""
    return count() - len(shown) if len(shown) == ROWS_PER_SECTION else 0


def _clocks_and_doors(
    gripe: Session, conn: sqlite3.Connection, case_ids: list[int]
) -> tuple[list[tuple[CaseFacts, Clock]], dict[int, str]]:
    """Rights clocks opening within 7 days or closing within 14, of the open cases the
    dashboard lists (its cost follows what is shown, not the size of the log), and the body
    whose door is open now for each (for the next step); none, and nothing loaded, until the
    jurisdiction and a company's sector are set."""
    jurisdiction = gripe.setting("jurisdiction")
    if jurisdiction is None or not case_ids:
        return [], {}
    from gripe import rights
    from gripe.store import rights as case_rights

    view = gripe.view
    today = view.now.astimezone(view.zone).date()
    facts = case_rights.facts_of(conn, case_ids, view.zone)
    doors: dict[int, str] = {}
    for case in facts:
        door = rights.open_door(rights.report(case, jurisdiction), today)
        if door is not None:
            doors[case.case_id] = door.body
    return rights.pressing(facts, jurisdiction, today), doors
