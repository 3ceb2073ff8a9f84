"""``gripe log``: one line per call."""

from collections.abc import Sequence
from typing import Annotated

import typer

from gripe import dates, render
from gripe.cli.context import Session, session
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
from gripe.cli.prompts import ask_for_call
from gripe.errors import BadInput
from gripe.model import Channel, Direction, Promise, Role
from gripe.store import calls, writing
from gripe.store.calls import CallRequest, Logged
from gripe.store.rows import parse_id

app = command_app()


@app.command("log")
def log(
    ctx: typer.Context,
    company: Annotated[
        str | None,
        typer.Argument(
            metavar="COMPANY",
            help="Who you dealt with: a company name in any spelling, or its number. "
            "A new name adds the company.",
            autocompletion=complete_company,
            show_default=False,
        ),
    ] = None,
    summary: Annotated[
        str | None,
        typer.Argument(
            metavar="SUMMARY", help="What happened, in a sentence.", show_default=False
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
    """Log a call with a company, and what they promised.

    A call, chat, email, letter or visit (--channel). The company is named in any spelling, or
    by its number; a new name adds it. The call goes on the company's open case: a new case
    when it has none, --case when it has several. A promise's --by is read from when the call
    happened (--at), not from now; without --by the promise is undated. Run bare in a
    terminal, gripe log asks for what it needs.

    Examples:
      gripe log Comcast "Outage again, no ETA" --rep Dana --ref CMC-88123 --hold 25m
      gripe log comcast "Engineer booked" --promise "Visit" --by "friday 5pm"
      gripe log 3 "They emailed back" --channel email --inbound --at "yesterday 3pm"
      gripe log Comcast "Answer to my letter" --reply-to 2 --json
    """
    gripe = session(ctx)
    if by is not None and promise is None:
        raise BadInput('--by needs the promise it is for: --promise "Engineer visit" --by WHEN')
    if company is None or summary is None:
        company, summary, rep, ref = ask_for_call(gripe, company, summary, rep, ref)
    view, date_order = gripe.view, gripe.setting("date_order")
    called_at = dates.parse_at(at, view.now, date_order) if at else view.now
    request = CallRequest(
        company=company,
        summary=summary,
        at=called_at,
        case_id=parse_id(case, "case") if case else None,
        rep_name=rep,
        rep_employee_id=rep_id,
        rep_role=Role.parse(role, "role") if role else None,
        channel=Channel.parse(channel, "channel"),
        direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
        duration_minutes=dates.parse_duration(duration) if duration else None,
        hold_minutes=dates.parse_duration(hold) if hold else None,
        reference=ref,
        promise_text=promise,
        # The deadline is read from when the call happened, not from now.
        # Without --by the promise is undated; an empty --by is refused, never "no date".
        promise_deadline=dates.parse_deadline(by, called_at, date_order)
        if by is not None
        else None,
        reply_to=parse_id(reply_to, "letter") if reply_to else None,
    )
    with writing(gripe.conn) as conn:
        logged = calls.log(conn, request, view.now)
    show_logged(gripe, logged, json_)


def show_logged(gripe: Session, logged: Logged, json_: bool, more: Sequence[Promise] = ()) -> None:
    """What ``gripe log`` prints of a call it logged (``more``: other promises made on it)."""
    view = gripe.view
    if logged.company_note:
        gripe.note(logged.company_note)
    if json_:
        gripe.json(
            {
                "call": render.call_json(view, logged.call),
                "promise": render.promise_json(view, logged.promise) if logged.promise else None,
                **(
                    {"more_promises": [render.promise_json(view, p) for p in more]} if more else {}
                ),
                "case": render.case_json(view, logged.case),
                **({"answered_letter": logged.answered.id} if logged.answered else {}),
            }
        )
    else:
        gripe.show(render.logged_message(view, logged.call, logged.case, logged.case_created))
        for made in [logged.promise, *more] if logged.promise else more:
            gripe.show(render.promise_echo(view, made))
        if logged.answered is not None:
            gripe.show(
                f"It answers your letter #{logged.answered.id} ({logged.answered.template}): "
                "its reply date is settled"
            )
