"""Backups of the log: taken through SQLite's backup API, rotated, and put back whole.

Where: ``backups/<log name>-<8 hex digits>/`` in gripe's data folder (folder 0700, files 0600),
one folder per log, named by the log's file name and a digest of its full path, so that two
logs never share backups and a log on a removable disk has its backups on the machine.

When: before a migration changes the schema, before a restore or a repair replaces rows, on
the first write of each day (reads never back up: they stay within their start-up budget), and
when the person asks (``gripe backup``). Each is a consistent snapshot, even while another
gripe writes: the backup API copies every page inside one read transaction.

How many are kept: of the daily backups, the newest of each of the 7 most recent days that
have one and the newest of each of the 4 most recent weeks (counted over the days gripe was
used, so a month away deletes nothing the last use left); of the backups before an upgrade, a
restore or a repair, the newest 5 of each; the ones a person asked for, all of them.

A backup is written to a temporary file beside its final name, switched out of WAL (a backup
is one file), flushed, and linked into place; a killed backup leaves a temporary file that
``gripe doctor`` finds, never a half-written backup under a backup's name.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from gripe.errors import BadInput, InvalidState
from gripe.plural import counted

DAILY = "daily"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
BEFORE_REPAIR = "before-repair"
MANUAL = "manual"
EVENTS = (BEFORE_UPGRADE, BEFORE_RESTORE, BEFORE_REPAIR)
KINDS = (DAILY, *EVENTS, MANUAL)

KEEP_DAYS = 7
KEEP_WEEKS = 4
KEEP_EACH_EVENT = 5
TEMPORARY_PREFIX = ".taking-"  # a backup being written (or one a killed gripe left behind)

_NAME = re.compile(
    r"^(?P<stamp>\d{8}T\d{6}Z)-(?P<kind>" + "|".join(KINDS) + r")(?:-(?P<n>\d+))?\.db$"
)
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    kind: str


def folder_for(db_path: Path) -> Path:
    """The folder holding the backups of the log at ``db_path``."""
    from platformdirs import user_data_path

    resolved = db_path.expanduser().resolve()
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:8]
    return user_data_path("gripe", appauthor=False) / "backups" / f"{resolved.name}-{digest}"


def _in_folder(folder: Path) -> list[Backup]:
    """The backups in ``folder``, newest first; other files there are not backups."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        match = _NAME.match(name)
        if match:
            taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=timezone.utc)
            found.append(Backup(folder / name, taken, match["kind"]))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)


def listed(db_path: Path) -> list[Backup]:
    """The log's backups, newest first."""
    return _in_folder(folder_for(db_path))


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a database file that leaves no trace beside it: a WAL-mode
    file needs shared-memory and WAL files to be read, and those made here are removed."""
    beside = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    existed = [side.exists() for side in beside]
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()
        for side, was_there in zip(beside, existed, strict=True):
            if not was_there:
                side.unlink(missing_ok=True)


def describe(backup: Backup) -> str:
    return f"{backup.kind}, taken {backup.taken_at:%Y-%m-%d %H:%M} UTC"


def check_file(path: Path, thorough: bool = False) -> str | None:
    """What is wrong with the gripe database at ``path`` (None: nothing), without changing it.

    ``thorough`` runs SQLite's full integrity check and the foreign-key check; otherwise the
    quick check (a few milliseconds a megabyte).
    """
    try:
        if path.stat().st_size == 0:
            return "it is empty (0 bytes)"
    except OSError as error:
        return f"it cannot be read ({error.strerror})"
    try:
        with read_only(path) as conn:
            return _problem_in(conn, thorough)
    except sqlite3.Error as error:
        return f"it cannot be opened ({error})"


def _explained(error: sqlite3.Error) -> str:
    if "not a database" in str(error):
        return "it is not a database (SQLite: file is not a database)"
    return f"it is damaged ({error})"


def _problem_in(conn: sqlite3.Connection, thorough: bool) -> str | None:
    from gripe.store import schema

    try:
        pragma = "integrity_check" if thorough else "quick_check"
        verdict = [" ".join(row[0].split()) for row in conn.execute(f"PRAGMA {pragma}(3)")]
        if verdict != ["ok"]:
            return f"it is damaged ({'; '.join(verdict)})"
        names = schema.applied(conn)
        if not names:
            return "it is not a gripe database"
        schema.refuse_newer(names)
        if thorough:
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
            if orphans:
                table, rowid, parent, _ = orphans[0]
                return (
                    f"it has {counted(len(orphans), 'row')} pointing at nothing "
                    f"(the first: {table} #{rowid} names a missing row of {parent})"
                )
    except sqlite3.Error as error:
        return _explained(error)
    except InvalidState as error:
        return error.message
    return None


def newest_good(db_path: Path, limit: int = 10) -> Backup | None:
    """The newest backup of the log that passes SQLite's quick check."""
    for backup in listed(db_path)[:limit]:
        if check_file(backup.path) is None:
            return backup
    return None


def _ensure_folder(folder: Path) -> None:
    """The backup folder, and any folder above it that gripe makes for it, private (0700);
    folders that were already there are left as they are."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)
        made.chmod(0o700)  # mkdir's mode is filtered by the umask


def copy_to(conn: sqlite3.Connection, target: Path, replace: bool = False) -> None:
    """A consistent copy of the database ``conn`` is on, written to ``target`` whole or not at
    all (0600, one file, no WAL); an existing ``target`` is replaced only when asked."""
    temporary = target.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(4)}-{target.name}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
        os.close(descriptor)
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            conn.backup(copy)  # all pages in one step: one snapshot
            copy.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.OperationalError as error:
            if "full" not in str(error):
                raise
            # The copy's disk is full, not the log's: said of the copy.
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from None
        finally:
            copy.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # FileExistsError rather than replace
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def take(conn: sqlite3.Connection, db_path: Path, kind: str, verify: bool = False) -> Backup:
    """A new backup of the log in its backup folder, then the old ones rotated.

    ``verify`` runs SQLite's quick check on the copy: a damaged log is found by its first write
    of the day (the copy has every page of it), refused, and its copy is not kept as a backup.
    """
    folder = folder_for(db_path)
    _ensure_folder(folder)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = now.strftime(_STAMP)
    for number in range(1, 1000):
        name = f"{stamp}-{kind}.db" if number == 1 else f"{stamp}-{kind}-{number}.db"
        try:
            copy_to(conn, folder / name)
        except FileExistsError:
            continue  # two backups in one second
        problem = check_file(folder / name) if verify else None
        if problem is not None:
            (folder / name).unlink()
            from gripe.store.db import damaged

            raise damaged(db_path, problem.removeprefix("it is damaged (").removesuffix(")"))
        rotate(folder)
        return Backup(folder / name, now, kind)
    raise InvalidState(f"cannot name a new backup in {folder}; too many taken this second")


def automatic(conn: sqlite3.Connection, db_path: Path, kind: str) -> None:
    """The backup gripe takes by itself: before an upgrade, or the first write of a day.

    A backup that cannot be taken (its folder unwritable, its disk full) does not stop the
    person's own work: it is noted on the connection for the command to mention, and
    ``gripe doctor`` reports the missing backup.
    """
    try:
        if kind == DAILY:
            today = datetime.now(timezone.utc).date()
            newest = next(iter(listed(db_path)), None)
            if newest is not None and newest.taken_at.date() == today:
                return
            if not _has_rows(conn):
                return  # nothing to lose yet
        take(conn, db_path, kind, verify=True)
    except (OSError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        notes = getattr(conn, "notes", None)
        if isinstance(notes, list):
            notes.append(
                f"could not back up the log to {folder_for(db_path)} ({reason}); "
                "gripe doctor checks the backups"
            )


def _has_rows(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM companies) OR EXISTS (SELECT 1 FROM settings)"
    ).fetchone()
    return bool(found[0])


def to_keep(backups: list[Backup]) -> set[Path]:
    """Which backups rotation keeps (see the module's docstring)."""
    newest_first = sorted(backups, key=lambda backup: backup.taken_at, reverse=True)
    keep = {backup.path for backup in newest_first if backup.kind == MANUAL}
    days: dict[object, Path] = {}
    weeks: dict[object, Path] = {}
    events: dict[str, list[Path]] = {}
    for backup in newest_first:
        if backup.kind == DAILY:
            days.setdefault(backup.taken_at.date(), backup.path)
            weeks.setdefault(backup.taken_at.isocalendar()[:2], backup.path)
        elif backup.kind in EVENTS:
            events.setdefault(backup.kind, []).append(backup.path)
    keep.update(list(days.values())[:KEEP_DAYS])
    keep.update(list(weeks.values())[:KEEP_WEEKS])
    for paths in events.values():
        keep.update(paths[:KEEP_EACH_EVENT])
    return keep


def rotate(folder: Path) -> None:
    backups = _in_folder(folder)
    keep = to_keep(backups)
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)


def restore(db_path: Path, source: Path) -> Backup | None:
    """Put the log at ``source`` in place of the one at ``db_path``, whole.

    ``source`` is checked first (a readable, undamaged gripe database no newer than this gripe);
    the current log is backed up before it is replaced (returned; None when there was none).
    """
    if not source.is_file():
        what = "a folder" if source.is_dir() else "not there"
        raise BadInput(f"{source} is {what}; give a backup file, see: gripe doctor")
    problem = check_file(source, thorough=True)
    if problem is not None:
        raise BadInput(f"{source} cannot be restored: {problem}; nothing was changed")
    if db_path.exists() and db_path.resolve() == source.resolve():
        raise BadInput(f"{source} is the log itself; give a backup of it")
    saved = _save_current(db_path) if db_path.exists() else None
    with read_only(source) as from_backup:
        if not _copy_into_live(from_backup, db_path):
            _replace_file(from_backup, db_path)
    return saved


def _save_current(db_path: Path) -> Backup | None:
    """The log about to be replaced, kept: through SQLite when it can be read, else its bytes."""
    if db_path.stat().st_size == 0:
        return None
    try:
        live = sqlite3.connect(db_path, isolation_level=None)
        try:
            live.execute("PRAGMA busy_timeout = 15000")
            return take(live, db_path, BEFORE_RESTORE)
        finally:
            live.close()
    except sqlite3.DatabaseError:
        pass  # damaged: keep the bytes as they are, for whatever can be saved from them
    folder = folder_for(db_path)
    _ensure_folder(folder)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    target = folder / f"{now.strftime(_STAMP)}-{BEFORE_RESTORE}.db"
    temporary = folder / f"{TEMPORARY_PREFIX}{secrets.token_hex(4)}-{target.name}"
    with open(db_path, "rb") as original, open(temporary, "xb") as copy:
        os.fchmod(copy.fileno(), 0o600)
        while chunk := original.read(1024 * 1024):
            copy.write(chunk)
        copy.flush()
        os.fsync(copy.fileno())
    os.replace(temporary, target)
    return Backup(target, now, BEFORE_RESTORE)


def _copy_into_live(source: sqlite3.Connection, db_path: Path) -> bool:
    """The backup API run backwards, into the live log: every page replaced under the log's own
    write lock, so a gripe running at the same moment waits and then sees the restored log.
    False when the live file is not a database SQLite can write into."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return False
    try:
        live = sqlite3.connect(db_path, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        live.execute("PRAGMA busy_timeout = 15000")
        live.execute("SELECT count(*) FROM sqlite_master").fetchone()
        source.backup(live)
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and "malformed" not in str(error):
            raise
        return False
    finally:
        live.close()
    return True


def _replace_file(source: sqlite3.Connection, db_path: Path) -> None:
    """A new file in place of one SQLite cannot use (empty, damaged): the old WAL goes too."""
    temporary = db_path.with_name(f".{db_path.name}.restoring-{secrets.token_hex(4)}")
    copy_to(source, temporary)
    try:
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(db_path.parent)
