"""Tab completion, through typer's completion protocol in a real process, as a shell drives it:
zsh sends the line in ``_TYPER_COMPLETE_ARGS`` and shows each value with its description; bash
sends ``COMP_WORDS`` and ``COMP_CWORD`` and gets the values."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Gripe, run_gripe


def zsh(db: Path, line: str) -> list[tuple[str, str]]:
    """(value, description) for what zsh would offer after ``gripe --db DB line``."""
    done = run_gripe(
        env={"_GRIPE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"gripe --db {db} {line}"}
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    if done.stdout.strip() == "_files":  # nothing to offer: zsh falls back to file names
        return []
    pairs = re.findall(r'"((?:[^"]|"")*)"(?::"((?:[^"]|"")*)")?', done.stdout)
    return [(value, description.replace("\\\\:", ":")) for value, description in pairs]


def bash(db: Path, line: str) -> list[str]:
    """The values bash would offer after ``gripe --db DB line`` (the cursor at its end)."""
    words = ["gripe", "--db", str(db), *line.split()]
    if line.endswith(" ") or not line:
        words.append("")
    done = run_gripe(
        env={
            "_GRIPE_COMPLETE": "complete_bash",
            "COMP_WORDS": " ".join(words),
            "COMP_CWORD": str(len(words) - 1),
        }
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout.split()


@pytest.fixture
def log(gripe: Gripe) -> Gripe:
    gripe.ok("log", "Comcast", "Outage since Monday", "--rep", "Dana", "--at", "2026-07-20 10:00",
             "--promise", "Engineer visit", "--by", "friday")  # fmt: skip
    gripe.ok("log", "Comcast", "Chased", "--promise", "Refund")
    gripe.ok("log", "Northstar", "Billed twice\non two lines", "--rep", "Lee")
    gripe.ok("promise", "kept", "1")
    gripe.ok("case", "claim", "1", "45", "9 days without broadband")
    gripe.ok("letter", "1", "-t", "complaint", "--record")
    return gripe


def test_case_ids_come_with_their_company_and_title(log: Gripe) -> None:
    assert zsh(log.db, "case show ") == [
        ("2", "Northstar: Billed twice"),
        ("1", "Comcast: Outage since Monday"),
    ]
    assert bash(log.db, "case show ") == ["2", "1"]


def test_the_case_option_completes_case_ids_too(log: Gripe) -> None:
    assert bash(log.db, "log Comcast Again --case ") == ["2", "1"]
    assert bash(log.db, "promise list --case ") == ["2", "1"]


def test_ids_match_by_their_first_digits_newest_first(gripe: Gripe) -> None:
    for number in range(12):
        gripe.ok("case", "open", "Comcast", f"Problem {number + 1}")
    assert bash(gripe.db, "case show 1") == ["12", "11", "10", "1"]
    assert bash(gripe.db, "case show #1") == ["#12", "#11", "#10", "#1"]
    assert bash(gripe.db, "case show 7") == ["7"]
    assert bash(gripe.db, "case show x") == []


def test_promises_to_settle_are_the_pending_ones(log: Gripe) -> None:
    assert zsh(log.db, "promise kept ") == [("2", "Refund (Comcast, pending)")]
    assert bash(log.db, "promise cancel ") == ["2"]
    assert bash(log.db, "promise edit ") == ["2", "1"]


def test_calls_letters_reps_and_claims(log: Gripe) -> None:
    calls = zsh(log.db, "call edit ")
    assert [value for value, _ in calls] == ["3", "2", "1"]
    assert calls[0][1] == "Northstar 2026-07-28: Billed twice on two lines"
    assert calls[2][1] == "Comcast 2026-07-20: Outage since Monday"
    assert zsh(log.db, "letter sent ") == [("1", "complaint to Comcast, case #1")]
    assert bash(log.db, "log Comcast Reply --reply-to ") == ["1"]
    assert zsh(log.db, "rep merge ") == [("2", "Lee (Northstar)"), ("1", "Dana (Comcast)")]
    assert zsh(log.db, "case unclaim ") == [("1", "9 days without broadband (case #1)")]


def test_company_names(log: Gripe) -> None:
    assert bash(log.db, "company show ") == ["Comcast", "Northstar"]
    assert bash(log.db, "case list --company N") == ["Northstar"]


def test_names_gripe_knows(gripe: Gripe) -> None:
    templates = dict(zsh(gripe.db, "letter 1 --template "))
    assert templates["complaint"] == "built-in"
    assert "final-notice" in templates
    assert bash(gripe.db, "template show fo") == ["follow-up"]
    assert bash(gripe.db, "log Acme Hi --channel ") == [
        "phone", "chat", "email", "letter", "in-person", "social",
    ]  # fmt: skip
    assert bash(gripe.db, "log Acme Hi --role ") == ["agent", "supervisor", "manager", "executive"]
    assert bash(gripe.db, "case escalate 1 --to ") == [
        "supervisor", "executive", "regulator", "legal",
    ]  # fmt: skip
    assert "credit-card" in bash(gripe.db, "company edit 1 --sector ")
    assert bash(gripe.db, "case close 1 --outcome ") == ["resolved", "abandoned"]
    assert bash(gripe.db, "letter sent 1 --via re") == ["recorded"]
    assert bash(gripe.db, "promise list --status ov") == ["overdue"]


def test_settings_and_their_values(gripe: Gripe) -> None:
    keys = dict(zsh(gripe.db, "config set "))
    assert keys["jurisdiction"] == "whose consumer law and bodies letters name: US or UK"
    assert bash(gripe.db, "config get date") == ["date_order"]
    assert bash(gripe.db, "config set jurisdiction ") == ["UK", "US"]
    assert bash(gripe.db, "config set timezone Europe/Lon") == ["Europe/London"]


def test_no_log_yet_completes_nothing_and_says_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert bash(missing, "case show ") == []
    assert not missing.exists()  # completing never creates the log


def test_subcommands_complete_with_their_summaries(gripe: Gripe) -> None:
    offered = dict(zsh(gripe.db, "pro"))
    assert offered == {"promise": "Promises a company made, by when, and what became of them."}


def test_commands_load_neither_completion_nor_the_pager(log: Gripe) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gripe", "--db", str(log.db), "case", "show",
         "1"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    modules = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "gripe.cli.case_state" in modules  # the command did run
    assert "gripe.cli.completion" not in modules
    assert "gripe.cli.pager" not in modules
