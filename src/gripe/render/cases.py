"""Cases and calls as people see them: the listing of cases, and what ``gripe log`` says."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from gripe.model import (
    Call,
    Case,
    CaseSummary,
)
from gripe.render.text import View, minutes, new_table, rep_label

if TYPE_CHECKING:
    from rich.table import Table


def cases_table(view: View, summaries: list[CaseSummary], title: str | None = None) -> Table:
    """Cases as a rich table (the open cases on a company's card): the columns and cells of
    the case listing (`gripe.render.rows`)."""
    from gripe.render.rows import case_cells, case_columns

    show_status = any(summary.case.status.value != "open" for summary in summaries)
    headers = [column.header for column in case_columns(show_status)]
    table = new_table(*headers, title=title, wrap=("Company", "Title"))
    for summary in summaries:
        table.add_row(*case_cells(view, summary, show_status))
    return table


def logged_message(view: View, call: Call, case: Case, case_created: bool) -> Text:
    where = "new case" if case_created else "case"
    details = [
        f"with {rep_label(call.rep)}" if call.rep else "",
        f"ref {call.reference}" if call.reference else "",
        f"{minutes(call.hold_minutes)} on hold" if call.hold_minutes else "",
    ]
    extra = "; ".join(part for part in details if part)
    return Text.assemble(
        ("Logged ", ""),
        (f"call #{call.id}", "bold"),
        f" on {where} #{case.id} ({case.company}: {case.title}) at {view.when(call.at)}",
        f" ({view.relative(call.at)})" if view.relative(call.at) != "just now" else "",
        f"; {extra}" if extra else "",
    )
