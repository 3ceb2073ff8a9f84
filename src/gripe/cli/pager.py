"""Output taller than the screen goes through a pager, the way git does it.

`Pager` stands in for stdout when it is a terminal (`gripe.cli.context.Output` decides, and
imports this module only then). It holds what the command writes until there is more than the
screen shows; then it starts the pager and hands it everything, and what follows streams
straight to it. Output that fits is written to the terminal as it was, when the command ends.

The pager is ``$GRIPE_PAGER``, else ``$PAGER``, else ``less`` (with ``LESS=FRX`` unless LESS is
set, as git does: quit when it fits, keep colours, leave the text on the screen). An empty value
or ``cat`` means no pager. The command is split into words and run without a shell.

Messages meant for stderr while output is held keep their place: they are printed in order when
the held output is written, or after the pager exits (never over its screen).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import IO, Any

DEFAULT = "less"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def command(environ: dict[str, str] | os._Environ[str] | None = None) -> list[str] | None:
    """The pager to run, as words; None when paging is turned off."""
    environ = os.environ if environ is None else environ
    chosen = environ.get("GRIPE_PAGER")
    if chosen is None:
        chosen = environ.get("PAGER", DEFAULT)
    words = shlex.split(chosen) if chosen.strip() else []
    if not words or words == ["cat"]:
        return None
    return words


class Pager:
    """A text stream that becomes a pager once more is written than the screen holds."""

    def __init__(self, words: list[str], terminal: IO[str], height: int, width: int) -> None:
        self.words = words
        self.terminal = terminal
        self.height = max(height, 2)
        self.width = max(width, 1)
        self.encoding = getattr(terminal, "encoding", None) or "utf-8"
        self.held: list[tuple[str, Any]] = []  # ("out", text) or ("note", a callable)
        self.lines = 0
        self.process: subprocess.Popen[str] | None = None
        self.gone = False  # the person quit the pager before the end
        self.finished = False

    # ---- the stream -----------------------------------------------------------------------------

    def isatty(self) -> bool:
        return True  # its reader is the terminal (through the pager or not): colours stay on

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.finished:
            self.terminal.write(text)
        elif self.process is not None:
            self._to_pager(text)
        else:
            self.held.append(("out", text))
            self.lines += self._rows(text)
            # As many rows as the screen has: the shell's prompt would push the first one off.
            if self.lines >= self.height:
                self._start()
        return len(text)

    def flush(self) -> None:
        if self.process is not None and self.process.stdin is not None and not self.gone:
            try:
                self.process.stdin.flush()
            except (BrokenPipeError, ValueError):
                self.gone = True

    def _rows(self, text: str) -> int:
        """Screen rows ``text`` adds: a line longer than the screen is wide takes several."""
        rows = 0
        for line in _ANSI.sub("", text).split("\n")[:-1]:
            rows += 1 + max(0, len(line) - 1) // self.width
        return rows

    # ---- notes on stderr ------------------------------------------------------------------------

    def holding(self) -> bool:
        """Whether a message must wait its turn (output is held, or the pager is running)."""
        return not self.finished and (self.process is not None or bool(self.held))

    def hold_note(self, say: Callable[[], None]) -> None:
        self.held.append(("note", say))

    # ---- the pager ------------------------------------------------------------------------------

    def _start(self) -> None:
        environ = dict(os.environ)
        environ.setdefault("LESS", "FRX")
        environ.setdefault("LV", "-c")
        try:
            self.process = subprocess.Popen(
                self.words, stdin=subprocess.PIPE, text=True, encoding=self.encoding, env=environ
            )
        except OSError:  # no such pager: the output goes to the terminal as it is
            self.finish()
            return
        waiting, self.held = self.held, []
        for kind, item in waiting:
            if kind == "out":
                self._to_pager(item)
            else:
                self.held.append((kind, item))

    def _to_pager(self, text: str) -> None:
        if self.gone or self.process is None or self.process.stdin is None:
            return
        try:
            self.process.stdin.write(text)
        except (BrokenPipeError, ValueError):
            self.gone = True  # they quit the pager: the rest is not wanted

    def finish(self) -> None:
        """Let the pager run to its end (or write what was held), then the held messages."""
        if self.finished:
            return
        self.finished = True
        if self.process is not None:
            if self.process.stdin is not None:
                with contextlib.suppress(BrokenPipeError):
                    self.process.stdin.close()
            # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                self.process.wait()
            finally:
                signal.signal(signal.SIGINT, previous)
        for kind, item in self.held:
            if kind == "out":
                self.terminal.write(item)
            else:
                self.terminal.flush()
                item()
        self.held = []
        self.terminal.flush()
        sys.stderr.flush()
