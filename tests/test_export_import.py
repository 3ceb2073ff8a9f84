"""gripe export / gripe import: the log as a file, and a file merged back into a log.

Export → import into an empty log → export gives the same data (a property over random logs,
unicode included); importing twice adds nothing; a company of the same name is merged; --case
exports one case; CSV reads back one row per call; every kind of bad file is refused with exit 2
and leaves the log exactly as it was; -o never overwrites without --force.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Gripe, run_gripe
from gripe.dates import Deadline
from gripe.model import (
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
from gripe.store import (
    calls,
    cases,
    claims,
    companies,
    connect,
    letters,
    promises,
    reps,
    summaries,
    transfer,
    writing,
)
from gripe.store import settings as store_settings
from gripe.store.calls import CallRequest
from gripe.store.transfer import RIGHTS_DATE_COLUMNS

NOW = datetime(2026, 7, 28, 13, 0, tzinfo=timezone.utc)  # conftest's GRIPE_NOW


def export(gripe: Gripe, *args: str) -> Any:
    return json.loads(gripe.ok("export", *args).stdout)


def without_local_ids(document: dict[str, Any]) -> dict[str, Any]:
    """The data an export carries, without what is local to one database or one moment."""
    return {
        key: value
        if key != "tables"
        else {
            table: [{k: v for k, v in row.items() if k != "id"} for row in rows]
            for table, rows in value.items()
        }
        for key, value in document.items()
        if key != "exported_at"
    }


def import_counts(gripe: Gripe, path: Path) -> dict[str, dict[str, int]]:
    result = gripe.ok("import", str(path), "--json")
    counts: dict[str, dict[str, int]] = json.loads(result.stdout)["tables"]
    return counts


def assert_refused(gripe: Gripe, path: Path, *words: str) -> str:
    """Exit 2, one ``Error:`` line naming the problem, nothing on stdout, the log untouched."""
    before = gripe.dump()
    result = gripe("import", str(path))
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "nothing was imported" in lines[0]
    for word in words:
        assert word in lines[0]
    assert gripe.dump() == before
    return lines[0]


@pytest.fixture
def story(gripe: Gripe) -> Gripe:
    """Two companies, three cases, reps, calls, promises (one overdue), a letter, evidence and
    settings, with text that CSV and JSON must carry exactly."""
    gripe.ok(
        "log", "AT&T", 'Outage again, "no ETA" 📞\nsecond line, ok', "--rep", "Dana",
        "--rep-id", "4471", "--role", "supervisor", "--ref", "R-1", "--hold", "45m",
        "--duration", "1h", "--promise", "Engineer visit", "--by", "friday 5pm",
    )  # fmt: skip
    gripe.ok("promise", "add", "1", "Credit for outage days", "--by", "aug 20", "--call", "1")
    gripe.ok("log", "AT&T", "Chased the engineer", "--at", "yesterday 3pm", "--rep", "Sam")
    gripe.ok(
        "log", "Comcast", "مرحبا — billing error", "--at", "2026-07-01 10:00",
        "--promise", "Refund £20", "--by", "3 business days",
    )  # fmt: skip
    gripe.ok("case", "open", "Comcast", "Second issue", "--want", "A refund", "--amount", "£120")
    gripe.ok("config", "set", "name", "Jo Bloggs")
    gripe.ok("letter", "1", "--record")
    conn = sqlite3.connect(gripe.db)
    conn.execute(
        "INSERT INTO evidence (uuid, case_id, file_name, sha256, size, added_at, note) "
        "VALUES ('e0000000-0000-4000-8000-000000000001', 1, 'bill.pdf', ?, 1234, "
        "'2026-07-28T12:00:00Z', 'the July bill')",
        ("ab" * 32,),
    )
    conn.commit()
    conn.close()
    return gripe


# ---- the file -----------------------------------------------------------------------------------


def test_json_export_holds_every_table_with_uuids_for_references(story: Gripe) -> None:
    document = export(story)
    assert document["format"] == "gripe-export"
    assert document["version"] == transfer.VERSION == 3
    assert document["exported_at"] == "2026-07-28T14:00:00+01:00"
    assert list(document["tables"]) == [
        "companies", "company_phones", "cases", "reps", "calls", "promises", "letters",
        "evidence", "claims", "settings",
    ]  # fmt: skip
    tables = document["tables"]
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts == {
        "companies": 2, "company_phones": 0, "cases": 3, "reps": 2, "calls": 3, "promises": 3,
        "letters": 1, "evidence": 1, "claims": 0, "settings": 1,
    }  # fmt: skip
    # Every column, foreign keys as the uuid of the row they point to, never as a local id.
    for table in transfer.TABLES:
        for row in tables[table.name]:
            assert list(row) == ["id", *table.file_columns]
            assert not any(key.endswith("_id") and key != "employee_id" for key in row)
    uuids = {name: {row["uuid"]: row for row in rows} for name, rows in tables.items()}
    call = tables["calls"][0]
    assert call["summary"] == 'Outage again, "no ETA" 📞\nsecond line, ok'
    assert call["case_uuid"] in uuids["cases"]
    assert uuids["reps"][call["rep_uuid"]]["name"] == "Dana"
    promise = tables["promises"][0]
    assert promise["call_uuid"] == call["uuid"]
    assert uuids["companies"][uuids["cases"][promise["case_uuid"]]["company_uuid"]]["name"] == (
        "AT&T"
    )
    assert tables["settings"] == [
        {"id": 1, "uuid": tables["settings"][0]["uuid"], "key": "name", "value": "Jo Bloggs"}
    ]


def test_an_export_of_version_1_still_imports(story: Gripe, tmp_path: Path) -> None:
    """Files written before version 2 have no sector, hours, statement date, first complaint
    or rescheduled link: they import, those read as empty."""
    document = _good(story)
    document["version"] = 1
    for table in transfer.TABLES:
        for row in document["tables"][table.name]:
            for key in table.since_v2:
                del row[key]
            for key, older in table.renamed:
                row[older] = row.pop(key)
    other = Gripe(tmp_path / "other.db")
    counts = import_counts(other, _write(tmp_path, document))
    assert counts["promises"]["added"] == 3
    assert other.rows("SELECT count(*) FROM companies WHERE sector IS NULL") == [(2,)]
    assert other.rows("SELECT reply_due, proof, replied_at FROM letters") == [
        ("2026-08-11T22:59:00Z", None, None)
    ]


def test_a_version_2_file_brings_its_letter_replies_as_letters_not_promises(
    story: Gripe, tmp_path: Path
) -> None:
    """Before version 3, `letter --record` added a promise "Reply to my letter of …" due on
    the letter's reply date: imported, it becomes the letter's own reply date, kept or not."""
    document = _good(story)
    document["version"] = 2
    (letter,) = document["tables"]["letters"]
    letter["response_due"] = letter.pop("reply_due")
    del letter["proof"], letter["replied_at"]
    document["tables"]["promises"].append(
        {
            "id": 9, "uuid": "p0000000-0000-4000-8000-000000000009",
            "case_uuid": letter["case_uuid"], "call_uuid": None, "rep_uuid": None,
            "rescheduled_from_uuid": None, "text": "Reply to my letter of 28 July 2026",
            "due": "2026-08-11T22:59:00Z",
            "due_text": "the reply date in my letter of 28 July 2026", "date_only": 1,
            "status": "kept", "made_at": "2026-07-28T13:00:00Z",
            "resolved_at": "2026-08-03T09:00:00Z", "note": None,
        }
    )  # fmt: skip
    other = Gripe(tmp_path / "other.db")
    import_counts(other, _write(tmp_path, document))
    assert other.rows("SELECT count(*) FROM promises WHERE text LIKE 'Reply to%'") == [(0,)]
    assert other.rows("SELECT reply_due, replied_at FROM letters") == [
        ("2026-08-11T22:59:00Z", "2026-08-03T09:00:00Z")
    ]


def test_the_dates_recorded_for_rights_travel_and_a_version_2_file_imports(
    story: Gripe, tmp_path: Path
) -> None:
    story.ok("rights", "1", "--final-response", "2026-07-20", "--filed-bbb", "2026-07-21")
    story.ok("export", "-o", str(tmp_path / "log.json"))
    other = Gripe(tmp_path / "other.db")
    import_counts(other, tmp_path / "log.json")
    assert other.rows("SELECT final_response_date, bbb_filed_date FROM cases WHERE id = 1") == [
        ("2026-07-20", "2026-07-21")
    ]
    document = _good(story)
    document["version"] = 1
    for row in document["tables"]["cases"]:
        for key in RIGHTS_DATE_COLUMNS:
            del row[key]
    third = Gripe(tmp_path / "third.db")
    import_counts(third, _write(tmp_path, document))
    assert third.rows("SELECT count(*) FROM cases WHERE final_response_date IS NOT NULL") == [(0,)]


def test_phone_numbers_travel_with_their_notes_and_are_not_added_twice(
    story: Gripe, tmp_path: Path
) -> None:
    story.ok(
        "company", "edit", "AT&T", "--phone", "611", "--phone-note", "say 'agent' twice",
        "--phone", "0800 123 4567", "--phone-note", "",
    )  # fmt: skip
    story.ok("export", "-o", str(tmp_path / "log.json"))
    other = Gripe(tmp_path / "other.db")
    assert import_counts(other, tmp_path / "log.json")["company_phones"]["added"] == 2
    assert without_local_ids(export(other)) == without_local_ids(export(story))
    assert [(p["number"], p["note"]) for p in other.json("company", "show", "AT&T")["phones"]] == [
        ("611", "say 'agent' twice"),
        ("0800 123 4567", None),
    ]
    assert import_counts(other, tmp_path / "log.json")["company_phones"]["added"] == 0
    # One case's export carries its company's numbers too.
    case_only = export(story, "--case", "1")["tables"]["company_phones"]
    assert [row["number"] for row in case_only] == ["611", "0800 123 4567"]


def test_a_file_from_before_phone_numbers_imports_its_phone_as_a_number(
    story: Gripe, tmp_path: Path
) -> None:
    """Older files have no company_phones table, and a company's one number in "phone"."""
    document = _good(story)
    del document["tables"]["company_phones"]
    document["tables"]["companies"][0]["phone"] = "0800 123 4567"
    other = Gripe(tmp_path / "other.db")
    import_counts(other, _write(tmp_path, document))
    shown = other.json("company", "show", "AT&T")
    assert shown["phone"] == "0800 123 4567"
    assert [(p["number"], p["note"]) for p in shown["phones"]] == [("0800 123 4567", None)]
    assert other.rows("SELECT count(*) FROM companies WHERE phone IS NOT NULL") == [(0,)]
    import_counts(other, _write(tmp_path, document))  # again: nothing doubles
    assert other.rows("SELECT count(*) FROM company_phones") == [(1,)]


def test_the_call_in_progress_is_not_exported(story: Gripe) -> None:
    story.ok("call", "start", "AT&T", "--detach")
    assert "live_calls" not in export(story)["tables"]


def test_undated_and_rescheduled_promises_travel(story: Gripe, tmp_path: Path) -> None:
    story.ok("promise", "add", "1", "Reduce my bill")  # no date given
    conn = sqlite3.connect(story.db)
    conn.execute("UPDATE promises SET rescheduled_from = 1 WHERE id = 2")
    conn.execute("UPDATE cases SET statement_date = '2026-06-10' WHERE id = 1")
    conn.execute("UPDATE companies SET sector = 'broadband' WHERE id = 1")
    conn.commit()
    conn.close()
    story.ok("export", "-o", str(tmp_path / "log.json"))
    other = Gripe(tmp_path / "other.db")
    import_counts(other, tmp_path / "log.json")
    assert without_local_ids(export(other)) == without_local_ids(export(story))
    undated = other.json("promise", "list", "--status", "pending")
    assert ("Reduce my bill", None, None) in [
        (row["text"], row["due"], row["due_text"]) for row in undated
    ]
    moved = other.rows(
        "SELECT p.text, o.text FROM promises p JOIN promises o ON o.id = p.rescheduled_from"
    )
    assert moved == [("Credit for outage days", "Engineer visit")]
    assert other.json("case", "show", "1")["case"]["statement_date"] == "2026-06-10"


def test_the_export_columns_are_the_schema_columns(gripe: Gripe) -> None:
    """A migration that adds a column must add it to the export too (and this test says so)."""
    gripe.ok("config", "list")  # creates the database
    for table in transfer.TABLES:
        columns = [row[1] for row in gripe.rows(f"PRAGMA table_info({table.name})")]
        assert columns == ["id", *table.local_columns], table.name


def test_export_and_import_into_an_empty_log_give_the_same_data(
    story: Gripe, tmp_path: Path
) -> None:
    original = export(story)
    story.ok("export", "-o", str(tmp_path / "log.json"))
    other = Gripe(tmp_path / "other.db")
    counts = import_counts(other, tmp_path / "log.json")
    assert {name: count["added"] for name, count in counts.items()} == {
        name: len(rows) for name, rows in original["tables"].items()
    }
    assert without_local_ids(export(other)) == without_local_ids(original)
    # A log with no gaps in its numbering keeps its numbers: case #1 is still case #1.
    assert export(other)["tables"]["cases"] == original["tables"]["cases"]
    # The imported log works: the timeline and the overdue list know it.
    shown = other.json("case", "show", "1")
    assert {call["rep"]["name"] for call in shown["calls"]} == {"Dana", "Sam"}
    assert [row["text"] for row in other.json("overdue")] == ["Refund £20"]
    assert_derived_rows_are_the_triggers(other.db)


def test_the_same_file_twice_adds_nothing(story: Gripe, tmp_path: Path) -> None:
    story.ok("export", "-o", str(tmp_path / "log.json"))
    other = Gripe(tmp_path / "other.db")
    first = other.ok("import", str(tmp_path / "log.json"))
    assert "Imported" in first.stderr
    assert "3 added" in first.stderr
    before = other.dump()
    again = other.ok("import", str(tmp_path / "log.json"))
    assert "Nothing new" in again.stderr
    assert other.dump() == before
    counts = import_counts(other, tmp_path / "log.json")
    assert all(count["added"] == 0 for count in counts.values())
    assert counts["calls"]["skipped"] == 3
    # Into the log it came from: everything is already there.
    assert all(
        count["added"] == 0 for count in import_counts(story, tmp_path / "log.json").values()
    )


def test_a_company_of_the_same_name_is_merged_and_settings_keep_their_values(
    story: Gripe, tmp_path: Path
) -> None:
    story.ok("export", "-o", str(tmp_path / "log.json"))
    other = Gripe(tmp_path / "other.db")
    other.ok("log", "at & t", "My own call about the outage")
    other.ok("config", "set", "name", "Someone Else")
    counts = import_counts(other, tmp_path / "log.json")
    assert counts["companies"] == {"added": 1, "skipped": 0, "merged": 1}
    assert counts["settings"] == {"added": 0, "skipped": 1, "merged": 0}
    assert other.rows("SELECT id, name FROM companies ORDER BY id") == [
        (1, "at & t"),
        (2, "Comcast"),
    ]
    # AT&T's cases and reps from the file now belong to the company already here.
    # its own case and the one from the file
    assert other.rows("SELECT count(*) FROM cases WHERE company_id = 1") == [(2,)]
    assert other.rows("SELECT DISTINCT company_id FROM reps") == [(1,)]
    assert other.rows("SELECT value FROM settings WHERE key = 'name'") == [("Someone Else",)]
    # Its search index and summaries count the calls and promises of both.
    assert_derived_rows_are_the_triggers(other.db)
    # The merge is remembered by uuid: a second import adds nothing.
    again = import_counts(other, tmp_path / "log.json")
    assert all(count["added"] == 0 for count in again.values())


def test_import_reads_standard_input(story: Gripe, tmp_path: Path) -> None:
    exported = run_gripe("--db", str(story.db), "export")
    assert exported.returncode == 0, exported.stderr
    other = tmp_path / "other.db"
    imported = run_gripe("--db", str(other), "import", "-", input=exported.stdout)
    assert imported.returncode == 0, imported.stderr
    assert "Imported the input" not in imported.stderr  # named as the person typed it
    assert "Imported -" in imported.stderr
    assert without_local_ids(export(Gripe(other))) == without_local_ids(
        json.loads(exported.stdout)
    )


def test_key_order_and_layout_of_the_file_do_not_matter(story: Gripe, tmp_path: Path) -> None:
    """A file reformatted by another tool (jq -S sorts the keys: "tables" before "version")."""
    document = export(story)
    path = tmp_path / "sorted.json"
    path.write_text(json.dumps(document, sort_keys=True, indent=4), encoding="utf-8")
    other = Gripe(tmp_path / "other.db")
    other.ok("import", str(path))
    assert without_local_ids(export(other)) == without_local_ids(document)


# ---- one case -----------------------------------------------------------------------------------


def test_case_export_holds_that_case_and_only_what_it_needs(story: Gripe, tmp_path: Path) -> None:
    whole = export(story)["tables"]
    document = export(story, "--case", "#1")
    tables = document["tables"]
    case_uuid = whole["cases"][0]["uuid"]
    assert [row["uuid"] for row in tables["cases"]] == [case_uuid]
    assert [row["name"] for row in tables["companies"]] == ["AT&T"]
    assert sorted(row["name"] for row in tables["reps"]) == ["Dana", "Sam"]
    assert len(tables["calls"]) == 2
    assert len(tables["promises"]) == 2  # both on the first call
    assert len(tables["letters"]) == 1
    assert len(tables["evidence"]) == 1
    for name in ("calls", "promises", "letters", "evidence"):
        assert {row["case_uuid"] for row in tables[name]} == {case_uuid}
    assert tables["settings"] == []
    # It imports on its own into an empty log.
    path = tmp_path / "case.json"
    story.ok("export", "--case", "1", "-o", str(path))
    other = Gripe(tmp_path / "other.db")
    other.ok("import", str(path))
    assert other.rows("SELECT title FROM cases") == [(whole["cases"][0]["title"],)]
    assert other.rows("SELECT count(*) FROM companies") == [(1,)]


def test_case_export_of_a_case_that_does_not_exist(story: Gripe) -> None:
    result = story("export", "--case", "99")
    assert result.exit_code == 1
    assert "no case #99" in result.stderr
    assert result.stdout == ""
    assert story("export", "--case", "one").exit_code == 2


# ---- CSV ----------------------------------------------------------------------------------------


def test_csv_has_one_row_per_call_with_its_promises(story: Gripe, tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    story.ok("export", "-o", str(path))  # the format follows the name
    data = path.read_bytes()
    assert data.startswith(b"case_id,")  # no byte-order mark
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == transfer.CSV_COLUMNS
        rows = list(reader)
    assert len(rows) == 3
    first = rows[0]
    assert first["case_id"] == "1"
    assert first["company"] == "AT&T"
    assert first["summary"] == 'Outage again, "no ETA" 📞\nsecond line, ok'
    assert (first["rep_name"], first["rep_badge"], first["rep_role"]) == (
        "Dana",
        "4471",
        "supervisor",
    )
    assert (first["hold_minutes"], first["duration_minutes"]) == ("45", "60")
    assert first["at"] == "2026-07-28 14:00"  # local time, as a spreadsheet reads it
    assert first["promise_text"] == "Engineer visit | Credit for outage days"
    assert first["promise_due"] == "2026-07-31 17:00 | 2026-08-20"
    assert first["promise_status"] == "pending | pending"
    assert rows[1]["promise_text"] == ""
    third = rows[2]
    assert third["summary"] == "مرحبا — billing error"
    assert third["promise_status"] == "broken (overdue)"
    # stdout, one case
    one = story.ok("export", "--format", "csv", "--case", "2").stdout
    assert [row["call_id"] for row in csv.DictReader(io.StringIO(one))] == ["3"]


def test_an_unknown_format_is_refused(story: Gripe) -> None:
    result = story("export", "--format", "xml")
    assert result.exit_code == 2
    assert "json or --format csv" in result.stderr


# ---- the output file ----------------------------------------------------------------------------


def test_output_file_is_never_overwritten_without_force(story: Gripe, tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    path.write_text("precious", encoding="utf-8")
    result = story("export", "-o", str(path))
    assert result.exit_code == 1
    assert "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "precious"
    story.ok("export", "-o", str(path), "--force")
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "gripe-export"
    assert list(tmp_path.glob(".log.json.*")) == []  # no temporary file left behind


# ---- refusals -----------------------------------------------------------------------------------


def _good(story: Gripe) -> dict[str, Any]:
    document: dict[str, Any] = export(story)
    return document


def _write(tmp_path: Path, content: str | dict[str, Any]) -> Path:
    path = tmp_path / "bad.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_json_is_refused(story: Gripe, tmp_path: Path) -> None:
    text = story.ok("export").stdout
    broken = text.replace('"summary": ', '"summary" ', 1)
    assert_refused(story, _write(tmp_path, broken), "is not valid JSON", "line")


def test_a_truncated_file_is_refused(story: Gripe, tmp_path: Path) -> None:
    text = story.ok("export").stdout
    for cut in (len(text) // 3, len(text) // 2, len(text) - 3):
        assert_refused(story, _write(tmp_path, text[:cut]), "cut short")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", ("is empty",)),
        ("[1, 2]", ("not a gripe export",)),
        ('{"format": "something-else", "version": 1, "tables": {}}', ("not a gripe export",)),
        ('{"version": 1, "tables": {}}', ('no "format"',)),
        ('{"format": "gripe-export", "version": 4, "tables": {}}', ("newer gripe", "upgrade")),
        ('{"format": "gripe-export", "version": "1", "tables": {}}', ("export version",)),
        ('{"format": "gripe-export", "version": 1}', ('no "companies" table',)),
        ("{'single': 'quotes'}", ("not valid JSON", "line 1")),
    ],
)
def test_a_file_that_is_not_a_gripe_export_is_refused(
    story: Gripe, tmp_path: Path, content: str, words: tuple[str, ...]
) -> None:
    assert_refused(story, _write(tmp_path, content), *words)


def test_a_newer_version_is_refused_even_when_the_header_comes_last(
    story: Gripe, tmp_path: Path
) -> None:
    document = _good(story)
    document["version"] = transfer.VERSION + 1
    for row in document["tables"]["calls"]:
        del row["summary"]  # what a newer format might do
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(document, sort_keys=True), encoding="utf-8")
    assert_refused(story, path, "newer gripe")


def test_a_file_that_is_not_text_is_refused(story: Gripe, tmp_path: Path) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert_refused(story, path, "not UTF-8")


def test_a_missing_table_is_refused(story: Gripe, tmp_path: Path) -> None:
    document = _good(story)
    del document["tables"]["letters"]
    assert_refused(story, _write(tmp_path, document), 'no "letters" table')


def test_a_missing_column_is_refused(story: Gripe, tmp_path: Path) -> None:
    document = _good(story)
    del document["tables"]["promises"][1]["due"]
    assert_refused(story, _write(tmp_path, document), "promises row (number 2)", '"due"')


def test_a_reference_to_an_unknown_uuid_is_refused(story: Gripe, tmp_path: Path) -> None:
    document = _good(story)
    # Into an empty log, where nothing else could make the reference good.
    empty = Gripe(tmp_path / "empty.db")
    empty.ok("config", "list")
    document["tables"]["calls"][2]["rep_uuid"] = "00000000-0000-4000-8000-000000000000"
    assert_refused(empty, _write(tmp_path, document), "calls row (number 3)", "rep_uuid")
    assert empty.rows("SELECT count(*) FROM companies") == [(0,)]


@pytest.mark.parametrize(
    ("table", "column", "value", "words"),
    [
        ("cases", "status", "closed", ("must be one of: open, resolved, abandoned",)),
        ("calls", "at", "yesterday", ("UTC time",)),
        ("calls", "at", "2026-02-30T10:00:00Z", ("UTC time",)),
        ("calls", "hold_minutes", -5, ("whole number",)),
        ("calls", "hold_minutes", "45", ("whole number",)),
        ("calls", "summary", None, ("must be text",)),
        ("calls", "summary", {"nested": True}, ("must be text",)),
        ("promises", "date_only", 2, ("0 or 1",)),
        ("companies", "name", "!!!", ("no letters or digits",)),
        ("companies", "uuid", "", ("must be a uuid",)),
        ("companies", "uuid", "u" * 65, ("must be a uuid",)),
        # A poisoned log must be impossible: nothing gripe itself would not write.
        ("evidence", "sha256", "../../../../etc/passwd", ("64 hex digits",)),
        ("evidence", "sha256", "A" * 64, ("64 hex digits",)),
        ("evidence", "sha256", "0" * 63, ("64 hex digits",)),
        ("calls", "at", "9999-12-31T23:59:59Z", ("1970 to 2200",)),
        ("calls", "at", "0001-01-01T00:00:00Z", ("1970 to 2200",)),
        ("calls", "created_at", "1969-12-31T23:59:59Z", ("1970 to 2200",)),
        ("promises", "due", "2201-01-01T00:00:00Z", ("1970 to 2200",)),
        ("cases", "statement_date", "1900-01-01", ("1970 to 2200",)),
        ("calls", "hold_minutes", 2**62, ("a week",)),
        ("calls", "duration_minutes", 10_081, ("a week",)),
        ("cases", "amount_cents", 2**62, ("cents",)),
        ("calls", "summary", "x" * 1_000_001, ("at most 1,000,000 characters",)),
    ],
)
def test_a_value_the_log_cannot_take_is_refused(
    story: Gripe, tmp_path: Path, table: str, column: str, value: Any, words: tuple[str, ...]
) -> None:
    document = _good(story)
    document["tables"][table][0][column] = value
    empty = Gripe(tmp_path / "empty.db")
    empty.ok("config", "list")
    assert_refused(empty, _write(tmp_path, document), f"{table} row (number 1)", *words)


def test_a_value_longer_than_any_export_row_is_refused_as_it_is_read(
    story: Gripe, tmp_path: Path
) -> None:
    text = json.dumps(_good(story))
    padded = text.replace('"tables":', '"padding": "' + "x" * (17 * 1024 * 1024) + '", "tables":')
    assert_refused(story, _write(tmp_path, padded), "longer than 16,777,216 characters")


def test_deep_nesting_is_refused(story: Gripe, tmp_path: Path) -> None:
    deep = '{"format": "gripe-export", "version": 2, "x": ' + "[" * 200_000 + "]" * 200_000 + "}"
    assert_refused(story, _write(tmp_path, deep), "nested deeper")


def test_a_header_with_too_many_fields_is_refused(story: Gripe, tmp_path: Path) -> None:
    fields = ", ".join(f'"k{n}": {n}' for n in range(100))
    text = '{"format": "gripe-export", "version": 2, ' + fields + ', "tables": {}}'
    assert_refused(story, _write(tmp_path, text), "more header fields")


def test_the_same_uuid_twice_in_a_file_is_refused(story: Gripe, tmp_path: Path) -> None:
    document = _good(story)
    document["tables"]["calls"][1]["uuid"] = document["tables"]["calls"][0]["uuid"]
    assert_refused(story, _write(tmp_path, document), "two calls rows with the same uuid")


def test_a_file_that_is_not_there(story: Gripe, tmp_path: Path) -> None:
    result = story("import", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2
    assert "no file" in result.stderr


# ---- progress -----------------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.begun: list[tuple[str, int]] = []
        self.advanced = 0

    def begin(self, label: str, total: int) -> None:
        self.begun.append((label, total))

    def advance(self, amount: int) -> None:
        self.advanced += amount


def test_progress_is_reported_only_for_big_work(
    story: Gripe, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = connect(story.db)
    try:
        quiet = Recorder()
        text = "".join(transfer.export_json(conn, NOW, None, quiet))
        assert quiet.begun == []
        monkeypatch.setattr(transfer.progress, "BIG_ROWS", 0)
        monkeypatch.setattr(transfer.progress, "BIG_BYTES", 0)
        loud = Recorder()
        assert "".join(transfer.export_json(conn, NOW, None, loud)) == text
        assert loud.begun == [("Exporting", 16)]
        assert loud.advanced == 16
    finally:
        conn.close()
    path = tmp_path / "log.json"
    path.write_text(text, encoding="utf-8")
    other = connect(tmp_path / "other.db")
    try:
        recorder = Recorder()
        transfer.import_file(other, path, recorder)
        assert recorder.begun == [("Reading", path.stat().st_size), ("Merging", 16)]
    finally:
        other.close()


# ---- the round trip, over random logs -----------------------------------------------------------

SPECIAL = [
    "📞 call me back 🔥",
    "مرحبا بالعالم",
    "שלום, עולם",
    "\"double\" and 'single' quotes",
    "line one\nline two\r\nline three",
    "tab\tcomma, semicolon; pipe | done",
    "naïve café — Zoë",
    "=SUM(A1:A2)",
    "\\backslash\\ and \\n",
]
TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=16),
)
SOME_TEXT = TEXT.filter(lambda text: text.strip() != "")
MAYBE_TEXT = st.none() | SOME_TEXT
NAME = TEXT.filter(lambda text: name_key(" ".join(text.split())) != "")


def build_log(conn: sqlite3.Connection, data: st.DataObject) -> None:
    """A random log, made the way gripe makes one: through its store functions."""
    draw = data.draw
    with writing(conn):
        for company_name in draw(
            st.lists(
                NAME, min_size=1, max_size=3, unique_by=lambda n: name_key(" ".join(n.split()))
            )
        ):
            company = companies.add(
                conn,
                company_name,
                NOW,
                {
                    "notes": draw(MAYBE_TEXT),
                    "sector": draw(st.none() | st.sampled_from([s.value for s in Sector])),
                    "hours": draw(MAYBE_TEXT),
                },
            )
            numbers = draw(st.lists(st.sampled_from(["0800 123 4567", "611", "+1 800 555 0100"])))
            companies.edit_phones(
                conn, company.id, NOW, [(number, draw(MAYBE_TEXT)) for number in numbers]
            )
            for _ in range(draw(st.integers(1, 2))):
                money = draw(
                    st.none() | st.tuples(st.integers(0, 10**7), st.sampled_from(["GBP"]))
                )
                case = cases.open_case(
                    conn,
                    company,
                    draw(SOME_TEXT),
                    NOW - timedelta(days=30),
                    draw(MAYBE_TEXT),
                    money,
                )
                made: list[Any] = []
                for _ in range(draw(st.integers(0, 3))):
                    logged = calls.log(
                        conn,
                        CallRequest(
                            company=f"#{company.id}",
                            summary=draw(SOME_TEXT),
                            at=NOW - timedelta(minutes=draw(st.integers(0, 40_000))),
                            case_id=case.id,
                            rep_name=draw(st.none() | NAME),
                            rep_employee_id=draw(st.none() | st.sampled_from(["4471", "A-9"])),
                            rep_role=draw(st.none() | st.sampled_from(list(Role))),
                            channel=draw(st.sampled_from(list(Channel))),
                            direction=draw(st.sampled_from(list(Direction))),
                            duration_minutes=draw(st.none() | st.integers(0, 600)),
                            hold_minutes=draw(st.none() | st.integers(0, 600)),
                            reference=draw(MAYBE_TEXT),
                        ),
                        NOW,
                    )
                    made.append(logged.call)
                for _ in range(draw(st.integers(0, 3))):
                    call = draw(st.none() | st.sampled_from(made)) if made else None
                    promise = promises.add(
                        conn,
                        case.id,
                        draw(SOME_TEXT),
                        draw(
                            st.none()  # an undated promise
                            | st.builds(
                                Deadline,
                                text=SOME_TEXT,
                                due=st.integers(-500, 500).map(
                                    lambda hours: NOW + timedelta(hours=hours)
                                ),
                                date_only=st.booleans(),
                            )
                        ),
                        call.at if call else NOW,
                        call.id if call else None,
                        call.rep.id if call and call.rep else None,
                    )
                    status = draw(st.sampled_from(list(PromiseStatus)))
                    if status is not PromiseStatus.PENDING:
                        promises.resolve(conn, promise.id, status, NOW, draw(MAYBE_TEXT))
                if draw(st.booleans()):
                    letter = letters.record(
                        conn, case.id, "complaint", "txt", draw(SOME_TEXT), NOW,
                        NOW + timedelta(days=14),
                    )  # fmt: skip
                    if draw(st.booleans()):
                        via = draw(st.sampled_from(list(SentVia)))
                        letters.sent(conn, letter.id, NOW, via, draw(MAYBE_TEXT), timezone.utc)
                    if draw(st.booleans()):
                        letters.replied(conn, letter.id, NOW, timezone.utc)
                for _ in range(draw(st.integers(0, 2))):
                    claims.add(
                        conn, case.id, draw(SOME_TEXT),
                        (draw(st.integers(0, 10**7)), draw(st.sampled_from([None, "GBP", "USD"]))),
                        draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31))), NOW,
                    )  # fmt: skip
                level = draw(st.sampled_from(list(Level)))
                if level is not Level.FRONTLINE:
                    cases.set_level(conn, case.id, level)
                outcome = draw(st.sampled_from(list(CaseStatus)))
                if outcome is not CaseStatus.OPEN:
                    cases.close(conn, case.id, outcome, draw(MAYBE_TEXT), NOW)
        for key in draw(st.lists(st.sampled_from(["name", "address", "email"]), unique=True)):
            store_settings.put(conn, key, draw(SOME_TEXT))
    # and a rep known by badge alone
    with writing(conn):
        reps.ensure(conn, 1, None, "B-7", None, NOW)


def assert_derived_rows_are_the_triggers(path: Path) -> None:
    """The search index and the summaries an import made (set-based, for all its rows at once)
    are what the per-row triggers make: rewriting every row through its triggers changes
    nothing."""
    conn = sqlite3.connect(path)
    try:
        search = "SELECT rowid, kind, ref_id, body, company FROM search ORDER BY rowid"
        made = conn.execute(search).fetchall()
        assert summaries.out_of_step(conn) == []
        conn.execute("BEGIN")
        # An update of a watched column fires the triggers that write the row's search entry.
        conn.execute("UPDATE calls SET summary = summary")
        conn.execute("UPDATE promises SET text = text")
        assert conn.execute(search).fetchall() == made
        conn.execute("ROLLBACK")
    finally:
        conn.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_round_trip_over_random_logs(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        conn = connect(here / "a.db")
        try:
            build_log(conn, data)
        finally:
            conn.close()
        source = Gripe(here / "a.db")
        source.ok("export", "-o", str(here / "a.json"))
        original = json.loads((here / "a.json").read_text(encoding="utf-8"))

        target = Gripe(here / "b.db")
        target.ok("import", str(here / "a.json"))
        assert without_local_ids(export(target)) == without_local_ids(original)
        assert_derived_rows_are_the_triggers(here / "b.db")

        before = target.dump()
        counts = import_counts(target, here / "a.json")
        assert all(count["added"] == 0 for count in counts.values())
        assert target.dump() == before
