"""``gripe backup``, ``restore`` and ``doctor``: keep the log, put it back, check it."""

from pathlib import Path
from typing import Annotated

import typer

from gripe.cli.context import emit_json, session
from gripe.cli.options import Force, command_app

backup_app = command_app()
restore_app = command_app()
doctor_app = command_app()

BackupFile = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the copy to FILE instead of the backup folder (never over an existing "
        "file without --force).",
        show_default=False,
        dir_okay=False,
    ),
]


@backup_app.command("backup")
def backup(ctx: typer.Context, output: BackupFile = None, force: Force = False) -> None:
    """Back the log up now: a consistent copy, even while another gripe writes.

    Without -o the copy goes to gripe's backup folder, beside the daily ones gripe takes by
    itself (see gripe doctor); gripe keeps the ones you take until you delete them.
    """
    from gripe.store import backup as backups

    gripe = session(ctx)
    if output is None:
        taken = backups.take(gripe.conn, gripe.path, backups.MANUAL)
        gripe.note(f"Backed up the log to {taken.path}")
        return
    from gripe.files import new_file

    with new_file(output, force) as temporary:
        backups.copy_to(gripe.conn, temporary, replace=True)
    gripe.note(f"Backed up the log to {output}")


@restore_app.command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A backup: from gripe's backup folder (gripe doctor names the newest) or -o.",
            show_default=False,
        ),
    ],
) -> None:
    """Put a backup in place of the whole log (every case, call and the undo history).

    The backup is checked first, and the log as it is now is backed up before it is replaced:
    to go back, restore that backup. gripe undo does not reverse a restore.
    """
    from gripe.store import backup as backups
    from gripe.store import db

    gripe = session(ctx)
    path, is_default = db.resolve_path(gripe.db_option)
    db.prepare_folder(path, is_default)
    saved = backups.restore(path, file)
    db.connect(path).close()  # the recipe: a backup from an older gripe is brought up to date
    if saved is None:
        gripe.note(f"Restored {file} as the log at {path}")
    else:
        gripe.note(
            f"Restored {file} as the log at {path}. The log as it was is kept; to go back: "
            f"gripe restore {saved.path}"
        )


@doctor_app.command("doctor")
def doctor(
    ctx: typer.Context,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="Put right what can be without guessing (after backing the log up): file "
            "modes, leftovers of killed writes, rows an older gripe let in, a missing backup.",
        ),
    ] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the log: integrity, references, stored values, evidence files, file modes,
    unfinished writes and backups. Exits 1 when anything is wrong."""
    from gripe import render
    from gripe.store import db, doctor

    gripe = session(ctx)
    path, is_default = db.resolve_path(gripe.db_option)
    report = doctor.examine(path, repair, default_folder=is_default)
    if json_:
        emit_json(render.doctor_json(report))
    else:
        gripe.show(render.doctor_text(report), prewrapped=True)
    if not report.ok:
        raise typer.Exit(1)
