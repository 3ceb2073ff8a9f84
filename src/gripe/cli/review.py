"""``gripe overdue``, ``gripe due`` and ``gripe when``: what is broken, what is coming, and how
gripe reads a deadline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from gripe import clock, render
from gripe.cli.context import Session, session
from gripe.cli.listing import json_array, write_entries
from gripe.cli.options import DEFAULT_LIMIT, AllFlag, JsonFlag, Limit, command_app
from gripe.errors import BadInput
from gripe.store import promises, reading

if TYPE_CHECKING:
    import sqlite3

    from gripe.model import Letter, Promise

overdue_app = command_app()


@overdue_app.command("overdue")
def overdue(
    ctx: typer.Context,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when anything is overdue (for cron).")
    ] = False,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """Broken promises, and your letters past their reply date.

    Every broken promise and every letter of yours past its reply date with no reply, the most
    overdue first. A promise on a closed case is still watched, marked "case closed".

    Examples:
      gripe overdue
      gripe overdue --exit-code > /dev/null || notify-send "gripe: overdue"
      gripe overdue --json | jq '.[] | select(.kind == "promise") | .id'
    """
    from gripe.render import letters as render_letters
    from gripe.store import letters

    gripe = session(ctx)
    view = gripe.view
    shown_at_most = None if all_ or json_ else limit
    with reading(gripe.conn) as conn:
        found = promises.overdue(conn, view.now, shown_at_most)
        unanswered = letters.overdue(conn, view.now, shown_at_most)
        if json_:
            # Both come most overdue first: merged as they are read, the promises never held.
            import heapq

            shown = json_array(
                gripe,
                heapq.merge(
                    (render.overdue_json(view, promise) for promise in found),
                    (render_letters.overdue_letter_json(view, letter) for letter in unanswered),
                    key=lambda entry: (entry["due"] or "", entry["kind"], entry["id"]),
                ),
            )
        else:
            shown = _overdue_entries(gripe, conn, found, unanswered, limit if not all_ else None)
    if exit_code and shown:
        raise typer.Exit(1)


def _overdue_entries(
    gripe: Session,
    conn: sqlite3.Connection,
    found: Iterable[Promise],
    unanswered: list[Letter],
    limit: int | None,
) -> int:
    """The broken promises as entries, written as they are read, then the unanswered letters;
    how many of both were shown."""
    from gripe.render import letters as render_letters
    from gripe.store import letters

    view = gripe.view
    heading = f"Broken promises ({promises.count_overdue(conn, view.now)})" if unanswered else ""
    headings = iter([heading])  # the first batch's
    shown = write_entries(
        gripe, found, lambda page: render.promise_entries(view, page, next(headings, ""))
    )
    if shown and limit is not None and shown >= limit:
        gripe.show(render.more_note(shown, promises.count_overdue(conn, view.now)))
    if unanswered:
        total = letters.count_overdue(conn, view.now)
        title = f"{chr(10) if shown else ''}No reply to your letters ({total})"
        gripe.show(render_letters.no_reply_entries(view, unanswered, title), prewrapped=True)
        gripe.show(render.more_note(len(unanswered), total))
    elif not shown:
        gripe.note("No broken promises, and no letter of yours is past its reply date.")
    return shown + len(unanswered)


due_app = command_app()
# Longer than gripe's calendar (1970-2200): adding more to now could overflow datetime itself.
_FURTHEST = timedelta(days=366 * 231)


@due_app.command("due")
def due(
    ctx: typer.Context,
    within: Annotated[
        str, typer.Option("--within", metavar="SPAN", help="How far ahead to look: 7d, 48h, 2w.")
    ] = "7d",
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """Pending promises due soon, the soonest first.

    Examples:
      gripe due
      gripe due --within 48h
      gripe due --within 2w --json
    """
    gripe = session(ctx)
    start = gripe.view.now
    try:
        from gripe import dates  # overdue needs none of it

        span: timedelta | None = dates.parse_span(within)
    except OverflowError:  # more days than a timedelta holds
        span = None
    if span is None or span > _FURTHEST:
        raise BadInput(
            f"--within {within} looks past the year 2200, the last that gripe keeps; "
            "type a span like 7d, 2w or 52w"
        )
    end = clock.in_range(start + span, f"the end of --within {within}")
    view = gripe.view
    with reading(gripe.conn) as conn:
        found = promises.due_between(conn, start, end, None if all_ or json_ else limit)
        if json_:
            json_array(gripe, (render.promise_json(view, promise) for promise in found))
            return
        shown = write_entries(gripe, found, lambda page: render.promise_entries(view, page))
        if shown and not all_ and shown >= limit:
            gripe.show(render.more_note(shown, promises.count_due_between(conn, start, end)))
    if not shown:
        gripe.note(f"Nothing due within {within}.")


when_app = command_app()


@when_app.command("when")
def when(
    ctx: typer.Context,
    phrase: Annotated[
        str,
        typer.Argument(
            metavar="PHRASE", help='A deadline as said: "8pm tomorrow".', show_default=False
        ),
    ],
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="Read it as if said at this time (default: now).",
            show_default=False,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Show how gripe reads a deadline phrase.

    The instant it means, and the rule that read it. Nothing is stored: try a phrase before
    logging it.

    Examples:
      gripe when "friday 5pm"
      gripe when "3-5 business days" --at "monday 10am"
      gripe when EOD --json
    """
    from gripe import dates

    gripe = session(ctx)
    view, date_order = gripe.view, gripe.setting("date_order")
    base = dates.parse_at(at, view.now, date_order, allow_future=True) if at else view.now
    deadline = dates.parse_deadline(phrase, base, date_order)
    if json_:
        gripe.json(
            render.deadline_json(
                view, phrase, deadline.due, deadline.date_only, base, deadline.rule
            )
        )
    else:
        gripe.show(render.deadline_reading(view, deadline.due, deadline.date_only, deadline.text))
        gripe.show(render.deadline_rule(deadline.rule))
