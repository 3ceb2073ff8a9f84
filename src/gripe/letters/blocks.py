"""A letter's Markdown read as the parts of a letter: the sender block, the date, the recipient,
then the body's blocks (the Re line, headings, paragraphs, lists, the sign-off).

The PDF is typeset from these, not from the plain text wrapped at 72 columns: a paragraph is one
run of words set to the full measure, an address keeps its lines. A text that does not start
like a letter (a template of the person's own) is all body.
"""

from __future__ import annotations

import re
from typing import NamedTuple

HEADING = "heading"
RE_LINE = "re"
PARAGRAPH = "paragraph"
LIST = "list"
LINES = "lines"  # kept line by line: an address, a block with Markdown line breaks
SIGN_OFF = "sign-off"

_SIGN_OFF = re.compile(
    r"^(Yours (faithfully|sincerely|truly)|Sincerely( yours)?|(Kind|Best|Warm) regards|Regards)"
    r"[,.]?$",
    re.IGNORECASE,
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_WHOLLY_BOLD = re.compile(r"^\*\*([^*]+)\*\*$")

# A run of text and whether it prints in bold.
Run = tuple[str, bool]


class Block(NamedTuple):
    kind: str
    items: tuple[str, ...]  # the lines (LINES), the list items (LIST), else one text


class Structure(NamedTuple):
    sender: tuple[str, ...] | None
    date: str | None
    recipient: tuple[str, ...] | None
    body: list[Block]


def runs(text: str) -> list[Run]:
    """Split text into regular and bold runs at its ``**…**`` spans."""
    found: list[Run] = []
    position = 0
    for span in _BOLD.finditer(text):
        if span.start() > position:
            found.append((text[position : span.start()], False))
        found.append((span.group(1), True))
        position = span.end()
    if position < len(text):
        found.append((text[position:], False))
    return found


def plain(text: str) -> str:
    return _BOLD.sub(r"\1", text)


def _block(lines: list[str]) -> Block:
    if len(lines) == 1 and lines[0].startswith("#"):
        return Block(HEADING, (lines[0].lstrip("#").strip(),))
    if lines[0].startswith("**Re:"):
        return Block(RE_LINE, (" ".join(line.strip() for line in lines),))
    if len(lines) == 1 and _WHOLLY_BOLD.match(lines[0]) and len(lines[0]) < 90:
        return Block(HEADING, (plain(lines[0]),))
    if all(line.startswith(("- ", "* ", "  ")) for line in lines) and lines[0][:2] in (
        "- ",
        "* ",
    ):
        items: list[str] = []
        for line in lines:
            if line.startswith(("- ", "* ")):
                items.append(line[2:].strip())
            else:
                items[-1] += " " + line.strip()
        return Block(LIST, tuple(items))
    hard_breaks = any(line.endswith("  ") for line in lines[:-1])
    address_like = len(lines) > 1 and all(len(line) < 60 for line in lines)
    if hard_breaks or address_like:
        return Block(LINES, tuple(line.strip() for line in lines))
    text = " ".join(line.strip() for line in lines)
    return Block(SIGN_OFF if _SIGN_OFF.match(text) else PARAGRAPH, (text,))


def blocks(markdown: str) -> list[Block]:
    """The Markdown's blocks, in order (blocks are separated by blank lines)."""
    found: list[Block] = []
    current: list[str] = []
    for line in markdown.expandtabs(8).splitlines():
        if line.strip():
            current.append(line.rstrip("\n"))
        elif current:
            found.append(_block(current))
            current = []
    if current:
        found.append(_block(current))
    return found


def structure(markdown: str) -> Structure:
    """The letter's parts: a sender block, a one-line date and a recipient block when it starts
    like a letter; the rest (or all of it) is body."""
    found = blocks(markdown)
    if (
        len(found) >= 2
        and found[0].kind in (LINES, PARAGRAPH)
        and found[1].kind == PARAGRAPH
        and len(found[1].items[0]) < 40
        and not found[0].items[0].startswith("**")
    ):
        sender = found[0].items
        date = found[1].items[0]
        rest = found[2:]
        recipient = None
        if (
            rest
            and rest[0].kind in (LINES, PARAGRAPH)
            and (len(rest[0].items[0]) < 80 or rest[0].items[0].startswith("["))
            and not rest[0].items[0].startswith("Dear ")
        ):
            recipient = rest[0].items
            rest = rest[1:]
        return Structure(tuple(plain(line) for line in sender), date, recipient, rest)
    return Structure(None, None, None, found)
