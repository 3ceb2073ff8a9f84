"""Writing files the person asked for: atomically, and never over an existing file unasked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gripe.errors import BadInput, InvalidState


def write_new(path: Path, data: bytes, force: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all; an existing file needs ``force``.

    The bytes go to a temporary file beside the target, are flushed to disk, then renamed over
    it, so a crash or a full disk never leaves half a letter where the old one was.
    """
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name, like {path / 'letter.pdf'}")
    if not path.parent.is_dir():
        raise BadInput(f"the folder {path.parent} does not exist; create it or choose another -o")
    if path.exists() and not force:
        raise InvalidState(f"{path} already exists; add --force to replace it")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
