"""Measure gripe against its performance budgets (DESIGN.md, "Performance budgets").

    python benchmarks/run.py [--scale 1k|100k|1m ...] [--runs 15] [--check]
    python benchmarks/run.py --db PATH [--runs 15] [--check]

Each ``--scale`` (repeat it for several; default 100k) measures one benchmark database that
``make_db.py`` builds in ``benchmarks/out/`` (git-ignored) and that later runs reuse while its
size and gripe's schema are the same: ``1k`` (1,000 calls, 500 promises, 20 companies), ``100k``
(the standard log: 100,000 calls, 50,000 promises, 2,000 companies) and ``1m`` (ten times the
standard log). ``--db`` measures a database of your own.

What is measured, for each database:

- every command of the budget table, as a whole process: the ``gripe`` console script beside
  ``sys.executable``. Its median wall time is divided by the median of ``python -c pass`` run by
  the same interpreter in the same run, interleaved with the commands (baseline, command,
  baseline, command …) so that machine noise hits both; peak memory is each process's
  ``ru_maxrss`` from ``os.wait4``;
- the streamed listings (``promise list --all`` and ``--json``), export and import, timed once
  each against limits that grow with the log (50,000 promises listed in 2 s, 100,000 calls
  exported or imported in 10 s) and against their memory budgets, which do not;
- what the undo journal costs: ``log`` (interleaved, median) and an import (once each), on a
  copy of the log with the journal's triggers and on one without.

The commands are spawned and reaped by a small helper process (``SPAWNER``), not by this one:
on Linux a child's ``ru_maxrss`` includes its parent's resident set at the fork/exec, so the
readings are only true when the parent is smaller than the commands it measures. Backups that
gripe takes by itself (the first write of a day) go to a temporary data folder.
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
OUT = HERE / "out"
MAKE_DB = HERE / "make_db.py"
DEFAULT_NOW = "2026-07-28T13:00:00Z"  # make_db's default; kept in step by hand
PYCACHE = OUT / "pycache"
DROPPED_ENV = {"GRIPE_DB", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX"}
WARMUPS = 2

# DESIGN.md's budgets.
EVERYDAY = 8.0  # every everyday read on the standard log (and on smaller ones)
EVERYDAY_AT_TEN_TIMES = 10.0  # the same reads on ten times the standard log
LOG_BUDGET = 10.0
LETTER_BUDGET = 12.0
VERSION_BUDGET = 5.0
MEMORY_MIB = 45.0  # every budgeted command, and a streamed listing at any size
TRANSFER_MEMORY_MIB = 64.0  # export and import, at any size
LISTED_PER_2_S = 50_000  # promises a streamed listing writes in 2 s
CALLS_PER_10_S = 100_000  # calls an export or an import moves in 10 s
JOURNAL_LOG_COST = 0.10
JOURNAL_IMPORT_COST = 0.25


@dataclass(frozen=True)
class Scale:
    calls: int
    promises: int
    companies: int


SCALES = {
    "1k": Scale(1_000, 500, 20),
    "100k": Scale(100_000, 50_000, 2_000),
    "1m": Scale(1_000_000, 500_000, 20_000),
}
STANDARD = SCALES["100k"]


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


# ---------------------------------------------------------------------------------------------
# What is measured
# ---------------------------------------------------------------------------------------------


@dataclass
class Budgeted:
    """A command measured as a ratio of ``python -c pass``."""

    label: str
    argv: list[str]
    budget: float
    samples: list[Sample] = field(default_factory=list)


@dataclass
class Timed:
    """A command timed once against a limit in seconds and a memory budget."""

    label: str
    argv: list[str]
    limit_seconds: float
    memory_mib: float
    sample: Sample | None = None


@dataclass(frozen=True)
class Gripe:
    exe: Path
    db: Path

    def argv(self, *args: str, db: Path | None = None) -> list[str]:
        return [str(self.exe), "--db", str(db or self.db), *args]


def log_argv(gripe: Gripe, company_one: str, db: Path) -> list[str]:
    return gripe.argv(
        "log", company_one, "Benchmark call", "--case", "1",
        "--promise", "Call back", "--by", "friday 5pm", db=db,
    )  # fmt: skip


def budgeted_commands(
    gripe: Gripe, company_one: str, log_db: Path, ten_times: bool
) -> list[Budgeted]:
    everyday = EVERYDAY_AT_TEN_TIMES if ten_times else EVERYDAY
    reads = [
        ("gripe (dashboard)", ()),
        ("gripe overdue", ("overdue",)),
        ("gripe case show 1", ("case", "show", "1")),
        ("gripe case list", ("case", "list")),
        ("gripe company list", ("company", "list")),
        ("gripe rep list", ("rep", "list")),
        ("gripe due", ("due",)),
        ("gripe search refund", ("search", "refund")),
    ]
    return [
        # Without --db: `gripe --version` has a fast path for exactly that argv, which is what
        # people and install checks run; it reads no database.
        Budgeted("gripe --version", [str(gripe.exe), "--version"], VERSION_BUDGET),
        *(Budgeted(label, gripe.argv(*args), everyday) for label, args in reads),
        Budgeted("gripe log … --promise --by", log_argv(gripe, company_one, log_db), LOG_BUDGET),
        Budgeted("gripe letter 1", gripe.argv("letter", "1"), LETTER_BUDGET),
    ]


def timed_commands(gripe: Gripe, scale: Scale, work: Path) -> list[Timed]:
    """Run in this order, once each; a later entry may use an earlier one's output."""
    dump = work / "export.json"
    listed = f"{scale.promises:,}"
    list_limit = max(2.0, 2.0 * scale.promises / LISTED_PER_2_S)
    transfer_limit = max(10.0, 10.0 * scale.calls / CALLS_PER_10_S)
    return [
        Timed(
            f"promise list --all --json ({listed})",
            gripe.argv("promise", "list", "--all", "--json"),
            list_limit,
            MEMORY_MIB,
        ),
        Timed(
            f"promise list --all ({listed})",
            gripe.argv("promise", "list", "--all"),
            list_limit,
            MEMORY_MIB,
        ),
        Timed(
            f"export --format json ({scale.calls:,} calls)",
            gripe.argv("export", "--format", "json", "-o", str(dump)),
            transfer_limit,
            TRANSFER_MEMORY_MIB,
        ),
        Timed(
            "import (into an empty log)",
            gripe.argv("import", str(dump), db=work / "imported.db"),  # made by run_one
            transfer_limit,
            TRANSFER_MEMORY_MIB,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# The benchmark database
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchDb:
    label: str
    path: Path
    scale: Scale
    now: str
    company_one: str


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def schema_of(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations")]
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def ensure_db(label: str, path: Path, scale: Scale, now: str, build: bool) -> BenchDb:
    """The database, built by make_db.py unless one of this size and schema is there."""
    from gripe.store.schema import KNOWN

    wanted = {"calls": scale.calls, "promises": scale.promises, "companies": scale.companies}
    recorded: dict[str, object] = {}
    if sidecar(path).exists():
        recorded = json.loads(sidecar(path).read_text())
    stale = {key: recorded.get(key) for key in wanted} != wanted or schema_of(path) != KNOWN
    if build and (not path.exists() or stale):
        path.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, str(MAKE_DB), str(path), "--force", "--now", now]
        for key, value in wanted.items():
            command += [f"--{key}", str(value)]
        print(f"building {path} …", file=sys.stderr)
        subprocess.run(command, check=True, stdout=sys.stderr)
        recorded = {**wanted, "now": now}
        sidecar(path).write_text(json.dumps(recorded) + "\n")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT name FROM companies WHERE id = 1").fetchone()
        if not build:  # a database of the person's own: its size as it is
            counts = [
                int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("calls", "promises", "companies")
            ]
            scale = Scale(*counts)
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"run.py: {path} has no company 1; rebuild it with make_db.py")
    return BenchDb(label, path, scale, str(recorded.get("now", now)), str(row[0]))


def fresh_copy(source: Path, target: Path, journaled: bool = True) -> None:
    """A consistent copy (WAL content included) that the write benchmarks may grow; without
    the journal's triggers when ``journaled`` is false (to measure what the journal costs)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        if not journaled:
            for (name,) in dst.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE '\\_undo\\_%' ESCAPE '\\'"
            ).fetchall():
                dst.execute(f'DROP TRIGGER "{name}"')
            dst.commit()
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
    for _ in range(WARMUPS):
        for command in commands:
            spawner.run(baseline_argv)
            spawner.run(command.argv)
    for round_number in range(runs):
        tick(round_number)
        for command in commands:
            baseline.append(spawner.run(baseline_argv))
            command.samples.append(spawner.run(command.argv))
    return baseline


@dataclass
class Results:
    bench: BenchDb
    baseline: list[Sample]
    commands: list[Budgeted]
    timed: list[Timed]
    log_without_journal: list[Sample]
    import_without_journal: Sample | None


def _median(samples: list[Sample]) -> float:
    return statistics.median(sample.seconds for sample in samples)


def _peak(samples: list[Sample]) -> float:
    return mib(max(sample.maxrss_kib for sample in samples))


def report(results: Results, bytecode_cache: bool) -> bool:
    """Print the tables; whether everything is within budget."""
    bench = results.bench
    base = _median(results.baseline)
    print(
        f"## {bench.label}: {bench.scale.calls:,} calls, {bench.scale.promises:,} promises, "
        f"{bench.scale.companies:,} companies ({bench.path.name})"
    )
    print(
        f"python {platform.python_version()}; GRIPE_NOW={bench.now}; bytecode cache: "
        f"{'on' if bytecode_cache else 'off'}; baseline `python -c pass`: median "
        f"{base * 1000:.1f} ms over {len(results.baseline)} runs, peak "
        f"{_peak(results.baseline):.1f} MiB"
    )
    print()
    header = f"| {'command':<34} | median ms | ratio | budget | peak MiB | verdict |"
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    all_ok = True
    for command in results.commands:
        median, peak = _median(command.samples), _peak(command.samples)
        ratio = median / base
        problems = [
            *(["OVER time"] if ratio > command.budget else []),
            *(["OVER memory"] if peak > MEMORY_MIB else []),
        ]
        all_ok = all_ok and not problems
        verdict = ", ".join(problems) or "ok"
        times = "\N{MULTIPLICATION SIGN}"
        print(
            f"| {command.label:<34} | {median * 1000:>9.1f} | {ratio:>4.1f}{times} "
            f"| {command.budget:>5.0f}{times} | {peak:>8.1f} | {verdict:<7} |"
        )
    print()
    header = f"| {'timed once':<34} | seconds | limit s | peak MiB | budget MiB | verdict |"
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    for entry in results.timed:
        if entry.sample is None:
            continue
        seconds, peak = entry.sample.seconds, mib(entry.sample.maxrss_kib)
        problems = [
            *(["OVER time"] if seconds > entry.limit_seconds else []),
            *(["OVER memory"] if peak > entry.memory_mib else []),
        ]
        all_ok = all_ok and not problems
        verdict = ", ".join(problems) or "ok"
        print(
            f"| {entry.label:<34} | {seconds:>7.2f} | {entry.limit_seconds:>7.0f} "
            f"| {peak:>8.1f} | {entry.memory_mib:>10.0f} | {verdict:<7} |"
        )
    print()
    header = (
        f"| {'what the undo journal costs':<34} | journaled | without | cost | budget | verdict |"
    )
    print(header)
    print("|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|")
    costs: list[tuple[str, float, float, float]] = []
    log = next(command for command in results.commands if command.label.startswith("gripe log"))
    if results.log_without_journal:
        costs.append(
            ("gripe log … (median ms)", _median(log.samples) * 1000,
             _median(results.log_without_journal) * 1000, JOURNAL_LOG_COST)
        )  # fmt: skip
    imported = next((e for e in results.timed if e.label.startswith("import")), None)
    if imported and imported.sample and results.import_without_journal:
        costs.append(
            ("gripe import (seconds)", imported.sample.seconds,
             results.import_without_journal.seconds, JOURNAL_IMPORT_COST)
        )  # fmt: skip
    for label, journaled, without, budget in costs:
        cost = journaled / without - 1
        verdict = "OVER" if cost > budget else "ok"
        if label.startswith("gripe import") and bench.scale.calls < STANDARD.calls:
            verdict = "(small)"  # a fraction of a second, mostly start-up: not judged
        all_ok = all_ok and verdict != "OVER"
        print(
            f"| {label:<34} | {journaled:>9.2f} | {without:>7.2f} | {cost:>+4.0%} "
            f"| {budget:>6.0%} | {verdict:<7} |"
        )
    print()
    return all_ok


def run_one(bench: BenchDb, exe: Path, env: dict[str, str], runs: int, transfers: bool) -> Results:
    with tempfile.TemporaryDirectory(prefix="gripe-bench-") as folder:
        work = Path(folder)
        # gripe's own backups (the first write of a day) go here, not to the person's folder.
        run_env = {**env, "XDG_DATA_HOME": str(work / "data")}
        gripe = Gripe(exe, bench.path)
        log_db, bare_log_db = work / "log.db", work / "log-unjournaled.db"
        fresh_copy(bench.path, log_db)
        fresh_copy(bench.path, bare_log_db, journaled=False)
        ten_times = bench.scale.calls > STANDARD.calls
        commands = budgeted_commands(gripe, bench.company_one, log_db, ten_times)
        unjournaled = Budgeted(
            "log without the journal",
            log_argv(gripe, bench.company_one, bare_log_db),
            LOG_BUDGET,
        )

        def tick(round_number: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{bench.label}: round {round_number + 1}/{runs}", end="", file=sys.stderr)

        spawner = Spawner(run_env)
        try:
            baseline = measure([*commands, unjournaled], spawner, runs, tick)
            if sys.stderr.isatty():
                print(file=sys.stderr)
            timed = timed_commands(gripe, bench.scale, work)
            import_without = None
            if transfers:
                # Two empty logs made by gripe, one without the journal's triggers.
                empty = work / "empty.db"
                subprocess.run(
                    [str(exe), "--db", str(empty), "config", "list"],
                    env=run_env, check=True, capture_output=True,
                )  # fmt: skip
                fresh_copy(empty, work / "imported.db")
                fresh_copy(empty, work / "bare.db", journaled=False)
            else:
                timed = timed[:2]
            for entry in timed:
                entry.sample = spawner.run(entry.argv)
            if transfers:
                import_without = spawner.run(
                    gripe.argv("import", str(work / "export.json"), db=work / "bare.db")
                )
        finally:
            spawner.close()
    return Results(bench, baseline, commands, timed, unjournaled.samples, import_without)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure gripe against its budgets.")
    parser.add_argument(
        "--scale",
        action="append",
        choices=list(SCALES),
        help="a benchmark database to measure (repeat for several; default 100k)",
    )
    parser.add_argument("--db", type=Path, help="measure this database instead (as it is)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--now", default=DEFAULT_NOW, help="GRIPE_NOW for a database built here")
    parser.add_argument(
        "--no-transfers",
        dest="transfers",
        action="store_false",
        help="skip export, import and the import's journal cost (minutes on the 1m log)",
    )
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
    if args.db and args.scale:
        parser.error("give --db or --scale, not both")

    exe = Path(sys.executable).parent / "gripe"
    if not exe.exists():
        print(f"run.py: no gripe console script at {exe}; pip install .", file=sys.stderr)
        return 2
    if args.db:
        benches = [ensure_db(args.db.name, args.db, STANDARD, args.now, build=False)]
    else:
        benches = [
            ensure_db(label, OUT / f"bench-{label}.db", SCALES[label], args.now, build=True)
            for label in args.scale or ["100k"]
        ]
    env = {key: value for key, value in os.environ.items() if key not in DROPPED_ENV}
    env.update({"TZ": "UTC", "NO_COLOR": "1"})
    if args.bytecode_cache:
        # An installed gripe has its .pyc files; an editable one under PYTHONDONTWRITEBYTECODE
        # recompiles every module on every run (~100 ms here). Cache bytecode in out/, so that
        # nothing is written beside the sources.
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    all_ok = True
    for bench in benches:
        results = run_one(bench, exe, {**env, "GRIPE_NOW": bench.now}, args.runs, args.transfers)
        all_ok = report(results, args.bytecode_cache) and all_ok
    return 1 if args.check and not all_ok else 0


if __name__ == "__main__":
    sys.exit(main())
