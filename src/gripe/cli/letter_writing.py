"""Writing one letter for ``gripe letter CASE``: compose it, warn about the gaps, write it out,
and keep it on the case when asked."""

from __future__ import annotations

import sys
from pathlib import Path

from gripe.cli.context import Session
from gripe.errors import BadInput
from gripe.letters.compose import compose, pick_format
from gripe.store import letters, reading, settings, writing
from gripe.store.rows import parse_id


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
) -> None:
    chosen = pick_format(format_, output.name if output else None)
    if chosen == "pdf" and output is None and sys.stdout.isatty():
        raise BadInput("a PDF does not belong on a terminal; add -o letter.pdf")
    from gripe.cli.case_state import case_state

    view = gripe.view
    state = case_state(gripe, parse_id(case, "case"), full_account)
    timeline = state.record.timeline
    with reading(gripe.conn) as conn:
        known = settings.all_settings(conn)
    name = template or state.step.template
    composed = compose(state.record, known, view.now, view.zone, name, chosen, days)
    if composed.missing:
        gripe.note(
            "Your "
            + ", ".join(composed.missing)
            + " are not set, so the letter has a marked gap: "
            "gripe config set " + composed.missing[0] + " …"
        )
    if output is not None:
        from gripe.files import write_new

        write_new(output, composed.data, force)
        gripe.note(f"Wrote the {composed.template} letter to {output}")
    elif sys.stdout.isatty() and composed.format != "pdf":
        # On a screen, the person's text is shown, never obeyed (see gripe.render.visible).
        gripe.show(composed.data.decode("utf-8").rstrip("\n"), prewrapped=True)
    else:
        sys.stdout.buffer.write(composed.data)
        sys.stdout.flush()
    if record:
        with writing(gripe.conn) as conn:
            kept = letters.record(
                conn, timeline.case.id, composed.template, composed.format, composed.text,
                view.now, composed.response_due,
            )  # fmt: skip
        gripe.note(
            f"Recorded letter #{kept.id} on case #{timeline.case.id}, waiting for a reply by "
            f"{view.day(composed.response_due)}; when it goes: gripe letter sent {kept.id} "
            "--via post|recorded|email [--proof REF]"
        )
