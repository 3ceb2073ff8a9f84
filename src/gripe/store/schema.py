"""The schema, as an ordered list of named migrations.

Rules: a migration is a function registered here in order and never edited after it ships; a
schema change is a new function at the end. The names applied to a database are recorded by
sqlite-utils in ``_sqlite_migrations``; `ensure_current` compares them with ours using the plain
sqlite3 connection, so the common case (nothing to do) never imports sqlite-utils. A database
that has applied a migration we do not know was written by a newer gripe and is refused.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from gripe.errors import InvalidState

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "gripe"


def m001_initial_schema(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE companies (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE CHECK (name_key <> ''),
            account_number TEXT,
            phone TEXT,
            email TEXT,
            postal_address TEXT,
            website TEXT,
            customer_since TEXT,
            notes TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            title TEXT NOT NULL,
            desired_outcome TEXT,
            amount_cents INTEGER CHECK (amount_cents >= 0),
            currency TEXT,
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'resolved', 'abandoned')),
            level TEXT NOT NULL DEFAULT 'frontline'
                CHECK (level IN ('frontline', 'supervisor', 'executive', 'regulator', 'legal')),
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            resolution_note TEXT
        );
        CREATE INDEX cases_by_company ON cases (company_id, status);
        CREATE INDEX cases_by_status ON cases (status);
        CREATE TABLE reps (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            employee_id TEXT,
            role TEXT CHECK (role IN ('agent', 'supervisor', 'manager', 'executive')),
            created_at TEXT NOT NULL
        );
        CREATE INDEX reps_by_company ON reps (company_id, name_key);
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            rep_id INTEGER REFERENCES reps(id),
            at TEXT NOT NULL,
            channel TEXT NOT NULL DEFAULT 'phone'
                CHECK (channel IN ('phone', 'chat', 'email', 'letter', 'in-person', 'social')),
            direction TEXT NOT NULL DEFAULT 'outbound'
                CHECK (direction IN ('outbound', 'inbound')),
            duration_minutes INTEGER CHECK (duration_minutes >= 0),
            hold_minutes INTEGER CHECK (hold_minutes >= 0),
            reference TEXT,
            summary TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX calls_by_case ON calls (case_id, at);
        CREATE INDEX calls_by_rep ON calls (rep_id);
        CREATE TABLE promises (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            call_id INTEGER REFERENCES calls(id),
            rep_id INTEGER REFERENCES reps(id),
            text TEXT NOT NULL,
            due TEXT NOT NULL,
            due_text TEXT NOT NULL,
            date_only INTEGER NOT NULL DEFAULT 0 CHECK (date_only IN (0, 1)),
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'kept', 'broken', 'cancelled')),
            made_at TEXT NOT NULL,
            resolved_at TEXT,
            note TEXT
        );
        CREATE INDEX promises_by_case ON promises (case_id);
        CREATE INDEX promises_by_rep ON promises (rep_id, status);
        CREATE INDEX promises_by_status_due ON promises (status, due);
        CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            template TEXT NOT NULL,
            generated_at TEXT NOT NULL,
            format TEXT NOT NULL,
            body TEXT NOT NULL,
            sent_at TEXT,
            sent_via TEXT,
            response_due TEXT
        );
        CREATE INDEX letters_by_case ON letters (case_id);
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            file_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            note TEXT
        );
        CREATE INDEX evidence_by_case ON evidence (case_id);
        CREATE TABLE settings (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            key TEXT NOT NULL UNIQUE,
            value TEXT NOT NULL
        );
        """
    )


def m002_promises_by_case_status_due(db: Database) -> None:
    # The overdue and dashboard queries start from the open cases (few, however long the log
    # grows) and need each case's broken or past-due promises: this index answers that alone.
    db.executescript(
        """
        CREATE INDEX promises_by_case_status_due ON promises (case_id, status, due);
        DROP INDEX promises_by_case;
        """
    )


def m003_search_index(db: Database) -> None:
    # One FTS5 table over everything a person may remember a phrase of; `gripe search` reads it.
    # Each row's rowid is its source row's id * 8 + a code for the kind (1 call, 2 promise,
    # 3 case, 4 company), so that a trigger finds the row to replace without scanning the index.
    # The body is the row's text with the words that help find it: a call's reference number
    # and rep, a promise's note and rep, a case's outcome and resolution note, a company's notes.
    # Triggers keep it in step with the tables; an insert first deletes any stale row of that
    # rowid, so INSERT OR REPLACE into a source table cannot collide in the index.
    bodies = {
        # kind: (code, table, body over row alias {r})
        "call": (
            1,
            "calls",
            "{r}.summary || coalesce(' · ' || {r}.reference, '') || coalesce(' · ' || "
            "(SELECT reps.name FROM reps WHERE reps.id = {r}.rep_id), '')",
        ),
        "promise": (
            2,
            "promises",
            "{r}.text || coalesce(' · ' || {r}.note, '') || coalesce(' · ' || "
            "(SELECT reps.name FROM reps WHERE reps.id = {r}.rep_id), '')",
        ),
        "case": (
            3,
            "cases",
            "{r}.title || coalesce(' · ' || {r}.desired_outcome, '') || "
            "coalesce(' · ' || {r}.resolution_note, '')",
        ),
        "company": (4, "companies", "{r}.name || coalesce(' · ' || {r}.notes, '')"),
    }
    watched = {
        "call": "summary, reference, rep_id",
        "promise": "text, note, rep_id",
        "case": "title, desired_outcome, resolution_note",
        "company": "name, notes",
    }
    statements = [
        "CREATE VIRTUAL TABLE search USING fts5("
        "kind UNINDEXED, ref_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
    ]
    for kind, (code, table, body) in bodies.items():
        new_row = (
            f"DELETE FROM search WHERE rowid = new.id * 8 + {code}; "
            "INSERT INTO search (rowid, kind, ref_id, body) "
            f"VALUES (new.id * 8 + {code}, '{kind}', new.id, {body.format(r='new')});"
        )
        statements += [
            f"INSERT INTO search (rowid, kind, ref_id, body) SELECT id * 8 + {code}, '{kind}', "
            f"id, {body.format(r=table)} FROM {table}",
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {new_row} END",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF id, {watched[kind]} "
            f"ON {table} BEGIN DELETE FROM search WHERE rowid = old.id * 8 + {code}; "
            f"{new_row} END",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM search WHERE rowid = old.id * 8 + {code}; END",
        ]
    # A rep's name is part of the bodies of their calls and promises.
    for event, rep in (("INSERT", "new"), ("UPDATE OF id, name", "new"), ("DELETE", "old")):
        refresh = " ".join(
            f"UPDATE search SET body = (SELECT {bodies[kind][2].format(r=table)} FROM {table} "
            f"WHERE {table}.id = search.ref_id) "
            f"WHERE rowid IN (SELECT id * 8 + {code} FROM {table} WHERE rep_id = {rep}.id);"
            for kind, code, table in (("call", 1, "calls"), ("promise", 2, "promises"))
        )
        name = event.split()[0].lower()
        statements.append(
            f"CREATE TRIGGER search_reps_{name} AFTER {event} ON reps BEGIN {refresh} END"
        )
    for statement in statements:
        db.execute(statement)


def rebuild_table(db: Database, table: str, create_sql: str) -> None:
    """Give ``table`` a new definition, keeping every row, index and trigger.

    SQLite's ALTER TABLE cannot drop a NOT NULL or add a table constraint, so this follows the
    recipe of sqlite.org/lang_altertable.html ("making other kinds of table schema changes"):
    create the new table under a temporary name, copy the rows (columns the new table does not
    have are dropped, new ones take their defaults), drop the old table, rename the new one, then
    put back the indexes of the table and every trigger that mentions it (the triggers are dropped
    first: renaming checks them, and a trigger naming the dropped table would fail that check).
    ``create_sql`` is a CREATE TABLE statement for ``table`` itself; it runs under the temporary
    name. Runs inside the migration's transaction, so it lands whole or not at all.
    """
    import re

    mentions = re.compile(rf"\b{re.escape(table)}\b")
    triggers = [
        (name, sql)
        for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        if mentions.search(sql)
    ]
    indexes = [
        sql
        for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            [table],
        )
    ]
    old_columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    for name, _ in triggers:
        db.execute(f"DROP TRIGGER {name}")
    temporary = f"{table}_rebuilt"
    db.execute(
        re.sub(
            rf"^\s*CREATE TABLE {re.escape(table)}\b",
            f"CREATE TABLE {temporary}",
            create_sql,
            count=1,
        )
    )
    new_columns = {row[1] for row in db.execute(f"PRAGMA table_info({temporary})")}
    kept = ", ".join(column for column in old_columns if column in new_columns)
    db.execute(f"INSERT INTO {temporary} ({kept}) SELECT {kept} FROM {table}")
    db.execute(f"DROP TABLE {table}")
    db.execute(f"ALTER TABLE {temporary} RENAME TO {table}")
    for sql in indexes:
        db.execute(sql)
    for _, sql in triggers:
        db.execute(sql)


def m004_undated_and_rescheduled_promises(db: Database) -> None:
    # A promise may come with no date ("agreed to reduce my bill"): due and due_text become
    # optional, together. A promise the company moved links to the one it replaced.
    rebuild_table(
        db,
        "promises",
        """
        CREATE TABLE promises (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            call_id INTEGER REFERENCES calls(id),
            rep_id INTEGER REFERENCES reps(id),
            rescheduled_from INTEGER REFERENCES promises(id),
            text TEXT NOT NULL,
            due TEXT,
            due_text TEXT,
            date_only INTEGER NOT NULL DEFAULT 0 CHECK (date_only IN (0, 1)),
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'kept', 'broken', 'cancelled')),
            made_at TEXT NOT NULL,
            resolved_at TEXT,
            note TEXT,
            CHECK ((due IS NULL) = (due_text IS NULL))
        )
        """,
    )
    db.execute(
        "CREATE INDEX promises_by_rescheduled_from ON promises (rescheduled_from) "
        "WHERE rescheduled_from IS NOT NULL"
    )


def m005_case_dates(db: Database) -> None:
    # statement_date: the statement that first showed a billing error (a calendar date, as
    # YYYY-MM-DD); first_complaint_at: when the complaint was first made, when it differs from
    # the first contact logged (NULL: the first contact is the first complaint).
    db.execute("ALTER TABLE cases ADD COLUMN statement_date TEXT")
    db.execute("ALTER TABLE cases ADD COLUMN first_complaint_at TEXT")


def m006_company_sector_hours_and_addresses(db: Database) -> None:
    sectors = ", ".join(f"'{sector}'" for sector in SECTORS)
    db.execute(f"ALTER TABLE companies ADD COLUMN sector TEXT CHECK (sector IN ({sectors}))")
    db.execute("ALTER TABLE companies ADD COLUMN hours TEXT")
    db.execute("ALTER TABLE companies ADD COLUMN complaints_email TEXT")
    db.execute("ALTER TABLE companies ADD COLUMN exec_email TEXT")


def m007_case_rights_dates(db: Database) -> None:
    # The days the rights clocks count from, as the person records them with `gripe rights`
    # (calendar dates, YYYY-MM-DD, like statement_date): the company's final response or
    # deadlock letter, delivery of the goods, CCW's letter opening WATRS, and the days the
    # person filed with the CFPB, the FCC and the BBB.
    for column in (
        "final_response_date",
        "delivered_date",
        "ccw_letter_date",
        "cfpb_filed_date",
        "fcc_filed_date",
        "bbb_filed_date",
    ):
        db.execute(f"ALTER TABLE cases ADD COLUMN {column} TEXT")


def m008_company_phone_numbers(db: Database) -> None:
    # A company's ways in by phone: several numbers, each with a note ("say 'agent' twice").
    # The one phone column of m001 becomes the first of them; it stays in the table (SQLite
    # keeps columns) but gripe no longer writes it, and an import that brings one moves it here.
    import uuid

    db.executescript(
        """
        CREATE TABLE company_phones (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            company_id INTEGER NOT NULL REFERENCES companies(id),
            number TEXT NOT NULL CHECK (trim(number) <> ''),
            note TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (company_id, number)
        );
        """
    )
    moved = db.execute(
        "SELECT id, trim(phone), created_at FROM companies WHERE trim(coalesce(phone, '')) <> ''"
    ).fetchall()
    db.conn.executemany(
        "INSERT INTO company_phones (uuid, company_id, number, created_at) VALUES (?, ?, ?, ?)",
        [(str(uuid.uuid4()), *row) for row in moved],
    )
    db.execute("UPDATE companies SET phone = NULL")


def m009_live_calls(db: Database) -> None:
    # The call in progress, saved as it changes so that a crash loses nothing. One at a time:
    # the id is always 1. Transient: not exported, not journaled for undo; `call end` turns it
    # into a call through the same function as `gripe log`, and deletes it.
    # company_id has no foreign key on purpose: a company merged or deleted mid-call must not
    # block that command; `company` keeps the name to fall back on.
    # segments: JSON [["hold" | "talking", "2026-07-28T13:00:00Z"], ...], the first at
    # started_at; promises: JSON [{"text": ..., "by": ... or null}, ...]; editing: JSON
    # {"field": ..., "text": ...} of a field being typed when the screen last saved, or null.
    db.executescript(
        """
        CREATE TABLE live_calls (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            uuid TEXT NOT NULL UNIQUE,
            company_id INTEGER,
            company TEXT NOT NULL,
            case_id INTEGER,
            started_at TEXT NOT NULL,
            segments TEXT NOT NULL,
            rep_name TEXT,
            rep_employee_id TEXT,
            rep_role TEXT,
            reference TEXT,
            promises TEXT NOT NULL DEFAULT '[]',
            notes TEXT,
            editing TEXT,
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT NOT NULL
        );
        """
    )


def m010_change_journal(db: Database) -> None:
    # One row per command that wrote (see gripe.store.journal); the journal tables and triggers
    # beside it are generated from the schema by journal.install after every upgrade.
    db.execute(
        """
        CREATE TABLE _changes (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            at TEXT NOT NULL,
            command TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            undone_at TEXT,
            undoable INTEGER NOT NULL DEFAULT 1 CHECK (undoable IN (0, 1))
        )
        """
    )


def fold_reply_promises(conn: sqlite3.Connection) -> int:
    """Turn the "Reply to my letter of …" promises that `gripe letter --record` used to add into
    their letters' reply deadlines, and delete them; how many letters were settled this way.

    Such a promise was the person's own deadline dressed as a company promise (issue 10): its
    text and due_text were written by gripe ("Reply to my letter of 28 July 2026", "the reply
    date in my letter of 28 July 2026") and its due was the letter's response_due, on the same
    case. The letter takes the last date of the promise's chain (a moved reply date moves the
    letter's), a kept one becomes the letter's ``replied_at`` (when it was marked kept), and a
    cancelled one (the person stopped waiting) leaves the letter with no reply date: the date
    stays in the letter's own text. A promise that matches no letter, or was edited since, stays
    a promise. Used by m011 and by `gripe import` for files from before it: frozen with m011.
    """
    roots = conn.execute(
        "SELECT id, case_id, due, text FROM promises WHERE rescheduled_from IS NULL "
        "AND text LIKE 'Reply to my letter of %' "
        "AND due_text LIKE 'the reply date in my letter of %' ORDER BY id"
    ).fetchall()
    used: set[int] = set()
    folded = 0
    for promise_id, case_id, due, text in roots:
        match = conn.execute(
            "SELECT id FROM letters WHERE case_id = ? AND reply_due = ? AND replied_at IS NULL "
            "ORDER BY id",
            (case_id, due),
        ).fetchall()
        letter = next((row[0] for row in match if row[0] not in used), None)
        if letter is None:
            continue
        used.add(letter)
        chain = [promise_id]
        while True:
            later = conn.execute(
                "SELECT id FROM promises WHERE rescheduled_from = ? AND text = ? ORDER BY id "
                "LIMIT 1",
                (chain[-1], text),
            ).fetchone()
            if later is None or later[0] in chain:
                break
            chain.append(later[0])
        last_due, status, resolved_at = conn.execute(
            "SELECT due, status, resolved_at FROM promises WHERE id = ?", (chain[-1],)
        ).fetchone()
        if status == "cancelled":
            conn.execute("UPDATE letters SET reply_due = NULL WHERE id = ?", (letter,))
        else:
            replied = (resolved_at or last_due) if status == "kept" else None
            conn.execute(
                "UPDATE letters SET reply_due = ?, replied_at = ? WHERE id = ?",
                (last_due, replied, letter),
            )
        marks = ", ".join("?" * len(chain))
        conn.execute(
            f"UPDATE promises SET rescheduled_from = NULL WHERE rescheduled_from IN ({marks})",
            chain,
        )
        conn.execute(f"DELETE FROM promises WHERE id IN ({marks})", chain)
        folded += 1
    return folded


def m011_letters_are_the_persons_own(db: Database) -> None:
    # A letter's reply deadline belongs to the letter, the person's own act, never a promise
    # of the company's: response_due becomes reply_due, beside how the letter went (proof: a
    # tracking or proof-of-posting reference) and when it was answered. The overdue query finds
    # unanswered letters from the open cases through the partial index (few rows: only letters
    # still waiting). The old reply promises are folded into their letters.
    db.execute("ALTER TABLE letters RENAME COLUMN response_due TO reply_due")
    db.execute("ALTER TABLE letters ADD COLUMN proof TEXT")
    db.execute("ALTER TABLE letters ADD COLUMN replied_at TEXT")
    db.execute(
        "CREATE INDEX letters_awaiting_reply ON letters (case_id, reply_due) "
        "WHERE replied_at IS NULL AND reply_due IS NOT NULL"
    )
    fold_reply_promises(db.conn)


def m012_case_claims(db: Database) -> None:
    # The sums a case is about, each with what it is for: a charge the person disputes ("Late
    # fee", $39.25, charged on 3 June) or a loss they claim ("9 days without broadband",
    # £45). Letters list each and add them up (the Fair Credit Billing Act notice names every
    # disputed charge; a letter before claim says how the sum claimed is made up).
    db.executescript(
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            case_id INTEGER NOT NULL REFERENCES cases(id),
            what TEXT NOT NULL CHECK (trim(what) <> ''),
            amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
            currency TEXT,
            on_date TEXT,
            added_at TEXT NOT NULL
        );
        CREATE INDEX claims_by_case ON claims (case_id);
        """
    )


def m013_search_by_company(db: Database) -> None:
    # A company's name finds its calls, promises and cases, not only the company (issue 15):
    # the index gets a second column, `company`, with the name of the company each row belongs
    # to (search ranks it below the row's own words). Company rows move to the top of the rowid
    # space (2**62 + id; the others stay id * 8 + kind), so that a search may read them apart,
    # or first, with a seek. The index is derived: dropped and made again from the tables, with
    # its triggers. Besides the triggers of m003, a company's name is written into the rows of
    # its cases, calls and promises when it is renamed or put back (an undo re-inserts it), and
    # a case's when the case moves to another company or is put back; a call or promise that
    # moves to another case is indexed again.
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' "
        "ESCAPE '\\'"
    ).fetchall():
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE search")
    company_rows = 1 << 62
    name_of_case = (
        "(SELECT companies.name FROM cases JOIN companies ON companies.id = cases.company_id "
        "WHERE cases.id = {r}.case_id)"
    )
    indexed = {
        # kind: (table, rowid over row alias {r}, body, company, the columns the row is made of)
        "call": (
            "calls",
            "{r}.id * 8 + 1",
            "{r}.summary || coalesce(' · ' || {r}.reference, '') || coalesce(' · ' || "
            "(SELECT reps.name FROM reps WHERE reps.id = {r}.rep_id), '')",
            name_of_case,
            "summary, reference, rep_id, case_id",
        ),
        "promise": (
            "promises",
            "{r}.id * 8 + 2",
            "{r}.text || coalesce(' · ' || {r}.note, '') || coalesce(' · ' || "
            "(SELECT reps.name FROM reps WHERE reps.id = {r}.rep_id), '')",
            name_of_case,
            "text, note, rep_id, case_id",
        ),
        "case": (
            "cases",
            "{r}.id * 8 + 3",
            "{r}.title || coalesce(' · ' || {r}.desired_outcome, '') || "
            "coalesce(' · ' || {r}.resolution_note, '')",
            "(SELECT companies.name FROM companies WHERE companies.id = {r}.company_id)",
            "title, desired_outcome, resolution_note, company_id",
        ),
        "company": (
            "companies",
            f"{company_rows} + {{r}}.id",
            "{r}.name || coalesce(' · ' || {r}.notes, '')",
            "{r}.name",
            "name, notes",
        ),
    }
    statements = [
        "CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, ref_id UNINDEXED, body, "
        "company, tokenize = 'unicode61 remove_diacritics 2')"
    ]
    for kind, (table, rowid, body, company, watched) in indexed.items():
        new_row = (
            f"DELETE FROM search WHERE rowid = {rowid.format(r='new')}; "
            "INSERT INTO search (rowid, kind, ref_id, body, company) VALUES "
            f"({rowid.format(r='new')}, '{kind}', new.id, {body.format(r='new')}, "
            f"{company.format(r='new')});"
        )
        statements += [
            "INSERT INTO search (rowid, kind, ref_id, body, company) SELECT "
            f"{rowid.format(r=table)}, '{kind}', id, {body.format(r=table)}, "
            f"{company.format(r=table)} FROM {table}",
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {new_row} END",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF id, {watched} ON {table} "
            f"BEGIN DELETE FROM search WHERE rowid = {rowid.format(r='old')}; {new_row} END",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM search WHERE rowid = {rowid.format(r='old')}; END",
        ]
    # The company's name in the rows of its cases, and of their calls and promises.
    rows_of_cases = (
        "SELECT id * 8 + 1 FROM calls WHERE case_id IN ({cases}) "
        "UNION ALL SELECT id * 8 + 2 FROM promises WHERE case_id IN ({cases})"
    )
    of_company = "SELECT id FROM cases WHERE company_id = new.id"
    statements += [
        f"CREATE TRIGGER search_companies_name_{event} AFTER {when} ON companies BEGIN "
        "UPDATE search SET company = new.name WHERE rowid IN ("
        f"{rows_of_cases.format(cases=of_company)} "
        f"UNION ALL SELECT id * 8 + 3 FROM cases WHERE company_id = new.id); END"
        for event, when in (("insert", "INSERT"), ("update", "UPDATE OF name"))
    ]
    statements += [
        f"CREATE TRIGGER search_cases_company_{event} AFTER {when} ON cases BEGIN "
        "UPDATE search SET company = (SELECT name FROM companies WHERE id = new.company_id) "
        f"WHERE rowid IN ({rows_of_cases.format(cases='new.id')}); END"
        for event, when in (("insert", "INSERT"), ("update", "UPDATE OF company_id"))
    ]
    # A rep's name is part of the bodies of their calls and promises (as in m003).
    for event, rep in (("INSERT", "new"), ("UPDATE OF id, name", "new"), ("DELETE", "old")):
        refresh = " ".join(
            f"UPDATE search SET body = (SELECT {indexed[kind][2].format(r=table)} FROM {table} "
            f"WHERE {table}.id = search.ref_id) "
            f"WHERE rowid IN (SELECT id * 8 + {code} FROM {table} WHERE rep_id = {rep}.id);"
            for kind, code, table in (("call", 1, "calls"), ("promise", 2, "promises"))
        )
        name = event.split()[0].lower()
        statements.append(
            f"CREATE TRIGGER search_reps_{name} AFTER {event} ON reps BEGIN {refresh} END"
        )
    for statement in statements:
        db.execute(statement)


def m014_summaries_for_reads_that_stay_flat(db: Database) -> None:
    # What the everyday reads need, kept beside the log so that their cost follows what they
    # show, not how long the log has grown (DESIGN.md, performance budgets). Three derived
    # tables, each kept right by triggers on the tables it is derived from, through every write,
    # merge and undo (undo puts rows back with these triggers on); none is journaled or exported:
    # - case_activity: each case's status, number of calls, hold time, last contact, and the
    #   time it was last active (its last contact, else when it was opened), for the case list,
    #   the dashboard's open cases and the company totals;
    # - rep_records: each rep's calls and promises kept, marked broken, pending with a date and
    #   pending without one; a pending promise past its date counts as broken at read time (it
    #   depends on the clock), through the (rep_id, status, due) index;
    # - open_promises: the promises pending or marked broken on open cases, by status and due,
    #   for the overdue, due-soon and no-date sections.
    # A trigger that adds to a summary row computes it whole when the row is made (a case, a
    # rep) and adds or takes away one row's worth after that, so that an import stays cheap.
    db.executescript(
        """
        CREATE TABLE case_activity (
            case_id INTEGER PRIMARY KEY,
            status TEXT NOT NULL,
            calls INTEGER NOT NULL,
            hold_minutes INTEGER NOT NULL,
            last_contact TEXT,
            last_active TEXT NOT NULL
        );
        CREATE INDEX case_activity_by_status ON case_activity (status, last_active, case_id);
        CREATE INDEX case_activity_by_time ON case_activity (last_active, case_id);
        CREATE TABLE rep_records (
            rep_id INTEGER PRIMARY KEY,
            calls INTEGER NOT NULL,
            kept INTEGER NOT NULL,
            broken INTEGER NOT NULL,
            pending_dated INTEGER NOT NULL,
            undated INTEGER NOT NULL
        );
        CREATE INDEX rep_records_by_worst ON rep_records (broken + pending_dated DESC, calls DESC);
        CREATE TABLE open_promises (
            promise_id INTEGER PRIMARY KEY,
            status TEXT NOT NULL,
            due TEXT
        );
        CREATE INDEX open_promises_by_status_due ON open_promises (status, due);

        CREATE INDEX companies_by_name ON companies (name COLLATE NOCASE, id);
        CREATE INDEX promises_by_due ON promises (due);
        CREATE INDEX promises_by_rep_status_due ON promises (rep_id, status, due);
        DROP INDEX promises_by_rep;

        INSERT INTO case_activity (case_id, status, calls, hold_minutes, last_contact, last_active)
        SELECT cases.id, cases.status, count(calls.id), coalesce(sum(calls.hold_minutes), 0),
            max(calls.at), coalesce(max(calls.at), cases.opened_at)
        FROM cases LEFT JOIN calls ON calls.case_id = cases.id GROUP BY cases.id;
        INSERT INTO rep_records (rep_id, calls, kept, broken, pending_dated, undated)
        SELECT reps.id,
            (SELECT count(*) FROM calls WHERE calls.rep_id = reps.id),
            (SELECT count(*) FROM promises WHERE promises.rep_id = reps.id
                AND promises.status = 'kept'),
            (SELECT count(*) FROM promises WHERE promises.rep_id = reps.id
                AND promises.status = 'broken'),
            (SELECT count(*) FROM promises WHERE promises.rep_id = reps.id
                AND promises.status = 'pending' AND promises.due IS NOT NULL),
            (SELECT count(*) FROM promises WHERE promises.rep_id = reps.id
                AND promises.status = 'pending' AND promises.due IS NULL)
        FROM reps;
        INSERT INTO open_promises (promise_id, status, due)
        SELECT promises.id, promises.status, promises.due
        FROM promises JOIN cases ON cases.id = promises.case_id
        WHERE cases.status = 'open' AND promises.status IN ('pending', 'broken');
        """
    )
    # A case's summary computed whole, and its promises watched while it is open.
    case_made = """
        INSERT OR REPLACE INTO case_activity
            (case_id, status, calls, hold_minutes, last_contact, last_active)
        SELECT new.id, new.status, count(*), coalesce(sum(hold_minutes), 0), max(at),
            coalesce(max(at), new.opened_at)
        FROM calls WHERE case_id = new.id;
        INSERT OR REPLACE INTO open_promises (promise_id, status, due)
        SELECT id, status, due FROM promises
        WHERE new.status = 'open' AND case_id = new.id AND status IN ('pending', 'broken');
    """
    case_gone = """
        DELETE FROM case_activity WHERE case_id = old.id;
        DELETE FROM open_promises WHERE promise_id IN
            (SELECT id FROM promises WHERE case_id = old.id);
    """
    call_gone = """
        UPDATE case_activity SET calls = calls - 1,
            hold_minutes = hold_minutes - coalesce(old.hold_minutes, 0),
            last_contact = (SELECT max(at) FROM calls WHERE case_id = old.case_id)
        WHERE case_id = old.case_id;
        UPDATE case_activity SET last_active =
            coalesce(last_contact, (SELECT opened_at FROM cases WHERE id = old.case_id))
        WHERE case_id = old.case_id;
        UPDATE rep_records SET calls = calls - 1 WHERE rep_id = old.rep_id;
    """
    call_made = """
        UPDATE case_activity SET calls = calls + 1,
            hold_minutes = hold_minutes + coalesce(new.hold_minutes, 0),
            last_contact = max(coalesce(last_contact, new.at), new.at),
            last_active = max(coalesce(last_contact, new.at), new.at)
        WHERE case_id = new.case_id;
        UPDATE rep_records SET calls = calls + 1 WHERE rep_id = new.rep_id;
    """
    promise_gone = """
        UPDATE rep_records SET kept = kept - (old.status = 'kept'),
            broken = broken - (old.status = 'broken'),
            pending_dated = pending_dated - (old.status = 'pending' AND old.due IS NOT NULL),
            undated = undated - (old.status = 'pending' AND old.due IS NULL)
        WHERE rep_id = old.rep_id;
        DELETE FROM open_promises WHERE promise_id = old.id;
    """
    promise_made = """
        UPDATE rep_records SET kept = kept + (new.status = 'kept'),
            broken = broken + (new.status = 'broken'),
            pending_dated = pending_dated + (new.status = 'pending' AND new.due IS NOT NULL),
            undated = undated + (new.status = 'pending' AND new.due IS NULL)
        WHERE rep_id = new.rep_id;
        INSERT OR REPLACE INTO open_promises (promise_id, status, due)
        SELECT new.id, new.status, new.due WHERE new.status IN ('pending', 'broken')
            AND EXISTS (SELECT 1 FROM cases WHERE id = new.case_id AND status = 'open');
    """
    rep_made = """
        INSERT OR REPLACE INTO rep_records
            (rep_id, calls, kept, broken, pending_dated, undated)
        SELECT new.id, (SELECT count(*) FROM calls WHERE rep_id = new.id),
            count(*) FILTER (WHERE status = 'kept'),
            count(*) FILTER (WHERE status = 'broken'),
            count(*) FILTER (WHERE status = 'pending' AND due IS NOT NULL),
            count(*) FILTER (WHERE status = 'pending' AND due IS NULL)
        FROM promises WHERE rep_id = new.id;
    """
    rep_gone = "DELETE FROM rep_records WHERE rep_id = old.id;"
    triggers = {
        "cases_insert": ("AFTER INSERT ON cases", case_made),
        "cases_update": ("AFTER UPDATE OF id, status, opened_at ON cases", case_gone + case_made),
        "cases_delete": ("AFTER DELETE ON cases", case_gone),
        "calls_insert": ("AFTER INSERT ON calls", call_made),
        "calls_update": (
            "AFTER UPDATE OF case_id, rep_id, at, hold_minutes ON calls",
            call_gone + call_made,
        ),
        "calls_delete": ("AFTER DELETE ON calls", call_gone),
        "promises_insert": ("AFTER INSERT ON promises", promise_made),
        "promises_update": (
            "AFTER UPDATE OF id, case_id, rep_id, status, due ON promises",
            promise_gone + promise_made,
        ),
        "promises_delete": ("AFTER DELETE ON promises", promise_gone),
        "reps_insert": ("AFTER INSERT ON reps", rep_made),
        "reps_update": (
            "AFTER UPDATE OF id ON reps WHEN old.id IS NOT new.id",
            rep_gone + rep_made,
        ),
        "reps_delete": ("AFTER DELETE ON reps", rep_gone),
    }
    for name, (event, body) in triggers.items():
        db.execute(f"CREATE TRIGGER summary_{name} {event} BEGIN {body} END")


# The sectors of DESIGN.md, as stored by m006 (a later change to the list is a new migration).
SECTORS = (
    "broadband", "mobile", "landline", "tv", "energy", "water", "bank", "credit-card",
    "store-card", "loan", "insurance", "retail", "airline", "rail", "parcel", "other",
)  # fmt: skip

# In order; append, never edit or reorder.
MIGRATIONS = [
    m001_initial_schema,
    m002_promises_by_case_status_due,
    m003_search_index,
    m004_undated_and_rescheduled_promises,
    m005_case_dates,
    m006_company_sector_hours_and_addresses,
    m007_case_rights_dates,
    m008_company_phone_numbers,
    m009_live_calls,
    m010_change_journal,
    m011_letters_are_the_persons_own,
    m012_case_claims,
    m013_search_by_company,
    m014_summaries_for_reads_that_stay_flat,
]
KNOWN = [migration.__name__ for migration in MIGRATIONS]


def applied(conn: sqlite3.Connection) -> list[str]:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not has_table:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [name for (name,) in rows]


def _registry() -> Migrations:
    from sqlite_utils.migrations import Migrations

    registry = Migrations(MIGRATION_SET)
    for migration in MIGRATIONS:
        registry(name=migration.__name__)(migration)
    return registry


def refuse_newer(names: list[str]) -> None:
    unknown = [name for name in names if name not in KNOWN]
    if unknown:
        raise InvalidState(
            f"this database was written by a newer gripe (it has migration {unknown[0]!r}); "
            "upgrade gripe with: pip install -U gripe-tracker"
        )


def pending(names: list[str]) -> bool:
    """Whether a database that has applied ``names`` needs a migration."""
    return len(names) < len(KNOWN)


def ensure_current(conn: sqlite3.Connection) -> None:
    """Bring the schema up to date, or refuse a database from a newer gripe.

    Migrations are not journaled: the journal's triggers are taken away first, and put back
    afterwards for the schema as it now is (every table and column, the new ones included).
    """
    names = applied(conn)
    refuse_newer(names)
    if len(names) == len(KNOWN):
        return
    from datetime import timezone

    from sqlite_utils import Database

    from gripe import clock
    from gripe.store import journal

    # BEGIN IMMEDIATE serialises two gripes opening a new file at the same moment: the second
    # waits, then finds nothing pending. sqlite-utils nests each migration in a savepoint.
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = applied(conn)
        refuse_newer(before)
        if len(before) == len(KNOWN):
            conn.execute("COMMIT")
            return
        journal.drop_triggers(conn)
        _registry().apply(Database(conn, execute_plugins=False))
        upgraded = [name for name in KNOWN if name not in before]
        orphans = journal.install(conn, clock.now(timezone.utc), upgraded)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if orphans:
        from pathlib import Path

        from gripe.store import evidence

        main_file = next(
            row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"
        )
        if main_file:
            evidence.forget(conn, evidence.folder_for(Path(main_file)), orphans)
