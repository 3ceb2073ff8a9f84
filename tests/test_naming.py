"""Naming a company: the id, the name in any spelling, then a unique start or word said back;
several matches refused by name; a new name close to a known one added with a did-you-mean."""

from __future__ import annotations

import pytest

from conftest import Gripe


@pytest.fixture
def two(gripe: Gripe) -> Gripe:
    gripe.ok("company", "add", "Northstar Broadband")
    gripe.ok("company", "add", "North Water")
    return gripe


def test_log_northstar_lands_on_northstar_broadbands_open_case(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Northstar Broadband")
    gripe.ok("case", "open", "Northstar Broadband", "Outage")

    result = gripe.ok("log", "northstar", "Still down")

    assert "Company: Northstar Broadband (#1)" in result.stderr
    assert "New company" not in result.stderr
    assert "case #1 (Northstar Broadband: Outage)" in " ".join(result.stdout.split())
    assert gripe.rows("SELECT count(*) FROM companies") == [(1,)]
    assert gripe.rows("SELECT case_id, summary FROM calls") == [(1, "Still down")]


def test_log_north_with_two_norths_is_refused_naming_both(two: Gripe) -> None:
    before = two.dump()

    result = two("log", "north", "Which one?")

    assert result.exit_code == 2
    assert "Northstar Broadband (#1)" in result.stderr
    assert "North Water (#2)" in result.stderr
    assert "type more of the name, or its number" in result.stderr
    assert two.dump() == before


def test_a_new_name_close_to_a_known_one_is_added_with_a_did_you_mean(two: Gripe) -> None:
    result = two.ok("log", "Nortstar Broadband", "Line down")

    assert two.rows("SELECT id, name FROM companies ORDER BY id")[-1] == (3, "Nortstar Broadband")
    message = " ".join(result.stderr.split())
    assert "New company: Nortstar Broadband (#3)" in message
    assert "did you mean Northstar Broadband (#1)?" in message
    assert "gripe company merge 3 1" in message


def test_case_open_with_a_new_close_name_says_the_same(two: Gripe) -> None:
    result = two.ok("case", "open", "North Watr", "Leak")
    message = " ".join(result.stderr.split())
    assert "New company: North Watr (#3)" in message
    assert "did you mean North Water (#2)?" in message
    assert "gripe company merge 3 2" in message


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("north w", "North Water (#2)"),  # the start of the name key
        ("northst", "Northstar Broadband (#1)"),
        ("broadband", "Northstar Broadband (#1)"),  # a whole word of the name
        ("WATER", "North Water (#2)"),
    ],
)
def test_a_unique_start_or_word_is_found_and_said_back(two: Gripe, typed: str, found: str) -> None:
    result = two.ok("company", "show", typed)
    assert f"Company: {found}" in result.stderr


@pytest.mark.parametrize("typed", ["1", "#1", "northstar broadband", "NORTHSTAR-BROADBAND"])
def test_an_id_or_the_whole_name_is_not_said_back(two: Gripe, typed: str) -> None:
    result = two.ok("company", "show", typed)
    assert "Company:" not in result.stderr
    assert two.json("company", "show", typed)["name"] == "Northstar Broadband"


def test_a_part_of_a_word_is_not_a_word_match(two: Gripe) -> None:
    result = two("company", "show", "star")
    assert result.exit_code == 1
    assert "no company matches 'star'" in result.stderr


def test_two_letters_are_too_few_to_match_a_start(two: Gripe) -> None:
    result = two("company", "show", "no")
    assert result.exit_code == 1


def test_other_commands_fail_with_the_did_you_mean(two: Gripe) -> None:
    before = two.dump()
    for args in (
        ("company", "show", "Nortstar"),
        ("company", "edit", "Nortstar", "--phone", "1"),
        ("case", "list", "--company", "Nortstar"),
        ("rep", "list", "--company", "Nortstar"),
    ):
        result = two(*args)
        assert result.exit_code == 1, args
        assert "did you mean Northstar Broadband (#1)?" in result.stderr, args
    assert two.dump() == before


def test_several_matches_are_refused_everywhere(two: Gripe) -> None:
    for args in (("company", "show", "north"), ("case", "open", "north", "Leak")):
        result = two(*args)
        assert result.exit_code == 2, args
        assert "North Water (#2)" in result.stderr


def test_company_add_names_a_close_company_with_the_merge(two: Gripe) -> None:
    result = two.ok("company", "add", "Northstar Broadbnd")
    message = " ".join(result.stderr.split())
    assert "did you mean Northstar Broadband (#1)?" in message
    assert "gripe company merge 3 1" in message


def test_an_exact_name_wins_over_a_longer_one_that_starts_with_it(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Sky")
    gripe.ok("company", "add", "Sky Mobile")
    assert gripe.json("company", "show", "sky")["id"] == 1
    assert "Company:" not in gripe.ok("company", "show", "sky").stderr
