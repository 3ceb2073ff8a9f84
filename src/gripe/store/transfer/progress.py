"""How export and import report how far they have got: only for big work, and drawn by the
caller (the CLI draws a bar on a terminal); nothing here draws."""

from __future__ import annotations

from typing import Protocol

# Work this big shows a progress bar (when the caller has somewhere to draw one).
BIG_ROWS = 20_000
BIG_BYTES = 8 * 1024 * 1024


class Progress(Protocol):
    """Where big work reports how far it has got."""

    def begin(self, label: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


class Quiet:
    """Progress that shows nothing."""

    def begin(self, label: str, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


def begin_if_big(progress: Progress, label: str, rows: int = 0, size: int = 0) -> None:
    """Begin ``progress`` for work of ``rows`` rows, or of ``size`` bytes, when it is big."""
    if rows > BIG_ROWS:
        progress.begin(label, rows)
    elif size > BIG_BYTES:
        progress.begin(label, size)
