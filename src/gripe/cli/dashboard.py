"""Bare ``gripe``: what needs attention now."""

from __future__ import annotations

from datetime import timedelta

from gripe import render
from gripe.cli.context import Session
from gripe.model import CaseStatus
from gripe.store import cases, promises, reading

ROWS_PER_SECTION = 10
DUE_SOON = timedelta(days=7)


def dashboard(gripe: Session) -> None:
    now = gripe.view.now
    with reading(gripe.conn) as conn:
        broken = promises.overdue(conn, now, ROWS_PER_SECTION)
        due_soon = promises.due_between(conn, now, now + DUE_SOON, ROWS_PER_SECTION)
        undated = promises.undated(conn, ROWS_PER_SECTION)
        open_cases = cases.summaries(conn, [CaseStatus.OPEN], now, limit=ROWS_PER_SECTION)
        hidden = {
            "broken": promises.count_overdue(conn, now) - len(broken),
            "due": promises.count_due_between(conn, now, now + DUE_SOON) - len(due_soon),
            "undated": promises.count_undated(conn) - len(undated),
            "cases": cases.count(conn, [CaseStatus.OPEN]) - len(open_cases),
        }
    if not (broken or due_soon or undated or open_cases):
        gripe.note(
            'Nothing open. Log a call: gripe log "Company" "what happened" (or try: gripe demo)'
        )
        return
    shown = render.dashboard(gripe.view, broken, due_soon, undated, open_cases, hidden)
    gripe.show(shown, prewrapped=True)
