"""`gripe search TEXT`: full-text search over the log, kept in step with it by triggers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from conftest import Gripe
from gripe.store import connect, writing
from gripe.store.schema import MIGRATION_SET, MIGRATIONS

KEYS = {"kind", "id", "uuid", "case_id", "company", "at", "text", "snippet"}


def found(gripe: Gripe, *words: str) -> list[tuple[str, int]]:
    """(kind, id) of each result, best first."""
    return [(hit["kind"], hit["id"]) for hit in gripe.json("search", *words, "--all")]


def sql(gripe: Gripe, statement: str, *parameters: object) -> None:
    """A change made through a connection gripe made (its triggers keep the index in step)."""
    conn = connect(gripe.db)
    try:
        with writing(conn):
            conn.execute(statement, parameters)
    finally:
        conn.close()


@pytest.fixture
def log(gripe: Gripe) -> Gripe:
    gripe.ok("case", "open", "Comcast", "Broadband down")
    gripe.ok(
        "log", "Comcast", "Internet outage since Monday; engineer booked",
        "--rep", "Dana Whitfield", "--ref", "CMC-88123", "--at", "yesterday 3pm",
    )  # fmt: skip
    gripe.ok(
        "log", "Comcast", "Billing says the router fee was waived",
        "--rep", "Marcus", "--promise", "Refund the router fee", "--by", "friday",
    )  # fmt: skip
    gripe.ok("case", "open", "Café Rouge", "Overcharged for a birthday dinner", "--want", "Refund")
    gripe.ok("company", "add", "AT&T", "--notes", "Ask for the retentions team")
    return gripe


# ---- finding things -----------------------------------------------------------------------------


def test_finds_a_call_by_a_word_in_its_summary(log: Gripe) -> None:
    [hit] = log.json("search", "outage")
    assert hit["kind"] == "call"
    assert hit["id"] == 1
    assert hit["company"] == "Comcast"
    assert hit["case_id"] == 1
    assert hit["text"] == "Internet outage since Monday; engineer booked"
    assert "**outage**" in hit["snippet"]


def test_finds_a_call_by_its_reference_number(log: Gripe) -> None:
    [hit] = log.json("search", "CMC-88123")
    assert (hit["kind"], hit["id"]) == ("call", 1)
    assert "· **CMC-88123** ·" in hit["snippet"]
    assert found(log, "88123") == [("call", 1)]


def test_finds_calls_and_promises_by_rep_name(log: Gripe) -> None:
    assert found(log, "whitfield") == [("call", 1)]
    assert found(log, "Dana", "Whitfield") == [("call", 1)]
    assert set(found(log, "marcus")) == {("call", 2), ("promise", 1)}


def test_finds_a_promise_by_its_text(log: Gripe) -> None:
    [hit] = log.json("search", "router", "refund")
    assert (hit["kind"], hit["id"], hit["case_id"]) == ("promise", 1, 1)
    assert hit["text"] == "Refund the router fee"


def test_finds_a_case_by_title_and_outcome_and_a_company_by_its_notes(log: Gripe) -> None:
    [case] = log.json("search", "birthday")
    assert (case["kind"], case["id"], case["company"]) == ("case", 2, "Café Rouge")
    assert case["text"] == "Overcharged for a birthday dinner"
    assert found(log, "retentions") == [("company", 3)]
    [company] = log.json("search", "retentions")
    assert company["case_id"] is None
    assert company["text"] == "AT&T"


def test_every_word_must_match_and_a_star_matches_the_start_of_a_word(log: Gripe) -> None:
    assert found(log, "outage", "billing") == []
    assert found(log, "outa*") == [("call", 1)]
    assert found(log, "outa") == []


def test_accents_and_case_fold(log: Gripe) -> None:
    assert found(log, "cafe") == [("company", 2), ("case", 2)]
    log.ok("log", "Café Rouge", "Paid at the café: £80", "--case", "2")
    assert set(found(log, "CAFE")) == {("company", 2), ("case", 2), ("call", 3)}
    assert found(log, "cafe", "paid") == [("call", 3)]
    log.ok("log", "Crédit Agricole", "Lettre envoyée à la banque")
    assert ("call", 4) in found(log, "envoyee", "a", "LA", "banque")


def test_json_objects_have_the_contract_keys(log: Gripe) -> None:
    hits = log.json("search", "comcast")  # the company row
    assert hits
    for hit in log.json("search", "refund") + hits:
        assert set(hit) == KEYS
        assert hit["at"].endswith("+01:00")  # London summer time, as every JSON time
    [call] = log.json("search", "outage")
    assert call["at"] == "2026-07-27T15:00:00+01:00"
    assert call["uuid"] == log.rows("SELECT uuid FROM calls WHERE id = 1")[0][0]


def test_listing_for_people_shows_company_case_date_and_the_match(log: Gripe) -> None:
    result = log.ok("search", "CMC-88123")
    assert result.stdout.splitlines() == [
        "call #1 · Comcast, case #1 · Mon 27 Jul 2026 15:00",
        "      Internet outage since Monday; engineer booked · CMC-88123 · Dana Whitfield",
    ]
    case = log.ok("search", "birthday").stdout
    assert case.startswith("case #2 · Café Rouge · opened Tue 28 Jul 2026 14:00\n")


# ---- punctuation is never syntax ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "AT&T", "don't", "multi-agent", "20.04", '"', "*", "(", ")", "NEAR", "OR", "AND", "NOT",
        "-x", "a OR b", "NEAR(a b)", '"unbalanced', "col:umn", "^start", "x + y", "'", "{}",
        "***", "a*b", "100%", "$5.00", "refund;DROP TABLE calls", "📶", "\\",
    ],
)  # fmt: skip
def test_punctuation_in_queries_never_fails(log: Gripe, query: str) -> None:
    before = log.dump()
    result = log("search", query)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 2), (result.exit_code, result.stdout, result.stderr)
    if result.exit_code == 2:
        assert result.stdout == ""
        if query.startswith("-"):  # read as an option: a usage error, like any unknown option
            assert f"No such option: {query}" in result.stderr
            assert "gripe search -h" in result.stderr
        else:
            assert result.stderr.startswith("Error: nothing to search for")
            assert "gripe search refund" in result.stderr
    assert "Traceback" not in result.stderr
    assert log.dump() == before


def test_punctuated_words_find_what_they_say(log: Gripe) -> None:
    assert found(log, "AT&T") == [("company", 3)]
    log.ok("case", "open", "Canonical", "Server support")
    log.ok("log", "Canonical", "Upgrade to 20.04 broke the multi-agent setup; don't reboot")
    assert found(log, "20.04") == [("call", 3)]
    assert found(log, "multi-agent") == [("call", 3)]
    assert found(log, "don't") == [("call", 3)]
    assert found(log, '"reboot"') == [("call", 3)]
    assert found(log, "20.05") == []
    [after_dashes] = json.loads(log.ok("search", "--json", "--", "-monday").stdout)
    assert (after_dashes["kind"], after_dashes["id"]) == ("call", 1)


@pytest.mark.parametrize("words", [(), ("",), ("   ",), ('"',), ("*", "&", "-")])
def test_nothing_searchable_is_refused_with_what_to_type(gripe: Gripe, words: Any) -> None:
    result = gripe("search", *words)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: nothing to search for")
    assert "gripe search refund" in result.stderr
    assert not gripe.db.exists()  # refused before the database was even opened


def test_no_results_is_a_message_on_stderr_and_exit_0(log: Gripe) -> None:
    result = log.ok("search", "zebra")
    assert result.stdout == ""
    assert "Nothing matches 'zebra'" in result.stderr
    assert log.ok("search", "zebra", "--json").stdout == "[]\n"


# ---- a company's name --------------------------------------------------------------------------


def test_a_company_name_finds_its_calls_promises_and_cases_the_company_first(log: Gripe) -> None:
    hits = found(log, "comcast")
    assert hits[0] == ("company", 1)
    assert set(hits[1:]) == {("case", 1), ("call", 1), ("call", 2), ("promise", 1)}
    log.ok("log", "AT&T", "Waited on hold for an hour", "--rep", "Jo")  # a new case, #3
    first, *rest = found(log, "AT&T")
    assert first == ("company", 3)
    assert set(rest) == {("call", 3), ("case", 3)}
    assert set(found(log, "at&t", "hold")) == {("call", 3), ("case", 3)}


def test_a_company_name_and_a_word_find_that_company_s_rows(log: Gripe) -> None:
    # Café Rouge's case wants a refund too; only Comcast's promise is both.
    assert found(log, "comcast", "refund") == [("promise", 1)]
    assert found(log, "rouge", "refund") == [("case", 2)]


def test_a_row_s_own_words_rank_above_its_company_s_name(gripe: Gripe) -> None:
    gripe.ok("log", "Comcast", "Line down")
    gripe.ok("log", "Comcast", "Engineer never came")
    gripe.ok("log", "Northstar", "Asked whether they could beat the Comcast offer")
    hits = found(gripe, "comcast")
    assert hits[0] == ("company", 1)
    assert hits[1] == ("call", 3)  # says "Comcast" itself, though it is Northstar's


def test_the_company_s_name_follows_renames_moves_and_merges(log: Gripe) -> None:
    log.ok("company", "edit", "Comcast", "--name", "Xfinity")
    assert ("call", 1) in found(log, "xfinity")
    assert found(log, "comcast") == []
    log.ok("case", "edit", "1", "--company", "AT&T")
    assert {("call", 1), ("call", 2), ("promise", 1), ("case", 1)} <= set(found(log, "AT&T"))
    assert found(log, "xfinity") == [("company", 1)]
    log.ok("company", "merge", "AT&T", "Café Rouge")
    assert ("promise", 1) in found(log, "rouge")
    assert found(log, "AT&T") == []
    log.ok("undo")
    assert ("promise", 1) in found(log, "AT&T")
    assert ("promise", 1) not in found(log, "rouge")


def test_the_company_s_rows_are_found_on_a_page_of_any_size(gripe: Gripe) -> None:
    for number in range(30):
        gripe.ok("log", "Comcast", f"Chased them, attempt {number}")
    first = gripe.json("search", "comcast", "--limit", "3")
    assert (first[0]["kind"], first[0]["id"]) == ("company", 1)
    assert len(first) == 3


# ---- kept in step with the log ------------------------------------------------------------------


def test_edits_and_deletes_are_reflected(log: Gripe) -> None:
    sql(log, "UPDATE calls SET summary = 'Broadband blackout again' WHERE id = 1")
    assert found(log, "outage") == []
    assert found(log, "blackout") == [("call", 1)]
    assert found(log, "CMC-88123") == [("call", 1)]  # the rest of the row is still found

    sql(log, "UPDATE reps SET name = 'Dana Okafor' WHERE name = 'Dana Whitfield'")
    assert found(log, "whitfield") == []
    assert found(log, "okafor") == [("call", 1)]

    log.ok("promise", "kept", "1", "--note", "Credit appeared on the statement")
    assert found(log, "statement") == [("promise", 1)]
    log.ok("case", "close", "2", "--outcome", "resolved", "--note", "Manager comped the dessert")
    assert found(log, "dessert") == [("case", 2)]
    log.ok("company", "edit", "AT&T", "--name", "Verizon")
    assert found(log, "verizon") == [("company", 3)]
    assert found(log, "AT&T") == []

    sql(log, "DELETE FROM promises WHERE id = 1")
    assert found(log, "router", "refund") == []
    sql(log, "DELETE FROM calls WHERE id = 1")
    assert found(log, "blackout") == []
    assert found(log, "okafor") == []


def test_the_index_holds_one_row_per_searchable_row(log: Gripe) -> None:
    counts = log.rows(
        "SELECT (SELECT count(*) FROM calls) + (SELECT count(*) FROM promises) "
        "+ (SELECT count(*) FROM cases) + (SELECT count(*) FROM companies), "
        "(SELECT count(*) FROM search)"
    )
    assert counts[0][0] == counts[0][1]


def test_ranking_puts_the_better_match_first(gripe: Gripe) -> None:
    gripe.ok("case", "open", "Acme", "Money owed")
    gripe.ok("log", "Acme", "Long call about many things: the bill, the router, a refund, the app")
    gripe.ok("log", "Acme", "Refund refused. Asked again for the refund", "--case", "1")
    gripe.ok("log", "Acme", "Nothing to see here", "--case", "1")
    assert found(gripe, "refund") == [("call", 2), ("call", 1)]
    assert [hit["id"] for hit in gripe.json("search", "refund", "--limit", "1")] == [2]


def test_limit_and_all(gripe: Gripe) -> None:
    gripe.ok("case", "open", "Acme", "Money owed")
    for number in range(5):
        gripe.ok("log", "Acme", f"Chased the refund, attempt {number}")
    first = gripe.ok("search", "refund", "--limit", "2")
    assert first.stdout.count("call #") == 2
    assert "… and 3 more; --all shows them all" in first.stdout
    assert gripe.ok("search", "refund", "--all").stdout.count("call #") == 5
    assert len(gripe.json("search", "refund", "-n", "3")) == 3
    # Equal matches come newest first.
    assert [hit["id"] for hit in gripe.json("search", "chased", "refund")] == [5, 4, 3, 2, 1]


def test_a_database_made_before_the_index_gets_its_rows_indexed(db_path: Path) -> None:
    db = Database(db_path)
    early = Migrations(MIGRATION_SET)
    for migration in MIGRATIONS[:2]:
        early(name=migration.__name__)(migration)
    early.apply(db)
    stamp = "2026-07-01T09:00:00Z"
    db.execute(
        "INSERT INTO companies (id, uuid, name, name_key, notes, created_at) "
        "VALUES (1, 'co-1', 'Thames Water', 'thameswater', 'Ombudsman member', ?)",
        [stamp],
    )
    db.execute(
        "INSERT INTO cases (id, uuid, company_id, title, opened_at) "
        "VALUES (1, 'case-1', 1, 'Leak never fixed', ?)",
        [stamp],
    )
    db.execute(
        "INSERT INTO reps (id, uuid, company_id, name, name_key, created_at) "
        "VALUES (1, 'rep-1', 1, 'Priya Patel', 'priyapatel', ?)",
        [stamp],
    )
    db.execute(
        "INSERT INTO calls (id, uuid, case_id, rep_id, at, reference, summary, created_at) "
        "VALUES (1, 'call-1', 1, 1, ?, 'TW-4471', 'Plumber booked for the leak', ?)",
        [stamp, stamp],
    )
    db.execute(
        "INSERT INTO promises (id, uuid, case_id, call_id, rep_id, text, due, due_text, made_at) "
        "VALUES (1, 'promise-1', 1, 1, 1, 'Send a plumber', ?, 'friday', ?)",
        [stamp, stamp],
    )
    db.conn.commit()
    db.close()
    gripe = Gripe(db_path)

    assert found(gripe, "TW-4471") == [("call", 1)]
    assert set(found(gripe, "priya")) == {("call", 1), ("promise", 1)}
    assert set(found(gripe, "leak")) == {("case", 1), ("call", 1)}
    assert found(gripe, "ombudsman") == [("company", 1)]
    [promise] = gripe.json("search", "plumber", "send")
    assert promise["uuid"] == "promise-1"
    assert promise["at"] == "2026-07-01T10:00:00+01:00"
    # And from then on it is kept in step like any other.
    gripe.ok("log", "Thames Water", "Second plumber visit", "--rep", "Priya Patel")
    assert found(gripe, "second", "priya") == [("call", 2)]
