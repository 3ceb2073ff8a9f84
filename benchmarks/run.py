"""Measure gripe against its performance budgets (DESIGN.md, "Performance budgets").

    python benchmarks/run.py [--db PATH] [--runs 15] [--calls N --promises N --companies N]
                             [--check]

Every command runs as a whole process: the ``gripe`` console script beside ``sys.executable``,
against the benchmark database that ``make_db.py`` builds (``benchmarks/out/bench.db`` unless
``--db``). Its median wall time is divided by the median of ``python -c pass`` run by the same
interpreter in the same run, interleaved with the commands (baseline, command, baseline, command
…) so that machine noise hits both. Peak memory is each child's ``ru_maxrss`` from ``os.wait4``.

The commands are spawned and reaped by a small helper process (``SPAWNER``), not by this one:
on Linux a child's ``ru_maxrss`` includes its parent's resident set at the fork/exec, so the
readings are only true when the parent is smaller than the commands it measures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DB = HERE / "out" / "bench.db"
MAKE_DB = HERE / "make_db.py"
DEFAULT_NOW = "2026-07-28T13:00:00Z"  # make_db's default; kept in step by hand
PYCACHE = HERE / "out" / "pycache"
DROPPED_ENV = {"GRIPE_DB", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"}
MEMORY_BUDGET_MIB = 45.0
WARMUPS = 2


# ---------------------------------------------------------------------------------------------
# Running one process
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    seconds: float
    maxrss_kib: int


# The measuring is done by this small helper process, which spawns each command and reaps it
# with os.wait4. On Linux a child's ru_maxrss starts from its parent's resident set at the
# fork/exec (measured: a 200 MiB parent made `python -c pass` report 200 MiB), so the parent of
# the measured commands must be small; this one is about 8 MiB, below `python -c pass` itself.
SPAWNER = r"""
import os, sys, time
devnull = os.open(os.devnull, os.O_RDWR)
actions = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
for line in sys.stdin:
    argv = line.rstrip("\n").split("\0")
    started = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    sys.stdout.write(f"{elapsed!r} {usage.ru_maxrss} {code}\n")
    sys.stdout.flush()
"""


class Spawner:
    """Runs commands to completion, one at a time: wall time and peak RSS of each."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", SPAWNER],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self.proc.stdin is None or self.proc.stdout is None:
            raise RuntimeError("the spawner has no pipes")
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout

    def run(self, argv: Sequence[str]) -> Sample:
        """Fails loudly (with the command's last words) on a non-zero exit."""
        if not Path(argv[0]).is_absolute():
            raise ValueError(f"the spawner needs an absolute path, not {argv[0]!r}")
        self.stdin.write("\0".join(argv) + "\n")
        self.stdin.flush()
        seconds, maxrss, code = self.stdout.readline().split()
        if int(code) != 0:
            again = subprocess.run(argv, env=self.env, capture_output=True, text=True, check=False)
            detail = (again.stderr or again.stdout).strip().splitlines()[-3:]
            raise SystemExit(f"run.py: {' '.join(argv)} exited {code}:\n  " + "\n  ".join(detail))
        return Sample(float(seconds), int(maxrss))  # ru_maxrss is in KiB on Linux

    def close(self) -> None:
        self.stdin.close()
        self.proc.wait()


def probe(argv: Sequence[str], env: dict[str, str]) -> tuple[int, str]:
    """Exit code and output of a quick, unmeasured run (``--help`` checks)."""
    done = subprocess.run(
        argv, env={**env, "COLUMNS": "200"}, capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout + done.stderr


# ---------------------------------------------------------------------------------------------
# What is measured
# ---------------------------------------------------------------------------------------------


@dataclass
class Budgeted:
    """A command measured as a ratio of ``python -c pass``."""

    label: str
    argv: list[str]
    budget: float
    missing: str | None = None  # why it cannot run in this version, if it cannot
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Timed:
    """A command timed once against an absolute limit in seconds (export, import …)."""

    label: str
    argv: list[str]
    limit_seconds: float
    missing: str | None = None
    sample: Sample | None = None


@dataclass(frozen=True)
class Gripe:
    exe: Path
    db: Path
    env: dict[str, str]

    def argv(self, *args: str, db: Path | None = None) -> list[str]:
        return [str(self.exe), "--db", str(db or self.db), *args]

    def lacks_command(self, *command: str) -> str | None:
        code, _ = probe(self.argv(*command, "--help"), self.env)
        return None if code == 0 else "not yet available"

    def lacks_option(self, command: str, option: str) -> str | None:
        code, output = probe(self.argv(command, "--help"), self.env)
        return None if code == 0 and option in output else "not yet available"


def budgeted_commands(gripe: Gripe, company_one: str, log_db: Path) -> list[Budgeted]:
    return [
        # Without --db: `gripe --version` has a fast path for exactly that argv, which is what
        # people and install checks run; it reads no database.
        Budgeted("gripe --version", [str(gripe.exe), "--version"], 6),
        Budgeted("gripe case show 1", gripe.argv("case", "show", "1"), 10),
        Budgeted("gripe company list", gripe.argv("company", "list"), 10),
        Budgeted("gripe (dashboard)", gripe.argv(), 10),
        Budgeted("gripe overdue", gripe.argv("overdue"), 10, gripe.lacks_command("overdue")),
        Budgeted(
            "gripe log … --promise --by",
            gripe.argv(
                "log",
                company_one,
                "Benchmark call",
                "--case",
                "1",
                "--promise",
                "Call back",
                "--by",
                "friday 5pm",
                db=log_db,
            ),
            12,
            gripe.lacks_option("log", "--promise"),
        ),
        # A phrase of the families dateparser never reads (business hours, a range, loose
        # words): read by gripe's rules alone, with dateparser not loaded.
        Budgeted(
            'gripe when "up to 24-48 working hours"',
            gripe.argv("when", "up to 24-48 working hours"),
            10,
            gripe.lacks_command("when"),
        ),
        Budgeted("gripe letter 1", gripe.argv("letter", "1"), 15, gripe.lacks_command("letter")),
    ]


def timed_commands(gripe: Gripe, work: Path) -> list[Timed]:
    """Run in this order, once each; a later entry may use an earlier one's output."""
    dump = work / "export.json"
    missing_export = gripe.lacks_command("export")
    missing_import = gripe.lacks_command("import")
    return [
        Timed(
            "gripe export --format json (100k)",
            gripe.argv("export", "--format", "json", "-o", str(dump)),
            10,
            missing_export,
        ),
        Timed(
            "gripe import (into an empty db)",
            gripe.argv("import", str(dump), db=work / "imported.db"),
            10,
            missing_import or missing_export,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The benchmark database
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchDb:
    path: Path
    now: str
    company_one: str


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def ensure_db(args: argparse.Namespace) -> BenchDb:
    wanted = {"calls": args.calls, "promises": args.promises, "companies": args.companies}
    path: Path = args.db or DEFAULT_DB
    recorded: dict[str, object] = {}
    if sidecar(path).exists():
        recorded = json.loads(sidecar(path).read_text())
    stale = args.db is None and {key: recorded.get(key) for key in wanted} != wanted
    if not path.exists() or stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, str(MAKE_DB), str(path), "--force", "--now", args.now]
        for key, value in wanted.items():
            command += [f"--{key}", str(value)]
        print(f"building {path} …", file=sys.stderr)
        subprocess.run(command, check=True, stdout=sys.stderr)
        recorded = {**wanted, "now": args.now}
        sidecar(path).write_text(json.dumps(recorded) + "\n")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT name FROM companies WHERE id = 1").fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"run.py: {path} has no company 1; rebuild it with make_db.py")
    return BenchDb(path, str(recorded.get("now", args.now)), str(row[0]))


def fresh_copy(source: Path, target: Path) -> None:
    """A consistent copy (WAL content included) that the write benchmarks may grow."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


# ---------------------------------------------------------------------------------------------
# Measuring and reporting
# ---------------------------------------------------------------------------------------------


def mib(kib: int) -> float:
    return kib / 1024


def measure(
    commands: list[Budgeted], spawner: Spawner, runs: int, tick: Callable[[int], None]
) -> list[Sample]:
    """Interleave ``python -c pass`` with every command; the baseline samples."""
    baseline_argv = [sys.executable, "-c", "pass"]
    baseline: list[Sample] = []
    available = [command for command in commands if command.missing is None]
    for _ in range(WARMUPS):
        for command in available:
            spawner.run(baseline_argv)
            spawner.run(command.argv)
    for round_number in range(runs):
        tick(round_number)
        for command in available:
            baseline.append(spawner.run(baseline_argv))
            command.samples.append(spawner.run(command.argv))
    return baseline


def verdict(ratio: float, budget: float, peak: float) -> str:
    problems = []
    if ratio > budget:
        problems.append("OVER time")
    if peak > MEMORY_BUDGET_MIB:
        problems.append("OVER memory")
    return ", ".join(problems) or "ok"


def report(
    commands: list[Budgeted],
    baseline: list[Sample],
    timed: list[Timed],
    bench: BenchDb,
    bytecode_cache: bool,
) -> bool:
    """Print the table; whether everything available is within budget."""
    base = statistics.median(sample.seconds for sample in baseline)
    base_peak = mib(max(sample.maxrss_kib for sample in baseline))
    print(
        f"python {platform.python_version()} ({sys.executable}); database {bench.path}; "
        f"GRIPE_NOW={bench.now}; bytecode cache: {'on' if bytecode_cache else 'off'}"
    )
    print(
        f"baseline `python -c pass`: median {base * 1000:.1f} ms over {len(baseline)} runs, "
        f"peak {base_peak:.1f} MiB; memory budget {MEMORY_BUDGET_MIB:.0f} MiB"
    )
    header = (
        f"{'command':<36} {'median ms':>10} {'ratio':>7} {'budget':>7} {'peak MiB':>9}  verdict"
    )
    print(header)
    print("-" * len(header))
    all_ok = True
    for command in commands:
        if command.missing or not command.samples:
            print(f"{command.label:<36} {'':>10} {'':>7} {command.budget:>6.0f}x {'':>9}  "
                  f"{command.missing or 'not run'}")  # fmt: skip
            continue
        median = statistics.median(sample.seconds for sample in command.samples)
        peak = mib(max(sample.maxrss_kib for sample in command.samples))
        ratio = median / base
        outcome = verdict(ratio, command.budget, peak)
        all_ok = all_ok and outcome == "ok"
        print(f"{command.label:<36} {median * 1000:>10.1f} {ratio:>6.1f}x "
              f"{command.budget:>6.0f}x {peak:>9.1f}  {outcome}")  # fmt: skip
    if timed:
        print()
        header = f"{'timed once':<36} {'seconds':>10} {'limit':>7} {'peak MiB':>9}  verdict"
        print(header)
        print("-" * len(header))
    for entry in timed:
        if entry.missing or entry.sample is None:
            print(f"{entry.label:<36} {'':>10} {entry.limit_seconds:>6.0f}s {'':>9}  "
                  f"{entry.missing or 'not run'}")  # fmt: skip
            continue
        seconds = entry.sample.seconds
        outcome = "ok" if seconds <= entry.limit_seconds else "OVER time"
        all_ok = all_ok and outcome == "ok"
        print(f"{entry.label:<36} {seconds:>10.2f} {entry.limit_seconds:>6.0f}s "
              f"{mib(entry.sample.maxrss_kib):>9.1f}  {outcome}")  # fmt: skip
    return all_ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure gripe against its budgets.")
    parser.add_argument("--db", type=Path, help=f"benchmark database (default {DEFAULT_DB})")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--promises", type=int, default=50_000)
    parser.add_argument("--companies", type=int, default=2_000)
    parser.add_argument("--now", default=DEFAULT_NOW, help="GRIPE_NOW for a database built here")
    parser.add_argument("--check", action="store_true", help="exit 1 if anything is over budget")
    parser.add_argument(
        "--no-bytecode-cache",
        dest="bytecode_cache",
        action="store_false",
        help="run with PYTHONDONTWRITEBYTECODE=1 (every module recompiled on every run)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    exe = Path(sys.executable).parent / "gripe"
    if not exe.exists():
        print(f"run.py: no gripe console script at {exe}; pip install -e .", file=sys.stderr)
        return 2
    bench = ensure_db(args)
    env = {key: value for key, value in os.environ.items() if key not in DROPPED_ENV}
    env.update({"GRIPE_NOW": bench.now, "TZ": "UTC", "NO_COLOR": "1"})
    if args.bytecode_cache:
        # An installed gripe has its .pyc files; an editable one under PYTHONDONTWRITEBYTECODE
        # recompiles every module on every run (~100 ms here). Cache bytecode in out/, so that
        # nothing is written beside the sources.
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    gripe = Gripe(exe, bench.path, env)

    with tempfile.TemporaryDirectory(prefix="gripe-bench-") as folder:
        work = Path(folder)
        log_db = work / "log.db"
        fresh_copy(bench.path, log_db)
        commands = budgeted_commands(gripe, bench.company_one, log_db)

        def tick(round_number: int) -> None:
            if sys.stderr.isatty():
                print(f"\rround {round_number + 1}/{args.runs}", end="", file=sys.stderr)

        spawner = Spawner(env)
        try:
            baseline = measure(commands, spawner, args.runs, tick)
            if sys.stderr.isatty():
                print(file=sys.stderr)
            timed = timed_commands(gripe, work)
            for entry in timed:
                if entry.missing is None:
                    entry.sample = spawner.run(entry.argv)
        finally:
            spawner.close()
    all_ok = report(commands, baseline, timed, bench, args.bytecode_cache)
    return 1 if args.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
