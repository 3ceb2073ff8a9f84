"""Listings as lines in columns: a page of rows, and long listings laid out as they are read.

A rich Table measures every row before it draws the first: about a third of a millisecond a
row, and every row held until the end (50,000 promises took 20 s and 330 MB; a page of 20 rows
cost a tenth of a start-up budget, and its import more). A listing is laid out here instead:
the header once, then the rows as rich Segments, each column its width, the wide columns (a
promise's text, a case's title) wrapped at spaces. A page (`page`) fits its columns to its
rows; a long listing (``--all``, or a ``--limit`` past a screen: `header` and `lines`) sizes
them before the first row, from the header, the kind of value and the screen, and writes the
rows in batches as they come from the database, so memory stays flat and a row costs some tens
of microseconds.

The columns and cells here are the listings' only definition; a company's card shows its open
cases in a rich table made of them (`gripe.render.cases.cases_table`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from rich.segment import Segment, Segments
from rich.style import Style
from rich.text import Text

from gripe.model import CaseSummary, CompanySummary, Promise, Rep
from gripe.render.promises import fate_words
from gripe.render.text import View, _cells, rep_label, wrap


class Styled(NamedTuple):
    """A cell in a style: what a listing row needs of a rich Text, at a fraction of its cost."""

    text: str
    style: str

    def __str__(self) -> str:
        return self.text


Cell = str | Text | Styled
BATCH = 500  # rows laid out and printed at a time


class Column(NamedTuple):
    header: str
    width: int  # 0: the wide column, which takes what the others leave
    right: bool = False


def _widths(columns: Sequence[Column], screen: int) -> list[int]:
    fixed = sum(max(column.width, len(column.header)) for column in columns if column.width)
    gaps = 2 * (len(columns) - 1)
    flexible = [column for column in columns if not column.width]
    share = max(MIN_WIDE, (screen - fixed - gaps) // max(1, len(flexible)))
    return [max(column.width, len(column.header)) if column.width else share for column in columns]


def _fitted(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], screen: int) -> list[int]:
    """A page's widths: each fixed column as wide as its longest cell (up to a limit), the wide
    ones sharing what is left of the screen, and no wider than their longest cell."""
    longest = [len(column.header) for column in columns]
    for cells in rows:
        for index, cell in enumerate(cells):
            longest[index] = max(longest[index], _cells(str(cell)))
    widths = [
        min(longest[index], max(column.width, MAX_FIXED)) if column.width else 0
        for index, column in enumerate(columns)
    ]
    flexible = [index for index, column in enumerate(columns) if not column.width]
    left = screen - sum(widths) - 2 * (len(columns) - 1)
    share = max(MIN_WIDE, left // max(1, len(flexible)))
    for index in flexible:
        widths[index] = max(len(columns[index].header), min(longest[index], share))
    return widths


MAX_FIXED = 32  # a page's fixed column grows to its longest cell up to this, then cuts it
MIN_WIDE = 16  # a wide column is never narrower: on a narrow screen the terminal folds the line


def _fit(text: str, width: int) -> list[str]:
    """A wide column's cell as its lines of at most ``width`` cells, broken at spaces.

    Text of one cell a character (most cells) is broken here, with one search for a space a
    line; anything else (wide characters, line breaks, control characters) by
    `gripe.render.wrap`."""
    if not text.isprintable() or not (text.isascii() or _cells(text) == len(text)):
        return wrap(text, width) or [""]
    found = []
    while len(text) > width:
        cut = text.rfind(" ", 1, width + 1)
        if cut < 0:
            found.append(text[:width])  # a word longer than the column is cut across lines
            text = text[width:]
        else:
            found.append(text[:cut].rstrip(" "))
            text = text[cut + 1 :].lstrip(" ")
    found.append(text)
    return found


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def header(columns: Sequence[Column], screen: int, widths: list[int] | None = None) -> Segments:
    widths = widths or _widths(columns, screen)
    line = "  ".join(
        column.header.rjust(width) if column.right else column.header.ljust(width)
        for column, width in zip(columns, widths, strict=True)
    )
    return Segments(
        [
            Segment(line.rstrip(), Style.parse("bold")),
            Segment("\n"),
            Segment("  ".join("─" * width for width in widths), Style.parse("dim")),
            Segment("\n"),
        ]
    )


def page(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], screen: int) -> Segments:
    """A page of rows (a screenful), its columns fitted to them."""
    widths = _fitted(columns, rows, screen)
    segments = list(header(columns, screen, widths).segments)
    for batch in lines(columns, rows, screen, widths):
        segments += batch.segments
    return Segments(segments)


def lines(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    screen: int,
    widths: list[int] | None = None,
) -> Iterator[Segments]:
    """The rows, a batch of lines at a time; a fixed column's cell longer than its width is cut
    with "…", a wide column's is wrapped onto lines of its own.

    A batch is made of rich Segments directly, a run of plain text and one for each styled
    cell: building a Text piece by piece, or one big Text (which is searched for control codes
    as it is made, then rendered back into segments), cost most of a long listing's time. The
    console shows any control character in them, as it does for every renderable."""
    widths = widths or _widths(columns, screen)
    layout = [
        (not column.width, width, column.right)
        for column, width in zip(columns, widths, strict=True)
    ]
    segments: list[Segment] = []
    # Plain text not yet in a segment: it runs on across cells, lines and rows up to the next
    # styled cell, so that a batch is a few segments a row for the console to go through.
    plain: list[str] = []
    count = 0
    for cells in rows:
        later: list[tuple[int, list[str]]] = []  # the wide columns' further lines
        start = len(plain)  # where this row's first line starts in ``plain``
        for index, (wide, width, right) in enumerate(layout):
            cell = cells[index]
            if index:
                plain.append("  ")
            if wide:
                fitted = _fit(str(cell), width)
                plain.append(fitted[0].ljust(width))
                if len(fitted) > 1:
                    later.append((index, fitted))
                continue
            shown = _cut(str(cell), width)
            style = cell.style if isinstance(cell, (Text, Styled)) else ""
            if not style:
                plain.append(shown.rjust(width) if right else shown.ljust(width))
                continue
            gap = " " * (width - len(shown))
            if right:
                plain.append(gap)
            segments.append(Segment("".join(plain)))
            segments.append(Segment(shown, Style.parse(str(style))))
            plain, start = ([] if right else [gap]), 0
        # A line ending in spaces would fold on a narrower screen.
        plain[start:] = ["".join(plain[start:]).rstrip(" "), "\n"]
        if later:
            height = max(len(fitted) for _, fitted in later)
            wrapped = dict(later)
            for number in range(1, height):
                pieces = []
                for index, (_, width, _) in enumerate(layout):
                    more = wrapped.get(index, [])
                    pieces.append((more[number] if number < len(more) else "").ljust(width))
                plain += ["  ".join(pieces).rstrip(" "), "\n"]
        count += 1
        if count == BATCH:
            segments.append(Segment("".join(plain)))
            yield Segments(segments)
            segments, plain, count = [], [], 0
    if plain:
        segments.append(Segment("".join(plain)))
    if segments:
        yield Segments(segments)


# ---- the listings -------------------------------------------------------------------------------

PROMISE_COLUMNS = (
    Column("#", 6, right=True),
    Column("Promise", 0),
    Column("Due", 21),
    Column("State", 28),
    Column("Rep", 0),
)


def promise_cells(view: View, promise: Promise) -> list[Cell]:
    return [
        str(promise.id),
        promise.text,
        view.when(promise.due) if promise.due else "no date given",
        Styled(*fate_words(view, promise)),
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


def case_cells(view: View, summary: CaseSummary, with_status: bool) -> list[str]:
    case = summary.case
    cells = [
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
    Column("Account", 11),
)


def company_cells(view: View, summary: CompanySummary) -> list[Cell]:
    from gripe.facts import mask_account

    company = summary.company
    return [
        str(company.id),
        company.name,
        f"{summary.open_cases} of {summary.cases}",
        str(summary.calls),
        view.relative(summary.last_contact) if summary.last_contact else "never",
        mask_account(company.account_number) or "",
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
        Styled(str(rep.broken), "red" if rep.broken else ""),
        str(rep.undated),
    ]
