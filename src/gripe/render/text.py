"""The ground every view stands on: how times are shown (`View`), the person's text made safe
to show (`visible`) and fitted to the screen (`wrap`), and the small pieces every listing uses.

`visible` shows control characters and escape sequences as ``\x1b`` and the like: a name or
summary can never move the cursor, clear the screen or retitle the terminal (the Console in
`gripe.cli.context` applies it to everything it prints, and JSON keeps the text exact). `wrap`
fits text to the screen in time linear in its length, measuring screen cells, so CJK text and
emoji stay inside the width.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.text import Text

from gripe.model import Rep
from gripe.plural import counted

if TYPE_CHECKING:
    from rich.table import Table


Json = dict[str, Any]


@lru_cache(maxsize=4096)
def _shown(moment: datetime, zone: tzinfo, layout: str) -> str:
    """A moment in a zone, laid out: remembered, because a long listing shows the same days and
    deadlines again and again, and ``strftime`` costs a few microseconds each time."""
    return moment.astimezone(zone).strftime(layout)


class View(NamedTuple):
    """How to show times: the person's zone and the moment it is now."""

    zone: tzinfo
    now: datetime
    width: int = 80

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def iso(self, moment: datetime | None) -> str | None:
        return self.local(moment).isoformat() if moment else None

    def when(self, moment: datetime, with_year: bool = True) -> str:
        return _shown(moment, self.zone, "%a %d %b %Y %H:%M" if with_year else "%a %d %b %H:%M")

    def day(self, moment: datetime) -> str:
        return _shown(moment, self.zone, "%a %d %b %Y")

    @staticmethod
    def day_of(day: date) -> str:
        """A calendar date (no time, no zone) as ``day`` shows one: "Wed 03 Jun 2026"."""
        return day.strftime("%a %d %b %Y")

    def relative(self, moment: datetime) -> str:
        """ "3 days ago", "in 2 hours", "just now": the distance from now, in one unit."""
        # In UTC: Python subtracts datetimes of one zone by wall clock, wrong across DST.
        seconds = (
            moment.astimezone(timezone.utc) - self.now.astimezone(timezone.utc)
        ).total_seconds()
        span = abs(seconds)
        if span < 60:
            return "just now"
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if span >= size:
                words = counted(int(span // size), unit)
                return f"in {words}" if seconds > 0 else f"{words} ago"
        return "just now"  # unreachable: span >= 60 matched "minute"


# C0 controls but newline and tab, DEL, and the C1 controls (U+0080 to U+009F, which some
# terminals obey as escape sequences).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str, keep: str = "") -> str:
    """``text`` safe to show: each control character written out as ``\x1b``, never sent
    (but those in ``keep``: gripe's own marks)."""
    if text.isprintable():  # quicker than any search; false for newlines and tabs too
        return text
    control = re.compile(f"(?![{keep}]){_CONTROL.pattern}") if keep else _CONTROL
    if control.search(text) is None:
        return text
    return control.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


_WORDS = re.compile(r"(\s*)(\S+)")


_SPACES = re.compile(" *")


def _cells(text: str) -> int:
    if text.isascii():
        return len(text)  # control characters are made visible before anything is measured
    from rich.cells import cell_len

    return cell_len(text)


def _cut(word: str, width: int) -> list[str]:
    """A word too long for a line, cut into lines of at most ``width`` cells."""
    if word.isascii():
        return [word[start : start + width] for start in range(0, len(word), width)]
    pieces = []
    start = 0
    while start < len(word):
        end = start + width
        size = _cells(word[start:end])
        while size > width:  # wide characters: fewer of them fit
            end -= max(1, (size - width) // 2)
            size = _cells(word[start:end])
        pieces.append(word[start:end])
        start = end
    return pieces


def wrap(text: str, width: int, keep: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` screen cells, broken at white space.

    Line breaks in ``text`` are kept, and so is white space inside a line (but at a break); a
    word longer than a line starts a line and is cut across as many as it needs. Each character
    is looked at a bounded number of times, so a 50 MB summary of one word wraps in a fraction
    of a second (textwrap takes time quadratic in the length of a long word). ``keep`` names
    control characters to leave as they are (gripe's own marks); the others are made visible.
    """
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in visible(text, keep).split("\n"):
        paragraph = paragraph.replace("\t", " ")
        before = len(lines)
        if paragraph.isascii():
            _wrap_ascii(paragraph, width, lines)
        else:
            _wrap_words(paragraph, width, lines)
        if len(lines) == before:
            lines.append("")
    return lines


_ASCII_LINES: dict[int, re.Pattern[str]] = {}


def _wrap_ascii(paragraph: str, width: int, lines: list[str]) -> None:
    """The common case, in the regular-expression engine: one match per line, each the longest
    run of whole words that fits (backtracking at most one line's length)."""
    line = _ASCII_LINES.get(width)
    if line is None:
        line = _ASCII_LINES[width] = re.compile(f".{{0,{width - 1}}}\\S(?= |$)")
    position, end = 0, len(paragraph.rstrip(" "))
    while position < end:
        word_end = paragraph.find(" ", position)
        too_long = (word_end if word_end >= 0 else len(paragraph)) - position - 1
        if too_long >= width:  # a word longer than the line: its whole lines at once
            whole = too_long // width * width
            lines.extend(_cut(paragraph[position : position + whole], width))
            position += whole
        found = line.match(paragraph, position)
        if found is None:  # leading spaces and a word too long for a line with them
            lines.append(paragraph[position : position + width])
            position += width
            continue
        lines.append(found.group())
        position = _SPACES.match(paragraph, found.end()).end()  # type: ignore[union-attr]


def _wrap_words(paragraph: str, width: int, lines: list[str]) -> None:
    """The same as `_wrap_ascii`, a word at a time, measuring cells (CJK and emoji take two)."""
    current: list[str] = []
    used = 0
    for match in _WORDS.finditer(paragraph):
        space, word = match.groups()
        size = _cells(word)
        if current and used + len(space) + size <= width:
            current += (space, word)
            used += len(space) + size
            continue
        if current:
            lines.append("".join(current))
            space = ""  # a break swallows the space before it
        if len(space) + size > width:
            *whole, word = _cut(space + word, width)
            lines.extend(whole)
            space, size = "", _cells(word)
        current, used = [space, word], len(space) + size
    if current:
        lines.append("".join(current))


def minutes(total: int | None) -> str:
    """45 → "45m", 125 → "2h 05m"; None → ""."""
    if total is None:
        return ""
    hours, rest = divmod(total, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


def rep_label(rep: Rep | None) -> str:
    if rep is None:
        return ""
    details = [
        f"ID {rep.employee_id}" if rep.employee_id else "",
        rep.role.value if rep.role else "",
    ]
    extra = ", ".join(part for part in details if part)
    return f"{rep.name} ({extra})" if extra else rep.name


def new_table(*columns: str, title: str | None = None, wrap: tuple[str, ...] = ()) -> Table:
    """A plain table; only the columns named in ``wrap`` may wrap, the others keep one line."""
    # Imported here: commands that print no table (case show, overdue) skip its import.
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", pad_edge=False)
    for column in columns:
        if column in wrap:
            table.add_column(column, overflow="fold", ratio=1, min_width=8)
        elif column == "#":
            table.add_column(column, no_wrap=True, justify="right")
        else:
            # Short facts (dates, counts) keep one line while the table fits, and wrap at
            # word boundaries rather than being cut off when it does not.
            table.add_column(column, overflow="fold")
    return table


def more_note(shown: int, total: int, flag: str = "--all") -> Text | None:
    if total <= shown:
        return None
    return Text(f"… and {total - shown:,} more; {flag} shows them all", style="dim")


def trim_end(out: Text) -> None:
    """Text.rstrip without its cost: rich re-sanitises the whole text when it is set anew,
    which takes seconds for a summary of fifty megabytes that is not all ASCII."""
    plain = out.plain
    trailing = len(plain) - len(plain.rstrip())
    if trailing:
        out.right_crop(trailing)


def add_wrapped(
    out: Text, view: View, text: str, style: str = "", label: str = "", indent: int = 0
) -> None:
    """Append ``text`` wrapped to the view's width, after ``label`` and indented under it."""
    lines = wrap(text, max(view.width - indent, 20))
    lead = label.rjust(indent) if label else " " * indent
    out.append(lead, style="dim")
    # One piece of text for all the lines (the indents are plain spaces, whatever the style):
    # a thousand lines cost one span, not two thousand.
    out.append(("\n" + " " * indent).join(lines) + "\n", style=style)
