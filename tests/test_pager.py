"""Long output in a pager, the way git does it: in a terminal (a pseudo-terminal here, of a
known size), output taller than the screen goes through the pager; output that fits, output
into a pipe, ``--no-pager`` and ``GRIPE_PAGER=cat`` do not."""

from __future__ import annotations

import fcntl
import os
import select
import shlex
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import Gripe

ROWS, COLUMNS = 12, 100

# A pager that keeps what it was given, and the LESS it was run with, in files beside it.
RECORDING_PAGER = """
import os, sys
text = sys.stdin.read()
with open(sys.argv[1], "w", encoding="utf-8") as kept:
    kept.write(text)
with open(sys.argv[1] + ".less", "w", encoding="utf-8") as kept:
    kept.write(os.environ.get("LESS", "(not set)"))
"""


class Run:
    """gripe on a pseudo-terminal of ROWS x COLUMNS: what the terminal showed, and its exit."""

    def __init__(
        self,
        db: Path,
        *args: str,
        env: dict[str, str | None] | None = None,  # None: not set
        piped: bool = False,
        keys: bytes = b"",
        columns: int = COLUMNS,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, columns, 0, 0))
        environ: dict[str, str | None] = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        environ.pop("COLUMNS", None)  # the terminal's own size, as a person's shell has it
        process = subprocess.Popen(
            [sys.executable, "-m", "gripe", "--db", str(db), *args],
            stdin=slave,
            stdout=subprocess.PIPE if piped else slave,
            stderr=slave,
            env={key: value for key, value in environ.items() if value is not None},
            start_new_session=True,
        )
        os.close(slave)
        shown = b""
        deadline = time.monotonic() + 20
        sent = False
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every holder of the terminal has closed it
                    break
                if not chunk:
                    break
                shown += chunk
            elif keys and not sent and shown:
                os.write(master, keys)
                sent = True
            elif process.poll() is not None:
                break
        self.piped = process.stdout.read().decode() if piped and process.stdout else ""
        self.code = process.wait(timeout=10)
        os.close(master)
        self.shown = shown.decode(errors="replace").replace("\r\n", "\n")


@pytest.fixture
def long_case(gripe: Gripe) -> Gripe:
    """Case 1 with more calls than a 12-row screen holds."""
    for day in range(20, 28):
        gripe.ok("log", "Comcast", f"Call number {day}", "--at", f"2026-07-{day} 10:00")
    return gripe


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """GRIPE_PAGER for the recording pager, and the file it writes."""
    script = tmp_path / "pager.py"
    script.write_text(RECORDING_PAGER, encoding="utf-8")
    kept = tmp_path / "paged.txt"
    return (
        f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(kept))}",
        kept,
    )


def test_taller_than_the_screen_goes_through_the_pager(
    long_case: Gripe, pager: tuple[str, Path]
) -> None:
    command, kept = pager
    run = Run(long_case.db, "case", "show", "1", env={"GRIPE_PAGER": command})
    assert run.code == 0, run.shown
    paged = kept.read_text(encoding="utf-8")
    assert "Call number 20" in paged
    assert "Call number 27" in paged
    assert "Call number" not in run.shown  # the screen showed the pager, not the text
    assert (kept.parent / "paged.txt.less").read_text() == "FRX"  # as git sets it


def test_no_pager_option_piped_output_and_cat_are_not_paged(
    long_case: Gripe, pager: tuple[str, Path]
) -> None:
    command, kept = pager
    run = Run(long_case.db, "--no-pager", "case", "show", "1", env={"GRIPE_PAGER": command})
    assert "Call number 20" in run.shown
    assert "Call number 27" in run.shown
    run = Run(long_case.db, "case", "show", "1", env={"GRIPE_PAGER": command}, piped=True)
    assert "Call number 27" in run.piped
    assert "Call number" not in run.shown
    for off in ("cat", ""):
        run = Run(long_case.db, "case", "show", "1", env={"GRIPE_PAGER": off, "PAGER": command})
        assert "Call number 27" in run.shown
    assert not kept.exists()


def test_output_that_fits_is_not_paged(gripe: Gripe, pager: tuple[str, Path]) -> None:
    command, kept = pager
    gripe.ok("log", "Comcast", "Outage")
    run = Run(gripe.db, "case", "show", "1", env={"GRIPE_PAGER": command})
    assert run.code == 0
    assert "Outage" in run.shown
    assert not kept.exists()


def test_pager_is_the_pager_variable_when_gripe_pager_is_not_set(
    long_case: Gripe, pager: tuple[str, Path]
) -> None:
    command, kept = pager
    run = Run(
        long_case.db, "case", "show", "1", env={"GRIPE_PAGER": None, "PAGER": command, "LESS": "R"}
    )
    assert run.code == 0
    assert "Call number 27" in kept.read_text(encoding="utf-8")
    assert (kept.parent / "paged.txt.less").read_text() == "R"  # the person's own LESS is kept


def test_json_is_paged_too(long_case: Gripe, pager: tuple[str, Path]) -> None:
    command, kept = pager
    run = Run(long_case.db, "case", "show", "1", "--json", env={"GRIPE_PAGER": command})
    assert run.code == 0
    assert '"summary": "Call number 27"' in kept.read_text(encoding="utf-8")


def test_a_message_after_paged_output_waits_for_the_pager(
    long_case: Gripe, pager: tuple[str, Path]
) -> None:
    command, kept = pager
    run = Run(long_case.db, "history", "--limit", "7", env={"GRIPE_PAGER": command})
    assert run.code == 0
    assert "older; --all shows them all" in run.shown
    assert "older" not in kept.read_text(encoding="utf-8")


def test_a_pager_that_is_not_there_leaves_the_output_on_the_screen(long_case: Gripe) -> None:
    run = Run(long_case.db, "case", "show", "1", env={"GRIPE_PAGER": "/no/such/pager"})
    assert run.code == 0
    assert "Call number 20" in run.shown
    assert "Call number 27" in run.shown


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_the_default_pager_is_less(long_case: Gripe) -> None:
    run = Run(
        long_case.db, "case", "show", "1", env={"GRIPE_PAGER": None, "PAGER": None}, keys=b"q"
    )
    assert run.code == 0
    assert "Call number 20" in run.shown  # less drew the first screenful
    assert "Call number 27" not in run.shown  # and was quit before the rest


def test_messages_on_stderr_are_not_wrapped_so_commands_copy_whole(gripe: Gripe) -> None:
    gripe.ok("log", "Comcast", "Outage")
    # A 40-column terminal folds a long line itself; a line broken by gripe would break a
    # command in two when copied.
    run = Run(gripe.db, "log", "Comcsat", "Still down", columns=40)
    assert "did you mean Comcast (#1)? If so: gripe company merge 2 1\n" in run.shown
    assert "(Comcsat: \nStill down)" in run.shown  # while stdout is fitted to the screen
    run = Run(gripe.db, "company", "delete", "comcast", columns=40)
    assert run.code == 1
    assert "delete them with it: gripe company delete 1 --cascade (or keep them" in run.shown
