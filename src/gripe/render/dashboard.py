"""Bare ``gripe``: what needs attention now, for people and as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from gripe.model import (
    CaseSummary,
    Letter,
    Promise,
)
from gripe.plural import counted
from gripe.render.data import case_summary_json, overdue_json, promise_json
from gripe.render.promises import promise_entries
from gripe.render.text import Json, View, add_wrapped, more_note, trim_end

if TYPE_CHECKING:
    from gripe.facts.next_step import NextStep
    from gripe.rights.clocks import Clock
    from gripe.rights.facts import CaseFacts


CLOCKS_SHOWN = 10  # on the dashboard, like its other sections


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
        from gripe.render.letters import no_reply_entries

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
        add_wrapped(
            cases_text, view, f"{case.company}: {case.title}", style="bold",
            label=f"#{case.id} ", indent=6,
        )  # fmt: skip
        add_wrapped(
            cases_text,
            view,
            f"{case.level.value} · {counted(days, 'day')} open · last contact {last}{said}",
            style="red" if summary.broken_promises else "",
            indent=6,
        )
    trim_end(cases_text)
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
    from gripe.render.letters import overdue_letter_json
    from gripe.render.timeline import step_json
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


def _clock_entries(view: View, clocks: list[tuple[CaseFacts, Clock]], title: str) -> Text:
    """Dashboard: a door opening within 7 days or a deadline within 14, with its case."""
    from gripe.rights import words

    today = view.now.astimezone(view.zone).date()
    out = Text()
    out.append(title + "\n", style="bold")
    for facts, clock in clocks:
        warning = words.warning(clock, today)
        add_wrapped(
            out, view, words.sentence(clock), style="bold red" if warning else "bold",
            label=f"#{facts.case_id} ", indent=6,
        )  # fmt: skip
        add_wrapped(
            out, view, f"{facts.company}, case #{facts.case_id} · {words.status(clock, today)}"
            f" · gripe rights {facts.case_id}", style="red" if warning else "", indent=6,
        )  # fmt: skip
    trim_end(out)
    return out
