"""``gripe rights CASE``: the bodies and clocks for a case, and the dates its clocks count from."""

from datetime import date, datetime
from typing import Annotated

import typer

from gripe.cli.context import Session, session
from gripe.cli.options import CaseArg, JsonFlag, command_app
from gripe.store.rows import parse_id

app = command_app()


@app.command()
def rights(
    ctx: typer.Context,
    case: CaseArg,
    first_complaint: Annotated[
        str | None,
        typer.Option(
            "--first-complaint",
            metavar="DATE",
            help="When you first complained, if before the first contact logged.",
            show_default=False,
        ),
    ] = None,
    final_response: Annotated[
        str | None,
        typer.Option(
            "--final-response",
            metavar="DATE",
            help="The date of the company's final response or deadlock letter.",
            show_default=False,
        ),
    ] = None,
    statement_date: Annotated[
        str | None,
        typer.Option(
            "--statement-date",
            metavar="DATE",
            help="Billing disputes: the statement that first showed the error.",
            show_default=False,
        ),
    ] = None,
    delivered: Annotated[
        str | None,
        typer.Option(
            "--delivered",
            metavar="DATE",
            help="When the goods were delivered (the right to reject or cancel).",
            show_default=False,
        ),
    ] = None,
    ccw_letter: Annotated[
        str | None,
        typer.Option(
            "--ccw-letter",
            metavar="DATE",
            help="UK water: CCW's letter saying you can apply to WATRS.",
            show_default=False,
        ),
    ] = None,
    filed_cfpb: Annotated[
        str | None,
        typer.Option(
            "--filed-cfpb",
            metavar="DATE",
            help="When you filed a complaint with the CFPB.",
            show_default=False,
        ),
    ] = None,
    filed_fcc: Annotated[
        str | None,
        typer.Option(
            "--filed-fcc",
            metavar="DATE",
            help="When you filed a complaint with the FCC.",
            show_default=False,
        ),
    ] = None,
    filed_bbb: Annotated[
        str | None,
        typer.Option(
            "--filed-bbb",
            metavar="DATE",
            help="When you filed a complaint with the BBB.",
            show_default=False,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """The ombudsman, regulator and legal clocks for a case.

    Each clock with its date, what it allows and its source, by your jurisdiction (gripe
    config set jurisdiction UK) and the company's sector. Dates given here (like
    --final-response 2026-05-01) are kept on the case; "" clears one.

    Examples:
      gripe rights 12
      gripe rights 12 --final-response 2026-05-01
      gripe rights 12 --json | jq '.clocks[] | {name, closes_at}'
    """
    gripe = session(ctx)
    case_id = parse_id(case, "case")
    given = {
        "final-response": final_response,
        "statement-date": statement_date,
        "delivered": delivered,
        "ccw-letter": ccw_letter,
        "filed-cfpb": filed_cfpb,
        "filed-fcc": filed_fcc,
        "filed-bbb": filed_bbb,
    }
    days = {event: _day(gripe, text) for event, text in given.items() if text is not None}
    first = _moment(gripe, first_complaint) if first_complaint else None
    from gripe import rights as rules
    from gripe.store import reading, writing
    from gripe.store import rights as case_rights

    if days or first_complaint is not None:
        with writing(gripe.conn) as conn:
            case_rights.record(conn, case_id, days, first, first_complaint == "")
    with reading(gripe.conn) as conn:
        facts = case_rights.facts(conn, case_id, gripe.view.zone)
    report = rules.report(facts, gripe.setting("jurisdiction"))
    today = gripe.view.now.date()
    if json_:
        from gripe.rights.words import report_json

        gripe.json(report_json(report, today))
    else:
        from gripe.render.rights import rights_view

        gripe.show(rights_view(gripe.view, report), prewrapped=True)


def _moment(gripe: Session, text: str) -> datetime | None:
    """A day the person gives, read like --at (towards the past); "" clears it."""
    if not text.strip():
        return None
    from gripe import dates
    from gripe.errors import BadInput

    moment = dates.parse_at(text, gripe.view.now, gripe.setting("date_order"), allow_future=True)
    if moment > gripe.view.now:
        raise BadInput(f"{text!r} is in the future; give the day it happened, like 2026-06-10")
    return moment


def _day(gripe: Session, text: str) -> date | None:
    moment = _moment(gripe, text)
    return moment.astimezone(gripe.view.zone).date() if moment else None
