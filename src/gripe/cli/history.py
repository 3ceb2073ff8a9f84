"""``gripe history`` and ``gripe undo``: what each command changed, and taking it back.

Neither is a command of the record: ``history`` only reads, and ``undo`` marks the change it
reverts as undone rather than being journaled itself. There is no redo: an undone command is
shown with its command line, to run again.
"""

import typer

from gripe.cli.context import session
from gripe.cli.options import DEFAULT_LIMIT, AllFlag, JsonFlag, Limit, command_app
from gripe.render import changes as render_changes
from gripe.store import evidence, journal, reading

history_app = command_app()
undo_app = command_app()


@history_app.command("history")
def history(
    ctx: typer.Context,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """What each command changed, newest first.

    Each command that wrote, with its command line and what it changed, and whether it was
    undone.

    Examples:
      gripe history
      gripe history --all --json
    """
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        changes = journal.history(conn, None if all_ else limit)
        total = journal.count(conn)
    if json_:
        gripe.json([render_changes.change_json(gripe.view, change) for change in changes])
    elif not changes:
        gripe.note('Nothing done yet. Log a call: gripe log "Company" "what happened"')
    else:
        gripe.show(render_changes.history_text(gripe.view, changes), prewrapped=True)
        if total > len(changes):
            gripe.note(f"… and {total - len(changes):,} older; --all shows them all")


@undo_app.command("undo")
def undo(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Undo the newest command not yet undone.

    The log is put back exactly as it was before that command; run it again to go further
    back. There is no redo: gripe history shows an undone command's line, to run again.

    Examples:
      gripe undo
      gripe undo --json
    """
    gripe = session(ctx)
    undone = journal.undo(gripe.conn, gripe.view.now)
    evidence.forget(gripe.conn, evidence.folder_for(gripe.path), undone.files)
    following = journal.next_to_undo(gripe.conn)
    if json_:
        gripe.json(
            {
                **render_changes.change_json(gripe.view, undone.change),
                "put_back": undone.put_back,
            }
        )
    else:
        gripe.show(
            render_changes.undone_text(gripe.view, undone.change, undone.put_back, following)
        )
