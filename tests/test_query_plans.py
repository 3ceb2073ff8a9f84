"""The query plan of every everyday read is pinned (DESIGN.md, performance budgets).

Each read of the budget table (the dashboard, overdue, due, case show, case list, company list,
rep list, search) reads what it shows through an index or a summary kept by triggers (schema
m014), never a whole table of the log: a plan that scans one makes the read grow with the log.
Each test names the indexes its query must use, and no plan may scan calls, promises, cases,
reps or companies without one. The plans are read from a small log with a bit of everything;
the queries choose their indexes (INDEXED BY) where SQLite's statistics could mislead it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from conftest import Gripe
from gripe.model import CaseStatus
from gripe.store import cases, companies, promises, reps, search

PARAMETERS = {
    "now": "2026-07-28T13:00:00Z",
    "start": "2026-07-28T13:00:00Z",
    "end": "2026-08-04T13:00:00Z",
    "limit": 20,
    "company": 1,
    "query": '"refund"',
    "window": search.WINDOW,
    **{f"status{number}": status.value for number, status in enumerate(CaseStatus)},
}
LOG_TABLES = ("calls", "promises", "cases", "reps", "companies", "case_activity", "rep_records")


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRIPE_NOW", "2026-07-28T14:00:00+01:00")
        patch.setenv("TZ", "Europe/London")
        gripe = Gripe(tmp_path_factory.mktemp("plans") / "gripe.db")
        gripe.ok(
            "log", "ACME", "Refund promised", "--rep", "Dana", "--at", "yesterday 9am",
            "--promise", "Refund", "--by", "8pm tomorrow",
        )  # fmt: skip
        gripe.ok("log", "ACME", "Chased the refund", "--rep", "Sam", "--promise", "Call back")
        gripe.ok("promise", "broken", "1")
        gripe.ok("log", "Globex", "Billing error", "--promise", "Credit", "--by", "friday")
        gripe.ok("case", "close", "2", "--outcome", "resolved")
    connection = sqlite3.connect(gripe.db)
    yield connection
    connection.close()


def plan(conn: sqlite3.Connection, sql: str, parameters: object = PARAMETERS) -> list[str]:
    lines = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, parameters)]
    scans = [
        line
        for line in lines
        if line.startswith(tuple(f"SCAN {table}" for table in LOG_TABLES))
        and " USING " not in line
    ]
    assert not scans, f"a whole table is read: {scans} in {lines}"
    return lines


def uses(lines: list[str], *expected: str) -> None:
    for wanted in expected:
        assert any(line.startswith(wanted) for line in lines), f"{wanted!r} not in {lines}"


def test_overdue_reads_only_the_watched_promises_and_those_past_due(
    conn: sqlite3.Connection,
) -> None:
    """Promises marked broken come from the open cases' watched promises (`open_promises`),
    promises past due on any case from the (status, due) index in deadline order."""
    for sql in (promises.OVERDUE_SQL, promises.OVERDUE_COUNT_SQL):
        lines = plan(conn, sql)
        uses(
            lines,
            "SEARCH watched USING COVERING INDEX open_promises_by_status_due (status=?)",
            "SEARCH promises USING COVERING INDEX promises_by_status_due (status=? AND due<?)",
        )


def test_due_and_undated_read_the_watched_promises_by_deadline(conn: sqlite3.Connection) -> None:
    for sql in (promises.DUE_SQL, promises.DUE_COUNT_SQL):
        uses(
            plan(conn, sql),
            "SEARCH watched USING COVERING INDEX open_promises_by_status_due "
            "(status=? AND due>? AND due<?)",
        )
    for sql in (promises.UNDATED_SQL, promises.UNDATED_COUNT_SQL):
        uses(
            plan(conn, sql),
            "SEARCH watched USING COVERING INDEX open_promises_by_status_due (status=? AND due=?)",
        )


def test_a_page_of_promises_is_joined_to_its_details_alone(conn: sqlite3.Connection) -> None:
    for sql in (promises.OVERDUE_SQL, promises.DUE_SQL, promises.UNDATED_SQL):
        lines = plan(conn, sql)
        uses(lines, "MATERIALIZE page", "SEARCH promises USING INTEGER PRIMARY KEY (rowid=?)")


def test_case_list_and_the_dashboard_page_cases_by_activity(conn: sqlite3.Connection) -> None:
    open_page = plan(conn, cases.summaries_sql([CaseStatus.OPEN], by_company=False))
    uses(open_page, "SEARCH activity USING INDEX case_activity_by_status (status=?)")
    assert "USE TEMP B-TREE FOR ORDER BY" not in open_page[: open_page.index("SCAN page")]
    several = plan(conn, cases.summaries_sql(list(CaseStatus), by_company=False))
    uses(several, "SCAN activity USING INDEX case_activity_by_time")
    assert "USE TEMP B-TREE FOR ORDER BY" not in several[: several.index("SCAN page")]
    one_company = plan(conn, cases.summaries_sql([CaseStatus.OPEN], by_company=True))
    uses(one_company, "SEARCH cases USING COVERING INDEX cases_by_company (company_id=?")
    uses(plan(conn, "SELECT count(*) FROM cases WHERE status IN ('open')"), "SEARCH cases USING")


def test_case_show_reads_the_case_through_its_indexes(conn: sqlite3.Connection) -> None:
    uses(plan(conn, cases.TIMELINE_CALLS_SQL, (1,)), "SEARCH calls USING INDEX calls_by_case")
    uses(
        plan(conn, cases.TIMELINE_PROMISES_SQL, (1,)),
        "SEARCH promises USING INDEX promises_by_case_status_due (case_id=?)",
    )
    uses(
        plan(conn, cases.TIMELINE_LETTERS_SQL, (1,)),
        "SEARCH letters USING INDEX letters_by_case (case_id=?)",
    )


def test_company_list_reads_companies_in_name_order_and_totals_from_their_cases(
    conn: sqlite3.Connection,
) -> None:
    lines = plan(conn, companies.SUMMARIES_SQL)
    uses(
        lines,
        "SCAN companies USING INDEX companies_by_name",
        "SEARCH cases USING COVERING INDEX cases_by_company (company_id=?)",
        "SEARCH activity USING INTEGER PRIMARY KEY (rowid=?)",
    )
    assert not any(" calls " in f" {line} " for line in lines)  # no call is read


def test_rep_list_reads_reps_worst_first_and_counts_a_reps_own_promises(
    conn: sqlite3.Connection,
) -> None:
    worst = plan(conn, reps.WORST_FIRST_SQL)
    uses(
        worst,
        "SCAN record USING INDEX rep_records_by_worst",
        "SEARCH promises USING COVERING INDEX promises_by_rep_status_due "
        "(rep_id=? AND status=? AND due<?)",
    )
    assert "USE TEMP B-TREE FOR ORDER BY" not in worst
    page = plan(conn, reps.REP_SQL + " WHERE reps.id IN (1, 2)")
    uses(page, "SEARCH reps USING INTEGER PRIMARY KEY (rowid=?)")


def test_search_ranks_a_window_of_the_newest_matches(conn: sqlite3.Connection) -> None:
    ranked = plan(conn, search.RANKED_SQL)
    # The ranked rows start at a rowid found by a seek from the end of the word's list.
    uses(ranked, "SCAN search VIRTUAL TABLE INDEX 0:M4>", "SCAN search VIRTUAL TABLE INDEX 192:M4")
    # The page's snippets: one pass over the matches from its lowest rowid, no lookup by rowid.
    page = plan(conn, search.page_sql([9, 17]), {"query": '"refund"', "lowest": 9})
    uses(page, "SCAN search VIRTUAL TABLE INDEX 0:M4>")
    assert not any("INDEX 0:=M" in line for line in page)
    for lines in (ranked, page):
        assert not any(line.startswith(("SCAN calls", "SCAN promises")) for line in lines)


@pytest.mark.parametrize(
    ("case_id", "status", "index"),
    [
        (None, "any", "promises_by_due"),
        (None, "pending", "promises_by_status_due (status=?)"),
        (None, "overdue", "promises_by_status_due (status=? AND due<?)"),
        (1, "any", "promises_by_case_status_due (case_id=?)"),
    ],
)
def test_promise_list_reads_promises_in_deadline_order(
    conn: sqlite3.Connection, case_id: int | None, status: str, index: str
) -> None:
    sql = promises.listing_sql(case_id, status, 20)
    parameters = [value for value in (case_id, status) if value not in (None, "any")]
    if status == "overdue":
        parameters = [PARAMETERS["now"]]
    lines = plan(conn, sql, parameters)
    uses(lines, "MATERIALIZE page")
    assert any(index in line for line in lines), lines
    if case_id is None:  # a few promises of one case are sorted; the log's never are
        assert "USE TEMP B-TREE FOR ORDER BY" not in lines[: lines.index("SCAN page")]
    if case_id is None:  # every promise (--all): straight from the index, nothing held
        lines = plan(conn, promises.listing_sql(case_id, status, None), parameters)
        assert any(index in line for line in lines), lines
        assert not any("MATERIALIZE" in line or "TEMP B-TREE" in line for line in lines), lines
