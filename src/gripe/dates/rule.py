"""What a rule is, what it reads, and how a table of rules reads a phrase.

A rule reads one family of phrases (one bullet of DESIGN.md's "Deadline semantics") and carries
the examples it covers, which the tests read: ``(phrase, expected)`` or ``(phrase, expected,
base)``, read from Tuesday 28 July 2026 14:00 in London unless ``base`` says otherwise.
``expected`` is "YYYY-MM-DD" for a day (its end, 23:59), "YYYY-MM-DD HH:MM" for an instant, or
"refused: <words of the message>".

There are five kinds, by what the family names:

- a **day** ("Friday", "the 15th", "3 business days"): the deadline is the end of that day, and
  the day can take a time ("Friday 5pm");
- a **clock** time ("5pm", "COB", "this evening"): alone it means the next time the clock shows
  it (or, for some, that time on the base day); beside a day, that day at that time;
- an **instant** ("in 2 hours", an ISO time): the deadline itself;
- a **composite**, made of other readings ("Friday or Monday", "up to 10 days");
- a **refusal**: a family gripe will not read, refused with a message that says what works.

A phrase is tried against each rule of a table in order; the first that reads it wins. A rule
returns None when the phrase is not of its family, and raises ``BadInput`` when the phrase is of
its family but wrong ("31 February").

Everything here is built for start-up time: NamedTuples and slotted classes rather than
dataclasses (and the rules' regular expressions are compiled when first used, see
``words.Pattern``), so that importing the rules costs next to nothing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Generic, NamedTuple, TypeVar

from gripe.dates.arithmetic import at_clock, end_of

Example = tuple[str, str] | tuple[str, str, str]
Found = TypeVar("Found")


class Deadline(NamedTuple):
    """A phrase read as one instant; ``date_only`` when the phrase named a day but no time.

    ``rule`` names the rules that read it ("day and time (weekday, clock time)").
    """

    text: str
    due: datetime
    date_only: bool
    rule: str = ""


class Reading(NamedTuple):
    """One instant read from a phrase, and the rules that read it (the outermost first)."""

    due: datetime
    date_only: bool
    rules: tuple[str, ...]
    named_day: bool = False  # a day rule read it alone: "Friday", not "Friday 5pm" nor "EOD"

    @property
    def rule(self) -> str:
        """ "day and time (weekday, clock time)": the rules that read it, as people read it."""
        first, *inner = self.rules
        return f"{first} ({', '.join(inner)})" if inner else first

    def within(self, outer: str) -> Reading:
        return self._replace(rules=(outer, *self.rules))


class Clock(NamedTuple):
    """A time of day read from a phrase.

    ``end_of_day``: the day's last minute ("midnight", "EOD"), shown as a day. ``of_base_day``:
    alone, it means that time on the base day even when it has passed ("COB" said at 18:00 is
    already past), never the next day's.
    """

    at: time
    end_of_day: bool = False
    of_base_day: bool = False


class Context:
    """What a rule reads against: the base time (local, aware), the date order, the table."""

    __slots__ = ("base", "beside_day", "date_order", "said", "table")

    def __init__(
        self,
        base: datetime,
        date_order: str | None,
        table: Sequence[Rule[Any]],
        beside_day: bool = False,
        said: str = "",
    ) -> None:
        self.base = base
        self.date_order = date_order
        self.table = table
        self.beside_day = beside_day  # a clock phrase next to a day: "friday 8-12", "sat at 2"
        self.said = said  # the phrase as typed, for messages

    @property
    def today(self) -> date:
        return self.base.date()

    @property
    def zone(self) -> tzinfo | None:
        return self.base.tzinfo

    def quoted(self, phrase: str) -> str:
        """The phrase as the person typed it (when known), quoted for a message."""
        return repr(self.said) if self.said else repr(phrase)

    def from_base(self, base: datetime) -> Context:
        return Context(base, self.date_order, self.table, self.beside_day, self.said)

    def read(self, phrase: str) -> Reading | None:
        """``phrase`` read by the first reading rule (not refusals) that reads it."""
        for rule in self.table:
            if not isinstance(rule, Refusal):
                reading = rule.read(phrase, self)
                if reading is not None:
                    return reading
        return None

    def day(self, phrase: str) -> tuple[date, str] | None:
        """The day ``phrase`` names, by the first day rule that reads it, and that rule."""
        for rule in self.table:
            if isinstance(rule, DayRule):
                found = rule.function(phrase, self)
                if found is not None:
                    return found, rule.name
        return None

    def clock(self, phrase: str) -> tuple[Clock, str] | None:
        """The time of day ``phrase`` names beside a day, and the clock rule that read it."""
        beside = Context(self.base, self.date_order, self.table, True, self.said)
        for rule in self.table:
            if isinstance(rule, ClockRule):
                found = rule.function(phrase, beside)
                if found is not None:
                    return found, rule.name
        return None


class Rule(ABC, Generic[Found]):
    """A family of phrases: its name, the rule in a sentence, its examples, its reader."""

    __slots__ = ("examples", "function", "name", "says")

    def __init__(
        self,
        name: str,
        says: str,
        examples: Sequence[Example],
        function: Callable[[str, Context], Found | None],
    ) -> None:
        self.name = name
        self.says = says  # as DESIGN.md states it
        self.examples = tuple(examples)
        self.function = function

    @abstractmethod
    def read(self, phrase: str, context: Context) -> Reading | None:
        """The phrase's reading by this rule, or None when the rule does not apply."""


class DayRule(Rule[date]):
    __slots__ = ()

    def read(self, phrase: str, context: Context) -> Reading | None:
        day = self.function(phrase, context)
        if day is None:
            return None
        return Reading(end_of(day, context.zone), True, (self.name,), named_day=True)


class ClockRule(Rule[Clock]):
    __slots__ = ()

    def read(self, phrase: str, context: Context) -> Reading | None:
        clock = self.function(phrase, context)
        if clock is None:
            return None
        due = at_clock(context.today, clock.at, context.zone)
        if due <= context.base and not (clock.of_base_day or clock.end_of_day):
            due = at_clock(context.today + timedelta(days=1), clock.at, context.zone)
        return Reading(due, clock.end_of_day, (self.name,))


class InstantRule(Rule[datetime]):
    __slots__ = ()

    def read(self, phrase: str, context: Context) -> Reading | None:
        due = self.function(phrase, context)
        return None if due is None else Reading(due, False, (self.name,))


class CompositeRule(Rule[Reading]):
    __slots__ = ()

    def read(self, phrase: str, context: Context) -> Reading | None:
        reading = self.function(phrase, context)
        return None if reading is None else reading.within(self.name)


class Refusal(Rule[None]):
    """Raises ``BadInput`` for its family; reads nothing."""

    __slots__ = ()

    def read(self, phrase: str, context: Context) -> Reading | None:
        self.function(phrase, context)
        return None


def day_rule(
    name: str, says: str, examples: Sequence[Example]
) -> Callable[[Callable[[str, Context], date | None]], DayRule]:
    return lambda function: DayRule(name, says, examples, function)


def clock_rule(
    name: str, says: str, examples: Sequence[Example]
) -> Callable[[Callable[[str, Context], Clock | None]], ClockRule]:
    return lambda function: ClockRule(name, says, examples, function)


def instant_rule(
    name: str, says: str, examples: Sequence[Example]
) -> Callable[[Callable[[str, Context], datetime | None]], InstantRule]:
    return lambda function: InstantRule(name, says, examples, function)


def composite_rule(
    name: str, says: str, examples: Sequence[Example]
) -> Callable[[Callable[[str, Context], Reading | None]], CompositeRule]:
    return lambda function: CompositeRule(name, says, examples, function)


def refusal(
    name: str, says: str, examples: Sequence[Example]
) -> Callable[[Callable[[str, Context], None]], Refusal]:
    return lambda function: Refusal(name, says, examples, function)
