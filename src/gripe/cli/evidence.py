"""``gripe calendar``, ``gripe attach`` and ``gripe bundle``: getting the log out, with proof.

Each command imports what it needs in its body: ``gripe attach`` never loads icalendar or
zipfile, ``gripe calendar`` never loads the bundle code.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from gripe.cli.context import session
from gripe.cli.options import CaseArg, Force, OutputFile, command_app
from gripe.store import reading, writing
from gripe.store.rows import parse_id

calendar_app = command_app()
attach_app = command_app()
bundle_app = command_app()


@calendar_app.command("calendar")
def calendar(
    ctx: typer.Context,
    output: OutputFile = None,
    force: Force = False,
) -> None:
    """Your pending deadlines as an iCalendar file, with alarms.

    One event per pending promise on an open case, and per letter of yours waiting for its reply
    (on its reply date). Import it
    into your calendar app; importing a newer one updates the same events.
    """
    from gripe import calendar as ical
    from gripe.store import letters, promises

    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        pending = promises.due_between(conn, *ical.all_time())
        waiting = letters.waiting(conn)
    data = ical.calendar_bytes(gripe.view, pending, waiting)
    count = f"{len(pending)} pending promise{'s' if len(pending) != 1 else ''}"
    if waiting:
        count += (
            f" and {len(waiting)} letter{'s' if len(waiting) != 1 else ''} waiting for a reply"
        )
    if output is not None:
        from gripe.files import write_new

        write_new(output, data, force)
        gripe.note(f"Wrote {count} to {output}; import it into your calendar app")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        if not pending and not waiting:
            gripe.note("No pending promises on open cases: the calendar has no events")


@attach_app.command("attach")
def attach(
    ctx: typer.Context,
    case: CaseArg,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The file to keep: a receipt, a photo, a bill, a screenshot, a recording.",
            show_default=False,
        ),
    ],
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="What the file shows.", show_default=False),
    ] = None,
) -> None:
    """Keep a copy of a file as evidence on a case.

    The copy lives in gripe's data folder under its sha256, so the original may be deleted.
    """
    from gripe.store import cases, evidence

    evidence.check_source(file)  # before the database is even opened
    gripe = session(ctx)
    case_id = parse_id(case, "case")
    with reading(gripe.conn) as conn:
        cases.get(conn, case_id)  # an unknown case is refused before anything is copied
    # Copied outside the transaction: a large recording must not hold up other gripes' writes.
    folder = evidence.folder_for(gripe.path)
    sha256, size = evidence.store_file(folder, file)
    with writing(gripe.conn) as conn:
        cases.get(conn, case_id)
        kept = evidence.add(conn, case_id, file.name, sha256, size, gripe.view.now, note)
    gripe.note(
        f"Attached {kept.file_name} ({kept.size:,} bytes, sha256 {kept.sha256[:12]}…) to case "
        f"#{kept.case_id} as evidence #{kept.id}. gripe keeps its own copy in "
        f"{folder.absolute()}, so the original may be deleted. "
        f"For an ombudsman or a court: gripe bundle {kept.case_id} -o case-{kept.case_id}.zip"
    )


@bundle_app.command("bundle")
def bundle(
    ctx: typer.Context,
    case: CaseArg,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.zip",
            help="The zip to write.",
            show_default=False,
            dir_okay=False,
        ),
    ],
    force: Force = False,
    full_account: Annotated[
        bool,
        typer.Option("--full-account", help="Show the whole account number, not its last four."),
    ] = False,
) -> None:
    """One zip of a case for an ombudsman, a regulator or a court.

    Inside: the case file (the timeline in Markdown), its letters, its evidence files and a
    manifest with each file's sha256.
    """
    from gripe.bundle import LetterText, write_bundle
    from gripe.facts.record import record
    from gripe.store import cases, evidence, letters

    gripe = session(ctx)
    view = gripe.view
    case_id = parse_id(case, "case")
    with reading(gripe.conn) as conn:
        timeline = cases.timeline(conn, case_id)
        texts = [
            LetterText(letter.id, letter.template, letter.format, letters.body(conn, letter.id))
            for letter in timeline.letters
        ]
    items = list(timeline.evidence)
    kept = record(timeline, view.now, view.zone, full_account, gripe.setting("jurisdiction"))
    folder = evidence.folder_for(gripe.path)
    files = write_bundle(output, view, kept, texts, items, folder, force)
    stored = len(files) - 1 - len(texts)  # the case file and the letters come first
    gripe.note(
        f"Wrote {output}: the case file, {_count(len(texts), 'letter')}, "
        f"{_count(stored, 'evidence file')} and manifest.json"
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
