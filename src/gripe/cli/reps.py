"""``gripe rep list``."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import emit_json, session
from gripe.cli.options import DEFAULT_LIMIT, AllFlag, JsonFlag, Limit, command_app
from gripe.store import companies, reading, reps

app = command_app("The reps you have spoken to, and their record.", group=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    company: Annotated[
        str | None,
        typer.Option(
            "--company", metavar="COMPANY", help="Only this company's reps.", show_default=False
        ),
    ] = None,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """List reps with their calls and promises kept and broken."""
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        company_id = companies.get(conn, company).id if company else None
        found = reps.listing(conn, gripe.view.now, company_id, None if all_ or json_ else limit)
        total = reps.count(conn, company_id)
    if json_:
        emit_json([render.rep_record_json(rep) for rep in found])
    elif not found:
        gripe.note(
            "No reps yet. Name them when you log a call: gripe log … --rep Dana --rep-id 4471"
        )
    else:
        gripe.show(render.reps_table(found))
        gripe.show(render.more_note(len(found), total))
