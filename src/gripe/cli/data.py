"""``gripe export`` and ``gripe import``: the log as a file, and a file merged back into a log."""

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from gripe.cli.context import session
from gripe.cli.options import Force, OutputFile, command_app, complete_case, complete_choice
from gripe.errors import BadInput, InvalidState
from gripe.store import reading, transfer
from gripe.store.rows import parse_id

export_app = command_app()
import_app = command_app()

FORMATS = ("json", "csv")


class _Bar:
    """A progress bar on stderr, begun by the store only when the work is big."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar: Any = None
        self.task: Any = None

    def begin(self, label: str, total: int) -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

        self.end()
        self.bar = Progress(
            "{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task(label, total=total)

    def advance(self, amount: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, amount)

    def end(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextmanager
def _progress(console: Console) -> Iterator[transfer.Progress]:
    """A bar when stderr is a terminal; nothing drawn into a pipe or a log file."""
    if not sys.stderr.isatty():
        yield transfer.Quiet()
        return
    bar = _Bar(console)
    try:
        yield bar
    finally:
        bar.end()


def _pick_format(chosen: str | None, output: Path | None) -> str:
    if chosen is None:
        return "csv" if output is not None and output.suffix.lower() == ".csv" else "json"
    wanted = chosen.strip().lower()
    if wanted not in FORMATS:
        raise BadInput(f"{chosen!r} is not an export format; use --format json or --format csv")
    return wanted


def _to_stdout(pieces: Iterable[str]) -> None:
    try:
        for piece in pieces:
            sys.stdout.buffer.write(piece.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader went away (gripe export | head): nothing more to say to it


@export_app.command("export")
def export(
    ctx: typer.Context,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="json (everything, to back up or move to import) or csv (one row per call, "
            "for a spreadsheet); default: from -o's name, else json.",
            show_default=False,
            autocompletion=complete_choice("export_format"),
        ),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            metavar="ID",
            help="Only this case, with its company, reps, calls, promises and letters.",
            show_default=False,
            autocompletion=complete_case,
        ),
    ] = None,
    output: OutputFile = None,
    force: Force = False,
) -> None:
    """Write the log, or one case, to a JSON or CSV file.

    JSON holds everything, to back up or to move to another gripe (gripe import); CSV has one
    row per call, for a spreadsheet.

    Examples:
      gripe export -o gripe.json
      gripe export --case 12 -f csv -o case-12.csv
      gripe export | gzip > gripe-$(date +%F).json.gz
    """
    gripe = session(ctx)
    chosen = _pick_format(format_, output)
    case_id = parse_id(case, "case") if case is not None else None
    if output is not None and output.exists() and not force:  # before the work, not after
        raise InvalidState(f"{output} already exists; add --force to replace it")
    view = gripe.view
    with _progress(gripe.err) as progress, reading(gripe.conn) as conn:
        if chosen == "csv":
            pieces = transfer.export_csv(conn, view.now, view.zone, case_id, progress)
        else:
            pieces = transfer.export_json(conn, view.now, case_id, progress)
        if output is None:
            _to_stdout(pieces)
            return
        from gripe.files import new_file

        # Written as it is read, into a file beside the target that takes its place at the end.
        with new_file(output, force) as temporary, open(temporary, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8"))
    what = f"case #{case_id}" if case_id is not None else "the log"
    gripe.note(f"Exported {what} to {output} ({chosen})")


@import_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="A JSON file written by gripe export (- reads standard input).",
            show_default=False,
        ),
    ],
    json_: Annotated[
        bool, typer.Option("--json", help="Print what was added and skipped as JSON.")
    ] = False,
) -> None:
    """Merge an export into the log.

    Rows are matched by their uuid: what is already here is skipped, so importing a file twice
    adds nothing.

    Examples:
      gripe import gripe.json
      gunzip -c gripe.json.gz | gripe import - --json
    """
    gripe = session(ctx)
    with _progress(gripe.err) as progress:
        counts = transfer.import_file(gripe.conn, None if file == "-" else Path(file), progress)
    if json_:
        gripe.json({"file": file, "tables": {name: got._asdict() for name, got in counts.items()}})
        return
    added = sum(got.added for got in counts.values())
    if not added:
        skipped = sum(got.skipped + got.merged for got in counts.values())
        gripe.note(
            f"Nothing new in {file}: "
            + ("the one row in it is" if skipped == 1 else f"all {skipped:,} rows are")
            + " already in the log"
        )
        return
    lines = [f"Imported {file}:"]
    for name, got in counts.items():
        if not any(got):
            continue
        line = f"  {name:<14} {got.added:>8,} added {got.skipped:>8,} skipped (already here)"
        if got.merged:
            line += f", {got.merged:,} merged into the company of the same name"
        lines.append(line)
    gripe.note("\n".join(lines))
