"""``gripe rep list/edit/merge``."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import session
from gripe.cli.listing import is_long, show_rows
from gripe.cli.options import (
    DEFAULT_LIMIT,
    AllFlag,
    JsonFlag,
    Limit,
    command_app,
    complete_choice,
    complete_company,
    complete_rep,
)
from gripe.model import Rep, Role
from gripe.render import changes as render_changes
from gripe.render import rows as render_rows
from gripe.store import reading, reps, writing
from gripe.store.rows import parse_id

app = command_app(
    """The reps you have spoken to, and their record.

    Examples:
      gripe rep list --company comcast
      gripe rep edit 4 --name "Dana Smith"
      gripe rep merge 9 4
    """,
    group=True,
)


@app.command("list")
def list_(
    ctx: typer.Context,
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            metavar="COMPANY",
            help="Only this company's reps.",
            show_default=False,
            autocompletion=complete_company,
        ),
    ] = None,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """List reps with their promises kept and broken.

    Each rep with their calls, and the promises they made: kept, broken, and made with no date.

    Examples:
      gripe rep list
      gripe rep list --company comcast --json
    """
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        company_id = gripe.company(conn, company).id if company else None
        show_rows(
            gripe,
            reps.listing(conn, gripe.view.now, company_id, None if all_ or json_ else limit),
            json_=json_,
            long=is_long(all_, limit),
            to_json=render.rep_record_json,
            columns=render_rows.REP_COLUMNS,
            cells=render_rows.rep_cells,
            limit=limit,
            total=lambda: reps.count(conn, company_id),
            empty="No reps yet. Name them when you log a call: "
            "gripe log … --rep Dana --rep-id 4471",
        )


RepArg = Annotated[
    str,
    typer.Argument(
        metavar="REP",
        help="The rep's number, like 4 or #4.",
        show_default=False,
        autocompletion=complete_rep,
    ),
]


def rep_diff(before: Rep, after: Rep) -> render_changes.Diff:
    diff = render_changes.Diff()
    diff.add("name", before.name, after.name)
    diff.add("badge", before.employee_id, after.employee_id)
    diff.add(
        "role",
        before.role.value if before.role else None,
        after.role.value if after.role else None,
    )
    return diff


@app.command("edit")
def edit(
    ctx: typer.Context,
    rep: RepArg,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="NAME", help="The name, spelt right.", show_default=False),
    ] = None,
    rep_id: Annotated[
        str | None,
        typer.Option(
            "--rep-id",
            metavar="ID",
            help='Their employee or badge id ("" clears).',
            show_default=False,
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            help='agent, supervisor, manager or executive ("" clears).',
            show_default=False,
            autocompletion=complete_choice("role"),
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Correct a rep's name, badge id or role.

    Every call and promise shows the new one.

    Examples:
      gripe rep edit 4 --name "Dana Smith" --rep-id 4471
      gripe rep edit 4 --role supervisor
    """
    gripe = session(ctx)
    chosen_role: Role | str | None = None
    if role is not None:
        chosen_role = Role.parse(role, "role") if role.strip() else ""
    with writing(gripe.conn) as conn:
        before, after = reps.edit(
            conn, parse_id(rep, "rep"), name, rep_id, chosen_role, gripe.view.now
        )
        namesakes = reps.namesakes(conn, after)
    diff = rep_diff(before, after)
    if json_:
        gripe.json(
            {
                "before": render.rep_record_json(before),
                "after": render.rep_record_json(after),
                "changes": diff.json(),
            }
        )
        return
    gripe.show(diff.text(f"Rep #{after.id} ({after.company})"))
    for other in namesakes:
        gripe.note(
            f"{after.company} has another rep called {after.name} (#{other}); if they are one "
            f"person: gripe rep merge {other} {after.id}"
        )


@app.command("merge")
def merge(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="FROM",
            help="The duplicate rep's number.",
            show_default=False,
            autocompletion=complete_rep,
        ),
    ],
    into: Annotated[
        str,
        typer.Argument(
            metavar="INTO",
            help="The rep to keep.",
            show_default=False,
            autocompletion=complete_rep,
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """Make two reps of a company one.

    FROM's calls and promises become INTO's.

    Examples:
      gripe rep merge 9 4
    """
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        from gripe.store import merges  # only this command needs it

        merged = merges.merge_reps(
            conn, parse_id(source, "rep"), parse_id(into, "rep"), gripe.view.now
        )
    diff = rep_diff(merged.before, merged.after)
    if json_:
        gripe.json(
            {
                "from": render.rep_record_json(merged.source),
                "into": render.rep_record_json(merged.after),
                "moved": merged.moved,
                "changes": diff.json(),
            }
        )
        return
    gripe.show(
        f"Merged rep {merged.source.name} (#{merged.source.id}) into {merged.after.name} "
        f"(#{merged.after.id}, {merged.after.company}): moved "
        f"{merges.counted(merged.moved) or 'nothing'}"
    )
    if diff:
        gripe.show(diff.text(f"Rep #{merged.after.id}"))
