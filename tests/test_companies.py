"""Companies: matching any spelling, add/show/edit/list."""

from __future__ import annotations

import re

import pytest

SPELLINGS = ["AT&T", "at&t ", "ATT", "A.T.&T.", " a t & t", "1", "#1"]
EMPTY_NAMES = ["", "   ", "&&"]


@pytest.fixture
def att(gripe):
    gripe.ok("company", "add", "AT&T")
    return gripe


# ---- one company, many spellings ---------------------------------------------------------------


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_log_finds_the_company_by_any_spelling_or_id(att, spelling):
    result = att.ok("log", spelling, "Line dead")
    assert "New company" not in result.stderr
    assert att.rows("SELECT id, name FROM companies") == [(1, "AT&T")]
    assert att.rows("SELECT company_id FROM cases") == [(1,)]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_company_show_finds_the_company_by_any_spelling_or_id(att, spelling):
    data = att.json("company", "show", spelling)
    assert data["id"] == 1
    assert data["name"] == "AT&T"


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_case_open_finds_the_company_by_any_spelling_or_id(att, spelling):
    result = att.ok("case", "open", spelling, "Billing error")
    assert "New company" not in result.stderr
    assert att.rows("SELECT count(*) FROM companies") == [(1,)]
    assert att.rows("SELECT company_id, title FROM cases") == [(1, "Billing error")]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_case_list_company_filter_finds_any_spelling_or_id(att, spelling):
    att.ok("case", "open", "AT&T", "Billing error")
    att.ok("case", "open", "Globex", "Late parcel")
    data = att.json("case", "list", "--company", spelling)
    assert [(case["company"], case["title"]) for case in data] == [("AT&T", "Billing error")]


def test_spellings_logged_in_a_row_make_one_company_and_one_case(gripe):
    for spelling in ["AT&T", "at&t ", "ATT", "A.T.&T."]:
        gripe.ok("log", spelling, f"call as {spelling}")
    assert gripe.rows("SELECT name FROM companies") == [("AT&T",)]
    assert gripe.rows("SELECT count(*) FROM cases") == [(1,)]
    assert gripe.rows("SELECT count(*) FROM calls") == [(4,)]


def test_a_number_that_is_no_company_id_is_not_found_for_show(att):
    result = att("company", "show", "99")
    assert result.exit_code == 1
    assert "99" in result.stderr


def test_unknown_company_in_case_list_filter_is_not_found(att):
    result = att("case", "list", "--company", "Globex")
    assert result.exit_code == 1
    assert "Globex" in result.stderr


# ---- empty names --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EMPTY_NAMES)
@pytest.mark.parametrize(
    "command",
    [
        ("log", "{name}", "what happened"),
        ("case", "open", "{name}", "A title"),
        ("company", "add", "{name}"),
        ("company", "show", "{name}"),
    ],
)
def test_empty_company_names_are_refused_and_nothing_written(att, name, command):
    before = att.dump()
    result = att(*(part.format(name=name) for part in command))
    assert result.exit_code == 2
    assert "empty" in result.stderr
    assert att.dump() == before


@pytest.mark.parametrize("name", EMPTY_NAMES)
def test_renaming_to_an_empty_name_is_refused(att, name):
    before = att.dump()
    result = att("company", "edit", "1", "--name", name)
    assert result.exit_code == 2
    assert att.dump() == before


# ---- add / show -------------------------------------------------------------------------------

DETAILS = {
    "--account": ("account_number", "SKY-0042-7719-3381"),
    "--phone": ("phone", "0800 123 4567"),
    "--email": ("email", "complaints@skyline.example"),
    "--address": ("postal_address", "1 Exchange Square\\nLeeds LS1 4AB"),
    "--website": ("website", "https://skyline.example"),
    "--since": ("customer_since", "2019-03"),
    "--notes": ("notes", "Ask for the retentions team"),
}


def test_company_add_keeps_every_detail_and_show_returns_them(gripe):
    options = [part for option, (_, value) in DETAILS.items() for part in (option, value)]
    result = gripe.ok("company", "add", "Skyline Fibre", *options)
    assert "Added company #1: Skyline Fibre" in result.stdout
    data = gripe.json("company", "show", "skyline fibre")
    assert data["name"] == "Skyline Fibre"
    assert data["id"] == 1
    assert len(data["uuid"]) == 36
    for key, value in DETAILS.values():
        expected = value.replace("\\n", "\n")
        assert data[key] == expected, key
    assert data["open_cases"] == 0
    assert data["calls"] == 0
    assert data["last_contact"] is None


def test_company_show_text_lists_details_and_open_cases(gripe):
    gripe.ok("company", "add", "Skyline Fibre", "--phone", "0800 123 4567", "--since", "2019-03")
    gripe.ok("log", "skyline fibre", "Outage", "--at", "yesterday 3pm")
    out = gripe.ok("company", "show", "1").stdout
    assert "Skyline Fibre" in out
    assert "0800 123 4567" in out
    assert "2019-03" in out
    assert "(1 open)" in out
    assert "last contact 23 hours ago" in out
    assert "Outage" in out


def test_company_show_json_counts_calls_and_last_contact(gripe):
    gripe.ok("log", "Acme", "one", "--at", "yesterday 3pm")
    gripe.ok("log", "Acme", "two", "--at", "2 hours ago")
    data = gripe.json("company", "show", "acme")
    assert data["open_cases"] == 1
    assert data["calls"] == 2
    assert data["last_contact"] == "2026-07-28T12:00:00+01:00"
    assert [case["id"] for case in data["open_case_list"]] == [1]


@pytest.mark.parametrize("spelling", ["AT&T", "at&t", "ATT", "A.T.&T.", "a t & t"])
def test_adding_a_duplicate_spelling_is_a_conflict(att, spelling):
    before = att.dump()
    result = att("company", "add", spelling)
    assert result.exit_code == 1
    assert "AT&T" in result.stderr
    assert "#1" in result.stderr
    assert att.dump() == before


def test_company_add_json(gripe):
    data = gripe.json("company", "add", "Acme", "--account", "12345678")
    assert data["id"] == 1
    assert data["name"] == "Acme"
    assert data["account_number"] == "12345678"


def test_company_name_is_stored_trimmed_and_single_spaced(gripe):
    gripe.ok("company", "add", "  Skyline   Fibre ")
    assert gripe.rows("SELECT name FROM companies") == [("Skyline Fibre",)]


# ---- edit ---------------------------------------------------------------------------------------


def test_company_edit_changes_name_and_details(att):
    result = att.ok("company", "edit", "att", "--name", "AT&T Mobility", "--phone", "611")
    assert "AT&T Mobility" in result.stdout
    data = att.json("company", "show", "AT&T Mobility")
    assert data["id"] == 1
    assert data["phone"] == "611"
    # The old name is no longer the name, only the start of it: found, and said back.
    old_name = att("company", "show", "att")
    assert old_name.exit_code == 0
    assert "Company: AT&T Mobility (#1)" in old_name.stderr
    assert att("company", "show", "Verizon").exit_code == 1


def test_company_edit_empty_value_clears_a_detail(gripe):
    gripe.ok("company", "add", "Acme", "--phone", "611", "--email", "a@example.com")
    gripe.ok("company", "edit", "Acme", "--phone", "")
    data = gripe.json("company", "show", "Acme")
    assert data["phone"] is None
    assert data["email"] == "a@example.com"


def test_company_edit_to_another_spelling_of_its_own_name_is_fine(att):
    att.ok("company", "edit", "1", "--name", "AT & T")
    assert att.rows("SELECT name FROM companies") == [("AT & T",)]


def test_company_edit_clash_with_another_company_is_a_conflict(att):
    att.ok("company", "add", "Globex")
    before = att.dump()
    result = att("company", "edit", "Globex", "--name", "at&t")
    assert result.exit_code == 1
    assert "AT&T" in result.stderr
    assert att.dump() == before


def test_company_edit_unknown_company_is_not_found(att):
    result = att("company", "edit", "Globex", "--phone", "1")
    assert result.exit_code == 1


# ---- list ---------------------------------------------------------------------------------------


def test_company_list_table_and_json(gripe):
    gripe.ok("company", "add", "Globex", "--account", "ACC-99887766")
    gripe.ok("log", "Acme", "one", "--at", "yesterday 3pm")
    gripe.ok("log", "Acme", "two", "--at", "2 hours ago")
    out = gripe.ok("company", "list").stdout
    lines = [line for line in out.splitlines() if re.match(r"\s*\d+\s", line)]
    assert len(lines) == 2
    acme, globex = lines  # by name
    assert "Acme" in acme
    assert "2 hours ago" in acme
    assert "Globex" in globex
    assert "never" in globex
    assert "ending 7766" in globex  # masked as letters and the bundle mask it
    assert "ACC-99887766" not in out
    data = gripe.json("company", "list")
    assert isinstance(data, list)
    assert [company["name"] for company in data] == ["Acme", "Globex"]
    for company in data:
        assert {"id", "uuid", "name", "open_cases", "calls", "last_contact"} <= set(company)
    assert data[0]["open_cases"] == 1
    assert data[0]["calls"] == 2
    assert data[0]["last_contact"] == "2026-07-28T12:00:00+01:00"
    assert data[1]["calls"] == 0
    assert data[1]["last_contact"] is None


def test_company_list_empty_says_how_to_start(gripe):
    result = gripe.ok("company", "list")
    assert result.stdout == ""
    assert "gripe log" in result.stderr
    assert gripe.json("company", "list") == []


@pytest.fixture
def sixty(gripe):
    from datetime import datetime, timezone

    from gripe.store import companies, connect, writing

    added = datetime(2026, 7, 28, 13, tzinfo=timezone.utc)
    conn = connect(gripe.db)
    try:
        with writing(conn):
            for number in range(1, 61):
                companies.add(conn, f"Company {number:02d}", added)
    finally:
        conn.close()
    return gripe


def company_rows(out):
    return re.findall(r"Company (\d\d)", out)


def test_company_list_is_capped_by_default(sixty):
    out = sixty.ok("company", "list").stdout
    assert company_rows(out) == [f"{number:02d}" for number in range(1, 21)]
    assert "… and 40 more" in out
    assert "--all" in out


def test_company_list_all_shows_every_company(sixty):
    out = sixty.ok("company", "list", "--all").stdout
    assert len(company_rows(out)) == 60
    assert "more" not in out


def test_company_list_json_is_never_capped(sixty):
    assert len(sixty.json("company", "list")) == 60
