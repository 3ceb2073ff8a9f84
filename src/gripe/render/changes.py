"""What people and programs see of changes to the record: corrections echoed before → after,
the history of commands and what an undo put back.

Plain text and plain dicts: nothing here needs rich, so the correction commands and ``gripe
history`` do not load it for their output. Times are shown like `render.View` shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gripe.model import Case, Change, Promise
    from gripe.render.text import View

Json = dict[str, Any]

# A value that is not there, as an echo shows it.
NONE = "none"


def shown(value: object, quoted: bool = False) -> str:
    """A value as an echo shows it (the person's own words in quotes), nothing as "none"."""
    if value is None or value == "":
        return NONE
    return f'"{value}"' if quoted else str(value)


class Diff:
    """What a correction changed, field by field, in words: ``hold 2h 00m → 20m``."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str, str]] = []

    def add(self, label: str, before: object, after: object, quoted: bool = False) -> None:
        """One field; ``quoted`` for what the person typed (a summary, a title)."""
        if shown(before) != shown(after):
            self.lines.append((label, shown(before, quoted), shown(after, quoted)))

    def __bool__(self) -> bool:
        return bool(self.lines)

    def text(self, heading: str) -> str:
        """ "Call #7: hold 2h 00m → 20m; rep Dana → Dana Smith", or that nothing changed."""
        if not self.lines:
            return f"{heading}: nothing to change (the values given are the ones it has)"
        return f"{heading}: " + "; ".join(
            f"{label} {before} → {after}" for label, before, after in self.lines
        )

    def json(self) -> list[Json]:
        return [
            {"field": label, "before": before, "after": after}
            for label, before, after in self.lines
        ]


def change_json(view: View, change: Change) -> Json:
    return {
        "id": change.id,
        "uuid": change.uuid,
        "at": view.iso(change.at),
        "command": change.command,
        "summary": change.summary,
        "undone": change.undone_at is not None,
        "undone_at": view.iso(change.undone_at),
        "undoable": change.undoable and change.undone_at is None,
    }


def history_text(view: View, changes: list[Change]) -> str:
    """One entry per command, newest first: when, the command line, then what it changed."""
    lines = []
    for change in changes:
        state = ""
        if change.undone_at is not None:
            state = f"  [undone {view.when(change.undone_at)}]"
        elif not change.undoable:
            state = "  [cannot be undone]"
        lines.append(f"#{change.id:<4} {view.when(change.at)}  {change.command}{state}")
        lines.append(f"      {change.summary}")
    return "\n".join(lines)


def undone_text(view: View, change: Change, put_back: str, next_change: Change | None) -> str:
    lines = [
        f"Undid #{change.id} ({view.when(change.at)}): {change.command}",
        f"  {put_back[:1].upper()}{put_back[1:]}.",
    ]
    if next_change is None:
        lines.append("Nothing more to undo.")
    elif next_change.undoable:
        lines.append(
            f"gripe undo again would undo #{next_change.id}: {next_change.command} "
            f"({next_change.summary})"
        )
    return "\n".join(lines)


def watched_after_closing(view: View, case: Case, promises: list[Promise]) -> str:
    """What closing a case leaves watched: its pending promises, listed with what to do."""
    from gripe.render.promises import due_phrase

    count = len(promises)
    lines = [
        f"{'This promise stays' if count == 1 else f'These {count:,} promises stay'} watched: "
        "once past due, gripe overdue and the dashboard list "
        f'{"it" if count == 1 else "them"}, marked "case closed" '
        f"(then: gripe case reopen {case.id}):"
    ]
    for promise in promises:
        due = due_phrase(view, promise)
        lines.append(f'  #{promise.id} "{promise.text}" {"due " + due if promise.due else due}')
    lines.append("To stop watching one: gripe promise cancel ID")
    return "\n".join(lines)
