"""The things gripe keeps, and the pure rules about them.

Objects here are immutable records filled by `gripe.store` and read by `gripe.render`; nothing
in this module touches the database, the terminal or the clock (time comes in as a parameter),
which is what keeps the rules testable. They are NamedTuples rather than frozen dataclasses
because every command imports this module and a NamedTuple class is built several times faster
(start-up time is a budget, see DESIGN.md).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import NamedTuple, TypeVar

from gripe.errors import BadInput, InvalidState

ChoiceT = TypeVar("ChoiceT", bound="Choice")


class Choice(str, Enum):
    """An enum whose values are what people type; parse() refuses anything else in words."""

    @classmethod
    def parse(cls: type[ChoiceT], text: str, what: str) -> ChoiceT:
        wanted = text.strip().lower().replace("_", "-").replace(" ", "-")
        for member in cls:
            if member.value == wanted:
                return member
        allowed = ", ".join(member.value for member in cls)
        raise BadInput(f"{text!r} is not a {what}; use one of: {allowed}")


class CaseStatus(Choice):
    OPEN = "open"
    RESOLVED = "resolved"
    ABANDONED = "abandoned"


class Level(Choice):
    """The escalation ladder, lowest first."""

    FRONTLINE = "frontline"
    SUPERVISOR = "supervisor"
    EXECUTIVE = "executive"
    REGULATOR = "regulator"
    LEGAL = "legal"


def escalate(current: Level, to: Level | None = None) -> Level:
    """The next rung of the ladder, or the one named; the ladder only goes up."""
    ladder = list(Level)
    if to is None:
        if current is Level.LEGAL:
            raise InvalidState("the case is already at the top of the ladder (legal)")
        return ladder[ladder.index(current) + 1]
    if ladder.index(to) <= ladder.index(current):
        raise InvalidState(
            f"the case is already at {current.value}; the ladder goes up: "
            + " → ".join(
                level.value for level in ladder[ladder.index(current) + 1 :] or [Level.LEGAL]
            )
        )
    return to


# The letter that fits each rung of the ladder, when the person does not name one.
TEMPLATE_FOR_LEVEL = {
    Level.FRONTLINE: "complaint",
    Level.SUPERVISOR: "escalation",
    Level.EXECUTIVE: "escalation",
    Level.REGULATOR: "regulator",
    Level.LEGAL: "final-notice",
}


class Channel(Choice):
    PHONE = "phone"
    CHAT = "chat"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in-person"
    SOCIAL = "social"


class Direction(Choice):
    OUTBOUND = "outbound"  # the person contacted the company
    INBOUND = "inbound"  # the company contacted the person


class Role(Choice):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"
    EXECUTIVE = "executive"


class Sector(Choice):
    """What a company does: it decides which ombudsman, regulator and rules apply."""

    BROADBAND = "broadband"
    MOBILE = "mobile"
    LANDLINE = "landline"
    TV = "tv"
    ENERGY = "energy"
    WATER = "water"
    BANK = "bank"
    CREDIT_CARD = "credit-card"
    STORE_CARD = "store-card"
    LOAN = "loan"
    INSURANCE = "insurance"
    RETAIL = "retail"
    AIRLINE = "airline"
    RAIL = "rail"
    PARCEL = "parcel"
    OTHER = "other"


class PromiseStatus(Choice):
    PENDING = "pending"
    KEPT = "kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class Company(NamedTuple):
    id: int
    uuid: str
    name: str
    account_number: str | None = None
    phone: str | None = None  # the first of its phone numbers (`PhoneNumber`), if any
    email: str | None = None
    postal_address: str | None = None
    website: str | None = None
    customer_since: str | None = None
    notes: str | None = None
    sector: Sector | None = None
    hours: str | None = None  # opening hours as the person gave them
    complaints_email: str | None = None
    exec_email: str | None = None


class PhoneNumber(NamedTuple):
    """One way in to a company by phone, with what to know before dialling it."""

    id: int
    uuid: str
    company_id: int
    number: str
    note: str | None = None  # "say 'agent' twice", "complaints line"


class CompanySummary(NamedTuple):
    """A company with its totals, for listings."""

    company: Company
    open_cases: int
    cases: int
    calls: int
    last_contact: datetime | None


class Rep(NamedTuple):
    id: int
    uuid: str
    company_id: int
    company: str
    name: str
    employee_id: str | None
    role: Role | None
    calls: int = 0
    kept: int = 0
    broken: int = 0
    undated: int = 0  # pending promises made with no date: neither kept nor broken yet


class Case(NamedTuple):
    id: int
    uuid: str
    company_id: int
    company: str
    title: str
    status: CaseStatus
    level: Level
    opened_at: datetime
    desired_outcome: str | None = None
    amount_cents: int | None = None
    currency: str | None = None
    closed_at: datetime | None = None
    resolution_note: str | None = None
    statement_date: date | None = None  # billing disputes: the statement that showed the error
    first_complaint_at: datetime | None = None  # when set apart from the first contact logged

    def days_open(self, now: datetime, zone: tzinfo) -> int:
        """Calendar days from opening to closing (or to now), in the person's zone."""
        end = self.closed_at or now
        return (end.astimezone(zone).date() - self.opened_at.astimezone(zone).date()).days


class CaseSummary(NamedTuple):
    """A case with what a listing needs: call count and the last contact."""

    case: Case
    calls: int
    hold_minutes: int
    last_contact: datetime | None
    broken_promises: int = 0  # not those the company moved to another date
    next_due: datetime | None = None  # the soonest pending promise still to come
    undated_promises: int = 0  # pending, made with no date
    written: frozenset[str] = frozenset()  # the templates of the letters recorded on it
    latest_letter: Letter | None = None  # the newest of them


class Call(NamedTuple):
    id: int
    uuid: str
    case_id: int
    company: str
    at: datetime
    channel: Channel
    direction: Direction
    summary: str
    rep: Rep | None = None
    reference: str | None = None
    duration_minutes: int | None = None
    hold_minutes: int | None = None


class Promise(NamedTuple):
    id: int
    uuid: str
    case_id: int
    company: str
    text: str
    due: datetime | None  # None: the company gave no date (an undated promise)
    due_text: str | None  # the deadline as it was said; None with ``due``
    date_only: bool
    status: PromiseStatus
    made_at: datetime
    call_id: int | None = None
    rep: Rep | None = None
    resolved_at: datetime | None = None
    note: str | None = None
    call_at: datetime | None = None
    call_reference: str | None = None
    case_title: str | None = None
    rescheduled_from: int | None = None  # the promise this one replaced, when they moved the date
    case_open: bool = True  # False: its case is closed, and the promise is still watched

    def is_overdue(self, now: datetime) -> bool:
        """Broken by the clock: still pending after its deadline. An undated promise never is."""
        return self.status is PromiseStatus.PENDING and self.due is not None and now > self.due

    @property
    def is_undated(self) -> bool:
        return self.due is None

    def is_broken(self, now: datetime) -> bool:
        return self.status is PromiseStatus.BROKEN or self.is_overdue(now)

    def change_to(self, status: PromiseStatus) -> None:
        """Refuse a change of fate that makes no sense; a broken promise may still be kept late."""
        allowed = {
            PromiseStatus.PENDING: {
                PromiseStatus.KEPT,
                PromiseStatus.BROKEN,
                PromiseStatus.CANCELLED,
            },
            PromiseStatus.BROKEN: {PromiseStatus.KEPT, PromiseStatus.CANCELLED},
        }
        if status not in allowed.get(self.status, set()):
            raise InvalidState(f"promise #{self.id} is already {self.status.value}")


class SentVia(Choice):
    """How a letter went: what proves it arrived, and what the timeline says."""

    POST = "post"
    RECORDED = "recorded"  # recorded or special delivery (UK), certified mail (US)
    EMAIL = "email"
    ONLINE_FORM = "online-form"
    IN_PERSON = "in-person"


class Letter(NamedTuple):
    """A letter the person wrote: their own act on the timeline, never a promise of the
    company's. Its reply deadline (``reply_due``) is the letter's; a reply settles it."""

    id: int
    uuid: str
    case_id: int
    template: str
    generated_at: datetime
    format: str
    reply_due: datetime | None = None
    sent_at: datetime | None = None
    sent_via: SentVia | None = None
    proof: str | None = None  # a tracking or proof-of-posting reference
    replied_at: datetime | None = None
    company: str = ""
    case_title: str | None = None
    case_open: bool = True

    @property
    def dated(self) -> datetime:
        """The day the letter went (when it was sent, else when it was written)."""
        return self.sent_at or self.generated_at

    def reply_overdue(self, now: datetime) -> bool:
        """Unanswered after its reply deadline."""
        return self.replied_at is None and self.reply_due is not None and now > self.reply_due

    def awaiting_reply(self, now: datetime) -> bool:
        """Still within its reply time, with no reply yet."""
        return self.replied_at is None and self.reply_due is not None and now <= self.reply_due


class Evidence(NamedTuple):
    """A file kept as proof on a case, stored under its sha256."""

    id: int
    uuid: str
    case_id: int
    file_name: str
    sha256: str
    size: int
    added_at: datetime
    note: str | None = None


class Claim(NamedTuple):
    """A sum a case is about: a charge the person disputes, or a loss they claim."""

    id: int
    uuid: str
    case_id: int
    what: str  # "Late fee on the statement of 10 June 2026"
    amount_cents: int
    currency: str | None
    on_date: date | None  # when it was charged, if it was
    added_at: datetime


class SearchHit(NamedTuple):
    """One row of the log that matched: a call, a promise, a case or a company."""

    kind: str  # "call", "promise", "case" or "company"
    id: int
    uuid: str
    case_id: int | None  # None for a company
    company: str
    at: datetime  # the call's time, the promise's made_at, the case's opened_at, or when added
    text: str  # the summary, the promise, the case title or the company name
    snippet: str  # the matching part of the indexed text, matches between MARK_START/MARK_END


class Change(NamedTuple):
    """One command that wrote to the log, as the change journal keeps it."""

    id: int
    uuid: str
    at: datetime
    command: str  # the command line, without --db
    summary: str  # "added 1 call, 1 promise; changed 1 case"
    undone_at: datetime | None
    undoable: bool  # False for commands from before a schema upgrade


class Timeline(NamedTuple):
    """Everything about one case, in time order."""

    case: Case
    company: Company
    calls: list[Call]
    promises: list[Promise]
    letters: list[Letter]
    evidence: tuple[Evidence, ...] = ()  # the files kept as proof: a letter's enclosures
    claims: tuple[Claim, ...] = ()  # the sums the case is about, in the order added

    @property
    def hold_minutes(self) -> int:
        return sum(call.hold_minutes or 0 for call in self.calls)

    @property
    def talk_minutes(self) -> int:
        return sum(call.duration_minutes or 0 for call in self.calls)


def name_key(name: str) -> str:
    """The form of a company name used for matching: "AT&T", "at&t " and "ATT" are one company."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(character for character in folded if character.isalnum())


def clean_name(name: str, what: str = "company name") -> str:
    """A name as stored: trimmed, single-spaced; refused when nothing is left to match on."""
    cleaned = " ".join(unicodedata.normalize("NFC", name).split())
    if not name_key(cleaned):
        raise BadInput(f'the {what} is empty; type a name with letters or digits, like "Comcast"')
    return cleaned


def title_from_summary(summary: str, limit: int = 60) -> str:
    """A case title made from the first call's summary: its first line, cut at a word."""
    first_line = summary.strip().splitlines()[0] if summary.strip() else summary
    if len(first_line) <= limit:
        return first_line
    cut = first_line[: limit - 1].rsplit(" ", 1)[0] or first_line[: limit - 1]
    return cut.rstrip(" ,.;:-") + "…"


_CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR"}
_AMOUNT = r"^(?P<code>[A-Za-z]{3})?\s*(?P<symbol>[$£€])?\s*(?P<number>[\d,]*\.?\d*)$"


# A call, or its time on hold, of more than a week is a typing slip (gripe sums them per case).
MAX_MINUTES = 7 * 24 * 60


def check_minutes(minutes: int | None, what: str) -> int | None:
    """``minutes`` itself, or a refusal of a length no call has."""
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        raise BadInput(
            f"{what} of {minutes:,} minutes is longer than a week; type minutes like 25m, 90 "
            "or 1h10m"
        )
    return minutes


MAX_AMOUNT = 10**12  # a trillion: any real dispute, and far inside SQLite's integers


def parse_amount(text: str) -> tuple[int, str | None]:
    """Money typed as "120", "£120.50", "$1,200" or "EUR 80" → (cents, currency code or None)."""
    from decimal import Decimal, InvalidOperation  # only money needs it

    match = re.match(_AMOUNT, text.strip())  # compiled on first use (re caches it)
    number = match.group("number").replace(",", "") if match else ""
    try:
        value = Decimal(number)
    except InvalidOperation:
        value = Decimal(-1)
    if match and value > MAX_AMOUNT:  # before quantize, which fails on a number this long
        raise BadInput(
            f"{text!r} is more money than gripe keeps (up to {MAX_AMOUNT:,}); check the amount"
        )
    if not match or value < 0 or value != value.quantize(Decimal("0.01")):
        raise BadInput(f"{text!r} is not an amount of money; type one like 120, 120.50 or £120.50")
    symbol, code = match.group("symbol"), match.group("code")
    currency = code.upper() if code else _CURRENCY_SYMBOLS.get(symbol or "")
    return int(value * 100), currency


def format_amount(cents: int, currency: str | None) -> str:
    symbols = {code: symbol for symbol, code in _CURRENCY_SYMBOLS.items()}
    number = f"{cents / 100:,.2f}"
    if currency in symbols:
        return f"{symbols[currency]}{number}"
    return f"{currency} {number}" if currency else number


# The settings a person can change with `gripe config set`, and what each is for.
SETTINGS: dict[str, str] = {
    "name": "your full name, for letters",
    "address": "your postal address, for letters (use \\n or commas between lines)",
    "email": "your email address, for letters",
    "phone": "your phone number, for letters",
    "timezone": "the time zone to read and show times in, like Europe/London (TZ overrides it)",
    "date_order": "how to read numeric dates like 05/08/2026: DMY or MDY",
    "jurisdiction": "whose consumer law and bodies letters name: US or UK",
}


class Setting(NamedTuple):
    """One of the person's settings, as stored."""

    id: int
    uuid: str
    key: str
    value: str


def check_setting(key: str, value: str) -> str:
    """The value as stored, or a refusal that says what to type instead."""
    if key not in SETTINGS:
        raise BadInput(f"there is no setting {key!r}; use one of: {', '.join(SETTINGS)}")
    value = value.strip()
    if key == "timezone":
        from gripe.clock import zone_named

        zone_named(value)
    elif key == "date_order":
        value = value.upper()
        if value not in {"DMY", "MDY"}:
            raise BadInput(f"date_order is DMY (28/07/2026) or MDY (07/28/2026), not {value!r}")
    elif key == "jurisdiction":
        value = value.upper()
        if value not in {"US", "UK"}:
            raise BadInput(f"jurisdiction is US or UK, not {value!r}")
    elif key == "address":
        value = value.replace("\\n", "\n")
    if not value:
        raise BadInput(f"the value for {key} is empty; to remove it: gripe config unset {key}")
    return value
