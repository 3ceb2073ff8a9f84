"""What people and programs see: rich renderables for people, plain dicts for ``--json``.

Nothing here prints; `gripe.cli` owns the Console. Times are shown in the person's zone, in one
format ("Tue 28 Jul 2026 14:03"), with how long ago or how soon beside them where that matters.
JSON times are ISO-8601 with the local offset; durations are whole minutes.

One module per concern:

- `text`: `View` (how times are shown), `visible` and `wrap` (the person's text made safe and
  fitted to the screen), and the pieces every listing uses;
- `data`: each row of the log as JSON;
- `promises`, `cases`, `companies`, `people`: the listings and echoes of each;
- `dashboard`, `timeline` (``case show``), `letters`, `search`, `rights`, `live` (the call in
  progress), `doctor` and `changes` (corrections, history, undo): the views of one command or
  two, imported by them alone.

``from gripe import render`` gives the first two groups (what most commands use); the others
are imported where they are used, so that a command loads only the views it shows. Rich's
tables are imported only by a command that prints one (`text.new_table`).
"""

from gripe.render.cases import cases_table, logged_message
from gripe.render.companies import company_card, phone_line, ways_in_rows
from gripe.render.data import (
    call_json,
    case_json,
    case_summary_json,
    company_json,
    company_summary_json,
    deadline_json,
    evidence_json,
    lines_status,
    overdue_json,
    phone_json,
    promise_json,
    rep_json,
    rep_record_json,
    ways_in_json,
)
from gripe.render.people import settings_table
from gripe.render.promises import (
    FATE_STYLES,
    NO_DATE,
    deadline_reading,
    deadline_rule,
    due_phrase,
    fate_text,
    promise_echo,
    promise_entries,
)
from gripe.render.text import (
    Json,
    View,
    add_wrapped,
    minutes,
    more_note,
    new_table,
    rep_label,
    trim_end,
    visible,
    wrap,
)

__all__ = [
    "FATE_STYLES",
    "NO_DATE",
    "Json",
    "View",
    "add_wrapped",
    "call_json",
    "case_json",
    "case_summary_json",
    "cases_table",
    "company_card",
    "company_json",
    "company_summary_json",
    "deadline_json",
    "deadline_reading",
    "deadline_rule",
    "due_phrase",
    "evidence_json",
    "fate_text",
    "lines_status",
    "logged_message",
    "minutes",
    "more_note",
    "new_table",
    "overdue_json",
    "phone_json",
    "phone_line",
    "promise_echo",
    "promise_entries",
    "promise_json",
    "rep_json",
    "rep_label",
    "rep_record_json",
    "settings_table",
    "trim_end",
    "visible",
    "ways_in_json",
    "ways_in_rows",
    "wrap",
]
