"""What can go wrong, in words for the person at the keyboard.

Domain code raises these with a message that says what to type instead; the one boundary in
`gripe.cli` prints ``Error: <message>`` on stderr and exits with ``exit_code``. This module is a
leaf: it imports nothing from gripe, so every layer may raise these errors.
"""

from __future__ import annotations


class GripeError(Exception):
    """A failure the user can act on. Exit code 1: not found, conflict, invalid state."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(GripeError):
    """An id or name that names nothing in the log."""


class InvalidState(GripeError):
    """The thing exists but cannot do that now (closing a closed case, a too-new database)."""


class BadInput(GripeError):
    """Input gripe refuses: an unreadable date, an empty name, a malformed id. Exit code 2."""

    exit_code = 2


class DatabaseUnusable(BadInput):
    """The database path cannot be used: missing folder, not writable, not a gripe database."""


class DatabaseDamaged(GripeError):
    """The log's file is damaged or was emptied: the message names the way back (exit 1)."""
