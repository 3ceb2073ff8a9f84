"""Long listings as lines, laid out as they are read: ``--all``, or a ``--limit`` past a screen.

A rich Table measures every row before it draws the first: about a third of a millisecond a
row, and every row held until the end (50,000 promises took 20 s and 330 MB). A long listing is
laid out here instead in columns whose widths are known before the first row (from the header,
the kind of value and the screen), the header once, then the rows in batches of pre-wrapped
Text as they come from the database, the one wide column wrapped at word boundaries like the
table's. Memory stays flat and a row costs some tens of microseconds.

The columns are those of the page tables in `gripe.render` (`promises_table`, `cases_table`,
`companies_table`, `reps_table`), with the same cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from rich.text import Text

from gripe.model import CaseSummary, CompanySummary, Promise, Rep
from gripe.render import View, _promise_state, mask_account, rep_label, wrap

Cell = str | Text
BATCH = 500  # rows laid out and printed at a time


class Column(NamedTuple):
    header: str
    width: int  # 0: the wide column, which takes what the others leave
    right: bool = False


def _widths(columns: Sequence[Column], screen: int) -> list[int]:
    fixed = sum(max(column.width, len(column.header)) for column in columns if column.width)
    gaps = 2 * (len(columns) - 1)
    flexible = [column for column in columns if not column.width]
    share = max(12, (screen - fixed - gaps) // max(1, len(flexible)))
    return [max(column.width, len(column.header)) if column.width else share for column in columns]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def header(columns: Sequence[Column], screen: int) -> Text:
    widths = _widths(columns, screen)
    line = "  ".join(
        column.header.rjust(width) if column.right else column.header.ljust(width)
        for column, width in zip(columns, widths, strict=True)
    )
    out = Text(line.rstrip() + "\n", style="bold")
    out.append("  ".join("─" * width for width in widths) + "\n", style="dim")
    return out


def lines(
    columns: Sequence[Column], rows: Iterable[Sequence[Cell]], screen: int
) -> Iterator[Text]:
    """The rows, a batch of lines at a time; a fixed column's cell longer than its width is cut
    with "…", the wide column's is wrapped onto lines of its own."""
    widths = _widths(columns, screen)
    out = Text()
    count = 0
    for cells in rows:
        wrapped = [
            wrap(str(cell), width) or [""] if not column.width else None
            for column, cell, width in zip(columns, cells, widths, strict=True)
        ]
        height = max((len(parts) for parts in wrapped if parts is not None), default=1)
        for number in range(height):
            pieces: list[Cell] = []
            for column, cell, width, parts in zip(columns, cells, widths, wrapped, strict=True):
                if parts is not None:
                    pieces.append((parts[number] if number < len(parts) else "").ljust(width))
                elif number:
                    pieces.append(" " * width)
                else:
                    shown = _cut(str(cell), width)
                    padded = shown.rjust(width) if column.right else shown.ljust(width)
                    style = cell.style if isinstance(cell, Text) else ""
                    pieces.append(Text(padded, style=style) if style else padded)
            # No spaces at the end of a line: they would wrap on a narrower terminal.
            while pieces and not str(pieces[-1]).strip():
                pieces.pop()
            if pieces:
                last = pieces[-1]
                pieces[-1] = (
                    last.rstrip()
                    if isinstance(last, str)
                    else Text(str(last).rstrip(), style=last.style)
                )
            for index, piece in enumerate(pieces):
                if index:
                    out.append("  ")
                out.append(piece)
            out.append("\n")
        count += 1
        if count == BATCH:
            yield out
            out, count = Text(), 0
    if count:
        yield out


# ---- the listings -------------------------------------------------------------------------------

PROMISE_COLUMNS = (
    Column("#", 6, right=True),
    Column("Promise", 0),
    Column("Due", 21),
    Column("State", 28),
    Column("Rep", 24),
)


def promise_cells(view: View, promise: Promise) -> list[Cell]:
    return [
        str(promise.id),
        promise.text,
        view.when(promise.due) if promise.due else "no date given",
        _promise_state(view, promise),
        rep_label(promise.rep),
    ]


def case_columns(with_status: bool) -> tuple[Column, ...]:
    columns = [
        Column("#", 6, right=True),
        Column("Company", 22),
        Column("Title", 0),
        Column("Level", 10),
        Column("Days", 5, right=True),
        Column("Calls", 5, right=True),
        Column("Last contact", 16),
    ]
    if with_status:
        columns.insert(3, Column("Status", 9))
    return tuple(columns)


def case_cells(view: View, summary: CaseSummary, with_status: bool) -> list[Cell]:
    case = summary.case
    cells: list[Cell] = [
        str(case.id),
        case.company,
        case.title,
        case.level.value,
        str(case.days_open(view.now, view.zone)),
        str(summary.calls),
        view.relative(summary.last_contact) if summary.last_contact else "none yet",
    ]
    if with_status:
        cells.insert(3, case.status.value)
    return cells


COMPANY_COLUMNS = (
    Column("#", 6, right=True),
    Column("Company", 0),
    Column("Open cases", 12),
    Column("Calls", 7, right=True),
    Column("Last contact", 16),
    Column("Account", 8),
)


def company_cells(view: View, summary: CompanySummary) -> list[Cell]:
    company = summary.company
    return [
        str(company.id),
        company.name,
        f"{summary.open_cases} of {summary.cases}",
        str(summary.calls),
        view.relative(summary.last_contact) if summary.last_contact else "never",
        mask_account(company.account_number),
    ]


REP_COLUMNS = (
    Column("#", 6, right=True),
    Column("Rep", 0),
    Column("Badge", 8),
    Column("Role", 10),
    Column("Company", 22),
    Column("Calls", 5, right=True),
    Column("Kept", 5, right=True),
    Column("Broken", 6, right=True),
    Column("No date", 7, right=True),
)


def rep_cells(rep: Rep) -> list[Cell]:
    return [
        str(rep.id),
        rep.name,
        rep.employee_id or "",
        rep.role.value if rep.role else "",
        rep.company,
        str(rep.calls),
        str(rep.kept),
        Text(str(rep.broken), style="red" if rep.broken else ""),
        str(rep.undated),
    ]
