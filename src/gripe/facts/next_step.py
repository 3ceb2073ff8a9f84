"""What to do next on a case, and the letter `gripe letter` writes when none is named: one rule
over the case's level, its letters and its promises (and an ombudsman's door, once it is open),
used by ``case show``, the dashboard and ``gripe letter``.

The rule, in order (the first that applies decides):

1. A closed case: nothing to do (the level's letter stays the default).
2. The newest letter is recorded but not yet marked as sent: send it, and record how.
3. The newest letter was sent and its reply time is still running: wait for the reply.
4. A promise still pending with a date to come, none broken: wait for that date (the letter
   to write if it is broken is named; `gripe letter`'s default stays the letter of the case's
   level, or the next one up).
5. The door to the body for the company's sector is open (an ombudsman may take the complaint
   now): take it there with the regulator letter, unless that letter has gone already.
6. Promises broken, or the newest letter unanswered past its date, or answered without putting
   things right: the next letter up the ladder.
7. Promises made with no date, nothing broken: ask for a date (the follow-up letter asks).
8. Nothing yet: the letter of the case's level (a first complaint at the frontline).

The ladder of letters is complaint → follow-up → escalation → final-notice → regulator; the next
letter is the one after the highest already written, or the level's own letter when that is
higher (`gripe case escalate` climbs the level); once the regulator letter has gone, the letter
before action (the court) is what remains. With broken promises and no letter yet at the
frontline or supervisor level, the follow-up chases them first. A letter already sent and still
within its reply time is never proposed again: while one waits, `gripe letter`'s default is the
letter that would follow it.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from gripe.facts import letters as letter_states
from gripe.model import TEMPLATE_FOR_LEVEL, Level
from gripe.plural import counted

LADDER = ("complaint", "follow-up", "escalation", "final-notice", "regulator")

# Kinds of next step.
CLOSED = "closed"
SEND = "send"  # the newest letter is written, not yet sent
WAIT_LETTER = "wait-letter"  # its reply time is running
WAIT_PROMISE = "wait-promise"  # a promise's date is still to come
BODY = "body"  # take it to the ombudsman or regulator
LETTER = "letter"  # write the next letter
ASK_DATE = "ask-date"  # promises with no date: ask for one
DONE = "done"  # every letter has gone: wait for the body, or go to court

# What the promises of a case come to, for the rule (the most pressing first).
PROMISES_NONE = "none"
PROMISES_PENDING = "pending"  # dated, still to come
PROMISES_BROKEN = "broken"
PROMISES_UNDATED = "undated"  # made with no date, nothing broken
PROMISE_STATES = (PROMISES_NONE, PROMISES_PENDING, PROMISES_BROKEN, PROMISES_UNDATED)
LETTER_STATES = ("none", *letter_states.STATES[:4])  # no-reply-date reads as answered


class LatestLetter(NamedTuple):
    id: int
    template: str
    state: str  # gripe.facts.letters.STATES
    reply_due: datetime | None = None


class Situation(NamedTuple):
    """What the rule reads of a case."""

    case_id: int
    level: Level
    is_open: bool = True
    latest: LatestLetter | None = None  # the newest letter recorded on the case
    written: frozenset[str] = frozenset()  # templates of every letter recorded on the case
    broken: int = 0
    pending: int = 0  # dated promises still to come
    undated: int = 0  # pending promises with no date
    next_due: datetime | None = None
    body: str | None = None  # the body whose door is open now ("the Energy Ombudsman")


class NextStep(NamedTuple):
    kind: str
    why: str  # "chase 1 broken promise", in words
    template: str  # the letter `gripe letter` writes when none is named
    command: str | None  # what to type
    if_not: str | None = None  # while waiting: the letter to write if what is awaited fails

    @property
    def is_letter(self) -> bool:
        return self.kind in (LETTER, BODY, ASK_DATE)


def promise_state(broken: int, pending: int, undated: int) -> str:
    if broken:
        return PROMISES_BROKEN
    if pending:
        return PROMISES_PENDING
    if undated:
        return PROMISES_UNDATED
    return PROMISES_NONE


def _rung(template: str) -> int:
    return LADDER.index(template) if template in LADDER else -1


def after(template: str) -> str | None:
    """The letter that follows ``template`` on the ladder (a billing dispute: the regulator)."""
    if template not in LADDER:
        return "regulator"
    rung = LADDER.index(template)
    return LADDER[rung + 1] if rung + 1 < len(LADDER) else None


def next_letter(situation: Situation) -> str | None:
    """The next letter up: after the highest letter written (after a billing dispute, the
    regulator), or the level's own if that is higher and not written yet; None when every
    letter has gone."""
    level_letter = TEMPLATE_FOR_LEVEL[situation.level]
    written = situation.written
    ladder = [template for template in written if template in LADDER]
    if not ladder and "billing-dispute" not in written:
        if situation.broken and situation.level in (Level.FRONTLINE, Level.SUPERVISOR):
            return "follow-up"
        return level_letter
    highest = max(ladder, key=_rung) if ladder else None
    candidates = [after(highest) if highest else None]
    if "billing-dispute" in written and "regulator" not in written:
        candidates.append("regulator")
    if level_letter not in written and _rung(level_letter) > _rung(highest or ""):
        candidates.append(level_letter)
    found = [template for template in candidates if template]
    if found:
        return max(found, key=_rung)
    # The regulator letter has gone (the door opened before the letter before action): the
    # court remains.
    return "final-notice" if "final-notice" not in written else None


def _while_waiting(situation: Situation, waiting: str) -> str:
    """`gripe letter`'s default while a letter waits: the one that would follow it, never it."""
    candidates = [after(waiting), next_letter(situation), TEMPLATE_FOR_LEVEL[situation.level]]
    found = [template for template in candidates if template and template != waiting]
    if found:
        return max(found, key=_rung)
    return "final-notice" if waiting != "final-notice" else "regulator"


def next_step(situation: Situation) -> NextStep:
    case_id = situation.case_id
    level_letter = TEMPLATE_FOR_LEVEL[situation.level]
    latest = situation.latest
    upcoming = next_letter(situation) or level_letter
    if not situation.is_open:
        return NextStep(CLOSED, "the case is closed", level_letter, None)
    if latest is not None and latest.state == letter_states.WRITTEN:
        after_it = _while_waiting(situation, latest.template)
        return NextStep(
            SEND,
            f"send your {latest.template} letter (#{latest.id}), and record how it went",
            after_it,
            f"gripe letter sent {latest.id} --via recorded --proof REF",
            after_it,
        )
    if latest is not None and latest.state == letter_states.SENT:
        due = f", due {latest.reply_due:%a %d %b}" if latest.reply_due else ""
        after_it = _while_waiting(situation, latest.template)
        return NextStep(
            WAIT_LETTER,
            f"wait for their reply to your {latest.template} letter (#{latest.id}){due}",
            after_it,
            f"gripe letter replied {latest.id}",
            after_it,
        )
    if situation.pending and not situation.broken:
        due = f" due {situation.next_due:%a %d %b}" if situation.next_due else ""
        if_broken = next_letter(situation._replace(broken=1)) or level_letter
        return NextStep(
            WAIT_PROMISE,
            f"wait for the promise{due}",
            upcoming,
            f"gripe letter {case_id} --template {if_broken}",
            if_broken,
        )
    if situation.body is not None and "regulator" not in situation.written:
        return NextStep(
            BODY,
            f"take it to {situation.body}",
            "regulator",
            f"gripe letter {case_id} --template regulator",
        )
    unanswered = latest is not None and latest.state == letter_states.NO_REPLY
    if situation.broken or unanswered or (latest is not None and not situation.undated):
        following = next_letter(situation)
        if following is None:
            return NextStep(
                DONE,
                "every letter has gone: wait for the ombudsman or regulator, or go to court",
                level_letter,
                None,
            )
        if situation.broken:
            why = f"chase {counted(situation.broken, 'broken promise')}"
        elif unanswered:
            assert latest is not None
            why = f"no reply to your {latest.template} letter (#{latest.id})"
        else:
            assert latest is not None
            why = f"if their answer to your {latest.template} letter did not put it right"
        return NextStep(LETTER, why, following, f"gripe letter {case_id} --template {following}")
    if situation.undated:
        return NextStep(
            ASK_DATE,
            f"ask for a date for {counted(situation.undated, 'promise')} made with none",
            "follow-up",
            f"gripe letter {case_id} --template follow-up",
        )
    return NextStep(
        LETTER,
        f"at {situation.level.value}",
        upcoming,
        f"gripe letter {case_id} --template {upcoming}",
    )
