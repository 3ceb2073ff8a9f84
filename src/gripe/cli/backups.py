"""``gripe backup``, ``restore`` and ``doctor``: keep the log, put it back, check it."""

from pathlib import Path
from typing import Annotated

import typer

from gripe.cli.context import session
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


JsonFlag = Annotated[bool, typer.Option("--json", help="Print what was done as JSON.")]


@backup_app.command("backup")
def backup(
    ctx: typer.Context, output: BackupFile = None, force: Force = False, json_: JsonFlag = False
) -> None:
    """Back the log up now: a consistent copy.

    The copy is consistent even while another gripe writes. Without -o it goes to gripe's
    backup folder, beside the daily ones gripe takes by itself (see gripe doctor); gripe keeps
    the ones you take until you delete them.

    Examples:
      gripe backup
      gripe backup -o ~/Dropbox/gripe-backup.db --force
    """
    from gripe.store import backup as backups

    gripe = session(ctx)
    if output is None:
        path = backups.take(gripe.conn, gripe.path, backups.MANUAL).path
    else:
        from gripe.files import new_file

        with new_file(output, force) as temporary:
            backups.copy_to(gripe.conn, temporary, replace=True)
        path = output
    if json_:
        gripe.json({"log": str(gripe.path), "backup": str(path)})
    else:
        gripe.note(f"Backed up the log to {path}")


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
    json_: JsonFlag = False,
) -> None:
    """Put a backup in place of the whole log.

    Every case, call and the undo history are replaced. The backup is checked first, and the
    log as it is now is backed up before it is replaced: to go back, restore that backup.
    gripe undo does not reverse a restore.

    Examples:
      gripe restore ~/Dropbox/gripe-backup.db
    """
    from gripe.store import backup as backups
    from gripe.store import db

    gripe = session(ctx)
    path, is_default = db.resolve_path(gripe.db_option)
    db.prepare_folder(path, is_default)
    saved = backups.restore(path, file)
    db.connect(path).close()  # the recipe: a backup from an older gripe is brought up to date
    if json_:
        gripe.json(
            {"log": str(path), "restored": str(file), "kept": str(saved.path) if saved else None}
        )
    elif saved is None:
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
    """Check the log, its files and its backups.

    Integrity, references, stored values, evidence files, file modes, unfinished writes and
    backups; each problem with what to type. Exits 1 when anything is wrong.

    Examples:
      gripe doctor
      gripe doctor --repair
    """
    from gripe.render import doctor as views
    from gripe.store import db, doctor

    gripe = session(ctx)
    path, is_default = db.resolve_path(gripe.db_option)
    report = doctor.examine(path, repair, default_folder=is_default)
    if json_:
        gripe.json(views.doctor_json(report))
    else:
        gripe.show(views.doctor_text(report), prewrapped=True)
    if not report.ok:
        raise typer.Exit(1)
