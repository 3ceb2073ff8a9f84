"""``gripe log``: one line per call."""

from typing import Annotated

import typer

from gripe import dates, render
from gripe.cli.completion import complete_company
from gripe.cli.context import emit_json, session
from gripe.cli.options import JsonFlag, command_app
from gripe.cli.prompts import ask_for_call
from gripe.errors import BadInput
from gripe.model import Channel, Direction, Role
from gripe.store import calls, writing
from gripe.store.calls import CallRequest
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
    case: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="The case number, when the company has several open.",
            show_default=False,
        ),
    ] = None,
    rep: Annotated[
        str | None, typer.Option(metavar="NAME", help="The name the rep gave.", show_default=False)
    ] = None,
    rep_id: Annotated[
        str | None,
        typer.Option(metavar="ID", help="The rep's employee or badge id.", show_default=False),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            metavar="ROLE", help="agent, supervisor, manager or executive.", show_default=False
        ),
    ] = None,
    channel: Annotated[
        str,
        typer.Option(metavar="CHANNEL", help="phone, chat, email, letter, in-person or social."),
    ] = "phone",
    inbound: Annotated[
        bool, typer.Option("--inbound", help="They contacted you (default: you contacted them).")
    ] = False,
    at: Annotated[
        str | None,
        typer.Option(
            metavar="WHEN",
            help='When it happened: "yesterday 3pm", "2 hours ago", 2026-07-28 14:30 '
            "(default: now).",
            show_default=False,
        ),
    ] = None,
    duration: Annotated[
        str | None,
        typer.Option(
            metavar="D", help="How long it took: 25m, 1h10m, 1:10, 90.", show_default=False
        ),
    ] = None,
    hold: Annotated[
        str | None,
        typer.Option(metavar="D", help="Time on hold: 25m, 1h10m, 1:10, 90.", show_default=False),
    ] = None,
    ref: Annotated[
        str | None,
        typer.Option(
            metavar="REF",
            help="The reference, ticket or case number they gave.",
            show_default=False,
        ),
    ] = None,
    promise: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help='What they promised: "Service restored".', show_default=False
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            metavar="WHEN",
            help='When it is due, as they said it: "8pm tomorrow", "3-5 business days" '
            "(leave it out when they gave no date).",
            show_default=False,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Log one call, chat or email with a company, and what they promised."""
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
    )
    with writing(gripe.conn) as conn:
        logged = calls.log(conn, request, view.now)
    if logged.company_created:
        gripe.note(f"New company: {logged.company.name} (#{logged.company.id})")
    if json_:
        emit_json(
            {
                "call": render.call_json(view, logged.call),
                "promise": render.promise_json(view, logged.promise) if logged.promise else None,
                "case": render.case_json(view, logged.case),
            }
        )
    else:
        gripe.show(render.logged_message(view, logged.call, logged.case, logged.case_created))
        if logged.promise:
            gripe.show(render.promise_echo(view, logged.promise))
