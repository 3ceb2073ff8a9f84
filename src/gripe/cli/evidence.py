"""``gripe calendar``, ``gripe attach`` and ``gripe bundle``: getting the log out, with proof.

Each command imports what it needs in its body: ``gripe attach`` never loads icalendar or
zipfile, ``gripe calendar`` never loads the bundle code.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from gripe.cli.context import session
from gripe.cli.options import CaseArg, Force, JsonFlag, OutputFile, command_app
from gripe.plural import counted
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

    One event per pending promise on an open case, and per letter of yours waiting for its
    reply (on its reply date). Import it into your calendar app; importing a newer one updates
    the same events.

    Examples:
      gripe calendar -o gripe.ics
      gripe calendar > ~/Calendars/gripe.ics
    """
    from gripe import calendar as ical
    from gripe.store import letters, promises

    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        pending = list(promises.due_between(conn, *ical.all_time()))
        waiting = letters.waiting(conn)
    data = ical.calendar_bytes(gripe.view, pending, waiting)
    count = counted(len(pending), "pending promise")
    if waiting:
        count += f" and {counted(len(waiting), 'letter')} waiting for a reply"
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
    json_: JsonFlag = False,
) -> None:
    """Keep a copy of a file as evidence on a case.

    The copy lives in gripe's data folder under its sha256, so the original may be deleted;
    gripe bundle puts it in the case's zip.

    Examples:
      gripe attach 12 bill-june.pdf --note "The June bill, charged twice"
      gripe attach 12 ~/Pictures/router-lights.jpg --json
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
    if json_:
        from gripe import render

        gripe.json({**render.evidence_json(gripe.view, kept), "stored_in": str(folder.absolute())})
        return
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
    json_: Annotated[
        bool, typer.Option("--json", help="Print what the zip holds (its manifest) as JSON.")
    ] = False,
) -> None:
    """One zip of a case for an ombudsman or a court.

    Inside: the case file (the timeline in Markdown), its letters, its evidence files and a
    manifest with each file's sha256.

    Examples:
      gripe bundle 12 -o case-12.zip
      gripe bundle 12 -o case-12.zip --force --json
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
    if json_:
        gripe.json({"case_id": case_id, "output": str(output), "files": files})
        return
    gripe.note(
        f"Wrote {output}: the case file, {counted(len(texts), 'letter')}, "
        f"{counted(stored, 'evidence file')} and manifest.json"
    )
