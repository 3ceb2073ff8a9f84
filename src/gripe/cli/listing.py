"""How a list command shows its rows: a page as a table, a long listing as lines, ``--json`` as
a JSON array, the last two written as the rows are read.

A long listing (``--all``, or a ``--limit`` past `LONG`) and ``--json`` never hold their rows:
each row goes out as it comes from the database (see `gripe.render.rows`), so that memory stays
flat however long the log, and ``gripe … --json | jq`` reads a valid array (stdout is data; a
reader that goes away ends the listing quietly).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from rich.console import RenderableType

from gripe import render
from gripe.cli.context import Session
from gripe.render import rows as render_rows

Row = TypeVar("Row")
LONG = 200  # rows: a page up to this many is a table; more are written as lines


def is_long(all_: bool, limit: int) -> bool:
    return all_ or limit > LONG


def json_array(gripe: Session, objects: Iterable[Any]) -> int:
    """Write a JSON array an object at a time, one object to a line; how many objects.

    One line each rather than indented: the encoder in C lays out an object in a few
    microseconds, the indenting one (in Python) in sixty, which for 50,000 promises was the
    difference between a second and four."""
    import json  # only --json needs it

    write = gripe.output.stdout.write  # a pager in a terminal
    encode = json.JSONEncoder(ensure_ascii=False).encode
    count = 0
    for value in objects:
        write(("[\n" if not count else ",\n") + encode(value))
        count += 1
    write("\n]\n" if count else "[]\n")
    return count


def write_lines(
    gripe: Session, columns: Sequence[render_rows.Column], rows: Iterable[Sequence[Any]]
) -> int:
    """A long listing: the header, then the rows a batch at a time; how many rows."""
    count = 0

    def counted() -> Iterable[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    width = gripe.view.width
    batches = render_rows.lines(columns, counted(), width)
    first = next(batches, None)
    if first is None:
        return 0
    gripe.show(render_rows.header(columns, width), prewrapped=True)
    gripe.show(first, prewrapped=True)
    for batch in batches:
        gripe.show(batch, prewrapped=True)
    return count


def write_entries(
    gripe: Session, found: Iterable[Row], entries: Callable[[list[Row]], RenderableType]
) -> int:
    """Rows shown as entries (pre-wrapped Text), a batch at a time; how many rows."""
    count = 0
    batch: list[Row] = []
    for row in found:
        batch.append(row)
        if len(batch) == render_rows.BATCH:
            gripe.show(entries(batch), prewrapped=True)
            count += len(batch)
            batch = []
    if batch:
        gripe.show(entries(batch), prewrapped=True)
    return count + len(batch)


def show_rows(
    gripe: Session,
    found: Iterable[Row],
    *,
    json_: bool,
    long: bool,
    to_json: Callable[[Row], Any],
    columns: Sequence[render_rows.Column],
    cells: Callable[[Row], Sequence[Any]],
    limit: int,
    total: Callable[[], int],
    empty: str,
) -> None:
    """Show a listing (read it inside the command's read transaction): ``total`` counts every
    row there is, asked only when a page of ``limit`` rows is full."""
    if json_:
        json_array(gripe, map(to_json, found))
        return
    if long:
        shown = write_lines(gripe, columns, map(cells, found))
    else:
        rows = [cells(row) for row in found]
        shown = len(rows)
        if rows:
            gripe.show(render_rows.page(columns, rows, gripe.view.width), prewrapped=True)
            gripe.show(render.more_note(shown, total() if shown >= limit else shown))
    if not shown:
        gripe.note(empty)
