"""Entry point for ``gripe`` and ``python -m gripe``.

Three things here are about start-up and shut-down time, which DESIGN.md budgets:

- ``gripe --version`` is answered before the CLI framework is imported.
- Standard-library modules that typer and rich import but a command does not use are loaded
  when first used (`gripe._deferred`).
- After a command has finished (its transaction committed, its connection closed), the process
  ends with ``os._exit`` once stdout and stderr are flushed. Tearing down the interpreter's
  modules one by one would cost more than a fifth of a typical command's time and does nothing
  for the person waiting. An exception that escapes (a bug) still ends the normal way, with its
  traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from gripe import __version__

        sys.stdout.write(f"gripe {__version__}\n")
        return
    from gripe._deferred import defer_unused

    defer_unused()
    from gripe.cli import run

    try:
        run()
        code = 0
    except SystemExit as exit:
        code = _exit_code(exit.code)
    _flush_and_exit(code)


def _exit_code(code: object) -> int:
    """What ``sys.exit(code)`` would have made of ``code``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _flush_and_exit(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        # The reader may have gone away (gripe … | head): nothing more to say to it.
        with contextlib.suppress(BrokenPipeError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
