"""``gripe promise add/kept/broken/cancel/list/edit/reschedule``."""

from typing import Annotated

import typer

from gripe import dates, render
from gripe.cli.context import Session, session
from gripe.cli.listing import is_long, show_rows
from gripe.cli.options import (
    DEFAULT_LIMIT,
    AllFlag,
    By,
    CaseArg,
    JsonFlag,
    Limit,
    command_app,
    complete_call,
    complete_case,
    complete_choice,
    complete_pending_promise,
    complete_promise,
)
from gripe.errors import BadInput
from gripe.model import Promise, PromiseStatus
from gripe.render import View
from gripe.render import changes as render_changes
from gripe.render import rows as render_rows
from gripe.store import calls, promises, reading, writing
from gripe.store.rows import parse_id

app = command_app(
    """Promises a company made, by when, and what became of them.

    A pending promise past its deadline is broken: gripe overdue and the dashboard list it.

    Examples:
      gripe promise add 12 "Refund of £45" --by "5 business days" --rep Dana
      gripe promise list --status overdue
      gripe promise kept 7
      gripe promise reschedule 7 --by "next friday"
    """,
    group=True,
)

PromiseArg = Annotated[
    str,
    typer.Argument(
        metavar="PROMISE",
        help="The promise number, like 7 or #7.",
        show_default=False,
        autocompletion=complete_promise,
    ),
]
# What kept, broken, cancel and reschedule act on: completed from the promises still pending.
PendingArg = Annotated[
    str,
    typer.Argument(
        metavar="PROMISE",
        help="The promise number, like 7 or #7.",
        show_default=False,
        autocompletion=complete_pending_promise,
    ),
]
Note = Annotated[
    str | None,
    typer.Option(
        "--note", metavar="TEXT", help="What happened, in a sentence.", show_default=False
    ),
]


@app.command("add")
def add(
    ctx: typer.Context,
    case: CaseArg,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="What they promised.", show_default=False)
    ],
    by: By = None,
    rep: Annotated[
        str | None,
        typer.Option("--rep", metavar="NAME", help="Who promised it.", show_default=False),
    ] = None,
    rep_id: Annotated[
        str | None,
        typer.Option("--rep-id", metavar="ID", help="Their badge id.", show_default=False),
    ] = None,
    call: Annotated[
        str | None,
        typer.Option(
            "--call",
            metavar="ID",
            help="The call it was made on (its time is the base for --by).",
            show_default=False,
            autocompletion=complete_call,
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", metavar="WHEN", help="When it was promised (default: now).", show_default=False
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Record a promise on a case.

    --by is read from when the promise was made (the time of --call, else --at, else now);
    without it the promise is undated, listed as "no date given: ask for one". gripe log
    --promise records one with the call it was made on.

    Examples:
      gripe promise add 12 "Refund of £45" --by "5 business days"
      gripe promise add 12 "Call back" --by "tomorrow noon" --call 31 --rep Dana
      gripe promise add 12 "Reduce my bill"
    """
    gripe = session(ctx)
    view, date_order = gripe.view, gripe.setting("date_order")
    case_id, call_id = parse_id(case, "case"), parse_id(call, "call") if call else None
    made_at = dates.parse_at(at, view.now, date_order) if at else view.now
    with writing(gripe.conn) as conn:
        if call_id is not None and at is None:
            made_at = calls.get(conn, call_id).at.astimezone(view.zone)
        deadline = dates.parse_deadline(by, made_at, date_order) if by is not None else None
        promise = promises.record(
            conn, case_id, text, deadline, made_at, view.now, call_id, rep, rep_id
        )
    if json_:
        gripe.json(render.promise_json(view, promise))
    else:
        gripe.show(render.promise_echo(view, promise))


def _resolve(
    ctx: typer.Context, promise: str, status: PromiseStatus, note: str | None, json_: bool
) -> None:
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        changed = promises.resolve(
            conn, parse_id(promise, "promise"), status, gripe.view.now, note
        )
    if json_:
        gripe.json(render.promise_json(gripe.view, changed))
    else:
        gripe.show(
            f'Promise #{changed.id} "{changed.text}" ({changed.company}): {changed.status.value}'
        )


@app.command("kept")
def kept(
    ctx: typer.Context, promise: PendingArg, note: Note = None, json_: JsonFlag = False
) -> None:
    """Mark a promise kept.

    A broken one may still be kept late: it is then counted as kept, late.

    Examples:
      gripe promise kept 7
      gripe promise kept 7 --note "Refund arrived on my statement"
    """
    _resolve(ctx, promise, PromiseStatus.KEPT, note, json_)


@app.command("broken")
def broken(
    ctx: typer.Context, promise: PendingArg, note: Note = None, json_: JsonFlag = False
) -> None:
    """Mark a promise broken before its deadline.

    For when they tell you it will not happen; a promise past its deadline is broken anyway.

    Examples:
      gripe promise broken 7 --note "Engineer visit cancelled by them"
    """
    _resolve(ctx, promise, PromiseStatus.BROKEN, note, json_)


@app.command("cancel")
def cancel(
    ctx: typer.Context, promise: PendingArg, note: Note = None, json_: JsonFlag = False
) -> None:
    """Cancel a promise that no longer applies.

    Logged by mistake, or superseded: a cancelled promise is no longer watched.

    Examples:
      gripe promise cancel 7 --note "Logged twice"
    """
    _resolve(ctx, promise, PromiseStatus.CANCELLED, note, json_)


@app.command("list")
def list_(
    ctx: typer.Context,
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            metavar="CASE",
            help="Only this case's promises.",
            show_default=False,
            autocompletion=complete_case,
        ),
    ] = None,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="pending, kept, broken, cancelled, overdue or any.",
            autocompletion=complete_choice("promise_status"),
        ),
    ] = "any",
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """List promises, the soonest deadline first.

    Examples:
      gripe promise list
      gripe promise list --case 12 --status pending
      gripe promise list --status overdue --json
    """
    gripe = session(ctx)
    case_id = parse_id(case, "case") if case else None
    long = is_long(all_, limit)
    view = gripe.view
    with reading(gripe.conn) as conn:
        show_rows(
            gripe,
            promises.listing(conn, view.now, case_id, status, None if all_ or json_ else limit),
            json_=json_,
            long=long,
            to_json=lambda promise: render.promise_json(view, promise),
            columns=render_rows.PROMISE_COLUMNS,
            cells=lambda promise: render_rows.promise_cells(view, promise),
            limit=limit,
            total=lambda: promises.count(conn, view.now, case_id, status),
            empty="No promises. Record one: gripe log … --promise TEXT --by WHEN",
        )


def promise_diff(view: View, before: Promise, after: Promise) -> render_changes.Diff:
    diff = render_changes.Diff()
    diff.add("text", before.text, after.text, quoted=True)
    diff.add(
        "due",
        render.due_phrase(view, before) if before.due else None,
        render.due_phrase(view, after) if after.due else None,
    )
    diff.add("rep", render.rep_label(before.rep), render.rep_label(after.rep))
    diff.add("status", before.status.value, after.status.value)
    diff.add("note", before.note, after.note, quoted=True)
    return diff


@app.command("edit")
def edit(
    ctx: typer.Context,
    promise: PromiseArg,
    text: Annotated[
        str | None,
        typer.Option("--text", metavar="TEXT", help="What they promised.", show_default=False),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="WHEN",
            help="The deadline as they said it, read again from the time of the call it was "
            "made on (else from when it was made).",
            show_default=False,
        ),
    ] = None,
    rep: Annotated[
        str | None,
        typer.Option(
            "--rep", metavar="NAME", help='Who promised it ("" for no one).', show_default=False
        ),
    ] = None,
    rep_id: Annotated[
        str | None,
        typer.Option("--rep-id", metavar="ID", help="Their badge id.", show_default=False),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Correct a promise's text, deadline or rep.

    --by is read again from the time of the call the promise was made on (else from when it
    was made). For a date the company moved, use gripe promise reschedule.

    Examples:
      gripe promise edit 7 --by "friday 5pm"
      gripe promise edit 7 --text "Refund of £45" --rep Dana
    """
    gripe = session(ctx)
    view, date_order = gripe.view, gripe.setting("date_order")
    promise_id = parse_id(promise, "promise")
    with writing(gripe.conn) as conn:
        current = promises.get(conn, promise_id)
        base = promises.base_time(current).astimezone(view.zone)
        deadline = dates.parse_deadline(by, base, date_order) if by is not None else None
        rep_choice: int | bool | None = False
        if rep is not None or rep_id is not None:
            rep_choice = promises.rep_for(conn, current, rep, rep_id, view.now)
        before, after = promises.edit(conn, promise_id, text, deadline, rep_choice)
    _echo(gripe, before, after, json_)


def _echo(gripe: Session, before: Promise, after: Promise, json_: bool) -> None:
    diff = promise_diff(gripe.view, before, after)
    if json_:
        gripe.json(
            {
                "before": render.promise_json(gripe.view, before),
                "after": render.promise_json(gripe.view, after),
                "changes": diff.json(),
            }
        )
    else:
        gripe.show(diff.text(f"Promise #{after.id}"))


@app.command("reschedule")
def reschedule(
    ctx: typer.Context,
    promise: PendingArg,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar="WHEN",
            help="The new deadline as they said it, read from the time of --call, else now.",
            show_default=False,
        ),
    ],
    call: Annotated[
        str | None,
        typer.Option(
            "--call",
            metavar="ID",
            help="The call on which they moved the date.",
            show_default=False,
            autocompletion=complete_call,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """The company moved a promise's date.

    The old promise ends broken ("rescheduled") and a new pending one takes its place, linked
    to it, so letters can say the date was moved.

    Examples:
      gripe promise reschedule 7 --by "next friday"
      gripe promise reschedule 7 --by "3 business days" --call 31
    """
    gripe = session(ctx)
    view, date_order = gripe.view, gripe.setting("date_order")
    promise_id = parse_id(promise, "promise")
    call_id = parse_id(call, "call") if call is not None else None
    with writing(gripe.conn) as conn:
        old = promises.get(conn, promise_id)
        made_at, rep_id = view.now, None
        if call_id is not None:
            on_call = calls.get(conn, call_id)
            if on_call.case_id != old.case_id:
                raise BadInput(
                    f"call #{call_id} is on case #{on_call.case_id}, not on case "
                    f"#{old.case_id} of promise #{promise_id}"
                )
            made_at = on_call.at.astimezone(view.zone)
            rep_id = on_call.rep.id if on_call.rep else None
        deadline = dates.parse_deadline(by, made_at, date_order)
        before, moved = promises.reschedule(
            conn, promise_id, deadline, made_at, view.now, call_id, rep_id
        )
    if json_:
        gripe.json(
            {
                "before": render.promise_json(view, old),
                "rescheduled": render.promise_json(view, before),
                "promise": render.promise_json(view, moved),
            }
        )
        return
    was = render.due_phrase(view, old)
    gripe.show(
        f'Promise #{old.id} "{old.text}": {"due " + was if old.due else was} → broken '
        f"(rescheduled); promise #{moved.id} takes its place:"
    )
    gripe.show(render.promise_echo(view, moved))
