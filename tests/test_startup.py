"""What a command's start leaves unloaded (gripe._deferred), and that it loads when used.

The timing is the benchmark's (benchmarks/run.py); these tests check the mechanism in real
processes: an everyday read runs without loading the modules typer and rich import but it does
not use, and each of them still works the moment something uses it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import Gripe, run_gripe
from gripe._deferred import UNUSED_AT_START

# Runs a command as `gripe` does (the same main), then says which modules are still unloaded.
PROBE = """
import sys
from gripe import __main__ as entry
import gripe._deferred as deferred

def report():
    left = [name for name in deferred.UNUSED_AT_START
            if type(sys.modules.get(name)).__name__ == "_Deferred"]
    sys.stderr.write("UNLOADED " + " ".join(left) + "\\n")
    sys.stderr.flush()

entry._flush_and_exit = lambda code: (report(), entry.os._exit(code))
sys.argv = ["gripe", *sys.argv[1:]]
entry.main()
"""


def unloaded_after(*args: str) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("UNLOADED"))
    return set(line.split()[1:]), done


def test_everyday_reads_leave_the_unused_modules_unloaded(gripe: Gripe) -> None:
    gripe.ok("log", "ACME", "Refund promised", "--rep", "Dana", "--promise", "Refund")
    for command in (
        (), ("overdue",), ("due",), ("case", "show", "1"), ("case", "list"),
        ("company", "list"), ("rep", "list"), ("search", "refund"),
    ):  # fmt: skip
        unloaded, done = unloaded_after("--db", str(gripe.db), *command)
        assert done.returncode == 0, done.stderr
        assert unloaded == set(UNUSED_AT_START), (command, unloaded)


def test_a_deferred_module_loads_when_it_is_used(gripe: Gripe, tmp_path: Path) -> None:
    gripe.ok("log", "ACME", "Outage")
    # difflib: a mistyped subcommand gets its suggestion.
    typo = run_gripe("--db", str(gripe.db), "company", "lst")
    assert typo.returncode == 2
    assert "Did you mean 'list'?" in typo.stderr
    unloaded, _ = unloaded_after("--db", str(gripe.db), "company", "lst")
    assert "difflib" not in unloaded
    # shutil and gettext: help is laid out to the terminal, in click's words.
    helped = run_gripe("--db", str(gripe.db), "company", "--help")
    assert helped.returncode == 0
    assert "Show this message and exit." in helped.stdout
    # A writing command backs the log up first (shutil's relatives, and the rest of a write).
    written = run_gripe("--db", str(gripe.db), "log", "ACME", "Again", "--ref", "X-1")
    assert written.returncode == 0, written.stderr
    assert (
        run_gripe("--db", str(gripe.db), "export", "-o", str(tmp_path / "x.json")).returncode == 0
    )
