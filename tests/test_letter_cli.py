"""`gripe letter`, `gripe template …` and `gripe case escalate`, through the CLI."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ACCOUNT = "SKY-0042-7719-3381"


@pytest.fixture
def story(gripe, tmp_path: Path):
    """The demo story in the test database, with the person's details set."""
    gripe.ok("demo", "--db", str(gripe.db))
    gripe.ok("config", "set", "name", "Alex Doe")
    gripe.ok("config", "set", "address", "1 High Street, Leeds LS1 1AA")
    gripe.ok("config", "set", "email", "alex@example.org")
    return gripe


def test_letter_fills_in_the_log_and_masks_the_account(story):
    text = story.ok("letter", "1").stdout
    assert "Alex Doe" in text
    assert "Skyline Fibre" in text
    assert "SKY-88123" in text
    assert "SKY-90411" in text
    assert "Dana (ID 4471)" in text
    assert "ending 3381" in text
    assert ACCOUNT not in text
    assert all(len(line) <= 72 for line in text.splitlines())


def test_full_account_only_when_asked(story):
    assert ACCOUNT in story.ok("letter", "1", "--full-account").stdout


def test_output_file_is_written_once_and_replaced_only_with_force(story, tmp_path: Path):
    target = tmp_path / "letter.md"
    story.ok("letter", "1", "-o", str(target))
    first = target.read_text(encoding="utf-8")
    assert first.startswith("Alex Doe  \n")  # Markdown: the sender block keeps its line breaks
    refused = story("letter", "1", "-o", str(target), "--template", "complaint")
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == first
    story.ok("letter", "1", "-o", str(target), "--format", "txt", "--force")
    assert target.read_text(encoding="utf-8") != first
    assert (
        sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".letter")) == []
    )


def test_pdf_letter(story, tmp_path: Path):
    target = tmp_path / "letter.pdf"
    story.ok("letter", "1", "-o", str(target))
    assert target.read_bytes().startswith(b"%PDF-")


def test_missing_sender_details_are_marked_and_warned(gripe):
    gripe.ok("log", "Skyline Fibre", "Internet down since Sunday")
    result = gripe.ok("letter", "1")
    assert "gripe config set name" in result.stdout
    assert "not set" in result.stderr


def test_bad_template_and_format_are_refused(story):
    unknown = story("letter", "1", "--template", "nonsense")
    assert unknown.exit_code == 1
    assert "gripe template list" in unknown.stderr
    assert story("letter", "1", "--format", "docx").exit_code == 2
    assert story("letter", "99").exit_code == 1


def test_company_names_are_not_html_escaped(gripe):
    gripe.ok("log", "AT&T", "Billed twice <again>", "--ref", "A&B-1")
    text = gripe.ok("letter", "1").stdout
    assert "AT&T" in text
    assert "A&B-1" in text
    assert "<again>" in text
    assert "&amp;" not in text


def test_template_list_show_path(gripe):
    listing = gripe.ok("template", "list").stdout
    assert listing.splitlines()[0].startswith("complaint")
    assert "_macros" not in listing
    assert "{{" in gripe.ok("template", "show", "complaint").stdout
    assert gripe.ok("template", "path").stdout.strip().endswith("templates")
    assert gripe.ok("template", "path", "complaint").stdout.strip().endswith("complaint.md.j2")
    assert gripe("template", "show", "../../etc/passwd").exit_code == 2


def test_template_edit_copies_the_builtin_and_runs_the_editor_without_a_shell(
    gripe, monkeypatch, tmp_path: Path
):
    marker = tmp_path / "ran; touch pwned"
    editor = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'a').write('EDITED')\""
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    result = gripe.ok("template", "edit", "complaint")
    copied = Path(gripe.ok("template", "path", "complaint").stdout.strip())
    assert "Copied the built-in complaint template" in result.stderr
    assert copied.read_text(encoding="utf-8").endswith("EDITED")
    assert "yours, replacing the built-in" in gripe.ok("template", "list").stdout
    assert not marker.exists()


def test_escalate_climbs_the_ladder(story):
    assert story.json("case", "escalate", "1")["level"] == "supervisor"
    assert "escalation" in story.ok("case", "escalate", "1").stdout  # now executive
    refused = story("case", "escalate", "1", "--to", "frontline")
    assert refused.exit_code == 1
    assert "ladder" in refused.stderr
    assert story.json("case", "escalate", "1", "--to", "legal")["level"] == "legal"
    assert story("case", "escalate", "1").exit_code == 1
    assert story("case", "escalate", "1", "--to", "boss").exit_code == 2


def test_case_show_and_dashboard_suggest_the_next_letter(story):
    story.ok(
        "promise", "add", "1", "Engineer visit", "--by", "friday 8-12", "--at", "2026-07-22 12:00"
    )
    shown = story.ok("case", "show", "1").stdout
    assert "gripe letter 1 --template follow-up" in shown
    dashboard = " ".join(story.ok().stdout.split())
    assert "gripe letter 1 --template follow-up" in dashboard


@pytest.mark.parametrize(("jurisdiction", "points"), [("UK", (595, 842)), ("US", (612, 792))])
def test_pdf_letter_is_on_the_jurisdiction_s_paper(story, tmp_path: Path, jurisdiction, points):
    from pypdf import PdfReader

    story.ok("config", "set", "jurisdiction", jurisdiction)
    target = tmp_path / "letter.pdf"
    story.ok("letter", "1", "-o", str(target))
    box = PdfReader(target).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points
