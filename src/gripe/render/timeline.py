"""``case show``: the timeline of one case for people, and its JSON; and the next step in words,
which the dashboard shares.

Every number and every fate comes from the case's `gripe.facts.record.Record` and every next
step from `gripe.facts.next_step`, the same that letters and the bundle read; nothing here
counts or decides anything of its own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text

from gripe.facts import next_step as steps
from gripe.facts import promises as promise_fates
from gripe.facts.record import Record, claim_amount
from gripe.model import Call, Claim, Letter, Level, Promise
from gripe.plural import counted
from gripe.render.data import call_json, case_json, company_json, promise_json
from gripe.render.letters import letter_json
from gripe.render.promises import due_phrase, fate_text
from gripe.render.text import View, add_wrapped, minutes, rep_label, trim_end

Json = dict[str, Any]


def step_json(step: steps.NextStep) -> Json:
    return {
        "kind": step.kind,
        "text": step.why,
        "template": step.template,
        "command": step.command,
        "if_not": step.if_not,
    }


def step_text(step: steps.NextStep, case_id: int, level: Level) -> str:
    """The next step in a sentence, with what to type."""
    if step.kind == steps.SEND:
        return f"Next step: {step.why}: {step.command}"
    if step.kind == steps.WAIT_LETTER:
        return (
            f"Next step: {step.why}; when it comes: {step.command}; if it does not come: "
            f"gripe letter {case_id} --template {step.if_not}"
        )
    if step.kind == steps.WAIT_PROMISE:
        return f"Next step: {step.why}; if it is broken: {step.command}"
    if step.kind == steps.DONE:
        return f"Next step: {step.why}"
    ladder = list(Level)
    up = ""
    if step.kind == steps.LETTER and ladder.index(level) < len(ladder) - 1:
        up = f"; if that fails: gripe case escalate {case_id}"
    return f"Next step ({step.why}): {step.command}{up}"


def timeline_json(view: View, record: Record, step: steps.NextStep | None) -> Json:
    timeline, totals = record.timeline, record.totals
    return {
        "case": {
            **case_json(view, timeline.case),
            "calls": totals.calls,
            "hold_minutes": totals.hold_minutes,
            "last_contact": view.iso(timeline.calls[-1].at) if timeline.calls else None,
            "sector": timeline.company.sector.value if timeline.company.sector else None,
            "account": record.account,
            "claimed": record.claimed or None,
            "totals": totals._asdict(),
            "next_step": step_json(step) if step else None,
        },
        "company": company_json(timeline.company),
        "calls": [call_json(view, call) for call in timeline.calls],
        "promises": [
            {**promise_json(view, promise), "fate": record.fates[promise.id].kind}
            for promise in timeline.promises
        ],
        "letters": [letter_json(view, letter) for letter in timeline.letters],
        "claims": [claim_json(view, record, claim) for claim in timeline.claims],
    }


def claim_json(view: View, record: Record, claim: Claim) -> Json:
    return {
        "id": claim.id,
        "uuid": claim.uuid,
        "case_id": claim.case_id,
        "what": claim.what,
        "amount": claim_amount(claim, record.timeline, record.currency),
        "amount_cents": claim.amount_cents,
        "currency": claim.currency,
        "on_date": claim.on_date.isoformat() if claim.on_date else None,
        "added_at": view.iso(claim.added_at),
    }


def timeline_view(
    view: View,
    record: Record,
    step: steps.NextStep | None,
    rights: list[tuple[str, bool]] | None = None,
) -> Text:
    """The readable timeline of a case, as one pre-wrapped Text (print it with soft_wrap).
    ``rights``: lines about its clocks (`gripe.rights.words.case_lines`), each with whether it
    is a warning.

    Wrapped here with `wrap` rather than laid out by rich: a case with fifty calls would
    otherwise spend most of ``case show`` measuring cells (start-up time is a budget).
    """
    timeline, totals = record.timeline, record.totals
    case = timeline.case
    days = totals.days_open
    last = f" · last contact {view.relative(timeline.calls[-1].at)}" if timeline.calls else ""
    out = Text()
    sector = f" · {timeline.company.sector.value}" if timeline.company.sector else ""
    add_wrapped(
        out, view, f"Case #{case.id} {case.company}: {case.title}  [{case.status.value} · "
        f"{case.level.value}{sector}]", style="bold",
    )  # fmt: skip
    add_wrapped(
        out,
        view,
        f"Opened {view.day(case.opened_at)} · {counted(days, 'day')} "
        f"{'open' if case.status.value == 'open' else 'until closed'} · "
        f"{counted(totals.calls, 'call')} · {minutes(totals.hold_minutes) or '0m'} on hold"
        f" · {minutes(totals.talk_minutes) or '0m'} talking{last}",
    )
    if case.desired_outcome or record.sum_claimed:
        amount = f" ({record.sum_claimed})" if record.sum_claimed else ""
        add_wrapped(out, view, f"Wants: {case.desired_outcome or 'money back'}{amount}")
    if record.amount_differs():
        add_wrapped(
            out, view, f"The case's amount ({record.amount}) is not what its claims come to "
            f"({record.claimed}); letters claim {record.claimed}. To match: gripe case edit "
            f"{case.id} --amount {record.claimed}", style="yellow",
        )  # fmt: skip
    if case.closed_at:
        note = f": {case.resolution_note}" if case.resolution_note else ""
        add_wrapped(out, view, f"Closed {view.day(case.closed_at)} as {case.status.value}{note}")
    elif step is not None:
        urgent = totals.broken_promises or totals.letters_unanswered
        add_wrapped(out, view, step_text(step, case.id, case.level), "red" if urgent else "")
    for line, is_warning in rights or []:
        add_wrapped(out, view, line, style="bold red" if is_warning else "")
    if timeline.calls or timeline.letters:
        # Calls and the person's own letters, in the order they happened.
        events: list[tuple[datetime, int, Call | Letter]] = [
            (call.at, 0, call) for call in timeline.calls
        ]
        events += [(letter.dated, 1, letter) for letter in timeline.letters]
        events.sort(key=lambda event: (event[0], event[1], event[2].id))
        out.append("\nCalls and letters\n" if timeline.letters else "\nCalls\n", style="bold")
        for _, _, event in events:
            if isinstance(event, Letter):
                _add_letter(out, view, event)
            else:
                _add_call(out, view, event)
    if not timeline.calls:
        out.append("\nNo calls logged yet.\n", style="dim")
    if timeline.promises:
        out.append("\nPromises\n", style="bold")
        for promise in timeline.promises:
            _add_promise(out, view, promise, record.fates[promise.id])
    if timeline.claims:
        out.append(f"\nClaims{f' ({record.claimed} in all)' if record.claimed else ''}\n", "bold")
        for claim in timeline.claims:
            charged = f" · charged {view.day_of(claim.on_date)}" if claim.on_date else ""
            amount = claim_amount(claim, timeline, record.currency)
            add_wrapped(
                out, view, f"{amount} · {claim.what}{charged}", label=f"#{claim.id} ", indent=6
            )
    trim_end(out)
    return out


def _add_call(out: Text, view: View, call: Call) -> None:
    """One call: a line of facts, then the summary indented beneath it."""
    channel = call.channel.value + (" from them" if call.direction.value == "inbound" else "")
    facts = [
        view.when(call.at),
        channel,
        rep_label(call.rep),
        f"ref {call.reference}" if call.reference else "",
        f"hold {minutes(call.hold_minutes)}" if call.hold_minutes else "",
        f"took {minutes(call.duration_minutes)}" if call.duration_minutes else "",
    ]
    heading = " · ".join(fact for fact in facts if fact)
    add_wrapped(out, view, heading, style="bold", label=f"#{call.id} ", indent=6)
    add_wrapped(out, view, call.summary, indent=6)


def _add_letter(out: Text, view: View, letter: Letter) -> None:
    """One of the person's letters, among the calls: when and how it went, then its reply."""
    from gripe.render.letters import reply_words, went

    add_wrapped(
        out, view, f"{view.when(letter.dated)} · your letter #{letter.id} ({letter.template})",
        style="bold", label="L ", indent=6,
    )  # fmt: skip
    reply, style = reply_words(view, letter)
    add_wrapped(out, view, f"{went(view, letter)} · {reply}", style=style, indent=6)


def _add_promise(out: Text, view: View, promise: Promise, fate: promise_fates.Fate) -> None:
    """One promise: what, then when it was due, its fate and who made it; a date the company
    moved says so ("promised by A, then moved to B")."""
    state = fate_text(view, promise, fate)
    add_wrapped(out, view, promise.text, style="bold", label=f"#{promise.id} ", indent=6)
    made_by = f" · promised by {rep_label(promise.rep)}" if promise.rep else ""
    if promise.call_id:
        made_by = (made_by or " · made") + f" on call #{promise.call_id}"
    due = f"due {due_phrase(view, promise)} · " if promise.due else ""
    add_wrapped(out, view, f"{due}{state.plain}{made_by}", style=str(state.style), indent=6)
    if fate.moved_from:
        dates = [_due_or_none(view, moved) for moved in [*fate.moved_from, promise]]
        add_wrapped(
            out, view, f"promised by {dates[0]}, then moved to {', then to '.join(dates[1:])}",
            indent=6,
        )  # fmt: skip


def _due_or_none(view: View, promise: Promise) -> str:
    return view.when(promise.due) if promise.due else "no date"
