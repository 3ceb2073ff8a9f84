"""Entry point for ``gripe`` and ``python -m gripe``.

``gripe --version`` is answered before the CLI framework is imported: it is the command people
and scripts run to check an install, and the budget for it is a few times ``python -c pass``.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from gripe import __version__

        sys.stdout.write(f"gripe {__version__}\n")
        return
    from gripe.cli import run

    run()


if __name__ == "__main__":
    main()
