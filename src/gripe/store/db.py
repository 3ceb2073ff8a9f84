"""Where the database lives and how every connection to it is made.

The recipe (DESIGN.md): WAL, synchronous=FULL, foreign keys on, a busy timeout long enough for
another gripe to finish, writes under BEGIN IMMEDIATE, one command = one transaction. The file is
created 0600 (and the default folder 0700) before SQLite opens it, so the WAL and shared-memory
files SQLite makes beside it inherit the same mode.

Every write goes through `writing`, which also opens the command's entry in the change journal
(`gripe.store.journal`): the command line a connection was opened for (`connect`'s ``command``)
and the time. Triggers then record every row the command touches, in the same transaction.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from gripe.errors import DatabaseUnusable
from gripe.store import schema

BUSY_TIMEOUT_MS = 15_000


class Connection(sqlite3.Connection):
    """A connection that knows the command line it serves, for the change journal."""

    command: str = "gripe (library call)"


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("gripe", appauthor=False) / "gripe.db"


def resolve_path(option: str | None) -> tuple[Path, bool]:
    """The database path, and whether it is gripe's own default (whose folder gripe may create)."""
    chosen = option or os.environ.get("GRIPE_DB")
    if chosen:
        return Path(chosen).expanduser(), False
    return default_path(), True


def _prepare_file(path: Path, make_folder: bool) -> None:
    if make_folder and not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.chmod(0o700)  # mkdir's mode is filtered by the umask
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder; give a file path such as {path / 'gripe.db'}")
    if not path.parent.is_dir():
        raise DatabaseUnusable(
            f"the folder {path.parent} does not exist; create it, or use --db with another path"
        )
    if path.exists():
        return
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another gripe created it a moment ago
    except OSError as error:
        raise DatabaseUnusable(
            f"cannot create {path} ({error.strerror}); use --db with a path you can write to"
        ) from None
    try:
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


def connect(
    path: Path, *, make_folder: bool = False, command: str | None = None
) -> sqlite3.Connection:
    """A connection made by the recipe, on a schema that is current; ``command`` is the command
    line its writes are journaled under."""
    _prepare_file(path, make_folder)
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=Connection
        )
    except sqlite3.Error as error:
        raise DatabaseUnusable(
            f"cannot open {path} ({error}); use --db with another path"
        ) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _set_up(conn)
    except sqlite3.DatabaseError as error:
        conn.close()
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            raise
        raise DatabaseUnusable(
            f"{path} is not a usable gripe database ({error}); use --db with another path"
        ) from None
    except BaseException:
        conn.close()
        raise
    conn.row_factory = sqlite3.Row
    if command is not None:
        conn.command = command
    return conn


def _set_up(conn: sqlite3.Connection) -> None:
    """WAL, durability, foreign keys and a current schema, retried while another gripe holds
    the file: switching a brand-new file to WAL can meet SQLITE_BUSY without SQLite's busy
    handler ever being called, when two gripes open it at the same moment."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            # A row that INSERT OR REPLACE deletes fires the delete triggers (search, journal).
            conn.execute("PRAGMA recursive_triggers = ON")
            schema.ensure_current(conn)
            return
        except sqlite3.OperationalError as error:
            busy = "locked" in str(error) or "busy" in str(error)
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


@contextmanager
def writing(conn: sqlite3.Connection, journaled: bool = True) -> Iterator[sqlite3.Connection]:
    """One command's writes: all of them land, or none do; journaled so that ``gripe undo``
    can put them back (``journaled=False`` only for what is not a command of its own)."""
    from gripe.store import journal

    conn.execute("BEGIN IMMEDIATE")
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
    conn.execute("COMMIT")


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
