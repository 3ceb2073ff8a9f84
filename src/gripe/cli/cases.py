"""``gripe case open/list/show/close``."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import Session, session
from gripe.cli.listing import is_long, show_rows
from gripe.cli.options import (
    DEFAULT_LIMIT,
    AllFlag,
    CaseArg,
    CompanyArg,
    JsonFlag,
    Limit,
    command_app,
    complete_choice,
    complete_company,
)
from gripe.model import TEMPLATE_FOR_LEVEL, Case, CaseStatus, Level, format_amount, parse_amount
from gripe.model import escalate as model_escalate
from gripe.render import View
from gripe.render import changes as render_changes
from gripe.render import rows as render_rows
from gripe.store import cases, naming, reading, writing
from gripe.store.rows import parse_id

app = command_app(
    """Cases: one complaint against one company.

    Examples:
      gripe case open Comcast "Outage since Monday" --want "refund of outage days"
      gripe case list --status any
      gripe case show 12
      gripe case escalate 12
    """,
    group=True,
)


@app.command("open")
def open_(
    ctx: typer.Context,
    company: CompanyArg,
    title: Annotated[
        str,
        typer.Argument(metavar="TITLE", help="What the complaint is about.", show_default=False),
    ],
    want: Annotated[
        str | None,
        typer.Option(
            "--want",
            metavar="OUTCOME",
            help='The outcome you want, like "refund of outage days".',
            show_default=False,
        ),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount",
            metavar="AMOUNT",
            help="Money at stake: 120, 120.50, £120.50.",
            show_default=False,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Open a case against a company (added if new).

    gripe log opens one by itself when the company has no open case; open one here for a
    second complaint against the same company.

    Examples:
      gripe case open Comcast "Outage since Monday"
      gripe case open "AT&T" "Billed twice in June" --want "refund" --amount 39.25
    """
    gripe = session(ctx)
    money = parse_amount(amount) if amount else None
    with writing(gripe.conn) as conn:
        ensured = naming.ensure(conn, company, gripe.view.now)
        case = cases.open_case(
            conn, ensured.named.company, _title(title), gripe.view.now, want, money
        )
    if note := ensured.note():
        gripe.note(note)
    if json_:
        gripe.json(render.case_json(gripe.view, case))
    else:
        gripe.show(f"Opened case #{case.id} with {case.company}: {case.title}")


def _title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        from gripe.errors import BadInput

        raise BadInput(
            'the title is empty; say what the complaint is about, like "Outage since Monday"'
        )
    return cleaned


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="open, resolved, abandoned, closed (both) or any.",
            autocompletion=complete_choice("case_status"),
        ),
    ] = "open",
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            metavar="COMPANY",
            help="Only this company's cases.",
            show_default=False,
            autocompletion=complete_company,
        ),
    ] = None,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """List cases, the most recently active first.

    Open cases, unless --status says otherwise.

    Examples:
      gripe case list
      gripe case list --status closed --company comcast
      gripe case list --all --json
    """
    gripe = session(ctx)
    statuses = _statuses(status)
    long = is_long(all_, limit)
    view = gripe.view
    with_status = statuses != [CaseStatus.OPEN]
    with reading(gripe.conn) as conn:
        company_id = gripe.company(conn, company).id if company else None
        show_rows(
            gripe,
            cases.summaries(
                conn, statuses, view.now, company_id, None if all_ or json_ else limit
            ),
            json_=json_,
            long=long,
            to_json=lambda summary: render.case_summary_json(view, summary),
            columns=render_rows.case_columns(with_status),
            cells=lambda summary: render_rows.case_cells(view, summary, with_status),
            limit=limit,
            total=lambda: cases.count(conn, statuses, company_id),
            empty=f"No {status} cases.",
        )


def _statuses(text: str) -> list[CaseStatus]:
    lowered = text.strip().lower()
    if lowered == "any":
        return list(CaseStatus)
    if lowered == "closed":
        return [CaseStatus.RESOLVED, CaseStatus.ABANDONED]
    if lowered not in {status.value for status in CaseStatus}:
        from gripe.errors import BadInput

        raise BadInput(f"--status is open, resolved, abandoned, closed or any, not {text!r}")
    return [CaseStatus(lowered)]


@app.command("show")
def show(ctx: typer.Context, case: CaseArg, json_: JsonFlag = False) -> None:
    """A case's timeline, promises, letters and next step.

    Every call, rep, reference, hold time, promise and letter in the order they happened, the
    rights clocks that apply, and what to do next.

    Examples:
      gripe case show 12
      gripe case show 12 --json | jq '.promises[] | select(.overdue)'
    """
    from gripe.cli.case_state import case_state
    from gripe.render import timeline
    from gripe.render.rights import rights_summary_json

    gripe = session(ctx)
    view = gripe.view
    state = case_state(gripe, parse_id(case, "case"))
    step = state.step if state.record.timeline.case.status is CaseStatus.OPEN else None
    if json_:
        today = view.now.astimezone(view.zone).date()
        shown = timeline.timeline_json(view, state.record, step)
        shown["case"].update(rights_summary_json(state.report, today))
        gripe.json(shown)
    else:
        shown_text = timeline.timeline_view(view, state.record, step, state.rights_lines)
        gripe.show(shown_text, prewrapped=True)


@app.command("close")
def close(
    ctx: typer.Context,
    case: CaseArg,
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            metavar="OUTCOME",
            help="resolved (you got what you wanted) or abandoned.",
            autocompletion=complete_choice("outcome"),
        ),
    ] = "resolved",
    note: Annotated[
        str | None,
        typer.Option(
            "--note", metavar="TEXT", help="How it ended, in a sentence.", show_default=False
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Close a case as resolved or abandoned.

    Its pending promises stay watched: once past due they are listed as broken, marked "case
    closed" (cancel one to stop watching it).

    Examples:
      gripe case close 12 --note "Refund of £45 received"
      gripe case close 12 --outcome abandoned
    """
    gripe = session(ctx)
    status = CaseStatus.parse(outcome, "case outcome")
    if status is CaseStatus.OPEN:
        from gripe.errors import BadInput

        raise BadInput("--outcome is resolved or abandoned")
    with writing(gripe.conn) as conn:
        closed = cases.close(conn, parse_id(case, "case"), status, note, gripe.view.now)
        watched = cases.pending_promises(conn, closed.id)
    if json_:
        gripe.json(
            {
                **render.case_json(gripe.view, closed),
                "watched_promises": [render.promise_json(gripe.view, p) for p in watched],
            }
        )
        return
    gripe.show(
        f"Closed case #{closed.id} ({closed.company}: {closed.title}) as {closed.status.value}"
    )
    if watched:
        gripe.show(render_changes.watched_after_closing(gripe.view, closed, watched))


@app.command("escalate")
def escalate(
    ctx: typer.Context,
    case: CaseArg,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="LEVEL",
            help="supervisor, executive, regulator or legal (default: the next rung up).",
            show_default=False,
            autocompletion=complete_choice("level"),
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Move a case up the ladder of escalation.

    The ladder: frontline → supervisor → executive → regulator → legal. The next step's letter
    follows the case's level.

    Examples:
      gripe case escalate 12
      gripe case escalate 12 --to regulator
    """
    gripe = session(ctx)
    wanted = Level.parse(to, "level") if to else None
    with writing(gripe.conn) as conn:
        current = cases.get(conn, parse_id(case, "case"))
        moved = cases.set_level(conn, current.id, model_escalate(current.level, wanted))
    if json_:
        gripe.json(render.case_json(gripe.view, moved))
    else:
        template = TEMPLATE_FOR_LEVEL[moved.level]
        gripe.show(
            f"Case #{moved.id} ({moved.company}: {moved.title}) is now at {moved.level.value}. "
            f"Next: gripe letter {moved.id} --template {template}"
        )


def case_diff(view: View, before: Case, after: Case) -> render_changes.Diff:
    diff = render_changes.Diff()
    diff.add(
        "company",
        f"{before.company} (#{before.company_id})",
        f"{after.company} (#{after.company_id})",
    )
    diff.add("title", before.title, after.title, quoted=True)
    diff.add("status", before.status.value, after.status.value)
    diff.add("want", before.desired_outcome, after.desired_outcome, quoted=True)
    diff.add("amount", _amount(before), _amount(after))
    diff.add(
        "statement date",
        before.statement_date.isoformat() if before.statement_date else None,
        after.statement_date.isoformat() if after.statement_date else None,
    )
    diff.add(
        "closed",
        view.when(before.closed_at) if before.closed_at else None,
        view.when(after.closed_at) if after.closed_at else None,
    )
    diff.add("note", before.resolution_note, after.resolution_note, quoted=True)
    return diff


def _amount(case: Case) -> str | None:
    if case.amount_cents is None:
        return None
    return format_amount(case.amount_cents, case.currency)


def _echo(gripe: Session, before: Case, after: Case, json_: bool) -> None:
    diff = case_diff(gripe.view, before, after)
    if json_:
        gripe.json(
            {
                "before": render.case_json(gripe.view, before),
                "after": render.case_json(gripe.view, after),
                "changes": diff.json(),
            }
        )
    else:
        gripe.show(diff.text(f"Case #{after.id}"))


def _statement_date(gripe: Session, text: str) -> str | None:
    """A statement's date as stored (YYYY-MM-DD), read like --at: "2026-06-03", "3 June"."""
    if not text.strip():
        return None
    from datetime import date

    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        pass
    from gripe import dates

    view = gripe.view
    read = dates.parse_at(text, view.now, gripe.setting("date_order"))
    return view.local(read).date().isoformat()


@app.command("edit")
def edit(
    ctx: typer.Context,
    case: CaseArg,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", metavar="TEXT", help="What the complaint is about.", show_default=False
        ),
    ] = None,
    want: Annotated[
        str | None,
        typer.Option(
            "--want",
            metavar="OUTCOME",
            help='The outcome you want ("" clears).',
            show_default=False,
        ),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount",
            metavar="AMOUNT",
            help='Money at stake: 120, £120.50 ("" clears).',
            show_default=False,
        ),
    ] = None,
    statement_date: Annotated[
        str | None,
        typer.Option(
            "--statement-date",
            metavar="DATE",
            help='The statement that first showed the error: 2026-06-03, "3 June" ("" clears).',
            show_default=False,
        ),
    ] = None,
    company: Annotated[
        str | None,
        typer.Option(
            "--company",
            metavar="COMPANY",
            help="Move the case, with its calls, promises, letters and evidence, to this company.",
            show_default=False,
            autocompletion=complete_company,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Correct a case's title, outcome, amount or company.

    An empty value ("") clears a detail; --company moves the case with everything on it.

    Examples:
      gripe case edit 12 --title "Outage since Sunday"
      gripe case edit 12 --amount 120 --want "refund of outage days"
      gripe case edit 12 --company "Comcast Business"
    """
    gripe = session(ctx)
    case_id = parse_id(case, "case")
    values: dict[str, object] = {}
    if title is not None:
        values["title"] = title
    if want is not None:
        values["desired_outcome"] = " ".join(want.split()) or None
    if amount is not None:
        cents, currency = parse_amount(amount) if amount.strip() else (None, None)
        values.update(amount_cents=cents, currency=currency)
    if statement_date is not None:
        values["statement_date"] = _statement_date(gripe, statement_date)
    with writing(gripe.conn) as conn:
        moved_to = gripe.company(conn, company) if company is not None else None
        before, after = cases.edit(conn, case_id, values, gripe.view.now, moved_to)
    _echo(gripe, before, after, json_)


@app.command("reopen")
def reopen(ctx: typer.Context, case: CaseArg, json_: JsonFlag = False) -> None:
    """Open a closed case again.

    For when a promise made at the end was not kept.

    Examples:
      gripe case reopen 12
    """
    gripe = session(ctx)
    with writing(gripe.conn) as conn:
        before, after = cases.reopen(conn, parse_id(case, "case"))
    _echo(gripe, before, after, json_)


# The sums a case is about, in their own module like the corrections.
from gripe.cli import claims as _claims  # noqa: E402

app.command("claim")(_claims.claim)
app.command("unclaim")(_claims.unclaim)
