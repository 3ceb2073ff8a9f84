"""PDF letters, read back: the paper, the pages, the window, the text, the fonts, the bytes.

`letter_pdf` typesets a letter's Markdown (`gripe.letters.pdf`); the letters of the demo story
are written through ``gripe letter -o FILE.pdf`` and read back with pypdf, as a person's PDF
reader would: page size, page count, the text where it should be, fonts embedded.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import Gripe
from gripe.letters import render
from gripe.letters.pdf import FONTS_DIR, PAPERS, letter_pdf

MM = 72 / 25.4  # PDF points in a millimetre

LONG_LINE = (
    "This line is far longer than the seventy-two columns the letter is wrapped at, so the "
    "page has to wrap it rather than let it run off the right-hand edge of the paper."
)

PARAGRAPH = (
    "I write about account ending 4321. Zoë Müller of Zürich, señor Núñez and the café all "
    "paid €49.99 a month, or £42.50 in the UK office. Your agent said “it will be fixed by "
    "Friday” — it was not. This is the third time AT&T has let me down. Shalom: שלום again. "
    + LONG_LINE
)

LETTER = f"""Alex Morgan  
12 Orchard Lane  
Leeds LS6 2AB

28 July 2026

Customer Relations  
Skyline Fibre Ltd  
1 Exchange Square  
Leeds LS1 4AB

**Re: Formal complaint — outage. Account ending 4321.**

Dear **Customer Services**,

{PARAGRAPH}

# What happened

- On 19 July 2026 I called you.
- On 20 July 2026 I wrote to you (proof AB123456789GB).

Yours faithfully,

Alex Morgan
"""  # noqa: W291 (Markdown line breaks)

TITLE = "Complaint \u2013 Zoë Müller v. AT&T"  # an en dash

STRINGS = [
    "Zoë Müller of Zürich",
    "€49.99",
    "£42.50",
    "“it will be fixed by Friday” — it was not",
    "AT&T",
    "שלום",
    "What happened",
    "Dear Customer Services,",
    "Yours faithfully,",
    "Re: Formal complaint — outage. Account ending 4321.",
]


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader(data).pages]


def squeeze(text: str) -> str:
    return " ".join(text.split())


def placed(page: Any) -> list[tuple[float, float, str, str]]:
    """(x mm from the left, y mm from the top, text, font) of each piece of text on a page."""
    height = float(page.mediabox.height)
    found: list[tuple[float, float, str, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            name = str(font.get("/BaseFont", "")) if font else ""
            found.append((tm[4] / MM, (height - tm[5]) / MM, text.strip(), name))

    page.extract_text(visitor_text=visit)
    return found


def fonts_of(data: bytes) -> dict[str, bool]:
    """Each font used, and whether its glyphs are embedded in the file."""
    found: dict[str, bool] = {}
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            found[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    return found


@pytest.fixture(scope="module")
def letter() -> bytes:
    return letter_pdf(LETTER, TITLE)


# ---- the paper and the page ---------------------------------------------------------------------


@pytest.mark.parametrize(("paper", "size"), [("A4", (210.0, 297.0)), ("Letter", (215.9, 279.4))])
def test_the_paper_is_the_jurisdiction_s(paper: str, size: tuple[float, float]) -> None:
    page = reader(letter_pdf(LETTER, TITLE, paper=paper)).pages[0]
    assert (
        round(float(page.mediabox.width) / MM, 1),
        round(float(page.mediabox.height) / MM, 1),
    ) == size


def test_a_letter_that_fits_on_one_page_is_one_page_without_a_number(letter: bytes) -> None:
    pages = pdf_text(letter)
    assert len(pages) == 1
    assert "Page" not in pages[0]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_recipient_sits_where_the_window_envelope_shows_it(paper: str) -> None:
    layout = PAPERS[paper]
    found = placed(reader(letter_pdf(LETTER, TITLE, paper=paper)).pages[0])
    first = next(item for item in found if item[2] == "Customer")
    last = next(item for item in found if item[2] == "LS1")
    assert first[0] == pytest.approx(layout.left, abs=0.3)
    # The baselines of the recipient's lines fall inside the window's area.
    assert layout.window_top < first[1] < last[1] < layout.window_top + layout.window_height
    sender = next(item for item in found if item[2] == "12")
    if paper == "A4":  # DIN 5008 form B: the sender beside the window, on the right
        assert sender[0] > 120
        assert 45 < sender[1] < 90
    else:  # above the window, where a double-window envelope's upper window is
        assert sender[1] < layout.window_top
    re_line = next(item for item in found if item[2] == "Re:")
    assert re_line[1] > layout.body_top
    assert "Bold" in re_line[3]


def test_paragraphs_are_set_to_the_full_measure_not_72_columns(letter: bytes) -> None:
    lines = pdf_text(letter)[0].splitlines()
    assert max(len(line) for line in lines) > 80
    assert LONG_LINE not in pdf_text(letter)[0]  # it was broken across printed lines ...
    assert LONG_LINE in squeeze(pdf_text(letter)[0])  # ... and nothing of it was lost
    found = placed(reader(letter).pages[0])
    right_edges = [x for x, _, text, _ in found if text == "Zoë"]
    assert right_edges  # the paragraph's words are there, starting on the left margin


# ---- the text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("expected", STRINGS)
def test_text_survives_the_round_trip(letter: bytes, expected: str) -> None:
    assert expected in squeeze("\n".join(pdf_text(letter)))


def test_markup_is_stripped_and_bold_embedded(letter: bytes) -> None:
    text = "\n".join(pdf_text(letter))
    assert "#" not in text
    assert "*" not in text
    fonts = fonts_of(letter)
    assert any("Bold" in name for name in fonts), fonts
    assert all(fonts.values()), fonts  # every font is embedded


def test_plain_letter_uses_no_bold() -> None:
    fonts = fonts_of(letter_pdf("Dear Sir,\n\n2 * 3 = 6", "t"))
    assert not any("Bold" in name for name in fonts), fonts


def test_unbroken_token_wraps_and_survives() -> None:
    token = "https://example.com/" + "x" * 150
    text = "".join(pdf_text(letter_pdf(f"See {token} for details", "t")))
    assert token in "".join(text.split())


def test_literal_page_alias_and_markdown_look_alikes_are_left_alone() -> None:
    text = pdf_text(letter_pdf("Reference {nb}-77: gripe company edit 1 --address __x__", "t"))
    assert "Reference {nb}-77: gripe company edit 1 --address __x__" in squeeze(text[0])


def test_long_letter_paginates_with_page_numbers() -> None:
    body = "\n\n".join(f"Paragraph {n} of a long letter, " + "with words " * 30 for n in range(40))
    pages = pdf_text(letter_pdf(body, "long"))
    total = len(pages)
    assert total > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
    text = squeeze(" ".join(pages))
    assert "Paragraph 0 of" in text
    assert "Paragraph 39 of" in text


def test_empty_letter_is_one_page() -> None:
    assert len(pdf_text(letter_pdf("", "empty"))) == 1


# ---- the bytes --------------------------------------------------------------------------------


def test_is_a_pdf(letter: bytes) -> None:
    assert letter.startswith(b"%PDF-")
    assert letter.rstrip().endswith(b"%%EOF")


def test_metadata(letter: bytes) -> None:
    meta = reader(letter).metadata
    assert meta is not None
    assert meta.title == TITLE
    assert meta.author == "gripe"
    assert meta.creator == "gripe"


def test_creation_date_is_the_callers_or_fixed() -> None:
    given = datetime(2026, 7, 28, 13, 0, tzinfo=timezone.utc)
    meta = reader(letter_pdf("x", "t", created=given)).metadata
    assert meta is not None
    assert meta.creation_date == given
    naive = reader(letter_pdf("x", "t", created=given.replace(tzinfo=None)))
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


# ---- the demo story's letters, through gripe letter -------------------------------------------


@pytest.fixture(scope="module")
def demo_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, str]]:
    """Each built-in letter of the demo story as a PDF (UK, A4), with its Markdown."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRIPE_NOW", "2026-07-28T14:00:00+01:00")
        patch.setenv("TZ", "Europe/London")
        patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        patch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
        gripe = Gripe(folder / "gripe.db")
        gripe.ok("demo", "--db", str(gripe.db))
        made = {}
        for name in render.BUILTIN_NAMES:
            target = folder / f"{name}.pdf"
            gripe.ok("letter", "1", "--template", name, "-o", str(target))
            markdown = gripe.ok("letter", "1", "--template", name, "--format", "md").stdout
            made[name] = (target.read_bytes(), markdown)
    return made


@pytest.mark.parametrize("name", render.BUILTIN_NAMES)
def test_each_demo_letter_fits_the_pages_it_needs_and_no_more(
    demo_pdfs: dict[str, tuple[bytes, str]], name: str
) -> None:
    data, markdown = demo_pdfs[name]
    document = reader(data)
    pages = [page.extract_text() for page in document.pages]
    assert all(
        round(float(page.mediabox.height) / MM) == 297 for page in document.pages
    )  # A4: the demo is in the UK
    assert all(fonts_of(data).values())
    # Every word of the letter is in the PDF (besides the return address and page numbers).
    words = Counter(squeeze(render.as_text(markdown)).split()) - Counter({"-": 1000})
    printed = Counter(squeeze(" ".join(pages)).split())
    assert not words - printed, words - printed
    # No page but the last is short of its foot by more than a heading and two lines (a page
    # breaks only where it must), and the last page holds more than the signature.
    for number, page in enumerate(document.pages[:-1]):
        lowest = max(y for _, y, text, _ in placed(page) if not text.startswith("Page"))
        assert lowest > 297 - 22 - 25, (name, number, lowest)
    last = pages[-1]
    before_sign_off = last.split("Yours faithfully,")[0]
    assert len(squeeze(before_sign_off).split()) > 10, (name, last)
    if len(pages) == 1:
        assert "Page" not in last
    else:
        assert f"Page {len(pages)} of {len(pages)}" in last
