"""The live call screen: a hold clock that ticks, the company's ways in, and one key per fact.

Built on prompt_toolkit, imported by nothing else and loaded only by ``gripe call start`` (in a
terminal) and ``gripe call resume``: its import costs about 75 ms, which no other command pays.
Chosen over rich's Live (already a dependency, but it draws and does not read keys: raw input,
escape sequences, line editing and Windows consoles would have been ours to write) and Textual
(twice the import cost, and an asynchronous framework for one screen).

Every change is saved at once through `gripe.store.live_calls`, and so is the text of a field
while it is being typed, so killing the screen loses nothing; ``gripe call resume`` opens it
again. The clock is read (`gripe.clock.now`, which honours ``GRIPE_NOW``) on every redraw and
every key, never kept: the screen shows the time since the call really started, however long it
was closed. It redraws every second, and looks each time whether another window changed or
ended the call.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, VSplit, Window
from prompt_toolkit.layout.controls import BufferControl, FormattedTextControl
from prompt_toolkit.styles import Style

from gripe import clock, render
from gripe.cli.context import Session
from gripe.errors import GripeError
from gripe.live import HOLD, LiveCall, LivePromise, call_request, read_promise
from gripe.model import Role
from gripe.plural import counted
from gripe.render.live import clock_text
from gripe.store import live_calls, writing
from gripe.store.live_calls import CallContext, Ended
from gripe.store.rows import parse_id

Fragments = StyleAndTextTuples

# key: (field, what the input line asks)
FIELDS: dict[str, tuple[str, str]] = {
    "r": ("rep_name", "Rep's name"),
    "i": ("rep_employee_id", "Rep's employee or badge id"),
    "o": ("rep_role", "Rep's role (agent, supervisor, manager or executive)"),
    "f": ("reference", "Reference, ticket or case number"),
    "p": ("promise", "What they promised"),
    "n": ("note", "Note"),
    "c": ("case", "Case number"),
    "e": ("summary", "What happened, in a sentence (Enter logs the call)"),
    "x": ("drop", "Drop this call without logging it? y and Enter drops it, Enter keeps it"),
}
ASK_BY = "By when, as they said it (Enter: no date given)"
KEYS = (
    "a answered · h on hold again · r rep · i rep id · o role · f reference · p promise · "
    "n note · c case · e end and log · q leave it running · x drop"
)
STYLE = Style.from_dict(
    {
        "title": "bold",
        "hold": "reverse bold",
        "talking": "bold",
        "label": "bold",
        "bad": "bold",
        "dim": "italic",
        "message": "bold",
        "keys": "reverse",
    }
)


@dataclass
class Outcome:
    ended: Ended | None = None
    cancelled: LiveCall | None = None
    gone: bool = False  # ended or dropped in another window
    interrupted: bool = False  # Ctrl-C: left running, exit 130


class CallScreen:
    def __init__(self, gripe: Session) -> None:
        self.gripe = gripe
        self.conn: sqlite3.Connection = gripe.conn
        self.zone = gripe.view.zone
        self.date_order = gripe.setting("date_order")
        self.live = live_calls.get(self.conn)
        self.context: CallContext = live_calls.context(self.conn, self.live, self.now())
        self.message = "Saved as you go: close this any time, gripe call resume brings it back."
        self.field: str | None = None
        self.promise_text: str | None = None  # what they promised, waiting for its deadline
        self.outcome = Outcome()
        self.draft_saved: tuple[str, str] | None = self.live.editing
        self.input = Buffer(
            multiline=False,
            accept_handler=self._accept,
            read_only=Condition(lambda: self.field is None),
        )
        if self.live.editing:  # typing was under way when the screen last closed
            self._edit(*self.live.editing)
        self.app: Application[None] = Application(
            layout=self._layout(),
            key_bindings=self._keys(),
            style=STYLE,
            full_screen=True,
            refresh_interval=1.0,
            before_render=self._tick,
        )

    # -- time and saving ---------------------------------------------------------------------

    def now(self) -> datetime:
        return clock.now(self.zone)

    def view(self) -> render.View:
        return render.View(zone=self.zone, now=self.now(), width=self.gripe.out.width)

    def _save(self, changed: LiveCall) -> None:
        try:
            with writing(self.conn) as conn:
                self.live = live_calls.save(conn, changed, self.now())
        except GripeError as error:
            self._reload(str(error.message))

    def _reload(self, why: str) -> None:
        found = live_calls.current(self.conn)
        if found is None:
            self.outcome.gone = True
            self._exit()
            return
        self.live = found
        self.context = live_calls.context(self.conn, found, self.now())
        self.message = f"{why} (reloaded)"

    def _tick(self, _: Any = None) -> None:
        """Before every redraw: another window's change is read, a field's text is saved."""
        if self.app.is_done or self.outcome.ended or self.outcome.cancelled or self.outcome.gone:
            return
        if live_calls.version(self.conn) != self.live.version:
            self._reload("the call was changed in another window")
            return
        draft = (self._draft_field(), self.input.text) if self.field else None
        if draft != self.draft_saved:
            self.draft_saved = draft
            self._save(self.live._replace(editing=draft))

    def _draft_field(self) -> str:
        if self.field == "by" and self.promise_text is not None:
            return f"by:{self.promise_text}"
        return self.field or ""

    # -- editing fields ----------------------------------------------------------------------

    def _edit(self, field: str, text: str = "") -> None:
        if field.startswith("by:"):
            self.promise_text, field = field[3:], "by"
        self.field = field
        self.input.set_document(Document(text, len(text)), bypass_readonly=True)

    def _stop_editing(self) -> None:
        self.field = None
        self.promise_text = None
        self.input.set_document(Document(""), bypass_readonly=True)

    def _exit(self) -> None:
        if not self.app.is_done:
            self.app.exit()

    def _accept(self, buffer: Buffer) -> bool:
        text = buffer.text.strip()
        field = self.field
        live = self.live
        try:
            if field == "rep_name":
                live = live._replace(rep_name=text or None)
            elif field == "rep_employee_id":
                live = live._replace(rep_employee_id=text or None)
            elif field == "rep_role":
                live = live._replace(rep_role=Role.parse(text, "role") if text else None)
            elif field == "reference":
                live = live._replace(reference=text or None)
            elif field == "note":
                notes = "\n".join(filter(None, [live.notes, text]))
                live = live._replace(notes=notes or None)
            elif field == "case":
                case_id = parse_id(text, "case") if text else None
                if case_id is not None:
                    live_calls.check_case(self.conn, live.company_id, live.company, case_id)
                live = live._replace(case_id=case_id)
            elif field == "promise":
                if text:
                    self.promise_text = text
                    self.field = "by"
                    buffer.reset()
                    self.message = f'"{text}": now say by when.'
                    return True
            elif field == "by":
                live = self._add_promise(live, text)
            elif field == "summary":
                self._end(text)
                return True
            elif field == "drop":
                self._stop_editing()
                self._drop(text)
                return False
        except GripeError as error:
            self.message = error.message
            return True  # keep the text for a second try
        self._stop_editing()
        self._save(live._replace(editing=None))
        self.draft_saved = None
        if field == "case":
            self.context = live_calls.context(self.conn, self.live, self.now())
        return False

    def _add_promise(self, live: LiveCall, by: str) -> LiveCall:
        promise = LivePromise(self.promise_text or "", by or None)
        deadline = read_promise(promise, live, self.zone, self.date_order)  # refused: raises
        view = self.view()
        self.message = f'Promise "{promise.text}" ' + (
            render.deadline_reading(view, deadline.due, deadline.date_only, deadline.text)
            if deadline
            else "with no date given; ask them for one"
        )
        return live._replace(promises=(*live.promises, promise))

    def _end(self, summary: str) -> None:
        if not summary:
            self.message = "Say what happened in a sentence; it is the call's summary."
            return
        now = self.now()
        live = self.live._replace(editing=None)
        with writing(self.conn) as conn:
            request, more = call_request(
                live,
                live_calls.company_reference(conn, live),
                summary,
                now,
                self.zone,
                self.date_order,
            )
            self.outcome.ended = live_calls.finish(conn, live, request, more, now)
        self._exit()

    # -- keys --------------------------------------------------------------------------------

    def _keys(self) -> KeyBindings:
        keys = KeyBindings()
        editing = Condition(lambda: self.field is not None)
        idle = ~editing

        @keys.add("c-c")
        def _interrupt(event: KeyPressEvent) -> None:
            self._tick()  # what is being typed is saved first
            self.outcome.interrupted = True
            self._exit()

        @keys.add("escape", filter=editing)
        def _cancel_edit(event: KeyPressEvent) -> None:
            self._stop_editing()
            self.message = "Not changed."

        @keys.add("a", filter=idle)
        def _answered(event: KeyPressEvent) -> None:
            self._change(lambda live: live.answered(self.now()), "Answered: talking now.")

        @keys.add("h", filter=idle)
        @keys.add("t", filter=idle)
        def _hold(event: KeyPressEvent) -> None:
            self._change(
                lambda live: live.on_hold(self.now()), "On hold again: the clock runs on."
            )

        for key, (field, _) in FIELDS.items():
            keys.add(key, filter=idle)(self._starter(field))

        @keys.add("q", filter=idle)
        def _leave(event: KeyPressEvent) -> None:
            self._exit()

        return keys

    def _drop(self, answer: str) -> None:
        if answer.lower() not in {"y", "yes"}:
            self.message = "Kept."
            return
        with writing(self.conn) as conn:
            self.outcome.cancelled = live_calls.cancel(conn)
        self._exit()

    def _starter(self, field: str) -> Any:
        def start(event: KeyPressEvent) -> None:
            text = ""
            if field == "summary":
                text = (self.live.notes or "").replace("\n", "; ")
            elif field in {"rep_name", "rep_employee_id", "reference"}:
                text = getattr(self.live, field) or ""
            elif field == "rep_role" and self.live.rep_role:
                text = self.live.rep_role.value
            elif field == "case" and self.live.case_id:
                text = str(self.live.case_id)
            self._edit(field, text)
            self.message = ""

        return start

    def _change(self, step: Any, said: str) -> None:
        try:
            changed = step(self.live)
        except GripeError as error:
            self.message = error.message
            return
        self._save(changed)
        self.message = said

    # -- drawing -----------------------------------------------------------------------------

    def _layout(self) -> Layout:
        asking = Window(
            FormattedTextControl(lambda: [("class:label", self._question() + ": ")]),
            dont_extend_width=True,
        )
        # The input line is always there (and read-only while no field is being typed), so
        # that it can keep the focus.
        typing = VSplit([asking, Window(BufferControl(self.input), height=1)])
        body = Window(FormattedTextControl(self._body), wrap_lines=True)
        keys = Window(
            FormattedTextControl(lambda: [("class:keys", KEYS)]), height=2, wrap_lines=True
        )
        layout = Layout(HSplit([body, Window(height=1, char=" "), typing, keys]))
        layout.focus(self.input)
        return layout

    def _question(self) -> str:
        if self.field is None:
            return "Press a key"
        if self.field == "by":
            return ASK_BY
        return next((ask for field, ask in FIELDS.values() if field == self.field), "")

    def _body(self) -> Fragments:
        view = self.view()
        live, context = self.live, self.context
        out: Fragments = []
        seconds = live.seconds(view.now)
        hold, talk = live.minutes(view.now)
        state = "ON HOLD" if live.state == HOLD else "TALKING"
        out += [
            ("class:title", f"Call to {live.company}"),
            ("", f"  started {view.local(live.started_at):%H:%M}\n\n"),
            (
                "class:hold" if live.state == HOLD else "class:talking",
                f" {state} {clock_text((view.now - live.since).total_seconds())} ",
            ),
            (
                "",
                f"   on hold {clock_text(seconds[HOLD])} in all · "
                f"talking {clock_text(seconds['talking'])}"
                f"   (logged as {hold}m on hold, {talk}m talking)\n\n",
            ),
        ]
        out += self._ways_in(view, context)
        out += self._cases(view, context)
        out += self._typed(view)
        if self.message:
            out += [("", "\n"), ("class:message", self.message), ("", "\n")]
        return out

    def _ways_in(self, view: render.View, context: CallContext) -> Fragments:
        if context.company is None:
            return [
                ("class:dim", "A company new to your log: it is added when you log the call.\n\n")
            ]
        rows = render.ways_in_rows(view, context.company, context.phones)
        if not rows:
            return [
                ("class:dim", "No ways in kept for them yet: gripe company edit "),
                (
                    "class:dim",
                    f'{context.company.id} --phone NUMBER --hours "Mon-Fri 08:00-20:00"\n\n',
                ),
            ]
        out: Fragments = [("class:label", "Ways in\n")]
        for label, text in rows:
            out += [("class:label", f"  {label:<17}"), ("", f"{text}\n")]
        return [*out, ("", "\n")]

    def _cases(self, view: render.View, context: CallContext) -> Fragments:
        if context.company is None:
            return []
        if not context.open_cases:
            return [("class:dim", "No open case: logging the call opens one.\n\n")]
        out: Fragments = []
        chosen = self.live.case_id
        for summary in context.open_cases:
            case = summary.case
            last = view.relative(summary.last_contact) if summary.last_contact else "never"
            mark = "→ " if chosen == case.id or len(context.open_cases) == 1 else "  "
            out += [
                ("class:label", f"{mark}Case #{case.id} {case.title}"),
                ("", f" · {counted(summary.calls, 'call')} · last contact {last}\n"),
            ]
            for promise in context.promises:
                if promise.case_id != case.id:
                    continue
                broken = promise.is_broken(view.now)
                due = f"due {render.due_phrase(view, promise)}" if promise.due else "no date given"
                out.append(
                    (
                        "class:bad" if broken else "",
                        f"    {'BROKEN' if broken else 'pending'}: {promise.text} · {due}\n",
                    )
                )
        if len(context.open_cases) > 1 and chosen is None:
            out.append(
                ("class:message", "Several open cases: press c to say which this call is on.\n")
            )
        return [*out, ("", "\n")]

    def _typed(self, view: render.View) -> Fragments:
        live = self.live
        rep = ", ".join(
            part
            for part in (
                live.rep_name,
                f"ID {live.rep_employee_id}" if live.rep_employee_id else "",
                live.rep_role.value if live.rep_role else "",
            )
            if part
        )
        out: Fragments = [("class:label", "This call\n")]
        for label, value in (("Rep", rep), ("Reference", live.reference or "")):
            out += [("class:label", f"  {label:<11}"), ("", f"{value or '-'}\n")]
        for number, promise in enumerate(live.promises, 1):
            out += [
                ("class:label", f"  Promise {number:<3}"),
                ("", self._promise_line(view, promise) + "\n"),
            ]
        for line in (live.notes or "").splitlines():
            out += [("class:label", "  Note       "), ("", line + "\n")]
        return out

    def _promise_line(self, view: render.View, promise: LivePromise) -> str:
        try:
            deadline = read_promise(promise, self.live, self.zone, self.date_order)
        except GripeError as error:
            return f'"{promise.text}": {error.message}'
        if deadline is None:
            return f'"{promise.text}" with no date given'
        return f'"{promise.text}" ' + render.deadline_reading(
            view, deadline.due, deadline.date_only, deadline.text
        )


def run(gripe: Session) -> Outcome:
    """Show the call in progress until it is logged, dropped or left."""
    screen = CallScreen(gripe)
    screen.app.run()
    return screen.outcome
