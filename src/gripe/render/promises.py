"""Promises and deadlines as people see them: a promise's fate in words, the listings (entries
for overdue and due, a table for promise list), and the echo of a deadline as gripe read it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text

from gripe.model import Promise
from gripe.render.text import View, add_wrapped, rep_label, trim_end

if TYPE_CHECKING:
    from gripe.facts.promises import Fate


NO_DATE = "no date given: ask for one"


def due_phrase(view: View, promise: Promise) -> str:
    """ "Fri 31 Jul 2026 17:00 ("friday 5pm")", or that no date was given."""
    if promise.due is None:
        return NO_DATE
    return f'{view.when(promise.due)} ("{promise.due_text}")'


FATE_STYLES = {"broken": "bold red", "pending": "yellow", "undated": "yellow", "kept": "green"}


def fate_words(view: View, promise: Promise, fate: Fate | None = None) -> tuple[str, str]:
    """A promise's fate as the terminal shows it, and its style: the words every output shares
    (`gripe.facts.promises.words`), with how late or how soon."""
    from gripe.facts import promises as promise_fates

    fate = fate or promise_fates.fate_of(promise, view.now)
    if fate.kind == promise_fates.PENDING and promise.due is not None:
        said = f"pending, due {view.relative(promise.due)}"
    else:
        said = promise_fates.words(
            promise, fate, view.day, lambda due: view.relative(due).removesuffix(" ago"), view.when
        )
    return said, FATE_STYLES.get(fate.kind, "dim")


def fate_text(view: View, promise: Promise, fate: Fate | None = None) -> Text:
    return Text(*fate_words(view, promise, fate))


def deadline_reading(view: View, due: datetime, date_only: bool, text: str) -> str:
    """ "due Wed 29 Jul 2026 20:00 (in 1 day), read from "8pm tomorrow"": the echo of a reading."""
    distance = view.relative(due)
    if due < view.now:
        distance = "overdue by " + distance.removesuffix(" ago")
    if date_only:
        distance = f"end of day, {distance}"
    return f'due {view.when(due)} ({distance}), read from "{text}"'


def promise_echo(view: View, promise: Promise) -> Text:
    if promise.due is None or promise.due_text is None:
        reading = (
            f"with no date given; ask for one, then: gripe promise edit {promise.id} --by WHEN"
        )
    else:
        reading = deadline_reading(view, promise.due, promise.date_only, promise.due_text)
    return Text.assemble(
        (f"Promise #{promise.id}", "bold"),
        f' "{promise.text}" ',
        reading,
        style="red" if promise.is_broken(view.now) else "",
    )


def deadline_rule(rule: str) -> str:
    """ "rule: day and time (weekday, clock time)": which of gripe's rules read a phrase."""
    return f"rule: {rule}"


def _made_on(view: View, promise: Promise) -> str:
    """ "promised by Dana (ID 4471, agent) on call #7, 28 Jul 2026, ref SKY-88123"."""
    who = f"promised by {rep_label(promise.rep)}" if promise.rep else "promised"
    if promise.call_id is None or promise.call_at is None:
        return f"{who} on {view.day(promise.made_at)}"
    reference = f", ref {promise.call_reference}" if promise.call_reference else ""
    return f"{who} on call #{promise.call_id}, {view.local(promise.call_at):%d %b %Y}{reference}"


def promise_entries(view: View, promises: list[Promise], title: str = "") -> Text:
    """Promises as a list of short entries, pre-wrapped (print with soft_wrap).

    Entries rather than a table: three lines each read well at 80 columns, and cost a fraction
    of a rich table's layout (start-up time is a budget).
    """
    out = Text()
    if title:
        out.append(title + "\n", style="bold")
    for promise in promises:
        broken = promise.is_broken(view.now)
        if promise.due is None:
            when = f"{NO_DATE} (then: gripe promise edit {promise.id} --by WHEN)"
            when = "no date given · marked broken" if broken else when
        else:
            if broken and promise.due < view.now:
                state = "overdue by " + view.relative(promise.due).removesuffix(" ago")
                state += " (marked broken)" if promise.status.value == "broken" else ""
            elif broken:
                state = "marked broken"
            else:
                state = view.relative(promise.due)
            when = f"{'was due' if broken else 'due'} {due_phrase(view, promise)} · {state}"
        style = "bold red" if broken else "bold"
        add_wrapped(out, view, promise.text, style=style, label=f"#{promise.id} ", indent=6)
        # A closed case's promise is still watched; reopening the case is the way to chase it.
        closed = (
            "" if promise.case_open else f" · case closed (gripe case reopen {promise.case_id})"
        )
        add_wrapped(
            out,
            view,
            f"{promise.company}, case #{promise.case_id} · {when}{closed}",
            style="red" if broken else "",
            indent=6,
        )
        add_wrapped(out, view, _made_on(view, promise), style="dim", indent=6)
    trim_end(out)
    return out
