"""What people and programs see of a search: the hits as entries with the matching words
lit, and as JSON."""

from __future__ import annotations

from rich.text import Text

from gripe.model import SearchHit
from gripe.render.text import Json, View, add_wrapped, trim_end, wrap


def search_hit_json(view: View, hit: SearchHit) -> Json:
    """A search result; in ``snippet`` the matching words are between ``**``."""
    from gripe.store.search import MARK_END, MARK_START

    return {
        "kind": hit.kind,
        "id": hit.id,
        "uuid": hit.uuid,
        "case_id": hit.case_id,
        "company": hit.company,
        "at": view.iso(hit.at),
        "text": hit.text,
        "snippet": hit.snippet.replace(MARK_START, "**").replace(MARK_END, "**"),
    }


def search_entries(view: View, hits: list[SearchHit]) -> Text:
    """Search results, the best first: what and where, then the matching text with the matching
    words highlighted, pre-wrapped like `promise_entries` (print with soft_wrap)."""
    import re

    from gripe.store.search import MARK_END, MARK_START

    made = {"promise": "made ", "case": "opened ", "company": "added "}
    out = Text()
    for hit in hits:
        case = f", case #{hit.case_id}" if hit.case_id is not None and hit.kind != "case" else ""
        where = hit.company + case
        heading = f"{hit.kind} #{hit.id} · {where} · {made.get(hit.kind, '')}{view.when(hit.at)}"
        add_wrapped(out, view, heading, style="bold")
        # Wrapped with the marks in place (they count as width, so lines only come out shorter),
        # then each line is cut at the marks; a match may run on across a line break.
        marked = " ".join(hit.snippet.split())
        lit = False
        for line in wrap(marked, max(view.width - 6, 20), keep=MARK_START + MARK_END):
            out.append(" " * 6)
            for piece in re.split(f"([{MARK_START}{MARK_END}])", line):
                if piece in (MARK_START, MARK_END):
                    lit = piece == MARK_START
                elif piece:
                    out.append(piece, style="bold reverse" if lit else "")
            out.append("\n")
    trim_end(out)
    return out


def more_note(shown: int, counted: int) -> Text | None:
    """What a page of results leaves out; a count past `MAX_COUNTED` is said as "more than"."""
    from gripe.store.search import MAX_COUNTED

    if counted <= shown:
        return None
    if counted > MAX_COUNTED:
        return Text(
            f"… and more than {MAX_COUNTED - shown:,} more; --all shows them all", style="dim"
        )
    return Text(f"… and {counted - shown:,} more; --all shows them all", style="dim")
