"""Typeset a letter as a printed letter: the jurisdiction's paper, the recipient where a window
envelope shows it, proportional text set to the full measure.

The letter arrives as Markdown and is read as the parts of a letter (`gripe.letters.blocks`):

- A4 (the UK), after DIN 5008 form B: the recipient in the address field 45 mm from the top and
  20 mm from the left (text 5 mm in, below the 17.7 mm zone that holds the return address in
  small type), the sender block and the date beside it on the right, the body from 98.5 mm,
  fold marks at 105 mm and 210 mm for a DL or C5/6 window envelope.
- US Letter (the US), for a #10 window envelope: the sender block at the top left (where a
  double-window envelope's upper window is), the recipient at 2.042 in from the top within a
  block 0.875 in high and 3.5 in wide, the body from 3 3/8 in.

Paragraphs and list items are justified to the full measure (the last line of each left as it
falls), the Re line and headings print in bold, the sign-off has room to sign above the name.
A heading stays with what follows it, the sign-off with the name, the enclosures with their
list, and no page starts or ends with a lone line of a paragraph. Page numbers ("Page 1 of 2")
print only when the letter runs to more than one page; a letter that fits on one page is one.

fpdf2 is imported inside `letter_pdf` only: it is not on gripe's start-up path. The fonts are
DejaVu Sans, shipped in `fonts/` beside this module (licence in `fonts/LICENSE-DejaVu.txt`), and
embedded (subset) in every PDF, so accents, currency signs, typographic quotes and most alphabets
print wherever the PDF is opened. Lines holding right-to-left script are put in visual order
with fpdf2's own bidi algorithm. The output is deterministic: the same letter, paper, title and
``created`` give the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from gripe.letters import blocks as parts
from gripe.letters.blocks import Block, Run

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["FONTS_DIR", "PAPERS", "letter_pdf"]

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

_FAMILY = "DejaVuSans"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
_PT = 25.4 / 72  # millimetres in a point

_BODY_PT = 10.0
_LEADING = 1.38  # line height as a multiple of the type size
_ADDRESS_PT = 10.0
_ADDRESS_LEADING = 1.2
_SMALL_PT = 7.0
_FOOTER_PT = 8.0
_GREY = 110
_PARAGRAPH_GAP = 0.55  # lines between paragraphs
_ITEM_GAP = 0.25  # lines between list items
_SIGNATURE_SPACE_MM = 16.0
_BULLET_INDENT_MM = 5.0
_WINDOW_WIDTH_MM = 80.0  # the recipient's lines fit a window 85 mm (3.5 in) wide

# Written into the PDF's /CreationDate when the caller gives none, so that the same letter
# always gives the same bytes.
_DEFAULT_CREATED = datetime(1970, 1, 1, tzinfo=timezone.utc)

# Glyphs that swap with their partner inside right-to-left text (Unicode BidiMirroring, the
# pairs that a letter may plausibly hold).
_MIRRORED = dict(zip("()[]{}<>«»\u2039\u203a", ")(][}{><»«\u203a\u2039", strict=True))


class Paper(NamedTuple):
    """Where things go on the first page of a letter, in millimetres from the top left."""

    name: str  # fpdf2's format name
    width: float
    height: float
    left: float
    right: float  # margin
    top: float  # where the text starts on the pages after the first
    bottom: float  # margin: the text stops this far above the bottom edge
    sender_right: bool  # the sender block at the right (DIN) or the top left (US)
    sender_top: float
    window_top: float  # the recipient's first line
    window_height: float  # the lines must fit in this
    return_line_top: float | None  # the sender's one-line return address, small, if any
    body_top: float
    folds: tuple[float, ...]


PAPERS = {
    "A4": Paper(
        name="A4", width=210.0, height=297.0, left=25.0, right=20.0, top=20.0, bottom=22.0,
        sender_right=True, sender_top=45.0, window_top=63.5, window_height=26.5,
        return_line_top=57.5, body_top=98.5, folds=(105.0, 210.0),
    ),
    "Letter": Paper(
        name="Letter", width=215.9, height=279.4, left=25.4, right=25.4, top=20.0, bottom=22.0,
        sender_right=False, sender_top=14.0, window_top=51.9, window_height=22.2,
        return_line_top=None, body_top=85.7, folds=(),
    ),
}  # fmt: skip

# The paper for each jurisdiction.
PAPER_FOR = {"UK": "A4", "US": "Letter"}


class _Word(NamedTuple):
    text: str
    bold: bool
    space_before: bool  # a space separates it from the word before


def _words(text_runs: list[Run]) -> list[_Word]:
    found: list[_Word] = []
    pending_space = False
    for text, bold in text_runs:
        for piece in re.split(r"(\s+)", text):
            if not piece:
                continue
            if piece.isspace():
                pending_space = True
                continue
            found.append(_Word(piece, bold, pending_space))
            pending_space = False
    return found


class _Setter:
    """Lays a letter out on an FPDF document, page by page."""

    def __init__(self, pdf: FPDF, paper: Paper, footer_total: int | None) -> None:
        self.pdf = pdf
        self.paper = paper
        self.footer_total = footer_total  # None: no page numbers
        self.width = paper.width - paper.left - paper.right
        self.body_line = _BODY_PT * _LEADING * _PT
        self.y = paper.top
        self.limit = paper.height - paper.bottom

    # -- measuring ---------------------------------------------------------------------------

    def font(self, bold: bool, size: float = _BODY_PT) -> None:
        self.pdf.set_font(_FAMILY, "B" if bold else "", size)

    def measure(self, text: str, bold: bool, size: float = _BODY_PT) -> float:
        self.font(bold, size)
        return float(self.pdf.get_string_width(text))

    def break_lines(self, words: list[_Word], width: float) -> list[list[_Word]]:
        """Words into lines no wider than ``width``; a word wider than a line is cut."""
        lines: list[list[_Word]] = []
        line: list[_Word] = []
        used = 0.0
        space = self.measure(" ", False)
        queue = list(words)
        while queue:
            word = queue.pop(0)
            size = self.measure(word.text, word.bold)
            gap = space if line and word.space_before else 0.0
            if line and used + gap + size > width:
                lines.append(line)
                line, used, gap = [], 0.0, 0.0
            if not line and size > width:  # an unbroken token (a long URL): cut it
                cut = len(word.text)
                while cut > 1 and self.measure(word.text[:cut], word.bold) > width:
                    cut -= 1
                queue.insert(0, _Word(word.text[cut:], word.bold, False))
                word = _Word(word.text[:cut], word.bold, word.space_before)
                size = self.measure(word.text, word.bold)
            line.append(word)
            used += gap + size
        if line:
            lines.append(line)
        return lines

    # -- drawing -----------------------------------------------------------------------------

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = self.paper.top
        self.footer()

    def footer(self) -> None:
        if self.footer_total is None:
            return
        pdf = self.pdf
        self.font(False, _FOOTER_PT)
        pdf.set_text_color(_GREY)
        pdf.set_xy(self.paper.left, self.paper.height - 12.0)
        pdf.cell(
            self.width, _FOOTER_PT * _PT, f"Page {pdf.page_no()} of {self.footer_total}",
            align="C",
        )  # fmt: skip
        pdf.set_text_color(0)

    def room(self, needed: float) -> None:
        """Start a new page unless ``needed`` millimetres fit below the current line."""
        if self.y + needed > self.limit:
            self.new_page()

    def draw_line(
        self, line: list[_Word], x: float, width: float, justify: bool, size: float = _BODY_PT
    ) -> None:
        pdf = self.pdf
        line = _visual(line)
        sizes = [self.measure(word.text, word.bold, size) for word in line]
        space = self.measure(" ", False, size)
        gaps = sum(1 for number, word in enumerate(line) if number and word.space_before)
        natural = sum(sizes) + gaps * space
        extra = (width - natural) / gaps if justify and gaps else 0.0
        position = x
        height = size * _LEADING * _PT
        for number, (word, measured) in enumerate(zip(line, sizes, strict=True)):
            if number and word.space_before:
                position += space + extra
            self.font(word.bold, size)
            pdf.set_xy(position, self.y)
            pdf.cell(measured, height, word.text)
            position += measured
        self.y += height

    def flow(
        self,
        text_runs: list[Run],
        x: float,
        width: float,
        justify: bool = True,
        then: float = 0.0,
    ) -> list[list[_Word]]:
        """Set a paragraph to the measure, page by page, never leaving one line alone at the
        foot or head of a page. ``then``: the height of what must follow it on its last page
        (the sign-off after the last paragraph): its last two lines go over with it, or all
        of it when it is short."""
        lines = self.break_lines(_words(text_runs), width)
        if then and self.y + len(lines) * self.body_line + then > self.limit:
            fits = int((self.limit - self.y) // self.body_line)
            if len(lines) >= 4 and fits >= 2:
                hold = min(fits, len(lines) - 2)
                for number in range(hold):
                    self.draw_line(lines[number], x, width, justify)
                lines = lines[hold:]
            self.new_page()
        index = 0
        while index < len(lines):
            fits = int((self.limit - self.y) // self.body_line)
            left = len(lines) - index
            if fits >= left:
                take = left
            elif fits >= 2 and left - fits >= 2:
                take = fits
            elif fits >= 3 and left >= 4:
                take = fits - 1  # leave two lines for the next page
            else:
                take = 0
            if take == 0:
                self.new_page()
                continue
            for number in range(index, index + take):
                last = number == len(lines) - 1
                self.draw_line(lines[number], x, width, justify and not last)
            index += take
            if index < len(lines):
                self.new_page()
        return lines

    def height_of(self, text_runs: list[Run], width: float) -> float:
        return len(self.break_lines(_words(text_runs), width)) * self.body_line

    def block_lines(
        self,
        lines: tuple[str, ...],
        x: float,
        size: float,
        leading: float,
        width: float | None = None,
    ) -> None:
        """Lines as they are (an address), each on its own line; one wider than ``width`` (the
        window, the page) goes on over the next."""
        height = size * leading * _PT
        room = width if width is not None else self.paper.width - self.paper.right - x
        space = self.measure(" ", False, size)
        for line in lines:
            words = _words(parts.runs(line))
            rows: list[list[_Word]] = [[]]
            used = 0.0
            for word in words:
                measured = self.measure(word.text, word.bold, size)
                gap = space if rows[-1] and word.space_before else 0.0
                if rows[-1] and used + gap + measured > room:
                    rows.append([])
                    used, gap = 0.0, 0.0
                rows[-1].append(word)
                used += gap + measured
            for row in rows:
                position = x
                for index, word in enumerate(_visual(row)):
                    if index and word.space_before:
                        position += space
                    measured = self.measure(word.text, word.bold, size)
                    self.pdf.set_xy(position, self.y)
                    self.pdf.cell(measured, height, word.text)
                    position += measured
                self.y += height


def _visual(line: list[_Word]) -> list[_Word]:
    """A line holding right-to-left script (Hebrew, Arabic) in the order it is drawn.

    A PDF holds glyphs in the order they are drawn, left to right; fpdf2 reorders only when its
    shaping engine (uharfbuzz, a compiled extension) is installed. fpdf2's own pure-Python
    Unicode bidi algorithm does the reordering here instead, with the line's base direction left
    to right (a letter is an English document); mirrored brackets are swapped inside
    right-to-left runs. Text extractors and screen readers undo the reordering. Arabic letters
    are not joined, which needs shaping.
    """
    if not any(
        unicodedata.bidirectional(char) in ("R", "AL") for word in line for char in word.text
    ):
        return line
    from fpdf.bidi import BidiParagraph
    from fpdf.enums import TextDirection

    chars: list[str] = []
    bold: list[bool] = []
    starts: list[bool] = []  # a word starts at this character
    for number, word in enumerate(line):
        if number and word.space_before:
            chars.append(" ")
            bold.append(word.bold)
            starts.append(False)
        chars += word.text
        bold += [word.bold] * len(word.text)
        starts += [True] + [False] * (len(word.text) - 1)
    paragraph = BidiParagraph(text="".join(chars), base_direction=TextDirection.LTR)
    drawn: list[tuple[str, bool]] = []
    for bidi_char in paragraph.reorder_resolved_levels():
        char = bidi_char.character
        if bidi_char.embedding_level % 2:
            char = _MIRRORED.get(char, char)
        drawn.append((char, bold[bidi_char.character_index]))
    words: list[_Word] = []
    text, style, space = "", False, False
    for char, is_bold in drawn:
        if char == " ":
            if text:
                words.append(_Word(text, style, space))
            text, space = "", True
            continue
        if text and is_bold != style:
            words.append(_Word(text, style, space))
            text, space = "", False
        text += char
        style = is_bold
    if text:
        words.append(_Word(text, style, space))
    return words


def _head(setter: _Setter, letter: parts.Structure) -> None:
    """The first page's top: sender, date, return address, recipient in the window."""
    paper, pdf = setter.paper, setter.pdf
    small = _ADDRESS_PT * _ADDRESS_LEADING * _PT
    sender = letter.sender or ()
    widest = max((setter.measure(line, False, _ADDRESS_PT) for line in sender), default=0.0)
    right_edge = paper.width - paper.right
    x = min(125.0, right_edge - widest) if paper.sender_right else paper.left
    setter.y = paper.sender_top
    setter.block_lines(sender, x, _ADDRESS_PT, _ADDRESS_LEADING)
    if letter.date:
        setter.y += small
        setter.block_lines((letter.date,), x, _ADDRESS_PT, _ADDRESS_LEADING)
    after_head = setter.y
    if paper.return_line_top is not None and sender:
        setter.font(False, _SMALL_PT)
        pdf.set_text_color(_GREY)
        setter.y = paper.return_line_top
        back = " · ".join(line for line in sender if "@" not in line)
        setter.block_lines((back,), paper.left, _SMALL_PT, 1.2)
        pdf.set_text_color(0)
    recipient = letter.recipient or ()
    if recipient:
        setter.y = max(paper.window_top, after_head + small)
        leading = _ADDRESS_LEADING
        if len(recipient) * _ADDRESS_PT * leading * _PT > paper.window_height:
            leading = max(1.0, paper.window_height / (len(recipient) * _ADDRESS_PT * _PT))
        setter.block_lines(recipient, paper.left, _ADDRESS_PT, leading, _WINDOW_WIDTH_MM)
    setter.y = max(paper.body_top, setter.y + 2 * small)
    pdf.set_draw_color(_GREY)
    pdf.set_line_width(0.2)
    for fold in paper.folds:
        pdf.line(3.0, fold, 7.0, fold)
    pdf.set_draw_color(0)


def _body(setter: _Setter, body: list[Block]) -> None:
    paper = setter.paper
    line = setter.body_line
    x, width = paper.left, setter.width
    for number, block in enumerate(body):
        following = body[number + 1] if number + 1 < len(body) else None
        if block.kind == parts.HEADING:
            after = _first_height(setter, following) if following else 0.0
            setter.room(line + after)
            setter.flow([(block.items[0], True)], x, width, justify=False)
            setter.y += line * 0.2
            continue
        if block.kind == parts.SIGN_OFF:
            # The sign-off, room to sign, and the name stay together.
            name = following.items[0] if following else ""
            setter.room(line * 2 + _SIGNATURE_SPACE_MM)
            setter.flow(parts.runs(block.items[0]), x, width, justify=False)
            setter.y += _SIGNATURE_SPACE_MM
            if following is not None:
                body[number + 1] = Block("signed", (name,))
            continue
        if block.kind == "signed":
            setter.flow(parts.runs(block.items[0]), x, width, justify=False)
            setter.y += line * _PARAGRAPH_GAP
            continue
        if block.kind == parts.LIST:
            for item in block.items:
                item_runs = parts.runs(item)
                setter.room(min(setter.height_of(item_runs, width - _BULLET_INDENT_MM), line * 2))
                top = setter.y
                setter.font(False)
                setter.pdf.set_xy(x, top)
                setter.pdf.cell(_BULLET_INDENT_MM, line, "•")
                setter.flow(item_runs, x + _BULLET_INDENT_MM, width - _BULLET_INDENT_MM)
                setter.y += line * _ITEM_GAP
            setter.y += line * (_PARAGRAPH_GAP - _ITEM_GAP)
            continue
        if block.kind == parts.LINES:
            setter.room(len(block.items) * line)
            setter.block_lines(block.items, x, _BODY_PT, _LEADING)
            setter.y += line * _PARAGRAPH_GAP
            continue
        text_runs = parts.runs(block.items[0])
        if block.kind == parts.RE_LINE:
            text_runs = [(parts.plain(block.items[0]), True)]
        elif following is not None and following.kind == parts.LIST and len(block.items[0]) < 60:
            # "Enclosures:", "What happened so far:": kept with the first item of the list.
            setter.room(line + _first_height(setter, following))
        then = 0.0
        if following is not None and following.kind == parts.SIGN_OFF:
            then = line * (2 + _PARAGRAPH_GAP) + _SIGNATURE_SPACE_MM
        setter.flow(text_runs, x, width, justify=block.kind != parts.RE_LINE, then=then)
        setter.y += line * _PARAGRAPH_GAP


def _first_height(setter: _Setter, block: Block | None) -> float:
    """How much of ``block`` must follow a heading on its page: two lines, or all of it."""
    if block is None:
        return 0.0
    first = block.items[0] if block.items else ""
    width = setter.width - (_BULLET_INDENT_MM if block.kind == parts.LIST else 0.0)
    return min(setter.height_of(parts.runs(first), width), setter.body_line * 2)


def _document(letter: parts.Structure, paper: Paper, title: str, created: datetime) -> FPDF:
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format=paper.name)
    pdf.set_creation_date(created)
    pdf.set_title(title)
    pdf.set_author("gripe")
    pdf.set_creator("gripe")
    pdf.alias_nb_pages("")  # the page count is printed by gripe; no "{nb}" in a letter is replaced
    for style, filename in _FONT_FILES.items():
        pdf.add_font(_FAMILY, style, str(FONTS_DIR / filename))
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0  # text starts on the margin and in the window, not a millimetre in
    pdf.set_margins(paper.left, paper.top, paper.right)
    pdf.set_text_color(0)
    return pdf


def _layout(
    letter: parts.Structure, paper: Paper, title: str, created: datetime, total: int | None
) -> FPDF:
    pdf = _document(letter, paper, title, created)
    setter = _Setter(pdf, paper, total)
    pdf.add_page()
    setter.footer()
    if letter.sender is not None or letter.recipient is not None:
        _head(setter, letter)
    else:
        setter.y = paper.top
    _body(setter, list(letter.body))
    return pdf


def letter_pdf(
    markdown: str, title: str, *, paper: str = "A4", created: datetime | None = None
) -> bytes:
    """Typeset ``markdown`` (a finished letter) on ``paper`` ("A4" or "Letter").

    ``title`` becomes the PDF's title metadata; ``created`` its creation date (a fixed date when
    None; a naive datetime is taken as UTC). Pages carry "Page N of M" only when there are more
    than one.
    """
    chosen = PAPERS[paper]
    when = _DEFAULT_CREATED if created is None else created
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    letter = parts.structure(markdown)
    pdf = _layout(letter, chosen, title, when, None)
    if pdf.pages_count > 1:
        # Numbered, and laid out again: the footer takes no room from the text, so the pages
        # break where they did.
        pdf = _layout(letter, chosen, title, when, pdf.pages_count)
    return bytes(pdf.output())
