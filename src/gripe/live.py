"""The call in progress: its hold clock, what was typed so far, and the call it becomes.

A live call is a list of segments, each a state ("hold" or "talking") and the moment it began;
the first is "hold" at the start of the call, because a call to a company begins in its queue.
Answering starts a talking segment, a transfer puts the person on hold again, and hold time adds
up over every hold segment. Minutes are whole minutes of the total, rounded to the nearest.

When the call ends it becomes exactly the `CallRequest` that ``gripe log`` would make from the
same facts: the call's time is when it started (so a promise's deadline is read from then, as
the screen read it), its duration is the time spent talking and its hold the time on hold.

Pure: the time comes in as a parameter; `gripe.store.live_calls` keeps the record.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from gripe.errors import InvalidState
from gripe.model import Role

if TYPE_CHECKING:
    from gripe.dates import Deadline
    from gripe.store.calls import CallRequest

HOLD = "hold"
TALKING = "talking"


class LivePromise(NamedTuple):
    text: str
    by: str | None  # the deadline as it was said; None: they gave no date


class LiveCall(NamedTuple):
    uuid: str
    company_id: int | None  # None: a company not yet in the log, added when the call ends
    company: str
    started_at: datetime
    segments: tuple[tuple[str, datetime], ...]
    case_id: int | None = None
    rep_name: str | None = None
    rep_employee_id: str | None = None
    rep_role: Role | None = None
    reference: str | None = None
    promises: tuple[LivePromise, ...] = ()
    notes: str | None = None
    editing: tuple[str, str] | None = None  # a field being typed when last saved, and its text
    version: int = 1  # bumped by every save, so that two writers never overwrite each other

    @property
    def state(self) -> str:
        return self.segments[-1][0]

    @property
    def since(self) -> datetime:
        """When the current segment began."""
        return self.segments[-1][1]

    def seconds(self, now: datetime) -> dict[str, float]:
        """Seconds spent in each state up to ``now`` (a clock set back counts nothing)."""
        totals = {HOLD: 0.0, TALKING: 0.0}
        ends = [moment for _, moment in self.segments[1:]] + [now]
        for (state, began), ended in zip(self.segments, ends, strict=True):
            totals[state] += max(0.0, (_utc(ended) - _utc(began)).total_seconds())
        return totals

    def minutes(self, now: datetime) -> tuple[int, int]:
        """Whole minutes on hold and talking, each total rounded to the nearest minute."""
        seconds = self.seconds(now)
        return _whole_minutes(seconds[HOLD]), _whole_minutes(seconds[TALKING])

    def answered(self, now: datetime) -> LiveCall:
        if self.state == TALKING:
            raise InvalidState("the call is already answered; on hold again? gripe call hold")
        return self._switch(TALKING, now)

    def on_hold(self, now: datetime) -> LiveCall:
        if self.state == HOLD:
            raise InvalidState("you are already on hold; answered? gripe call answered")
        return self._switch(HOLD, now)

    def _switch(self, state: str, now: datetime) -> LiveCall:
        moment = max(_utc(now), _utc(self.since))  # segments never go back in time
        return self._replace(segments=(*self.segments, (state, moment)))

    def summary_from_notes(self) -> str:
        return (self.notes or "").strip()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _whole_minutes(seconds: float) -> int:
    return int((seconds + 30) // 60)


def new_segments(started_at: datetime) -> tuple[tuple[str, datetime], ...]:
    return ((HOLD, _utc(started_at)),)


def read_promise(
    promise: LivePromise, live: LiveCall, zone: tzinfo, date_order: str | None
) -> Deadline | None:
    """A promise's deadline read from the call's start, as ``gripe log --at START --by`` would."""
    if promise.by is None:
        return None
    from gripe.dates import parse_deadline

    return parse_deadline(promise.by, live.started_at.astimezone(zone), date_order)


def call_request(
    live: LiveCall,
    company: str,
    summary: str,
    now: datetime,
    zone: tzinfo,
    date_order: str | None,
) -> tuple[CallRequest, list[tuple[str, Deadline | None]]]:
    """The `CallRequest` ``gripe log`` would make of this call, and the promises after the
    first (``log`` takes one; the others are added to the same call)."""
    from gripe.store.calls import CallRequest

    hold, talk = live.minutes(now)
    readings = [(p.text, read_promise(p, live, zone, date_order)) for p in live.promises]
    first = readings[0] if readings else None
    request = CallRequest(
        company=company,
        summary=summary,
        at=live.started_at.astimezone(zone),
        case_id=live.case_id,
        rep_name=live.rep_name,
        rep_employee_id=live.rep_employee_id,
        rep_role=live.rep_role,
        duration_minutes=talk,
        hold_minutes=hold,
        reference=live.reference,
        promise_text=first[0] if first else None,
        promise_deadline=first[1] if first else None,
    )
    return request, readings[1:]
