"""Every class of fault a person can meet, through the installed ``gripe`` in a real process.

One table: each row puts a log in front of a real fault (a full disk is a tiny tmpfs, a
read-only file is ``chattr +i``, a read-only disk is a read-only bind mount, a file size limit
is RLIMIT_FSIZE, a damaged log is a truncated or overwritten file) or of input gripe must
refuse, runs one command, and asserts what the person sees and what is left: the exit code, one
``Error:`` line and no traceback, the log's dump unchanged, and no file (nor a temporary one)
where the command was asked to write. Mounting and ``chattr`` need root; CI runs as root.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

GRIPE_SCRIPT = Path(sys.executable).with_name("gripe")
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def gripe_script() -> str:
    if not GRIPE_SCRIPT.is_file():
        pytest.skip(f"no installed gripe console script at {GRIPE_SCRIPT}")
    return str(GRIPE_SCRIPT)


@dataclass
class World:
    """A log with a story in it, and the means to put a fault in front of it."""

    tmp: Path
    db: Path
    env: dict[str, str]
    undo: list[Callable[[], None]] = field(default_factory=list)

    def run(self, *args: str | bytes, preexec: Callable[[], None] | None = None) -> Any:
        return subprocess.run(
            [gripe_script(), *args],
            capture_output=True,
            env=self.env,
            preexec_fn=preexec,
            timeout=120,
        )

    def ok(self, *args: str) -> None:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr.decode()

    def dump(self) -> list[str]:
        conn = sqlite3.connect(self.db)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()


def sh(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def environment(tmp: Path, db: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GRIPE_NOW": "2026-07-28T14:00:00+01:00",
        "TZ": "Europe/London",
        "NO_COLOR": "1",
        "XDG_DATA_HOME": str(tmp / "xdg-data"),
        "XDG_CONFIG_HOME": str(tmp / "xdg-config"),
        "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
        "GRIPE_DB": str(db),
    }


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log told once for the whole table (each row gets its own copy)."""
    folder = tmp_path_factory.mktemp("story")
    world = World(folder, folder / "gripe.db", environment(folder, folder / "gripe.db"))
    world.ok("log", "Acme Broadband", "Line down since Sunday", "--rep", "Dana", "--ref", "AB-1")
    world.ok("log", "Acme Broadband", "Engineer promised", "--promise", "Fix", "--by", "friday")
    world.ok("config", "set", "name", "Alex Doe")
    conn = sqlite3.connect(world.db)
    with conn:  # enough pages that damage lands on rows, and a sizeable export
        conn.executemany(
            "INSERT INTO calls (uuid, case_id, at, summary, created_at) "
            "VALUES (?, 1, '2026-07-27T10:00:00Z', ?, '2026-07-27T10:00:00Z')",
            [(f"story-{n}", f"Call {n}: " + "still no service. " * 20) for n in range(150)],
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return world.db


def make_world(tmp: Path, folder: Path, story: Path) -> World:
    """A copy of the story at ``folder``, with a good backup and the templates the rows use."""
    db = folder / "gripe.db"
    db.write_bytes(story.read_bytes())
    db.chmod(0o600)
    world = World(tmp, db, environment(tmp, db))
    world.ok("backup")  # a good backup, for the messages that name one
    world.ok("case", "list")  # the WAL index exists, as after any use
    templates = tmp / "xdg-config" / "gripe" / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    for name, body in TEMPLATES.items():
        (templates / f"{name}.md.j2").write_text(body, encoding="utf-8")
    return world


TEMPLATES = {
    "bomb": 'Dear {{ company.name }},\n{{ "%0999999999d" % 1 }}\n',
    "folded": 'Dear {{ company.name }},\n{{ "%0999999999d"|format(1) }}\n',
    "recursive": "{% macro again(n) %}{{ again(n) }}{% endmacro %}{{ again(1) }}\n",
    "ranges": "{% for i in range(1000000000) %}x{% endfor %}\n",
}


# ---- the faults --------------------------------------------------------------------------------


def fill(folder: Path) -> None:
    """Fill the file system under ``folder`` to the last byte."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(descriptor, b"\0" * size):
                    pass
            except OSError:  # ENOSPC: on to smaller pieces
                pass
    finally:
        os.close(descriptor)


def empty_space(folder: Path) -> Callable[[], None]:
    return lambda: (folder / "filler").unlink(missing_ok=True)


def immutable(world: World, path: Path) -> None:
    sh("chattr", "+i", str(path))
    world.undo.append(lambda: sh("chattr", "-i", str(path)))


def read_only_mount(world: World, source: Path) -> Path:
    target = world.tmp / "read-only"
    target.mkdir()
    sh("mount", "--bind", str(source), str(target))
    world.undo.append(lambda: sh("umount", "-l", str(target)))
    sh("mount", "-o", "remount,bind,ro", str(target))
    return target


def file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


@dataclass
class Fault:
    """One row of the table: how to set the fault up, the command, what the person must see."""

    set_up: Callable[[World], tuple[list[str | bytes], Path | None]]
    code: int
    words: tuple[str, ...]
    needs_root: bool = False
    log_on_tmpfs: bool = False
    preexec: Callable[[], None] | None = None
    env: dict[str, str] = field(default_factory=dict)


def hold_open(world: World) -> None:
    """Another gripe has the log open: its WAL index stays as it is, so the log can still be
    read and written in place on a full disk, and what meets the full disk is the write itself
    (a transaction's pages, an output file, a copied recording)."""
    holder = sqlite3.connect(world.db)
    holder.execute("SELECT count(*) FROM calls").fetchone()
    world.undo.append(holder.close)


def on_full_disk(args: list[str], output: str | None = None, first_open: bool = False) -> Any:
    def set_up(world: World) -> tuple[list[str | bytes], Path | None]:
        folder = world.db.parent
        destination = folder / output if output else None
        if first_open:  # as the first command after a reboot: SQLite must make its WAL index
            conn = sqlite3.connect(world.db)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{world.db}{suffix}").unlink(missing_ok=True)
        else:
            hold_open(world)
        fill(folder)
        world.undo.append(empty_space(folder))
        return [*args, *(["-o", str(destination)] if destination else [])], destination

    return set_up


def read_only(args: list[str], output: str | None = None) -> Any:
    """The log on a read-only disk; or, with ``output``, the log as usual and the output on
    a read-only disk."""

    def set_up(world: World) -> tuple[list[str | bytes], Path | None]:
        if output is None:
            mounted = read_only_mount(world, world.db.parent)
            world.env["GRIPE_DB"] = str(mounted / world.db.name)
            return list(args), None
        empty = world.tmp / "empty"
        empty.mkdir()
        destination = read_only_mount(world, empty) / output
        return [*args, "-o", str(destination)], destination

    return set_up


def attach_on_full_disk(world: World) -> tuple[list[str | bytes], Path | None]:
    evidence = world.tmp / "recording.mp3"
    evidence.write_bytes(os.urandom(300_000))
    hold_open(world)
    fill(world.db.parent)
    world.undo.append(empty_space(world.db.parent))
    return ["attach", "1", str(evidence)], None


def immutable_log(args: list[str]) -> Any:
    def set_up(world: World) -> tuple[list[str | bytes], Path | None]:
        immutable(world, world.db)
        return list(args), None

    return set_up


def immutable_folder(args: list[str], output: str) -> Any:
    def set_up(world: World) -> tuple[list[str | bytes], Path | None]:
        folder = world.tmp / "locked"
        folder.mkdir()
        immutable(world, folder)
        return [*args, "-o", str(folder / output)], folder / output

    return set_up


def damaged(how: str, args: list[str]) -> Any:
    def set_up(world: World) -> tuple[list[str | bytes], Path | None]:
        conn = sqlite3.connect(world.db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        calls_root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'calls'"
        ).fetchone()[0]
        conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{world.db}{suffix}").unlink(missing_ok=True)
        size = world.db.stat().st_size
        with world.db.open("r+b") as handle:
            if how == "empty":
                handle.truncate(0)
            elif how == "truncated":
                handle.truncate(size // 2)
            elif how == "overwritten":  # the calls table's root page, as a failing disk might
                handle.seek((calls_root - 1) * 4096 + 8)
                handle.write(b"\xa5" * 2000)
            else:  # another program wrote over the whole file
                handle.write(os.urandom(size))
        return list(args), None

    return set_up


def plain(*args: str | bytes, output: str | None = None) -> Any:
    def set_up(world: World) -> tuple[list[str | bytes], Path | None]:
        destination = world.tmp / output if output else None
        return [*args, *(["-o", str(destination)] if destination else [])], destination

    return set_up


def import_of(change: Callable[[dict[str, Any]], Any], raw: str | None = None) -> Any:
    def set_up(world: World) -> tuple[list[str | bytes], Path | None]:
        exported = world.run("export")
        document = json.loads(exported.stdout)
        change(document)
        path = world.tmp / "crafted.json"
        path.write_text(raw if raw is not None else json.dumps(document), encoding="utf-8")
        return ["import", str(path)], None

    return set_up


def set_row(table: str, column: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        row = dict(document["tables"]["cases"][0]) if table == "evidence" else None
        if table == "evidence":
            assert row is not None
            document["tables"]["evidence"] = [
                {
                    "id": 1,
                    "uuid": "e-crafted",
                    "case_uuid": row["uuid"],
                    "file_name": "bill.pdf",
                    "sha256": "0" * 64,
                    "size": 10,
                    "added_at": "2026-07-28T13:00:00Z",
                    "note": None,
                }
            ]
        document["tables"][table][0][column] = value
        document["tables"][table][0]["uuid"] += "-crafted"

    return change


DEEP = '{"format": "gripe-export", "version": 2, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"


def huge_row(document: dict[str, Any]) -> None:
    document["tables"]["calls"][0]["summary"] = "x" * 20_000_000


FAULTS = {
    # storage: the machine's fault, the log unharmed, exit 1
    "full-disk/log": Fault(
        on_full_disk(["log", "Acme Broadband", "x" * 4000]),
        1,
        ("is full", "unharmed"),
        needs_root=True,
        log_on_tmpfs=True,
    ),
    "full-disk/first-open": Fault(
        on_full_disk(["case", "list"], first_open=True),
        1,
        ("disk", "full"),
        needs_root=True,
        log_on_tmpfs=True,
    ),
    "full-disk/export": Fault(
        on_full_disk(["export"], "out.json"), 1, ("disk is full",), True, True
    ),
    "full-disk/letter": Fault(
        on_full_disk(["letter", "1"], "letter.md"), 1, ("disk is full",), True, True
    ),
    "full-disk/pdf": Fault(
        on_full_disk(["letter", "1"], "letter.pdf"), 1, ("disk is full",), True, True
    ),
    "full-disk/backup": Fault(
        on_full_disk(["backup"], "copy.db"), 1, ("disk is full",), True, True
    ),
    "full-disk/calendar": Fault(
        on_full_disk(["calendar"], "dates.ics"), 1, ("disk is full",), True, True
    ),
    "read-only-file/log": Fault(
        immutable_log(["log", "Acme Broadband", "again"]), 1, ("read-only", "unharmed"), True
    ),
    "read-only-file/promise": Fault(
        immutable_log(["promise", "kept", "1"]), 1, ("read-only",), True
    ),
    "read-only-disk/log": Fault(
        read_only(["log", "Acme Broadband", "again"]), 1, ("read-only",), True
    ),
    "read-only-disk/export": Fault(
        read_only(["export"], "out.json"), 1, ("read-only disk",), True
    ),
    "read-only-disk/read": Fault(read_only(["case", "list"]), 1, ("read-only disk",), True),
    "full-disk/attach": Fault(attach_on_full_disk, 1, ("disk is full", "evidence"), True, True),
    "locked-folder/export": Fault(
        immutable_folder(["export"], "out.json"), 1, ("permission denied",), True
    ),
    "file-size-limit/export": Fault(
        plain("export", output="out.json"),
        1,
        ("largest file allowed",),
        preexec=file_size_limit(40_000),  # more than the WAL index, less than the export
    ),
    "damaged/empty-file": Fault(
        damaged("empty", ["case", "list"]), 1, ("empty (0 bytes)", "gripe restore")
    ),
    "damaged/truncated": Fault(
        damaged("truncated", ["case", "show", "1"]), 1, ("damaged", "gripe restore")
    ),
    "damaged/overwritten-page": Fault(
        damaged("overwritten", ["case", "show", "1"]), 1, ("damaged", "gripe restore")
    ),
    "damaged/overwritten-file": Fault(
        damaged("noise", ["log", "Acme Broadband", "again"]), 1, ("gripe restore",)
    ),
    # input: the person's to change, exit 2
    "input/not-utf-8": Fault(plain("log", "Acme Broadband", b"line \xff down"), 2, ("UTF-8",)),
    "input/huge-id": Fault(plain("case", "show", "99999999999999999999999"), 2, ("too big",)),
    "input/huge-limit": Fault(plain("case", "list", "--limit", str(2**70)), 2, ("--limit",)),
    "input/huge-amount": Fault(
        plain("case", "open", "Acme Broadband", "Refund", "--amount", "9" * 40), 2, ("money",)
    ),
    "input/huge-hold": Fault(
        plain("log", "Acme Broadband", "x", "--hold", "99999999999999999999999"), 2, ("week",)
    ),
    "input/huge-within": Fault(plain("due", "--within", f"{2**70}d"), 2, ("past the year 2200",)),
    "input/by-9999": Fault(
        plain("log", "Acme Broadband", "x", "--promise", "p", "--by", "9999-12-31"),
        2,
        ("1970", "2200"),
    ),
    "input/at-year-1": Fault(
        plain("log", "Acme Broadband", "x", "--at", "0001-01-01"), 2, ("1970", "2200")
    ),
    "input/gripe-now-year-1": Fault(
        plain("log", "Acme Broadband", "x"),
        2,
        ("GRIPE_NOW",),
        env={"GRIPE_NOW": "0001-01-01T00:00"},
    ),
    "input/by-empty": Fault(
        plain("log", "Acme Broadband", "x", "--promise", "p", "--by", ""), 2, ("empty",)
    ),
    "input/phrase-too-long": Fault(
        plain("log", "Acme Broadband", "x", "--hold", "9" * 5000), 2, ("too long",)
    ),
    "input/output-is-a-folder": Fault(plain("export", "-o", "/tmp"), 2, ("/tmp",)),
    "import/bad-sha256": Fault(
        import_of(set_row("evidence", "sha256", "../../../etc/passwd")), 2, ("sha256",)
    ),
    "import/year-9999": Fault(
        import_of(set_row("calls", "at", "9999-12-31T23:59:59Z")), 2, ("1970 to 2200",)
    ),
    "import/year-1": Fault(
        import_of(set_row("promises", "due", "0001-01-01T00:00:00Z")), 2, ("1970 to 2200",)
    ),
    "import/huge-hold": Fault(import_of(set_row("calls", "hold_minutes", 2**62)), 2, ("minutes",)),
    "import/deep-nesting": Fault(import_of(lambda document: None, raw=DEEP), 2, ("nested",)),
    "import/huge-row": Fault(import_of(huge_row), 2, ("longer than 16,777,216 characters",)),
    "template/compile-time-bomb": Fault(
        plain("letter", "1", "--template", "bomb", output="bomb.md"), 2, ("template bomb",)
    ),
    "template/folded-filter": Fault(
        plain("letter", "1", "--template", "folded", output="folded.md"),
        2,
        ("template folded",),
    ),
    "template/recursive-macro": Fault(
        plain("letter", "1", "--template", "recursive", output="r.md"),
        2,
        ("template recursive",),
    ),
    "template/huge-range": Fault(
        plain("letter", "1", "--template", "ranges", output="r.md"), 2, ("template ranges",)
    ),
}


def can_mount(tmp_path: Path) -> str | None:
    """Why a tmpfs cannot be mounted here (None: it can)."""
    if not ROOT:
        return "mounting needs root"
    probe = tmp_path / "probe"
    probe.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True
    )
    if mounted.returncode != 0:
        return f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}"
    sh("umount", str(probe))
    return None


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_fault_ends_in_one_error_line_and_changes_nothing(
    tmp_path: Path, story: Path, name: str
) -> None:
    fault = FAULTS[name]
    if fault.needs_root:
        reason = can_mount(tmp_path)
        if reason is not None:
            pytest.skip(reason)
    undo: list[Callable[[], None]] = []
    try:
        folder = tmp_path / "log"
        folder.mkdir()
        if fault.log_on_tmpfs:
            sh("mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(folder))
            undo.append(lambda: sh("umount", "-l", str(folder)))
        world = make_world(tmp_path, folder, story)
        world.undo = undo
        before = world.dump()
        args, destination = fault.set_up(world)
        world.env.update(fault.env)
        started = set(_files(tmp_path))

        result = world.run(*args, preexec=fault.preexec)
        _lift_all_but_the_disk(undo, fault.log_on_tmpfs)
        world.env["GRIPE_DB"] = str(world.db)

        stderr = result.stderr.decode("utf-8", "replace")
        assert result.returncode == fault.code, (result.returncode, stderr)
        errors = [line for line in stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, stderr
        assert "Traceback" not in stderr
        for word in fault.words:
            assert word in errors[0], (word, errors[0])
        if not name.startswith("damaged/"):
            assert world.dump() == before
        if destination is not None:
            assert not destination.exists()
            left = {path for path in _files(tmp_path) if path not in started}
            beside = [path for path in left if path.parent == destination.parent]
            assert beside == [], beside
        cache = tmp_path / "xdg-cache"
        assert all(path.stat().st_size < 1024 * 1024 for path in _files(cache))
    finally:
        while undo:
            undo.pop()()


def _lift_all_but_the_disk(undo: list[Callable[[], None]], keep_first: bool) -> None:
    """Undo the fault (space freed, flags cleared, mounts gone) but keep the tmpfs the log is
    on until its dump has been compared."""
    kept = undo[:1] if keep_first else []
    rest = undo[1:] if keep_first else undo[:]
    while rest:
        rest.pop()()
    undo[:] = kept


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.is_dir() else []


@pytest.mark.parametrize(
    "how", ["truncated", "overwritten", "noise", "empty"], ids=lambda how: f"damage-{how}"
)
def test_a_damaged_log_is_named_with_the_backup_that_puts_it_back(
    tmp_path: Path, story: Path, how: str
) -> None:
    (tmp_path / "log").mkdir()
    world = make_world(tmp_path, tmp_path / "log", story)
    damaged(how, [])(world)

    result = world.run("case", "show", "1")
    doctor = world.run("doctor")

    stderr = result.stderr.decode()
    assert result.returncode == 1, stderr
    assert "gripe restore " in stderr
    named = Path(stderr.split("gripe restore ")[1].strip())
    assert named.is_file()
    assert named.parent.parent.name == "backups"
    assert doctor.returncode == 1
    assert "PROBLEM" in doctor.stdout.decode()
    assert f"gripe restore {named}" in doctor.stdout.decode()
