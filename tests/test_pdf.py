"""PDF letters: every character survives the round trip, the layout paginates, the bytes repeat."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader

from gripe.letters.pdf import FONTS_DIR, letter_pdf

LONG_LINE = (
    "This line is far longer than the seventy-two columns the letter is wrapped at, so the "
    "page has to wrap it rather than let it run off the right-hand edge of the paper."
)

LETTER = f"""# Formal complaint

Dear **Customer Services**,

I write about account ending 4321. Zoë Müller of Zürich, señor Núñez and the café
all paid €49.99 a month, or £42.50 in the UK office.
Your agent said “it will be fixed by Friday” — it was not.
This is the third time AT&T has let me down. Shalom: שלום again.
{LONG_LINE}

Yours faithfully,
Zoë
"""

TITLE = "Complaint \u2013 Zoë Müller v. AT&T"  # an en dash

STRINGS = [
    "é",
    "ü",
    "ñ",
    "Zoë",
    "€",
    "£",
    "“it will be fixed by Friday”",
    "—",
    "AT&T",
    "שלום",
    "Formal complaint",
    "Dear Customer Services,",
    "Yours faithfully,",
]


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def letter() -> bytes:
    return letter_pdf(LETTER, TITLE)


def test_is_a_pdf(letter: bytes) -> None:
    assert letter.startswith(b"%PDF-")
    assert letter.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("expected", STRINGS)
def test_text_survives_the_round_trip(letter: bytes, expected: str) -> None:
    assert expected in "\n".join(pdf_text(letter))


def test_markup_is_stripped_and_bold_embedded(letter: bytes) -> None:
    text = "\n".join(pdf_text(letter))
    assert "#" not in text
    assert "*" not in text
    fonts = PdfReader(io.BytesIO(letter)).pages[0]["/Resources"]["/Font"]
    names = sorted(str(font.get_object()["/BaseFont"]) for font in fonts.values())
    assert any("Bold" in name for name in names), names


def test_plain_letter_uses_no_bold() -> None:
    fonts = PdfReader(io.BytesIO(letter_pdf("Dear Sir,\n\n2 * 3 = 6", "t"))).pages[0][
        "/Resources"
    ]["/Font"]
    names = [str(font.get_object()["/BaseFont"]) for font in fonts.values()]
    assert not any("Bold" in name for name in names), names


def test_long_line_wraps_instead_of_overflowing(letter: bytes) -> None:
    text = "\n".join(pdf_text(letter))
    assert LONG_LINE not in text  # it was broken across printed lines ...
    assert LONG_LINE in squeeze(text)  # ... and nothing of it was lost


def test_unbroken_token_wraps_and_survives() -> None:
    token = "https://example.com/" + "x" * 150
    text = "".join(pdf_text(letter_pdf(f"See {token} for details", "t")))
    assert token in "".join(text.split())


def test_literal_page_alias_is_left_alone() -> None:
    assert "Reference {nb}-77" in pdf_text(letter_pdf("Reference {nb}-77", "t"))[0]


def test_metadata(letter: bytes) -> None:
    meta = PdfReader(io.BytesIO(letter)).metadata
    assert meta is not None
    assert meta.title == TITLE
    assert meta.author == "gripe"
    assert meta.creator == "gripe"


def test_creation_date_is_the_callers_or_fixed() -> None:
    given = datetime(2026, 7, 28, 13, 0, tzinfo=timezone.utc)
    meta = PdfReader(io.BytesIO(letter_pdf("x", "t", created=given))).metadata
    assert meta is not None
    assert meta.creation_date == given
    naive = PdfReader(io.BytesIO(letter_pdf("x", "t", created=given.replace(tzinfo=None))))
    assert naive.metadata is not None
    assert naive.metadata.creation_date == given


def test_same_input_same_bytes(letter: bytes) -> None:
    assert letter_pdf(LETTER, TITLE) == letter
    assert letter_pdf(LETTER, "another title") != letter


def test_same_bytes_across_processes() -> None:
    """Font subsetting must not depend on hash randomisation."""
    script = (
        "import hashlib, sys; from gripe.letters.pdf import letter_pdf; "
        "print(hashlib.sha256(letter_pdf(sys.stdin.read(), 't')).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=LETTER,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(letter_pdf(LETTER, "t")).hexdigest()}


def test_long_letter_paginates() -> None:
    text = "\n".join(f"Line {n} of a very long letter." for n in range(1, 201))
    pages = pdf_text(letter_pdf(text, "long"))
    assert len(pages) > 1
    total = len(pages)
    assert f"Page 1 of {total}" in pages[0]
    assert f"Page {total} of {total}" in pages[-1]
    body = squeeze(" ".join(pages))
    assert "Line 1 of" in body
    assert "Line 200 of" in body


def test_page_count_is_right_when_wrapping_adds_pages() -> None:
    """Forty lines would fit one page; wrapped three times over they need three."""
    text = "\n".join(f"{n:02d} " + "word " * 60 for n in range(40))
    pages = pdf_text(letter_pdf(text, "wrapped"))
    total = len(pages)
    assert total >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page


def test_empty_letter_is_one_page() -> None:
    pages = pdf_text(letter_pdf("", "empty"))
    assert len(pages) == 1
    assert "Page 1 of 1" in pages[0]


def test_fonts_ship_with_their_licence() -> None:
    assert {p.name for p in FONTS_DIR.iterdir()} >= {
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "LICENSE-DejaVu.txt",
    }


def test_import_does_not_load_fpdf() -> None:
    script = "import sys, gripe.letters.pdf; print('fpdf' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
