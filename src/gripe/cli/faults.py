"""What the world did, in words: storage faults and input gripe cannot hold, as one line.

The error boundary (`gripe.cli.GripeGroup.invoke`) hands every exception of a class the world
can raise (SQLite's storage errors, the operating system's, numbers and dates out of range,
text that is not UTF-8, input nested too deeply, memory running out) to `explain`, which
names the file involved and says what to do, with exit code 1 for storage (the machine's
fault; the log is unharmed) or 2 for input (the person's to change). What it cannot place,
a programming error (a misused SQLite API, a constraint gripe should have checked first),
is left to show its traceback: a real bug is never dressed up as the disk's fault.

The message never suggests abandoning a log for a fault that is not the log's: a full disk or
a read-only file says so, and that nothing was saved.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

STORAGE = 1
INPUT = 2

# SQLite's primary result codes (sqlite.org/rescode.html) that say something about the storage.
_BUSY, _LOCKED, _NOMEM, _READONLY, _INTERRUPT, _IOERR, _CORRUPT = 5, 6, 7, 8, 9, 10, 11
_FULL, _CANTOPEN, _PROTOCOL, _TOOBIG, _NOLFS, _NOTADB, _PERM = 13, 14, 15, 18, 22, 26, 3

# Python 3.10 has no `sqlite_errorcode`: the same classes by SQLite's message for them.
_BY_MESSAGE = (
    ("database or disk is full", _FULL),
    ("readonly database", _READONLY),
    ("disk i/o error", _IOERR),
    ("malformed", _CORRUPT),
    ("file is not a database", _NOTADB),
    ("database is locked", _BUSY),
    ("database table is locked", _LOCKED),
    ("unable to open database file", _CANTOPEN),
    ("out of memory", _NOMEM),
    ("string or blob too big", _TOOBIG),
    ("interrupted", _INTERRUPT),
)


def _sqlite_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((found for words, found in _BY_MESSAGE if words in text), None)


def unharmed(saved: bool) -> str:
    """What became of the command's own change, for a fault that ended it."""
    return (
        "the change itself was saved before this happened"
        if saved
        else "nothing was saved and the log is unharmed"
    )


def explain(error: BaseException, db: Path | None, saved: bool = False) -> tuple[str, int] | None:
    """The line for the person and the exit code, or None when ``error`` is a bug.

    ``db`` is the log the command works on (None when it never got that far); ``saved``
    says whether the command's transaction had committed before the error.
    """
    if isinstance(error, sqlite3.Error):
        return _sqlite(error, db, saved)
    if isinstance(error, OSError):
        return _os(error, db, saved)
    if isinstance(error, OverflowError):
        return (
            f"a number or date is out of range ({error}); {unharmed(saved)}. Use smaller "
            "numbers, and dates between the years 1970 and 2200",
            INPUT,
        )
    if isinstance(error, RecursionError):
        return f"the input is nested too deeply to read; {unharmed(saved)}", INPUT
    if isinstance(error, UnicodeError):
        return (
            f"some text is not valid UTF-8 ({_unicode_reason(error)}); {unharmed(saved)}. "
            "Type text in UTF-8, or convert the file to UTF-8",
            INPUT,
        )
    if isinstance(error, MemoryError):
        return (
            f"gripe ran out of memory; {unharmed(saved)}. Close other programs and try again",
            STORAGE,
        )
    return None


def _unicode_reason(error: UnicodeError) -> str:
    reason = getattr(error, "reason", None)
    return str(reason) if reason else str(error)


def _disk(db: Path | None) -> str | None:
    """What is wrong with the disk under ``db`` that SQLite reports only as an I/O error (it
    cannot make the WAL index beside the log): "full", "read-only", or a file size limit."""
    import os

    folder = db.parent if db is not None else Path.cwd()
    try:
        found = os.statvfs(folder)
    except OSError:
        return None
    if found.f_flag & os.ST_RDONLY:
        return "read-only"
    if found.f_bavail * found.f_frsize < 256 * 1024:
        return "full"
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    except (ImportError, OSError):
        return None
    return "limited" if soft != resource.RLIM_INFINITY else None


def _sqlite(error: sqlite3.Error, db: Path | None, saved: bool) -> tuple[str, int] | None:
    code = _sqlite_code(error)
    where = str(db) if db is not None else "the log"
    if code in (_IOERR, _CANTOPEN, _FULL):
        disk = _disk(db)
        if disk == "full" or code == _FULL:
            code = _FULL
        elif disk == "read-only":
            return (
                f"{where} is on a read-only disk, and SQLite must write beside a log even to "
                f"read it; {unharmed(saved)}. Remount the disk writable, then try again",
                STORAGE,
            )
        elif disk == "limited":
            return (
                f"a limit on the size of files (ulimit -f) stopped gripe writing {where} "
                f"({error}); {unharmed(saved)}. Raise the limit, then try again",
                STORAGE,
            )
    if code in (_BUSY, _LOCKED):
        return "the database is busy: another gripe is still writing; try again", STORAGE
    if code == _FULL:
        return (
            f"the disk holding {where} is full; {unharmed(saved)}. "
            "Free some space, then try again",
            STORAGE,
        )
    if code in (_READONLY, _PERM):
        return (
            f"{where} cannot be written: it or its disk is read-only ({error}); "
            f"{unharmed(saved)}. Make it writable (ls -l shows its permissions, lsattr its "
            "immutable flag; a disk mounted read-only must be remounted), then try again",
            STORAGE,
        )
    if code in (_IOERR, _PROTOCOL, _NOLFS):
        done = "the change was saved before this happened" if saved else "nothing was saved"
        return (
            f"the disk could not read or write {where} ({error}); {done}. Check the disk, "
            "then run: gripe doctor",
            STORAGE,
        )
    if code in (_CORRUPT, _NOTADB):
        if db is None:
            return f"the log is damaged ({error}); run: gripe doctor", STORAGE
        from gripe.store.db import damaged

        refusal = damaged(db, error)
        return refusal.message, refusal.exit_code
    if code == _CANTOPEN:
        return (
            f"cannot open {where} ({error}); check that it and its folder exist and that you "
            "may write there",
            STORAGE,
        )
    if code == _NOMEM:
        return f"SQLite ran out of memory working on {where}; {unharmed(saved)}", STORAGE
    if code == _TOOBIG:
        return f"a value is too big for the log ({error}); {unharmed(saved)}", INPUT
    if code == _INTERRUPT:
        return f"interrupted; {unharmed(saved)}", 130
    return None  # a misuse of SQLite, or a constraint gripe should have checked: a bug


_INPUT_ERRNOS = {errno.EISDIR, errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP}


def _os(error: OSError, db: Path | None, saved: bool) -> tuple[str, int] | None:
    if isinstance(error, BrokenPipeError):
        return None  # the reader went away (gripe … | head): click ends quietly
    number = error.errno
    name = error.filename if error.filename is not None else db
    what = f"{name}" if name is not None else "a file"
    reason = error.strerror or str(error)
    if number in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"the disk is full (writing {what}); {unharmed(saved)}. "
            "Free some space, then try again",
            STORAGE,
        )
    if number == errno.EROFS:
        return (
            f"{what} is on a read-only disk; {unharmed(saved)}. Remount it writable or choose "
            "another place for what you are writing",
            STORAGE,
        )
    if number in (errno.EACCES, errno.EPERM):
        return (
            f"permission denied: {what}; {unharmed(saved)}. Check its permissions "
            "(ls -l) and that it is not locked (lsattr shows the immutable flag)",
            STORAGE,
        )
    if number == errno.EISDIR:
        return f"{what} is a folder; give a file name", INPUT
    if number in _INPUT_ERRNOS:
        return f"cannot use {what} ({reason}); check the path", INPUT
    if number == errno.EFBIG:
        return (
            f"{what} would grow beyond the largest file allowed here ({reason}); "
            f"{unharmed(saved)}",
            STORAGE,
        )
    return f"cannot use {what} ({reason}); {unharmed(saved)}", STORAGE
