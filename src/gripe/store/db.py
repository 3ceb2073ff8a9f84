"""Where the database lives and how every connection to it is made.

The recipe (DESIGN.md): WAL, synchronous=FULL, foreign keys on, a busy timeout long enough for
another gripe to finish, writes under BEGIN IMMEDIATE, one command = one transaction.

A new log is built whole in a private temporary file beside its path (0600, and the default
folder 0700), then linked into place, which fails rather than replace a log another gripe made
at the same moment. So a file at the path is always a log someone made, and an empty one is a
log that was lost (a full disk, a copy cut short): it is refused, never silently made into a
new, empty log. An existing file is checked for a newer gripe's schema before anything in it
changes (the switch to WAL included), and backed up before a migration changes it.

Waiting for another gripe's lock happens in short slices, so that Ctrl-C is noticed at once:
SQLite's own busy wait sleeps in C, where Python cannot see a signal until it ends.

Every write goes through `writing`, which also opens the command's entry in the change journal
(`gripe.store.journal`): the command line a connection was opened for (`connect`'s ``command``)
and the time. Triggers then record every row the command touches, in the same transaction.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from gripe.errors import DatabaseDamaged, DatabaseUnusable
from gripe.store import schema

BUSY_TIMEOUT_MS = 15_000
LOCK_SLICE_MS = 100  # how long one wait for a lock lasts before Python looks for Ctrl-C


class Connection(sqlite3.Connection):
    """A gripe connection: the command line it serves (for the change journal), the file it is
    on, whether a command's writes were saved, and notes for the person about what happened
    beside them (a backup that could not be taken)."""

    command: str = "gripe (library call)"
    path: Path | None = None
    saved = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notes: list[str] = []


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("gripe", appauthor=False) / "gripe.db"


def resolve_path(option: str | None) -> tuple[Path, bool]:
    """The database path, and whether it is gripe's own default (whose folder gripe may create)."""
    chosen = option or os.environ.get("GRIPE_DB")
    if chosen:
        return Path(chosen).expanduser(), False
    return default_path(), True


def prepare_folder(path: Path, make_folder: bool) -> None:
    if make_folder and not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.chmod(0o700)  # mkdir's mode is filtered by the umask
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder; give a file path such as {path / 'gripe.db'}")
    if not path.parent.is_dir():
        raise DatabaseUnusable(
            f"the folder {path.parent} does not exist; create it, or use --db with another path"
        )


def _refuse_empty(path: Path) -> None:
    """A zero-byte file where a log was expected: the log was lost, not never made."""
    try:
        size = path.stat().st_size
        wal = Path(f"{path}-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError:
        return  # SQLite will say what is wrong with it
    if size or wal_size:
        return
    from gripe.store import backup

    newest = backup.newest_good(path)
    if newest is None:
        raise DatabaseDamaged(
            f"{path} is empty (0 bytes): the log that was there is gone, and gripe has no "
            "backup of it; if you meant to start a new log there, delete the empty file first"
        )
    raise DatabaseDamaged(
        f"{path} is empty (0 bytes): the log that was there is gone; put back the newest "
        f"backup ({backup.describe(newest)}) with: gripe restore {newest.path}"
    )


def _open(path: Path, busy_ms: int = BUSY_TIMEOUT_MS) -> Connection:
    conn = sqlite3.connect(path, timeout=busy_ms / 1000, isolation_level=None, factory=Connection)
    assert isinstance(conn, Connection)
    conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
    return conn


def _create(path: Path) -> None:
    """Build a new, current log in a temporary file and link it into place."""
    import secrets

    temporary = path.with_name(f".{path.name}.new-{secrets.token_hex(4)}")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise DatabaseUnusable(
            f"cannot create {path} ({error.strerror}); use --db with a path you can write to"
        ) from None
    try:
        os.fchmod(descriptor, 0o600)
        os.close(descriptor)
        conn = _open(temporary)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            schema.ensure_current(conn)
        finally:
            conn.close()  # the last connection: the WAL is checkpointed into the file
        _fsync(temporary)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another gripe made the log a moment ago: use theirs
        except OSError:
            _publish_by_copy(temporary, path)  # a file system without hard links
        _fsync(path.parent)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)


def _publish_by_copy(temporary: Path, path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as target:
        target.write(temporary.read_bytes())
        target.flush()
        os.fsync(target.fileno())


def _fsync(path: Path) -> None:
    """Make a file, or a rename in a folder, durable; not every platform can open a folder."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def connect(
    path: Path, *, make_folder: bool = False, command: str | None = None
) -> sqlite3.Connection:
    """A connection made by the recipe, on a schema that is current; ``command`` is the command
    line its writes are journaled under."""
    prepare_folder(path, make_folder)
    if not path.exists():
        _create(path)
    else:
        _refuse_empty(path)
    try:
        conn = _open(path, LOCK_SLICE_MS)
    except sqlite3.Error as error:
        raise DatabaseUnusable(f"cannot open {path} ({error})") from None
    conn.path = path
    try:
        _set_up(conn, path)
    except sqlite3.DatabaseError as error:
        conn.close()
        if isinstance(error, sqlite3.OperationalError) or not _is_damage(error):
            raise  # busy, full, read-only, I/O: the error boundary explains it
        raise damaged(path, error) from None
    except BaseException:
        conn.close()
        raise
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.row_factory = sqlite3.Row
    if command is not None:
        conn.command = command
    return conn


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    text = str(error)
    return "malformed" in text or "not a database" in text or "corrupt" in text


def damaged(path: Path, error: object) -> DatabaseUnusable | DatabaseDamaged:
    """The refusal of a file that is not (or is no longer) a readable log, with the way back;
    ``error`` is what SQLite said about it."""
    from gripe.store import backup

    newest = backup.newest_good(path)
    if "not a database" in str(error) and newest is None:
        return DatabaseUnusable(
            f"{path} is not a gripe database ({error}); give the path of your log with --db"
        )
    if newest is None:
        return DatabaseDamaged(
            f"{path} is damaged ({error}) and gripe has no backup of it; nothing was changed. "
            "See what can be saved with: gripe doctor"
        )
    return DatabaseDamaged(
        f"{path} is damaged ({error}); nothing was changed. Put back the newest good backup "
        f"({backup.describe(newest)}) with: gripe restore {newest.path}"
    )


def _set_up(conn: Connection, path: Path) -> None:
    """WAL, durability, foreign keys and a current schema, retried while another gripe holds
    the file (the connection waits for a lock a slice at a time here): switching a brand-new
    file to WAL can meet SQLITE_BUSY without SQLite's busy handler ever being called."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    backed_up = False
    while True:
        try:
            # Before anything changes: a newer gripe's database is refused as it is.
            applied = schema.applied(conn)
            schema.refuse_newer(applied)
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # A row that INSERT OR REPLACE deletes fires the delete triggers (search, journal).
            conn.execute("PRAGMA recursive_triggers = ON")
            if schema.pending(applied):
                if applied and not backed_up:
                    from gripe.store import backup

                    backup.automatic(conn, path, backup.BEFORE_UPGRADE)
                    backed_up = True
                schema.ensure_current(conn)
            return
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, waiting for another gripe's write lock a slice at a time."""
    conn.execute(f"PRAGMA busy_timeout = {LOCK_SLICE_MS}")
    try:
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() > deadline:
                    raise
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


@contextmanager
def writing(conn: sqlite3.Connection, journaled: bool = True) -> Iterator[sqlite3.Connection]:
    """One command's writes: all of them land, or none do; journaled so that ``gripe undo``
    can put them back (``journaled=False`` only for what is not a command of its own).

    The first write of a day backs the log up first (`gripe.store.backup`): reads never do.
    """
    from gripe.store import journal

    path = getattr(conn, "path", None)
    if path is not None:
        from gripe.store import backup

        backup.automatic(conn, path, backup.DAILY)
    _begin_immediate(conn)
    try:
        change = None
        if journaled:
            command = getattr(conn, "command", Connection.command)
            change = journal.begin(conn, command, _now())
        yield conn
        if change is not None:
            journal.finish(conn, change)
    except BaseException:
        if conn.in_transaction:  # a RAISE(ROLLBACK) trigger may have ended it already
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        # A COMMIT that failed (a full disk, an I/O error) may leave the transaction open,
        # holding the write lock: end it now, so nothing half-done lingers.
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    if isinstance(conn, Connection):
        conn.saved = True


def _now() -> datetime:
    from gripe import clock

    return clock.now(timezone.utc)


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A consistent snapshot for a command that reads several tables."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


def new_uuid() -> str:
    import uuid  # only writes need it

    return str(uuid.uuid4())
