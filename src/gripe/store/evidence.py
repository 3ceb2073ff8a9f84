"""Evidence: files kept with a case, stored by content in gripe's data directory.

A file is copied to ``evidence/<sha256>`` beside the database (folder 0700, file 0600), so the
person may delete or move the original, and the same content attached twice is stored once. The
row on the case keeps what the person knows it by: the original file name, its size and a note.
The copy is written to a temporary file, flushed and renamed into place before the row is
inserted (in its own short transaction, so copying a large recording holds up no other gripe),
and a row never names a half-written file. The same content stored again is the same file.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import tempfile
from datetime import datetime
from pathlib import Path

from gripe import clock
from gripe.errors import BadInput, InvalidState
from gripe.model import Evidence
from gripe.store import rows
from gripe.store.db import new_uuid

FOLDER_NAME = "evidence"
CHUNK = 1024 * 1024


def folder_for(db_path: Path) -> Path:
    """Where evidence files live: ``evidence/`` in the folder that holds the database."""
    return db_path.parent / FOLDER_NAME


def is_sha256(text: str) -> bool:
    return len(text) == 64 and all(character in "0123456789abcdef" for character in text)


def stored_path(folder: Path, evidence: Evidence) -> Path:
    """The stored copy of ``evidence``; a row whose sha256 is not one (an older gripe imported
    it unchecked) names no file, not whatever its text points at."""
    if not is_sha256(evidence.sha256):
        raise InvalidState(
            f"evidence #{evidence.id} ({evidence.file_name}) has no valid sha256, so its file "
            "cannot be found; gripe doctor --repair removes such rows"
        )
    return folder / evidence.sha256


def check_source(source: Path) -> None:
    """Refuse, before anything is written, a path that is not a readable regular file."""
    try:
        info = source.stat()
    except FileNotFoundError:
        raise BadInput(f"there is no file {source}; check the path (tab completes it)") from None
    except OSError as error:
        raise BadInput(f"cannot read {source} ({error.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadInput(f"{source} is a folder; attach the files in it one at a time")
    if not stat.S_ISREG(info.st_mode):
        raise BadInput(f"{source} is not a regular file; attach a document, photo or recording")
    if not os.access(source, os.R_OK):
        raise BadInput(f"cannot read {source} (permission denied); check its permissions")


def _ensure_folder(folder: Path) -> None:
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.chmod(0o700)  # mkdir's mode is filtered by the umask
    except OSError as error:
        raise InvalidState(
            f"cannot create the evidence folder {folder} ({error.strerror}); "
            "use --db with a database in a folder you can write to"
        ) from None


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; not every platform can open a folder, which is fine."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def store_file(folder: Path, source: Path) -> tuple[str, int]:
    """Copy ``source`` into ``folder`` under its sha256; (sha256, size) of what was copied.

    The bytes are hashed as they are copied, so the name always matches the stored content,
    even if the original changes while it is being read.
    """
    _ensure_folder(folder)
    digest = hashlib.sha256()
    size = 0
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".incoming.", dir=folder)  # 0600
    except OSError as error:
        raise InvalidState(
            f"cannot write to the evidence folder {folder} ({error.strerror})"
        ) from None
    try:
        with os.fdopen(descriptor, "wb") as target:
            try:
                reader = source.open("rb")
            except OSError as error:
                raise BadInput(f"cannot read {source} ({error.strerror})") from None
            with reader:
                while chunk := reader.read(CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
                    size += len(chunk)
            target.flush()
            os.fsync(target.fileno())
        sha256 = digest.hexdigest()
        # Same name, same content: replacing an existing copy also repairs a damaged one.
        os.replace(temporary, folder / sha256)
    except OSError as error:  # a full disk, say: named by the folder, not the temporary file
        Path(temporary).unlink(missing_ok=True)
        if error.filename in (None, temporary):
            raise OSError(error.errno, error.strerror, str(folder)) from None
        raise
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return sha256, size


def forget(conn: sqlite3.Connection, folder: Path, sha256s: list[str]) -> list[str]:
    """Delete the stored files among ``sha256s`` that no evidence row, and no change that may
    still be undone, refers to; the sha256 of those deleted.

    Checked and deleted under the write lock, so no other gripe adds a row for one of them
    between the check and the deletion.
    """
    from gripe.store import journal

    if not sha256s:
        return []
    removed = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        referenced = journal.files_still_referenced(conn, sha256s)
        for sha256 in sha256s:
            if sha256 in referenced:
                continue
            try:
                (folder / sha256).unlink()
            except FileNotFoundError:
                continue
            removed.append(sha256)
    finally:
        conn.execute("COMMIT")
    return removed


def add(
    conn: sqlite3.Connection,
    case_id: int,
    file_name: str,
    sha256: str,
    size: int,
    now: datetime,
    note: str | None = None,
) -> Evidence:
    cleaned = " ".join(note.split()) if note else None
    cursor = conn.execute(
        "INSERT INTO evidence (uuid, case_id, file_name, sha256, size, added_at, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (new_uuid(), case_id, file_name, sha256, size, clock.to_storage(now), cleaned or None),
    )
    return get(conn, int(cursor.lastrowid or 0))


_evidence = rows.evidence
_COLUMNS = rows.EVIDENCE_COLUMNS


def get(conn: sqlite3.Connection, evidence_id: int) -> Evidence:
    row = conn.execute(f"SELECT {_COLUMNS} FROM evidence WHERE id = ?", (evidence_id,)).fetchone()
    return _evidence(row)


def for_case(conn: sqlite3.Connection, case_id: int) -> list[Evidence]:
    """A case's evidence, in the order it was added."""
    found = conn.execute(
        f"SELECT {_COLUMNS} FROM evidence WHERE case_id = ? ORDER BY added_at, id", (case_id,)
    )
    return [_evidence(row) for row in found]
