"""``gripe case claim`` and ``gripe case unclaim``: the sums a case is about.

A claim is a charge the person disputes ("Late fee", $39.25, charged on 3 June) or a loss they
claim ("9 days without broadband", £45). Letters list each with its amount and add them up:
the Fair Credit Billing Act notice names every disputed charge, and a letter before claim says
how the sum claimed was reached.
"""

from typing import Annotated

import typer

from gripe.cli.context import Session, session
from gripe.cli.options import CaseArg, JsonFlag, complete_claim
from gripe.model import Claim, parse_amount
from gripe.store import writing
from gripe.store.rows import parse_id


def claim_json(gripe: Session, claim: Claim) -> dict[str, object]:
    from gripe.model import format_amount

    return {
        "id": claim.id,
        "uuid": claim.uuid,
        "case_id": claim.case_id,
        "what": claim.what,
        "amount": format_amount(claim.amount_cents, claim.currency),
        "amount_cents": claim.amount_cents,
        "currency": claim.currency,
        "on_date": claim.on_date.isoformat() if claim.on_date else None,
        "added_at": gripe.view.iso(claim.added_at),
    }


def claim(
    ctx: typer.Context,
    case: CaseArg,
    amount: Annotated[
        str,
        typer.Argument(metavar="AMOUNT", help="How much: 39.25, $39.25, £45.", show_default=False),
    ],
    what: Annotated[
        str,
        typer.Argument(
            metavar="WHAT",
            help='What it is: "Late fee on the June statement", "9 days without broadband".',
            show_default=False,
        ),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help='When it was charged: 2026-06-03, "3 June".',
            show_default=False,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Add a sum the case is about: a charge or a loss.

    A charge you dispute or a loss you claim; letters list each with its amount and add them
    up.

    Examples:
      gripe case claim 12 39.25 "Late fee on the June statement" --on 2026-06-03
      gripe case claim 12 £45 "9 days without broadband"
    """
    from gripe.cli.cases import _statement_date
    from gripe.facts.record import CURRENCIES, claims_total
    from gripe.store import cases, claims

    gripe = session(ctx)
    money = parse_amount(amount)
    day = None
    if on:
        from datetime import date

        day = date.fromisoformat(_statement_date(gripe, on) or "")
    with writing(gripe.conn) as conn:
        added = claims.add(conn, parse_id(case, "case"), what, money, day, gripe.view.now)
        timeline = cases.timeline(conn, added.case_id)
    if json_:
        gripe.json(claim_json(gripe, added))
        return
    from gripe.model import format_amount

    total = claims_total(timeline, CURRENCIES.get(gripe.setting("jurisdiction") or ""))
    charged = f", charged {gripe.view.day_of(added.on_date)}" if added.on_date else ""
    gripe.show(
        f"Claim #{added.id} on case #{added.case_id}: "
        f"{format_amount(added.amount_cents, added.currency)} for {added.what}{charged}"
        + (f"; the case's claims come to {total}" if total else "")
    )


def unclaim(
    ctx: typer.Context,
    claim_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The claim's number (see: gripe case show CASE).",
            show_default=False,
            autocompletion=complete_claim,
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """Take a sum off its case (added by mistake).

    Examples:
      gripe case unclaim 4
    """
    from gripe.model import format_amount
    from gripe.store import claims

    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        gone = claims.remove(conn, parse_id(claim_id, "claim"))
    if json_:
        gripe.json(claim_json(gripe, gone))
    else:
        gripe.show(
            f"Removed claim #{gone.id} from case #{gone.case_id}: "
            f"{format_amount(gone.amount_cents, gone.currency)} for {gone.what}"
        )
