"""Long listings and --json stream their rows; pages find their rows without reading the log.

``--all`` (or a ``--limit`` past a screenful) writes lines in columns as the rows are read, and
``--json`` writes its array an object at a time: memory stays flat however long the log (the
subprocess test measures the peak of a real ``gripe`` listing 50,000 promises). A page of reps
is found without counting every rep's record, and a search ranks a window of the newest
matches: both must show what the whole listing would show first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Gripe
from gripe.store import search

ROOT = Path(__file__).resolve().parents[1]
MEMORY_BUDGET_MIB = 45


def ids_in_lines(output: str) -> list[int]:
    """The ids at the start of a listing's rows (a table's or the long listing's)."""
    return [int(line.split()[0]) for line in output.splitlines() if line.strip()[:1].isdigit()]


@pytest.fixture
def log(gripe: Gripe) -> Gripe:
    gripe.ok("log", "ACME", "Outage", "--rep", "Dana", "--promise", "Engineer", "--by", "friday")
    gripe.ok(
        "log", "ACME", "Chased", "--rep", "Sam", "--promise",
        "Refund the outage days in full, with the fees they charged while the line was down "
        "and the cost of the mobile data used instead",
        "--by", "8pm tomorrow",
    )  # fmt: skip
    gripe.ok("log", "Globex", "Billing \x1b[2Jerror", "--promise", "Credit \x1b]0;x\x07")
    return gripe


def test_the_long_listing_has_every_row_in_columns(log: Gripe) -> None:
    page = log.ok("promise", "list")
    listed = log.ok("promise", "list", "--all")
    # Soonest deadline first, the one with no date before them.
    assert ids_in_lines(listed.stdout) == ids_in_lines(page.stdout) == [3, 2, 1]
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["#", "Promise", "Due", "State", "Rep"]
    assert set(lines[1]) <= {"─", " "}
    assert not any(line.endswith(" ") for line in lines)
    # The long text is wrapped in its column, every word kept.
    words = " ".join(line[8:38] for line in lines[2:]).split()
    assert "instead" in words
    assert "charged" in words
    # Control characters are shown, never sent to the terminal.
    assert "\x1b" not in listed.stdout
    assert "\\x1b" in listed.stdout


def test_a_limit_past_a_screenful_is_a_long_listing_too(log: Gripe) -> None:
    listed = log.ok("promise", "list", "--limit", "500")
    assert listed.stdout.splitlines()[0].split()[:2] == ["#", "Promise"]
    assert ids_in_lines(listed.stdout) == [3, 2, 1]


@pytest.mark.parametrize(
    "command",
    [
        ("promise", "list"),
        ("case", "list", "--status", "any"),
        ("company", "list"),
        ("rep", "list"),
        ("overdue",),
        ("due", "--within", "30d"),
        ("search", "outage"),
    ],
)
def test_json_listings_are_arrays_and_all_shows_what_the_page_shows(
    log: Gripe, command: tuple[str, ...]
) -> None:
    log.ok("promise", "broken", "1")
    objects = log.json(*command)
    assert isinstance(objects, list)
    assert objects, "the story has something to list"
    assert all("id" in item for item in objects)
    everything = log.ok(*command, "--all").stdout
    page = log.ok(*command).stdout
    if command[0] in {"promise", "case", "company", "rep"}:
        assert ids_in_lines(everything) == ids_in_lines(page) == [item["id"] for item in objects]
    else:  # entries: "#12 …" or "call #3 · …"
        assert everything == page


def test_an_empty_json_listing_is_an_empty_array(gripe: Gripe) -> None:
    for command in (("promise", "list"), ("rep", "list"), ("overdue",), ("search", "x")):
        result = gripe.ok(*command, "--json")
        assert json.loads(result.stdout) == []


def test_a_page_of_reps_is_the_start_of_the_whole_listing(tmp_path: Path) -> None:
    db = tmp_path / "reps.db"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_db.py"), str(db),
         "--calls", "3000", "--promises", "2000", "--companies", "60"],
        check=True, capture_output=True, env={**os.environ, "GRIPE_NOW": ""},
    )  # fmt: skip
    gripe = Gripe(db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRIPE_NOW", "2026-07-28T13:00:00Z")
        everything = [rep["id"] for rep in gripe.json("rep", "list")]
        for limit in (1, 7, 20, 60):
            page = ids_in_lines(gripe.ok("rep", "list", "--limit", str(limit)).stdout)
            assert page == everything[:limit]


def test_search_ranks_the_newest_matches_and_counts_up_to_a_cap(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    gripe.ok("case", "open", "Acme", "Money owed")
    gripe.ok("log", "Acme", "Refund refused. Asked again for the refund", "--case", "1")
    for number in range(4):
        gripe.ok("log", "Acme", f"A long call about many things, number {number}, and a refund")
    for _ in range(6):  # a word in most of the log ranks nothing (bm25 needs rarer words)
        gripe.ok("log", "Acme", "Nothing to see here")
    # All five match; the best is the oldest (the word twice, in a short text).
    assert [hit["id"] for hit in gripe.json("search", "refund", "--limit", "1")] == [1]
    monkeypatch.setattr(search, "WINDOW", 3)
    # A page ranks the three newest matches only; --all ranks every one.
    assert {hit["id"] for hit in gripe.json("search", "refund", "--limit", "5")} == {3, 4, 5}
    assert next(hit["id"] for hit in gripe.json("search", "refund", "--all")) == 1
    assert "… and 3 more" in gripe.ok("search", "refund", "--limit", "2").stdout
    monkeypatch.setattr(search, "MAX_COUNTED", 3)
    assert "… and more than 1 more" in gripe.ok("search", "refund", "--limit", "2").stdout


SPAWNER = r"""
import os, sys
argv = sys.argv[1:]
out = os.open(os.environ["LISTING_OUT"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, out, 1)])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


@pytest.mark.parametrize("json_", [True, False], ids=["json", "lines"])
def test_listing_50000_promises_stays_within_the_memory_budget(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, json_: bool
) -> None:
    """Measured on a real gripe process, spawned by a small helper: on Linux a child's peak
    resident set starts from its parent's, and pytest is bigger than the budget."""
    db = tmp_path_factory.getbasetemp() / "fifty-thousand.db"
    if not db.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "make_db.py"), str(db),
             "--calls", "5000", "--promises", "50000", "--companies", "100"],
            check=True, capture_output=True,
        )  # fmt: skip
    output = tmp_path / "listing.txt"
    command = [sys.executable, "-m", "gripe", "--db", str(db), "promise", "list", "--all"]
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", SPAWNER, *command, *(["--json"] if json_ else [])],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LISTING_OUT": str(output), "GRIPE_NOW": "2026-07-28T13:00:00Z"},
    )
    code, peak_kib = map(int, done.stdout.split())
    assert code == 0
    assert peak_kib / 1024 < MEMORY_BUDGET_MIB
    if json_:
        with output.open(encoding="utf-8") as stream:
            promises = json.load(stream)
        assert len(promises) == 50_000
        assert all(promise["uuid"] for promise in promises)
    else:
        assert len(ids_in_lines(output.read_text(encoding="utf-8"))) == 50_000
