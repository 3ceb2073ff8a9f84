"""A company's ways in: phone numbers with notes, complaint addresses and opening hours."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import Gripe
from test_migrations import older_log

HOURS = "Mon-Fri 08:00-20:00; Sat 09:00-17:00"


@pytest.fixture
def skyline(gripe: Gripe) -> Gripe:
    gripe.ok(
        "company", "add", "Skyline Fibre",
        "--phone", "0800 123 4567", "--phone-note", "press 0 twice for a person",
        "--phone", "0330 088 1234", "--phone-note", "",
        "--hours", HOURS,
        "--complaints-email", "complaints@skyline.example",
        "--exec-email", "ceo.office@skyline.example",
    )  # fmt: skip
    return gripe


def test_company_show_gives_the_ways_in_and_whether_the_lines_are_open(skyline: Gripe) -> None:
    out = skyline.ok("company", "show", "Skyline Fibre").stdout
    for text in (
        "0800 123 4567 (press 0 twice for a person)",
        "0330 088 1234",
        "complaints@skyline.example",
        "Executive office",
        "ceo.office@skyline.example",
        f"{HOURS} · lines open now until 20:00",  # Tuesday 14:00 in London
    ):
        assert text in out, text
    data = skyline.json("company", "show", "1")
    assert data["phone"] == "0800 123 4567"  # the first number
    assert [(p["number"], p["note"]) for p in data["phones"]] == [
        ("0800 123 4567", "press 0 twice for a person"),
        ("0330 088 1234", None),
    ]
    assert all(len(p["uuid"]) == 36 and p["id"] for p in data["phones"])
    assert data["hours"] == HOURS
    assert data["complaints_email"] == "complaints@skyline.example"
    assert data["exec_email"] == "ceo.office@skyline.example"
    assert data["lines"] == {
        "open": True,
        "changes_at": "2026-07-28T20:00:00+01:00",
        "says": "lines open now until 20:00",
    }


def test_closed_lines_say_when_they_open(skyline: Gripe, monkeypatch) -> None:
    monkeypatch.setenv("GRIPE_NOW", "2026-08-01T18:00:00+01:00")  # Saturday evening
    data = skyline.json("company", "show", "1")
    assert data["lines"]["says"] == "closed now; opens Mon 08:00"
    assert data["lines"]["open"] is False
    assert "closed now; opens Mon 08:00" in skyline.ok("company", "show", "1").stdout


def test_hours_are_said_back_as_read(gripe: Gripe) -> None:
    result = gripe.ok("company", "add", "Acme", "--hours", "weekdays 8am-8pm, sat 9am-5pm")
    assert f"Opening hours read as {HOURS}; lines open now until 20:00" in result.stderr


@pytest.mark.parametrize("hours", ["9-5", "Mon-Fri 9-5", "whenever", "Mon 08:00-08:00"])
def test_unreadable_hours_are_refused_with_an_example_and_change_nothing(
    skyline: Gripe, hours: str
) -> None:
    before = skyline.dump()
    result = skyline("company", "edit", "1", "--hours", hours, "--notes", "changed")
    assert result.exit_code == 2
    assert "cannot read the opening hours" in result.stderr
    assert '"Mon-Fri 08:00-20:00; Sat 09:00-17:00"' in result.stderr
    assert skyline.dump() == before


def test_empty_hours_clear_them(skyline: Gripe) -> None:
    skyline.ok("company", "edit", "1", "--hours", "")
    data = skyline.json("company", "show", "1")
    assert data["hours"] is None
    assert data["lines"] is None


def test_a_known_number_takes_the_new_note_and_keeps_its_place(skyline: Gripe) -> None:
    skyline.ok("company", "edit", "1", "--phone", "08001234567", "--phone-note", "say 'agent'")
    skyline.ok("company", "edit", "1", "--phone", "611")
    phones = skyline.json("company", "show", "1")["phones"]
    assert [(p["number"], p["note"]) for p in phones] == [
        ("0800 123 4567", "say 'agent'"),
        ("0330 088 1234", None),
        ("611", None),
    ]


def test_numbers_are_removed_one_by_one_or_all_at_once(skyline: Gripe) -> None:
    skyline.ok("company", "edit", "1", "--remove-phone", "0800 123 4567")
    assert skyline.json("company", "show", "1")["phone"] == "0330 088 1234"
    missing = skyline("company", "edit", "1", "--remove-phone", "999")
    assert missing.exit_code == 2
    assert "'999' is not one of this company's numbers" in missing.stderr
    skyline.ok("company", "edit", "1", "--phone", "")
    data = skyline.json("company", "show", "1")
    assert (data["phone"], data["phones"]) == (None, [])
    # "" then numbers: the list replaced.
    skyline.ok("company", "edit", "1", "--phone", "", "--phone", "611")
    assert [p["number"] for p in skyline.json("company", "show", "1")["phones"]] == ["611"]


def test_notes_must_pair_with_numbers(skyline: Gripe) -> None:
    before = skyline.dump()
    result = skyline(
        "company", "edit", "1", "--phone", "611", "--phone", "612", "--phone-note", "x"
    )
    assert result.exit_code == 2
    assert "give one --phone-note for each --phone" in result.stderr
    assert skyline.dump() == before


def test_a_log_from_before_keeps_its_company_phone_as_the_first_way_in(gripe: Gripe) -> None:
    older_log(gripe.db, 7)
    conn = sqlite3.connect(gripe.db)
    conn.execute("UPDATE companies SET phone = ' 0800 123 4567 ' WHERE id = 1")
    conn.commit()
    conn.close()
    data = gripe.json("company", "show", "1")  # opens the log: the migrations run
    assert data["phone"] == "0800 123 4567"
    assert [(p["number"], p["note"]) for p in data["phones"]] == [("0800 123 4567", None)]
    assert gripe.rows("SELECT phone FROM companies") == [(None,)]
    assert gripe.rows("SELECT created_at FROM company_phones") == [("2026-07-01T09:00:00Z",)]


def test_the_company_card_of_a_company_without_ways_in_is_as_before(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Acme", "--account", "12345678")
    out = gripe.ok("company", "show", "Acme").stdout
    assert "Phone" not in out
    assert "Hours" not in out
    assert gripe.json("company", "show", "Acme")["lines"] is None
