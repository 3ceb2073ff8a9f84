"""gripe as a shell runs it: real processes, real pipes, a real terminal."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import Gripe, default_sigint, run_gripe
from gripe import __version__

GRIPE_SCRIPT = Path(sys.executable).with_name("gripe")


def gripe_script() -> str:
    if not GRIPE_SCRIPT.is_file():
        pytest.skip(f"no gripe console script at {GRIPE_SCRIPT}")
    return str(GRIPE_SCRIPT)


class Terminal:
    """A process on the slave side of a pseudo-terminal, driven from the master side."""

    def __init__(self, args: list[str], *, controlling: bool = False) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        # What these tests drive is what gripe asks; long output in a terminal would otherwise go
        # through a pager (tests/test_pager.py drives that).
        env = {**os.environ, "TERM": "xterm-256color", "GRIPE_PAGER": "cat"}

        def take_terminal() -> None:  # so that ^C typed on the terminal reaches the process
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            default_sigint()

        def set_up() -> None:
            if controlling:
                take_terminal()
            else:
                default_sigint()

        self.process = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
            preexec_fn=set_up,
            start_new_session=not controlling,
        )
        os.close(slave)
        self.output = b""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # EIO: the process has closed the terminal
            return False
        self.output += chunk
        return bool(chunk)

    def expect(self, text: str, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"never saw {text!r}; the terminal shows {self.output!r}")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_until_reading(self, timeout: float = 10) -> None:
        """Until the process sleeps waiting for the terminal.

        A prompt is on the screen a moment before readline waits for a key; a Ctrl-C that
        arrives in that moment is only noticed when the next key comes (CPython checks for
        signals when select() is interrupted, and the signal interrupted nothing). A person
        cannot type that fast; a test can, so it waits for the select() first.
        """
        deadline = time.monotonic() + timeout
        wchan = Path(f"/proc/{self.process.pid}/wchan")
        while time.monotonic() < deadline:
            try:
                waiting_in = wchan.read_text()
            except OSError:  # no /proc here: the prompt being on the screen is all we know
                return
            if waiting_in in ("", "0"):  # the kernel does not say where processes sleep
                time.sleep(0.2)
                return
            if "select" in waiting_in or "poll" in waiting_in:
                return
            time.sleep(0.005)
        raise AssertionError(f"gripe never waited for the terminal; it shows {self.output!r}")

    def finish(self, timeout: float = 10) -> int:
        try:
            code = self.process.wait(timeout)
        finally:
            while self._read(0.2):
                pass
            os.close(self.master)
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        return code

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")


# ---- 1. --version -------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["script", "module", "script-with-db"])
def test_version(tmp_path: Path, how: str) -> None:
    db = tmp_path / "x.db"
    command = {
        "script": [gripe_script(), "--version"],
        "module": [sys.executable, "-m", "gripe", "--version"],
        "script-with-db": [gripe_script(), "--db", str(db), "--version"],
    }[how]

    result = subprocess.run(command, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"gripe {__version__}\n"
    assert result.stderr == ""
    assert not db.exists()


# ---- 2. exit codes ------------------------------------------------------------------------------


def test_success_exits_0(gripe: Gripe) -> None:
    gripe.ok("log", "Acme Broadband", "first call")

    result = run_gripe("--db", str(gripe.db), "log", "acme broadband", "second call")

    assert result.returncode == 0, result.stderr
    assert "Logged" in result.stdout
    assert "Traceback" not in result.stderr
    assert gripe.rows("SELECT summary FROM calls ORDER BY id") == [
        ("first call",),
        ("second call",),
    ]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param(("case", "show", "99"), 1, id="case-not-found"),
        pytest.param(("case", "show", "abc"), 2, id="case-id-not-a-number"),
        pytest.param(("log", "", "x"), 2, id="empty-company"),
        pytest.param(("log", "Acme Broadband", "   "), 2, id="empty-summary"),
        pytest.param(("log", "Acme Broadband", "x", "--hold", "soon"), 2, id="vague-hold"),
        pytest.param(("log", "Acme Broadband", "x", "--at", "next year"), 2, id="at-next-year"),
        pytest.param(("log", "Acme Broadband", "x", "--at", "tomorrow 9am"), 2, id="future-at"),
        pytest.param(("log", "Acme Broadband", "x", "--channel", "fax"), 2, id="bad-channel"),
        pytest.param(("log", "Acme Broadband", "x", "--bogus"), 2, id="unknown-option"),
        pytest.param(("case", "frobnicate"), 2, id="unknown-command"),
    ],
)
def test_refusals_exit_with_the_right_code_and_write_nothing(
    gripe: Gripe, args: tuple[str, ...], code: int
) -> None:
    gripe.ok("log", "Acme Broadband", "first call")
    before = gripe.dump()

    result = run_gripe("--db", str(gripe.db), *args)

    assert result.returncode == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Error:" in result.stderr
    assert "Traceback" not in result.stderr
    assert gripe.dump() == before


# ---- 3. Ctrl-C ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["signal", "keyboard"])
def test_ctrl_c_at_a_prompt_exits_130(gripe: Gripe, how: str) -> None:
    gripe.ok("log", "Acme Broadband", "first call")
    before = gripe.dump()
    terminal = Terminal(
        [sys.executable, "-m", "gripe", "--db", str(gripe.db), "log"],
        controlling=how == "keyboard",
    )
    terminal.expect("Company")
    terminal.wait_until_reading()

    if how == "signal":
        terminal.process.send_signal(signal.SIGINT)
    else:
        terminal.send("\x03")

    assert terminal.finish() == 130, terminal.text
    assert "Traceback" not in terminal.text
    assert "KeyboardInterrupt" not in terminal.text
    assert "Interrupted: nothing was saved" in terminal.text
    assert gripe.dump() == before


# ---- 4. asking in a terminal, refusing without one ----------------------------------------------


def answer_log_prompts(terminal: Terminal, company_keys: str, company_shown: str) -> None:
    terminal.expect("Company")
    terminal.send(company_keys)
    terminal.expect(company_shown)
    terminal.send("\r")
    terminal.expect("What happened")
    terminal.send("Line down again\r")
    terminal.expect("Rep")
    terminal.send("Dana\r")
    terminal.expect("Reference")
    terminal.send("AB-1\r")


LOGGED_CALL = """
    SELECT companies.name, calls.summary, reps.name, calls.reference
    FROM calls JOIN cases ON cases.id = calls.case_id
    JOIN companies ON companies.id = cases.company_id
    LEFT JOIN reps ON reps.id = calls.rep_id
"""


def test_log_asks_for_the_call_in_a_terminal(gripe: Gripe) -> None:
    terminal = Terminal([sys.executable, "-m", "gripe", "--db", str(gripe.db), "log"])

    answer_log_prompts(terminal, "Acme Broadband", "Acme Broadband")

    assert terminal.finish() == 0, terminal.text
    assert "Traceback" not in terminal.text
    assert gripe.rows(LOGGED_CALL) == [("Acme Broadband", "Line down again", "Dana", "AB-1")]


def test_tab_completes_a_known_company_at_the_prompt(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Acme Broadband")
    terminal = Terminal([sys.executable, "-m", "gripe", "--db", str(gripe.db), "log"])

    answer_log_prompts(terminal, "Acm\t", "Acme Broadband")

    assert terminal.finish() == 0, terminal.text
    assert gripe.rows(LOGGED_CALL) == [("Acme Broadband", "Line down again", "Dana", "AB-1")]
    assert gripe.rows("SELECT name FROM companies") == [("Acme Broadband",)]


def test_the_prompt_says_back_a_partial_name(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Northstar Broadband")
    terminal = Terminal([sys.executable, "-m", "gripe", "--db", str(gripe.db), "log"])

    answer_log_prompts(terminal, "northstar", "northstar")

    assert terminal.finish() == 0, terminal.text
    assert "→ Northstar Broadband (#1)" in terminal.text
    assert gripe.rows("SELECT count(*) FROM companies") == [(1,)]


def test_the_prompt_asks_before_adding_a_name_close_to_a_known_one(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Northstar Broadband")
    gripe.ok("company", "add", "North Water")
    terminal = Terminal([sys.executable, "-m", "gripe", "--db", str(gripe.db), "log"])

    terminal.expect("Company")
    terminal.send("north\r")  # two companies match: named, and asked again
    terminal.expect("North Water (#2)")
    terminal.expect("Company")
    terminal.send("Nortstar Broadband\r")
    terminal.expect("did you mean Northstar Broadband (#1)?")
    terminal.send("n\r")  # not a new company: asked again
    answer_log_prompts(terminal, "Northstar Broadband", "Northstar Broadband")

    assert terminal.finish() == 0, terminal.text
    assert gripe.rows(LOGGED_CALL) == [("Northstar Broadband", "Line down again", "Dana", "AB-1")]
    assert gripe.rows("SELECT count(*) FROM companies") == [(2,)]


@pytest.mark.parametrize("args", [(), ("Acme Broadband",)], ids=["bare", "company-only"])
def test_log_without_a_terminal_is_a_usage_error(gripe: Gripe, args: tuple[str, ...]) -> None:
    gripe.ok("company", "add", "Acme Broadband")
    before = gripe.dump()

    result = run_gripe("--db", str(gripe.db), "log", *args, stdin=subprocess.DEVNULL, timeout=30)

    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert "gripe log" in result.stderr
    assert "Traceback" not in result.stderr
    assert gripe.dump() == before


# ---- 5. stdout is data --------------------------------------------------------------------------


def shell(command: str) -> Any:
    return subprocess.run(
        command, shell=True, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def test_stdout_carries_only_data_while_notices_go_to_stderr(db_path: Path) -> None:
    gripe = shlex.quote(gripe_script())
    db = shlex.quote(str(db_path))
    load = (
        shlex.quote(sys.executable)
        + " -c "
        + shlex.quote("import json, sys; data = json.load(sys.stdin); print(json.dumps(data))")
    )

    logged = shell(f"{gripe} --db {db} log 'New Company' 'Line down' --json | {load}")
    listed = shell(f"{gripe} --db {db} case list --json | {load}")

    assert logged.returncode == 0, logged.stderr
    assert "New company" in logged.stderr
    call = json.loads(logged.stdout)
    assert call["call"]["summary"] == "Line down"
    assert call["case"]["company"] == "New Company"
    assert call["promise"] is None
    assert listed.returncode == 0, listed.stderr
    [case] = json.loads(listed.stdout)
    assert case["company"] == "New Company"


def test_json_stdout_is_clean_when_a_notice_is_printed(db_path: Path) -> None:
    result = run_gripe("--db", str(db_path), "log", "New Company", "Line down", "--json")

    assert result.returncode == 0, result.stderr
    assert "New company" in result.stderr
    assert "New company" not in result.stdout
    assert json.loads(result.stdout)["call"]["summary"] == "Line down"


# ---- 6. no colour -------------------------------------------------------------------------------

COLOUR_CODES = {str(n) for n in [*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108)]}


def has_colour(text: str) -> bool:
    for parameters in re.findall(r"\x1b\[([0-9;]*)m", text):
        if COLOUR_CODES & set(parameters.split(";")):
            return True
    return False


def seed_case(gripe: Gripe) -> None:
    gripe.ok("log", "Acme Broadband", "Line down again", "--rep", "Dana", "--ref", "AB-1")


@pytest.mark.parametrize("no_color", [None, "1"], ids=["piped", "piped-no-color"])
@pytest.mark.parametrize("args", [("case", "show", "1"), ()], ids=["case-show", "dashboard"])
def test_no_escape_codes_through_a_pipe(
    gripe: Gripe,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    no_color: str | None,
) -> None:
    seed_case(gripe)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)

    result = run_gripe("--db", str(gripe.db), *args)

    assert result.returncode == 0, result.stderr
    assert "Acme Broadband" in result.stdout
    assert "\x1b[" not in result.stdout
    assert "\x1b[" not in result.stderr


def test_no_colour_in_a_terminal_under_no_color(gripe: Gripe) -> None:
    seed_case(gripe)
    command = [sys.executable, "-m", "gripe", "--db", str(gripe.db), "case", "show", "1"]
    terminal = Terminal(command)
    terminal.expect("Acme Broadband")

    assert terminal.finish() == 0, terminal.text
    assert not has_colour(terminal.text), terminal.text


# ---- 5. gripe letter asks for the company's sector ---------------------------------------------


def test_letter_asks_for_a_missing_sector_at_a_terminal_and_names_its_body(gripe: Gripe) -> None:
    gripe.ok("config", "set", "jurisdiction", "UK")
    gripe.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-06-01 09:00")
    terminal = Terminal(
        [sys.executable, "-m", "gripe", "--db", str(gripe.db), "letter", "1", "-t", "complaint"]
    )
    terminal.expect("Skyline Fibre has no sector")
    terminal.expect("Enter to skip")
    terminal.send("telecoms\r")  # not a sector: said, and asked again
    terminal.expect("'telecoms' is not a sector")
    terminal.send("broadband\r")
    assert terminal.finish() == 0, terminal.text
    assert "Set Skyline Fibre's sector to broadband" in terminal.text
    assert "Communications Ombudsman or CISAS" in " ".join(terminal.text.split())
    assert gripe.rows("SELECT sector FROM companies") == [("broadband",)]


def test_letter_elsewhere_warns_about_a_missing_sector_and_asks_nothing(gripe: Gripe) -> None:
    gripe.ok("config", "set", "jurisdiction", "UK")
    gripe.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-06-01 09:00")
    done = run_gripe(
        "--db", str(gripe.db), "letter", "1", "-t", "complaint", stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, done.stderr
    assert "Skyline Fibre has no sector" in done.stderr
    assert "gripe company edit 1 --sector SECTOR" in " ".join(done.stderr.split())
    assert "ombudsman or alternative dispute resolution scheme for your sector" in " ".join(
        done.stdout.split()
    )
    assert gripe.rows("SELECT sector FROM companies") == [(None,)]
