"""``gripe company merge/delete``: tidying duplicate companies (registered on the ``company``
group by `gripe.cli.companies`)."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import session
from gripe.cli.options import CompanyArg, JsonFlag, complete_company
from gripe.model import Company, PhoneNumber
from gripe.plural import counted
from gripe.render import changes as render_changes
from gripe.store import writing


def company_diff(
    before: Company,
    after: Company,
    phones_before: list[PhoneNumber] | None = None,
    phones_after: list[PhoneNumber] | None = None,
) -> render_changes.Diff:
    """A company's details before → after; its phone numbers too, when given."""
    diff = render_changes.Diff()
    after_json = render.company_json(after)
    for key, value in render.company_json(before).items():
        if key not in {"id", "uuid", "phone"}:
            diff.add(key.replace("_", " "), value, after_json[key])
    if phones_before is not None and phones_after is not None:
        diff.add(
            "phones",
            ", ".join(render.phone_line(phone) for phone in phones_before),
            ", ".join(render.phone_line(phone) for phone in phones_after),
        )
    return diff


def merge(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            metavar="FROM",
            help="The duplicate: its name or number.",
            show_default=False,
            autocompletion=complete_company,
        ),
    ],
    into: Annotated[
        str,
        typer.Argument(
            metavar="INTO",
            help="The company to keep.",
            show_default=False,
            autocompletion=complete_company,
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """Merge a duplicate company into another.

    Its cases, calls, promises, letters and evidence move; a rep of the same name at both
    becomes one; INTO's details win, and its gaps are filled from FROM.

    Examples:
      gripe company merge "Comcast Cable" Comcast
      gripe company merge 4 1
    """
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        from gripe.store import merges  # imported by the command that runs, not by every one

        merged = merges.merge_companies(
            conn, gripe.company(conn, source), gripe.company(conn, into), gripe.view.now
        )
    diff = company_diff(merged.before, merged.after)
    if json_:
        gripe.json(
            {
                "from": render.company_json(merged.source),
                "into": render.company_json(merged.after),
                "moved": merged.moved,
                "reps_joined": merged.reps_joined,
                "changes": diff.json(),
            }
        )
        return
    moved = merges.counted(merged.moved) or "nothing"
    joined = (
        f"; {counted(merged.reps_joined, 'rep')} of the same name made one"
        if merged.reps_joined
        else ""
    )
    gripe.show(
        f"Merged {merged.source.name} (#{merged.source.id}) into {merged.after.name} "
        f"(#{merged.after.id}): moved {moved}{joined}"
    )
    if diff:
        gripe.show(diff.text(f"Company #{merged.after.id}"))


def delete(
    ctx: typer.Context,
    company: CompanyArg,
    cascade: Annotated[
        bool,
        typer.Option(
            "--cascade",
            help="Delete its cases, calls, promises, letters and evidence too.",
        ),
    ] = False,
    json_: JsonFlag = False,
) -> None:
    """Delete a company added by mistake.

    A company with cases or calls needs --cascade, which deletes everything logged with it;
    gripe undo brings it all back.

    Examples:
      gripe company delete "Comcsat"
      gripe company delete 4 --cascade
    """
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        found = gripe.company(conn, company)
        from gripe.store import merges

        went = merges.delete_company(conn, found, cascade)
    if json_:
        gripe.json({"deleted": render.company_json(found), "with": went})
        return
    also = f" with {merges.counted(went)}" if went else ""
    gripe.show(f"Deleted company {found.name} (#{found.id}){also}. To bring it back: gripe undo")
