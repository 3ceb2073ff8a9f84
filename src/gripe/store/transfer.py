"""Export and import: the log (or one case) as a portable file, merged back by uuid.

The JSON export holds every column of every table. Integer ids are local to one database, so a
foreign key travels as the uuid of the row it points to (``company_uuid``, ``case_uuid``,
``rep_uuid``, ``call_uuid``); each row's own ``id`` is written for people to read and ignored on
import. Rows are written one per line, so the file streams both ways and diffs well.

Import is in two steps. The file is read as a stream (one row object at a time, whatever its
size) into temporary tables, where every value is checked in SQL: nothing in the log changes
yet, and a malformed, truncated, newer or foreign file is refused here. Then, in one ``BEGIN
IMMEDIATE`` transaction, the staged rows are merged with set-based SQL: a row whose uuid is
already in the log is skipped (so the same file twice adds nothing), new rows get new local ids
with their references resolved through uuids, a company whose name matches one already in the
log is merged into it, and a setting already set keeps its value. Any refusal rolls all of it
back.

Progress is reported through a `Progress` the caller passes in, and only for big work; this
module draws nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, tzinfo
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple, Protocol

from gripe import clock
from gripe.errors import BadInput
from gripe.model import (
    MAX_AMOUNT,
    MAX_MINUTES,
    CaseStatus,
    Channel,
    Direction,
    Level,
    PromiseStatus,
    Role,
    Sector,
    SentVia,
    name_key,
)
from gripe.store import cases
from gripe.store.db import writing

FORMAT = "gripe-export"
# 2: companies' sector, hours and complaint addresses; cases' statement date, first complaint and
# the dates recorded for the rights clocks (final response, delivery, CCW's letter, the days filed
# with the CFPB, the FCC and the BBB); undated promises and the promise each rescheduled one
# replaced. A version-1 file has none of these keys, and is read as if each were null.
# 3: letters' reply_due (response_due before), proof and replied_at; the "Reply to my letter of …"
# promises of an older file become their letters' reply dates (`schema.fold_reply_promises`);
# the claims table (an older file has none).
VERSION = 3

# The dates `gripe rights` records on a case (migration m007).
RIGHTS_DATE_COLUMNS = (
    "final_response_date",
    "delivered_date",
    "ccw_letter_date",
    "cfpb_filed_date",
    "fcc_filed_date",
    "bbb_filed_date",
)

# Work this big shows a progress bar (when the caller has somewhere to draw one).
BIG_ROWS = 20_000
BIG_BYTES = 8 * 1024 * 1024
IMPORT_CACHE_SIZE = -64 * 1024  # KiB: a page cache of up to 64 MiB while importing

# ---- what is exported: the tables, their columns and how each value is checked on import -------


class Check(NamedTuple):
    """How a column's values are checked on import: ``bad`` is true (in SQL, of the staged
    value ``{c}``) for a value the log cannot take, and ``reason`` says what it must be."""

    bad: str
    reason: str

    def optional(self) -> Check:
        return Check(f"{{c}} IS NOT NULL AND ({self.bad})", f"{self.reason} (or null)")


def _choices(kind: type[Any]) -> Check:
    values = [member.value for member in kind]
    listed = ", ".join(f"'{value}'" for value in values)
    return Check(
        f"typeof({{c}}) <> 'text' OR {{c}} NOT IN ({listed})",
        "must be one of: " + ", ".join(values),
    )


# Bounds on what a file may put in the log: no value bigger than gripe would write itself, so
# that an imported log shows, sums and bundles like one gripe made.
MAX_TEXT_CHARS = 1_000_000  # a letter is a few thousand; a summary a few hundred
MAX_UUID_CHARS = 64
MAX_VALUE_CHARS = 16 * 1024 * 1024  # one row of the file, or one value of its header
MAX_HEADER_KEYS = 32

TEXT = Check(
    f"typeof({{c}}) <> 'text' OR length({{c}}) > {MAX_TEXT_CHARS}",
    f"must be text of at most {MAX_TEXT_CHARS:,} characters",
)
MAYBE_TEXT = TEXT.optional()
UUID = Check(
    f"typeof({{c}}) <> 'text' OR trim({{c}}) = '' OR length({{c}}) > {MAX_UUID_CHARS}",
    "must be a uuid",
)
COUNT = Check("typeof({c}) <> 'integer' OR {c} < 0", "must be a whole number, 0 or more")
MINUTES = Check(
    f"typeof({{c}}) <> 'integer' OR {{c}} < 0 OR {{c}} > {MAX_MINUTES}",
    f"must be a whole number of minutes, 0 to {MAX_MINUTES:,} (a week)",
)
CENTS = Check(
    f"typeof({{c}}) <> 'integer' OR {{c}} < 0 OR {{c}} > {MAX_AMOUNT * 100}",
    f"must be a whole number of cents, 0 to {MAX_AMOUNT * 100:,}",
)
FLAG = Check("typeof({c}) <> 'integer' OR {c} NOT IN (0, 1)", "must be 0 or 1")
# The stored format exactly, and a real moment: 2026-02-30 has the shape but is no day (the
# '+0 seconds' makes SQLite normalise it, so it no longer reads the same); and within the years
# gripe keeps (the shape being right, text order is time order).
TIME = Check(
    "typeof({c}) <> 'text' OR {c} LIKE '0000%' "
    "OR strftime('%Y-%m-%dT%H:%M:%SZ', {c}, '+0 seconds') IS NOT {c} "
    f"OR {{c}} < '{clock.EARLIEST_STORED}' OR {{c}} > '{clock.LATEST_STORED}'",
    "must be a UTC time like 2026-07-28T13:00:00Z, in the years 1970 to 2200",
)
MAYBE_TIME = TIME.optional()
DATE = Check(
    "typeof({c}) <> 'text' OR date({c}) IS NOT {c} "
    f"OR {{c}} < '{clock.EARLIEST_STORED[:10]}' OR {{c}} > '{clock.LATEST_STORED[:10]}'",
    "must be a calendar date like 2026-07-28, in the years 1970 to 2200",
)
# Evidence is stored under its sha256: anything but 64 hex digits would name another file.
SHA256 = Check(
    "typeof({c}) <> 'text' OR length({c}) <> 64 OR {c} GLOB '*[^0-9a-f]*'",
    "must be a sha256: 64 hex digits, 0-9 and a-f",
)
# name_key is not read from the file but computed from the name, as gripe matches names.
NAME_KEY = Check("{c} IS NULL OR {c} = ''", "has no letters or digits")


class Ref(NamedTuple):
    """A foreign key: ``column`` in the file holds the uuid of a row of ``table``."""

    column: str  # in the file: company_uuid
    local: str  # in the database: company_id
    table: str
    required: bool


class Table(NamedTuple):
    name: str
    refs: tuple[Ref, ...]
    columns: tuple[tuple[str, Check], ...]  # after uuid and the refs, in the schema's order
    case_rows: str  # the rows ``--case`` exports: a condition on ``t`` with :case
    # Keys a file may lack because an older export version did not have them (read as null).
    since_v2: frozenset[str] = frozenset()
    # A table an older file may lack altogether (read as empty).
    may_be_missing: bool = False
    # Keys an older file has under another name: (the key now, the key then).
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def file_columns(self) -> tuple[str, ...]:
        """The keys every row of this table has in the file (besides ``id``)."""
        return ("uuid", *(ref.column for ref in self.refs), *(name for name, _ in self.columns))

    @property
    def local_columns(self) -> tuple[str, ...]:
        return ("uuid", *(ref.local for ref in self.refs), *(name for name, _ in self.columns))


def _case_ref(required: bool = True) -> Ref:
    return Ref("case_uuid", "case_id", "cases", required)


_COMPANY = Ref("company_uuid", "company_id", "companies", True)
_REP = Ref("rep_uuid", "rep_id", "reps", False)
_OF_CASE = "t.case_id = :case"

# In the order they are exported and merged: every table after the tables it refers to.
TABLES: tuple[Table, ...] = (
    Table(
        "companies",
        (),
        (
            ("name", TEXT),
            ("name_key", NAME_KEY),
            ("account_number", MAYBE_TEXT),
            ("phone", MAYBE_TEXT),
            ("email", MAYBE_TEXT),
            ("postal_address", MAYBE_TEXT),
            ("website", MAYBE_TEXT),
            ("customer_since", MAYBE_TEXT),
            ("notes", MAYBE_TEXT),
            ("created_at", TIME),
            ("sector", _choices(Sector).optional()),
            ("hours", MAYBE_TEXT),
            ("complaints_email", MAYBE_TEXT),
            ("exec_email", MAYBE_TEXT),
        ),
        "t.id = (SELECT company_id FROM cases WHERE id = :case)",
        frozenset({"sector", "hours", "complaints_email", "exec_email"}),
    ),
    # A company's ways in by phone. Older files have no such table: their companies' "phone"
    # is moved here on import (see `_move_company_phones`).
    Table(
        "company_phones",
        (_COMPANY,),
        (("number", TEXT), ("note", MAYBE_TEXT), ("created_at", TIME)),
        "t.company_id = (SELECT company_id FROM cases WHERE id = :case)",
        may_be_missing=True,
    ),
    Table(
        "cases",
        (_COMPANY,),
        (
            ("title", TEXT),
            ("desired_outcome", MAYBE_TEXT),
            ("amount_cents", CENTS.optional()),
            ("currency", MAYBE_TEXT),
            ("status", _choices(CaseStatus)),
            ("level", _choices(Level)),
            ("opened_at", TIME),
            ("closed_at", MAYBE_TIME),
            ("resolution_note", MAYBE_TEXT),
            ("statement_date", DATE.optional()),
            ("first_complaint_at", MAYBE_TIME),
            *((column, DATE.optional()) for column in RIGHTS_DATE_COLUMNS),
        ),
        "t.id = :case",
        frozenset({"statement_date", "first_complaint_at", *RIGHTS_DATE_COLUMNS}),
    ),
    Table(
        "reps",
        (_COMPANY,),
        (
            ("name", TEXT),
            ("name_key", NAME_KEY),
            ("employee_id", MAYBE_TEXT),
            ("role", _choices(Role).optional()),
            ("created_at", TIME),
        ),
        "t.id IN (SELECT rep_id FROM calls WHERE case_id = :case "
        "UNION SELECT rep_id FROM promises WHERE case_id = :case)",
    ),
    Table(
        "calls",
        (_case_ref(), _REP),
        (
            ("at", TIME),
            ("channel", _choices(Channel)),
            ("direction", _choices(Direction)),
            ("duration_minutes", MINUTES.optional()),
            ("hold_minutes", MINUTES.optional()),
            ("reference", MAYBE_TEXT),
            ("summary", TEXT),
            ("created_at", TIME),
        ),
        _OF_CASE,
    ),
    Table(
        "promises",
        (
            _case_ref(),
            Ref("call_uuid", "call_id", "calls", False),
            _REP,
            Ref("rescheduled_from_uuid", "rescheduled_from", "promises", False),
        ),
        (
            ("text", TEXT),
            ("due", MAYBE_TIME),
            ("due_text", MAYBE_TEXT),
            ("date_only", FLAG),
            ("status", _choices(PromiseStatus)),
            ("made_at", TIME),
            ("resolved_at", MAYBE_TIME),
            ("note", MAYBE_TEXT),
        ),
        _OF_CASE,
        frozenset({"rescheduled_from_uuid"}),
    ),
    Table(
        "letters",
        (_case_ref(),),
        (
            ("template", TEXT),
            ("generated_at", TIME),
            ("format", TEXT),
            ("body", TEXT),
            ("sent_at", MAYBE_TIME),
            ("sent_via", _choices(SentVia).optional()),
            ("reply_due", MAYBE_TIME),
            ("proof", MAYBE_TEXT),
            ("replied_at", MAYBE_TIME),
        ),
        _OF_CASE,
        frozenset({"proof", "replied_at"}),
        renamed=(("reply_due", "response_due"),),
    ),
    Table(
        "evidence",
        (_case_ref(),),
        (
            ("file_name", TEXT),
            ("sha256", SHA256),
            ("size", COUNT),
            ("added_at", TIME),
            ("note", MAYBE_TEXT),
        ),
        _OF_CASE,
    ),
    # The sums a case is about. Older files have no such table.
    Table(
        "claims",
        (_case_ref(),),
        (
            ("what", TEXT),
            ("amount_cents", COUNT),
            ("currency", MAYBE_TEXT),
            ("on_date", DATE.optional()),
            ("added_at", TIME),
        ),
        _OF_CASE,
        may_be_missing=True,
    ),
    Table("settings", (), (("key", TEXT), ("value", TEXT)), "0"),
)
TABLE_NAMED = {table.name: table for table in TABLES}
# Every column of a row as the file has it (but its id), with the check of its value.
_CHECKS = {
    table.name: (
        ("uuid", UUID),
        *((ref.column, UUID if ref.required else UUID.optional()) for ref in table.refs),
        *table.columns,
    )
    for table in TABLES
}


def _getter(keys: tuple[str, ...], optional: frozenset[str]) -> Callable[[dict[str, Any]], Any]:
    """The values of ``keys`` in a row; a missing required key raises KeyError."""
    if not optional:
        return itemgetter(*keys)
    return lambda row: tuple(row.get(key) if key in optional else row[key] for key in keys)


# How a row is read from the file: the keys it must have (name_key is computed, not read), a
# getter of their values, and where the name is that name_key is computed from.
_READ = {
    table.name: (
        keys := tuple(key for key in table.file_columns if key != "name_key"),
        _getter(keys, table.since_v2),
        keys.index("name") if "name_key" in table.file_columns else None,
    )
    for table in TABLES
}


class Progress(Protocol):
    """Where big work reports how far it has got (the CLI draws a bar on a terminal)."""

    def begin(self, label: str, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


class Quiet:
    """Progress that shows nothing."""

    def begin(self, label: str, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


# ---- export -------------------------------------------------------------------------------------

_BATCH = 2_000


def _select(table: Table, case_id: int | None) -> tuple[str, str]:
    """The rows of ``table`` as they go in the file, and the query counting them."""
    refs = [
        f"(SELECT uuid FROM {ref.table} WHERE id = t.{ref.local}) AS {ref.column}"
        for ref in table.refs
    ]
    columns = ["t.id", "t.uuid", *refs, *(f"t.{name}" for name, _ in table.columns)]
    where = table.case_rows if case_id is not None else "1"
    return (
        f"SELECT {', '.join(columns)} FROM {table.name} t WHERE {where} ORDER BY t.id",
        f"SELECT count(*) FROM {table.name} t WHERE {where}",
    )


def _begin(
    conn: sqlite3.Connection,
    label: str,
    counts: Iterable[str],
    case_id: int | None,
    progress: Progress,
) -> None:
    total = sum(int(conn.execute(sql, {"case": case_id}).fetchone()[0]) for sql in counts)
    if total > BIG_ROWS:
        progress.begin(label, total)


def _check_case(conn: sqlite3.Connection, case_id: int | None) -> None:
    if case_id is not None:
        cases.get(conn, case_id)  # NotFound, in words, for a case that is not there


def export_json(
    conn: sqlite3.Connection,
    now: datetime,
    case_id: int | None = None,
    progress: Progress | None = None,
) -> Iterator[str]:
    """The export as text, in pieces: every table, or ``case_id`` and what it needs.

    Run it inside one read transaction (`gripe.store.reading`) for a consistent snapshot.
    """
    progress = progress or Quiet()
    _check_case(conn, case_id)
    queries = [(table, *_select(table, case_id)) for table in TABLES]
    _begin(conn, "Exporting", (count for _, _, count in queries), case_id, progress)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
    }
    yield encode(header)[:-1] + ', "tables": {'
    for number, (table, sql, _) in enumerate(queries):
        yield ("," if number else "") + f"\n{encode(table.name)}: ["
        keys = ("id", *table.file_columns)
        cursor = conn.cursor()
        cursor.row_factory = None
        cursor.execute(sql, {"case": case_id})
        separator = "\n"
        while batch := cursor.fetchmany(_BATCH):
            yield separator + ",\n".join(
                encode(dict(zip(keys, row, strict=True))) for row in batch
            )
            separator = ",\n"
            progress.advance(len(batch))
        yield "\n]"
    yield "\n}}\n"


CSV_COLUMNS = (
    "case_id",
    "case_title",
    "case_status",
    "case_level",
    "company",
    "call_id",
    "at",
    "channel",
    "direction",
    "rep_name",
    "rep_badge",
    "rep_role",
    "duration_minutes",
    "hold_minutes",
    "reference",
    "summary",
    "promise_text",
    "promise_due",
    "promise_status",
)
PROMISE_SEPARATOR = " | "

_CSV_CALLS = """
    SELECT cases.id, cases.title, cases.status, cases.level, companies.name, calls.id, calls.at,
        calls.channel, calls.direction, reps.name, reps.employee_id, reps.role,
        calls.duration_minutes, calls.hold_minutes, calls.reference, calls.summary
    FROM calls JOIN cases ON cases.id = calls.case_id
    JOIN companies ON companies.id = cases.company_id
    LEFT JOIN reps ON reps.id = calls.rep_id
"""
_CSV_PROMISES = (
    "SELECT call_id, text, due, date_only, status FROM promises WHERE call_id IS NOT NULL"
)


def export_csv(
    conn: sqlite3.Connection,
    now: datetime,
    zone: tzinfo,
    case_id: int | None = None,
    progress: Progress | None = None,
) -> Iterator[str]:
    """One row per call with its case, company, rep and the promises made on it, for a
    spreadsheet: local times as ``2026-07-28 14:03``, a day-only deadline as its date, and a
    pending promise past its deadline as ``broken (overdue)``."""
    progress = progress or Quiet()
    _check_case(conn, case_id)
    where = " WHERE calls.case_id = :case" if case_id is not None else ""
    count_sql = "SELECT count(*) FROM calls" + where
    _begin(conn, "Exporting", [count_sql], case_id, progress)
    stamp = clock.to_storage(now)

    def local(text: str | None, date_only: bool = False) -> str | None:
        if text is None:
            return None
        moment = clock.from_storage(text).astimezone(zone)
        return moment.strftime("%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M")

    made_on: dict[int, list[tuple[str, str | None, str]]] = {}
    promise_where = " AND case_id = :case" if case_id is not None else ""
    for call_id, text, due, date_only, status in conn.execute(
        _CSV_PROMISES + promise_where + " ORDER BY call_id, due, id", {"case": case_id}
    ):
        if status == PromiseStatus.PENDING.value and due is not None and due < stamp:
            status = "broken (overdue)"
        made_on.setdefault(call_id, []).append((text, local(due, bool(date_only)), status))

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(_CSV_CALLS + where + " ORDER BY calls.id", {"case": case_id})
    while batch := cursor.fetchmany(_BATCH):
        for row in batch:
            promises = made_on.get(row[5], [])
            cells = (
                *row[:6],
                local(row[6]),
                *row[7:],
                *(
                    PROMISE_SEPARATOR.join(str(part[index] or "") for part in promises)
                    for index in range(3)
                ),
            )
            writer.writerow([_inert_cell(cell) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        progress.advance(len(batch))
    yield buffer.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows rather than runs: a leading ' makes it text, as OWASP
    advises; gripe's JSON export keeps the text exact."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


# ---- import: reading the file -------------------------------------------------------------------


class Counts(NamedTuple):
    """What an import did to one table."""

    added: int
    skipped: int  # already in the log (same uuid; a setting already set)
    merged: int = 0  # companies: the same name under another uuid, merged into the one here


class _Truncated(Exception):
    pass


class _TooBig(Exception):
    pass


class _Reader:
    """JSON read a value at a time from a byte stream, so a file of any size fits in memory."""

    CHUNK = 1024 * 1024
    _SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, stream: IO[bytes], progress: Progress) -> None:
        self.stream = stream
        self.progress = progress
        self.decode = codecs.getincrementaldecoder("utf-8-sig")().decode
        self.decoder = json.JSONDecoder()
        self.buffer = ""
        self.pos = 0
        self.lines = 1  # the line number of the buffer's start
        self.ended = False

    def line(self, pos: int | None = None) -> int:
        return self.lines + self.buffer.count("\n", 0, self.pos if pos is None else pos)

    def _more(self, at_least: int = 0) -> bool:
        """Read on; False at the end of the stream."""
        if self.ended:
            return False
        data = self.stream.read(max(self.CHUNK, at_least))
        self.progress.advance(len(data))
        self.lines += self.buffer.count("\n", 0, self.pos)
        self.buffer = self.buffer[self.pos :] + self.decode(data, final=not data)
        self.pos = 0
        self.ended = not data
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), not consumed."""
        if self.pos < len(self.buffer) and self.buffer[self.pos] not in " \t\n\r":
            return self.buffer[self.pos]  # the common case, made quick: 170k rows, 2 calls each
        while True:
            match = self._SPACE.match(self.buffer, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def expect(self, allowed: str, what: str) -> str:
        found = self.peek()
        if not found:
            raise _Truncated()
        if found not in allowed:
            raise ValueError(f"expected {what} on line {self.line()}")
        self.pos += 1
        return found

    def _refuse_huge(self) -> None:
        if len(self.buffer) - self.pos > MAX_VALUE_CHARS:
            raise _TooBig()

    def value(self) -> Any:
        if not self.peek():
            raise _Truncated()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                # Most likely the value goes on past what has been read: read more, try again
                # (but not without end: a file is read a row at a time, and rows are small).
                self._refuse_huge()
                if self._more(len(self.buffer)):
                    continue
                if error.msg.startswith("Unterminated") or not self.buffer[error.pos :].strip():
                    raise _Truncated() from None
                raise ValueError(f"{error.msg} on line {self.line(error.pos)}") from None
            if end == len(self.buffer):
                self._refuse_huge()
                if self._more():
                    continue  # a number or word may go on in the next piece: read it whole
            if end - self.pos > MAX_VALUE_CHARS:
                raise _TooBig()
            self.pos = end
            return value


class _Import:
    """One import: the file read, checked and staged, then merged into the log."""

    def __init__(self, conn: sqlite3.Connection, name: str, progress: Progress) -> None:
        self.conn = conn
        self.name = name
        self.progress = progress
        self.header: dict[str, Any] = {}
        self.seen: set[str] = set()
        self.staged: dict[str, int] = {}
        self.deferred: BadInput | None = None  # a row refused before the header was read

    def refuse(self, problem: str) -> BadInput:
        return BadInput(f"{self.name} {problem}; nothing was imported")

    # -- staging ---------------------------------------------------------------------------------

    def create_staging(self) -> None:
        # No column types: values stay as the file gave them, for `check` to judge.
        for table in TABLES:
            self.conn.execute(
                f"CREATE TEMP TABLE import_{table.name} "
                f"(seq INTEGER PRIMARY KEY, {', '.join(table.file_columns)})"
            )

    def drop_staging(self) -> None:
        for table in TABLES:
            self.conn.execute(f"DROP TABLE IF EXISTS temp.import_{table.name}")
        self.conn.execute("DROP TABLE IF EXISTS temp.import_company_ids")

    def check_header(self, final: bool) -> None:
        """Refuse a file that is not a version-1 gripe export, as soon as that is known."""
        if "format" in self.header or final:
            found = self.header.get("format")
            if found != FORMAT:
                shown = 'it has no "format"'
                if "format" in self.header:
                    shown = f'its "format" is {_shown(found)}'
                raise self.refuse(f'is not a gripe export ({shown}, not "{FORMAT}")')
        if "version" in self.header or final:
            version = self.header.get("version")
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise self.refuse(f"has no export version gripe knows ({_shown(version)})")
            if version > VERSION:
                raise self.refuse(
                    f"was written by a newer gripe (export version {version}; this gripe "
                    f"reads version {VERSION}); upgrade gripe: pip install -U gripe-tracker"
                )

    def read(self, stream: IO[bytes]) -> None:
        reader = _Reader(stream, self.progress)
        try:
            self._read_document(reader)
        except _Truncated:
            raise self.refuse(
                "ends before the export does (it looks cut short); export it again"
            ) from None
        except UnicodeDecodeError:  # before ValueError, which it is a kind of
            raise self.refuse("is not UTF-8 text, so it is not a gripe export") from None
        except _TooBig:
            raise self.refuse(
                f"has a row or value longer than {MAX_VALUE_CHARS:,} characters, which no "
                "gripe export has"
            ) from None
        except RecursionError:
            raise self.refuse("has values nested deeper than any gripe export's") from None
        except ValueError as error:
            raise self.refuse(f"is not valid JSON ({error})") from None
        self.check_header(final=True)
        if self.deferred is not None:
            raise self.deferred
        missing = [
            table.name
            for table in TABLES
            if table.name not in self.seen and not table.may_be_missing
        ]
        if missing:
            raise self.refuse(f'has no "{missing[0]}" table, so it is not a whole gripe export')

    def check(self) -> None:
        """Every staged value judged at once, in SQL: the first one the log cannot take is
        refused with its table, row number and column."""
        for table in TABLES:
            staged = f"temp.import_{table.name}"
            for unique in ("uuid", "key") if table.name == "settings" else ("uuid",):
                twice = self.conn.execute(
                    f"SELECT {unique} FROM {staged} GROUP BY {unique} HAVING count(*) > 1 LIMIT 1"
                ).fetchone()
                if twice is not None:
                    raise self.refuse(
                        f"has two {table.name} rows with the same {unique} ({_shown(twice[0])})"
                    )
            whens = " ".join(
                f"WHEN {check.bad.format(c=column)} THEN '{column}'"
                for column, check in _CHECKS[table.name]
            )
            found = self.conn.execute(
                f"SELECT seq, bad FROM (SELECT seq, CASE {whens} END AS bad FROM {staged}) "
                "WHERE bad IS NOT NULL ORDER BY seq LIMIT 1"
            ).fetchone()
            if found is None:
                continue
            number, column = found
            where = f"has {_a(table.name)} row (number {number})"
            if column == "name_key":
                name = self.conn.execute(
                    f"SELECT name FROM {staged} WHERE seq = ?", (number,)
                ).fetchone()[0]
                raise self.refuse(f"{where} whose name {_shown(name)} has no letters or digits")
            value = self.conn.execute(
                f"SELECT {column} FROM {staged} WHERE seq = ?", (number,)
            ).fetchone()[0]
            reason = dict(_CHECKS[table.name])[column].reason
            raise self.refuse(f'{where} whose "{column}" is {_shown(value)}; it {reason}')

    def _read_document(self, reader: _Reader) -> None:
        first = reader.peek()
        if not first:
            raise self.refuse("is empty")
        if first != "{":
            raise self.refuse("is not a gripe export (it is not a JSON object)")
        reader.pos += 1
        if reader.peek() == "}":
            reader.pos += 1
        else:
            while True:
                key = reader.value()
                if not isinstance(key, str):
                    raise ValueError(f"expected a key in quotes on line {reader.line()}")
                reader.expect(":", "':'")
                if key == "tables":
                    self._read_tables(reader)
                elif len(self.header) >= MAX_HEADER_KEYS:
                    raise self.refuse("has more header fields than any gripe export")
                else:
                    self.header[key] = reader.value()
                    self.check_header(final=False)
                if reader.expect(",}", "',' or '}'") == "}":
                    break
        if reader.peek():
            raise ValueError(f"more text after the end, on line {reader.line()}")

    def _read_tables(self, reader: _Reader) -> None:
        reader.expect("{", "'{' after \"tables\"")
        if reader.peek() == "}":
            reader.pos += 1
            return
        while True:
            name = reader.value()
            reader.expect(":", "':'")
            table = TABLE_NAMED.get(name) if isinstance(name, str) else None
            if table is None:
                raise self.refuse(
                    f"has a table gripe does not know ({_shown(name)}); "
                    "it may come from a newer gripe"
                )
            if name in self.seen:
                raise self.refuse(f'has the "{name}" table twice')
            self.seen.add(name)
            self._read_rows(reader, table)
            if reader.expect(",}", "',' or '}'") == "}":
                return

    def _read_rows(self, reader: _Reader, table: Table) -> None:
        reader.expect("[", f"a list of {table.name} rows")
        insert = (
            f"INSERT INTO temp.import_{table.name} (seq, {', '.join(table.file_columns)}) "
            f"VALUES (?, {', '.join('?' * len(table.file_columns))})"
        )
        batch: list[tuple[Any, ...]] = []
        number = 0
        if reader.peek() == "]":
            reader.pos += 1
        else:
            while True:
                row = reader.value()
                number += 1
                if self.deferred is None:
                    try:
                        batch.append(self._row(table, number, row))
                    except BadInput as error:
                        if "format" in self.header and "version" in self.header:
                            raise
                        self.deferred = error  # a newer file? the header, when read, says
                if len(batch) >= _BATCH:
                    self._stage(table, insert, batch)
                    batch = []
                if reader.expect(",]", f"',' or ']' in the {table.name} rows") == "]":
                    break
        self._stage(table, insert, batch)
        self.staged[table.name] = number

    def _row(self, table: Table, number: int, row: Any) -> tuple[Any, ...]:
        """The row's values in staging order; its values are judged later, by `check`."""
        keys, values_of, name_at = _READ[table.name]
        if not isinstance(row, dict):
            raise self.refuse(f"has {_a(table.name)} row (number {number}) that is not an object")
        for now_named, older in table.renamed:
            if now_named not in row and older in row:
                row = {**row, now_named: row[older]}
        try:
            values: tuple[Any, ...] = values_of(row)
        except KeyError:
            missing = next(key for key in keys if key not in row and key not in table.since_v2)
            raise self.refuse(
                f'has {_a(table.name)} row (number {number}) without the "{missing}" column'
            ) from None
        if name_at is None:
            return (number, *values)
        name = values[name_at]
        key = name_key(name) if isinstance(name, str) else None
        return (number, *values[: name_at + 1], key, *values[name_at + 1 :])

    def _stage(self, table: Table, insert: str, batch: list[tuple[Any, ...]]) -> None:
        if not batch or self.deferred is not None:
            return
        try:
            self.conn.executemany(insert, batch)
        except (
            sqlite3.ProgrammingError,
            sqlite3.InterfaceError,  # what Python 3.10 raises for an unbindable value
            OverflowError,
            UnicodeEncodeError,
        ):
            # A value SQLite cannot hold (a list, an object, a huge number, broken text).
            for row in batch:
                for column, value in zip(("seq", *table.file_columns), row, strict=True):
                    if _unbindable(value):
                        raise self.refuse(
                            f'has {_a(table.name)} row (number {row[0]}) whose "{column}" is '
                            f"{_shown(value)}; it must be text, a whole number or null"
                        ) from None
            raise

    # -- merging ---------------------------------------------------------------------------------

    def merge(self) -> dict[str, Counts]:
        total = sum(self.staged.values())
        if total > BIG_ROWS:
            self.progress.begin("Merging", total)
        counts = {"companies": self._merge_companies()}
        self.progress.advance(self.staged["companies"])
        for table in TABLES[1:]:
            counts[table.name] = self._merge_table(table)
            self.progress.advance(self.staged.get(table.name, 0))
        self._move_company_phones()
        if self.header.get("version", VERSION) < 3:
            from gripe.store.schema import fold_reply_promises

            fold_reply_promises(self.conn)
        return counts

    def _move_company_phones(self) -> None:
        """A company's "phone" from a file older than its ``company_phones`` becomes one of its
        phone numbers (unless it has that number already); the column itself stays empty."""
        from gripe.store.db import new_uuid

        brought = self.conn.execute(
            "SELECT id, trim(phone), created_at FROM main.companies "
            "WHERE trim(coalesce(phone, '')) <> ''"
        ).fetchall()
        for company_id, number, created_at in brought:
            self.conn.execute(
                "INSERT OR IGNORE INTO main.company_phones "
                "(uuid, company_id, number, created_at) VALUES (?, ?, ?, ?)",
                (new_uuid(), company_id, number, created_at),
            )
        self.conn.execute("UPDATE main.companies SET phone = NULL WHERE phone IS NOT NULL")

    def _merge_companies(self) -> Counts:
        """Companies one by one: by uuid, else by name, else new."""
        by_uuid = dict(self.conn.execute("SELECT uuid, id FROM main.companies"))
        by_key = dict(self.conn.execute("SELECT name_key, id FROM main.companies"))
        table = TABLES[0]
        insert = (
            f"INSERT INTO main.companies ({', '.join(table.local_columns)}) "
            f"VALUES ({', '.join('?' * len(table.local_columns))})"
        )
        resolved: list[tuple[str, int]] = []
        added = skipped = merged = 0
        staged = self.conn.execute(
            f"SELECT {', '.join(table.file_columns)} FROM temp.import_companies ORDER BY seq"
        )
        for row in staged.fetchall():
            uuid, key = row[0], row[2]
            if uuid in by_uuid:
                skipped += 1
            elif key in by_key:
                merged += 1
                by_uuid[uuid] = by_key[key]
            else:
                added += 1
                by_uuid[uuid] = by_key[key] = int(
                    self.conn.execute(insert, tuple(row)).lastrowid or 0
                )
            resolved.append((uuid, by_uuid[uuid]))
        self.conn.execute("CREATE TEMP TABLE import_company_ids (uuid TEXT PRIMARY KEY, id)")
        self.conn.executemany("INSERT INTO temp.import_company_ids VALUES (?, ?)", resolved)
        return Counts(added, skipped, merged)

    def _merge_table(self, table: Table) -> Counts:
        resolved: list[str] = []
        # A reference to a row of the same table (a rescheduled promise to the one it replaced)
        # is set once every row of the file is in: the row it names may come later in the file.
        later = [ref for ref in table.refs if ref.table == table.name]
        for ref in table.refs:
            if ref in later:
                resolved.append("NULL")
                continue
            found = f"(SELECT id FROM main.{ref.table} WHERE uuid = s.{ref.column})"
            if ref.table == "companies":  # a company merged by name is known by another uuid
                found = (
                    f"coalesce((SELECT id FROM temp.import_company_ids "
                    f"WHERE uuid = s.{ref.column}), {found})"
                )
            unknown = self.conn.execute(
                f"SELECT seq, {ref.column} FROM temp.import_{table.name} s "
                f"WHERE {ref.column} IS NOT NULL AND {found} IS NULL ORDER BY seq LIMIT 1"
            ).fetchone()
            if unknown is not None:
                raise self.refuse(
                    f"has {_a(table.name)} row (number {unknown[0]}) whose {ref.column} "
                    f"{unknown[1]} is neither in the file nor in the log"
                )
            resolved.append(found)
        data = [f"s.{name}" for name, _ in table.columns]
        absent = f"NOT EXISTS (SELECT 1 FROM main.{table.name} m WHERE m.uuid = s.uuid)"
        if table.name == "settings":  # a setting already set keeps its value
            absent += " AND NOT EXISTS (SELECT 1 FROM main.settings m WHERE m.key = s.key)"
        if table.name == "company_phones":  # a number the company has already is not added
            absent += (
                " AND NOT EXISTS (SELECT 1 FROM main.company_phones m "
                f"WHERE m.company_id = {resolved[0]} AND m.number = s.number)"
            )
        last_id = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM main.{table.name}")
        (before,) = last_id.fetchone()  # rows added now get ids above it
        cursor = self.conn.execute(
            f"INSERT INTO main.{table.name} ({', '.join(table.local_columns)}) "
            f"SELECT s.uuid, {', '.join([*resolved, *data])} "
            f"FROM temp.import_{table.name} s WHERE {absent} ORDER BY s.seq"
        )
        added = max(cursor.rowcount, 0)
        for ref in later:
            self._resolve_later(table, ref, int(before))
        return Counts(added, self.staged.get(table.name, 0) - added)

    def _resolve_later(self, table: Table, ref: Ref, before: int) -> None:
        found = f"(SELECT id FROM main.{table.name} WHERE uuid = s.{ref.column})"
        unknown = self.conn.execute(
            f"SELECT seq, {ref.column} FROM temp.import_{table.name} s "
            f"WHERE {ref.column} IS NOT NULL AND {found} IS NULL ORDER BY seq LIMIT 1"
        ).fetchone()
        if unknown is not None:
            raise self.refuse(
                f"has {_a(table.name)} row (number {unknown[0]}) whose {ref.column} "
                f"{unknown[1]} is neither in the file nor in the log"
            )
        # Only rows this import added: a row already in the log keeps its own link.
        self.conn.execute(
            f"UPDATE main.{table.name} SET {ref.local} = (SELECT {found} "
            f"FROM temp.import_{table.name} s WHERE s.uuid = main.{table.name}.uuid) "
            f"WHERE id > ? AND uuid IN (SELECT uuid FROM temp.import_{table.name} "
            f"WHERE {ref.column} IS NOT NULL)",
            (before,),
        )


def _unbindable(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # "\ud800" in JSON: half of a character
            return True
        return False
    if isinstance(value, int):
        return not -(2**63) <= value < 2**63
    return not (value is None or isinstance(value, float))


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def _open(path: Path | None) -> tuple[IO[bytes], int | None]:
    """The file (None: standard input) and its size when known."""
    if path is None:
        return sys.stdin.buffer, None
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise BadInput(f"there is no file {path}; check the path") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder; give the file gripe export wrote") from None
    except OSError as error:
        raise BadInput(f"cannot read {path} ({error.strerror})") from None
    size = os.fstat(stream.fileno()).st_size
    return stream, size


def import_file(
    conn: sqlite3.Connection, path: Path | None, progress: Progress | None = None
) -> dict[str, Counts]:
    """Merge an export (``path``; None reads standard input) into the log, in one transaction.

    Everything is checked before anything is written; a refusal changes nothing. Returns what
    happened to each table.
    """
    progress = progress or Quiet()
    name = "the input" if path is None else str(path)
    stream, size = _open(path)
    job = _Import(conn, name, progress)
    # A bigger page cache for this connection while it works: inserting 100k rows into the
    # uuid and foreign-key indexes, which are in random order, thrashes the default 2 MB.
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_SIZE}")
    conn.execute(f"PRAGMA temp.cache_size = {IMPORT_CACHE_SIZE}")
    try:
        job.drop_staging()
        job.create_staging()
        if size is not None and size > BIG_BYTES:
            progress.begin("Reading", size)
        conn.execute("BEGIN")  # the staging tables only: the log is not locked while reading
        try:
            job.read(stream)
            job.check()
        finally:
            conn.execute("COMMIT")
        with writing(conn):
            try:
                return job.merge()
            except sqlite3.IntegrityError as error:
                raise job.refuse(f"has rows the log cannot take ({error})") from None
    finally:
        job.drop_staging()
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        if path is not None:
            stream.close()
