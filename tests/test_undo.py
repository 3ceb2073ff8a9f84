"""Every writing command can be undone, exactly.

For each command in `WRITING_COMMANDS`: run it on a log with a bit of everything in it, run
``gripe undo``, and the log's full dump (every table, the search index's rows, the schema and the
evidence files on disk) equals its dump before the command. The summaries the reads use (schema
m014) are checked against the log after the command, and come back with the dump after undo. A
command added to gripe that writes gets a line in `WRITING_COMMANDS` (with the steps it needs
first); the test does the rest.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import NOW, ZONE, Gripe, assert_same, full_dump, summaries_out_of_step

# ---- the story every command runs on ----------------------------------------------------------

STORY = [
    ("config", "set", "name", "Alex Doe"),
    ("company", "add", "Northstar Broadband", "--phone", "0800 123", "--account", "NS-99"),
    (
        "log", "northstar", "Outage since Sunday", "--rep", "Dana", "--rep-id", "4471",
        "--ref", "NS-1", "--hold", "40m", "--at", "yesterday 9am",
        "--promise", "Engineer visit", "--by", "8pm tomorrow",
    ),  # call 1, case 1, rep 1, promise 1
    (
        "log", "northstar", "Still down; refund agreed", "--rep", "Marcus",
        "--at", "this morning", "--promise", "Refund for the outage",
    ),  # call 2, rep 2, promise 2 (no date)
    ("company", "add", "North Water"),
    ("case", "open", "North Water", "Leak in the street", "--want", "Repair", "--amount", "50"),
    ("log", "North Water", "Reported the leak", "--rep", "Dana", "--case", "2"),  # call 3, rep 3
    ("log", "Nortstar Broadband", "Logged under a slip of the keyboard", "--rep", "Dana"),
    # company 3, case 3, call 4, rep 4
    ("promise", "add", "3", "Call back", "--by", "tomorrow", "--call", "4"),  # promise 3
    ("attach", "1", "{dir}/receipt.pdf", "--note", "The bill"),
    ("attach", "3", "{dir}/photo.jpg"),
    ("letter", "1", "--record"),  # letter 1
    ("case", "close", "2", "--outcome", "resolved"),
]  # fmt: skip


class Step(NamedTuple):
    """A writing command to undo, after the steps it needs (not undone)."""

    command: tuple[str, ...]
    first: tuple[tuple[str, ...], ...] = ()


# fmt: off
WRITING_COMMANDS = {
    "log-new-company": Step(("log", "Skyline Fibre", "Line down", "--rep", "Ann")),
    "log-to-a-case-with-a-promise": Step(
        ("log", "northstar", "Again", "--rep", "Priya", "--promise", "Call me", "--by", "friday")
    ),
    "log-partial-name": Step(("log", "north wat", "Still leaking", "--case", "2")),
    "case-open": Step(("case", "open", "northstar", "Billing error", "--amount", "£20")),
    "case-close": Step(("case", "close", "1", "--outcome", "abandoned", "--note", "Gave up")),
    "case-escalate": Step(("case", "escalate", "1")),
    "case-edit": Step(
        (
            "case", "edit", "1", "--title", "Outage", "--want", "Refund", "--amount", "£30",
            "--statement-date", "2026-06-03",
        )
    ),
    "case-edit-company": Step(("case", "edit", "3", "--company", "1")),
    "case-reopen": Step(("case", "reopen", "2")),
    "promise-add": Step(("promise", "add", "1", "Credit", "--by", "friday", "--rep", "Dana")),
    "promise-kept": Step(("promise", "kept", "1", "--note", "Engineer came")),
    "promise-broken": Step(("promise", "broken", "1")),
    "promise-cancel": Step(("promise", "cancel", "2")),
    "promise-edit": Step(
        ("promise", "edit", "1", "--text", "Engineer visit booked", "--by", "friday 5pm",
         "--rep", "Marcus")
    ),
    "promise-reschedule": Step(
        ("promise", "reschedule", "1", "--by", "next tuesday", "--call", "2")
    ),
    "company-add": Step(
        ("company", "add", "Globex", "--email", "help@globex.example", "--sector", "retail")
    ),
    "company-edit-sector": Step(("company", "edit", "2", "--sector", "water")),
    "company-edit-phones": Step(
        ("company", "edit", "1", "--phone", "0800 999", "--phone-note", "press 2",
         "--remove-phone", "0800 123", "--hours", "Mon-Fri 08:00-20:00")
    ),
    "call-end": Step(
        ("call", "end", "Engineer booked for Friday", "--rep", "Ann", "--promise", "Visit",
         "--by", "friday"),
        first=(("call", "start", "northstar", "--detach"),),
    ),
    "rights-dates": Step(
        ("rights", "1", "--first-complaint", "2026-07-01", "--final-response", "2026-07-20")
    ),
    "company-edit": Step(("company", "edit", "1", "--name", "Northstar Fibre", "--notes", "Slow")),
    "company-merge": Step(("company", "merge", "3", "1")),
    "company-merge-with-the-same-phone": Step(
        ("company", "merge", "1", "3"), first=(("company", "edit", "3", "--phone", "0800 123"),)
    ),
    "company-delete": Step(("company", "delete", "3", "--cascade")),
    "company-delete-closed": Step(("company", "delete", "North Water", "--cascade")),
    "rep-edit": Step(
        ("rep", "edit", "1", "--name", "Dana Smith", "--rep-id", "", "--role", "manager")
    ),
    "rep-merge": Step(("rep", "merge", "2", "1")),
    "call-edit": Step(
        (
            "call", "edit", "1", "--hold", "20m", "--rep", "Priya", "--at", "yesterday 10am",
            "--summary", "Outage since Saturday", "--ref", "", "--channel", "chat",
            "--promise", "Call back", "--by", "friday",
        )
    ),
    "call-move": Step(("call", "move", "4", "--case", "1")),
    "call-delete": Step(("call", "delete", "1", "--cascade")),
    "call-delete-alone": Step(("call", "delete", "3")),
    "config-set": Step(("config", "set", "timezone", "Europe/Paris")),
    "config-unset": Step(("config", "unset", "name")),
    "letter-record": Step(("letter", "1", "--record")),
    "case-claim": Step(
        ("case", "claim", "1", "£30", "Refund of 10 days' line rental", "--on", "2026-07-01")
    ),
    "case-unclaim": Step(
        ("case", "unclaim", "1"), first=(("case", "claim", "1", "15", "Mobile data"),)
    ),
    "letter-sent": Step(
        ("letter", "sent", "1", "--via", "recorded", "--proof", "AB123456789GB", "--on",
         "today")
    ),
    "letter-replied": Step(("letter", "replied", "1", "--on", "today")),
    "log-reply-to": Step(
        ("log", "northstar", "They wrote back", "--inbound", "--channel", "letter",
         "--reply-to", "1")
    ),
    "call-end-reply-to": Step(
        ("call", "end", "They answered my letter", "--reply-to", "1"),
        first=(("call", "start", "northstar", "--detach"),),
    ),
    "attach-new-file": Step(("attach", "2", "{dir}/statement.pdf", "--note", "June statement")),
    "attach-same-content-again": Step(("attach", "2", "{dir}/receipt.pdf")),
    "import": Step(("import", "{dir}/other.json")),
    "the-second-of-two-escalations": Step(
        ("case", "escalate", "1"), first=(("case", "escalate", "1"),)
    ),
    "undo-after-an-undone-command": Step(
        ("promise", "kept", "1"), first=(("promise", "cancel", "2"), ("undo",))
    ),
}
# fmt: on


def _filled(args: tuple[str, ...], folder: Path) -> tuple[str, ...]:
    return tuple(arg.replace("{dir}", str(folder)) for arg in args)


@pytest.fixture(scope="module")
def story_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The story's log and files, made once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("story")
    (folder / "receipt.pdf").write_bytes(b"%PDF-1.4 the bill, charged twice\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff a photo of the leak")
    (folder / "statement.pdf").write_bytes(b"%PDF-1.4 the June statement\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRIPE_NOW", NOW)
        patch.setenv("TZ", ZONE)
        patch.setenv("NO_COLOR", "1")
        patch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
        patch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        other = Gripe(folder / "other" / "gripe.db")
        other.db.parent.mkdir()
        other.ok("log", "Northstar Broadband", "Imported call", "--rep", "Dana", "--ref", "X-1")
        other.ok("log", "Skyline Fibre", "Line down", "--promise", "Fix", "--by", "friday")
        other.ok("config", "set", "email", "alex@example.org")
        other.ok("export", "-o", str(folder / "other.json"))
        gripe = Gripe(folder / "log" / "gripe.db")
        gripe.db.parent.mkdir()
        for step in STORY:
            gripe.ok(*_filled(step, folder))
    return folder


@pytest.fixture
def story(story_folder: Path, tmp_path: Path) -> Gripe:
    shutil.copytree(story_folder / "log", tmp_path / "log")
    for name in ("receipt.pdf", "photo.jpg", "statement.pdf", "other.json"):
        shutil.copy(story_folder / name, tmp_path / name)
    return Gripe(tmp_path / "log" / "gripe.db")


@pytest.mark.parametrize("step", WRITING_COMMANDS.values(), ids=WRITING_COMMANDS.keys())
def test_undo_puts_the_log_back_exactly(story: Gripe, tmp_path: Path, step: Step) -> None:
    for first in step.first:
        story.ok(*_filled(first, tmp_path))
    before = full_dump(story.db)

    story.ok(*_filled(step.command, tmp_path))
    assert full_dump(story.db) != before, "the command changed nothing"
    assert summaries_out_of_step(story.db) == [], "the summaries' triggers missed a change"
    [newest] = story.json("history", "--limit", "1")
    assert newest["command"].startswith("gripe " + step.command[0])
    assert not newest["undone"]
    undone = story.ok("undo")

    assert f"Undid #{newest['id']}" in undone.stdout
    assert_same(before, full_dump(story.db))
    assert story.json("history", "--limit", "1")[0]["undone"]
