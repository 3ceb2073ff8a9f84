"""The oldest and the newest CPython on this machine that gripe supports, one path a line.

Looks at every ``python3.N`` on PATH and every pyenv build; leaves out the version of the
``python3`` running this (CI tests that one first), and prints nothing when there is no other.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

OLDEST_SUPPORTED = (3, 10)


def version_of(path: str) -> tuple[int, int] | None:
    try:
        found = subprocess.run(
            [path, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        major, minor = found.stdout.split()
        return int(major), int(minor)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def main() -> None:
    pyenv = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates = sorted(glob.glob(os.path.join(pyenv, "versions", "*", "bin", "python3")))
    candidates += [shutil.which(f"python3.{minor}") or "" for minor in range(10, 30)]
    found: dict[tuple[int, int], str] = {}
    for path in filter(None, candidates):
        version = version_of(path)
        if version is not None and version >= OLDEST_SUPPORTED:
            found.setdefault(version, path)
    found.pop(sys.version_info[:2], None)
    if found:
        print(*sorted({found[min(found)], found[max(found)]}), sep="\n")


if __name__ == "__main__":
    main()
