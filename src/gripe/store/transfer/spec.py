"""What an export holds: its format and version, the tables in the order they are written and
merged, their columns, and how each value is checked when a file is imported.

Integer ids are local to one database, so a foreign key travels as the uuid of the row it points
to (``company_uuid``, ``case_uuid``, ``rep_uuid``, ``call_uuid``); each row's own ``id`` is written
for people to read and ignored on import. Every value a file brings is judged in SQL by the
`Check` of its column (`CHECKS`), so that nothing enters the log that gripe would not write.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any, NamedTuple

from gripe import clock
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
)

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
CHECKS = {
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
READ = {
    table.name: (
        keys := tuple(key for key in table.file_columns if key != "name_key"),
        _getter(keys, table.since_v2),
        keys.index("name") if "name_key" in table.file_columns else None,
    )
    for table in TABLES
}
