"""Tab completion: what a person would otherwise have to look up.

Loaded only when the shell asks for completions (`gripe.cli.options` holds the small functions
that typer calls, which import this module then). Each completer is read-only and quick on a
log of any size: ids are matched by their first digits as ranges of the primary key (``12``:
12, 120-129, 1200-1299 …) read newest first, `SHOWN` of them at most, each with what it is as
its description ("Comcast: Outage since Monday"), which zsh and fish show beside it. Anything
that goes wrong (no log yet, a locked or damaged file) completes nothing rather than print an
error into the person's command line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer

SHOWN = 40  # rows offered at most: a screenful to choose from
_TEXT = 60  # characters of a description, at most
_LARGEST_ID = 2**63 - 1

Items = list[tuple[str, str]]


@contextmanager
def _log(ctx: typer.Context) -> Iterator[sqlite3.Connection | None]:
    """The log named by --db or GRIPE_DB (else the default), opened read-only; None when
    there is none to read."""
    from gripe.store.db import resolve_path

    try:
        path, _ = resolve_path(ctx.find_root().params.get("db"))
        if not path.is_file():
            yield None
            return
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=0.5)
    except (OSError, sqlite3.Error, ValueError):
        yield None
        return
    try:
        yield conn
    finally:
        conn.close()


def _short(text: str) -> str:
    from gripe.render import visible

    flat = " ".join(visible(text).split())
    return flat if len(flat) <= _TEXT else flat[: _TEXT - 1].rstrip() + "…"


def _id_ranges(typed: str) -> list[tuple[int, int]]:
    """The ids whose digits start with ``typed``, as (low, high) ranges, the longest ids first;
    every id when nothing is typed."""
    digits = typed.removeprefix("#")
    if not digits:
        return [(1, _LARGEST_ID)]
    if not (digits.isascii() and digits.isdigit()) or digits.startswith("0"):
        return []
    first = int(digits)
    ranges = []
    scale = 1
    while first * scale <= _LARGEST_ID:
        ranges.append((first * scale, min((first + 1) * scale - 1, _LARGEST_ID)))
        scale *= 10
    return ranges[::-1]


def _rows(
    ctx: typer.Context,
    typed: str,
    sql: str,
    describe: Callable[[sqlite3.Row], str],
    parameters: tuple[Any, ...] = (),
) -> Items:
    """(id, description) for the rows of ``sql`` (which selects ``id`` first and has ``id
    BETWEEN ? AND ?`` for its first two parameters) whose ids start with what is typed."""
    found: Items = []
    mark = "#" if typed.startswith("#") else ""
    with _log(ctx) as conn:
        if conn is None:
            return []
        conn.row_factory = sqlite3.Row
        try:
            for low, high in _id_ranges(typed):
                query = f"{sql} ORDER BY id DESC LIMIT ?"
                for row in conn.execute(query, (low, high, *parameters, SHOWN - len(found))):
                    found.append((f"{mark}{row['id']}", describe(row)))
                if len(found) >= SHOWN:
                    break
        except sqlite3.Error:
            return []
    return found


# ---- rows of the log ----------------------------------------------------------------------------


def company_names(ctx: typer.Context, typed: str) -> list[str]:
    from gripe.store import companies

    with _log(ctx) as conn:
        if conn is None:
            return []
        try:
            return companies.names(conn, typed)
        except sqlite3.Error:
            return []


def cases(ctx: typer.Context, typed: str) -> Items:
    return _rows(
        ctx,
        typed,
        "SELECT cases.id AS id, companies.name AS company, cases.title AS title, "
        "cases.status AS status FROM cases JOIN companies ON companies.id = cases.company_id "
        "WHERE cases.id BETWEEN ? AND ?",
        lambda row: _short(
            f"{row['company']}: {row['title']}"
            + ("" if row["status"] == "open" else f" ({row['status']})")
        ),
    )


def _promise(row: sqlite3.Row) -> str:
    return _short(f"{row['text']} ({row['company']}, {row['status']})")


_PROMISES = (
    "SELECT promises.id AS id, promises.text AS text, promises.status AS status, "
    "(SELECT companies.name FROM cases JOIN companies ON companies.id = cases.company_id "
    "WHERE cases.id = promises.case_id) AS company FROM promises "
    "WHERE promises.id BETWEEN ? AND ?"
)


def promises(ctx: typer.Context, typed: str) -> Items:
    return _rows(ctx, typed, _PROMISES, _promise)


def pending_promises(ctx: typer.Context, typed: str) -> Items:
    """Promises still waiting (pending, kept or not yet): what kept, broken, cancel and
    reschedule act on."""
    return _rows(ctx, typed, _PROMISES + " AND promises.status = 'pending'", _promise)


def calls(ctx: typer.Context, typed: str) -> Items:
    from datetime import timezone, tzinfo

    from gripe import clock
    from gripe.errors import GripeError

    zone: tzinfo | None = None

    def describe(row: sqlite3.Row) -> str:
        nonlocal zone
        if zone is None:  # the person's zone, read once: a call's day is theirs, not UTC's
            try:
                zone = clock.local_zone(row["timezone"])
            except GripeError:  # a zone gripe cannot read: UTC will do for a day
                zone = timezone.utc
        day = clock.from_storage(row["at"]).astimezone(zone).date().isoformat()
        return _short(f"{row['company']} {day}: {row['summary']}")

    return _rows(
        ctx,
        typed,
        "SELECT calls.id AS id, calls.at AS at, calls.summary AS summary, "
        "(SELECT companies.name FROM cases JOIN companies ON companies.id = cases.company_id "
        "WHERE cases.id = calls.case_id) AS company, "
        "(SELECT value FROM settings WHERE key = 'timezone') AS timezone "
        "FROM calls WHERE calls.id BETWEEN ? AND ?",
        describe,
    )


def letters(ctx: typer.Context, typed: str) -> Items:
    return _rows(
        ctx,
        typed,
        "SELECT letters.id AS id, letters.template AS template, letters.case_id AS case_id, "
        "(SELECT companies.name FROM cases JOIN companies ON companies.id = cases.company_id "
        "WHERE cases.id = letters.case_id) AS company FROM letters "
        "WHERE letters.id BETWEEN ? AND ?",
        lambda row: _short(f"{row['template']} to {row['company']}, case #{row['case_id']}"),
    )


def reps(ctx: typer.Context, typed: str) -> Items:
    return _rows(
        ctx,
        typed,
        "SELECT reps.id AS id, reps.name AS name, companies.name AS company FROM reps "
        "JOIN companies ON companies.id = reps.company_id WHERE reps.id BETWEEN ? AND ?",
        lambda row: _short(f"{row['name']} ({row['company']})"),
    )


def claims(ctx: typer.Context, typed: str) -> Items:
    return _rows(
        ctx,
        typed,
        "SELECT id, what, case_id FROM claims WHERE id BETWEEN ? AND ?",
        lambda row: _short(f"{row['what']} (case #{row['case_id']})"),
    )


# ---- names gripe knows --------------------------------------------------------------------------


def templates(ctx: typer.Context, typed: str) -> Items:
    from gripe.letters import render as letter_render

    try:
        return [(name, where) for name, where, _ in letter_render.available()]
    except OSError:
        return []


def setting_keys(ctx: typer.Context, typed: str) -> Items:
    from gripe.model import SETTINGS

    return list(SETTINGS.items())


def setting_values(ctx: typer.Context, typed: str) -> Items:
    """What a setting may be, for those with a list: the time zones, date orders, jurisdictions."""
    key = ctx.params.get("key")
    if key == "date_order":
        return [("DMY", "28/07/2026"), ("MDY", "07/28/2026")]
    if key == "jurisdiction":
        return [("UK", "United Kingdom"), ("US", "United States")]
    if key == "timezone":
        import zoneinfo

        return [(zone, "") for zone in sorted(zoneinfo.available_timezones())]
    return []


CHOICES: dict[str, Items] = {
    "channel": [
        ("phone", ""),
        ("chat", ""),
        ("email", ""),
        ("letter", ""),
        ("in-person", ""),
        ("social", "social media"),
    ],
    "role": [
        ("agent", "front line"),
        ("supervisor", ""),
        ("manager", ""),
        ("executive", "the executive office"),
    ],
    "level": [
        ("supervisor", "ask for a supervisor"),
        ("executive", "write to the executive office"),
        ("regulator", "complain to the ombudsman or regulator"),
        ("legal", "letter before action, small claims"),
    ],
    "case_status": [
        ("open", ""),
        ("resolved", ""),
        ("abandoned", ""),
        ("closed", "resolved or abandoned"),
        ("any", "every case"),
    ],
    "promise_status": [
        ("pending", "waiting, due or not"),
        ("kept", ""),
        ("broken", "marked broken or past due"),
        ("cancelled", ""),
        ("overdue", "pending past its deadline"),
        ("any", "every promise"),
    ],
    "outcome": [("resolved", "you got what you wanted"), ("abandoned", "you gave up")],
    "via": [
        ("post", ""),
        ("recorded", "recorded delivery, certified mail"),
        ("email", ""),
        ("online-form", ""),
        ("in-person", ""),
    ],
    "letter_format": [("txt", "plain text, 72 columns"), ("md", "Markdown"), ("pdf", "PDF")],
    "export_format": [("json", "everything, for gripe import"), ("csv", "a row per call")],
}


def sectors(ctx: typer.Context, typed: str) -> Items:
    from gripe.model import Sector

    return [(sector.value, "") for sector in Sector]


def choice(name: str) -> Callable[[typer.Context, str], Items]:
    def complete(ctx: typer.Context, typed: str) -> Items:
        return CHOICES[name]

    return complete
