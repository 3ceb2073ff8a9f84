"""The call in progress: its clock, its one-line state, and its JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gripe.render.text import Json, View, minutes

if TYPE_CHECKING:
    from gripe.live import LiveCall


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
