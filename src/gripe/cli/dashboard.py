"""Bare ``gripe``: what needs attention now."""

from __future__ import annotations

from gripe import render
from gripe.cli.context import Session
from gripe.model import CaseStatus
from gripe.store import cases, reading

DASHBOARD_ROWS = 20


def dashboard(gripe: Session) -> None:
    with reading(gripe.conn) as conn:
        open_cases = cases.summaries(conn, [CaseStatus.OPEN], limit=DASHBOARD_ROWS)
        total = cases.count(conn, [CaseStatus.OPEN])
    if not open_cases:
        gripe.note(
            'Nothing open. Log a call: gripe log "Company" "what happened" (or try: gripe demo)'
        )
        return
    gripe.show(render.cases_table(gripe.view, open_cases, title="Open cases"))
    gripe.show(render.more_note(len(open_cases), total, "gripe case list --all"))
