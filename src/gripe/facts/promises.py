"""A promise's fate, computed once, and worded once for every output.

Fates:

- ``kept``: marked kept;
- ``broken``: marked broken, or still pending after its date (``by_clock``);
- ``moved``: the company moved its date: a later promise replaced it (``promise reschedule``);
  it is not counted as broken, the promise that replaced it carries on and is told with the
  dates it had ("promised by A, then moved it to B");
- ``pending``: waiting for its date;
- ``undated``: pending, made with no date ("no date given: ask for one");
- ``cancelled``: no longer watched.

Only a ``broken`` fate is counted as a broken promise: never a moved one, and never a letter's
reply date (which is the person's own, not a promise).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import NamedTuple

from gripe.model import Promise, PromiseStatus

KEPT = "kept"
BROKEN = "broken"
MOVED = "moved"
PENDING = "pending"
UNDATED = "undated"
CANCELLED = "cancelled"
FATES = (KEPT, BROKEN, MOVED, PENDING, UNDATED, CANCELLED)

NO_DATE = "no date given: ask for one"


class Fate(NamedTuple):
    kind: str  # one of FATES
    by_clock: bool = False  # broken because its date passed while it was pending
    moved_to: Promise | None = None  # the promise that replaced it (kind "moved")
    moved_from: tuple[Promise, ...] = ()  # the promises it replaced, the first made first


def fates(promises: Iterable[Promise], now: datetime) -> dict[int, Fate]:
    """Every promise's fate, by id (chains of moved promises are followed within the list)."""
    found = list(promises)
    by_id = {promise.id: promise for promise in found}
    replaced_by = {p.rescheduled_from: p for p in found if p.rescheduled_from is not None}
    result: dict[int, Fate] = {}
    for promise in found:
        earlier: list[Promise] = []
        previous = promise.rescheduled_from
        while previous in by_id and len(earlier) < len(by_id):  # the bound stops a cycle
            earlier.insert(0, by_id[previous])
            previous = by_id[previous].rescheduled_from
        successor = replaced_by.get(promise.id)
        if successor is not None:
            kind, by_clock = MOVED, False
        elif promise.status is PromiseStatus.KEPT:
            kind, by_clock = KEPT, False
        elif promise.status is PromiseStatus.CANCELLED:
            kind, by_clock = CANCELLED, False
        elif promise.is_broken(now):
            kind, by_clock = BROKEN, promise.is_overdue(now)
        else:
            kind, by_clock = (UNDATED if promise.due is None else PENDING), False
        result[promise.id] = Fate(kind, by_clock, successor, tuple(earlier))
    return result


_SETTLED = {
    PromiseStatus.KEPT: Fate(KEPT),
    PromiseStatus.CANCELLED: Fate(CANCELLED),
}


def fate_of(promise: Promise, now: datetime) -> Fate:
    """The fate of a promise seen on its own (a listing, ``overdue``): its chain not known.

    `fates` of a list of one, without its dictionaries: a long listing asks once a row."""
    settled = _SETTLED.get(promise.status)
    if settled is not None:
        return settled
    if promise.is_broken(now):
        return Fate(BROKEN, promise.is_overdue(now))
    return Fate(UNDATED if promise.due is None else PENDING)


def counts(found: dict[int, Fate]) -> dict[str, int]:
    """How many promises have each fate."""
    tally = dict.fromkeys(FATES, 0)
    for fate in found.values():
        tally[fate.kind] += 1
    return tally


def words(
    promise: Promise,
    fate: Fate,
    day: Callable[[datetime], str],
    late: Callable[[datetime], str] | None = None,
    moment: Callable[[datetime], str] | None = None,
) -> str:
    """The fate in a few words, the same in ``case show``, the bundle's case file and listings:
    "kept on Tue 28 Jul 2026", "BROKEN: overdue by 3 days" (``late`` says how late; without it
    "BROKEN: not kept by its date"), "moved to Tue 04 Aug 2026 17:00 (promise #5)" (the new
    date said by ``moment``, else by ``day``)."""
    if fate.kind == KEPT:
        return f"kept on {day(promise.resolved_at)}" if promise.resolved_at else "kept"
    if fate.kind == BROKEN:
        if fate.by_clock and promise.due is not None:
            return (
                f"BROKEN: overdue by {late(promise.due)}"
                if late
                else "BROKEN: not kept by its date"
            )
        marked = f" (marked on {day(promise.resolved_at)})" if promise.resolved_at else ""
        return f"BROKEN{marked}"
    if fate.kind == MOVED:
        assert fate.moved_to is not None
        moved = fate.moved_to
        when = (moment or day)(moved.due) if moved.due else "no date"
        return f"moved to {when} (promise #{moved.id})"
    if fate.kind == UNDATED:
        return NO_DATE
    if fate.kind == CANCELLED:
        return f"cancelled on {day(promise.resolved_at)}" if promise.resolved_at else "cancelled"
    return "pending"
