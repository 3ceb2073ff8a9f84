"""Asking for what ``gripe log`` needs when it is run bare in a terminal.

The company prompt completes names with Tab through readline, and the name typed is matched as
every COMMAND argument is (`gripe.store.naming`): a partial match is said back, several matches
are named and asked again, and a new name close to a known one asks before adding it. Outside a
terminal nothing is asked: a script gets a usage error instead of a prompt that would hang it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from gripe.cli.context import Session
from gripe.errors import BadInput, GripeError
from gripe.store import companies, naming

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


def _confirm_company(gripe: Session, typed: str) -> str | None:
    """The company to log to, as a COMMAND argument that names it exactly; None: ask again."""
    try:
        named = naming.find(gripe.conn, typed)
    except GripeError as error:  # several match, or no company has that number
        gripe.note(error.message)
        return None
    if named is not None:
        if named.said_back:
            gripe.note(f"  → {named.label}")
        return f"#{named.company.id}"
    close = naming.close_to(gripe.conn, typed)
    if not close:
        return typed
    answer = _ask(
        f"Add {typed.strip()!r} as a new company ({naming.did_you_mean(close)}) [y/N]: ",
        required=False,
    )
    return typed if answer and answer.lower() in {"y", "yes"} else None


def _ask_company(gripe: Session) -> str:
    try:
        import readline
    except ImportError:  # no readline on this platform: ask without completion
        readline = None  # type: ignore[assignment]
    while True:
        if readline is None:
            typed = _ask("Company: ", required=True)
        else:
            readline.set_completer_delims("")
            readline.set_completer(_completer(companies.names(gripe.conn)))
            readline.parse_and_bind("tab: complete")
            typed = _ask("Company (Tab completes): ", required=True)
            readline.set_completer(None)
        assert typed is not None
        chosen = _confirm_company(gripe, typed)
        if chosen is not None:
            return chosen


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
        company = _ask_company(gripe)
    summary = summary or _ask("What happened: ", required=True)
    rep = rep or _ask("Rep's name (Enter to skip): ", required=False)
    ref = ref or _ask("Reference number (Enter to skip): ", required=False)
    assert company is not None
    assert summary is not None
    return company, summary, rep, ref
