"""Importing an export: the file read as a stream, checked, then merged into the log by uuid.

Import is in two steps. The file is read a row at a time (`gripe.store.transfer.reading`) into
temporary tables, where every value is checked in SQL: nothing in the log changes yet, and a
malformed, truncated, newer or foreign file is refused here. Then, in one ``BEGIN IMMEDIATE``
transaction, the staged rows are merged with set-based SQL: a row whose uuid is already in the
log is skipped (so the same file twice adds nothing), new rows get new local ids with their
references resolved through uuids, a company whose name matches one already in the log is
merged into it, and a setting already set keeps its value. Any refusal rolls all of it back.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from gripe.errors import BadInput
from gripe.model import name_key
from gripe.store.db import writing
from gripe.store.transfer import bulk, reading
from gripe.store.transfer import progress as reporting
from gripe.store.transfer.spec import (
    CHECKS,
    FORMAT,
    MAX_HEADER_KEYS,
    MAX_VALUE_CHARS,
    READ,
    TABLE_NAMED,
    TABLES,
    VERSION,
    Ref,
    Table,
)

BATCH = 2_000  # rows staged at a time
# KiB: the page caches of the log and of the staging tables while importing. With the big tables'
# indexes built after their rows and their triggers' work done set-based (`bulk`), what is left in
# random order is the uuid index: a bigger cache buys little (1,000,000 calls: 16 s at 6 MiB, 15 s
# at 12), and SQLite sorts (GROUP BY, CREATE INDEX) in as much memory as the log's cache. Together
# they keep an import well inside its memory budget (DESIGN.md: 64 MiB at any size).
IMPORT_CACHE_SIZE = -6 * 1024
STAGING_CACHE_SIZE = -4 * 1024


class Counts(NamedTuple):
    """What an import did to one table."""

    added: int
    skipped: int  # already in the log (same uuid; a setting already set)
    merged: int = 0  # companies: the same name under another uuid, merged into the one here


class Import:
    """One import: the file read, checked and staged, then merged into the log."""

    def __init__(self, conn: sqlite3.Connection, name: str, progress: reporting.Progress) -> None:
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
        events = reading.Events(stream, self.progress)
        try:
            self._read_document(events, iter(events))
        except reading.Truncated:
            raise self.refuse(
                "ends before the export does (it looks cut short); export it again"
            ) from None
        except UnicodeDecodeError:  # before ValueError, which it is a kind of
            raise self.refuse("is not UTF-8 text, so it is not a gripe export") from None
        except reading.TooBig:
            raise self.refuse(
                f"has a row or value longer than {MAX_VALUE_CHARS:,} characters, which no "
                "gripe export has"
            ) from None
        except reading.TooDeep:
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
                for column, check in CHECKS[table.name]
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
            reason = dict(CHECKS[table.name])[column].reason
            raise self.refuse(f'{where} whose "{column}" is {_shown(value)}; it {reason}')

    def _read_document(self, source: reading.Events, events: Iterator[reading.Event]) -> None:
        first = next(events, None)
        if first is None:
            if source.empty:
                raise self.refuse("is empty")
            raise reading.Truncated()
        if first[0] != "start_map":
            raise self.refuse("is not a gripe export (it is not a JSON object)")
        for kind, key in events:
            if kind == "end_map":
                return
            if key == "tables":
                self._read_tables(events)
            elif len(self.header) >= MAX_HEADER_KEYS:
                raise self.refuse("has more header fields than any gripe export")
            else:
                self.header[key] = reading.value(events, _next(events), 1)
                self.check_header(final=False)
        raise reading.Truncated()

    def _read_tables(self, events: Iterator[reading.Event]) -> None:
        kind, _ = _next(events)
        if kind != "start_map":
            raise ValueError(f'expected an object of tables after "tables", not {_what(kind)}')
        for kind, name in events:
            if kind == "end_map":
                return
            table = TABLE_NAMED.get(name)
            if table is None:
                raise self.refuse(
                    f"has a table gripe does not know ({_shown(name)}); "
                    "it may come from a newer gripe"
                )
            if name in self.seen:
                raise self.refuse(f'has the "{name}" table twice')
            self.seen.add(name)
            self._read_rows(events, table)
        raise reading.Truncated()

    def _read_rows(self, events: Iterator[reading.Event], table: Table) -> None:
        kind, _ = _next(events)
        if kind != "start_array":
            raise ValueError(f"expected a list of {table.name} rows, not {_what(kind)}")
        insert = (
            f"INSERT INTO temp.import_{table.name} (seq, {', '.join(table.file_columns)}) "
            f"VALUES (?, {', '.join('?' * len(table.file_columns))})"
        )
        batch: list[tuple[Any, ...]] = []
        number = 0
        for event in events:
            if event[0] == "end_array":
                break
            row = reading.value(events, event, 3)
            number += 1
            if self.deferred is None:
                try:
                    batch.append(self._row(table, number, row))
                except BadInput as error:
                    if "format" in self.header and "version" in self.header:
                        raise
                    self.deferred = error  # a newer file? the header, when read, says
            if len(batch) >= BATCH:
                self._stage(table, insert, batch)
                batch = []
        else:
            raise reading.Truncated()
        self._stage(table, insert, batch)
        self.staged[table.name] = number

    def _row(self, table: Table, number: int, row: Any) -> tuple[Any, ...]:
        """The row's values in staging order; its values are judged later, by `check`."""
        keys, values_of, name_at = READ[table.name]
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
        reporting.begin_if_big(self.progress, "Merging", rows=sum(self.staged.values()))
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
        """Companies one by one, in the order of the file: by uuid, else by name (one already
        in the log, or one this file added before), else new. Looked up in the log's indexes
        rather than held in memory: a file may bring any number of companies."""
        table = TABLES[0]
        insert = (
            f"INSERT INTO main.companies ({', '.join(table.local_columns)}) "
            f"VALUES ({', '.join('?' * len(table.local_columns))})"
        )
        self.conn.execute("CREATE TEMP TABLE import_company_ids (uuid TEXT PRIMARY KEY, id)")
        added = skipped = merged = 0
        staged = self.conn.execute(
            f"SELECT {', '.join(table.file_columns)} FROM temp.import_companies ORDER BY seq"
        )
        for row in staged:
            uuid, key = row[0], row[2]
            found = self.conn.execute(
                "SELECT id FROM main.companies WHERE uuid = ?", (uuid,)
            ).fetchone()
            if found is not None:
                skipped += 1
            else:
                found = self.conn.execute(
                    "SELECT id FROM main.companies WHERE name_key = ?", (key,)
                ).fetchone()
                if found is not None:
                    merged += 1
                else:
                    added += 1
                    found = (self.conn.execute(insert, tuple(row)).lastrowid,)
            self.conn.execute(
                "INSERT INTO temp.import_company_ids VALUES (?, ?)", (uuid, int(found[0] or 0))
            )
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
            self._refuse_unknown(table, ref, found)
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
        with bulk.inserting(self.conn, table.name, self.staged.get(table.name, 0)):
            cursor = self.conn.execute(
                f"INSERT INTO main.{table.name} ({', '.join(table.local_columns)}) "
                f"SELECT s.uuid, {', '.join([*resolved, *data])} "
                f"FROM temp.import_{table.name} s WHERE {absent} ORDER BY s.seq"
            )
        added = max(cursor.rowcount, 0)
        for ref in later:
            self._resolve_later(table, ref, int(before))
        return Counts(added, self.staged.get(table.name, 0) - added)

    def _refuse_unknown(self, table: Table, ref: Ref, found: str) -> None:
        """Refuse the file if a staged row's ``ref`` names a row ``found`` does not find."""
        unknown = self.conn.execute(
            f"SELECT seq, {ref.column} FROM temp.import_{table.name} s "
            f"WHERE {ref.column} IS NOT NULL AND {found} IS NULL ORDER BY seq LIMIT 1"
        ).fetchone()
        if unknown is not None:
            raise self.refuse(
                f"has {_a(table.name)} row (number {unknown[0]}) whose {ref.column} "
                f"{unknown[1]} is neither in the file nor in the log"
            )

    def _resolve_later(self, table: Table, ref: Ref, before: int) -> None:
        found = f"(SELECT id FROM main.{table.name} WHERE uuid = s.{ref.column})"
        self._refuse_unknown(table, ref, found)
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


def _next(events: Iterator[reading.Event]) -> reading.Event:
    found = next(events, None)
    if found is None:
        raise reading.Truncated()
    return found


def _what(kind: str) -> str:
    return {"start_array": "a list", "start_map": "an object"}.get(kind, "a single value")


def import_file(
    conn: sqlite3.Connection, path: Path | None, progress: reporting.Progress | None = None
) -> dict[str, Counts]:
    """Merge an export (``path``; None reads standard input) into the log, in one transaction.

    Everything is checked before anything is written; a refusal changes nothing. Returns what
    happened to each table.
    """
    progress = progress or reporting.Quiet()
    name = "the input" if path is None else str(path)
    stream, size = _open(path)
    job = Import(conn, name, progress)
    # A bigger page cache for this connection while it works: inserting 100k rows into the
    # uuid and foreign-key indexes, which are in random order, thrashes the default 2 MB.
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {IMPORT_CACHE_SIZE}")
    conn.execute(f"PRAGMA temp.cache_size = {STAGING_CACHE_SIZE}")
    try:
        job.drop_staging()
        job.create_staging()
        reporting.begin_if_big(progress, "Reading", size=size or 0)
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
