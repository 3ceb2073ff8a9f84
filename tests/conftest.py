"""Shared fixtures: a real SQLite file per test, a fixed clock and zone, the CLI runner."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gripe.cli import app
from gripe.store.journal import TRANSIENT

# Tuesday 28 July 2026, 14:00 in London (13:00 UTC).
NOW = "2026-07-28T14:00:00+01:00"
ZONE = "Europe/London"


@pytest.fixture(autouse=True)
def fixed_world(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test runs at a known time, in a known zone, away from the real database."""
    monkeypatch.setenv("GRIPE_NOW", NOW)
    monkeypatch.setenv("TZ", ZONE)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("GRIPE_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "gripe.db"


class Gripe:
    """Runs gripe commands in-process against one database file."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Any:
        return self.runner.invoke(app, ["--db", str(self.db), *args], input=input)

    def ok(self, *args: str) -> Any:
        result = self(*args)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)

    def rows(self, sql: str, *parameters: object) -> list[tuple[Any, ...]]:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, parameters).fetchall()
        finally:
            conn.close()

    def dump(self) -> list[str]:
        """Every row of every table: compare before and after to prove nothing changed."""
        conn = sqlite3.connect(self.db)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()


@pytest.fixture
def gripe(db_path: Path) -> Gripe:
    return Gripe(db_path)


def run_gripe(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> Any:
    """gripe in a real subprocess, as a person's shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "gripe", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        **kwargs,
    )


def summaries_out_of_step(db: Path) -> list[str]:
    """The derived tables (schema m014) that differ from what the log says they should be."""
    from gripe.store import summaries

    conn = sqlite3.connect(db)
    try:
        return summaries.out_of_step(conn)
    finally:
        conn.close()


def full_dump(db: Path) -> dict[str, Any]:
    """Everything a person's log is: every table but the journal's and the transient ones (the
    derived summaries included), the rows of the search index (not its shadow tables, whose
    storage may differ), the schema, and the evidence files."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> '_changes' "
                "AND name NOT LIKE '\\_undo\\_%' ESCAPE '\\' AND name NOT LIKE 'search%' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
            if name not in TRANSIENT  # the call in progress is no record
        ]
        dump: dict[str, Any] = {
            table: conn.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
        dump["search"] = conn.execute(
            "SELECT rowid, kind, ref_id, body, company FROM search ORDER BY rowid"
        ).fetchall()
        dump["schema"] = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        dump["foreign_key_check"] = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    folder = db.parent / "evidence"
    dump["evidence files"] = sorted(
        (path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in (folder.iterdir() if folder.exists() else [])
    )
    return dump


def assert_same(before: dict[str, Any], after: dict[str, Any]) -> None:
    for key in before.keys() | after.keys():
        assert before.get(key) == after.get(key), f"{key} differs after undo"


def default_sigint() -> None:
    """For ``preexec_fn``: Ctrl-C as a person's shell delivers it. A test run started in the
    background by a script has SIGINT ignored (POSIX, for asynchronous commands), its children
    inherit that, and a Python that starts with SIGINT ignored leaves it so: gripe would never
    see the Ctrl-C a test sends."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
