"""What people and programs see: rich renderables for people, plain dicts for ``--json``.

Nothing here prints; `gripe.cli` owns the Console. Times are shown in the person's zone, in one
format ("Tue 28 Jul 2026 14:03"), with how long ago or how soon beside them where that matters.
JSON times are ISO-8601 with the local offset; durations are whole minutes.

The person's text reaches people through two helpers here: `visible` shows control characters
and escape sequences as ``\x1b`` and the like (a name or summary can never move the cursor,
clear the screen or retitle the terminal; the Console in `gripe.cli.context` applies it to
everything it prints, and JSON keeps the text exact), and `wrap` fits text to the screen in
time linear in its length, measuring screen cells, so CJK text and emoji stay inside the width.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.console import Group, RenderableType
from rich.text import Text

from gripe.model import (
    Call,
    Case,
    CaseSummary,
    Company,
    CompanySummary,
    Evidence,
    Letter,
    PhoneNumber,
    Promise,
    Rep,
    format_amount,
)
from gripe.plural import counted

if TYPE_CHECKING:
    from rich.table import Table

    from gripe.facts.next_step import NextStep
    from gripe.facts.promises import Fate
    from gripe.hours import LinesStatus
    from gripe.live import LiveCall
    from gripe.rights.clocks import Clock, Report
    from gripe.rights.facts import CaseFacts
    from gripe.store.doctor import Report as DoctorReport

Json = dict[str, Any]


class View(NamedTuple):
    """How to show times: the person's zone and the moment it is now."""

    zone: tzinfo
    now: datetime
    width: int = 80

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def iso(self, moment: datetime | None) -> str | None:
        return self.local(moment).isoformat() if moment else None

    def when(self, moment: datetime, with_year: bool = True) -> str:
        local = self.local(moment)
        return local.strftime("%a %d %b %Y %H:%M" if with_year else "%a %d %b %H:%M")

    def day(self, moment: datetime) -> str:
        return self.local(moment).strftime("%a %d %b %Y")

    @staticmethod
    def day_of(day: date) -> str:
        """A calendar date (no time, no zone) as ``day`` shows one: "Wed 03 Jun 2026"."""
        return day.strftime("%a %d %b %Y")

    def relative(self, moment: datetime) -> str:
        """ "3 days ago", "in 2 hours", "just now": the distance from now, in one unit."""
        # In UTC: Python subtracts datetimes of one zone by wall clock, wrong across DST.
        seconds = (
            moment.astimezone(timezone.utc) - self.now.astimezone(timezone.utc)
        ).total_seconds()
        span = abs(seconds)
        if span < 60:
            return "just now"
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if span >= size:
                words = counted(int(span // size), unit)
                return f"in {words}" if seconds > 0 else f"{words} ago"
        return "just now"  # unreachable: span >= 60 matched "minute"


# C0 controls but newline and tab, DEL, and the C1 controls (U+0080 to U+009F, which some
# terminals obey as escape sequences).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str, keep: str = "") -> str:
    """``text`` safe to show: each control character written out as ``\x1b``, never sent
    (but those in ``keep``: gripe's own marks)."""
    if text.isprintable():  # quicker than any search; false for newlines and tabs too
        return text
    control = re.compile(f"(?![{keep}]){_CONTROL.pattern}") if keep else _CONTROL
    if control.search(text) is None:
        return text
    return control.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


_WORDS = re.compile(r"(\s*)(\S+)")
_SPACES = re.compile(" *")


def _cells(text: str) -> int:
    if text.isascii():
        return len(text)  # control characters are made visible before anything is measured
    from rich.cells import cell_len

    return cell_len(text)


def _cut(word: str, width: int) -> list[str]:
    """A word too long for a line, cut into lines of at most ``width`` cells."""
    if word.isascii():
        return [word[start : start + width] for start in range(0, len(word), width)]
    pieces = []
    start = 0
    while start < len(word):
        end = start + width
        size = _cells(word[start:end])
        while size > width:  # wide characters: fewer of them fit
            end -= max(1, (size - width) // 2)
            size = _cells(word[start:end])
        pieces.append(word[start:end])
        start = end
    return pieces


def wrap(text: str, width: int, keep: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` screen cells, broken at white space.

    Line breaks in ``text`` are kept, and so is white space inside a line (but at a break); a
    word longer than a line starts a line and is cut across as many as it needs. Each character
    is looked at a bounded number of times, so a 50 MB summary of one word wraps in a fraction
    of a second (textwrap takes time quadratic in the length of a long word). ``keep`` names
    control characters to leave as they are (gripe's own marks); the others are made visible.
    """
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in visible(text, keep).split("\n"):
        paragraph = paragraph.replace("\t", " ")
        before = len(lines)
        if paragraph.isascii():
            _wrap_ascii(paragraph, width, lines)
        else:
            _wrap_words(paragraph, width, lines)
        if len(lines) == before:
            lines.append("")
    return lines


_ASCII_LINES: dict[int, re.Pattern[str]] = {}


def _wrap_ascii(paragraph: str, width: int, lines: list[str]) -> None:
    """The common case, in the regular-expression engine: one match per line, each the longest
    run of whole words that fits (backtracking at most one line's length)."""
    line = _ASCII_LINES.get(width)
    if line is None:
        line = _ASCII_LINES[width] = re.compile(f".{{0,{width - 1}}}\\S(?= |$)")
    position, end = 0, len(paragraph.rstrip(" "))
    while position < end:
        word_end = paragraph.find(" ", position)
        too_long = (word_end if word_end >= 0 else len(paragraph)) - position - 1
        if too_long >= width:  # a word longer than the line: its whole lines at once
            whole = too_long // width * width
            lines.extend(_cut(paragraph[position : position + whole], width))
            position += whole
        found = line.match(paragraph, position)
        if found is None:  # leading spaces and a word too long for a line with them
            lines.append(paragraph[position : position + width])
            position += width
            continue
        lines.append(found.group())
        position = _SPACES.match(paragraph, found.end()).end()  # type: ignore[union-attr]


def _wrap_words(paragraph: str, width: int, lines: list[str]) -> None:
    """The same as `_wrap_ascii`, a word at a time, measuring cells (CJK and emoji take two)."""
    current: list[str] = []
    used = 0
    for match in _WORDS.finditer(paragraph):
        space, word = match.groups()
        size = _cells(word)
        if current and used + len(space) + size <= width:
            current += (space, word)
            used += len(space) + size
            continue
        if current:
            lines.append("".join(current))
            space = ""  # a break swallows the space before it
        if len(space) + size > width:
            *whole, word = _cut(space + word, width)
            lines.extend(whole)
            space, size = "", _cells(word)
        current, used = [space, word], len(space) + size
    if current:
        lines.append("".join(current))


def minutes(total: int | None) -> str:
    """45 → "45m", 125 → "2h 05m"; None → ""."""
    if total is None:
        return ""
    hours, rest = divmod(total, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


def rep_label(rep: Rep | None) -> str:
    if rep is None:
        return ""
    details = [
        f"ID {rep.employee_id}" if rep.employee_id else "",
        rep.role.value if rep.role else "",
    ]
    extra = ", ".join(part for part in details if part)
    return f"{rep.name} ({extra})" if extra else rep.name


def _table(*columns: str, title: str | None = None, wrap: tuple[str, ...] = ()) -> Table:
    """A plain table; only the columns named in ``wrap`` may wrap, the others keep one line."""
    # Imported here: commands that print no table (case show, overdue) skip its import.
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False)
    for column in columns:
        if column in wrap:
            table.add_column(column, overflow="fold", ratio=1, min_width=8)
        elif column == "#":
            table.add_column(column, no_wrap=True, justify="right")
        else:
            # Short facts (dates, counts) keep one line while the table fits, and wrap at
            # word boundaries rather than being cut off when it does not.
            table.add_column(column, overflow="fold")
    return table


def more_note(shown: int, total: int, flag: str = "--all") -> Text | None:
    if total <= shown:
        return None
    return Text(f"… and {total - shown:,} more; {flag} shows them all", style="dim")


# ---- JSON -------------------------------------------------------------------------------------


def company_json(company: Company) -> Json:
    return {
        "id": company.id,
        "uuid": company.uuid,
        "name": company.name,
        "account_number": company.account_number,
        "phone": company.phone,
        "email": company.email,
        "postal_address": company.postal_address,
        "website": company.website,
        "customer_since": company.customer_since,
        "notes": company.notes,
        "sector": company.sector.value if company.sector else None,
        "hours": company.hours,
        "complaints_email": company.complaints_email,
        "exec_email": company.exec_email,
    }


def company_summary_json(view: View, summary: CompanySummary) -> Json:
    return {
        **company_json(summary.company),
        "open_cases": summary.open_cases,
        "cases": summary.cases,
        "calls": summary.calls,
        "last_contact": view.iso(summary.last_contact),
    }


def lines_status(view: View, company: Company) -> LinesStatus | None:
    """Whether the company's lines are open now by its opening hours (None: none given, or
    hours gripe can no longer read, say from an import)."""
    if not company.hours:
        return None
    from gripe import hours
    from gripe.errors import BadInput

    try:
        return hours.status(hours.parse(company.hours), view.now, view.zone)
    except BadInput:
        return None


def phone_json(phone: PhoneNumber) -> Json:
    return {"id": phone.id, "uuid": phone.uuid, "number": phone.number, "note": phone.note}


def ways_in_json(view: View, company: Company, phones: list[PhoneNumber]) -> Json:
    """A company's phone numbers and whether its lines are open now, beside its details."""
    status = lines_status(view, company)
    return {
        "phones": [phone_json(phone) for phone in phones],
        "lines": {
            "open": status.open,
            "changes_at": view.iso(status.change_at),
            "says": status.phrase,
        }
        if status
        else None,
    }


def phone_line(phone: PhoneNumber) -> str:
    return f"{phone.number} ({phone.note})" if phone.note else phone.number


def ways_in_rows(view: View, company: Company, phones: list[PhoneNumber]) -> list[tuple[str, str]]:
    """(label, text) for each way in: the numbers, the complaint addresses, the hours."""
    found = [("Phone", phone_line(phone)) for phone in phones]
    if company.complaints_email:
        found.append(("Complaints", company.complaints_email))
    if company.exec_email:
        found.append(("Executive office", company.exec_email))
    if company.hours:
        status = lines_status(view, company)
        found.append(("Hours", f"{company.hours} · {status.phrase}" if status else company.hours))
    return found


def rep_json(rep: Rep | None) -> Json | None:
    if rep is None:
        return None
    return {
        "id": rep.id,
        "uuid": rep.uuid,
        "name": rep.name,
        "employee_id": rep.employee_id,
        "role": rep.role.value if rep.role else None,
    }


def rep_record_json(rep: Rep) -> Json:
    return {
        **(rep_json(rep) or {}),
        "company": rep.company,
        "company_id": rep.company_id,
        "calls": rep.calls,
        "kept": rep.kept,
        "broken": rep.broken,
        "undated": rep.undated,
    }


def case_json(view: View, case: Case) -> Json:
    return {
        "id": case.id,
        "uuid": case.uuid,
        "company": case.company,
        "company_id": case.company_id,
        "title": case.title,
        "status": case.status.value,
        "level": case.level.value,
        "opened_at": view.iso(case.opened_at),
        "closed_at": view.iso(case.closed_at),
        "days_open": case.days_open(view.now, view.zone),
        "desired_outcome": case.desired_outcome,
        "amount": (
            format_amount(case.amount_cents, case.currency)
            if case.amount_cents is not None
            else None
        ),
        "amount_cents": case.amount_cents,
        "currency": case.currency,
        "resolution_note": case.resolution_note,
        "statement_date": case.statement_date.isoformat() if case.statement_date else None,
        "first_complaint_at": view.iso(case.first_complaint_at),
    }


def case_summary_json(view: View, summary: CaseSummary) -> Json:
    return {
        **case_json(view, summary.case),
        "calls": summary.calls,
        "hold_minutes": summary.hold_minutes,
        "last_contact": view.iso(summary.last_contact),
    }


def call_json(view: View, call: Call) -> Json:
    return {
        "id": call.id,
        "uuid": call.uuid,
        "case_id": call.case_id,
        "company": call.company,
        "at": view.iso(call.at),
        "channel": call.channel.value,
        "direction": call.direction.value,
        "rep": rep_json(call.rep),
        "summary": call.summary,
        "reference": call.reference,
        "hold_minutes": call.hold_minutes,
        "duration_minutes": call.duration_minutes,
    }


def promise_json(view: View, promise: Promise) -> Json:
    return {
        "id": promise.id,
        "uuid": promise.uuid,
        "case_id": promise.case_id,
        "company": promise.company,
        "text": promise.text,
        "rep": rep_json(promise.rep),
        "call_id": promise.call_id,
        "made_at": view.iso(promise.made_at),
        "due": view.iso(promise.due),
        "due_text": promise.due_text,
        "date_only": promise.date_only,
        "rescheduled_from": promise.rescheduled_from,
        "status": promise.status.value,
        "overdue": promise.is_overdue(view.now),
        "resolved_at": view.iso(promise.resolved_at),
        "note": promise.note,
    }


def evidence_json(view: View, item: Evidence) -> Json:
    return {
        "id": item.id,
        "uuid": item.uuid,
        "case_id": item.case_id,
        "file_name": item.file_name,
        "sha256": item.sha256,
        "size": item.size,
        "added_at": view.iso(item.added_at),
        "note": item.note,
    }


# ---- people -------------------------------------------------------------------------------------


def companies_table(view: View, summaries: list[CompanySummary]) -> Table:
    from gripe.facts import mask_account

    table = _table(
        "#", "Company", "Open cases", "Calls", "Last contact", "Account", wrap=("Company",)
    )
    for summary in summaries:
        company = summary.company
        table.add_row(
            str(company.id),
            company.name,
            f"{summary.open_cases} of {summary.cases}",
            str(summary.calls),
            view.relative(summary.last_contact) if summary.last_contact else "never",
            mask_account(company.account_number) or "",
        )
    return table


def company_card(
    view: View,
    summary: CompanySummary,
    open_cases: list[CaseSummary],
    phones: list[PhoneNumber],
) -> Group:
    company = summary.company
    facts = _table("", "Value", wrap=("Value",))
    facts.show_header = False
    for label, value in (
        ("Account", company.account_number),
        *ways_in_rows(view, company, phones),
        ("Email", company.email),
        ("Address", company.postal_address),
        ("Website", company.website),
        ("Customer since", company.customer_since),
        ("Sector", company.sector.value if company.sector else None),
        ("Notes", company.notes),
    ):
        if value:
            facts.add_row(Text(label, style="bold"), value)
    last = view.relative(summary.last_contact) if summary.last_contact else "never"
    heading = Text.assemble(
        (f"{company.name}", "bold"),
        f"  company #{company.id} · {counted(summary.cases, 'case')} ({summary.open_cases} "
        f"open) · {counted(summary.calls, 'call')} · last contact {last}",
    )
    parts: list[RenderableType] = [heading, facts]
    if open_cases:
        parts.append(cases_table(view, open_cases, title="Open cases"))
    return Group(*parts)


def cases_table(view: View, summaries: list[CaseSummary], title: str | None = None) -> Table:
    show_status = any(summary.case.status.value != "open" for summary in summaries)
    columns = ["#", "Company", "Title", "Level", "Days", "Calls", "Last contact"]
    if show_status:
        columns.insert(3, "Status")
    table = _table(*columns, title=title, wrap=("Company", "Title"))
    for summary in summaries:
        case = summary.case
        cells = [
            str(case.id),
            case.company,
            case.title,
            case.level.value,
            str(case.days_open(view.now, view.zone)),
            str(summary.calls),
            view.relative(summary.last_contact) if summary.last_contact else "none yet",
        ]
        if show_status:
            cells.insert(3, case.status.value)
        table.add_row(*cells)
    return table


def reps_table(reps: list[Rep]) -> Table:
    table = _table(
        "#", "Rep", "Badge", "Role", "Company", "Calls", "Kept", "Broken", "No date",
        wrap=("Rep", "Company"),
    )  # fmt: skip
    for rep in reps:
        table.add_row(
            str(rep.id),
            rep.name,
            rep.employee_id or "",
            rep.role.value if rep.role else "",
            rep.company,
            str(rep.calls),
            str(rep.kept),
            Text(str(rep.broken), style="red" if rep.broken else ""),
            str(rep.undated),
        )
    return table


NO_DATE = "no date given: ask for one"


def due_phrase(view: View, promise: Promise) -> str:
    """ "Fri 31 Jul 2026 17:00 ("friday 5pm")", or that no date was given."""
    if promise.due is None:
        return NO_DATE
    return f'{view.when(promise.due)} ("{promise.due_text}")'


FATE_STYLES = {"broken": "bold red", "pending": "yellow", "undated": "yellow", "kept": "green"}


def fate_text(view: View, promise: Promise, fate: Fate | None = None) -> Text:
    """A promise's fate as the terminal shows it: the words every output shares
    (`gripe.facts.promises.words`), with how late or how soon."""
    from gripe.facts import promises as promise_fates

    fate = fate or promise_fates.fate_of(promise, view.now)
    said = promise_fates.words(
        promise, fate, view.day, lambda due: view.relative(due).removesuffix(" ago"), view.when
    )
    if fate.kind == promise_fates.PENDING and promise.due is not None:
        said = f"pending, due {view.relative(promise.due)}"
    return Text(said, FATE_STYLES.get(fate.kind, "dim"))


def promises_table(view: View, promises: list[Promise], title: str | None = None) -> Table:
    table = _table("#", "Promise", "Due", "State", "Rep", title=title, wrap=("Promise", "Rep"))
    for promise in promises:
        table.add_row(
            str(promise.id),
            promise.text,
            view.when(promise.due) if promise.due else "no date given",
            fate_text(view, promise),
            rep_label(promise.rep),
        )
    return table


def _trim_end(out: Text) -> None:
    """Text.rstrip without its cost: rich re-sanitises the whole text when it is set anew,
    which takes seconds for a summary of fifty megabytes that is not all ASCII."""
    plain = out.plain
    trailing = len(plain) - len(plain.rstrip())
    if trailing:
        out.right_crop(trailing)


def _add_wrapped(
    out: Text, view: View, text: str, style: str = "", label: str = "", indent: int = 0
) -> None:
    """Append ``text`` wrapped to the view's width, after ``label`` and indented under it."""
    lines = wrap(text, max(view.width - indent, 20))
    lead = label.rjust(indent) if label else " " * indent
    out.append(lead, style="dim")
    # One piece of text for all the lines (the indents are plain spaces, whatever the style):
    # a thousand lines cost one span, not two thousand.
    out.append(("\n" + " " * indent).join(lines) + "\n", style=style)


def logged_message(view: View, call: Call, case: Case, case_created: bool) -> Text:
    where = "new case" if case_created else "case"
    details = [
        f"with {rep_label(call.rep)}" if call.rep else "",
        f"ref {call.reference}" if call.reference else "",
        f"{minutes(call.hold_minutes)} on hold" if call.hold_minutes else "",
    ]
    extra = "; ".join(part for part in details if part)
    return Text.assemble(
        ("Logged ", ""),
        (f"call #{call.id}", "bold"),
        f" on {where} #{case.id} ({case.company}: {case.title}) at {view.when(call.at)}",
        f" ({view.relative(call.at)})" if view.relative(call.at) != "just now" else "",
        f"; {extra}" if extra else "",
    )


def settings_table(values: dict[str, str], descriptions: dict[str, str]) -> Table:
    table = _table("Setting", "Value", "What it is for", wrap=("Value", "What it is for"))
    for key, description in descriptions.items():
        value = values.get(key)
        table.add_row(key, value if value else Text("not set", style="dim"), description)
    return table


# ---- promises and deadlines ---------------------------------------------------------------------


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


def deadline_json(
    view: View, text: str, due: datetime, date_only: bool, base: datetime, rule: str
) -> Json:
    return {
        "input": text,
        "due": view.iso(due),
        "date_only": date_only,
        "base": view.iso(base),
        "rule": rule,
    }


def deadline_rule(rule: str) -> str:
    """ "rule: day and time (weekday, clock time)": which of gripe's rules read a phrase."""
    return f"rule: {rule}"


def overdue_json(view: View, promise: Promise) -> Json:
    """A broken promise in ``overdue --json``: ``kind`` "promise" (a letter's is "letter")."""
    return {
        "kind": "promise",
        **promise_json(view, promise),
        "overdue_minutes": (
            max(0, int((view.now - promise.due).total_seconds() // 60)) if promise.due else 0
        ),
        "case_title": promise.case_title,
        "case_closed": not promise.case_open,
        "call_at": view.iso(promise.call_at),
        "call_reference": promise.call_reference,
    }


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
        _add_wrapped(out, view, promise.text, style=style, label=f"#{promise.id} ", indent=6)
        # A closed case's promise is still watched; reopening the case is the way to chase it.
        closed = (
            "" if promise.case_open else f" · case closed (gripe case reopen {promise.case_id})"
        )
        _add_wrapped(
            out,
            view,
            f"{promise.company}, case #{promise.case_id} · {when}{closed}",
            style="red" if broken else "",
            indent=6,
        )
        _add_wrapped(out, view, _made_on(view, promise), style="dim", indent=6)
    _trim_end(out)
    return out


def dashboard(
    view: View,
    broken: list[Promise],
    due_soon: list[Promise],
    undated: list[Promise],
    open_cases: list[CaseSummary],
    hidden: dict[str, int],
    clocks: list[tuple[CaseFacts, Clock]] | None = None,
    unanswered: list[Letter] | None = None,
    steps: dict[int, NextStep] | None = None,
) -> Group:
    """Broken promises first, then the person's letters past their reply date with no reply
    (counted apart: they are not promises), then what is due soon, then the rights clocks
    opening or closing soon, then promises made with no date (ask for one), then the open cases
    and what to do next."""
    parts: list[RenderableType | None] = []
    if broken:
        total = len(broken) + hidden.get("broken", 0)
        parts.append(promise_entries(view, broken, f"Broken promises ({total})"))
        parts.append(more_note(len(broken), total, "gripe overdue"))
    if unanswered:
        from gripe.render_letters import no_reply_entries

        total = len(unanswered) + hidden.get("letters", 0)
        title = f"{chr(10) if parts else ''}No reply to your letters ({total})"
        parts.append(no_reply_entries(view, unanswered, title))
        parts.append(more_note(len(unanswered), total, "gripe overdue"))
    if due_soon:
        total = len(due_soon) + hidden.get("due", 0)
        parts.append(promise_entries(view, due_soon, f"\nDue in the next 7 days ({total})"))
        parts.append(more_note(len(due_soon), total, "gripe due"))
    if clocks:
        title = f"\nRights clocks opening or closing soon ({len(clocks)})"
        parts.append(_clock_entries(view, clocks[:CLOCKS_SHOWN], title))
        if len(clocks) > CLOCKS_SHOWN:
            more = len(clocks) - CLOCKS_SHOWN
            parts.append(Text(f"… and {more} more; gripe rights CASE shows them", style="dim"))
    if undated:
        total = len(undated) + hidden.get("undated", 0)
        title = f"\nNo date given: ask for one ({total})"
        parts.append(promise_entries(view, undated, title))
        parts.append(more_note(len(undated), total, "gripe promise list --status pending"))
    cases_text = Text()
    if open_cases:  # broken promises of closed cases may be all there is
        cases_text.append(("\n" if parts else "") + "Open cases\n", style="bold")
    for summary in open_cases:
        case = summary.case
        days = case.days_open(view.now, view.zone)
        last = view.relative(summary.last_contact) if summary.last_contact else "none yet"
        step = (steps or {}).get(case.id)
        said = (
            f" · next: {step.why}" + (f" ({step.command})" if step.command else "") if step else ""
        )
        _add_wrapped(
            cases_text, view, f"{case.company}: {case.title}", style="bold",
            label=f"#{case.id} ", indent=6,
        )  # fmt: skip
        _add_wrapped(
            cases_text,
            view,
            f"{case.level.value} · {counted(days, 'day')} open · last contact {last}{said}",
            style="red" if summary.broken_promises else "",
            indent=6,
        )
    _trim_end(cases_text)
    parts.append(cases_text if open_cases else None)
    total_open = len(open_cases) + hidden.get("cases", 0)
    parts.append(more_note(len(open_cases), total_open, "gripe case list --all"))
    return Group(*(part for part in parts if part is not None))


def dashboard_json(
    view: View,
    broken: list[Promise],
    due_soon: list[Promise],
    undated: list[Promise],
    open_cases: list[CaseSummary],
    totals: dict[str, int],
    clocks: list[tuple[CaseFacts, Clock]],
    unanswered: list[Letter],
    steps: dict[int, NextStep],
) -> Json:
    """``gripe --json``: the dashboard's sections as it shows them, and how many each has in
    all (``totals``; the listing commands give every row: gripe overdue --json, gripe due
    --json, gripe case list --json)."""
    from gripe.render_case import step_json
    from gripe.render_letters import overdue_letter_json
    from gripe.rights import words

    today = view.now.astimezone(view.zone).date()
    return {
        "broken_promises": [overdue_json(view, promise) for promise in broken],
        "unanswered_letters": [overdue_letter_json(view, letter) for letter in unanswered],
        "due_soon": [promise_json(view, promise) for promise in due_soon],
        "clocks": [
            {
                "case_id": facts.case_id,
                "company": facts.company,
                "company_id": facts.company_id,
                **words.clock_json(clock, today),
            }
            for facts, clock in clocks[:CLOCKS_SHOWN]
        ],
        "undated_promises": [promise_json(view, promise) for promise in undated],
        "open_cases": [
            {
                **case_summary_json(view, summary),
                "broken_promises": summary.broken_promises,
                "next_step": step_json(steps[summary.case.id])
                if summary.case.id in steps
                else None,
            }
            for summary in open_cases
        ],
        "totals": totals,
    }


# ---- rights and clocks --------------------------------------------------------------------------


def rights_view(view: View, report: Report) -> Text:
    """``gripe rights``: each clock with its date, where it stands, what it allows and its
    source; then the clocks waiting for a date, the routes without a clock, and the notes.
    Every source of every rule is in ``--json``."""
    from gripe.rights import words

    today = view.now.astimezone(view.zone).date()
    out = Text()
    where = " · ".join(
        part for part in (report.jurisdiction, report.sector or "no sector") if part
    )
    _add_wrapped(out, view, f"Case #{report.case_id} {report.company} ({where})", style="bold")
    if report.clocks:
        out.append("\nClocks\n", style="bold")
    for clock in report.clocks:
        warning = words.warning(clock, today)
        _add_wrapped(out, view, words.sentence(clock), style="bold red" if warning else "bold")
        state = warning or words.status(clock, today)
        _add_wrapped(out, view, state, style="red" if warning else "green", indent=4)
        _add_rule_details(out, view, clock.rule)
    if report.waiting:
        out.append("\nWaiting for a date\n", style="bold")
    for clock in report.waiting:
        _add_wrapped(out, view, words.waiting_words(clock, report.case_id))
        if clock.rule.uncertain:
            _add_wrapped(out, view, f"Uncertain: {clock.rule.uncertain}", "yellow", indent=4)
    if report.rights:
        out.append("\nRoutes without a clock\n", style="bold")
    for rule in report.rights:
        _add_wrapped(out, view, words.right_words(rule), style="bold")
        _add_rule_details(out, view, rule, allows=False)
    if report.notes:
        out.append("\nNotes\n", style="bold")
    for note in report.notes:
        _add_wrapped(out, view, note, style="yellow")
    _trim_end(out)
    return out


def _add_rule_details(out: Text, view: View, rule: Any, allows: bool = True) -> None:
    from gripe.rights.words import day_words

    if allows:
        _add_wrapped(out, view, f"Allows: {rule.allows}", indent=4)
    if rule.uncertain:
        _add_wrapped(out, view, f"Uncertain: {rule.uncertain}", style="yellow", indent=4)
    if rule.note:
        _add_wrapped(out, view, f"Note: {rule.note}", style="dim", indent=4)
    source = rule.sources[0]
    more = len(rule.sources) - 1
    also = f"; {more} more in --json" if more else ""
    _add_wrapped(
        out, view, f"Source: {source.title} (checked {day_words(source.checked)}{also})",
        style="dim", indent=4,
    )  # fmt: skip
    out.append(" " * 6 + source.url + "\n", style="dim")  # whole, so that it can be opened


def rights_summary_json(report: Report | None, today: date) -> Json:
    """For the case in ``case show --json``: the next clock (as in ``gripe rights --json``) and
    the clocks whose deadline is near or past."""
    if report is None:
        return {"next_clock": None, "clock_warnings": []}
    from gripe.rights import words
    from gripe.rights.clocks import next_clock

    upcoming = next_clock(report, today)
    return {
        "next_clock": words.clock_json(upcoming, today) if upcoming else None,
        "clock_warnings": [
            words.clock_json(clock, today)
            for clock in report.clocks
            if words.warning(clock, today)
        ],
    }


CLOCKS_SHOWN = 10  # on the dashboard, like its other sections


def _clock_entries(view: View, clocks: list[tuple[CaseFacts, Clock]], title: str) -> Text:
    """Dashboard: a door opening within 7 days or a deadline within 14, with its case."""
    from gripe.rights import words

    today = view.now.astimezone(view.zone).date()
    out = Text()
    out.append(title + "\n", style="bold")
    for facts, clock in clocks:
        warning = words.warning(clock, today)
        _add_wrapped(
            out, view, words.sentence(clock), style="bold red" if warning else "bold",
            label=f"#{facts.case_id} ", indent=6,
        )  # fmt: skip
        _add_wrapped(
            out, view, f"{facts.company}, case #{facts.case_id} · {words.status(clock, today)}"
            f" · gripe rights {facts.case_id}", style="red" if warning else "", indent=6,
        )  # fmt: skip
    _trim_end(out)
    return out


# ---- the call in progress ----------------------------------------------------------------------


def clock_text(seconds: float) -> str:
    """A running clock: 3:07, 1:02:45."""
    whole = int(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    return (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
    )


def live_call_json(view: View, live: LiveCall) -> Json:
    hold, talk = live.minutes(view.now)
    return {
        "id": 1,
        "uuid": live.uuid,
        "company": live.company,
        "company_id": live.company_id,
        "case_id": live.case_id,
        "started_at": view.iso(live.started_at),
        "state": live.state,
        "state_since": view.iso(live.since),
        "hold_minutes": hold,
        "talk_minutes": talk,
        "rep": live.rep_name,
        "rep_id": live.rep_employee_id,
        "role": live.rep_role.value if live.rep_role else None,
        "reference": live.reference,
        "promises": [{"text": p.text, "by": p.by} for p in live.promises],
        "notes": live.notes,
    }


def live_call_line(view: View, live: LiveCall) -> str:
    """ "Call to Acme since 14:02: on hold 3:00 (5m on hold in all, 2m talking)"."""
    hold, talk = live.minutes(view.now)
    state = "on hold" if live.state == "hold" else "talking"
    current = (view.now - live.since).total_seconds()
    return (
        f"Call to {live.company} since {view.local(live.started_at):%H:%M}: {state} "
        f"{clock_text(current)} ({minutes(hold)} on hold in all, {minutes(talk)} talking)"
    )


# ---- gripe doctor -------------------------------------------------------------------------------


def doctor_text(report: DoctorReport) -> Text:
    """Each check on a line, ``ok`` or ``PROBLEM``, with what is wrong, what to type and what
    was done. Not wrapped: the lines hold paths and commands to copy whole (print with
    soft_wrap; the terminal folds what is too long)."""
    out = Text()
    out.append(f"Checked {visible(str(report.path))}\n", style="bold")
    for finding in report.findings:
        if finding.ok:
            mark, style = ("fixed" if finding.repaired else "ok"), "green"
        else:
            mark, style = "PROBLEM", "bold red"
        out.append(f"{mark:<8}", style=style)
        out.append(visible(f"{finding.name}: {finding.summary}") + "\n")
        for problem in finding.problems:
            out.append(f"{'- ':>10}{visible(problem)}\n")
        for done in finding.repaired:
            out.append(f"{'done ':>10}{visible(done)}\n", style="green")
        if finding.fix and not finding.ok:
            out.append(f"{'fix: ':>10}", style="dim")
            out.append(visible(finding.fix) + "\n", style="bold")
    verdict = "All is well." if report.ok else "Something is wrong: see PROBLEM above."
    out.append(verdict, style="green" if report.ok else "bold red")
    return out


def doctor_json(report: DoctorReport) -> Json:
    return {
        "path": str(report.path),
        "ok": report.ok,
        "checks": [
            {
                "name": finding.name,
                "ok": finding.ok,
                "summary": finding.summary,
                "problems": finding.problems,
                "fix": finding.fix,
                "repaired": finding.repaired,
            }
            for finding in report.findings
        ],
    }
