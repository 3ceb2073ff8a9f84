"""Build the standard benchmark database (DESIGN.md, "Performance budgets").

    python benchmarks/make_db.py PATH --calls 100000 --promises 50000 --companies 2000

The schema comes from gripe's own code (``gripe.store.db.connect`` applies the migrations and the
connection recipe); the rows are generated deterministically from ``random.Random(seed)`` and
inserted with ``executemany`` inside one ``BEGIN IMMEDIATE`` transaction.

What is in it: companies with realistic names and contact details, reps per company, about one
case per ten calls (about 10% open, the rest resolved or abandoned, levels mostly frontline),
calls spread over the three years before ``--now``, and promises tied to a call and its rep with
a mix of kept, pending, overdue (pending past due), broken and cancelled. Case 1 is open, belongs
to company 1 and has about 50 calls and 10 promises, some of them overdue: it is what
``gripe case show 1`` and ``gripe letter 1`` are measured on. A few hundred overdue promises sit
on open cases so that ``gripe overdue`` has real work.
"""

from __future__ import annotations

import argparse
import calendar
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from datetime import time as time_of_day
from pathlib import Path
from random import Random
from uuid import NAMESPACE_URL, uuid5

from gripe.clock import STORAGE_FORMAT
from gripe.dates.arithmetic import (
    add_business_days,
    add_months,
    after_elapsed,
    at_clock,
    end_of,
    end_of_month,
    friday_of_week,
    next_weekday,
)
from gripe.model import name_key
from gripe.store import journal
from gripe.store.db import connect

DEFAULT_NOW = "2026-07-28T13:00:00Z"
DAY = 86_400
HOUR = 3_600
YEARS_OF_CALLS = 3

# ---------------------------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------------------------

FIRST_COMPANY = "Northwind Broadband"

COMPANY_PREFIXES = (
    "Northwind", "Brightwave", "Apex", "Skyline", "Evergreen", "Bluebell", "Harbour", "Summit",
    "Crestline", "Silverline", "Redwood", "Ironbridge", "Clearview", "Meridian", "Horizon",
    "Pinnacle", "Oakfield", "Riverside", "Starlight", "Westgate", "Eastbrook", "Greenleaf",
    "Highland", "Lakeside", "Maple", "Nova", "Orbit", "Pioneer", "Quantum", "Radiant", "Sterling",
    "Thames", "Unity", "Vertex", "Willow", "Zenith", "Albion", "Beacon", "Cobalt", "Dovetail",
    "Ember", "Falcon", "Granite", "Halcyon", "Indigo", "Juniper", "Kestrel", "Lumen", "Monarch",
    "Nimbus", "Onyx", "Pennine", "Quayside", "Rowan", "Sapphire", "Trident", "Urban", "Vista",
    "Wessex", "Yorkshire", "Castle", "Channel", "Coastal", "Crown", "Heritage", "Kingfisher",
    "Liberty", "Mercury", "Atlas", "Swift",
)  # fmt: skip

COMPANY_SECTORS = (
    "Broadband", "Energy", "Mobile", "Fibre", "Telecom", "Gas & Power", "Water", "Insurance",
    "Bank", "Building Society", "Airways", "Rail", "Parcels", "Couriers", "Home Appliances",
    "Furniture", "Motors", "Lettings", "Leisure", "Gyms", "Media", "TV", "Utilities",
    "Electronics", "Travel", "Holidays", "Finance", "Credit", "Pharmacy", "Kitchens",
)  # fmt: skip

COMPANY_QUALIFIERS = ("UK", "Direct", "Plus", "Group", "Home", "Business", "One", "Online")

STREETS = (
    "Exchange Square", "Station Road", "High Street", "Commerce Way", "Harbour Walk",
    "King Street", "Victoria Quay", "Park Lane", "Mill Road", "Canal Street",
)  # fmt: skip

TOWNS = (
    ("Leeds", "LS1"), ("Manchester", "M2"), ("Bristol", "BS1"), ("Glasgow", "G2"),
    ("Cardiff", "CF10"), ("Birmingham", "B3"), ("Reading", "RG1"), ("Newcastle", "NE1"),
    ("Sheffield", "S1"), ("London", "EC2A"), ("Nottingham", "NG1"), ("Edinburgh", "EH2"),
)  # fmt: skip

COMPANY_NOTES = (
    "Complaints line is open 8am-8pm weekdays.",
    "Ask for the retentions team, they have more authority.",
    "Always get a reference number; chat transcripts are emailed on request.",
    "Contract ends next March.",
    "Direct debit on the 1st of the month.",
    "Ombudsman scheme member.",
)  # fmt: skip

FIRST_NAMES = (
    "Dana", "Marcus", "Priya", "Tom", "Aisha", "Liam", "Sophie", "Raj", "Emma", "Kwame", "Chloe",
    "Daniel", "Fatima", "George", "Hannah", "Imran", "Jess", "Karen", "Leo", "Mia", "Nathan",
    "Olivia", "Patrick", "Rachel", "Sam", "Tariq", "Uma", "Victor", "Wendy", "Yusuf", "Zoe",
    "Ben", "Carla", "Dev", "Ellie", "Finn", "Grace", "Harry", "Isla", "Jamal", "Kate", "Lucy",
)  # fmt: skip

LAST_NAMES = (
    "Shah", "Brown", "Okafor", "Smith", "Patel", "Jones", "Williams", "Taylor", "Davies", "Evans",
    "Thomas", "Khan", "Roberts", "Walker", "Wright", "Hughes", "Edwards", "Green", "Hall", "Wood",
    "Harris", "Clarke", "Jackson", "Turner", "Hill", "Moore", "Mensah", "Nowak", "Kowalski",
    "Murphy", "O'Brien", "Campbell", "Stewart", "Ali", "Begum", "Singh", "Chen", "Nguyen",
)  # fmt: skip

ROLES = ("agent", "supervisor", "manager", "executive")
ROLE_WEIGHTS = (70, 18, 8, 4)

CHANNELS = ("phone", "chat", "email", "letter", "in-person", "social")
CHANNEL_WEIGHTS = (70, 12, 10, 3, 2, 3)
TALKING_CHANNELS = frozenset({"phone", "chat", "in-person"})

LEVELS = ("frontline", "supervisor", "executive", "regulator", "legal")
LEVEL_WEIGHTS = (70, 15, 8, 5, 2)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = tuple(calendar.month_name)[1:]

CASE_TITLES = (
    "Broadband outage since {weekday}",
    "Overcharged {amount} on the {month} bill",
    "Refund of {amount} never arrived",
    "Engineer no-show, {n} appointments missed",
    "Cancellation not processed, still being billed",
    "Early termination fee charged in error",
    "Direct debit taken twice in {month}",
    "Meter reading wrong, estimated bill of {amount}",
    "Parcel marked delivered but never arrived",
    "Flight cancelled, compensation of {amount} refused",
    "Mobile signal dead at home for {days} days",
    "Price rise outside the contract terms",
    "Faulty appliance, repair refused under warranty",
    "Account closed without notice",
    "Late payment fee on a bill that was paid",
)  # fmt: skip

DESIRED_OUTCOMES = (
    "Service restored and a refund for every day without it",
    "Refund of the overcharge and a corrected bill",
    "The cancellation confirmed in writing and the fees waived",
    "Compensation for the missed appointments",
    "A working replacement or a full refund",
    "An apology and the late fee reversed",
)  # fmt: skip

RESOLUTION_NOTES = {
    "resolved": (
        "Refund received in full.",
        "Credit of {amount} applied to the account.",
        "Service restored; goodwill credit accepted.",
        "Fees waived and cancellation confirmed in writing.",
        "Ombudsman decision in my favour; paid {amount}.",
        "Replacement delivered and working.",
    ),
    "abandoned": (
        "Gave up; switched provider.",
        "Not worth the time for {amount}.",
        "Moved house, account closed.",
        "Company went into administration.",
    ),
}

CALL_SUMMARIES = (
    "Internet down since {weekday} night. Line test shows an area fault; engineer is on it.",
    "Still no service. Agent could not see the area fault and opened a new ticket.",
    "Asked for a supervisor. Fault confirmed on our line; engineer booked for {weekday}.",
    "Engineer did not come. No booking visible on the account.",
    "Engineer came, replaced the router, service back after {days} days.",
    "Outage again, no ETA. Told to wait {hours} hours before calling back.",
    "Bill is {amount} higher than last month with no explanation.",
    "Agent agreed the {month} bill is wrong by {amount}; said a correction will follow.",
    "Corrected bill still shows the old charge of {amount}.",
    "Charged twice by direct debit in {month}; bank statement sent by email.",
    "Refund of {amount} promised on the last call has not arrived.",
    "Told the refund was processed {days} days ago; nothing in the account.",
    "Refund team says a refund of {amount} needs a manager's approval.",
    "Asked to cancel the contract; agent tried to sell an upgrade instead.",
    "Cancellation request from {weekday} not on the system. Still being billed.",
    "Early termination fee of {amount} applied although the contract ended in {month}.",
    "Held {hours} minutes on the complaints line, then the call dropped.",
    "Transferred {n} times between departments; nobody could help.",
    "Emailed a formal complaint to customer relations, listing every call and reference.",
    "Sent a letter by recorded delivery asking for a final response within 8 weeks.",
    "Chat agent confirmed the complaint is logged and escalated to the complaints team.",
    "Complaints team acknowledged the complaint; they have {days} days to respond.",
    "Posted on social media; the company's account asked me to DM my account number.",
    "Technician visit on {weekday} was cancelled on the day without notice.",
    "Technician found a faulty connection outside the property, needs a second visit.",
    "Price went up by {amount} a month; agent says it is in the terms, I disagree.",
    "Meter reading submitted; the estimated bill of {amount} is still on the account.",
    "Went into the store; staff said they cannot do anything, call the helpline.",
    "Supervisor offered a goodwill credit of {amount}; not enough for {days} days offline.",
    "Received the final response; they offer {amount}. Considering the ombudsman.",
    "Delivery marked as left in a safe place, but nothing here. Driver photo shows another door.",
    "Late payment fee of {amount} added even though the payment went out on time.",
)  # fmt: skip

PROMISE_TEXTS = (
    "Call back with an update",
    "Refund {amount} to the card",
    "Send an engineer",
    "Credit the account with {amount}",
    "Escalate to the complaints team",
    "Email written confirmation of the cancellation",
    "Waive the early termination fee",
    "Restore the service",
    "Send a replacement router",
    "Reverse the late payment fee",
    "Send a corrected bill",
    "Final response to the complaint",
    "Supervisor to call back",
    "Send the call recording",
    "Stop the direct debit",
    "Refund the double payment of {amount}",
    "Book a technician visit",
    "Post the compensation cheque",
)  # fmt: skip

PROMISE_NOTES = {
    "kept": ("Done as promised.", "Arrived a day late but arrived.", "Confirmed by email."),
    "broken": ("No call back.", "Nothing arrived.", "Nobody came.", "Still not done."),
    "cancelled": (
        "Superseded by a later promise.",
        "No longer needed; sorted another way.",
        "Withdrawn after escalation.",
    ),
}


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


class QuickRandom(Random):
    """``random.Random`` with ``randrange(n)`` and ``randint`` built on one ``random()`` call.

    The standard ones reject-sample through several Python frames and were half the generation
    time; a float's 53 bits are plenty for ranges of seconds over three years. Deterministic for
    a seed, like the base class.
    """

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            start, stop = 0, start
        if step != 1:
            return super().randrange(start, stop, step)
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


def stamp(seconds: int) -> str:
    """Unix seconds as the stored UTC text (``gripe.clock.STORAGE_FORMAT``)."""
    return time.strftime(STORAGE_FORMAT, time.gmtime(seconds))


_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)


def make_uuid(rng: Random) -> str:
    """``str(uuid.UUID(int=rng.getrandbits(128), version=4))``, without building the object."""
    digits = f"{(rng.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def money(rng: Random) -> str:
    return f"£{rng.randint(5, 480)}.{rng.randint(0, 99):02d}"


FILL_POOL = 4096


def fills(rng: Random) -> dict[str, object]:
    """Values for the ``{…}`` fields of the text templates."""
    return {
        "amount": money(rng),
        "days": rng.randint(2, 21),
        "hours": rng.randint(2, 72),
        "n": rng.randint(2, 6),
        "weekday": WEEKDAYS[rng.randrange(7)],
        "month": MONTHS[rng.randrange(12)],
    }


def company_names(rng: Random, count: int) -> list[str]:
    """``count`` company names with distinct ``name_key``s, the first one ``FIRST_COMPANY``."""
    names = [FIRST_COMPANY]
    seen = {name_key(FIRST_COMPANY)}

    def take(candidates: list[str]) -> None:
        rng.shuffle(candidates)
        for candidate in candidates:
            if len(names) >= count:
                return
            key = name_key(candidate)
            if key not in seen:
                seen.add(key)
                names.append(candidate)

    take([f"{prefix} {sector}" for prefix in COMPANY_PREFIXES for sector in COMPANY_SECTORS])
    if len(names) < count:
        take(
            [
                f"{prefix} {sector} {qualifier}"
                for prefix in COMPANY_PREFIXES
                for sector in COMPANY_SECTORS
                for qualifier in COMPANY_QUALIFIERS
            ]
        )
    number = 2
    while len(names) < count:
        take([f"{names[index]} {number}" for index in range(1, min(len(names), count))])
        number += 1
    return names[:count]


# ---------------------------------------------------------------------------------------------
# Deadlines: a phrase a rep might say, and the instant gripe would store for it (in UTC, which
# is the zone the benchmark runs in), computed with gripe's own calendar arithmetic.
# ---------------------------------------------------------------------------------------------


def _end_of(moment: datetime) -> datetime:
    return end_of(moment.date(), timezone.utc)


def _on_weekday(moment: datetime, weekday: int, clock: time_of_day) -> datetime:
    return at_clock(next_weekday(moment.date(), weekday), clock, timezone.utc)


def _tomorrow_at(moment: datetime, clock: time_of_day) -> datetime:
    return at_clock(moment.date() + timedelta(days=1), clock, timezone.utc)


def _business_days(moment: datetime, count: int) -> datetime:
    return end_of(add_business_days(moment.date(), count), timezone.utc)


def _month_end(moment: datetime, months_ahead: int) -> datetime:
    month = add_months(moment.date().replace(day=1), months_ahead)
    return end_of(end_of_month(month), timezone.utc)


def _next_week_friday(moment: datetime) -> datetime:
    return end_of(friday_of_week(moment.date(), 1), timezone.utc)


# (phrase, date_only, rule); the rule maps the made_at instant to the due instant.
Deadline = tuple[str, int, Callable[[datetime], datetime]]
DEADLINES: tuple[Deadline, ...] = (
    ("by Friday 5pm", 0, lambda b: _on_weekday(b, 4, time_of_day(17))),
    ("by Monday", 1, lambda b: _end_of(_on_weekday(b, 0, time_of_day(0)))),
    ("within 48 hours", 0, lambda b: after_elapsed(b, timedelta(hours=48))),
    ("within 24 hours", 0, lambda b: after_elapsed(b, timedelta(hours=24))),
    ("within the hour", 0, lambda b: after_elapsed(b, timedelta(hours=1))),
    ("by end of day", 1, _end_of),
    ("tomorrow by noon", 0, lambda b: _tomorrow_at(b, time_of_day(12))),
    ("3-5 business days", 1, lambda b: _business_days(b, 5)),
    ("7 to 10 working days", 1, lambda b: _business_days(b, 10)),
    ("end of next week", 1, _next_week_friday),
    ("within 14 days", 1, lambda b: _end_of(b + timedelta(days=14))),
    ("end of the month", 1, lambda b: _month_end(b, 0)),
)
LONG_DEADLINES: tuple[Deadline, ...] = (
    ("within 8 weeks", 1, lambda b: _end_of(b + timedelta(weeks=8))),
    ("end of next month", 1, lambda b: _month_end(b, 1)),
    ("within 30 days", 1, lambda b: _end_of(b + timedelta(days=30))),
)


def deadline(rng: Random, made: int, choices: Sequence[Deadline]) -> tuple[str, int, int]:
    """(due_text, date_only, due seconds) for a promise made at ``made``."""
    phrase, date_only, rule = choices[rng.randrange(len(choices))]
    base = datetime.fromtimestamp(made, tz=timezone.utc)
    seconds = int(rule(base).timestamp())
    return phrase, date_only, max(seconds, made + 60)


def dated_deadline(rng: Random, earliest: int) -> tuple[str, int, int]:
    """An explicit "by 12 October" deadline at least a day after ``earliest``."""
    day = datetime.fromtimestamp(earliest + rng.randint(1, 45) * DAY, tz=timezone.utc)
    return f"by {day.day} {MONTHS[day.month - 1]}", 1, int(_end_of(day).timestamp())


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------

Row = tuple[object, ...]


@dataclass
class CasePlan:
    id: int
    company_id: int
    status: str
    opened: int
    last_call_by: int  # calls fall in [opened, last_call_by]
    call_times: list[int] = field(default_factory=list)


@dataclass
class Generated:
    companies: list[Row]
    reps: list[Row]
    cases: list[Row]
    calls: list[Row]
    promises: list[Row]
    settings: list[Row]
    company_one: str


def _weighted(rng: Random, values: Sequence[str], weights: Sequence[int], k: int) -> list[str]:
    return rng.choices(values, weights=weights, k=k)


def generate(
    calls_wanted: int, promises_wanted: int, companies_wanted: int, seed: int, now: int
) -> Generated:
    rng = QuickRandom(seed)
    # Template values are drawn from a pool: thousands of combinations, a fraction of the cost.
    fill_pool = [fills(rng) for _ in range(FILL_POOL)]
    start = now - YEARS_OF_CALLS * 365 * DAY

    # Companies ---------------------------------------------------------------------------
    names = company_names(rng, companies_wanted)
    company_created = [start - rng.randint(1, 60) * DAY for _ in names]

    # Reps: 2-8 per company, unique names within a company -------------------------------
    reps: list[Row] = []
    reps_of: list[list[int]] = []
    name_space = len(FIRST_NAMES) * (len(LAST_NAMES) + 1)
    for company_index in range(companies_wanted):
        ids: list[int] = []
        count = rng.randint(2, 8)
        roles = _weighted(rng, ROLES, ROLE_WEIGHTS, count)
        for slot, role in zip(rng.sample(range(name_space), count), roles, strict=True):
            first, last = divmod(slot, len(LAST_NAMES) + 1)
            name = FIRST_NAMES[first]
            if last < len(LAST_NAMES):
                name = f"{name} {LAST_NAMES[last]}"
            badge_kind = rng.random()
            if badge_kind < 0.5:
                badge: str | None = str(rng.randint(1000, 9999))
            elif badge_kind < 0.7:
                badge = f"{role[0].upper()}-{rng.randint(100, 999)}"
            else:
                badge = None
            new_rep = len(reps) + 1
            ids.append(new_rep)
            reps.append(
                (
                    new_rep, make_uuid(rng), company_index + 1, name, name_key(name), badge, role,
                    stamp(company_created[company_index] + rng.randint(0, 30) * DAY),
                )
            )  # fmt: skip
        reps_of.append(ids)

    # Cases: about one per ten calls; case 1 is open, company 1's, ~50 calls --------------
    case_one_calls = min(50, calls_wanted)
    case_count = max(1, min(calls_wanted // 10, 1 + calls_wanted - case_one_calls))
    plans = [
        CasePlan(1, 1, "open", now - 60 * DAY, now - 2 * HOUR),
    ]
    for case_id in range(2, case_count + 1):
        company_id = rng.randint(1, companies_wanted)
        if rng.random() < 0.10:
            opened = now - rng.randint(1 * DAY, 180 * DAY)
            plans.append(CasePlan(case_id, company_id, "open", opened, now - HOUR))
        else:
            status = "resolved" if rng.random() < 0.8 else "abandoned"
            opened = rng.randint(start, now - 30 * DAY)
            span = min(int(rng.expovariate(1 / 25) * DAY) + HOUR, now - opened - DAY)
            plans.append(CasePlan(case_id, company_id, status, opened, opened + span))

    # How many calls each case gets: case 1 its ~50, every other case one, the rest at random.
    per_case = [0] * case_count
    per_case[0] = case_one_calls
    for index in range(1, case_count):
        per_case[index] = 1
    for _ in range(calls_wanted - sum(per_case)):
        per_case[rng.randrange(1, case_count) if case_count > 1 else 0] += 1

    # Calls, generated per case, then numbered in time order like a real log --------------
    raw_calls: list[
        tuple[int, int, int | None, str, str, int | None, int | None, str | None, str]
    ] = []
    for plan, count in zip(plans, per_case, strict=True):
        times = sorted(rng.randint(plan.opened, plan.last_call_by) for _ in range(count))
        if times:
            times[0] = plan.opened + 60 * rng.randint(1, 30)
            times.sort()
        times = [moment - moment % 60 for moment in times]
        plan.call_times = times
        prefix = name_key(names[plan.company_id - 1])[:3].upper()
        reference = f"{prefix}-{rng.randint(10000, 99999)}"
        company_reps = reps_of[plan.company_id - 1]
        channels = _weighted(rng, CHANNELS, CHANNEL_WEIGHTS, count)
        for moment, channel in zip(times, channels, strict=True):
            rep_id = (
                company_reps[rng.randrange(len(company_reps))] if rng.random() < 0.88 else None
            )
            if channel in TALKING_CHANNELS:
                hold: int | None = (
                    min(90, int(rng.expovariate(1 / 14))) if channel != "in-person" else 0
                )
                duration: int | None = rng.randint(2, 60)
            else:
                hold = duration = None
            if rng.random() < 0.3:
                reference = f"{prefix}-{rng.randint(10000, 99999)}"
            summary = CALL_SUMMARIES[rng.randrange(len(CALL_SUMMARIES))].format(
                **fill_pool[rng.randrange(FILL_POOL)]
            )
            raw_calls.append(
                (
                    moment, plan.id, rep_id, channel,
                    "outbound" if rng.random() < 0.85 else "inbound",
                    duration, hold, reference if rng.random() < 0.8 else None, summary,
                )
            )  # fmt: skip
    raw_calls.sort(key=lambda call: call[0])
    calls: list[Row] = []
    open_case_calls: list[int] = []  # indexes into ``calls``
    closed_case_calls: list[int] = []
    case_one_call_indexes: list[int] = []
    for index, (
        moment,
        case_id,
        rep_id,
        channel,
        direction,
        duration,
        hold,
        ref,
        summary,
    ) in enumerate(raw_calls):
        at = stamp(moment)
        calls.append(
            (
                index + 1, make_uuid(rng), case_id, rep_id, at, channel, direction, duration, hold,
                ref, summary, stamp(moment + rng.randint(0, 600)),
            )
        )  # fmt: skip
        if case_id == 1:
            case_one_call_indexes.append(index)
        elif plans[case_id - 1].status == "open":
            open_case_calls.append(index)
        else:
            closed_case_calls.append(index)
    # Case 1 gets its own ~10 promises and no others, so every pool below leaves it out.
    others = sorted(open_case_calls + closed_case_calls)
    recent = [index for index in others if raw_calls[index][0] >= now - 75 * DAY]
    recent_open = [index for index in recent if plans[raw_calls[index][1] - 1].status == "open"]

    # Cases rows: closed cases close after their last call --------------------------------
    cases: list[Row] = []
    for plan in plans:
        fill = fill_pool[rng.randrange(FILL_POOL)]
        closed_at = resolution = None
        if plan.status != "open":
            last = plan.call_times[-1] if plan.call_times else plan.opened
            closed_at = stamp(min(now - HOUR, last + rng.randint(1, 14 * DAY)))
            notes = RESOLUTION_NOTES[plan.status]
            resolution = notes[rng.randrange(len(notes))].format(**fill)
        level = "supervisor" if plan.id == 1 else _weighted(rng, LEVELS, LEVEL_WEIGHTS, 1)[0]
        amount = rng.randint(1_000, 120_000) if rng.random() < 0.7 else None
        cases.append(
            (
                plan.id, make_uuid(rng), plan.company_id,
                CASE_TITLES[rng.randrange(len(CASE_TITLES))].format(**fill),
                DESIRED_OUTCOMES[rng.randrange(len(DESIRED_OUTCOMES))] if rng.random() < 0.6
                else None,
                amount, "GBP" if amount is not None else None, plan.status, level,
                stamp(plan.opened), closed_at, resolution,
            )
        )  # fmt: skip
        company_created[plan.company_id - 1] = min(
            company_created[plan.company_id - 1], plan.opened - DAY
        )

    companies: list[Row] = []
    for index, name in enumerate(names):
        key = name_key(name)
        domain = f"{key[:24]}.co.uk"
        town, district = TOWNS[rng.randrange(len(TOWNS))]
        postcode = f"{district} {rng.randint(1, 9)}{'ABDEFGHJLNPQRSTUWXYZ'[rng.randrange(20)]}Z"
        companies.append(
            (
                index + 1, make_uuid(rng), name, key,
                f"{key[:3].upper()}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
                f"-{rng.randint(1000, 9999)}" if rng.random() < 0.8 else None,
                f"0800 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                f"complaints@{domain}" if rng.random() < 0.7 else None,
                f"Customer Relations\n{name} Ltd\n{rng.randint(1, 200)} "
                f"{STREETS[rng.randrange(len(STREETS))]}\n{town} {postcode}",
                f"https://www.{domain}",
                f"{rng.randint(2008, 2023)}-{rng.randint(1, 12):02d}" if rng.random() < 0.5
                else None,
                COMPANY_NOTES[rng.randrange(len(COMPANY_NOTES))] if rng.random() < 0.2 else None,
                stamp(company_created[index]),
            )
        )  # fmt: skip

    # Promises --------------------------------------------------------------------------------
    # The status mix (DESIGN.md): kept 40%, pending with due in the future 20%, pending past due
    # (overdue) 15%, broken 10%, cancelled 15%. Overdue and broken promises mostly sit on closed
    # cases; a small share on open cases gives `gripe overdue` a few hundred rows.
    statuses = ("kept", "future", "overdue", "broken", "cancelled")
    status_weights = (40, 20, 15, 10, 15)
    case_one_mix = ["kept", "kept", "kept", "overdue", "overdue", "overdue", "broken", "future",
                    "future", "cancelled"]  # fmt: skip
    case_one_count = min(len(case_one_mix), promises_wanted) if case_one_call_indexes else 0
    wanted = case_one_mix[:case_one_count] + _weighted(
        rng, statuses, status_weights, promises_wanted - case_one_count
    )
    everything = others or case_one_call_indexes
    past_open = open_case_calls or everything
    past_closed = closed_case_calls or everything
    raw_promises: list[Row] = []
    for number, kind in enumerate(wanted):
        from_case_one = number < case_one_count
        for _attempt in range(20):
            if from_case_one:
                pool = case_one_call_indexes
            elif kind == "future":
                pool = (recent_open if rng.random() < 0.7 else recent) or everything
            elif kind in ("overdue", "broken"):
                pool = past_open if rng.random() < 0.05 else past_closed
            else:
                pool = everything
            chosen = pool[rng.randrange(len(pool))]
            call, made = calls[chosen], raw_calls[chosen][0]
            due_text, date_only, due = deadline(rng, made, DEADLINES)
            if kind == "future" and due <= now:
                due_text, date_only, due = deadline(rng, made, LONG_DEADLINES)
                if due <= now:
                    due_text, date_only, due = dated_deadline(rng, now)
            if kind != "future" and due >= now - HOUR:
                continue  # a kept/broken/overdue promise needs a deadline that has passed
            break
        resolved_at = None
        status = "pending" if kind in ("future", "overdue") else kind
        if kind == "kept":
            resolved_at = stamp(min(now - 60, made + int((due - made) * rng.uniform(0.1, 1.2))))
        elif kind == "broken":
            resolved_at = stamp(min(now - 60, due + rng.randint(HOUR, 10 * DAY)))
        elif kind == "cancelled":
            resolved_at = stamp(min(now - 60, made + rng.randint(HOUR, 20 * DAY)))
        attached = from_case_one or rng.random() < 0.9
        promise_notes = PROMISE_NOTES.get(status)
        raw_promises.append(
            (
                made, call[2], call[0] if attached else None, call[3] if attached else None,
                PROMISE_TEXTS[rng.randrange(len(PROMISE_TEXTS))].format(
                    **fill_pool[rng.randrange(FILL_POOL)]
                ),
                stamp(due), due_text, date_only, status, call[4], resolved_at,
                promise_notes[rng.randrange(len(promise_notes))]
                if promise_notes and rng.random() < 0.5
                else None,
            )
        )  # fmt: skip
    raw_promises.sort(key=lambda row: int(row[0]))  # type: ignore[call-overload]
    promises: list[Row] = [
        (index + 1, make_uuid(rng), *row[1:]) for index, row in enumerate(raw_promises)
    ]

    settings: list[Row] = [
        (index + 1, make_uuid(rng), key, value)
        for index, (key, value) in enumerate(
            [
                ("name", "Alex Morgan"),
                ("address", "12 Elm Road\nHeadingley\nLeeds LS6 2AB"),
                ("email", "alex.morgan@example.org"),
                ("phone", "07700 900123"),
                ("jurisdiction", "UK"),
                ("timezone", "Europe/London"),
                ("date_order", "DMY"),
            ]
        )
    ]
    return Generated(companies, reps, cases, calls, promises, settings, names[0])


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

INSERTS = {
    "companies": "INSERT INTO companies (id, uuid, name, name_key, account_number, phone, email, "
    "postal_address, website, customer_since, notes, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "reps": "INSERT INTO reps (id, uuid, company_id, name, name_key, employee_id, role, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "cases": "INSERT INTO cases (id, uuid, company_id, title, desired_outcome, amount_cents, "
    "currency, status, level, opened_at, closed_at, resolution_note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "calls": "INSERT INTO calls (id, uuid, case_id, rep_id, at, channel, direction, "
    "duration_minutes, hold_minutes, reference, summary, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "promises": "INSERT INTO promises (id, uuid, case_id, call_id, rep_id, text, due, due_text, "
    "date_only, status, made_at, resolved_at, note) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "settings": "INSERT INTO settings (id, uuid, key, value) VALUES (?, ?, ?, ?)",
}


def load(path: Path, data: Generated) -> None:
    conn = connect(path)  # gripe's own recipe: migrations, WAL, foreign keys on
    try:
        # For the bulk load only (restored below): synchronous=OFF, because nothing is lost but
        # this throw-away file if the machine dies mid-load and fsyncs at FULL would cost more
        # than the inserts; a big page cache for the random-order uuid indexes; foreign keys
        # checked once at the end (foreign_key_check) instead of row by row, which halves the
        # load. WAL stays on.
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # A bulk load is not a command: nothing to undo, so nothing is journaled.
            journal.drop_triggers(conn)
            for table in ("companies", "reps", "cases", "calls", "promises", "settings"):
                conn.executemany(INSERTS[table], getattr(data, table))
            # Each company's number is the first of its ways in (the phone column is legacy).
            conn.executemany(
                "INSERT INTO company_phones (id, uuid, company_id, number, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (row[0], str(uuid5(NAMESPACE_URL, row[1])), row[0], row[5], row[11])
                    for row in data.companies
                    if row[5]
                ],
            )
            conn.execute("UPDATE companies SET phone = NULL")
            journal.create_triggers(conn)
            dangling = conn.execute("PRAGMA foreign_key_check").fetchone()
            if dangling is not None:
                raise RuntimeError(f"generated a dangling reference: {tuple(dangling)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("ANALYZE")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Fold the WAL into the main file so that a plain file copy is a complete database.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def parse_now(text: str) -> int:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise SystemExit(f"make_db: --now {text!r} is not an ISO-8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the gripe benchmark database.")
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--promises", type=int, default=50_000)
    parser.add_argument("--companies", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--now", default=DEFAULT_NOW, help=f"default {DEFAULT_NOW}")
    parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
    args = parser.parse_args(argv)

    if args.calls < 1 or args.companies < 1 or args.promises < 0:
        print("make_db: need --calls >= 1, --companies >= 1, --promises >= 0", file=sys.stderr)
        return 2
    path: Path = args.path
    if path.exists() and not args.force:
        print(f"make_db: {path} already exists; use --force to replace it", file=sys.stderr)
        return 2
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)

    started = time.perf_counter()
    now = parse_now(args.now)
    data = generate(args.calls, args.promises, args.companies, args.seed, now)
    generated = time.perf_counter()
    load(path, data)
    finished = time.perf_counter()

    overdue_open = count_overdue_open(data, now)
    print(f"GRIPE_NOW={stamp(now)}")
    print(
        f"{path}: {len(data.companies)} companies, {len(data.reps)} reps, "
        f"{len(data.cases)} cases, {len(data.calls)} calls, {len(data.promises)} promises "
        f"({overdue_open} overdue on open cases); company 1 is {data.company_one!r}; "
        f"{finished - started:.1f} s (generate {generated - started:.1f} s, "
        f"load {finished - generated:.1f} s)"
    )
    return 0


def count_overdue_open(data: Generated, now: int) -> int:
    open_cases = {row[0] for row in data.cases if row[7] == "open"}
    now_text = stamp(now)
    return sum(
        1
        for row in data.promises
        if row[2] in open_cases
        and (row[9] == "broken" or (row[9] == "pending" and str(row[6]) < now_text))
    )


if __name__ == "__main__":
    sys.exit(main())
