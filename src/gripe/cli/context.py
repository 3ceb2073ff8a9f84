"""What every command shares: the database handle, the person's clock and the consoles.

One `Session` is made per invocation by the root callback and kept in ``ctx.obj``. The
connection is opened on first use, so ``gripe --help`` and tab completion never touch the disk.
Both consoles show control characters in what they print as ``\x1b`` and the like
(`gripe.render.visible`): a name or summary stored with an escape sequence in it is shown,
never obeyed by the terminal.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment, Segments
from rich.text import Text

from gripe import clock, store
from gripe.render import View, visible

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from gripe.model import Company


class SafeConsole(Console):
    """A console that shows the control characters in text instead of sending them: every
    renderable, a table cell as much as a line, is turned into segments here."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and not segment.text.isprintable():
                shown = visible(segment.text)
                if shown is not segment.text:
                    segment = Segment(shown, segment.style)
            yield segment


@dataclass
class Session:
    db_option: str | None
    command: str = "gripe"  # the command line, journaled with what the command writes
    # No markup or emoji codes: names and summaries are the person's own text, and a "[Acme]"
    # or ":phone:" in them must print as typed (parsing them is slower, too).
    out: Console = field(
        default_factory=lambda: SafeConsole(highlight=False, markup=False, emoji=False)
    )
    err: Console = field(
        default_factory=lambda: SafeConsole(
            stderr=True, highlight=False, markup=False, emoji=False
        )
    )

    @cached_property
    def path(self) -> Path:
        return store.resolve_path(self.db_option)[0]

    @cached_property
    def conn(self) -> sqlite3.Connection:
        path, is_default = store.resolve_path(self.db_option)
        return store.connect(path, make_folder=is_default, command=self.command)

    def setting(self, key: str) -> str | None:
        return store.settings.get(self.conn, key)

    @cached_property
    def view(self) -> View:
        zone = clock.local_zone(self.setting("timezone"))
        return View(zone=zone, now=clock.now(zone), width=self.out.width)

    def opened_path(self) -> Path | None:
        """The log this command works on, for an error message."""
        try:
            return self.path
        except OSError:  # no data folder to be had: the error says what went wrong
            return None

    def saved(self) -> bool:
        """Whether this command's writes were committed."""
        return "conn" in self.__dict__ and bool(getattr(self.conn, "saved", False))

    def close(self) -> None:
        if "conn" in self.__dict__:
            for note in getattr(self.conn, "notes", ()):
                self.note(f"Note: {note}")
            self.conn.close()

    def company(self, conn: sqlite3.Connection, text: str) -> Company:
        """The company a COMMAND argument names, said back when it was a partial match."""
        from gripe.store import naming

        named = naming.get(conn, text)
        if named.said_back:
            self.note(f"Company: {named.label}")
        return named.company

    def show(self, renderable: RenderableType | None, prewrapped: bool = False) -> None:
        """Print to stdout; ``prewrapped`` text is already fitted to the width, so rich does not
        measure and wrap it again."""
        if renderable is None:
            return
        if prewrapped and isinstance(renderable, Group):
            for part in renderable.renderables:  # each Text by the quick path below
                self.show(part, prewrapped=True)
            return
        if prewrapped and isinstance(renderable, Text):
            # Its styled runs, as they are: rich would otherwise split the text into a Text per
            # line to wrap it again, which a summary of a million lines makes take seconds.
            segments = Segments(renderable.render(self.out, end=renderable.end))
            self.out.print(segments, soft_wrap=True, end="")
            return
        self.out.print(renderable, soft_wrap=prewrapped)

    def note(self, message: str) -> None:
        """A message for the person, on stderr so that stdout stays data; not wrapped, so that
        the paths and commands in it can be copied whole (the terminal folds long lines)."""
        self.err.print(message, markup=False, soft_wrap=True)


def session(ctx: typer.Context) -> Session:
    found = ctx.find_root().obj
    assert isinstance(found, Session), "the root callback sets the session"
    return found


def emit_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
