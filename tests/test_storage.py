"""Storage guarantees a user relies on, checked against real SQLite files.

Concurrent gripes, all-or-nothing commands, exact text round-trips, private file modes,
clear refusals of unusable paths and of databases from a newer gripe, and the schema itself.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from conftest import Gripe, run_gripe
from gripe.store import connect, writing
from gripe.store.schema import KNOWN

TABLES = ("companies", "cases", "reps", "calls", "promises", "letters", "evidence", "settings")


def count(gripe: Gripe, table: str) -> int:
    return int(gripe.rows(f"SELECT count(*) FROM {table}")[0][0])


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under root with its content (None for folders): proof that nothing changed."""
    found: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        found[str(path.relative_to(root))] = path.read_bytes() if path.is_file() else None
    return found


def assert_one_line_error(result: Any, exit_code: int) -> str:
    """A refusal: the right exit code, one ``Error: …`` line on stderr, nothing on stdout."""
    assert result.exit_code == exit_code, (result.exit_code, result.stdout, result.stderr)
    # An unhandled exception would show up here (CliRunner keeps it instead of printing it).
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


# ---- 1. two gripes at once ----------------------------------------------------------------------


def test_two_processes_logging_at_once_to_a_new_database(db_path: Path) -> None:
    calls_each = 25
    start = threading.Barrier(2)
    results: dict[str, list[Any]] = {"A": [], "B": []}

    def log_calls(process: str) -> None:
        start.wait(timeout=30)
        for number in range(1, calls_each + 1):
            results[process].append(
                run_gripe(
                    "--db",
                    str(db_path),
                    "log",
                    "Acme Broadband",
                    f"call {number} from process {process}",
                    timeout=60,
                )
            )

    threads = [threading.Thread(target=log_calls, args=(name,)) for name in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    outcomes = [(r.returncode, r.stderr) for runs in results.values() for r in runs]
    assert len(outcomes) == 2 * calls_each
    failures = [outcome for outcome in outcomes if outcome[0] != 0]
    assert failures == []
    assert all("Traceback" not in stderr for _, stderr in outcomes)

    gripe = Gripe(db_path)
    assert count(gripe, "companies") == 1
    assert count(gripe, "cases") == 1
    assert count(gripe, "calls") == 2 * calls_each
    summaries = {summary for (summary,) in gripe.rows("SELECT summary FROM calls")}
    assert summaries == {
        f"call {number} from process {process}"
        for process in results
        for number in range(1, calls_each + 1)
    }
    assert gripe.rows("SELECT name FROM companies") == [("Acme Broadband",)]


# ---- 2. all or nothing --------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["ABORT", "FAIL", "ROLLBACK"])
def test_a_command_failing_half_way_leaves_the_database_as_it_was(
    gripe: Gripe, action: str
) -> None:
    gripe.ok("log", "Acme Broadband", "first call")
    conn = sqlite3.connect(gripe.db)
    conn.execute(
        "CREATE TRIGGER no_more_calls BEFORE INSERT ON calls "
        f"BEGIN SELECT RAISE({action}, 'forced failure'); END"
    )
    conn.commit()
    conn.close()
    before = gripe.dump()

    # A new company and a new case are written before the call insert fails.
    result = gripe("log", "New Company", "x")

    assert result.exit_code != 0
    assert "Logged" not in result.stdout
    assert gripe.dump() == before
    assert gripe.rows("SELECT name FROM companies") == [("Acme Broadband",)]
    assert count(gripe, "cases") == 1
    assert count(gripe, "calls") == 1


def insert_then_fail(conn: sqlite3.Connection) -> int:
    with writing(conn):
        conn.execute(
            "INSERT INTO companies (uuid, name, name_key, created_at) "
            "VALUES ('u-1', 'Acme', 'acme', '2026-07-28T13:00:00Z')"
        )
        inside = int(conn.execute("SELECT count(*) FROM companies").fetchone()[0])
        raise RuntimeError(f"half-way, with {inside} company written")


def test_writing_rolls_back_when_the_block_raises(db_path: Path) -> None:
    conn = connect(db_path)
    try:
        with pytest.raises(RuntimeError, match="half-way, with 1 company written"):
            insert_then_fail(conn)
        assert not conn.in_transaction
        # The same connection can write again afterwards.
        with writing(conn):
            conn.execute("INSERT INTO settings (uuid, key, value) VALUES ('u-2', 'name', 'Zoë')")
    finally:
        conn.close()

    other = sqlite3.connect(db_path)
    try:
        assert other.execute("SELECT count(*) FROM companies").fetchone()[0] == 0
        assert other.execute("SELECT key, value FROM settings").fetchall() == [("name", "Zoë")]
    finally:
        other.close()


def test_writing_commits_when_the_block_succeeds(db_path: Path) -> None:
    conn = connect(db_path)
    try:
        with writing(conn):
            conn.execute(
                "INSERT INTO companies (uuid, name, name_key, created_at) "
                "VALUES ('u-1', 'Acme', 'acme', '2026-07-28T13:00:00Z')"
            )
    finally:
        conn.close()
    assert Gripe(db_path).rows("SELECT name FROM companies") == [("Acme",)]


# ---- 3. text comes back exactly as typed --------------------------------------------------------

TEXTS = [
    pytest.param(
        "Électricité de Montréal",
        "Coupure de courant chez Zoë\nDeuxième appel, même réponse",
        "Zoë",
        "RÉF-ÉÀ-001",
        id="accents",
    ),
    pytest.param("📶 Fibre", "No signal 📶❌\n\tstill down 🙃", "Łukasz 🙂", "📶-42", id="emoji"),
    pytest.param("שירות לקוחות", "הקו לא עובד\nשוב", "דנה", "מספר-7", id="hebrew"),  # noqa: RUF001
    pytest.param("خدمة العملاء", "الخط مقطوع منذ الاثنين", "زينب", "رقم-٤٢", id="arabic"),
    pytest.param(
        "Robert'); DROP TABLE calls;--",
        "'; DELETE FROM companies; --\nx' OR '1'='1",
        "O'Brien\"; DROP TABLE reps;--",
        "1'); DROP TABLE cases;--",
        id="sql",
    ),
    pytest.param("100%_Fibre\\UK", "%_\\ and %% and _ and \\\\", "Ann_%", "%_\\", id="like"),
]


@pytest.mark.parametrize(("company", "summary", "rep", "reference"), TEXTS)
def test_text_round_trips_exactly(
    gripe: Gripe, company: str, summary: str, rep: str, reference: str
) -> None:
    gripe.ok("log", "Acme Broadband", "an earlier call")
    logged = gripe.json("log", company, summary, "--rep", rep, "--ref", reference)
    case_id = logged["case"]["id"]

    shown = gripe.json("case", "show", str(case_id))

    assert shown["company"]["name"] == company
    assert shown["case"]["company"] == company
    assert shown["case"]["title"] == summary.splitlines()[0]
    [call] = shown["calls"]
    assert call["company"] == company
    assert call["summary"] == summary
    assert call["rep"]["name"] == rep
    assert call["reference"] == reference
    # Stored as typed, and found again by the same name.
    assert gripe.rows("SELECT summary, reference FROM calls WHERE id = ?", call["id"]) == [
        (summary, reference)
    ]
    assert gripe.json("company", "show", company)["name"] == company
    # Nothing was dropped or deleted.
    names = {name for (name,) in gripe.rows("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(TABLES) <= names
    assert count(gripe, "companies") == 2
    assert count(gripe, "calls") == 2


def test_text_round_trips_through_a_real_process(db_path: Path) -> None:
    company, summary, rep, reference = "Électricité 📶 שירות", "Zoë: خدمة\n%_\\ '--", "Zoë", "É-📶"
    logged = run_gripe(
        *("--db", str(db_path), "log", company, summary, "--rep", rep, "--ref", reference),
        "--json",
        encoding="utf-8",
    )
    assert logged.returncode == 0, logged.stderr
    shown = run_gripe("--db", str(db_path), "case", "show", "1", "--json", encoding="utf-8")
    assert shown.returncode == 0, shown.stderr
    timeline = json.loads(shown.stdout)
    assert timeline["company"]["name"] == company
    assert timeline["calls"][0]["summary"] == summary
    assert timeline["calls"][0]["rep"]["name"] == rep
    assert timeline["calls"][0]["reference"] == reference


# ---- 4. private files ---------------------------------------------------------------------------

HOLD_OPEN_AND_WRITE = """
import json, os, stat, sys
from pathlib import Path
from gripe.store import connect, writing

path = Path(sys.argv[1])
conn = connect(path)
with writing(conn):
    conn.execute("INSERT INTO settings (uuid, key, value) VALUES ('u-1', 'name', 'Zoë')")
modes = {}
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(str(path) + suffix):
        modes[suffix] = stat.S_IMODE(os.stat(str(path) + suffix).st_mode)
conn.close()
print(json.dumps(modes))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_even_under_a_permissive_umask(tmp_path: Path) -> None:
    default_db = tmp_path / "xdg-data" / "gripe" / "gripe.db"
    explicit_db = tmp_path / "explicit.db"
    library_db = tmp_path / "library.db"
    previous = os.umask(0)
    try:
        by_default = run_gripe("log", "Acme Broadband", "x")
        by_option = run_gripe("--db", str(explicit_db), "log", "Acme Broadband", "x")
        held = subprocess.run(
            [sys.executable, "-c", HOLD_OPEN_AND_WRITE, str(library_db)],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
    finally:
        os.umask(previous)

    assert by_default.returncode == 0, by_default.stderr
    assert default_db.is_file()
    assert mode(default_db.parent) == 0o700
    assert mode(default_db) == 0o600

    assert by_option.returncode == 0, by_option.stderr
    assert mode(explicit_db) == 0o600

    assert held.returncode == 0, held.stderr
    modes = json.loads(held.stdout)
    assert set(modes) == {"", "-wal", "-shm"}, modes
    assert modes[""] == 0o600
    for suffix in ("-wal", "-shm"):
        assert modes[suffix] & 0o077 == 0, (suffix, oct(modes[suffix]))


# ---- 5. unusable paths --------------------------------------------------------------------------


def missing_folder(tmp_path: Path) -> Path:
    return tmp_path / "no-such-folder" / "gripe.db"


def a_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return folder


def a_text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("Called Acme on Tuesday, they said Friday.\n", encoding="utf-8")
    return path


def random_bytes(tmp_path: Path) -> Path:
    path = tmp_path / "noise.db"
    path.write_bytes(random.Random(7).randbytes(8192))
    return path


@pytest.mark.parametrize("make_path", [missing_folder, a_folder, a_text_file, random_bytes])
def test_unusable_database_path_is_refused(tmp_path: Path, make_path: Any) -> None:
    path = make_path(tmp_path)
    before = tree(tmp_path)

    result = Gripe(path)("log", "Acme Broadband", "x")

    assert_one_line_error(result, 2)
    assert tree(tmp_path) == before


def test_path_sqlite_cannot_create_is_refused(tmp_path: Path) -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("needs /proc")
    path = Path("/proc/gripe-test.db")
    before = tree(tmp_path)

    result = Gripe(path)("log", "Acme Broadband", "x")

    assert_one_line_error(result, 2)
    assert not path.exists()
    assert tree(tmp_path) == before


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root can write to a read-only folder",
)
def test_unwritable_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = Gripe(folder / "gripe.db")("log", "Acme Broadband", "x")
        assert_one_line_error(result, 2)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


# ---- 6. a database from a newer gripe -----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("log", "Acme Broadband", "again"),
        ("company", "add", "Other Co"),
        ("case", "list"),
        ("case", "show", "1"),
        (),
    ],
    ids=["log", "company-add", "case-list", "case-show", "dashboard"],
)
def test_database_from_a_newer_gripe_is_refused(gripe: Gripe, command: tuple[str, ...]) -> None:
    gripe.ok("log", "Acme Broadband", "first call")
    conn = sqlite3.connect(gripe.db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('gripe', 'm999_from_the_future', '2027-01-01 00:00:00')"
    )
    conn.commit()
    conn.close()
    before = gripe.dump()

    result = gripe(*command)

    line = assert_one_line_error(result, 1)
    assert "newer gripe" in line
    assert gripe.dump() == before


# ---- 7. the schema ------------------------------------------------------------------------------


def test_fresh_database_has_every_table_with_id_and_uuid(gripe: Gripe) -> None:
    gripe.ok("case", "list")

    names = {name for (name,) in gripe.rows("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(TABLES) <= names
    for table in TABLES:
        columns = {row[1]: row for row in gripe.rows(f"PRAGMA table_info({table})")}
        assert "id" in columns, table
        assert "uuid" in columns, table
        assert columns["id"][5] == 1, f"{table}.id is the primary key"
        assert columns["uuid"][3] == 1, f"{table}.uuid is NOT NULL"
    assert gripe.rows("PRAGMA journal_mode") == [("wal",)]


def test_gripe_connections_follow_the_recipe(db_path: Path) -> None:
    conn = connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    finally:
        conn.close()


def test_foreign_keys_are_enforced_on_gripe_connections(db_path: Path) -> None:
    conn = connect(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError), writing(conn):
            conn.execute(
                "INSERT INTO calls (uuid, case_id, at, summary, created_at) "
                "VALUES ('u-1', 999, '2026-07-28T13:00:00Z', 'orphan', '2026-07-28T13:00:00Z')"
            )
    finally:
        conn.close()
    assert count(Gripe(db_path), "calls") == 0


def test_opening_a_current_database_again_applies_nothing(gripe: Gripe) -> None:
    gripe.ok("log", "Acme Broadband", "first call")
    query = "SELECT migration_set, name, applied_at FROM _sqlite_migrations ORDER BY rowid"
    applied = gripe.rows(query)
    assert [name for (_, name, _) in applied] == KNOWN
    schema_before = gripe.rows("SELECT type, name, sql FROM sqlite_master ORDER BY name")

    gripe.ok("case", "list")
    gripe.ok("log", "Acme Broadband", "second call")
    connect(gripe.db).close()

    assert gripe.rows(query) == applied
    assert gripe.rows("SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema_before
