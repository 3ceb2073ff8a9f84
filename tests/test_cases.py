"""`gripe case open/list/show/close`."""

from __future__ import annotations

import pytest

CASE_KEYS = {"id", "uuid", "company", "title", "status", "level"}


# ---- open ---------------------------------------------------------------------------------------


def test_case_open_stores_title_and_want(gripe):
    result = gripe.ok(
        "case", "open", "Acme", "  Charged   twice ", "--want", "Refund of the duplicate"
    )
    assert "Opened case #1 with Acme: Charged twice" in result.stdout
    assert "New company: Acme" in result.stderr
    assert gripe.rows(
        "SELECT title, desired_outcome, status, level, opened_at, amount_cents FROM cases"
    ) == [
        (
            "Charged twice",
            "Refund of the duplicate",
            "open",
            "frontline",
            "2026-07-28T13:00:00Z",
            None,
        )
    ]


@pytest.mark.parametrize(
    ("amount", "cents", "currency"),
    [
        ("120", 12000, None),
        ("120.50", 12050, None),
        ("£120.50", 12050, "GBP"),
        ("$1,200", 120000, "USD"),
        ("€80", 8000, "EUR"),
        ("0.99", 99, None),
    ],
)
def test_case_open_amount_is_stored_as_cents_and_currency(gripe, amount, cents, currency):
    data = gripe.json("case", "open", "Acme", "Overcharged", f"--amount={amount}")
    assert data["amount_cents"] == cents
    assert data["currency"] == currency
    assert gripe.rows("SELECT amount_cents, currency FROM cases") == [(cents, currency)]


@pytest.mark.parametrize("amount", ["abc", "-5", "12.345", "£", "1.2.3", "5 quid"])
def test_case_open_bad_amount_is_refused_and_nothing_written(gripe, amount):
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    result = gripe("case", "open", "Acme", "Overcharged", f"--amount={amount}")
    assert result.exit_code == 2
    assert "amount" in result.stderr
    assert "120.50" in result.stderr  # says what to type instead
    assert gripe.dump() == before


def test_case_open_empty_title_is_refused(gripe):
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    result = gripe("case", "open", "Acme", "   ")
    assert result.exit_code == 2
    assert "title" in result.stderr
    assert gripe.dump() == before


def test_case_open_json_has_the_case_keys(gripe):
    data = gripe.json("case", "open", "Acme", "Overcharged", "--want", "Refund")
    assert set(data) >= CASE_KEYS
    assert data["id"] == 1
    assert data["company"] == "Acme"
    assert data["title"] == "Overcharged"
    assert data["status"] == "open"
    assert data["level"] == "frontline"
    assert data["desired_outcome"] == "Refund"
    assert data["opened_at"] == "2026-07-28T14:00:00+01:00"


# ---- list ---------------------------------------------------------------------------------------


@pytest.fixture
def three(gripe):
    """#1 Acme open, #2 Globex resolved, #3 Initech abandoned."""
    gripe.ok("case", "open", "Acme", "Router dead")
    gripe.ok("case", "open", "Globex", "Parcel lost")
    gripe.ok("case", "open", "Initech", "Stapler missing")
    gripe.ok("case", "close", "2", "--outcome", "resolved")
    gripe.ok("case", "close", "3", "--outcome", "abandoned")
    return gripe


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        ((), [1]),
        (("--status", "open"), [1]),
        (("--status", "resolved"), [2]),
        (("--status", "abandoned"), [3]),
        (("--status", "closed"), [2, 3]),
        (("--status", "any"), [1, 2, 3]),
        (("--status", "ANY"), [1, 2, 3]),
    ],
)
def test_case_list_status_filter(three, options, ids):
    data = three.json("case", "list", *options)
    assert sorted(case["id"] for case in data) == ids
    for case in data:
        assert set(case) >= CASE_KEYS


def test_case_list_json_values(three):
    data = three.json("case", "list", "--status", "any")
    by_id = {case["id"]: case for case in data}
    assert (by_id[1]["company"], by_id[1]["title"], by_id[1]["status"]) == (
        "Acme",
        "Router dead",
        "open",
    )
    assert by_id[2]["status"] == "resolved"
    assert by_id[3]["status"] == "abandoned"
    assert {case["level"] for case in data} == {"frontline"}


def test_case_list_table_shows_the_open_cases(three):
    out = three.ok("case", "list").stdout
    assert "Router dead" in out
    assert "Acme" in out
    assert "Parcel lost" not in out
    assert "Stapler missing" not in out


def test_case_list_any_table_shows_status(three):
    out = three.ok("case", "list", "--status", "any").stdout
    assert "Status" in out
    assert "resolved" in out
    assert "abandoned" in out


def test_case_list_bad_status_is_refused(three):
    result = three("case", "list", "--status", "pending")
    assert result.exit_code == 2
    assert "'pending'" in result.stderr
    assert "resolved" in result.stderr


def test_case_list_with_nothing_says_so(gripe):
    result = gripe.ok("case", "list")
    assert result.stdout == ""
    assert "No open cases" in result.stderr
    assert gripe.json("case", "list") == []


# ---- show ---------------------------------------------------------------------------------------


@pytest.fixture
def story(gripe):
    gripe.ok(
        "log",
        "Acme",
        "Router dead, engineer booked",
        "--at",
        "3 days ago",
        "--rep",
        "Dana",
        "--rep-id",
        "4471",
        "--role",
        "agent",
        "--ref",
        "ACM-1",
        "--hold",
        "25m",
        "--duration",
        "40m",
    )
    gripe.ok(
        "log",
        "Acme",
        "Engineer never came",
        "--at",
        "2 hours ago",
        "--channel",
        "chat",
        "--rep",
        "Marcus",
        "--ref",
        "ACM-2",
        "--hold",
        "1h10m",
    )
    return gripe


def test_case_show_timeline_text(story):
    out = story.ok("case", "show", "1").stdout
    assert "Case #1 Acme: Router dead, engineer booked" in out
    assert "[open · frontline]" in out
    first, second = out.index("Sat 25 Jul 2026 14:00"), out.index("Tue 28 Jul 2026 12:00")
    assert first < second  # in time order
    assert "Sat 25 Jul 2026 14:00 · phone · Dana (ID 4471, agent) · ref ACM-1 · hold 25m" in out
    assert "took 40m" in out
    assert "Tue 28 Jul 2026 12:00 · chat · Marcus · ref ACM-2 · hold 1h 10m" in out
    assert "Router dead, engineer booked" in out
    assert "Engineer never came" in out
    assert "2 calls" in out
    assert "1h 35m on hold" in out
    assert "3 days open" in out
    assert "Opened Sat 25 Jul 2026" in out


@pytest.mark.parametrize("typed", ["1", "#1", " 1 "])
def test_case_show_accepts_hash_ids(story, typed):
    assert story.json("case", "show", typed)["case"]["id"] == 1


def test_case_show_single_call_and_want(gripe):
    gripe.ok("case", "open", "Acme", "Overcharged", "--want", "Refund", "--amount", "£120.50")
    gripe.ok("log", "Acme", "Asked for the refund", "--at", "yesterday 3pm", "--inbound")
    out = gripe.ok("case", "show", "1").stdout
    assert "Wants: Refund (£120.50)" in out
    assert "1 call ·" in out
    assert "Mon 27 Jul 2026 15:00 · phone from them" in out
    assert "0 days open" in out


def test_case_show_closed_case(story):
    story.ok("case", "close", "1", "--outcome", "resolved", "--note", "Engineer fixed it")
    out = story.ok("case", "show", "1").stdout
    assert "[resolved · frontline]" in out
    assert "Closed Tue 28 Jul 2026 as resolved: Engineer fixed it" in out


def test_case_show_json(story):
    data = story.json("case", "show", "1")
    assert set(data) == {"case", "company", "calls", "promises", "letters", "claims"}
    assert set(data["case"]) >= CASE_KEYS
    assert data["case"]["title"] == "Router dead, engineer booked"
    assert data["case"]["days_open"] == 3
    assert data["company"]["name"] == "Acme"
    assert data["company"]["id"] == 1
    assert data["promises"] == []
    assert data["letters"] == []
    assert [call["at"] for call in data["calls"]] == [
        "2026-07-25T14:00:00+01:00",
        "2026-07-28T12:00:00+01:00",
    ]
    assert [call["reference"] for call in data["calls"]] == ["ACM-1", "ACM-2"]
    assert [call["hold_minutes"] for call in data["calls"]] == [25, 70]
    assert [call["rep"]["name"] for call in data["calls"]] == ["Dana", "Marcus"]
    assert [call["channel"] for call in data["calls"]] == ["phone", "chat"]


@pytest.mark.parametrize(("typed", "code"), [("abc", 2), ("99", 1), ("#99", 1), ("1.5", 2)])
def test_case_show_bad_or_unknown_id(story, typed, code):
    result = story("case", "show", typed)
    assert result.exit_code == code
    assert result.stderr.startswith("Error:")
    assert "gripe case list" in result.stderr
    assert result.stdout == ""


# ---- close --------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["resolved", "abandoned", "Abandoned"])
def test_case_close_sets_status_closed_at_and_note(gripe, outcome):
    gripe.ok("case", "open", "Acme", "Router dead")
    result = gripe.ok("case", "close", "1", "--outcome", outcome, "--note", "It ended")
    assert f"as {outcome.lower()}" in result.stdout
    assert gripe.rows("SELECT status, closed_at, resolution_note FROM cases") == [
        (outcome.lower(), "2026-07-28T13:00:00Z", "It ended")
    ]


def test_case_close_defaults_to_resolved(gripe):
    gripe.ok("case", "open", "Acme", "Router dead")
    data = gripe.json("case", "close", "#1")
    assert data["status"] == "resolved"
    assert data["closed_at"] == "2026-07-28T14:00:00+01:00"


def test_closing_twice_is_refused(gripe):
    gripe.ok("case", "open", "Acme", "Router dead")
    gripe.ok("case", "close", "1", "--outcome", "abandoned")
    before = gripe.dump()
    result = gripe("case", "close", "1", "--outcome", "resolved")
    assert result.exit_code == 1
    assert "already abandoned" in result.stderr
    assert gripe.dump() == before


@pytest.mark.parametrize("outcome", ["open", "junk", "kept", ""])
def test_case_close_bad_outcome_is_refused(gripe, outcome):
    gripe.ok("case", "open", "Acme", "Router dead")
    before = gripe.dump()
    result = gripe("case", "close", "1", "--outcome", outcome)
    assert result.exit_code == 2
    assert "resolved" in result.stderr
    assert gripe.dump() == before


def test_case_close_unknown_case(gripe):
    gripe.ok("case", "open", "Acme", "Router dead")
    result = gripe("case", "close", "7")
    assert result.exit_code == 1
    assert "#7" in result.stderr
