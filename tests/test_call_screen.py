"""The live call screen, driven in a pseudo-terminal with real keystrokes.

gripe runs as a real process on the slave side of a pty; the test types bytes into the master
side and reads what the screen draws through pyte, a VT100 emulator, so that it asserts what a
person would see, not escape sequences.

How the clock moves: the screen reads ``gripe.clock.now`` on every redraw and every key, and
``GRIPE_NOW`` is read from the environment of the process, which a test cannot change once the
process runs. So each stretch of the call is one process with its own ``GRIPE_NOW``: the screen
is left with ``q`` (the call keeps running) and ``gripe call resume`` opens it again minutes
later, exactly as a person would leave and come back. Nothing in gripe is there for the tests:
the clock shown is always the time since the call's recorded start, the hold total always the
sum of its recorded segments.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyte
import pytest

from conftest import Gripe

T0 = "2026-07-28T14:00:00+01:00"
COLUMNS, ROWS = 120, 40


def at(minutes: float) -> str:
    return (datetime.fromisoformat(T0) + timedelta(minutes=minutes)).isoformat()


class Terminal:
    """gripe in a pseudo-terminal of COLUMNS x ROWS, its screen read through pyte."""

    def __init__(self, db: Path, now: str, *args: str) -> None:
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        # The screen may ask where the cursor is; pyte answers as a terminal would.
        self.screen.write_process_input = lambda data: os.write(self.master, data.encode())
        env = {**os.environ, "GRIPE_NOW": now, "TERM": "xterm", "COLUMNS": str(COLUMNS)}
        env.pop("LINES", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gripe", "--db", str(db), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)

    def _read(self, seconds: float) -> None:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the process ended and the pty closed
                return
            self.stream.feed(data)

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def expect(self, *wanted: str, timeout: float = 30) -> None:
        """Wait until every text of ``wanted`` is on the screen."""
        deadline = time.monotonic() + timeout
        while not all(text in self.text for text in wanted):
            if time.monotonic() > deadline:
                missing = [text for text in wanted if text not in self.text]
                raise AssertionError(f"not on the screen: {missing}\n---\n{self.text}\n---")
            self._read(0.1)

    def type(self, keys: str) -> None:
        """Keys as a person types them, one at a time."""
        for key in keys:
            os.write(self.master, key.encode())
            self._read(0.02)

    def wait(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"gripe did not exit\n---\n{self.text}\n---")
            self._read(0.05)
        self._read(0.2)
        os.close(self.master)
        return self.process.returncode

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        os.close(self.master)


@pytest.fixture
def skyline(gripe: Gripe) -> Gripe:
    gripe.ok(
        "company", "add", "Skyline Fibre", "--phone", "0800 123 4567",
        "--phone-note", "press 0 twice for a person", "--hours",
        "Mon-Fri 08:00-20:00; Sat 09:00-17:00",
    )  # fmt: skip
    gripe.ok("log", "Skyline Fibre", "Outage since Sunday", "--at", "yesterday 3pm")
    return gripe


def stored_call(gripe: Gripe) -> list[tuple[Any, ...]]:
    return gripe.rows(
        "SELECT calls.case_id, calls.at, calls.channel, calls.direction, calls.duration_minutes, "
        "calls.hold_minutes, calls.reference, calls.summary, reps.name, reps.employee_id, "
        "reps.role, promises.text, promises.due, promises.due_text, promises.date_only, "
        "promises.made_at, promises.status "
        "FROM calls LEFT JOIN reps ON reps.id = calls.rep_id "
        "LEFT JOIN promises ON promises.call_id = calls.id WHERE calls.id = 2"
    )


def test_a_call_on_the_live_screen_is_logged_as_gripe_log_would(
    skyline: Gripe, tmp_path: Path
) -> None:
    """Start, 3 minutes on hold, answered, a transfer, 2 more minutes on hold, answered, the
    rep, the reference, a promise "by friday 5pm" (a vague one refused first), end."""
    screen = Terminal(skyline.db, at(0), "call", "start", "Skyline Fibre")
    screen.expect(
        "Call to Skyline Fibre",
        "ON HOLD 0:00",
        "0800 123 4567 (press 0 twice for a person)",
        "lines open now until 20:00",
        "Case #1 Outage since Sunday",
        "last contact 23 hours ago",
    )
    screen.type("q")  # leave it running
    assert screen.wait() == 0
    assert "The call is still running: gripe call resume" in screen.text

    screen = Terminal(skyline.db, at(3), "call", "resume")
    screen.expect("ON HOLD 3:00", "on hold 3:00 in all")
    screen.type("a")
    screen.expect("TALKING 0:00", "logged as 3m on hold, 0m talking")
    screen.type("q")
    assert screen.wait() == 0

    screen = Terminal(skyline.db, at(4), "call", "resume")
    screen.expect("TALKING 1:00")
    screen.type("h")  # transferred: on hold again
    screen.expect("ON HOLD 0:00", "on hold 3:00 in all · talking 1:00")
    screen.type("q")
    assert screen.wait() == 0

    screen = Terminal(skyline.db, at(6), "call", "resume")
    screen.expect("ON HOLD 2:00", "on hold 5:00 in all")
    screen.type("a")
    screen.expect("TALKING 0:00")
    screen.type("r")
    screen.expect("Rep's name:")
    screen.type("Dana\r")
    screen.expect("Rep        Dana")
    screen.type("f")
    screen.type("SKY-88123\r")
    screen.expect("Reference  SKY-88123")
    screen.type("p")
    screen.type("Service restored\r")
    screen.expect("By when, as they said it")
    screen.type("soon\r")
    screen.expect("'soon' is too vague to hold anyone to")
    screen.type("\x15")  # Ctrl-U: clear the line
    screen.type("by friday 5pm\r")
    screen.expect('"Service restored" due Fri 31 Jul 2026 17:00 (in 3 days), read from "by')
    screen.type("e")
    screen.expect("What happened, in a sentence")
    screen.type("Engineer booked for Friday\r")
    assert screen.wait() == 0
    assert "Logged call #2 on case #1" in screen.text
    assert "5m on hold" in screen.text
    assert skyline.rows("SELECT count(*) FROM live_calls") == [(0,)]

    # The same call typed with gripe log afterwards is stored the same, field for field.
    logged = Gripe(tmp_path / "logged.db")
    logged.ok("company", "add", "Skyline Fibre")
    logged.ok("log", "Skyline Fibre", "Outage since Sunday", "--at", "yesterday 3pm")
    logged.ok(
        "log", "Skyline Fibre", "Engineer booked for Friday", "--at", "2026-07-28 14:00",
        "--hold", "5", "--duration", "1", "--rep", "Dana", "--ref", "SKY-88123",
        "--promise", "Service restored", "--by", "by friday 5pm",
    )  # fmt: skip
    assert stored_call(skyline) == stored_call(logged)
    assert skyline.rows("SELECT hold_minutes, duration_minutes FROM calls WHERE id = 2") == [
        (5, 1)
    ]


def test_killed_mid_call_nothing_typed_is_lost_and_the_clock_runs_from_the_start(
    skyline: Gripe,
) -> None:
    screen = Terminal(skyline.db, at(0), "call", "start", "Skyline Fibre")
    screen.expect("ON HOLD 0:00")
    screen.type("r")
    screen.type("Priya Shah\r")
    screen.type("f")
    screen.type("SKY-90411\r")
    screen.type("n")
    screen.type("Asked for a supervisor\r")
    screen.type("p")
    screen.type("A call back\r")
    screen.type("tomorrow\r")
    screen.type("i")
    screen.type("S-10")  # typing, not yet entered
    screen.expect("Rep's employee or badge id: S-10", 'A call back" due Wed 29 Jul 2026 23:59')
    screen.kill()  # kill -9: no chance to tidy up

    screen = Terminal(skyline.db, at(7), "call", "resume")
    screen.expect(
        "ON HOLD 7:00",  # counted from the real start, not from the resume
        "Rep        Priya Shah",
        "Reference  SKY-90411",
        "Note       Asked for a supervisor",
        '"A call back" due Wed 29 Jul 2026 23:59',
        "Rep's employee or badge id: S-10",  # what was being typed, still being typed
    )
    screen.type("2\r")
    screen.expect("Rep        Priya Shah, ID S-102")
    screen.type("\x03")  # Ctrl-C: leave it running
    assert screen.wait() == 130
    assert skyline.rows(
        "SELECT rep_name, rep_employee_id, reference, notes, editing FROM live_calls"
    ) == [("Priya Shah", "S-102", "SKY-90411", "Asked for a supervisor", None)]


def test_dropping_the_call_on_the_screen_asks_first(skyline: Gripe) -> None:
    before = skyline.dump()
    screen = Terminal(skyline.db, at(0), "call", "start", "Skyline Fibre")
    screen.expect("ON HOLD 0:00")
    screen.type("x")
    screen.expect("Drop this call without logging it? y and Enter drops it, Enter keeps it")
    screen.type("\r")
    screen.expect("Kept.")
    screen.type("x")
    screen.type("y\r")
    assert screen.wait() == 0
    assert "Dropped the call to Skyline Fibre; nothing was logged." in screen.text
    assert skyline.dump() == before


def test_with_several_open_cases_the_screen_asks_which(gripe: Gripe) -> None:
    gripe.ok("case", "open", "Acme", "Broadband outage")
    gripe.ok("case", "open", "Acme", "Double charge")
    gripe.ok("case", "open", "Other", "Not theirs")
    screen = Terminal(gripe.db, at(0), "call", "start", "Acme")
    screen.expect("Case #1 Broadband outage", "Case #2 Double charge", "press c to say which")
    screen.type("e")
    screen.type("Asked about the refund\r")
    screen.expect("Acme has 2 open cases")  # refused: nothing logged, the screen stays
    screen.type("\x1b")  # Esc: stop typing
    screen.expect("Not changed.")
    screen.type("c")
    screen.type("3\r")
    screen.expect("case #3 is with Other, not Acme")
    screen.type("\x15")
    screen.type("2\r")
    screen.expect("→ Case #2 Double charge")
    screen.type("e")
    screen.type("Asked about the refund\r")
    assert screen.wait() == 0
    assert "Logged call #1 on case #2 (Acme: Double charge)" in screen.text
    assert gripe.rows("SELECT case_id, summary FROM calls") == [(2, "Asked about the refund")]
