"""Asking for what ``gripe log`` needs when it is run bare in a terminal.

The company prompt completes names with Tab through readline. Outside a terminal nothing is
asked: a script gets a usage error instead of a prompt that would hang it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from gripe.cli.context import Session
from gripe.errors import BadInput
from gripe.store import companies

USAGE = 'say which company and what happened, like: gripe log Comcast "Outage again, no ETA"'


def _completer(names: list[str]) -> Callable[[str, int], str | None]:
    def complete(text: str, state: int) -> str | None:
        matches = [name for name in names if name.casefold().startswith(text.casefold())]
        return matches[state] if state < len(matches) else None

    return complete


def _ask(question: str, required: bool) -> str | None:
    while True:
        try:
            answer = input(question).strip()
        except EOFError:
            raise BadInput(USAGE) from None
        if answer or not required:
            return answer or None


def ask_for_call(
    gripe: Session,
    company: str | None,
    summary: str | None,
    rep: str | None,
    ref: str | None,
) -> tuple[str, str, str | None, str | None]:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInput(USAGE)
    if company is None:
        try:
            import readline
        except ImportError:  # no readline on this platform: ask without completion
            company = _ask("Company: ", required=True)
        else:
            readline.set_completer_delims("")
            readline.set_completer(_completer(companies.names(gripe.conn)))
            readline.parse_and_bind("tab: complete")
            company = _ask("Company (Tab completes): ", required=True)
            readline.set_completer(None)
    summary = summary or _ask("What happened: ", required=True)
    rep = rep or _ask("Rep's name (Enter to skip): ", required=False)
    ref = ref or _ask("Reference number (Enter to skip): ", required=False)
    assert company is not None
    assert summary is not None
    return company, summary, rep, ref
