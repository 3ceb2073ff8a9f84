"""``gripe company add/list/show/edit``: companies, their details and their ways in; and
``company merge/delete`` (`gripe.cli.company_tidy`)."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli import company_tidy
from gripe.cli.context import Session, session
from gripe.cli.listing import is_long, show_rows
from gripe.cli.options import (
    DEFAULT_LIMIT,
    AllFlag,
    CompanyArg,
    JsonFlag,
    Limit,
    command_app,
    complete_sector,
)
from gripe.errors import BadInput
from gripe.model import CaseStatus, Company
from gripe.model import Sector as SectorChoice
from gripe.render import rows as render_rows
from gripe.store import cases, companies, naming, reading, writing

app = command_app(
    """Companies you deal with, and their details for letters.

    A COMPANY argument is a name in any case or spacing (AT&T, att), the start of one
    (northstar), or the company's number.

    Examples:
      gripe company add Comcast --phone "1-800-934-6489" --sector broadband
      gripe company list
      gripe company show comcast
      gripe company merge "Comcast Cable" Comcast
    """,
    group=True,
)

Account = Annotated[
    str | None,
    typer.Option(
        "--account", metavar="NUMBER", help="Your account number with them.", show_default=False
    ),
]
Phones = Annotated[
    list[str] | None,
    typer.Option(
        "--phone",
        metavar="NUMBER",
        help='A phone number to reach them on (give it again for more; "" removes them all).',
        show_default=False,
    ),
]
PhoneNotes = Annotated[
    list[str] | None,
    typer.Option(
        "--phone-note",
        metavar="TEXT",
        help="What to know about the --phone before it, like \"say 'agent' twice\" "
        '(one per --phone when there are several; "" for none).',
        show_default=False,
    ),
]
Hours = Annotated[
    str | None,
    typer.Option(
        "--hours",
        metavar="HOURS",
        help='When their lines are open, like "Mon-Fri 08:00-20:00; Sat 09:00-17:00".',
        show_default=False,
    ),
]
ComplaintsEmail = Annotated[
    str | None,
    typer.Option(
        "--complaints-email",
        metavar="EMAIL",
        help="Their complaints department's address.",
        show_default=False,
    ),
]
ExecEmail = Annotated[
    str | None,
    typer.Option(
        "--exec-email",
        metavar="EMAIL",
        help="Their executive office's address (the chief executive's team).",
        show_default=False,
    ),
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
        autocompletion=complete_sector,
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
    email: str | None,
    address: str | None,
    website: str | None,
    since: str | None,
    notes: str | None,
    hours_text: str | None = None,
    complaints_email: str | None = None,
    exec_email: str | None = None,
    sector: str | None = None,
) -> dict[str, str | None]:
    if hours_text and hours_text.strip():
        from gripe import hours

        hours.parse(hours_text)  # refused here, with an example, when it cannot be read
    given = {
        # "" clears the sector; anything else must be one of the list (exit 2 otherwise).
        "sector": SectorChoice.parse(sector, "sector").value if sector else sector,
        "account_number": account,
        "email": email,
        "postal_address": address.replace("\\n", "\n") if address else address,
        "website": website,
        "customer_since": since,
        "notes": notes,
        "hours": hours_text,
        "complaints_email": complaints_email,
        "exec_email": exec_email,
    }
    return {key: value for key, value in given.items() if value is not None}


def _phones(
    numbers: list[str] | None, notes: list[str] | None
) -> tuple[list[tuple[str, str | None]], bool]:
    """The numbers to add with their notes, and whether an empty --phone asked to clear them."""
    numbers, notes = numbers or [], notes or []
    given = [number for number in numbers if number.strip()]
    if notes and len(notes) != len(given):
        raise BadInput(
            "give one --phone-note for each --phone, in the same order "
            '(--phone-note "" for a number without one), like: --phone "0800 123 4567" '
            "--phone-note \"say 'agent' twice\""
        )
    paired = [(number, notes[index] if notes else None) for index, number in enumerate(given)]
    return paired, len(given) != len(numbers)


def _echo_hours(gripe: Session, company: Company, hours_text: str | None) -> None:
    if hours_text and company.hours:
        from gripe import hours

        status = render.lines_status(gripe.view, company)
        reading = hours.parse(company.hours).describe()
        gripe.note(f"Opening hours read as {reading}" + (f"; {status.phrase}" if status else ""))


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The company's name.", show_default=False)
    ],
    account: Account = None,
    phone: Phones = None,
    phone_note: PhoneNotes = None,
    email: Email = None,
    complaints_email: ComplaintsEmail = None,
    exec_email: ExecEmail = None,
    address: Address = None,
    website: Website = None,
    hours_text: Hours = None,
    since: Since = None,
    notes: Notes = None,
    sector: Sector = None,
    json_: JsonFlag = False,
) -> None:
    """Add a company with its details and ways in.

    gripe log adds a company by itself; add one here with what letters need (address,
    account) and the ways to reach it.

    Examples:
      gripe company add Comcast --account 8774-1234 --sector broadband
      gripe company add Northstar --phone "0800 123 4567" --phone-note "press 0"
      gripe company add Northstar --hours "Mon-Fri 08:00-20:00; Sat 09:00-17:00"
    """
    gripe = session(ctx)
    details = _details(
        account,
        email,
        address,
        website,
        since,
        notes,
        hours_text,
        complaints_email,
        exec_email,
        sector,
    )
    numbers, _ = _phones(phone, phone_note)
    with writing(gripe.conn) as conn:
        added = companies.add(conn, name, gripe.view.now, details)
        phones = companies.edit_phones(conn, added.id, gripe.view.now, add=numbers)
        company = companies.get_by_id(conn, added.id)
        close = naming.close_to(conn, company.name, leave_out=company.id)
    if close:
        gripe.note(
            f"{naming.did_you_mean(close)} If so, put them together: "
            f"gripe company merge {company.id} {close[0].id}"
        )
    if json_:
        gripe.json(
            {**render.company_json(company), **render.ways_in_json(gripe.view, company, phones)}
        )
    else:
        gripe.show(f"Added company #{company.id}: {company.name}")
        _echo_hours(gripe, company, hours_text)


@app.command("list")
def list_(
    ctx: typer.Context,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """List companies with their cases, calls and last contact.

    Examples:
      gripe company list
      gripe company list --all --json
    """
    gripe = session(ctx)
    view = gripe.view
    with reading(gripe.conn) as conn:
        show_rows(
            gripe,
            companies.summaries(conn, None if all_ or json_ else limit),
            json_=json_,
            long=is_long(all_, limit),
            to_json=lambda summary: render.company_summary_json(view, summary),
            columns=render_rows.COMPANY_COLUMNS,
            cells=lambda summary: render_rows.company_cells(view, summary),
            limit=limit,
            total=lambda: companies.count(conn),
            empty='No companies yet. Log a call: gripe log "Company" "what happened"',
        )


@app.command("show")
def show(ctx: typer.Context, company: CompanyArg, json_: JsonFlag = False) -> None:
    """A company's details, ways in and open cases.

    Examples:
      gripe company show comcast
      gripe company show 3 --json
    """
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        found = gripe.company(conn, company)
        summary = companies.summary(conn, found.id)
        open_cases = list(cases.summaries(conn, [CaseStatus.OPEN], gripe.view.now, found.id))
        phones = companies.phones(conn, found.id)
    if json_:
        gripe.json(
            {
                **render.company_summary_json(gripe.view, summary),
                **render.ways_in_json(gripe.view, summary.company, phones),
                "open_case_list": [
                    render.case_summary_json(gripe.view, case) for case in open_cases
                ],
            }
        )
    else:
        gripe.show(render.company_card(gripe.view, summary, open_cases, phones))


@app.command("edit")
def edit(
    ctx: typer.Context,
    company: CompanyArg,
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="A new name.", show_default=False)
    ] = None,
    account: Account = None,
    phone: Phones = None,
    phone_note: PhoneNotes = None,
    remove_phone: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-phone",
            metavar="NUMBER",
            help="A number of theirs to forget (give it again for more).",
            show_default=False,
        ),
    ] = None,
    email: Email = None,
    complaints_email: ComplaintsEmail = None,
    exec_email: ExecEmail = None,
    address: Address = None,
    website: Website = None,
    hours_text: Hours = None,
    since: Since = None,
    notes: Notes = None,
    sector: Sector = None,
    json_: JsonFlag = False,
) -> None:
    """Change a company's name, details or ways in.

    An empty value ("") clears one. --phone adds a number (or, with --phone-note, changes the
    note of one it has already).

    Examples:
      gripe company edit comcast --address "1701 JFK Blvd, Philadelphia, PA 19103"
      gripe company edit comcast --phone "1-800-934-6489" --phone-note "say agent"
      gripe company edit 3 --name "Comcast Xfinity" --notes ""
    """
    gripe = session(ctx)
    details = _details(
        account,
        email,
        address,
        website,
        since,
        notes,
        hours_text,
        complaints_email,
        exec_email,
        sector,
    )
    numbers, clear = _phones(phone, phone_note)
    with writing(gripe.conn) as conn:
        found = gripe.company(conn, company)
        phones_before = companies.phones(conn, found.id)
        phones = companies.edit_phones(
            conn, found.id, gripe.view.now, numbers, remove_phone or [], clear
        )
        updated = companies.edit(conn, found, name, details)
    diff = company_tidy.company_diff(found, updated, phones_before, phones)
    if json_:
        gripe.json(
            {
                **render.company_json(updated),
                **render.ways_in_json(gripe.view, updated, phones),
                "changes": diff.json(),
            }
        )
    else:
        gripe.show(f"Updated company #{updated.id}: {updated.name}")
        if diff:
            gripe.show(diff.text(f"Company #{updated.id}"))
        _echo_hours(gripe, updated, hours_text)


app.command("merge")(company_tidy.merge)
app.command("delete")(company_tidy.delete)
