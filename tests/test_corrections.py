"""Correcting the record: call edit/move/delete, case edit/reopen, promise edit/reschedule.

Each correction echoes before → after, takes --json, refuses bad input with exit 2 and nothing
written, and leaves search, case show, letters, export and totals in step.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Gripe


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def logged(gripe: Gripe) -> Gripe:
    """Case #1 with Northstar: call #1 (Dana, 2h hold, promise #1 "Engineer visit" by friday
    5pm) and call #2 (Marcus, ref NS-2); case #2 with North Water: call #3."""
    gripe.ok(
        "log", "Northstar Broadband", "Outage since Sunday", "--rep", "Dana", "--rep-id", "4471",
        "--hold", "2h", "--ref", "NS-1", "--at", "yesterday 9am",
        "--promise", "Engineer visit", "--by", "friday 5pm",
    )  # fmt: skip
    gripe.ok("log", "northstar broadband", "Still down", "--rep", "Marcus", "--ref", "NS-2")
    gripe.ok("log", "North Water", "Leak in the street", "--rep", "Ann")
    return gripe


# ---- call edit ---------------------------------------------------------------------------------


def test_a_mistyped_hold_is_corrected_and_echoed(logged: Gripe) -> None:
    result = logged.ok("call", "edit", "1", "--hold", "20m")
    assert flat(result.stdout) == "Call #1: hold 2h 00m → 20m"
    assert logged.rows("SELECT hold_minutes FROM calls WHERE id = 1") == [(20,)]
    shown = logged.json("case", "show", "1")
    assert shown["case"]["hold_minutes"] == 20


def test_call_edit_json_has_before_after_and_the_changes(logged: Gripe) -> None:
    data = logged.json("call", "edit", "2", "--ref", "", "--summary", "Still down, no ETA")
    assert data["before"]["reference"] == "NS-2"
    assert data["after"]["reference"] is None
    assert data["after"]["summary"] == "Still down, no ETA"
    assert {change["field"] for change in data["changes"]} == {"ref", "summary"}
    assert data["after"]["id"] == 2
    assert data["after"]["uuid"] == data["before"]["uuid"]


def test_every_log_option_can_be_given_again(logged: Gripe) -> None:
    logged.ok(
        "call", "edit", "2", "--rep", "Priya", "--rep-id", "55", "--role", "supervisor",
        "--channel", "chat", "--inbound", "--duration", "15m", "--at", "today 10am",
    )  # fmt: skip
    call = logged.json("case", "show", "1")["calls"][1]
    assert call["rep"]["name"] == "Priya"
    assert call["rep"]["employee_id"] == "55"
    assert call["rep"]["role"] == "supervisor"
    assert (call["channel"], call["direction"], call["duration_minutes"]) == (
        "chat",
        "inbound",
        15,
    )
    assert call["at"].startswith("2026-07-28T10:00")


def test_call_edit_with_the_case_it_is_on_only_edits(logged: Gripe) -> None:
    result = logged.ok("call", "edit", "1", "--case", "1", "--hold", "5m")
    assert flat(result.stdout) == "Call #1: hold 2h 00m → 5m"


def test_rep_empty_takes_the_rep_away(logged: Gripe) -> None:
    result = logged.ok("call", "edit", "2", "--rep", "")
    assert "rep Marcus → none" in flat(result.stdout)
    assert logged.rows("SELECT rep_id FROM calls WHERE id = 2") == [(None,)]


def test_a_new_time_reads_nothing_else_again_and_says_so(logged: Gripe) -> None:
    due_before = logged.rows("SELECT due FROM promises WHERE id = 1")
    result = logged.ok("call", "edit", "1", "--at", "2026-07-20 09:00")  # the Monday before
    assert logged.rows("SELECT due FROM promises WHERE id = 1") == due_before
    note = flat(result.stderr)
    assert 'Promise #1 "Engineer visit" is still due Fri 31 Jul 2026 17:00' in note
    assert 'gripe promise edit 1 --by "friday 5pm"' in note
    # Read again on request, from the call's new time: the Friday of that week.
    logged.ok("promise", "edit", "1", "--by", "friday 5pm")
    assert logged.json("promise", "list")[0]["due"].startswith("2026-07-24T17:00")


def test_a_new_time_that_reads_the_same_says_nothing(logged: Gripe) -> None:
    result = logged.ok("call", "edit", "1", "--at", "yesterday 10am")
    assert "Promise #1" not in result.stderr


def test_a_promise_added_by_call_edit_is_read_from_the_calls_time(logged: Gripe) -> None:
    logged.ok("call", "edit", "1", "--promise", "Call back", "--by", "tomorrow")
    [added] = [p for p in logged.json("promise", "list") if p["text"] == "Call back"]
    assert added["call_id"] == 1
    assert added["due"].startswith("2026-07-28T23:59")  # the day after Monday's call
    assert added["rep"]["name"] == "Dana"


@pytest.mark.parametrize(
    "args",
    [
        ("--hold", "soon"),
        ("--at", "tomorrow 9am"),
        ("--channel", "fax"),
        ("--summary", "  "),
        ("--role", "boss"),
        ("--by", "friday"),
        ("--promise", "Refund", "--by", "whenever"),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_nothing_written(logged: Gripe, args) -> None:
    before = logged.dump()
    result = logged("call", "edit", "1", *args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: ")
    assert logged.dump() == before


def test_editing_a_call_that_does_not_exist(logged: Gripe) -> None:
    result = logged("call", "edit", "99", "--hold", "5m")
    assert result.exit_code == 1
    assert "no call #99" in result.stderr


# ---- call move ---------------------------------------------------------------------------------


def test_a_call_moves_with_its_promises(logged: Gripe) -> None:
    logged.ok("case", "open", "Northstar Broadband", "Billing error")  # case #3
    result = logged.ok("call", "move", "1", "--case", "3")
    assert "case #1 → #3" in flat(result.stdout)
    assert logged.rows("SELECT case_id FROM calls WHERE id = 1") == [(3,)]
    assert logged.rows("SELECT case_id FROM promises WHERE id = 1") == [(3,)]
    assert [call["id"] for call in logged.json("case", "show", "1")["calls"]] == [2]


def test_a_call_moved_to_another_companys_case_takes_a_rep_of_that_company(
    logged: Gripe,
) -> None:
    logged.ok("call", "edit", "2", "--case", "2")
    rep = logged.rows(
        "SELECT reps.name, companies.name FROM calls JOIN reps ON reps.id = calls.rep_id "
        "JOIN companies ON companies.id = reps.company_id WHERE calls.id = 2"
    )
    assert rep == [("Marcus", "North Water")]
    # Marcus had nothing else at Northstar: he is not left behind as an empty rep.
    assert logged.rows("SELECT count(*) FROM reps WHERE name = 'Marcus'") == [(1,)]


# ---- call delete ------------------------------------------------------------------------------


def test_deleting_a_call_with_promises_needs_cascade_and_names_them(logged: Gripe) -> None:
    before = logged.dump()
    result = logged("call", "delete", "1")
    assert result.exit_code == 1
    assert '1 promise made on it (#1 "Engineer visit")' in result.stderr
    assert "gripe call delete 1 --cascade" in result.stderr
    assert logged.dump() == before


def everywhere(gripe: Gripe, tmp_path: Path, word: str) -> dict[str, bool]:
    """Whether call #1 (its reference ``word``) shows in search, case show, the letter, export
    and the totals."""
    exported = tmp_path / "export.json"
    gripe.ok("export", "-o", str(exported), "--force")
    data = json.loads(exported.read_text())
    shown = gripe.json("case", "show", "1")
    return {
        "search": any(hit["kind"] == "call" for hit in gripe.json("search", word)),
        "case show": any(call["id"] == 1 for call in shown["calls"]),
        "letter": word in gripe.ok("letter", "1").stdout,
        "export": any(call["reference"] == word for call in data["tables"]["calls"]),
        "totals": shown["case"]["hold_minutes"] == 120 and shown["case"]["calls"] == 2,
        "company show": gripe.json("company", "show", "Northstar Broadband")["calls"] == 2,
    }


def test_a_deleted_call_disappears_everywhere_and_undo_brings_it_back(
    logged: Gripe, tmp_path: Path
) -> None:
    assert all(everywhere(logged, tmp_path, "NS-1").values())
    result = logged.ok("call", "delete", "1", "--cascade")
    assert "Deleted call #1" in flat(result.stdout)
    assert "and 1 promise #1" in flat(result.stdout)
    assert not any(everywhere(logged, tmp_path, "NS-1").values())
    assert logged.json("search", "engineer") == []

    logged.ok("undo")
    assert all(everywhere(logged, tmp_path, "NS-1").values())
    assert [hit["id"] for hit in logged.json("search", "engineer")] == [1]


# ---- case edit and reopen ----------------------------------------------------------------------


def test_case_edit_corrects_every_detail_and_echoes_them(logged: Gripe) -> None:
    result = logged.ok(
        "case", "edit", "1", "--title", "Outage for a week", "--want", "Refund",
        "--amount", "£45.50", "--statement-date", "2026-06-03",
    )  # fmt: skip
    text = flat(result.stdout)
    assert 'title "Outage since Sunday" → "Outage for a week"' in text
    assert 'want none → "Refund"' in text
    assert "amount none → £45.50" in text
    assert "statement date none → 2026-06-03" in text
    case = logged.json("case", "show", "1")["case"]
    assert (case["title"], case["desired_outcome"], case["amount_cents"], case["currency"]) == (
        "Outage for a week",
        "Refund",
        4550,
        "GBP",
    )
    assert case["statement_date"] == "2026-06-03"
    assert logged.json("search", "week")[0]["kind"] == "case"
    logged.ok("case", "edit", "1", "--amount", "", "--want", "")
    case = logged.json("case", "show", "1")["case"]
    assert (case["amount_cents"], case["desired_outcome"]) == (None, None)


def test_case_edit_company_moves_the_case_with_its_reps(logged: Gripe) -> None:
    before = logged.json("case", "show", "1")
    result = logged.ok("case", "edit", "1", "--company", "north wat")
    assert "Company: North Water (#2)" in result.stderr
    assert "company Northstar Broadband (#1) → North Water (#2)" in flat(result.stdout)
    after = logged.json("case", "show", "1")
    assert after["company"]["name"] == "North Water"
    assert [c["id"] for c in after["calls"]] == [c["id"] for c in before["calls"]]
    assert {c["rep"]["name"] for c in after["calls"]} == {"Dana", "Marcus"}
    rep_companies = logged.rows(
        "SELECT DISTINCT reps.company_id FROM calls JOIN reps ON reps.id = calls.rep_id "
        "WHERE calls.case_id = 1"
    )
    assert rep_companies == [(2,)]
    assert logged.rows("SELECT count(*) FROM reps WHERE company_id = 1") == [(0,)]


@pytest.mark.parametrize(
    "args",
    [("--amount", "lots"), ("--title", " "), ("--statement-date", "someday")],
)
def test_case_edit_refuses_bad_input(logged: Gripe, args) -> None:
    before = logged.dump()
    result = logged("case", "edit", "1", *args)
    assert result.exit_code == 2, result.stderr
    assert logged.dump() == before


def test_case_reopen(logged: Gripe) -> None:
    logged.ok("case", "close", "1", "--note", "Fixed")
    result = logged.ok("case", "reopen", "1")
    assert "status resolved → open" in flat(result.stdout)
    assert 'note "Fixed" → none' in flat(result.stdout)
    case = logged.json("case", "show", "1")["case"]
    assert (case["status"], case["closed_at"]) == ("open", None)
    again = logged("case", "reopen", "1")
    assert again.exit_code == 1
    assert "already open" in again.stderr


# ---- promise edit and reschedule --------------------------------------------------------------


def test_promise_edit_text_rep_and_deadline(logged: Gripe) -> None:
    result = logged.ok(
        "promise", "edit", "1", "--text", "Engineer visit, 8-12", "--by", "saturday noon",
        "--rep", "Marcus",
    )  # fmt: skip
    text = flat(result.stdout)
    assert 'text "Engineer visit" → "Engineer visit, 8-12"' in text
    assert "rep Dana (ID 4471) → Marcus" in text
    assert 'Sat 01 Aug 2026 12:00 ("saturday noon")' in text
    promise = logged.json("promise", "list")[0]
    assert (promise["text"], promise["rep"]["name"], promise["due_text"]) == (
        "Engineer visit, 8-12",
        "Marcus",
        "saturday noon",
    )
    assert logged.json("search", "8-12")[0]["kind"] == "promise"


def test_promise_edit_refuses_an_empty_by(logged: Gripe) -> None:
    before = logged.dump()
    result = logged("promise", "edit", "1", "--by", "")
    assert result.exit_code == 2
    assert logged.dump() == before


@pytest.fixture
def moved(logged: Gripe) -> Gripe:
    """Promise #1 (by Fri 31 Jul 17:00) moved on call #2 (today 14:00) to Tue 4 Aug."""
    logged.ok("promise", "reschedule", "1", "--by", "next tuesday", "--call", "2")
    return logged


def test_reschedule_breaks_the_old_promise_and_links_a_new_one(moved: Gripe) -> None:
    old, new = moved.json("promise", "list", "--status", "any")[:2]
    old, new = sorted((old, new), key=lambda promise: promise["id"])
    assert (old["status"], old["note"]) == ("broken", "rescheduled")
    assert (new["status"], new["rescheduled_from"], new["call_id"]) == ("pending", 1, 2)
    assert new["rep"]["name"] == "Marcus"  # the rep of the call on which they moved it
    assert new["due"].startswith("2026-08-04T23:59")


def test_reschedule_is_told_in_case_show_and_letters(moved: Gripe) -> None:
    shown = flat(moved.ok("case", "show", "1").stdout)
    assert "moved to Tue 04 Aug 2026 23:59 (promise #2)" in shown
    assert "promised by Fri 31 Jul 2026 17:00, then moved to Tue 04 Aug 2026 23:59" in shown
    letter = flat(moved.ok("letter", "1", "--template", "follow-up").stdout)
    assert (
        'Dana (ID 4471) promised "Engineer visit" by 5:00 pm on 31 July 2026, '
        "then moved it to 4 August 2026." in letter
    )
    assert letter.count("Engineer visit") == 1


def test_a_moved_promise_is_not_chased_as_broken(moved: Gripe) -> None:
    assert moved.json("overdue") == []
    again = moved("promise", "reschedule", "1", "--by", "friday")
    assert again.exit_code == 1
    assert "already moved, to promise #2" in again.stderr


def test_reschedule_without_a_call_reads_from_now(logged: Gripe) -> None:
    data = logged.json("promise", "reschedule", "1", "--by", "tomorrow")
    assert data["promise"]["due"].startswith("2026-07-29T23:59")
    assert data["promise"]["call_id"] is None
    assert data["rescheduled"]["status"] == "broken"


def test_reschedule_on_a_call_of_another_case_is_refused(logged: Gripe) -> None:
    before = logged.dump()
    result = logged("promise", "reschedule", "1", "--by", "friday", "--call", "3")
    assert result.exit_code == 2
    assert logged.dump() == before


# ---- a closed case keeps its promises watched -------------------------------------------------


def test_closing_names_the_promises_that_stay_watched(logged: Gripe) -> None:
    logged.ok("log", "northstar broadband", "Agreed", "--promise", "Bill reduced by £10")
    result = logged.ok("case", "close", "1", "--outcome", "resolved", "--note", "Sorted")
    text = flat(result.stdout)
    assert "These 2 promises stay watched" in text
    assert '#1 "Engineer visit" due Fri 31 Jul 2026 17:00 ("friday 5pm")' in text
    assert '#2 "Bill reduced by £10" no date given' in text
    assert "gripe case reopen 1" in text
    assert "gripe promise cancel ID" in text


@pytest.mark.parametrize("outcome", ["resolved", "abandoned"])
def test_a_closed_cases_promise_shows_once_broken_marked_case_closed(
    logged: Gripe, monkeypatch: pytest.MonkeyPatch, outcome: str
) -> None:
    logged.ok("case", "close", "1", "--outcome", outcome)
    assert logged.json("overdue") == []
    monkeypatch.setenv("GRIPE_NOW", "2026-08-01T09:00:00+01:00")
    [entry] = logged.json("overdue")
    assert (entry["id"], entry["case_closed"]) == (1, True)
    dashboard = flat(logged.ok().stdout)
    assert "Engineer visit" in dashboard
    assert "case closed (gripe case reopen 1)" in dashboard
    logged.ok("promise", "cancel", "1")
    assert logged.json("overdue") == []
