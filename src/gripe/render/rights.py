"""``gripe rights`` and the rights in ``case show --json``: the clocks of a case, each with its
date, what it allows and its source."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text

from gripe.render.text import Json, View, add_wrapped, trim_end

if TYPE_CHECKING:
    from gripe.rights.clocks import Report


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
    add_wrapped(out, view, f"Case #{report.case_id} {report.company} ({where})", style="bold")
    if report.clocks:
        out.append("\nClocks\n", style="bold")
    for clock in report.clocks:
        warning = words.warning(clock, today)
        add_wrapped(out, view, words.sentence(clock), style="bold red" if warning else "bold")
        state = warning or words.status(clock, today)
        add_wrapped(out, view, state, style="red" if warning else "green", indent=4)
        _add_rule_details(out, view, clock.rule)
    if report.waiting:
        out.append("\nWaiting for a date\n", style="bold")
    for clock in report.waiting:
        add_wrapped(out, view, words.waiting_words(clock, report.case_id))
        if clock.rule.uncertain:
            add_wrapped(out, view, f"Uncertain: {clock.rule.uncertain}", "yellow", indent=4)
    if report.rights:
        out.append("\nRoutes without a clock\n", style="bold")
    for rule in report.rights:
        add_wrapped(out, view, words.right_words(rule), style="bold")
        _add_rule_details(out, view, rule, allows=False)
    if report.notes:
        out.append("\nNotes\n", style="bold")
    for note in report.notes:
        add_wrapped(out, view, note, style="yellow")
    trim_end(out)
    return out


def _add_rule_details(out: Text, view: View, rule: Any, allows: bool = True) -> None:
    from gripe.rights.words import day_words

    if allows:
        add_wrapped(out, view, f"Allows: {rule.allows}", indent=4)
    if rule.uncertain:
        add_wrapped(out, view, f"Uncertain: {rule.uncertain}", style="yellow", indent=4)
    if rule.note:
        add_wrapped(out, view, f"Note: {rule.note}", style="dim", indent=4)
    source = rule.sources[0]
    more = len(rule.sources) - 1
    also = f"; {more} more in --json" if more else ""
    add_wrapped(
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
