"""What every command shares: the database handle, the person's clock and the consoles.

One `Session` is made per invocation by the root callback and kept in ``ctx.obj``. The
connection is opened on first use, so ``gripe --help`` and tab completion never touch the disk.
Its `Output` owns stdout and stderr: every command writes through it, so that paging long
output in a terminal (`gripe.cli.pager`) is decided in one place, not per command.

Both consoles show control characters in what they print as ``\x1b`` and the like
(`gripe.render.visible`): a name or summary stored with an escape sequence in it is shown,
never obeyed by the terminal.
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any

import typer
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment, Segments
from rich.text import Text

from gripe import clock, store
from gripe.render import View, visible

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from gripe.cli.pager import Pager
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


class Output:
    """Where a command's words go: data to stdout, messages to stderr.

    In a terminal, stdout is a `gripe.cli.pager.Pager` (loaded only then) unless ``--no-pager``
    or ``GRIPE_PAGER`` turn it off: output taller than the screen is paged, and messages wait
    their turn. Into a pipe or a file, stdout is what it is and nothing waits.
    """

    def __init__(self, paging: bool = True) -> None:
        self.paging = paging
        self.pager: Pager | None = None

    @cached_property
    def stdout(self) -> IO[str]:
        if self.paging and sys.stdout.isatty():
            from gripe.cli import pager

            words = pager.command()
            if words is not None:
                import shutil

                size = shutil.get_terminal_size()
                self.pager = pager.Pager(words, sys.stdout, size.lines, size.columns)
                return self.pager  # type: ignore[return-value]
        return sys.stdout

    @cached_property
    def out(self) -> Console:
        # No markup or emoji codes: names and summaries are the person's own text, and a "[Acme]"
        # or ":phone:" in them must print as typed (parsing them is slower, too).
        return SafeConsole(file=self.stdout, highlight=False, markup=False, emoji=False)

    @cached_property
    def err(self) -> Console:
        return SafeConsole(stderr=True, highlight=False, markup=False, emoji=False)

    def write(self, text: str) -> None:
        """Text as it is (a template's source, a path), to stdout."""
        self.stdout.write(text)

    def json(self, data: Any) -> None:
        import json

        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")

    def note(self, message: str) -> None:
        def say() -> None:
            self.err.print(message, markup=False, soft_wrap=True)

        if self.pager is not None and self.pager.holding():
            self.pager.hold_note(say)
        else:
            say()

    def finish(self) -> None:
        """The end of the command: held output is written, a pager runs to its end."""
        if self.pager is not None:
            self.pager.finish()


@dataclass
class Session:
    db_option: str | None
    command: str = "gripe"  # the command line, journaled with what the command writes
    output: Output = field(default_factory=Output)

    @property
    def out(self) -> Console:
        return self.output.out

    @property
    def err(self) -> Console:
        return self.output.err

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
        """Close the log (its notes are said)."""
        if "conn" in self.__dict__:
            for note in getattr(self.conn, "notes", ()):
                self.note(f"Note: {note}")
            self.conn.close()

    def end(self) -> None:
        """The end of the command: the log closed, then its output finished (the pager)."""
        try:
            self.close()
        finally:
            self.output.finish()

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
        out = self.out
        if prewrapped and isinstance(renderable, Text):
            # Its styled runs, as they are: rich would otherwise split the text into a Text per
            # line to wrap it again, which a summary of a million lines makes take seconds.
            segments = Segments(renderable.render(out, end=renderable.end))
            out.print(segments, soft_wrap=True, end="")
            return
        out.print(renderable, soft_wrap=prewrapped)

    def json(self, data: Any) -> None:
        """``--json`` output: one JSON value on stdout."""
        self.output.json(data)

    def write(self, text: str) -> None:
        self.output.write(text)

    def note(self, message: str) -> None:
        """A message for the person, on stderr so that stdout stays data; not wrapped, so that
        the paths and commands in it can be copied whole (the terminal folds long lines)."""
        self.output.note(message)


def session(ctx: typer.Context) -> Session:
    found = ctx.find_root().obj
    assert isinstance(found, Session), "the root callback sets the session"
    return found
