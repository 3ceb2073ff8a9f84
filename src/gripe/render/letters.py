"""The person's letters as people and programs see them: JSON, the listing, one letter, and the
"no reply to your letter of 9 March" entries of ``overdue`` and the dashboard.

A letter's reply deadline is the person's own: it is never shown as a promise of the company's,
and its entries stand apart from the promises'. The states and their words come from
`gripe.facts.letters`; nothing here prints.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text

from gripe.facts import letters as letter_facts
from gripe.model import Letter
from gripe.render.text import add_wrapped, trim_end

if TYPE_CHECKING:
    from gripe.render.text import View

Json = dict[str, Any]


def day_words(view: View, moment: datetime) -> str:
    """ "9 March", or "9 March 2025" when not this year: how a sentence names a letter's day."""
    local = view.local(moment)
    year = "" if local.year == view.local(view.now).year else f" {local.year}"
    return f"{local.day} {local:%B}{year}"


def no_reply_words(view: View, letter: Letter) -> str:
    return f"No reply to your letter of {day_words(view, letter.dated)}"


def letter_json(view: View, letter: Letter) -> Json:
    return {
        "id": letter.id,
        "uuid": letter.uuid,
        "case_id": letter.case_id,
        "company": letter.company,
        "case_title": letter.case_title,
        "template": letter.template,
        "generated_at": view.iso(letter.generated_at),
        "format": letter.format,
        "sent_at": view.iso(letter.sent_at),
        "sent_via": letter.sent_via.value if letter.sent_via else None,
        "proof": letter.proof,
        "reply_due": view.iso(letter.reply_due),
        "replied_at": view.iso(letter.replied_at),
        "awaiting_reply": letter.reply_overdue(view.now),
        "state": letter_facts.state(letter, view.now),
    }


def overdue_letter_json(view: View, letter: Letter) -> Json:
    """An unanswered letter in ``overdue --json``: ``kind`` "letter", beside the promises'
    "promise"; ``due`` is its reply date, so both kinds sort and read alike."""
    assert letter.reply_due is not None
    return {
        "kind": "letter",
        **letter_json(view, letter),
        "text": no_reply_words(view, letter),
        "due": view.iso(letter.reply_due),
        "overdue_minutes": max(0, int((view.now - letter.reply_due).total_seconds() // 60)),
        "case_closed": not letter.case_open,
    }


def went(view: View, letter: Letter, jurisdiction: str | None = None) -> str:
    """ "written Tue 28 Jul 2026 · sent Wed 29 Jul 2026 by recorded delivery (proof AB1)"."""
    parts = [f"written {view.day(letter.generated_at)}"]
    if letter.sent_at is not None:
        how = letter_facts.via_words(letter.sent_via, jurisdiction, to_them=False)
        proof = f" (proof {letter.proof})" if letter.proof else ""
        parts.append(f"sent {view.day(letter.sent_at)}" + (f" {how}" if how else "") + proof)
    return " · ".join(parts)


def reply_words(view: View, letter: Letter) -> tuple[str, str]:
    """Where its reply stands, and the style to show it in."""
    state = letter_facts.state(letter, view.now)
    if state == letter_facts.ANSWERED:
        assert letter.replied_at is not None
        return f"answered {view.day(letter.replied_at)}", "green"
    if state == letter_facts.NO_REPLY_DATE:
        return "waits for no reply", "dim"
    assert letter.reply_due is not None
    if state == letter_facts.NO_REPLY:
        late = view.relative(letter.reply_due).removesuffix(" ago")
        return f"no reply: it was due {view.day(letter.reply_due)}, overdue by {late}", "red"
    return f"reply due {view.day(letter.reply_due)} ({view.relative(letter.reply_due)})", "yellow"


def what_to_type(letter: Letter, now: datetime) -> str | None:
    """The command that moves the letter on from its state, if there is one."""
    state = letter_facts.state(letter, now)
    if state == letter_facts.WRITTEN:
        return f"when it goes: gripe letter sent {letter.id} --via post|recorded|email"
    if state in (letter_facts.SENT, letter_facts.NO_REPLY):
        return (
            f"when they answer: gripe letter replied {letter.id} "
            f"(or gripe log … --reply-to {letter.id})"
        )
    return None


def letter_entries(view: View, found: list[Letter], title: str = "") -> Text:
    """Letters as short entries, pre-wrapped (print with soft_wrap)."""
    out = Text()
    if title:
        out.append(title + "\n", style="bold")
    for letter in found:
        reply, style = reply_words(view, letter)
        add_wrapped(
            out, view, f"{letter.template} · {letter.company}, case #{letter.case_id}: "
            f"{letter.case_title}", style="bold", label=f"#{letter.id} ", indent=6,
        )  # fmt: skip
        add_wrapped(out, view, went(view, letter), indent=6)
        add_wrapped(out, view, reply, style=style, indent=6)
        hint = what_to_type(letter, view.now)
        if hint:
            add_wrapped(out, view, hint, style="dim", indent=6)
    trim_end(out)
    return out


def no_reply_entries(view: View, found: list[Letter], title: str = "") -> Text:
    """Letters past their reply date with no reply: for ``overdue`` and the dashboard, worded
    as the person's letters, never as promises."""
    out = Text()
    if title:
        out.append(title + "\n", style="bold")
    for letter in found:
        assert letter.reply_due is not None
        late = view.relative(letter.reply_due).removesuffix(" ago")
        add_wrapped(
            out, view, f"{no_reply_words(view, letter)} ({letter.template})", style="bold red",
            label=f"#{letter.id} ", indent=6,
        )  # fmt: skip
        add_wrapped(
            out, view, f"{letter.company}, case #{letter.case_id} · reply was due "
            f"{view.day(letter.reply_due)} · overdue by {late}", style="red", indent=6,
        )  # fmt: skip
        hint = what_to_type(letter, view.now)
        if hint:
            add_wrapped(out, view, f"{went(view, letter)} · {hint}", style="dim", indent=6)
    trim_end(out)
    return out


def letter_view(view: View, letter: Letter, body: str) -> Text:
    """``letter show``: the letter's facts, then its text as it was kept."""
    out = Text()
    add_wrapped(
        out, view, f"Letter #{letter.id} ({letter.template}) · {letter.company}, case "
        f"#{letter.case_id}: {letter.case_title}", style="bold",
    )  # fmt: skip
    add_wrapped(out, view, went(view, letter))
    reply, style = reply_words(view, letter)
    add_wrapped(out, view, reply, style=style)
    hint = what_to_type(letter, view.now)
    if hint:
        add_wrapped(out, view, hint, style="dim")
    out.append("\n")
    out.append(body.rstrip("\n") + "\n")
    return out
