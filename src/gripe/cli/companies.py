"""``gripe company add/list/show/edit``."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import emit_json, session
from gripe.cli.options import DEFAULT_LIMIT, AllFlag, CompanyArg, JsonFlag, Limit, command_app
from gripe.model import CaseStatus
from gripe.model import Sector as SectorChoice
from gripe.store import cases, companies, reading, writing

app = command_app("Companies you deal with, and their details for letters.", group=True)

Account = Annotated[
    str | None,
    typer.Option(
        "--account", metavar="NUMBER", help="Your account number with them.", show_default=False
    ),
]
Phone = Annotated[
    str | None,
    typer.Option("--phone", metavar="PHONE", help="Their phone number.", show_default=False),
]
Email = Annotated[
    str | None,
    typer.Option("--email", metavar="EMAIL", help="Their email address.", show_default=False),
]
Address = Annotated[
    str | None,
    typer.Option(
        "--address",
        metavar="ADDRESS",
        help="Their postal address, for letters (\\n or commas between lines).",
        show_default=False,
    ),
]
Website = Annotated[
    str | None, typer.Option("--website", metavar="URL", help="Their website.", show_default=False)
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="WHEN",
        help="When you became a customer, like 2019-03.",
        show_default=False,
    ),
]
Sector = Annotated[
    str | None,
    typer.Option(
        "--sector",
        metavar="SECTOR",
        help="What they do, for your rights and clocks: "
        + ", ".join(sector.value for sector in SectorChoice)
        + ".",
        show_default=False,
    ),
]
Notes = Annotated[
    str | None,
    typer.Option(
        "--notes", metavar="TEXT", help="Anything else worth keeping.", show_default=False
    ),
]


def _details(
    account: str | None,
    phone: str | None,
    email: str | None,
    address: str | None,
    website: str | None,
    since: str | None,
    notes: str | None,
    sector: str | None = None,
) -> dict[str, str | None]:
    given = {
        # "" clears the sector; anything else must be one of the list (exit 2 otherwise).
        "sector": SectorChoice.parse(sector, "sector").value if sector else sector,
        "account_number": account,
        "phone": phone,
        "email": email,
        "postal_address": address.replace("\\n", "\n") if address else address,
        "website": website,
        "customer_since": since,
        "notes": notes,
    }
    return {key: value for key, value in given.items() if value is not None}


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The company's name.", show_default=False)
    ],
    account: Account = None,
    phone: Phone = None,
    email: Email = None,
    address: Address = None,
    website: Website = None,
    since: Since = None,
    notes: Notes = None,
    sector: Sector = None,
    json_: JsonFlag = False,
) -> None:
    """Add a company with its details."""
    gripe = session(ctx)
    details = _details(account, phone, email, address, website, since, notes, sector)
    with writing(gripe.conn) as conn:
        company = companies.add(conn, name, gripe.view.now, details)
    if json_:
        emit_json(render.company_json(company))
    else:
        gripe.show(f"Added company #{company.id}: {company.name}")


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """List companies by name with their cases, calls and last contact."""
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        found = companies.summaries(conn, None if all_ or json_ else limit)
        total = companies.count(conn)
    if json_:
        emit_json([render.company_summary_json(gripe.view, summary) for summary in found])
        return
    if not found:
        gripe.note('No companies yet. Log a call: gripe log "Company" "what happened"')
        return
    gripe.show(render.companies_table(gripe.view, found))
    gripe.show(render.more_note(len(found), total))


@app.command("show")
def show(ctx: typer.Context, company: CompanyArg, json_: JsonFlag = False) -> None:
    """Show a company's details and open cases."""
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        found = companies.get(conn, company)
        summary = companies.summary(conn, found.id)
        open_cases = cases.summaries(conn, [CaseStatus.OPEN], gripe.view.now, found.id)
    if json_:
        emit_json(
            {
                **render.company_summary_json(gripe.view, summary),
                "open_case_list": [
                    render.case_summary_json(gripe.view, case) for case in open_cases
                ],
            }
        )
    else:
        gripe.show(render.company_card(gripe.view, summary, open_cases))


@app.command("edit")
def edit(
    ctx: typer.Context,
    company: CompanyArg,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="A new name.", show_default=False)
    ] = None,
    account: Account = None,
    phone: Phone = None,
    email: Email = None,
    address: Address = None,
    website: Website = None,
    since: Since = None,
    notes: Notes = None,
    sector: Sector = None,
    json_: JsonFlag = False,
) -> None:
    """Change a company's name or details (an empty value "" clears one)."""
    gripe = session(ctx)
    details = _details(account, phone, email, address, website, since, notes, sector)
    with writing(gripe.conn) as conn:
        updated = companies.edit(conn, companies.get(conn, company), name, details)
    if json_:
        emit_json(render.company_json(updated))
    else:
        gripe.show(f"Updated company #{updated.id}: {updated.name}")
