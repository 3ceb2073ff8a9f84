"""Rights and clocks as a person meets them: a company's sector, `gripe rights`, the next clock
on `case show`, and the dashboard's clocks opening or closing soon.

Where a story needs a sent letter, the test records it with `gripe letter --record` and says
when it went with `gripe letter sent`.
"""

from __future__ import annotations

import os

import pytest

from conftest import NOW, Gripe, run_gripe

CLOCK_KEYS = {"name", "body", "rule", "source"}


@pytest.fixture
def uk(gripe: Gripe) -> Gripe:
    gripe.ok("config", "set", "jurisdiction", "UK")
    return gripe


@pytest.fixture
def us(gripe: Gripe) -> Gripe:
    gripe.ok("config", "set", "jurisdiction", "US")
    return gripe


def flat(text: str) -> str:
    """Output with its line wrapping undone, to find a sentence whatever the width."""
    return " ".join(text.split())


# ---- the sector on a company ----------------------------------------------------------------


def test_company_sector_is_set_shown_and_cleared(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Skyline Fibre", "--sector", "Broadband")
    assert gripe.rows("SELECT sector FROM companies") == [("broadband",)]
    assert gripe.json("company", "show", "1")["sector"] == "broadband"
    assert "Sector" in flat(gripe.ok("company", "show", "1").stdout)
    assert "broadband" in flat(gripe.ok("company", "show", "1").stdout)
    gripe.ok("company", "edit", "1", "--sector", "credit card")
    assert gripe.rows("SELECT sector FROM companies") == [("credit-card",)]
    gripe.ok("company", "edit", "1", "--sector", "")
    assert gripe.rows("SELECT sector FROM companies") == [(None,)]


@pytest.mark.parametrize("command", [("add", "Acme"), ("edit", "1")])
def test_an_unknown_sector_is_refused_with_the_list(
    gripe: Gripe, command: tuple[str, str]
) -> None:
    gripe.ok("company", "add", "Skyline Fibre")
    before = gripe.dump()
    result = gripe("company", *command, "--sector", "telecoms")
    assert result.exit_code == 2
    assert "'telecoms' is not a sector; use one of: broadband, mobile, landline" in result.stderr
    assert "parcel, other" in result.stderr
    assert result.stdout == ""
    assert gripe.dump() == before


def test_case_show_names_the_sector(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Skyline Fibre", "--sector", "broadband")
    gripe.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-07-20 09:00")
    assert "[open · frontline · broadband]" in flat(gripe.ok("case", "show", "1").stdout)
    shown = gripe.json("case", "show", "1")
    assert shown["case"]["sector"] == shown["company"]["sector"] == "broadband"


# ---- gripe rights -----------------------------------------------------------------------------


def test_rights_without_a_jurisdiction_says_how_to_set_it(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Skyline Fibre", "--sector", "broadband")
    gripe.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-07-20 09:00")
    data = gripe.json("rights", "1")
    assert data["jurisdiction"] is None
    assert data["clocks"] == data["waiting"] == data["rights"] == []
    assert "gripe config set jurisdiction UK (or US)" in data["notes"][0]
    assert "gripe config set jurisdiction" in flat(gripe.ok("rights", "1").stdout)
    assert "gripe config set jurisdiction" in flat(gripe.ok("case", "show", "1").stdout)


def test_the_uk_broadband_story(uk: Gripe) -> None:
    uk.ok("company", "add", "Skyline Fibre", "--sector", "broadband")
    uk.ok("log", "Skyline Fibre", "Internet down since Sunday", "--at", "2026-03-02 09:00")
    data = uk.json("rights", "1")
    assert (data["case_id"], data["jurisdiction"], data["sector"]) == (1, "UK", "broadband")
    (adr,) = [clock for clock in data["clocks"] if clock["kind"] == "opens"]
    assert set(adr) >= CLOCK_KEYS
    assert adr["opens_at"] == "2026-04-13"
    assert "Communications Ombudsman or CISAS" in adr["body"]
    assert adr["text"].startswith(
        "You can take this to your provider's ADR scheme (the Communications Ombudsman or "
        "CISAS) from 13 April 2026 — 6 weeks after your first complaint on 2 March; Ofcom "
        "General Condition C4"
    )
    assert adr["source"].startswith("https://")
    assert adr["checked"] == "2026-12-01"
    assert adr["uncertain"]  # the effective day is from press reports: said, not hidden
    assert {clock["needs"] for clock in data["waiting"]} == {"final-response", "sent-final-notice"}
    shown = flat(uk.ok("case", "show", "1").stdout)
    assert "Open to you now: You can take this to your provider's ADR scheme" in shown
    out = flat(uk.ok("rights", "1").stdout)
    assert "from 13 April 2026 — 6 weeks after your first complaint on 2 March" in out
    assert "open now" in out  # it is 28 July 2026
    assert "Uncertain:" in out
    assert "Source:" in out
    assert "gripe rights 1 --final-response DATE" in out


def test_a_recorded_final_response_opens_and_closes_clocks(uk: Gripe) -> None:
    uk.ok("company", "add", "Northbank", "--sector", "bank")
    uk.ok("log", "Northbank", "Fee charged twice", "--at", "2026-07-01 09:00")
    uk.ok("rights", "1", "--final-response", "2026-07-10")
    assert uk.rows("SELECT final_response_date FROM cases") == [("2026-07-10",)]
    data = uk.json("rights", "1")
    dated = {clock["key"]: clock.get("opens_at") or clock["closes_at"] for clock in data["clocks"]}
    assert dated["uk-fos-opens"] == "2026-07-10"  # a final response opens the door at once
    assert dated["uk-fos-closes"] == "2027-01-10"  # six months to refer it
    fos = next(clock for clock in data["clocks"] if clock["key"] == "uk-fos-opens")
    assert fos["text"].startswith(
        "You can take this to the Financial Ombudsman Service from 10 July 2026 — on the day of "
        "the company's final response (or deadlock letter), 10 July; FCA DISP 2.8.1R"
    )
    uk.ok("rights", "1", "--final-response", "")
    assert uk.rows("SELECT final_response_date FROM cases") == [(None,)]


def test_an_earlier_first_complaint_moves_the_clocks(uk: Gripe) -> None:
    uk.ok("company", "add", "Northbank", "--sector", "bank")
    uk.ok("log", "Northbank", "Fee charged twice", "--at", "2026-07-01 09:00")
    uk.ok("rights", "1", "--first-complaint", "2026-06-01")
    assert uk.rows("SELECT first_complaint_at FROM cases") == [("2026-06-01T11:00:00Z",)]
    fos = next(c for c in uk.json("rights", "1")["clocks"] if c["key"] == "uk-fos-opens")
    assert (fos["counted_from_date"], fos["opens_at"]) == ("2026-06-01", "2026-07-27")
    uk.ok("rights", "1", "--first-complaint", "")
    fos = next(c for c in uk.json("rights", "1")["clocks"] if c["key"] == "uk-fos-opens")
    assert (fos["counted_from_date"], fos["opens_at"]) == ("2026-07-01", "2026-08-26")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("someday", "cannot read"),
        ("05/08/2026", "could be"),
        ("2027-01-01", "in the future"),
    ],
)
def test_a_bad_date_is_refused_and_nothing_is_written(uk: Gripe, value: str, words: str) -> None:
    uk.ok("company", "add", "Northbank", "--sector", "bank")
    uk.ok("log", "Northbank", "Fee charged twice", "--at", "2026-07-01 09:00")
    before = uk.dump()
    result = uk("rights", "1", "--final-response", "2026-07-10", "--delivered", value)
    assert result.exit_code == 2
    assert words in result.stderr
    assert result.stdout == ""
    assert uk.dump() == before


def test_rights_for_an_unknown_case(uk: Gripe) -> None:
    result = uk("rights", "9")
    assert result.exit_code == 1
    assert "there is no case #9" in result.stderr
    assert uk("rights", "nine").exit_code == 2


def test_a_company_without_a_sector_gets_a_note_never_a_body(uk: Gripe) -> None:
    uk.ok("log", "Mystery Ltd", "They took my money", "--at", "2026-07-01 09:00")
    data = uk.json("rights", "1")
    assert data["sector"] is None
    assert "gripe company edit 1 --sector SECTOR" in data["notes"][0]
    named = [entry["body"] for entry in data["clocks"] + data["waiting"] + data["rights"]]
    assert named == ["the County Court (small claims track)"]  # the rule for every company
    assert "--sector SECTOR" in flat(uk.ok("case", "show", "1").stdout)


def test_a_sector_with_no_recorded_body_says_so(uk: Gripe) -> None:
    uk.ok("company", "add", "Fly Away", "--sector", "airline")
    uk.ok("log", "Fly Away", "Flight cancelled", "--at", "2026-07-01 09:00")
    data = uk.json("rights", "1")
    assert any("no rule recorded for airline companies in the UK" in n for n in data["notes"])
    assert "Ombudsman" not in str([entry["body"] for entry in data["waiting"] + data["clocks"]])


def test_a_water_complaint_in_writing_starts_the_ten_working_days(uk: Gripe) -> None:
    uk.ok("company", "add", "Thames Flow", "--sector", "water")
    uk.ok("log", "Thames Flow", "Called about the bill", "--at", "2026-07-15 09:00")
    uk.ok(
        "log", "Thames Flow", "Wrote about the bill", "--channel", "email",
        "--at", "2026-07-17 09:00",
    )  # fmt: skip
    data = uk.json("rights", "1")
    reply = next(clock for clock in data["clocks"] if clock["key"] == "uk-water-reply-due")
    assert reply["closes_at"] == "2026-07-31"  # Friday 17 July + 10 working days
    assert reply["business_days"] is True
    assert "holidays" in reply["note"]


# ---- the store-card story (US) ----------------------------------------------------------------


def test_the_store_card_story(us: Gripe, monkeypatch: pytest.MonkeyPatch) -> None:
    us.ok("company", "add", "Acme Store Card", "--sector", "store-card")
    us.ok(
        "log", "Acme Store Card", "Late fees charged after I paid and closed the account",
        "--at", "2026-06-15 10:00",
    )  # fmt: skip
    us.ok("rights", "1", "--statement-date", "2026-06-10")
    assert us.rows("SELECT statement_date FROM cases") == [("2026-06-10",)]
    data = us.json("rights", "1")
    (notice,) = data["clocks"]
    assert notice["key"] == "us-fcba-notice"
    assert notice["closes_at"] == "2026-08-09"
    assert notice["days_left"] == 12
    assert notice["warning"] == "Warning: only 12 days left."  # within 14 days: said
    waiting = {clock["key"] for clock in data["waiting"]}
    assert {"us-fcba-acknowledge", "us-fcba-resolve"} <= waiting
    assert any(entry["body"].startswith("the Consumer Financial") for entry in data["rights"])

    monkeypatch.setenv("GRIPE_NOW", "2026-07-01T15:00:00+01:00")  # written and sent then
    us.ok("letter", "1", "--template", "billing-dispute", "--record")
    us.ok("letter", "sent", "1", "--via", "recorded")
    monkeypatch.setenv("GRIPE_NOW", NOW)
    data = us.json("rights", "1")
    dated = {clock["key"]: clock for clock in data["clocks"]}
    assert dated["us-fcba-acknowledge"]["closes_at"] == "2026-07-31"
    assert dated["us-fcba-resolve"]["closes_at"] == "2026-09-29"
    assert dated["us-fcba-notice"]["met_on"] == "2026-07-01"
    assert dated["us-fcba-notice"]["warning"] is None
    shown = flat(us.ok("case", "show", "1").stdout)
    assert "Next clock: Your card issuer must acknowledge your billing-error notice in" in shown


def test_the_fcba_sixty_days_warn_when_near_and_when_past(us: Gripe) -> None:
    us.ok("company", "add", "Acme Store Card", "--sector", "store-card")
    us.ok("log", "Acme Store Card", "Late fees", "--at", "2026-06-15 10:00")
    us.ok("rights", "1", "--statement-date", "2026-06-01")  # 60 days: 31 July
    out = flat(us.ok("rights", "1").stdout)
    assert "Warning: only 3 days left." in out
    shown = us.json("case", "show", "1")["case"]
    assert [clock["key"] for clock in shown["clock_warnings"]] == ["us-fcba-notice"]
    shown_text = flat(us.ok("case", "show", "1").stdout)
    assert "Warning: only 3 days left. Your written billing-error notice" in shown_text
    assert "Next clock: Your written billing-error notice" not in shown_text  # said once
    us.ok("rights", "1", "--statement-date", "2026-05-01")  # 60 days: 30 June
    out = flat(us.ok("rights", "1").stdout)
    assert "Warning: this date passed 28 days ago." in out
    assert "does not oblige the issuer" in out


# ---- the dashboard ----------------------------------------------------------------------------


def test_the_dashboard_shows_clocks_opening_within_7_days_or_closing_within_14(uk: Gripe) -> None:
    uk.ok("company", "add", "Skyline Fibre", "--sector", "broadband")
    uk.ok("company", "add", "Northbank", "--sector", "bank")
    uk.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-06-19 09:00")  # ADR: 31 July
    uk.ok("log", "Northbank", "Fee charged twice", "--at", "2026-07-20 09:00")  # FOS: 14 Sep
    out = flat(uk.ok().stdout)
    assert "Rights clocks opening or closing soon (1)" in out
    assert "from 31 July 2026 — 6 weeks after your first complaint on 19 June" in out
    assert "Skyline Fibre, case #1 · opens in 3 days · gripe rights 1" in out
    assert "14 September" not in out
    uk.ok("rights", "2", "--final-response", "2026-02-03")  # FOS limit: 3 August, 6 days left
    out = flat(uk.ok().stdout)
    assert "Rights clocks opening or closing soon (2)" in out
    assert "Refer your complaint to the Financial Ombudsman Service by 3 August 2026" in out


def test_the_dashboard_without_a_jurisdiction_shows_no_clocks(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Skyline Fibre", "--sector", "broadband")
    gripe.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-06-19 09:00")
    assert "Rights clocks" not in flat(gripe.ok().stdout)


# ---- loaded only where needed -----------------------------------------------------------------


def _imported(db: str, *args: str) -> str:
    result = run_gripe(
        "--db",
        db,
        *args,
        env={"PYTHONPROFILEIMPORTTIME": "1", "GRIPE_NOW": os.environ["GRIPE_NOW"]},
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_rights_data_is_loaded_only_by_the_commands_that_need_it(uk: Gripe) -> None:
    uk.ok("company", "add", "Skyline Fibre")  # no sector yet
    uk.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-06-19 09:00")
    db = str(uk.db)
    for command in (("overdue",), ("case", "list"), ("company", "list"), ("due",), ()):
        assert "gripe.rights.uk" not in _imported(db, *command), command
    assert "gripe.rights.uk" not in _imported(
        db, "case", "show", "1"
    )  # no sector: nothing to load
    assert "gripe.rights.uk" in _imported(db, "rights", "1")
