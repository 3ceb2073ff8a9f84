"""Writing files the person asked for: atomically, and never over an existing file unasked.

Every output file (a letter, an export, a calendar, a bundle, a backup) is written to a
temporary file beside its target, flushed to disk, then renamed over it: a crash, a full disk
or Ctrl-C never leaves half a file where the person asked for one, and an error names the
target, not the temporary file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gripe.errors import BadInput, InvalidState


def check_target(path: Path, force: bool = False) -> None:
    """Refuse, before any work, a target that cannot be written or must not be replaced."""
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name, like {path / 'letter.pdf'}")
    if not path.parent.is_dir():
        raise BadInput(f"the folder {path.parent} does not exist; create it or choose another -o")
    if path.exists() and not force:
        raise InvalidState(f"{path} already exists; add --force to replace it")


@contextmanager
def new_file(path: Path, force: bool = False) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; when the block ends without an error, the
    file there is flushed and renamed to ``path``. On any error it is removed, and an error of
    the file system is reported against ``path``."""
    check_target(path, force)
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        os.close(descriptor)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from None
    temporary = Path(name)
    try:
        yield temporary
        _flush(temporary)
        if not force and path.exists():
            raise InvalidState(f"{path} already exists; add --force to replace it")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _flush(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def write_new(path: Path, data: bytes, force: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all; an existing file needs ``force``."""
    with new_file(path, force) as temporary, open(temporary, "wb") as handle:
        handle.write(data)
