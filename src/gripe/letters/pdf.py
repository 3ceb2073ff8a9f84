"""Lay a finished letter out as a printable A4 PDF.

The letter arrives as plain text already wrapped at 72 columns; each line is placed as it is
(fpdf2 still wraps a line too long for the page rather than let it run off the edge). Markdown
headings (`# `, `## `) print in bold without their hashes and `**bold**` spans print in bold
without their markers; nothing else in the text is interpreted.

fpdf2 is imported inside `letter_pdf` only: it is not on gripe's start-up path. The fonts are
DejaVu Sans, shipped in `fonts/` beside this module (licence in `fonts/LICENSE-DejaVu.txt`),
and embedded (subset) in every PDF, so accents, currency signs, typographic quotes and most
alphabets print wherever the PDF is opened.

The output is deterministic: the same text, title and `created` give the same bytes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["FONTS_DIR", "letter_pdf"]

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

_FAMILY = "DejaVuSans"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

_MARGIN_MM = 25.0
_FONT_PT = 11.0
_LINE_H_MM = _FONT_PT * 1.35 * 25.4 / 72  # 11 pt type on a 1.35 line height
_A4_HEIGHT_MM = 297.0
_LINES_PER_PAGE = int((_A4_HEIGHT_MM - 2 * _MARGIN_MM) / _LINE_H_MM)

_FOOTER_PT = 8.0
_FOOTER_GREY = 110
_FOOTER_Y_MM = -15.0  # from the bottom edge, inside the bottom margin

# Written into the PDF's /CreationDate when the caller gives none, so that the same letter
# always gives the same bytes.
_DEFAULT_CREATED = datetime(1970, 1, 1, tzinfo=timezone.utc)

_HEADING = re.compile(r"#{1,6} ")
_BOLD = re.compile(r"\*\*(.+?)\*\*")

# Glyphs that swap with their partner inside right-to-left text (Unicode BidiMirroring, the
# pairs that a letter may plausibly hold).
_MIRRORED = dict(zip("()[]{}<>«»\u2039\u203a", ")(][}{><»«\u203a\u2039", strict=True))

# A run of text and whether it prints in bold.
_Run = tuple[str, bool]


def letter_pdf(text: str, title: str, *, created: datetime | None = None) -> bytes:
    """Render `text` (a finished letter, one printed line per line) as an A4 PDF.

    `title` becomes the PDF's title metadata; `created` its creation date (a fixed date when
    None, a naive datetime is taken as UTC). Pages carry "Page N of M" in the footer.
    """
    lines = [_runs(line) for line in text.expandtabs(8).splitlines()]
    when = _DEFAULT_CREATED if created is None else created
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    # The footer needs the page count before the pages exist. Guess it from the line count
    # (right unless long lines wrap across a page boundary) and lay out again if it was wrong;
    # the bytes depend only on the inputs, not on which guess got there.
    total = max(1, math.ceil(len(lines) / _LINES_PER_PAGE))
    pdf = _layout(lines, title, when, total)
    if pdf.pages_count != total:
        pdf = _layout(lines, title, when, pdf.pages_count)
    return bytes(pdf.output())


def _layout(lines: list[list[_Run]], title: str, created: datetime, total: int) -> FPDF:
    from fpdf import FPDF

    class _LetterPDF(FPDF):
        def footer(self) -> None:
            self.set_y(_FOOTER_Y_MM)
            self.set_font(_FAMILY, "", _FOOTER_PT)
            self.set_text_color(_FOOTER_GREY)
            self.cell(0, _FOOTER_PT * 0.5, f"Page {self.page_no()} of {total}", align="C")

    pdf = _LetterPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_creation_date(created)
    pdf.set_title(title)
    pdf.set_author("gripe")
    pdf.set_creator("gripe")
    # The page count is printed from `total`; no "{nb}" in a letter is ever replaced.
    pdf.alias_nb_pages("")
    for style, filename in _FONT_FILES.items():
        pdf.add_font(_FAMILY, style, str(FONTS_DIR / filename))
    pdf.set_margins(_MARGIN_MM, _MARGIN_MM, _MARGIN_MM)
    pdf.set_auto_page_break(True, margin=_MARGIN_MM)
    pdf.add_page()
    for runs in lines:
        for run, bold in runs:
            pdf.set_font(_FAMILY, "B" if bold else "", _FONT_PT)
            pdf.set_text_color(0)
            pdf.write(_LINE_H_MM, run)
        pdf.ln(_LINE_H_MM)
    return pdf


def _runs(line: str) -> list[_Run]:
    """Split one line into runs of regular and bold text, in the order they print."""
    heading = _HEADING.match(line)
    if heading:
        line = line[heading.end() :]
    chars: list[str] = []
    bold: list[bool] = []
    pos = 0
    for span in _BOLD.finditer(line):
        plain = line[pos : span.start()]
        chars += plain
        bold += [bool(heading)] * len(plain)
        chars += span.group(1)
        bold += [True] * len(span.group(1))
        pos = span.end()
    chars += line[pos:]
    bold += [bool(heading)] * (len(line) - pos)
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in chars):
        chars, bold = _visual_order(chars, bold)
    runs: list[_Run] = []
    for char, is_bold in zip(chars, bold, strict=True):
        if runs and runs[-1][1] == is_bold:
            runs[-1] = (runs[-1][0] + char, is_bold)
        else:
            runs.append((char, is_bold))
    return runs


def _visual_order(chars: list[str], bold: list[bool]) -> tuple[list[str], list[bool]]:
    """Reorder a line holding right-to-left script (Hebrew, Arabic) for display.

    A PDF holds glyphs in the order they are drawn, left to right; fpdf2 reorders only when
    its shaping engine (uharfbuzz, a compiled extension) is installed. fpdf2's own
    pure-Python Unicode bidi algorithm does the reordering here instead, with the line's base
    direction left to right (a letter is an English document); mirrored brackets are swapped
    inside right-to-left runs. Text extractors and screen readers undo the reordering.
    Arabic letters are not joined, which needs shaping.
    """
    from fpdf.bidi import BidiParagraph
    from fpdf.enums import TextDirection

    paragraph = BidiParagraph(text="".join(chars), base_direction=TextDirection.LTR)
    out_chars: list[str] = []
    out_bold: list[bool] = []
    for bidi_char in paragraph.reorder_resolved_levels():
        char = bidi_char.character
        if bidi_char.embedding_level % 2:
            char = _MIRRORED.get(char, char)
        out_chars.append(char)
        out_bold.append(bold[bidi_char.character_index])
    return out_chars, out_bold
