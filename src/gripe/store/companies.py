"""Companies: found by id or by any spelling of their name."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime

from gripe import clock
from gripe.errors import BadInput, InvalidState, NotFound
from gripe.model import Company, CompanySummary, PhoneNumber, clean_name, name_key
from gripe.store import rows
from gripe.store.db import new_uuid

# The details a person can set on a company, in the order they are shown. Phone numbers are
# rows of their own (`edit_phones`); ``Company.phone`` is the first of them.
DETAIL_FIELDS = tuple(
    name for name in Company._fields if name not in {"id", "uuid", "name", "phone"}
)


def find(conn: sqlite3.Connection, text: str) -> Company | None:
    """The company ``text`` names (see `naming`), or None; several matches are refused."""
    from gripe.store import naming

    found = naming.find(conn, text)
    return found.company if found else None


def _by_key(conn: sqlite3.Connection, key: str) -> Company | None:
    row = conn.execute(
        f"SELECT {rows.COMPANY_COLUMNS} FROM companies WHERE name_key = ?", (key,)
    ).fetchone()
    return rows.company(row) if row else None


def get(conn: sqlite3.Connection, text: str) -> Company:
    """The company ``text`` names (see `naming`); no match fails naming any close names."""
    from gripe.store import naming

    return naming.get(conn, text).company


def get_by_id(conn: sqlite3.Connection, company_id: int) -> Company:
    row = conn.execute(
        f"SELECT {rows.COMPANY_COLUMNS} FROM companies WHERE id = ?", (company_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"there is no company #{company_id}; see: gripe company list")
    return rows.company(row)


def _check_details(details: dict[str, str | None]) -> dict[str, str | None]:
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"unknown company fields: {sorted(unknown)}")
    return {
        key: (value.strip() or None) if value is not None else None
        for key, value in details.items()
    }


def add(
    conn: sqlite3.Connection,
    name: str,
    now: datetime,
    details: dict[str, str | None] | None = None,
) -> Company:
    cleaned = clean_name(name)
    existing = _by_key(conn, name_key(cleaned))
    if existing is not None:
        raise InvalidState(
            f"{existing.name} is already company #{existing.id}; "
            f"change it with: gripe company edit {existing.id} …"
        )
    values = _check_details(details or {})
    columns = ["uuid", "name", "name_key", "created_at", *values]
    cursor = conn.execute(
        f"INSERT INTO companies ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        (new_uuid(), cleaned, name_key(cleaned), clock.to_storage(now), *values.values()),
    )
    return get_by_id(conn, int(cursor.lastrowid or 0))


def ensure(conn: sqlite3.Connection, name: str, now: datetime) -> tuple[Company, bool]:
    """The company ``name`` names, created when new; the flag says whether it was created."""
    from gripe.store import naming

    ensured = naming.ensure(conn, name, now)
    return ensured.named.company, ensured.created


def edit(
    conn: sqlite3.Connection, company: Company, name: str | None, details: dict[str, str | None]
) -> Company:
    values: dict[str, str | None] = _check_details(details)
    if name is not None:
        cleaned = clean_name(name)
        clash = _by_key(conn, name_key(cleaned))
        if clash is not None and clash.id != company.id:
            raise InvalidState(f"another company is already called {clash.name} (#{clash.id})")
        values.update(name=cleaned, name_key=name_key(cleaned))
    if values:
        assignments = ", ".join(f"{column} = ?" for column in values)
        conn.execute(
            f"UPDATE companies SET {assignments} WHERE id = ?", (*values.values(), company.id)
        )
    return get_by_id(conn, company.id)


# A company's totals come from its cases (a handful, however long the log) and their activity
# summaries (schema m014), never from its calls.
_SUMMARY_SQL = f"""
    SELECT {rows.COMPANY_COLUMNS},
        (SELECT count(*) FROM cases WHERE cases.company_id = companies.id
            AND cases.status = 'open') AS open_cases,
        (SELECT count(*) FROM cases WHERE cases.company_id = companies.id) AS all_cases,
        (SELECT coalesce(sum(activity.calls), 0) FROM cases
            JOIN case_activity AS activity ON activity.case_id = cases.id
            WHERE cases.company_id = companies.id) AS calls,
        (SELECT max(activity.last_contact) FROM cases
            JOIN case_activity AS activity ON activity.case_id = cases.id
            WHERE cases.company_id = companies.id) AS last_contact
    FROM companies
"""
# Companies by name, read in that order from the name index.
SUMMARIES_SQL = (
    _SUMMARY_SQL.replace("FROM companies\n", "FROM companies INDEXED BY companies_by_name\n")
    + " ORDER BY companies.name COLLATE NOCASE, companies.id LIMIT :limit"
)


def _summary(row: sqlite3.Row) -> CompanySummary:
    return CompanySummary(
        company=rows.company(row),
        open_cases=row["open_cases"],
        cases=row["all_cases"],
        calls=row["calls"],
        last_contact=rows.maybe_time(row["last_contact"]),
    )


def summaries(conn: sqlite3.Connection, limit: int | None = None) -> Iterator[CompanySummary]:
    """Companies by name with their totals, read as they are needed; totals are computed only
    for the rows read."""
    return map(_summary, conn.execute(SUMMARIES_SQL, {"limit": -1 if limit is None else limit}))


def summary(conn: sqlite3.Connection, company_id: int) -> CompanySummary:
    row = conn.execute(_SUMMARY_SQL + " WHERE companies.id = ?", (company_id,)).fetchone()
    if row is None:
        raise NotFound(f"there is no company #{company_id}; see: gripe company list")
    return _summary(row)


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM companies").fetchone()[0])


def names(conn: sqlite3.Connection, starting: str = "") -> list[str]:
    """Company names for tab completion, matched on the start of the name, any case."""
    rows_found = conn.execute(
        "SELECT name FROM companies WHERE name LIKE ? ESCAPE '\\' ORDER BY name COLLATE NOCASE",
        (starting.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
    )
    return [name for (name,) in rows_found]


# ---- ways in by phone ---------------------------------------------------------------------------


def phones(conn: sqlite3.Connection, company_id: int) -> list[PhoneNumber]:
    """The company's phone numbers in the order they were added."""
    return [
        PhoneNumber(*row)
        for row in conn.execute(
            "SELECT id, uuid, company_id, number, note FROM company_phones "
            "WHERE company_id = ? ORDER BY id",
            (company_id,),
        )
    ]


def _number_key(number: str) -> str:
    """Numbers are the same whatever their spacing: "0800 123 4567" is "08001234567"."""
    return "".join(character for character in number.casefold() if character.isalnum())


def _clean_number(number: str) -> str:
    cleaned = " ".join(number.split())
    if not any(character.isalnum() for character in cleaned):
        raise BadInput(f"{number!r} is not a phone number; type one like 0800 123 4567")
    return cleaned


def edit_phones(
    conn: sqlite3.Connection,
    company_id: int,
    now: datetime,
    add: Sequence[tuple[str, str | None]] = (),
    remove: Sequence[str] = (),
    clear: bool = False,
) -> list[PhoneNumber]:
    """Clear the numbers (``clear``), drop those in ``remove``, then add each ``(number, note)``
    of ``add``; a number already there keeps its place and takes the new note, if one is given
    (an empty note removes it)."""
    if clear:
        conn.execute("DELETE FROM company_phones WHERE company_id = ?", (company_id,))
    for number in remove:
        found = {_number_key(p.number): p for p in phones(conn, company_id)}.get(
            _number_key(number)
        )
        if found is None:
            raise BadInput(f"{number.strip()!r} is not one of this company's numbers")
        conn.execute("DELETE FROM company_phones WHERE id = ?", (found.id,))
    for number, note in add:
        cleaned = _clean_number(number)
        tidy_note = (" ".join(note.split()) or None) if note is not None else None
        existing = {_number_key(p.number): p for p in phones(conn, company_id)}
        same = existing.get(_number_key(cleaned))
        if same is None:
            conn.execute(
                "INSERT INTO company_phones (uuid, company_id, number, note, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (new_uuid(), company_id, cleaned, tidy_note, clock.to_storage(now)),
            )
        elif note is not None:
            conn.execute("UPDATE company_phones SET note = ? WHERE id = ?", (tidy_note, same.id))
    return phones(conn, company_id)
