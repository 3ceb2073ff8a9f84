"""Writing one letter for ``gripe letter CASE``: ask for the company's sector if the letter
needs it, compose the letter, say what it lacks, write it out, and keep it on the case when
asked.

The sector decides which ombudsman or regulator a letter names. When it is missing and the
letter names one, a person at a terminal is asked (Enter skips, and the letter uses generic
wording); elsewhere nothing is asked, and the note says how to set it, as for a missing sender
detail.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gripe.cli.case_state import CaseState, case_state
from gripe.cli.context import Session
from gripe.errors import BadInput
from gripe.letters.compose import compose, pick_format
from gripe.letters.facts import NAMES_A_BODY
from gripe.store import letters, reading, settings, writing
from gripe.store.rows import parse_id


def _in_terminal() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def _ask_sector(gripe: Session, state: CaseState) -> bool:
    """Ask for the company's sector at a terminal; whether one was given (and stored)."""
    from gripe.model import Sector
    from gripe.store import companies

    company = state.record.timeline.company
    listed = ", ".join(sector.value for sector in Sector)
    gripe.note(
        f"{company.name} has no sector, so gripe cannot tell which ombudsman or regulator to "
        f"name. Sectors: {listed}."
    )
    while True:
        # On stderr: stdout carries the letter.
        sys.stderr.write(f"{company.name}'s sector (Enter to skip): ")
        sys.stderr.flush()
        try:
            typed = input().strip()
        except EOFError:
            return False
        if not typed:
            return False
        try:
            sector = Sector.parse(typed, "sector")
        except BadInput as error:
            gripe.note(error.message)
            continue
        with writing(gripe.conn) as conn:
            companies.edit(conn, company, None, {"sector": sector.value})
        gripe.note(f"Set {company.name}'s sector to {sector.value}")
        return True


def write_letter(
    gripe: Session,
    case: str,
    template: str | None,
    format_: str | None,
    output: Path | None,
    force: bool,
    record: bool,
    days: int,
    full_account: bool,
    json_: bool = False,
) -> None:
    chosen = pick_format(format_, output.name if output else None)
    if chosen == "pdf" and output is None and json_:
        raise BadInput("a PDF does not fit in JSON; add -o letter.pdf")
    if chosen == "pdf" and output is None and sys.stdout.isatty():
        raise BadInput("a PDF does not belong on a terminal; add -o letter.pdf")
    view = gripe.view
    case_id = parse_id(case, "case")
    state = case_state(gripe, case_id, full_account)
    name = template or state.step.template
    company = state.record.timeline.company
    if (
        company.sector is None
        and name in NAMES_A_BODY
        and _in_terminal()
        and _ask_sector(gripe, state)
    ):
        state = case_state(gripe, case_id, full_account)
        name = template or state.step.template
    with reading(gripe.conn) as conn:
        known = settings.all_settings(conn)
    composed = compose(state.record, known, view.now, view.zone, name, chosen, days, state.report)
    if composed.missing:
        gripe.note(
            "Your "
            + ", ".join(composed.missing)
            + " are not set, so the letter has a marked gap: "
            "gripe config set " + composed.missing[0] + " …"
        )
    for note in composed.notes:
        gripe.note(note)
    if output is not None:
        from gripe.files import write_new

        write_new(output, composed.data, force)
        if not json_:
            gripe.note(f"Wrote the {composed.template} letter to {output}")
    elif json_:
        pass  # the letter's text is in the JSON
    elif sys.stdout.isatty() and composed.format != "pdf":
        # On a screen, the person's text is shown, never obeyed (see gripe.render.visible).
        gripe.show(composed.data.decode("utf-8").rstrip("\n"), prewrapped=True)
    else:
        sys.stdout.buffer.write(composed.data)
        sys.stdout.flush()
    kept = None
    if record:
        with writing(gripe.conn) as conn:
            kept = letters.record(
                conn, case_id, composed.template, composed.format, composed.text, view.now,
                composed.response_due,
            )  # fmt: skip
        if not json_:
            gripe.note(
                f"Recorded letter #{kept.id} on case #{case_id}, waiting for a reply by "
                f"{view.day(composed.response_due)}; when it goes: gripe letter sent {kept.id} "
                "--via post|recorded|email [--proof REF]"
            )
    if json_:
        from gripe.render import letters as render_letters

        gripe.json(
            {
                "case_id": case_id,
                "template": composed.template,
                "format": composed.format,
                "dated": composed.dated,
                "reply_due": view.iso(composed.response_due),
                "output": str(output) if output is not None else None,
                "missing": composed.missing,
                "notes": composed.notes,
                "letter": render_letters.letter_json(view, kept) if kept else None,
                "text": composed.text,
            }
        )
