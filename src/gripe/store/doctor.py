"""``gripe doctor``: is the log whole, and can it be put back if it is not?

Each check says what it found, names what is wrong and what to type about it. Nothing changes
unless ``repair`` is asked for; then the log is backed up first (and the repair of rows is a
journaled command of its own, which ``gripe undo`` reverses), and only what can be put right
without guessing is: rows an older gripe let in that this one refuses (an evidence row whose
sha256 is not 64 hex digits names no file and is removed; a time outside 1970-2200 is cleared
where the column allows none, else moved to the nearest year gripe keeps, to be corrected by
hand), file modes tightened, the temporary files of killed writes removed, a missing backup
taken. A damaged database or a row pointing at nothing is named with the backup to restore.

The log is opened with a plain SQLite connection, without the recipe's set-up: a damaged log,
or one an older gripe made, is examined as it is, never migrated or switched to WAL.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from gripe import clock
from gripe.plural import counted
from gripe.store import backup, evidence, schema

STALE_SECONDS = 15 * 60  # a temporary file this old belongs to a write that was killed
BACKUP_LAG_SECONDS = 8 * 24 * 3600  # the log changed this long after its newest backup
SHOWN = 5  # problems named per check, at most
REPAIR_COMMAND = "gripe doctor --repair"


@dataclass
class Finding:
    """One check: what it found (``summary``), the things wrong, what to type, what was done."""

    name: str
    summary: str
    problems: list[str] = field(default_factory=list)
    fix: str | None = None
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Report:
    path: Path
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return all(finding.ok for finding in self.findings)


def _restore_hint(db_path: Path) -> str:
    newest = backup.newest_good(db_path)
    if newest is None:
        return "gripe has no good backup of this log; gripe export saves what can still be read"
    return (
        f"put back the newest good backup ({backup.describe(newest)}): gripe restore {newest.path}"
    )


@contextmanager
def _opened(db_path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 15000")
        yield conn
    finally:
        conn.close()


def examine(db_path: Path, repair: bool = False, default_folder: bool = False) -> Report:
    """Every check on the log at ``db_path``; with ``repair``, what can be put right is."""
    findings: list[Finding] = []
    database = _database(db_path)
    findings.append(database)
    if database.ok:
        with _opened(db_path) as conn:
            findings += [
                _foreign_keys(conn, db_path),
                _stored_values(conn, db_path, repair),
                _summaries(conn, repair),
                _evidence_files(conn, db_path),
            ]
    findings += [
        _file_modes(db_path, repair, default_folder),
        _unfinished_writes(db_path, repair),
        _backups(db_path, repair, database.ok),
    ]
    return Report(db_path, findings)


def _database(db_path: Path) -> Finding:
    finding = Finding("database", f"{db_path} opens and passes SQLite's integrity check")
    if not db_path.exists():
        finding.summary = f"there is no log at {db_path}"
        finding.problems.append("the file is not there")
        finding.fix = _restore_hint(db_path)
        return finding
    problem = backup.check_file(db_path, thorough=False)
    if problem is None:
        with _opened(db_path) as conn:
            try:
                verdict = [
                    " ".join(row[0].split())
                    for row in conn.execute(f"PRAGMA integrity_check({SHOWN})")
                ]
            except sqlite3.DatabaseError as error:
                verdict = [str(error)]
        if verdict != ["ok"]:
            problem = "it is damaged: " + "; ".join(verdict)
    if problem is not None:
        finding.summary = f"{db_path} is not a whole log"
        finding.problems.append(problem)
        finding.fix = _restore_hint(db_path)
        return finding
    with _opened(db_path) as conn:
        waiting = len(schema.KNOWN) - len(schema.applied(conn))
    if waiting:
        finding.summary += (
            f"; {counted(waiting, 'schema upgrade')} {'waits' if waiting == 1 else 'wait'} for "
            "the next command (it backs the log up first)"
        )
    return finding


def _foreign_keys(conn: sqlite3.Connection, db_path: Path) -> Finding:
    finding = Finding("references", "every row points at rows that are there")
    orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in orphans[:SHOWN]:
        finding.problems.append(f"{table} #{rowid} points at a {parent} row that is not there")
    if orphans:
        verb = "points" if len(orphans) == 1 else "point"
        finding.summary = f"{counted(len(orphans), 'row')} {verb} at nothing"
        finding.fix = _restore_hint(db_path)
    return finding


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, bool]:
    """The columns of ``table`` and whether each may be null."""
    return {row[1]: not row[3] for row in conn.execute(f"PRAGMA table_info({table})")}


def _bad_values(conn: sqlite3.Connection) -> Iterator[tuple[str, str, int, object, bool]]:
    """(table, column, row id, value, whether null is allowed) of every time, sha256, length of
    a call and amount that an import of this gripe would refuse."""
    from gripe.store import transfer  # the checks an import makes, made again here

    kinds = (transfer.TIME, transfer.DATE, transfer.SHA256, transfer.MINUTES, transfer.CENTS)
    judged = {check for kind in kinds for check in (kind, kind.optional())}
    for table in transfer.TABLES:
        present = _columns(conn, table.name)
        for column, check in table.columns:
            if column not in present or check not in judged:
                continue
            bad = check.bad.format(c=column)
            for rowid, value in conn.execute(
                f"SELECT id, {column} FROM {table.name} WHERE {column} IS NOT NULL AND ({bad})"
            ):
                yield table.name, column, int(rowid), value, present[column]


def _stored_values(conn: sqlite3.Connection, db_path: Path, repair: bool) -> Finding:
    finding = Finding("stored values", "every time, sha256, length and amount is one gripe keeps")
    found = list(_bad_values(conn))
    if not found:
        return finding
    finding.summary = f"{counted(len(found), 'value')} an older gripe or an import let in"
    for table, column, rowid, value, _ in found[:SHOWN]:
        finding.problems.append(f"{table} #{rowid}: {column} is {value!r}")
    if len(found) > SHOWN:
        finding.problems.append(f"… and {len(found) - SHOWN} more")
    finding.fix = "gripe doctor --repair (it backs the log up first; gripe undo reverses it)"
    if not repair:
        return finding
    # Through the recipe, as a command of its own: brought up to date, backed up, and
    # journaled, so that gripe undo puts the rows back as they were.
    from gripe.store.db import connect, writing

    fixing = connect(db_path, command=REPAIR_COMMAND)
    try:
        backup.take(fixing, db_path, backup.BEFORE_REPAIR)
        with writing(fixing):
            for table, column, rowid, value, nullable in found:
                finding.repaired.append(_repair(fixing, table, column, rowid, value, nullable))
    finally:
        fixing.close()
    finding.problems.clear()
    return finding


def _summaries(conn: sqlite3.Connection, repair: bool) -> Finding:
    """The derived tables the everyday reads use (schema m014), against the log they come from:
    kept by triggers, so only a hand edit of the file or a bug can put them out of step."""
    from gripe.store import summaries

    finding = Finding("summaries", "the counts the lists read agree with the log")
    present = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not set(summaries.EXPECTED) <= present:
        finding.summary = "no summaries yet (made by the next command's schema upgrade)"
        return finding
    wrong = summaries.out_of_step(conn)
    if not wrong:
        return finding
    finding.summary = f"{len(wrong)} summary table(s) out of step with the log"
    finding.problems += [f"{table} disagrees with the rows it counts" for table in wrong]
    finding.fix = "gripe doctor --repair (it counts them again from the log)"
    if repair:
        conn.execute("BEGIN IMMEDIATE")
        try:
            summaries.rebuild(conn, wrong)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        finding.repaired += [f"counted {table} again from the log" for table in wrong]
        finding.problems.clear()
    return finding


def _repair(
    conn: sqlite3.Connection, table: str, column: str, rowid: int, value: object, nullable: bool
) -> str:
    where = f"{table} #{rowid}"
    if column == "sha256":
        conn.execute("DELETE FROM evidence WHERE id = ?", (rowid,))
        return f"removed {where}: its sha256 {value!r} names no stored file"
    if nullable:
        also = ", due_text = NULL, date_only = 0" if (table, column) == ("promises", "due") else ""
        conn.execute(f"UPDATE {table} SET {column} = NULL{also} WHERE id = ?", (rowid,))
        return f"cleared {where} {column} (was {value!r})"
    text = str(value)
    moved = clock.LATEST_STORED if text > clock.LATEST_STORED[:4] else clock.EARLIEST_STORED
    conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (moved, rowid))
    return f"set {where} {column} to {moved} (was {value!r}); correct it if you know the time"


def _evidence_files(conn: sqlite3.Connection, db_path: Path) -> Finding:
    folder = evidence.folder_for(db_path)
    rows = conn.execute("SELECT id, file_name, sha256 FROM evidence ORDER BY id").fetchall()
    finding = Finding(
        "evidence files", f"{counted(len(rows), 'file')} present, each matching its sha256"
    )
    for evidence_id, name, sha256 in rows:
        if not isinstance(sha256, str) or not evidence.is_sha256(sha256):
            continue  # named by the stored-values check
        stored = folder / sha256
        if not stored.is_file():
            finding.problems.append(f"evidence #{evidence_id} ({name}) is missing from {folder}")
        elif _sha256_of(stored) != sha256:
            finding.problems.append(f"evidence #{evidence_id} ({name}) has changed on disk")
    if finding.problems:
        wrong = len(finding.problems)
        finding.summary = (
            f"{wrong:,} of {counted(len(rows), 'evidence file')} "
            f"{'is' if wrong == 1 else 'are'} not right"
        )
        finding.fix = "attach the original again: gripe attach CASE FILE"
        del finding.problems[SHOWN:]
    return finding


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(evidence.CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _private_paths(db_path: Path, default_folder: bool) -> Iterator[tuple[Path, int]]:
    """Every file and folder gripe keeps private, with the mode it should have at most."""
    for suffix in ("", "-wal", "-shm"):
        yield Path(f"{db_path}{suffix}"), 0o600
    if default_folder:
        yield db_path.parent, 0o700
    for folder in (evidence.folder_for(db_path), backup.folder_for(db_path)):
        if folder.is_dir():
            yield folder, 0o700
            for child in folder.iterdir():
                if child.is_file():
                    yield child, 0o600


def _file_modes(db_path: Path, repair: bool, default_folder: bool) -> Finding:
    finding = Finding("file modes", "the log, its evidence and its backups are yours alone")
    loose: list[tuple[Path, int, int]] = []
    for path, wanted in _private_paths(db_path, default_folder):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            loose.append((path, mode, wanted))
    if not loose:
        return finding
    finding.summary = (
        f"{counted(len(loose), 'file or folder', 'files or folders')} others can read"
    )
    finding.problems = [f"{path} is {mode:o}, not {wanted:o}" for path, mode, wanted in loose]
    del finding.problems[SHOWN:]
    finding.fix = "gripe doctor --repair"
    if repair:
        for path, mode, wanted in loose:
            path.chmod(mode & wanted)
            finding.repaired.append(f"{path}: {mode:o} → {mode & wanted:o}")
        finding.problems.clear()
    return finding


def _temporary_files(db_path: Path) -> Iterator[Path]:
    patterns = [
        (db_path.parent, f".{db_path.name}.new-"),
        (db_path.parent, f".{db_path.name}.restoring-"),
        (evidence.folder_for(db_path), ".incoming."),
        (backup.folder_for(db_path), backup.TEMPORARY_PREFIX),
    ]
    for folder, prefix in patterns:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        yield from (folder / name for name in names if name.startswith(prefix))


def _unfinished_writes(db_path: Path, repair: bool) -> Finding:
    finding = Finding("unfinished writes", "no temporary files left by a gripe that was killed")
    now = time.time()
    stale = []
    for path in _temporary_files(db_path):
        try:
            if now - path.lstat().st_mtime > STALE_SECONDS:
                stale.append(path)
        except FileNotFoundError:
            continue
    if not stale:
        return finding
    finding.summary = f"{counted(len(stale), 'temporary file')} left by writes that never finished"
    finding.problems = [str(path) for path in stale[:SHOWN]]
    finding.fix = "gripe doctor --repair (they hold nothing the log needs)"
    if repair:
        for path in stale:
            path.unlink(missing_ok=True)
            finding.repaired.append(f"removed {path}")
        finding.problems.clear()
    return finding


def _backups(db_path: Path, repair: bool, log_ok: bool) -> Finding:
    finding = Finding("backups", "")
    newest = backup.newest_good(db_path)
    changed = _last_change(db_path)
    if newest is not None:
        age = _age(newest.taken_at)
        finding.summary = f"the newest good backup was taken {age} ago: {newest.path}"
        if changed is not None and changed - newest.taken_at.timestamp() > BACKUP_LAG_SECONDS:
            finding.problems.append("the log has changed a lot since; back it up")
    else:
        finding.summary = f"no good backup in {backup.folder_for(db_path)}"
        finding.problems.append("the log has no backup gripe could restore")
    if finding.ok:
        return finding
    finding.fix = "gripe backup"
    if repair and log_ok:
        with _opened(db_path) as conn:
            taken = backup.take(conn, db_path, backup.DAILY)
        finding.repaired.append(f"took a backup: {taken.path}")
        finding.problems.clear()
    return finding


def _last_change(db_path: Path) -> float | None:
    times = []
    for suffix in ("", "-wal"):
        try:
            times.append(Path(f"{db_path}{suffix}").stat().st_mtime)
        except OSError:
            continue
    return max(times) if times else None


def _age(moment: datetime) -> str:
    seconds = max(0, int(datetime.now(timezone.utc).timestamp() - moment.timestamp()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return counted(seconds // size, unit)
    return "moments"
