"""One letter, start to finish: facts from the timeline, the template, the chosen format."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from gripe.errors import BadInput
from gripe.facts.record import Record
from gripe.letters import facts as letter_facts
from gripe.letters import render

if TYPE_CHECKING:
    from gripe.rights.clocks import Report

FORMATS = ("txt", "md", "pdf")


class Composed(NamedTuple):
    template: str
    format: str
    text: str  # the letter as kept on the timeline (Markdown for md, plain text otherwise)
    data: bytes  # what is written out: UTF-8 text, or the PDF
    missing: list[str]  # sender details not set yet
    notes: list[str]  # what else the person should know before sending it
    response_due: datetime
    dated: str  # the letter's date as written in it


def pick_format(requested: str | None, output_name: str | None) -> str:
    """The format asked for, else the one the output file's name says, else plain text."""
    if requested is None and output_name:
        suffix = output_name.rsplit(".", 1)[-1].lower() if "." in output_name else ""
        requested = (
            {"markdown": "md"}.get(suffix, suffix) if suffix in {*FORMATS, "markdown"} else None
        )
    chosen = (requested or "txt").lower()
    if chosen not in FORMATS:
        raise BadInput(f"--format is md, txt or pdf, not {requested!r}")
    return chosen


def compose(
    record: Record,
    settings: dict[str, str],
    now: datetime,
    zone: tzinfo,
    template: str,
    letter_format: str = "txt",
    response_days: int = letter_facts.DEFAULT_RESPONSE_DAYS,
    report: Report | None = None,
) -> Composed:
    """The letter ``template`` about ``record``'s case (the next step's letter when the person
    named none: `gripe.facts.next_step`); ``report``: the case's rights clocks, for the body
    and the dates the letter names."""
    if not 1 <= response_days <= 365:
        raise BadInput(f"--days is how long they have to reply, 1 to 365, not {response_days}")
    name = template
    timeline = record.timeline
    facts, missing, notes = letter_facts.build(
        record, settings, now, zone, name, response_days, report
    )
    markdown = render.render_letter(name, facts)
    text = markdown if letter_format == "md" else render.as_text(markdown)
    if letter_format == "pdf":
        from gripe.letters.pdf import PAPER_FOR, letter_pdf

        paper = PAPER_FOR.get(facts["jurisdiction"]["code"], "A4")
        title = f"{timeline.company.name}: {timeline.case.title}"
        # Typeset from the Markdown: paragraphs set to the measure, not the 72-column text.
        data = letter_pdf(markdown, title, paper=paper, created=now)
    else:
        data = text.encode("utf-8")
    return Composed(
        template=name,
        format=letter_format,
        text=text,
        data=data,
        missing=missing,
        notes=notes,
        response_due=letter_facts.response_due(now, zone, response_days),
        dated=facts["today"],
    )
