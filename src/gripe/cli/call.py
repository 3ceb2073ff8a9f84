"""``gripe call start/answered/hold/status/end/cancel/resume``: the call in progress; and
``call edit/move/delete`` for a call already logged (`gripe.cli.call_corrections`).

In a terminal, ``call start`` and ``call resume`` open the live screen (`gripe.cli.call_screen`,
the only importer of its terminal library, loaded only then). Elsewhere, or with ``--detach``,
``call start`` starts the clock and returns, and the other commands drive the same call one step
at a time: each step reads the clock (``GRIPE_NOW`` in tests), so a script or a test moves the
call along by running them at different times.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Annotated, Any

import typer

from gripe.cli import call_corrections
from gripe.cli.context import Session, session
from gripe.cli.log import show_logged
from gripe.cli.options import (
    AtOption,
    By,
    CaseOption,
    ChannelOption,
    DurationOption,
    HoldOption,
    InboundFlag,
    JsonFlag,
    PromiseOption,
    RefOption,
    RepIdOption,
    ReplyToOption,
    RepOption,
    RoleOption,
    command_app,
    complete_company,
)
from gripe.errors import BadInput, InvalidState
from gripe.live import LiveCall, call_request
from gripe.model import Channel, Direction, Role
from gripe.render.live import live_call_json, live_call_line
from gripe.store import live_calls, reading, writing
from gripe.store.rows import parse_id

app = command_app(
    """The call in progress, and corrections to logged calls.

    gripe call start opens a live screen with a hold clock, the company's ways in and a key
    for each fact, so that nothing is typed twice; elsewhere the other commands drive the same
    call one step at a time. edit, move and delete correct a call already logged.

    Examples:
      gripe call start Comcast
      gripe call answered
      gripe call end "Refund agreed" --promise Refund --by "5 business days"
      gripe call edit 7 --hold 40m
    """,
    group=True,
)

NEXT_STEPS = (
    'Then: gripe call answered · gripe call hold (a transfer) · gripe call end "what happened" '
    "· gripe call status"
)


def in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _screen(gripe: Session) -> None:
    from gripe.cli.call_screen import run

    outcome = run(gripe)
    if outcome.ended is not None:
        show_logged(gripe, outcome.ended.logged, False, outcome.ended.more_promises)
    elif outcome.cancelled is not None:
        gripe.note(f"Dropped the call to {outcome.cancelled.company}; nothing was logged.")
    elif outcome.gone:
        gripe.note("The call was ended or dropped in another window.")
    else:
        gripe.note(
            "The call is still running: gripe call resume to go back to it, "
            'gripe call end "what happened" to log it.'
        )
    if outcome.interrupted:
        raise typer.Exit(130)


@app.command("start")
def start(
    ctx: typer.Context,
    company: Annotated[
        str,
        typer.Argument(
            metavar="COMPANY",
            help="Who you are calling: a company name in any spelling, or its number. "
            "A new name is added when the call ends.",
            autocompletion=complete_company,
            show_default=False,
        ),
    ],
    case: CaseOption = None,
    detach: Annotated[
        bool,
        typer.Option("--detach", help="Start the clock and return, without the live screen."),
    ] = False,
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print the call started as JSON (and return: --detach)."),
    ] = False,
) -> None:
    """Start the clock on a call, with the live screen.

    In a terminal the live screen opens: on hold until answered, a key for each fact, saved as
    you go. Elsewhere, or with --detach or --json, the clock starts and the command returns;
    gripe call answered, hold and end move the call along.

    Examples:
      gripe call start Comcast
      gripe call start comcast --case 12 --detach
    """
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        live, known = live_calls.start(
            conn, company, parse_id(case, "case") if case else None, gripe.view.now
        )
    if known is None:
        gripe.note(f"New company: {live.company} is added to your log when the call ends.")
    if json_:
        gripe.json(live_call_json(gripe.view, live))
    elif detach or not in_terminal():
        gripe.show(
            f"Started a call to {live.company} at {gripe.view.when(live.started_at)}: on hold."
        )
        gripe.note(NEXT_STEPS)
    else:
        _screen(gripe)


def _step(gripe: Session, change: str) -> LiveCall:
    with writing(gripe.conn) as conn:
        live = live_calls.get(conn)
        changed = (
            live.answered(gripe.view.now) if change == "answered" else live.on_hold(gripe.view.now)
        )
        return live_calls.save(conn, changed, gripe.view.now)


def _show_live(gripe: Session, live: LiveCall, json_: bool) -> None:
    if json_:
        gripe.json(live_call_json(gripe.view, live))
    else:
        gripe.show(live_call_line(gripe.view, live))


@app.command("answered")
def answered(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """A person answered: the hold clock stops.

    The talking clock starts, and runs until gripe call end (or gripe call hold, for a
    transfer).

    Examples:
      gripe call answered
      gripe call answered --json
    """
    gripe = session(ctx)
    _show_live(gripe, _step(gripe, "answered"), json_)


@app.command("hold")
def hold(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """On hold again: the hold clock runs on.

    For a transfer: the hold clock runs on from where it stopped, until gripe call answered.

    Examples:
      gripe call hold
    """
    gripe = session(ctx)
    _show_live(gripe, _step(gripe, "hold"), json_)


@app.command("status")
def status(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """The call in progress and its clock so far.

    Its company, whether it is on hold or talking, and the hold and talking time so far;
    --json prints null when no call is in progress.

    Examples:
      gripe call status
      gripe call status --json
    """
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        live = live_calls.current(conn)
    if json_:
        gripe.json(live_call_json(gripe.view, live) if live else None)
    elif live is None:
        gripe.note("No call in progress. Start one: gripe call start COMPANY")
    else:
        gripe.show(live_call_line(gripe.view, live))


@app.command("cancel")
def cancel(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Drop the call in progress without logging it.

    Examples:
      gripe call cancel
    """
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        live = live_calls.cancel(conn)
    if json_:
        gripe.json(live_call_json(gripe.view, live))
    else:
        gripe.show(f"Dropped the call to {live.company}; nothing was logged.")


def _summary(summary: str | None, live: LiveCall) -> str:
    notes = (live.notes or "").strip()
    if summary is None or not summary.strip():
        if notes:
            return notes
        raise BadInput('say what happened: gripe call end "Engineer booked for Friday"')
    return f"{summary.strip()}\n{notes}" if notes else summary


@app.command("end")
def end(
    ctx: typer.Context,
    summary: Annotated[
        str | None,
        typer.Argument(
            metavar="SUMMARY",
            help="What happened, in a sentence (default: the notes typed during the call).",
            show_default=False,
        ),
    ] = None,
    case: CaseOption = None,
    rep: RepOption = None,
    rep_id: RepIdOption = None,
    role: RoleOption = None,
    channel: ChannelOption = "phone",
    inbound: InboundFlag = False,
    at: AtOption = None,
    duration: DurationOption = None,
    hold: HoldOption = None,
    ref: RefOption = None,
    promise: PromiseOption = None,
    by: By = None,
    reply_to: ReplyToOption = None,
    json_: JsonFlag = False,
) -> None:
    """Log the call in progress, with its hold time from the clock.

    The call is logged exactly as gripe log would log it, with its hold and talking time from
    the clock; any option of gripe log given here overrides what the call has.

    Examples:
      gripe call end "Refund agreed"
      gripe call end "Engineer booked" --rep Dana --promise Visit --by friday
    """
    from gripe import dates

    gripe = session(ctx)
    if by is not None and promise is None:
        raise BadInput('--by needs the promise it is for: --promise "Engineer visit" --by WHEN')
    view, date_order = gripe.view, gripe.setting("date_order")
    with writing(gripe.conn) as conn:
        live = live_calls.get(conn)
        if at:  # the call's time: what its promises are read from, as with gripe log --at
            live = live._replace(started_at=dates.parse_at(at, view.now, date_order))
        company = live_calls.company_reference(conn, live)
        request, more = call_request(
            live, company, _summary(summary, live), view.now, view.zone, date_order
        )
        given: dict[str, Any] = {
            "case_id": parse_id(case, "case") if case else None,
            "rep_name": rep,
            "rep_employee_id": rep_id,
            "rep_role": Role.parse(role, "role") if role else None,
            "duration_minutes": dates.parse_duration(duration) if duration else None,
            "hold_minutes": dates.parse_duration(hold) if hold else None,
            "reference": ref,
            "reply_to": parse_id(reply_to, "letter") if reply_to else None,
        }
        request = dataclasses.replace(
            request,
            channel=Channel.parse(channel, "channel"),
            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            **{key: value for key, value in given.items() if value is not None},
        )
        if promise is not None:
            if request.promise_text is not None:
                more = [(request.promise_text, request.promise_deadline), *more]
            deadline = dates.parse_deadline(by, request.at, date_order) if by is not None else None
            request = dataclasses.replace(request, promise_text=promise, promise_deadline=deadline)
        ended = live_calls.finish(conn, live, request, more, view.now)
    show_logged(gripe, ended.logged, json_, ended.more_promises)


@app.command("resume")
def resume(ctx: typer.Context) -> None:
    """Back to the live screen of the call in progress.

    Its clock never stopped: closing the screen leaves the call running.

    Examples:
      gripe call resume
    """
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        live_calls.get(conn)
    if not in_terminal():
        raise InvalidState(
            "the live screen needs a terminal; here use: gripe call status, gripe call "
            'answered, gripe call hold, gripe call end "what happened"'
        )
    _screen(gripe)


# Correcting a call already logged is in the same group, after the call in progress.
app.command("edit")(call_corrections.edit)
app.command("move")(call_corrections.move)
app.command("delete")(call_corrections.delete)
