"""``gripe search TEXT``: find the call, promise or case a word, a name or a reference is in."""

from typing import Annotated

import typer

from gripe.cli.context import session
from gripe.cli.listing import json_array, write_entries
from gripe.cli.options import DEFAULT_LIMIT, AllFlag, JsonFlag, Limit, command_app
from gripe.render import search as render_search
from gripe.store import reading, search

app = command_app()


@app.command("search")
def find(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TEXT",
            help="Words, a rep's name or a reference number; every word must match; "
            "refun* matches the start of a word; a word starting with - goes after --: "
            "gripe search -- -x",
            show_default=False,
        ),
    ] = None,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """Find calls, promises, cases and companies by their words.

    Searches call summaries, promises, notes, rep names, reference numbers and company names;
    every word must match, and the best matches come first.

    Examples:
      gripe search refund
      gripe search CMC-88123
      gripe search "AT&T" refun*
      gripe search dana --json
    """
    gripe = session(ctx)
    text = " ".join(words or [])
    search.match_expression(text)  # refuse an empty search before opening the database
    page = None if all_ else limit  # ranked results: --json too gives the best --limit
    view = gripe.view
    with reading(gripe.conn) as conn:
        found = search.find(conn, text, page)
        if json_:
            shown = json_array(gripe, (render_search.search_hit_json(view, hit) for hit in found))
        else:
            shown = write_entries(
                gripe, found, lambda hits: render_search.search_entries(view, hits)
            )
            if shown and shown == page:
                gripe.show(render_search.more_note(shown, search.count(conn, text)))
    if not shown:
        gripe.note(
            f"Nothing matches {text.strip()!r}. Try fewer words, or the start of a word "
            "with *, like: gripe search refun*"
        )
