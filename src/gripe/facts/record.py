"""A case's record: its totals, the fate of each promise, the state of each letter, the account
as it is shown and the amount at stake, computed once from its timeline.

``case show`` (and its JSON), the bundle's case file and the letters all read a `Record`, so
they never disagree on a number: the broken promises counted (never a moved promise, never a
letter's reply date), the calls, the time on hold, the days open.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import NamedTuple

from gripe.facts import letters as letter_states
from gripe.facts import mask_account
from gripe.facts import promises as promise_fates
from gripe.facts.next_step import LatestLetter, Situation
from gripe.model import CaseStatus, CaseSummary, Claim, Timeline, format_amount

# The currency an amount typed without one is in, by jurisdiction.
CURRENCIES = {"UK": "GBP", "US": "USD"}


def amount_label(cents: int | None, currency: str | None, default_currency: str | None) -> str:
    """ "£45.00"; the jurisdiction's currency when the amount was typed without one."""
    if cents is None:
        return ""
    return format_amount(cents, currency or default_currency)


def claims_total(timeline: Timeline, default_currency: str | None) -> str:
    """The case's claims added up ("" with none, or when they are in several currencies)."""
    claims = timeline.claims
    currencies = {claim.currency or timeline.case.currency or default_currency for claim in claims}
    if not claims or len(currencies) != 1:
        return ""
    return format_amount(sum(claim.amount_cents for claim in claims), currencies.pop())


def claim_amount(claim: Claim, timeline: Timeline, default_currency: str | None) -> str:
    return format_amount(
        claim.amount_cents, claim.currency or timeline.case.currency or default_currency
    )


class Totals(NamedTuple):
    calls: int
    hold_minutes: int
    talk_minutes: int
    days_open: int
    broken_promises: int
    kept_promises: int
    pending_promises: int  # dated, still to come
    undated_promises: int
    moved_promises: int
    letters: int
    letters_unanswered: int  # past their reply date with no reply


class Record(NamedTuple):
    timeline: Timeline
    fates: dict[int, promise_fates.Fate]
    letter_states: dict[int, str]
    totals: Totals
    account: str | None  # masked unless asked otherwise
    amount: str  # the case's amount at stake; "" when it has none
    claimed: str  # the sum of its claims; "" when it has none (or they mix currencies)
    next_due: datetime | None  # the soonest date of a pending promise still to come
    currency: str | None  # the jurisdiction's: an amount typed without a currency is in it

    @property
    def sum_claimed(self) -> str:
        """What letters claim: the claims added up, else the case's amount."""
        return self.claimed or self.amount

    def amount_differs(self) -> bool:
        """The case's amount and the sum of its claims are both given and not the same."""
        return bool(self.amount and self.claimed and self.amount != self.claimed)

    def situation(self, body: str | None = None) -> Situation:
        """What the next-step rule reads of this case (``body``: a door open now)."""
        timeline = self.timeline
        latest = timeline.letters[-1] if timeline.letters else None
        return Situation(
            case_id=timeline.case.id,
            level=timeline.case.level,
            is_open=timeline.case.status is CaseStatus.OPEN,
            latest=LatestLetter(
                latest.id, latest.template, self.letter_states[latest.id], latest.reply_due
            )
            if latest
            else None,
            written=frozenset(letter.template for letter in timeline.letters),
            broken=self.totals.broken_promises,
            pending=self.totals.pending_promises,
            undated=self.totals.undated_promises,
            next_due=self.next_due,
            body=body,
        )


def record(
    timeline: Timeline,
    now: datetime,
    zone: tzinfo,
    show_full_account: bool = False,
    jurisdiction: str | None = None,
) -> Record:
    """The record of ``timeline``'s case at ``now`` (``jurisdiction``: whose currency an amount
    typed without one is in)."""
    currency = CURRENCIES.get(jurisdiction or "")
    fates = promise_fates.fates(timeline.promises, now)
    tally = promise_fates.counts(fates)
    states = {letter.id: letter_states.state(letter, now) for letter in timeline.letters}
    case = timeline.case
    upcoming = [
        promise.due
        for promise in timeline.promises
        if fates[promise.id].kind == promise_fates.PENDING and promise.due is not None
    ]
    totals = Totals(
        calls=len(timeline.calls),
        hold_minutes=timeline.hold_minutes,
        talk_minutes=timeline.talk_minutes,
        days_open=case.days_open(now, zone),
        broken_promises=tally[promise_fates.BROKEN],
        kept_promises=tally[promise_fates.KEPT],
        pending_promises=tally[promise_fates.PENDING],
        undated_promises=tally[promise_fates.UNDATED],
        moved_promises=tally[promise_fates.MOVED],
        letters=len(timeline.letters),
        letters_unanswered=sum(1 for state in states.values() if state == letter_states.NO_REPLY),
    )
    return Record(
        timeline=timeline,
        fates=fates,
        letter_states=states,
        totals=totals,
        account=mask_account(timeline.company.account_number, show_full_account),
        amount=amount_label(case.amount_cents, case.currency, currency),
        claimed=claims_total(timeline, currency),
        currency=currency,
        next_due=min(upcoming) if upcoming else None,
    )


def summary_situation(summary: CaseSummary, now: datetime, body: str | None = None) -> Situation:
    """What the next-step rule reads of a case in a listing (the dashboard): the same facts as
    `Record.situation`, from the listing's counts rather than the whole timeline."""
    latest = summary.latest_letter
    return Situation(
        case_id=summary.case.id,
        level=summary.case.level,
        is_open=summary.case.status is CaseStatus.OPEN,
        latest=LatestLetter(
            latest.id, latest.template, letter_states.state(latest, now), latest.reply_due
        )
        if latest
        else None,
        written=summary.written,
        broken=summary.broken_promises,
        pending=1 if summary.next_due is not None else 0,
        undated=summary.undated_promises,
        next_due=summary.next_due,
        body=body,
    )
