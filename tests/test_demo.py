"""`gripe demo` and bare `gripe` (the dashboard)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Gripe, run_gripe
from gripe.cli import app


def default_db(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data" / "gripe" / "gripe.db"


def invoke(*args: str):
    """gripe without the fixture's --db: as a person would type it."""
    return CliRunner().invoke(app, list(args))


# ---- demo ---------------------------------------------------------------------------------------


def assert_outage_timeline(out: str) -> None:
    assert "Skyline Fibre" in out
    assert "Case #1 Skyline Fibre: Broadband outage since Sunday night" in out
    assert "5 calls" in out
    for text in [
        "ref SKY-88123",
        "ref SKY-90411",
        "Dana (ID 4471, agent)",
        "Priya Shah (ID S-102, supervisor)",
        "Marcus (agent)",
        "Engineer did not come.",
    ]:
        assert text in out, text


def test_demo_shows_the_outage_timeline(tmp_path, monkeypatch):
    monkeypatch.setenv("GRIPE_DB", str(tmp_path / "mine.db"))
    result = invoke("demo")
    assert result.exit_code == 0, result.stderr
    assert_outage_timeline(result.stdout)
    assert "Open cases" in result.stdout  # the dashboard comes first
    assert "gripe case show 1" in result.stdout
    assert "--db" in result.stderr  # how to keep the log


@pytest.mark.parametrize("gripe_db", [None, "mine.db"])
def test_demo_touches_neither_the_default_database_nor_gripe_db(tmp_path, monkeypatch, gripe_db):
    if gripe_db:
        monkeypatch.setenv("GRIPE_DB", str(tmp_path / gripe_db))
    result = invoke("demo")
    assert result.exit_code == 0, result.stderr
    assert not default_db(tmp_path).exists()
    assert not (tmp_path / "mine.db").exists()
    temporary = re.search(r"A sample log in (\S+\.db)", result.stderr)
    assert temporary is not None
    assert not Path(temporary[1]).exists()  # the throw-away database is thrown away


def test_demo_in_a_real_process_leaves_the_existing_log_alone(tmp_path, gripe):
    gripe.ok("log", "Acme", "my own call")
    before = gripe.dump()
    result = run_gripe("demo", env={"GRIPE_DB": str(gripe.db)}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert_outage_timeline(result.stdout)
    assert gripe.dump() == before
    assert not default_db(tmp_path).exists()


def test_demo_db_keeps_the_log(tmp_path):
    kept = tmp_path / "demo.db"
    result = invoke("demo", "--db", str(kept))
    assert result.exit_code == 0, result.stderr
    assert_outage_timeline(result.stdout)
    assert str(kept) in result.stderr
    assert not default_db(tmp_path).exists()
    log = Gripe(kept)
    assert log.rows("SELECT name FROM companies ORDER BY id") == [
        ("Skyline Fibre",),
        ("Brightwave Energy",),
    ]
    assert log.rows("SELECT status FROM cases ORDER BY id") == [("open",), ("resolved",)]
    assert log.rows("SELECT count(*) FROM calls") == [(7,)]
    # the kept log is an ordinary gripe log
    assert [case["id"] for case in log.json("case", "list", "--status", "any")] == [1, 2]


def test_demo_twice_on_the_same_file_is_refused(tmp_path):
    kept = tmp_path / "demo.db"
    assert invoke("demo", "--db", str(kept)).exit_code == 0
    before = Gripe(kept).dump()
    result = invoke("demo", "--db", str(kept))
    assert result.exit_code == 1
    assert "empty" in result.stderr
    assert result.stdout == ""
    assert Gripe(kept).dump() == before


def test_demo_refuses_a_log_that_has_companies(gripe):
    gripe.ok("log", "Acme", "my own call")
    before = gripe.dump()
    result = gripe("demo")
    assert result.exit_code == 1
    assert gripe.dump() == before


# ---- bare gripe -------------------------------------------------------------------------------


def test_bare_gripe_on_an_empty_log_says_how_to_start(gripe):
    result = gripe()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "gripe log" in result.stderr
    assert "gripe demo" in result.stderr


def test_bare_gripe_lists_the_open_cases(gripe):
    gripe.ok("log", "Skyline Fibre", "Outage since Sunday", "--at", "yesterday 3pm")
    gripe.ok("log", "Brightwave", "Charged twice")
    gripe.ok("case", "open", "Globex", "Parcel lost")
    gripe.ok("case", "close", "3")
    result = gripe()
    assert result.exit_code == 0
    out = result.stdout
    assert "Open cases" in out
    assert "Outage since Sunday" in out
    assert "Skyline Fibre" in out
    assert "Charged twice" in out
    assert "23 hours ago" in out
    assert "Parcel lost" not in out
    assert out.index("Charged twice") < out.index("Outage since Sunday")  # latest contact first


def test_bare_gripe_with_only_closed_cases_says_nothing_is_open(gripe):
    gripe.ok("case", "open", "Globex", "Parcel lost")
    gripe.ok("case", "close", "1")
    result = gripe()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Nothing open" in result.stderr


def test_bare_gripe_caps_the_open_cases(gripe):
    for number in range(1, 23):
        gripe.ok("case", "open", f"Company {number:02d}", f"Case number {number:02d}")
    out = gripe.ok().stdout
    shown = len(re.findall(r"Case number \d\d", out))
    more = re.search(r"… and (\d+) more", out)
    assert more is not None
    assert shown + int(more[1]) == 22
    assert "Case number 22" in out  # the newest first
    assert "gripe case list --all" in out
