"""Phrases gripe refuses rather than guesses, each with a message that says what works.

They come after the reading rules in the table: a phrase no rule could read is refused here
before the dateparser fallback may guess at it.
"""

from __future__ import annotations

from gripe.dates.rule import Context, refusal
from gripe.dates.words import MONTH, WEEKDAY, Pattern
from gripe.errors import BadInput

DEADLINE_EXAMPLES = (
    '"friday 5pm", "8pm tomorrow", "by noon", "EOD", "within 48 hours", '
    '"3-5 business days", "end of next week", "Aug 5" or 2026-08-05'
)


@refusal(
    "empty",
    "An empty deadline is refused, never read as no date.",
    [("", "refused: empty"), ("  ", "refused: empty")],
)
def empty(phrase: str, context: Context) -> None:
    if not phrase.strip():
        raise BadInput(
            f"the deadline is empty; type when it was promised for, like {DEADLINE_EXAMPLES}"
        )


_START = Pattern(
    r"^(?:after|from|starting|beginning|not before|no earlier than|no sooner than|not until|"
    r"at least|any ?time after|some ?time after|sometime after)\b"
    r"|\b(?:after|from|not before|no earlier than|at least|starting)\s+\S"
    r"|\bor\s+(?:more|longer|later|after)\b"
)


@refusal(
    "start of a window",
    'Words that start a window are not deadlines: "after 7pm", "from 8am", "not before Friday" '
    "are refused, asking for the latest time they promised.",
    [
        ("after 7pm", "refused: latest time they promised"),
        ("from 8am", "refused: latest time they promised"),
        ("not before Friday", "refused: latest time they promised"),
        ("8 weeks or more", "refused: latest time they promised"),
        ("on Monday after 3pm", "refused: latest time they promised"),
    ],
)
def start_of_window(phrase: str, context: Context) -> None:
    if _START.search(phrase):
        raise BadInput(
            f"{context.quoted(phrase)} says when it starts, not when it is due; ask for the "
            'latest time they promised and type that, like "by 9pm", "friday 5pm" or "within 10 '
            'days"'
        )


_PAST = Pattern(
    rf"\b(?:yesterday|ago|earlier today|(?:last|previous)\s+(?:week|night|month|year|{WEEKDAY}))\b"
)


@refusal(
    "in the past",
    "A deadline names a time to come; words for the past are refused, pointing to --at.",
    [("yesterday", "refused: --at"), ("COB yesterday", "refused: --at")],
)
def in_the_past(phrase: str, context: Context) -> None:
    if _PAST.search(phrase):
        raise BadInput(
            f"{context.quoted(phrase)} is in the past; a deadline is when they promised it for, "
            'like "friday 5pm"; to say when the call was, use --at (like --at "yesterday 3pm")'
        )


_BARE_NUMBER = Pattern(
    r"(?:at\s+|around\s+)?(?P<number>\d+(?:[.,]\d+)?)(?:\s*(?:-|to|or|and)\s*\d+(?:[.,]\d+)?)?"
)


_HOURS = {str(hour) for hour in range(1, 13)}


@refusal(
    "bare number",
    "Bare numbers are refused (five what?).",
    [
        ("5", "refused: bare number"),
        ("48", "refused: bare number"),
        ("5 or 6", "refused: bare number"),
    ],
)
def bare_number(phrase: str, context: Context) -> None:
    match = _BARE_NUMBER.fullmatch(phrase)
    if match:
        number = match["number"]
        clock = f', or a time like "{number}am" or "{number}pm"' if number in _HOURS else ""
        raise BadInput(
            f"{context.quoted(phrase)} is a bare number, not a deadline; add what it counts, like "
            f'"{number} days" or "{number} hours"{clock}; or type {DEADLINE_EXAMPLES}'
        )


_MONTH_ALONE = Pattern(
    rf"(?:(?:in|by|until|till|during|before|for|of|this|next)\s+)?(?:the\s+month\s+of\s+)?"
    rf"(?P<month>{MONTH})(?:\s+\d{{4}})?"
)


@refusal(
    "month alone",
    'A month alone ("in May", "until May") is refused, asking which day of it.',
    [("in May", "refused: which day"), ("until May", "refused: which day")],
)
def month_alone(phrase: str, context: Context) -> None:
    match = _MONTH_ALONE.fullmatch(phrase)
    if match:
        month = match["month"].title()
        raise BadInput(
            f"{context.quoted(phrase)} names a month, not a day; ask which day, or type "
            f'"end of {month}" or "{month} 15"'
        )


_VAGUE = Pattern(
    r"\b(?:soon|soonest|asap|a\.s\.a\.p|shortly|later|eventually|sometime|some time|few|several|"
    r"couple|cycle|whenever|promptly|quickly|immediately|right away|straight away|"
    r"in due course|as soon as|next available|early|earliest|mid|late|around|about|roughly|"
    r"approximately|approx|ish|convenience|a while|in a bit)\b|(?<=\d)ish\b"
)


@refusal(
    "vague",
    'Vague phrases ("soon", "asap", "in a few days", "a couple of days", "mid-week", "next '
    'billing cycle") are refused with examples of what works.',
    [
        ("soon", "refused: too vague"),
        ("asap", "refused: too vague"),
        ("in a few days", "refused: too vague"),
        ("a couple of days", "refused: too vague"),
        ("mid-week", "refused: too vague"),
        ("next billing cycle", "refused: too vague"),
        ("around 3 days", "refused: too vague"),
    ],
)
def vague(phrase: str, context: Context) -> None:
    if _VAGUE.search(phrase):
        raise BadInput(
            f"{context.quoted(phrase)} is too vague to hold anyone to; ask them for a day or "
            f"time, and type it like {DEADLINE_EXAMPLES}"
        )
