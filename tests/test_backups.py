"""Backups, restore and doctor: a log that can always be put back, and a check that says so.

Backups are real SQLite files taken through the backup API into the data folder (XDG_DATA_HOME
is the test's own); damage is real bytes overwritten in the live file; concurrent writers are
real processes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from conftest import Gripe, default_sigint, run_gripe, summaries_out_of_step
from gripe.store import backup, connect, writing
from gripe.store.backup import Backup

# ---- helpers ------------------------------------------------------------------------------------


def backups_of(gripe: Gripe) -> list[Backup]:
    return backup.listed(gripe.db)


def dump_of(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def story(gripe: Gripe, calls: int = 3) -> None:
    gripe.ok("log", "Acme Broadband", "Line down", "--rep", "Dana", "--ref", "AB-1")
    gripe.ok("log", "Acme Broadband", "Engineer promised", "--promise", "Fix", "--by", "friday")
    for number in range(calls):
        gripe.ok("log", "Acme Broadband", f"Call {number}: " + "still no service. " * 30)


def overwrite_calls(db: Path) -> None:
    """What a failing disk does: garbage over the pages of the calls table."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'calls'").fetchone()[0]
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with db.open("r+b") as handle:
        handle.seek((root - 1) * 4096 + 8)
        handle.write(b"\xa5" * 3000)


def assert_one_error(result: Any, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return str(lines[0])


# ---- backup, damage, doctor, restore ------------------------------------------------------------


def test_backup_damage_doctor_restore_gives_back_the_backup(gripe: Gripe, tmp_path: Path) -> None:
    story(gripe, calls=40)
    copy = tmp_path / "copy.db"
    gripe.ok("backup", "-o", str(copy))
    saved = dump_of(copy)
    assert saved == gripe.dump()
    assert mode(copy) == 0o600

    overwrite_calls(gripe.db)
    shown = gripe("case", "show", "1")
    doctor = gripe("doctor")
    restored = gripe("restore", str(copy))
    after = gripe("doctor")

    line = assert_one_error(shown, 1)
    assert "damaged" in line
    assert "gripe restore" in line
    assert doctor.exit_code == 1
    assert "PROBLEM database" in doctor.stdout
    assert "it is damaged" in doctor.stdout
    assert restored.exit_code == 0, restored.stderr
    assert "The log as it was is kept; to go back: gripe restore" in restored.stderr
    assert gripe.dump() == saved
    assert after.exit_code == 0, after.stdout
    assert gripe.rows("PRAGMA integrity_check") == [("ok",)]
    # The damaged log was kept too, as it was, for whatever can be saved from it.
    [kept] = [b for b in backups_of(gripe) if b.kind == backup.BEFORE_RESTORE]
    assert backup.check_file(kept.path) is not None


def test_restore_puts_back_a_backup_from_the_backup_folder(gripe: Gripe) -> None:
    story(gripe)
    gripe.ok("backup")
    [taken] = [b for b in backups_of(gripe) if b.kind == backup.MANUAL]
    before = gripe.dump()
    gripe.ok("log", "Acme Broadband", "A call after the backup")

    gripe.ok("restore", str(taken.path))

    assert gripe.dump() == before
    assert gripe.rows("SELECT count(*) FROM calls WHERE summary LIKE 'A call after%'") == [(0,)]
    # And back again: the log before the restore was backed up first.
    [previous] = [b for b in backups_of(gripe) if b.kind == backup.BEFORE_RESTORE]
    gripe.ok("restore", str(previous.path))
    assert gripe.rows("SELECT count(*) FROM calls WHERE summary LIKE 'A call after%'") == [(1,)]


def test_restore_replaces_an_empty_log_file(gripe: Gripe, tmp_path: Path) -> None:
    story(gripe)
    copy = tmp_path / "copy.db"
    gripe.ok("backup", "-o", str(copy))
    for suffix in ("-wal", "-shm"):
        Path(f"{gripe.db}{suffix}").unlink(missing_ok=True)
    gripe.db.write_bytes(b"")

    gripe.ok("restore", str(copy))

    assert gripe.dump() == dump_of(copy)
    assert mode(gripe.db) == 0o600


def newer_gripe_file(path: Path, source: Path) -> Path:
    path.write_bytes(source.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('gripe', 'm999_from_the_future', '2027-01-01')"
    )
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda tmp, copy: tmp / "nowhere.db", "not there"),
        (lambda tmp, copy: tmp, "folder"),
        (lambda tmp, copy: _write(tmp / "text.db", b"not a database at all\n" * 200), "database"),
        (lambda tmp, copy: _write(tmp / "empty.db", b""), "empty"),
        (lambda tmp, copy: _truncated(tmp / "half.db", copy), "damaged"),
        (lambda tmp, copy: newer_gripe_file(tmp / "newer.db", copy), "newer gripe"),
        (lambda tmp, copy: _plain_sqlite(tmp / "other.db"), "not a gripe database"),
    ],
    ids=["missing", "folder", "text", "empty", "truncated", "newer", "not-gripe"],
)
def test_restore_refuses_a_file_that_is_not_a_good_backup(
    gripe: Gripe, tmp_path: Path, make: Any, words: str
) -> None:
    story(gripe)
    copy = tmp_path / "copy.db"
    gripe.ok("backup", "-o", str(copy))
    source = make(tmp_path, copy)
    before = gripe.dump()
    backups_before = backups_of(gripe)

    line = assert_one_error(gripe("restore", str(source)), 2)

    assert words in line
    assert gripe.dump() == before
    assert backups_of(gripe) == backups_before


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _truncated(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    return _write(path, data[: len(data) // 2])


def _plain_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    return path


def test_restore_help_says_it_is_not_undone_by_undo(gripe: Gripe) -> None:
    shown = " ".join(gripe.ok("restore", "--help").stdout.split())
    assert "backed up before it is replaced" in shown
    assert "undo does not reverse a restore" in shown


def test_backup_never_overwrites_without_force(gripe: Gripe, tmp_path: Path) -> None:
    story(gripe)
    target = tmp_path / "copy.db"
    target.write_bytes(b"mine")

    refused = gripe("backup", "-o", str(target))
    assert_one_error(refused, 1)
    assert target.read_bytes() == b"mine"

    gripe.ok("backup", "-o", str(target), "--force")
    assert dump_of(target) == gripe.dump()


# ---- a backup while another process writes ------------------------------------------------------

WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
number = 0
deadline = time.monotonic() + float(sys.argv[2])
while time.monotonic() < deadline:
    conn.execute("BEGIN IMMEDIATE")
    case = conn.execute("SELECT id FROM cases LIMIT 1").fetchone()[0]
    for _ in range(20):
        number += 1
        conn.execute(
            "INSERT INTO calls (uuid, case_id, at, summary, created_at) VALUES "
            "(?, ?, '2026-07-28T10:00:00Z', ?, '2026-07-28T10:00:00Z')",
            (f"w-{number}", case, "written while a backup runs " * 10),
        )
    conn.execute("UPDATE settings SET value = ? WHERE key = 'name'", (str(number),))
    conn.execute("COMMIT")
print(number)
"""


def test_a_backup_taken_while_another_process_writes_is_whole(
    gripe: Gripe, tmp_path: Path
) -> None:
    story(gripe)
    gripe.ok("config", "set", "name", "0")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(gripe.db), "4"], stdout=subprocess.PIPE, text=True
    )
    copies = []
    try:
        time.sleep(0.3)
        for number in range(6):
            copy = tmp_path / f"while-{number}.db"
            taken = run_gripe("--db", str(gripe.db), "backup", "-o", str(copy), timeout=60)
            assert taken.returncode == 0, taken.stderr
            copies.append(copy)
    finally:
        written = int(writer.communicate(timeout=60)[0])
    assert written > 0
    for copy in copies:
        conn = sqlite3.connect(copy)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            # One snapshot: the counter the writer keeps matches the rows it wrote.
            (counter,) = conn.execute("SELECT value FROM settings WHERE key = 'name'").fetchone()
            written_rows = conn.execute(
                "SELECT count(*) FROM calls WHERE uuid LIKE 'w-%'"
            ).fetchone()[0]
            assert int(counter) == written_rows
        finally:
            conn.close()


# ---- automatic backups --------------------------------------------------------------------------


def today() -> object:
    return datetime.now(timezone.utc).date()


def test_reads_never_back_up_and_the_first_write_of_a_day_does(gripe: Gripe) -> None:
    gripe.ok("log", "Acme Broadband", "first call")  # a new log: nothing to back up yet
    assert backups_of(gripe) == []
    for command in (("case", "list"), ("case", "show", "1"), (), ("overdue",), ("export",)):
        gripe.ok(*command)
    assert backups_of(gripe) == []

    day = today()
    gripe.ok("log", "Acme Broadband", "second call")
    gripe.ok("log", "Acme Broadband", "third call")
    gripe.ok("promise", "add", "1", "Refund", "--by", "friday")

    taken = backups_of(gripe)
    if today() == day:  # the same day throughout: one backup of it
        assert [b.kind for b in taken] == [backup.DAILY]
    [first] = taken[-1:]
    # It holds the log as it was before the day's first write: one call.
    conn = sqlite3.connect(first.path)
    assert conn.execute("SELECT summary FROM calls").fetchall() == [("first call",)]
    conn.close()
    folder = backup.folder_for(gripe.db)
    for made in (folder, folder.parent, folder.parent.parent):  # backups/…, backups, gripe
        assert mode(made) == 0o700, made
    assert mode(first.path) == 0o600
    assert folder.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))


def test_an_upgrade_backs_the_log_up_first(gripe: Gripe) -> None:
    from test_migrations import older_log

    older_log(gripe.db, 3)
    old = gripe.dump()

    gripe.ok("case", "list")

    [taken] = backups_of(gripe)
    assert taken.kind == backup.BEFORE_UPGRADE
    assert dump_of(taken.path) == old


def test_the_first_write_of_a_day_finds_a_damaged_log(gripe: Gripe) -> None:
    story(gripe, calls=40)
    for taken in backups_of(gripe):
        taken.path.unlink()
    gripe.ok("backup", "-o", str(gripe.db.parent / "good.db"))
    overwrite_calls(gripe.db)
    before = sqlite3.connect(gripe.db).execute("SELECT count(*) FROM companies").fetchall()

    line = assert_one_error(gripe("company", "add", "Other Co"), 1)

    assert "damaged" in line
    assert backups_of(gripe) == []  # the damaged copy is not kept as a backup
    after = sqlite3.connect(gripe.db).execute("SELECT count(*) FROM companies").fetchall()
    assert after == before


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def test_rotation_keeps_7_days_4_weeks_5_of_each_event_and_every_manual_one(
    tmp_path: Path,
) -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)  # a Monday
    backups = []
    for day in range(60):  # two backups a day for sixty days
        for hour in (9, 18):
            moment = start + timedelta(days=day, hours=hour - 9)
            backups.append(Backup(tmp_path / f"{stamp(moment)}-daily.db", moment, backup.DAILY))
    events = [
        Backup(tmp_path / f"e{n}.db", start + timedelta(days=n), backup.BEFORE_UPGRADE)
        for n in range(8)
    ]
    manual = [Backup(tmp_path / f"m{n}.db", start, backup.MANUAL) for n in range(3)]

    kept = backup.to_keep(backups + events + manual)

    last = start + timedelta(days=59, hours=9)
    days = {last.date() - timedelta(days=n) for n in range(7)}
    kept_daily = [b for b in backups if b.path in kept]
    assert {b.taken_at.date() for b in kept_daily} >= days
    for day in days:  # the newest of each of those days
        assert max((b for b in backups if b.taken_at.date() == day), key=lambda b: b.taken_at)
        assert [b.taken_at.hour for b in kept_daily if b.taken_at.date() == day] == [18]
    weeks = {b.taken_at.isocalendar()[:2] for b in kept_daily}
    assert len(weeks) == 4  # the last 7 days fall in the newest weeks, which count among 4
    assert len(kept_daily) <= 7 + 4
    assert [b.path for b in events[-5:]] == [b.path for b in events if b.path in kept]
    assert all(b.path in kept for b in manual)


def test_rotation_after_a_long_pause_keeps_the_last_days_used(tmp_path: Path) -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
    backups = [
        Backup(tmp_path / f"d{n}.db", start + timedelta(days=n), backup.DAILY) for n in range(10)
    ]
    kept = backup.to_keep(backups)
    assert {b.path for b in backups[-7:]} <= kept


def test_rotation_deletes_files_in_the_folder(gripe: Gripe) -> None:
    story(gripe)
    folder = backup.folder_for(gripe.db)
    old = datetime(2025, 1, 6, 9, tzinfo=timezone.utc)
    for day in range(20):
        moment = old + timedelta(days=day)
        source = backups_of(gripe)[0].path
        (folder / f"{stamp(moment)}-daily.db").write_bytes(source.read_bytes())
    (folder / "notes.txt").write_text("mine")

    gripe.ok("backup")

    daily = [b for b in backups_of(gripe) if b.kind == backup.DAILY]
    assert len(daily) <= 7 + 4
    assert (folder / "notes.txt").read_text() == "mine"


# ---- doctor -------------------------------------------------------------------------------------


def test_doctor_on_a_healthy_log_says_so_and_exits_0(gripe: Gripe) -> None:
    story(gripe)
    gripe.ok("backup")

    result = gripe.ok("doctor")
    report = gripe.json("doctor")

    assert "All is well." in result.stdout
    assert report["ok"] is True
    assert [check["name"] for check in report["checks"]] == [
        "database",
        "references",
        "stored values",
        "summaries",
        "evidence files",
        "file modes",
        "unfinished writes",
        "backups",
    ]


def test_doctor_counts_again_summaries_out_of_step_with_the_log(gripe: Gripe) -> None:
    """The summaries the lists read are kept by triggers; a hand edit of the file is the way
    they go wrong, and doctor finds it and counts them again from the log."""
    story(gripe)
    gripe.ok("backup")
    conn = sqlite3.connect(gripe.db)
    with conn:
        conn.execute("UPDATE case_activity SET calls = calls + 5")
        conn.execute("DELETE FROM rep_records")
    conn.close()

    found = gripe("doctor")
    report = json.loads(gripe("doctor", "--json").stdout)
    repaired = gripe("doctor", "--repair")

    assert found.exit_code == 1
    check = next(check for check in report["checks"] if check["name"] == "summaries")
    assert check["ok"] is False
    assert "case_activity disagrees with the rows it counts" in check["problems"]
    assert "rep_records disagrees with the rows it counts" in check["problems"]
    assert repaired.exit_code == 0, repaired.stdout
    assert "counted rep_records again from the log" in repaired.stdout
    assert summaries_out_of_step(gripe.db) == []
    assert gripe.ok("doctor").exit_code == 0
    assert [rep["calls"] for rep in gripe.json("rep", "list")]


def older_gripe_poisoned(gripe: Gripe, tmp_path: Path) -> None:
    """Rows an older gripe let in: an evidence sha256 that walks out of the evidence folder,
    times in year 1 and 9999 (as GRIPE_NOW and --by once allowed), a hold of 2**62 minutes."""
    story(gripe)
    source = tmp_path / "bill.pdf"
    source.write_bytes(b"%PDF bill")
    gripe.ok("attach", "1", str(source))
    conn = sqlite3.connect(gripe.db)
    with conn:
        conn.execute(
            "INSERT INTO evidence (uuid, case_id, file_name, sha256, size, added_at) "
            "VALUES ('bad', 1, 'passwd', '../../../../etc/passwd', 1, '2026-07-28T10:00:00Z')"
        )
        conn.execute("UPDATE promises SET due = '9999-12-31T23:59:00Z' WHERE id = 1")
        conn.execute("UPDATE calls SET created_at = '1-01-01T00:01:15Z' WHERE id = 1")
        conn.execute("UPDATE calls SET hold_minutes = ? WHERE id = 2", (2**62,))
    conn.close()


def test_doctor_names_and_repairs_what_an_older_gripe_let_in(gripe: Gripe, tmp_path: Path) -> None:
    older_gripe_poisoned(gripe, tmp_path)
    bundle = tmp_path / "case.zip"

    refused = gripe("bundle", "1", "-o", str(bundle))
    found = gripe("doctor")
    report = json.loads(gripe("doctor", "--json").stdout)
    repaired = gripe("doctor", "--repair")
    after = gripe("doctor")

    assert "no valid sha256" in assert_one_error(refused, 1)
    assert not bundle.exists()
    assert found.exit_code == 1
    values = next(check for check in report["checks"] if check["name"] == "stored values")
    assert values["ok"] is False
    named = "\n".join(values["problems"])
    assert "evidence #2: sha256 is '../../../../etc/passwd'" in named
    assert "promises #1: due is '9999-12-31T23:59:00Z'" in named
    assert "calls #1: created_at is '1-01-01T00:01:15Z'" in named
    assert f"calls #2: hold_minutes is {2**62}" in named
    assert repaired.exit_code == 0, repaired.stdout
    assert "removed evidence #2" in repaired.stdout
    assert after.exit_code == 0, after.stdout
    assert gripe.rows("SELECT id FROM evidence") == [(1,)]
    assert gripe.rows("SELECT due, due_text FROM promises WHERE id = 1") == [(None, None)]
    assert gripe.rows("SELECT created_at FROM calls WHERE id = 1") == [("1970-01-01T00:00:00Z",)]
    assert gripe.rows("SELECT hold_minutes FROM calls WHERE id = 2") == [(None,)]
    assert [b.kind for b in backups_of(gripe)].count(backup.BEFORE_REPAIR) == 1
    gripe.ok("bundle", "1", "-o", str(bundle))
    gripe.ok("case", "show", "1")
    # The repair is a command of its own in the history, and undo puts the rows back.
    assert gripe.json("history")[0]["command"] == "gripe doctor --repair"
    gripe.ok("undo")
    assert gripe.rows("SELECT id FROM evidence ORDER BY id") == [(1,), (2,)]


def test_doctor_finds_evidence_missing_or_changed(gripe: Gripe, tmp_path: Path) -> None:
    story(gripe)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(name)
        gripe.ok("attach", "1", str(tmp_path / name))
    folder = gripe.db.parent / "evidence"
    stored = sorted(folder.iterdir())
    stored[0].unlink()
    stored[1].chmod(0o600)
    stored[1].write_text("changed")

    report = json.loads(gripe("doctor", "--json").stdout)

    files = next(check for check in report["checks"] if check["name"] == "evidence files")
    assert files["ok"] is False
    assert len(files["problems"]) == 2
    assert any("is missing" in problem for problem in files["problems"])
    assert any("has changed" in problem for problem in files["problems"])


def test_doctor_tightens_file_modes_and_removes_leftovers_of_killed_writes(
    gripe: Gripe,
) -> None:
    story(gripe)
    gripe.db.chmod(0o644)
    killed = [
        gripe.db.parent / f".{gripe.db.name}.new-dead1234",
        backup.folder_for(gripe.db) / f"{backup.TEMPORARY_PREFIX}dead-x.db",
    ]
    fresh = gripe.db.parent / f".{gripe.db.name}.new-alive123"  # a gripe still creating it
    old = time.time() - 3600
    for path in (*killed, fresh):
        path.write_bytes(b"half")
    for path in killed:
        os.utime(path, (old, old))

    found = json.loads(gripe("doctor", "--json").stdout)
    repaired = gripe("doctor", "--repair")

    checks = {check["name"]: check for check in found["checks"]}
    assert checks["file modes"]["ok"] is False
    assert "644" in checks["file modes"]["problems"][0]
    assert checks["unfinished writes"]["ok"] is False
    assert len(checks["unfinished writes"]["problems"]) == 2
    assert repaired.exit_code == 0, repaired.stdout
    assert mode(gripe.db) == 0o600
    assert not any(path.exists() for path in killed)
    assert fresh.exists()


def test_doctor_without_a_backup_says_so_and_repair_takes_one(gripe: Gripe) -> None:
    story(gripe)
    for taken in backups_of(gripe):
        taken.path.unlink()

    found = gripe("doctor")
    repaired = gripe("doctor", "--repair")

    assert found.exit_code == 1
    assert "no good backup" in found.stdout
    assert "fix:" in found.stdout
    assert "gripe backup" in found.stdout
    assert repaired.exit_code == 0
    assert len(backups_of(gripe)) == 1


# ---- the database file --------------------------------------------------------------------------


def test_an_empty_file_is_never_made_into_a_new_log(gripe: Gripe) -> None:
    story(gripe)
    for suffix in ("-wal", "-shm"):
        Path(f"{gripe.db}{suffix}").unlink(missing_ok=True)
    gripe.db.write_bytes(b"")
    [newest] = backups_of(gripe)[:1]

    line = assert_one_error(gripe("log", "Acme Broadband", "again"), 1)

    assert "empty (0 bytes)" in line
    assert f"gripe restore {newest.path}" in line
    assert gripe.db.stat().st_size == 0

    for taken in backups_of(gripe):
        taken.path.unlink()
    line = assert_one_error(gripe("case", "list"), 1)
    assert "delete the empty file first" in line
    assert gripe.db.stat().st_size == 0


def test_a_newer_gripe_s_log_is_refused_before_anything_changes(gripe: Gripe) -> None:
    story(gripe)
    conn = sqlite3.connect(gripe.db)
    conn.execute("PRAGMA journal_mode = DELETE")  # as a newer gripe might leave it
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('gripe', 'm999_from_the_future', '2027-01-01')"
    )
    conn.commit()
    conn.close()
    before = gripe.db.read_bytes()

    line = assert_one_error(gripe("case", "list"), 1)

    assert "newer gripe" in line
    assert gripe.db.read_bytes() == before  # not even switched to WAL
    assert not Path(f"{gripe.db}-wal").exists()


def test_a_new_log_is_built_whole_before_it_appears(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = Gripe(db)("company", "add", "Acme Broadband")
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []
    assert mode(db) == 0o600


def more_than_the_disk_holds(conn: sqlite3.Connection) -> None:
    with writing(conn):  # the rows fit in SQLite's page cache: the disk fills at COMMIT
        conn.executemany(
            "INSERT INTO settings (uuid, key, value) VALUES (?, ?, ?)",
            ((f"u{number}", f"k{number}", "x" * 1000) for number in range(2000)),
        )


def test_a_failed_commit_is_rolled_back_at_once(tmp_path: Path) -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        conn = connect(disk / "gripe.db")
        other = sqlite3.connect(disk / "gripe.db", timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="full"):
                more_than_the_disk_holds(conn)
            assert not conn.in_transaction
            other.execute("BEGIN IMMEDIATE")  # the write lock is free: no waiting
            other.execute("ROLLBACK")
            assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
        finally:
            other.close()
            conn.close()
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


HOLD_THE_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(60)
"""


def test_ctrl_c_while_waiting_for_a_lock_stops_at_once(gripe: Gripe) -> None:
    story(gripe, calls=0)
    before = gripe.dump()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(gripe.db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        waiting = subprocess.Popen(
            [sys.executable, "-m", "gripe", "--db", str(gripe.db), "log", "Acme Broadband", "x"],
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=default_sigint,
        )
        time.sleep(1.5)  # started, and waiting for the lock (it waits up to 15 s)
        assert waiting.poll() is None
        interrupted = time.monotonic()
        waiting.send_signal(signal.SIGINT)
        _, stderr = waiting.communicate(timeout=10)
        took = time.monotonic() - interrupted
    finally:
        holder.kill()
        holder.wait()
    assert waiting.returncode == 130, stderr
    assert took < 1, took
    assert "Interrupted: nothing was saved" in stderr
    assert "Traceback" not in stderr
    assert gripe.dump() == before
