"""Every command, found by walking the command tree (so a new one is held to these too): its
help reads whole, with examples that parse; it takes --json unless it is exempt for a reason
given below; its JSON names every row by ``id`` and ``uuid``; and no count it prints says
"1 cases".
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from conftest import NOW, ZONE
from gripe.cli import app

Path_ = tuple[str, ...]

# Commands without --json, each with why. Everything else that gripe can run takes --json.
EXEMPT: dict[Path_, str] = {
    ("call", "resume"): "the live screen of the call in progress: it prints no data",
    ("template", "edit"): "opens $EDITOR on a template file; no row of the log changes",
    ("calendar",): "its output is an iCalendar file, a format of its own",
    ("export",): "its output is JSON already (--format json), or CSV",
    ("demo",): "a tour of other commands' output in a throw-away log; each of them has --json",
}


def _walk(command: Any, path: Path_, parent: Any) -> Iterator[tuple[Path_, Any]]:
    ctx = typer.Context(command, parent=parent, info_name=path[-1] if path else "gripe")
    yield path, command
    if isinstance(command, TyperGroup):
        for name in command.list_commands(ctx):
            yield from _walk(command.get_command(ctx, name), (*path, name), ctx)


def tree() -> list[tuple[Path_, Any]]:
    """Every command and group, the root (bare ``gripe``) first."""
    return list(_walk(typer.main.get_command(app), (), None))


def leaves() -> list[Path_]:
    """What can be run: every command, and the root (the dashboard)."""
    return [path for path, command in tree() if not path or not isinstance(command, TyperGroup)]


def groups() -> list[Path_]:
    return [path for path, command in tree() if isinstance(command, TyperGroup)]


def help_of(path: Path_) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, (path, result.output)
    return str(result.stdout)


def parsed_path(line: str) -> Path_:
    """The command an example line runs, parsed by gripe's own parser (not run): an unknown
    option, a missing argument or a bad number fails here as it would at the terminal."""
    segments: list[list[str]] = [[]]
    for word in shlex.split(line):  # a shell line: gripe's part of its pipeline
        if word in ("|", "||", "&&", ";"):
            segments.append([])
        else:
            segments[-1].append(word)
    for words in segments:
        while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):  # EDITOR=nano gripe …
            words = words[1:]
        if words[:1] == ["gripe"]:
            break
    else:
        raise AssertionError(f"no gripe command in the example {line!r}")
    for redirect in (">", "<", "2>"):
        if redirect in words:
            words = words[: words.index(redirect)]
    command = typer.main.get_command(app)
    ctx = command.make_context("gripe", words[1:])
    path: list[str] = []
    while isinstance(command, TyperGroup):
        rest = [*ctx._protected_args, *ctx.args]
        if not rest:
            break
        name, command, arguments = command.resolve_command(ctx, rest)
        path.append(name)
        ctx = command.make_context(name, arguments, parent=ctx)
    return tuple(path)


def examples(text: str) -> list[str]:
    _, marker, below = text.partition("\nExamples:\n")
    assert marker, "no Examples section"
    return [line.strip() for line in below.splitlines() if line.strip()]


# ---- help ---------------------------------------------------------------------------------------


def test_the_tree_has_every_command() -> None:
    found = set(leaves())
    assert {("log",), ("case", "show"), ("letter", "write"), ("config", "list"), ()} <= found
    assert len(found) > 60


@pytest.mark.parametrize("path", [path for path, _ in tree()], ids=" ".join)
def test_help_has_examples_that_parse_and_a_usage_line_without_braces(path: Path_) -> None:
    text = help_of(path)
    usage = text.splitlines()[0]
    typed = ("letter",) if path == ("letter", "write") else path  # gripe letter CASE
    assert usage.startswith(f"Usage: {' '.join(('gripe', *typed))} "), usage
    assert not {"{", "}"} & set(usage), usage
    found = examples(text)
    assert found, f"gripe {' '.join(path)} --help has no example"
    for line in found:
        assert len(line) + 2 <= 80, f"an example wider than 80 columns: {line}"
        ran = parsed_path(line)
        assert ran[: len(path)] == path or (path[:1] == ("letter",) and ran[:1] == path[:1]), (
            f"{line!r} runs gripe {' '.join(ran)}, not gripe {' '.join(path)}"
        )


@pytest.mark.parametrize("path", groups(), ids=lambda path: " ".join(("gripe", *path)))
def test_command_summaries_are_whole_and_fit_one_line(path: Path_) -> None:
    text = help_of(path)
    listing = text.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    assert "..." not in listing, listing
    assert "…" not in listing, listing
    for line in listing.splitlines():
        # A second line of a summary would start with spaces only: every line names a command.
        assert re.match(r"  [a-z]", line), f"a summary runs over one line:\n{listing}"


def test_a_summary_is_not_cut_in_a_narrow_terminal() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "50", "NO_COLOR": "1"})
    listing = result.stdout.split("\nCommands:\n", 1)[1]
    assert "..." not in listing
    assert "…" not in listing
    assert "and what they promised." in " ".join(listing.split())


# ---- a log with something of everything ---------------------------------------------------------

SEED = [
    "config set name 'Alex Morgan'",
    "config set jurisdiction UK",
    "company add Comcast --sector broadband --address '1 Road, Leeds'",
    # case 1, call 1, rep 1, promise 1 (overdue)
    "log Comcast 'Outage since Monday' --rep Dana --rep-id 4471 --ref CMC-1 --hold 25m "
    "--at '2026-07-20 10:00' --promise 'Engineer visit' --by 'friday 5pm'",
    # call 2, rep 2, promise 2 (undated)
    "log Comcast 'Chased the engineer' --rep 'Dana S' --at '2026-07-27 10:00' --promise Refund",
    # company 2, case 2, call 3, promise 3 (due soon)
    "log Northstar 'Billed twice' --at '2026-07-27 09:00' --promise 'Call back' --by friday",
    "company add Comcsat",  # company 3, a slip
    "case claim 1 45 '9 days without broadband'",  # claim 1
    "attach 1 {dir}/bill.pdf --note 'The bill'",  # evidence 1
    "letter 1 --record -o {dir}/letter.txt",  # letter 1
]

# What runs each command that takes --json: setting-up commands first, then the command. Every
# runnable command is here or in EXEMPT (a test says so).
SAMPLES: dict[Path_, list[list[str]]] = {
    (): [["--json"]],
    ("log",): [["log", "Comcast", "Called again", "--json"]],
    ("call", "start"): [["call", "start", "Comcast", "--json"]],
    ("call", "answered"): [
        ["call", "start", "Comcast", "--detach"],
        ["call", "answered", "--json"],
    ],
    ("call", "hold"): [
        ["call", "start", "Comcast", "--detach"],
        ["call", "answered"],
        ["call", "hold", "--json"],
    ],
    ("call", "status"): [["call", "start", "Comcast", "--detach"], ["call", "status", "--json"]],
    ("call", "cancel"): [["call", "start", "Comcast", "--detach"], ["call", "cancel", "--json"]],
    ("call", "end"): [["call", "start", "Comcast", "--detach"], ["call", "end", "Done", "--json"]],
    ("call", "edit"): [["call", "edit", "1", "--hold", "30m", "--json"]],
    ("call", "move"): [
        ["case", "open", "Comcast", "Second problem"],
        ["call", "move", "2", "--case", "3", "--json"],
    ],
    ("call", "delete"): [["call", "delete", "3", "--cascade", "--json"]],
    ("overdue",): [["overdue", "--json"]],
    ("due",): [["due", "--json"]],
    ("when",): [["when", "friday 5pm", "--json"]],
    ("search",): [["search", "engineer", "--json"]],
    ("case", "open"): [["case", "open", "Comcast", "Second problem", "--json"]],
    ("case", "list"): [["case", "list", "--json"]],
    ("case", "show"): [["case", "show", "1", "--json"]],
    ("case", "close"): [["case", "close", "2", "--json"]],
    ("case", "escalate"): [["case", "escalate", "1", "--json"]],
    ("case", "edit"): [["case", "edit", "1", "--title", "Outage", "--json"]],
    ("case", "reopen"): [["case", "close", "2"], ["case", "reopen", "2", "--json"]],
    ("case", "claim"): [["case", "claim", "1", "10", "Late fee", "--json"]],
    ("case", "unclaim"): [["case", "unclaim", "1", "--json"]],
    ("promise", "add"): [["promise", "add", "1", "Call back", "--by", "tomorrow", "--json"]],
    ("promise", "kept"): [["promise", "kept", "2", "--json"]],
    ("promise", "broken"): [["promise", "broken", "3", "--json"]],
    ("promise", "cancel"): [["promise", "cancel", "2", "--json"]],
    ("promise", "list"): [["promise", "list", "--json"]],
    ("promise", "edit"): [["promise", "edit", "2", "--by", "friday", "--json"]],
    ("promise", "reschedule"): [["promise", "reschedule", "1", "--by", "next friday", "--json"]],
    ("company", "add"): [["company", "add", "Acme", "--json"]],
    ("company", "list"): [["company", "list", "--json"]],
    ("company", "show"): [["company", "show", "comcast", "--json"]],
    ("company", "edit"): [["company", "edit", "1", "--website", "comcast.com", "--json"]],
    ("company", "merge"): [["company", "merge", "3", "1", "--json"]],
    ("company", "delete"): [["company", "delete", "3", "--json"]],
    ("letter", "write"): [["letter", "1", "--record", "--json"]],
    ("letter", "list"): [["letter", "list", "--json"]],
    ("letter", "show"): [["letter", "show", "1", "--json"]],
    ("letter", "sent"): [["letter", "sent", "1", "--via", "post", "--json"]],
    ("letter", "replied"): [
        ["letter", "sent", "1", "--via", "post"],
        ["letter", "replied", "1", "--json"],
    ],
    ("rights",): [["rights", "1", "--json"]],
    ("template", "list"): [["template", "list", "--json"]],
    ("template", "show"): [["template", "show", "complaint", "--json"]],
    ("template", "path"): [["template", "path", "complaint", "--json"]],
    ("attach",): [["attach", "1", "{dir}/bill.pdf", "--json"]],
    ("bundle",): [["bundle", "1", "-o", "{dir}/case-1.zip", "--json"]],
    ("rep", "list"): [["rep", "list", "--json"]],
    ("rep", "edit"): [["rep", "edit", "1", "--name", "Dana Smith", "--json"]],
    ("rep", "merge"): [["rep", "merge", "2", "1", "--json"]],
    ("config", "set"): [["config", "set", "email", "alex@example.com", "--json"]],
    ("config", "get"): [["config", "get", "name", "--json"]],
    ("config", "unset"): [["config", "unset", "name", "--json"]],
    ("config", "list"): [["config", "list", "--json"]],
    ("import",): [
        ["export", "-o", "{dir}/export.json"],
        ["import", "{dir}/export.json", "--json"],
    ],
    ("history",): [["history", "--json"]],
    ("undo",): [["undo", "--json"]],
    ("backup",): [["backup", "-o", "{dir}/backup.db", "--json"]],
    ("restore",): [["backup", "-o", "{dir}/backup.db"], ["restore", "{dir}/backup.db", "--json"]],
    ("doctor",): [["doctor", "--json"]],
}

# Commands whose JSON names no row of the log: a reading, a report (the clocks of a case, named
# by case_id), a file or a template.
ROWLESS = {
    ("when",),
    ("rights",),
    ("template", "list"),
    ("template", "show"),
    ("template", "path"),
    ("bundle",),
    ("import",),
    ("backup",),
    ("restore",),
    ("doctor",),
}


def _run(db: Path, args: list[str], folder: Path) -> Any:
    filled = [arg.replace("{dir}", str(folder)) for arg in args]
    return CliRunner().invoke(app, ["--db", str(db), *filled])


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a log holding something of everything (built once, copied per test)."""
    folder = tmp_path_factory.mktemp("seeded")
    with pytest.MonkeyPatch.context() as patch:
        _world(patch, folder)
        (folder / "bill.pdf").write_bytes(b"%PDF-1.4 a bill")
        for line in SEED:
            args = shlex.split(line)
            result = _run(folder / "gripe.db", args, folder)
            assert result.exit_code == 0, (args, result.output)
    (folder / "letter.txt").unlink()
    return folder


def _world(patch: pytest.MonkeyPatch, folder: Path) -> None:
    patch.setenv("GRIPE_NOW", NOW)
    patch.setenv("TZ", ZONE)
    patch.setenv("NO_COLOR", "1")
    patch.setenv("COLUMNS", "120")
    patch.setenv("XDG_DATA_HOME", str(folder / "xdg-data"))
    patch.setenv("XDG_CONFIG_HOME", str(folder / "xdg-config"))
    patch.delenv("GRIPE_DB", raising=False)


def copy_of(seeded: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "log"
    shutil.copytree(seeded, folder)
    return folder


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


@pytest.mark.parametrize("path", leaves(), ids=lambda path: " ".join(("gripe", *path)))
def test_every_command_takes_json_or_says_why_not(path: Path_) -> None:
    command = dict(tree())[path]
    options = {name for param in command.params for name in getattr(param, "opts", [])}
    if path in EXEMPT:
        assert "--json" not in options, f"{path} takes --json: take it off EXEMPT"
        return
    assert "--json" in options, f"gripe {' '.join(path)} has no --json (or add it to EXEMPT)"
    assert path in SAMPLES, f"add a sample run of gripe {' '.join(path)} to SAMPLES"


@pytest.mark.parametrize("path", list(SAMPLES), ids=lambda path: " ".join(("gripe", *path)))
def test_json_names_every_row_by_id_and_uuid(path: Path_, seeded: Path, tmp_path: Path) -> None:
    folder = copy_of(seeded, tmp_path)
    db = folder / "gripe.db"
    *setup, command = SAMPLES[path]
    for args in setup:
        done = _run(db, args, folder)
        assert done.exit_code == 0, (args, done.output)
    result = _run(db, command, folder)
    assert result.exit_code in ((0, 1) if path == ("doctor",) else (0,)), result.output
    data = json.loads(result.stdout)
    named = [found for found in _objects(data) if "id" in found or "uuid" in found]
    for found in named:
        assert {"id", "uuid"} <= set(found), f"an object with only one of id/uuid: {found}"
    if path not in ROWLESS:
        assert any(found["id"] is not None and found["uuid"] for found in named), data


def test_json_before_a_command_is_refused(gripe: Any) -> None:
    result = gripe("--json", "overdue")
    assert result.exit_code == 2
    assert "--json goes after the command: gripe overdue … --json" in result.stderr


def test_the_dashboard_as_json_has_every_section(seeded: Path, tmp_path: Path) -> None:
    folder = copy_of(seeded, tmp_path)
    data = json.loads(_run(folder / "gripe.db", ["--json"], folder).stdout)
    assert set(data) == {
        "broken_promises",
        "unanswered_letters",
        "due_soon",
        "clocks",
        "undated_promises",
        "open_cases",
        "totals",
    }
    assert [promise["id"] for promise in data["broken_promises"]] == [1]
    assert [promise["id"] for promise in data["undated_promises"]] == [2]
    assert [promise["id"] for promise in data["due_soon"]] == [3]
    assert [case["id"] for case in data["open_cases"]] == [1, 2]  # the latest contact first
    assert data["open_cases"][0]["next_step"]["kind"]
    assert data["totals"] == {
        "broken": 1,
        "letters": 0,
        "due": 1,
        "undated": 1,
        "cases": 2,
        "clocks": len(data["clocks"]),
    }


def test_an_empty_dashboard_as_json_is_empty_sections(gripe: Any) -> None:
    data = gripe.json()
    assert data["open_cases"] == []
    assert data["totals"]["cases"] == 0


# ---- counts -------------------------------------------------------------------------------------

ONE_OF_EACH = [
    "company add Comcast --sector broadband",
    "company add 'Comcast Cable'",
    "log Comcast 'Outage since Monday' --rep Dana --at 'yesterday 10am' --hold 25m "
    "--duration 1h1m --promise 'Engineer visit' --by 'in 1 day'",
    "case claim 1 45 '9 days without broadband'",
    "attach 1 {dir}/bill.pdf",
    "letter 1 --record --days 1 -o {dir}/letter.txt",
    "letter sent 1 --via post",
]
# Each runs on a fresh copy of that log; all that they print is read for "1 calls".
SINGULAR_RUNS = [
    [],
    ["overdue"],
    ["due"],
    ["case", "list"],
    ["case", "show", "1"],
    ["company", "list"],
    ["company", "show", "1"],
    ["rep", "list"],
    ["promise", "list"],
    ["letter", "list"],
    ["letter", "show", "1"],
    ["history"],
    ["search", "outage"],
    ["rights", "1"],
    ["calendar", "-o", "{dir}/gripe.ics"],
    ["bundle", "1", "-o", "{dir}/case.zip"],
    ["letter", "1", "--days", "1"],
    ["company", "delete", "1"],
    ["company", "delete", "1", "--cascade"],
    ["company", "merge", "1", "2"],
    ["call", "delete", "1"],
    ["call", "delete", "1", "--cascade"],
    ["case", "close", "1"],
    ["undo"],
    ["when", "in 1 day"],
    ["demo"],
]
# "1 hours": a plural after a lone 1; "1,000 calls" and "21 days" are fine.
LONE_ONE_PLURAL = re.compile(r"(?<![\d,.])1 ([a-z]+ )?([a-z]+s)\b")
NOT_PLURALS = {"is", "was", "has", "this", "its", "yes", "plus", "status", "series"}


@pytest.fixture(scope="module")
def one_of_each(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("one")
    with pytest.MonkeyPatch.context() as patch:
        _world(patch, folder)
        (folder / "bill.pdf").write_bytes(b"%PDF-1.4 a bill")
        for line in ONE_OF_EACH:
            args = shlex.split(line)
            result = _run(folder / "gripe.db", args, folder)
            assert result.exit_code == 0, (args, result.output)
    (folder / "letter.txt").unlink()
    return folder


@pytest.mark.parametrize("args", SINGULAR_RUNS, ids=lambda args: " ".join(("gripe", *args)))
def test_one_of_a_thing_is_counted_in_the_singular(
    args: list[str], one_of_each: Path, tmp_path: Path
) -> None:
    folder = copy_of(one_of_each, tmp_path)
    result = _run(folder / "gripe.db", args, folder)
    said = " ".join(f"{result.stdout}\n{result.stderr}".split())
    for match in LONE_ONE_PLURAL.finditer(said):
        assert match.group(2) in NOT_PLURALS, f"{match.group()!r} in: {said}"


def test_counts_of_many_are_plural(gripe: Any) -> None:
    gripe.ok("log", "Comcast", "One", "--at", "2026-07-20 10:00")
    gripe.ok("log", "Comcast", "Two")
    shown = " ".join(gripe.ok("company", "show", "comcast").stdout.split())
    assert "1 case (1 open) · 2 calls" in shown


def test_the_log_checked_for_counts_has_one_of_each(one_of_each: Path) -> None:
    conn = sqlite3.connect(one_of_each / "gripe.db")
    try:
        for table in ("cases", "calls", "promises", "letters", "claims", "evidence", "reps"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (1,), table
    finally:
        conn.close()
