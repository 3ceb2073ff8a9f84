"""``gripe call edit/move/delete``: correcting a logged call (registered on the ``call`` group
by `gripe.cli.call`, beside the call in progress).

Every option of ``gripe log`` can be given again to change that fact; an empty value ("")
clears a detail. Each command echoes what changed, before → after.
"""

from typing import Annotated

import typer

from gripe import dates, render
from gripe.cli.context import session
from gripe.cli.options import (
    Completer,
    JsonFlag,
    complete_call,
    complete_case,
    complete_choice,
)
from gripe.errors import BadInput
from gripe.model import Call, Channel, Direction, Role
from gripe.plural import counted
from gripe.render import View
from gripe.render import changes as render_changes
from gripe.store import calls, writing
from gripe.store.rows import parse_id

CallArg = Annotated[
    str,
    typer.Argument(
        metavar="CALL",
        help="The call number, like 7 or #7.",
        show_default=False,
        autocompletion=complete_call,
    ),
]


def _option(help: str, metavar: str = "TEXT", complete: Completer | None = None) -> object:
    return typer.Option(metavar=metavar, help=help, show_default=False, autocompletion=complete)


def call_diff(view: View, before: Call, after: Call) -> render_changes.Diff:
    diff = render_changes.Diff()
    diff.add("case", f"#{before.case_id}", f"#{after.case_id}")
    diff.add("at", view.when(before.at), view.when(after.at))
    diff.add("summary", before.summary, after.summary, quoted=True)
    diff.add("rep", render.rep_label(before.rep), render.rep_label(after.rep))
    diff.add("channel", before.channel.value, after.channel.value)
    diff.add("direction", before.direction.value, after.direction.value)
    diff.add("ref", before.reference, after.reference, quoted=True)
    diff.add("hold", render.minutes(before.hold_minutes), render.minutes(after.hold_minutes))
    diff.add(
        "took", render.minutes(before.duration_minutes), render.minutes(after.duration_minutes)
    )
    return diff


def _duration(text: str | None) -> int | None:
    return dates.parse_duration(text) if text else None


def edit(
    ctx: typer.Context,
    call: CallArg,
    summary: Annotated[str | None, _option("What happened, in a sentence.")] = None,
    at: Annotated[
        str | None,
        _option(
            'When it happened: "yesterday 3pm", 2026-07-28 14:30. The deadlines of promises '
            "made on the call are not read again (gripe promise edit ID --by does that).",
            "WHEN",
        ),
    ] = None,
    case: Annotated[
        str | None, _option("Move it to this case (as call move).", "ID", complete_case)
    ] = None,
    rep: Annotated[str | None, _option('The rep\'s name ("" for no rep).', "NAME")] = None,
    rep_id: Annotated[str | None, _option("The rep's employee or badge id.", "ID")] = None,
    role: Annotated[
        str | None,
        _option("agent, supervisor, manager or executive.", "ROLE", complete_choice("role")),
    ] = None,
    channel: Annotated[
        str | None,
        _option(
            "phone, chat, email, letter, in-person or social.",
            "CHANNEL",
            complete_choice("channel"),
        ),
    ] = None,
    inbound: Annotated[
        bool | None,
        typer.Option(
            "--inbound/--outbound",
            help="They contacted you, or you contacted them.",
            show_default=False,
        ),
    ] = None,
    duration: Annotated[
        str | None, _option('How long it took: 25m, 1h10m, 90 ("" clears).', "D")
    ] = None,
    hold: Annotated[str | None, _option('Time on hold: 25m, 1h10m, 90 ("" clears).', "D")] = None,
    ref: Annotated[str | None, _option('The reference they gave ("" clears).', "REF")] = None,
    promise: Annotated[
        str | None, _option("Add a promise made on this call: what they promised.")
    ] = None,
    by: Annotated[
        str | None,
        _option("When that promise is due, read from the call's time.", "WHEN"),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Correct a logged call: any option of gripe log.

    Each option given replaces what was logged; an empty value ("") clears a detail. What
    changed is echoed, before → after, and gripe undo puts it back.

    Examples:
      gripe call edit 7 --hold 40m --ref CMC-88123
      gripe call edit 7 --rep "Dana Smith" --at "yesterday 3pm"
      gripe call edit 7 --promise "Refund" --by "5 business days"
    """
    gripe = session(ctx)
    if by is not None and promise is None:
        raise BadInput('--by needs the promise it is for: --promise "Engineer visit" --by WHEN')
    view, date_order = gripe.view, gripe.setting("date_order")
    call_id = parse_id(call, "call")
    values: dict[str, object] = {}
    if summary is not None:
        values["summary"] = summary
    if at is not None:
        values["at"] = dates.parse_at(at, view.now, date_order)
    if channel is not None:
        values["channel"] = Channel.parse(channel, "channel")
    if inbound is not None:
        values["direction"] = Direction.INBOUND if inbound else Direction.OUTBOUND
    if duration is not None:
        values["duration_minutes"] = _duration(duration)
    if hold is not None:
        values["hold_minutes"] = _duration(hold)
    if ref is not None:
        values["reference"] = ref
    chosen = None
    if rep is not None or rep_id is not None or role is not None:
        chosen = calls.RepChoice(rep, rep_id, Role.parse(role, "role") if role else None)
    target = parse_id(case, "case") if case is not None else None
    with writing(gripe.conn) as conn:
        first = None
        if target is not None and calls.get(conn, call_id).case_id != target:
            first = calls.move(conn, call_id, target, view.now)[0]
        edited = calls.edit(conn, call_id, values, chosen, view.now, promise, by, date_order)
    before = first or edited.before
    diff = call_diff(view, before, edited.after)
    if json_:
        gripe.json(
            {
                "before": render.call_json(view, before),
                "after": render.call_json(view, edited.after),
                "changes": diff.json(),
                "promise": render.promise_json(view, edited.promise) if edited.promise else None,
            }
        )
        return
    gripe.show(diff.text(f"Call #{call_id}"))
    if edited.promise:
        gripe.show(render.promise_echo(view, edited.promise))
    for stale in edited.stale:
        assert stale.due is not None  # only dated promises are stale
        gripe.note(
            f'Promise #{stale.id} "{stale.text}" is still due {view.when(stale.due)}, as read '
            f'from the old time; to read "{stale.due_text}" from the new one: '
            f'gripe promise edit {stale.id} --by "{stale.due_text}"'
        )


def move(
    ctx: typer.Context,
    call: CallArg,
    case: Annotated[
        str,
        typer.Option(
            "--case",
            metavar="ID",
            help="The case it belongs to.",
            show_default=False,
            autocompletion=complete_case,
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """Move a call and its promises to another case.

    Examples:
      gripe call move 7 --case 12
    """
    gripe = session(ctx)
    call_id, case_id = parse_id(call, "call"), parse_id(case, "case")
    with writing(gripe.conn) as conn:
        before, after, promises = calls.move(conn, call_id, case_id, gripe.view.now)
    diff = call_diff(gripe.view, before, after)
    if json_:
        gripe.json(
            {
                "before": render.call_json(gripe.view, before),
                "after": render.call_json(gripe.view, after),
                "changes": diff.json(),
                "promises": [render.promise_json(gripe.view, promise) for promise in promises],
            }
        )
        return
    gripe.show(diff.text(f"Call #{call_id}"))
    if promises:
        moved = ", ".join(f"#{promise.id}" for promise in promises)
        made = "the promise" if len(promises) == 1 else "the promises"
        gripe.show(f"  with {made} made on it: {moved}")


def delete(
    ctx: typer.Context,
    call: CallArg,
    cascade: Annotated[
        bool, typer.Option("--cascade", help="Delete the promises made on the call too.")
    ] = False,
    json_: JsonFlag = False,
) -> None:
    """Delete a call logged by mistake.

    With --cascade, the promises made on it go too; gripe undo brings it all back.

    Examples:
      gripe call delete 7
      gripe call delete 7 --cascade
    """
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        deleted, promises = calls.delete(conn, parse_id(call, "call"), cascade)
    if json_:
        gripe.json(
            {
                "deleted": render.call_json(gripe.view, deleted),
                "promises": [render.promise_json(gripe.view, promise) for promise in promises],
            }
        )
        return
    with_promises = ""
    if promises:
        with_promises = f" and {counted(len(promises), 'promise')} " + (
            ", ".join(f"#{promise.id}" for promise in promises)
        )
    gripe.show(
        f"Deleted call #{deleted.id} ({deleted.company}, case #{deleted.case_id}, "
        f"{gripe.view.when(deleted.at)}: {deleted.summary}){with_promises}. "
        "To bring it back: gripe undo"
    )
