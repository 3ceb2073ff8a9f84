"""Tidying duplicates: company merge and delete, rep edit and merge; nothing lost, search in step,
evidence files kept while anything may still refer to them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Gripe

TABLES = ("cases", "calls", "promises", "evidence", "letters")


def counts(gripe: Gripe) -> dict[str, int]:
    return {table: gripe.rows(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


def flat(text: str) -> str:
    return " ".join(text.split())


def without_company(show: dict) -> dict:
    """A case show with the company taken out. Reps belong to a company, so a rep made one with
    the other company's rep of the same name is compared by that name only."""
    shown = json.loads(json.dumps(show))
    shown.pop("company")
    for key in ("company", "company_id"):
        shown["case"].pop(key)
    for row in shown["calls"] + shown["promises"]:
        row.pop("company")
        if row["rep"]:
            row["rep"] = row["rep"]["name"].casefold()
    for row in shown["letters"]:
        row.pop("company")
    return shown


@pytest.fixture
def twins(gripe: Gripe, tmp_path: Path) -> Gripe:
    """Northstar Broadband (#1) and its slip Nortstar Broadband (#2), each with an open case, a
    rep called Dana, a promise and a piece of evidence; Nortstar has its own Sam too."""
    gripe.ok("company", "add", "Northstar Broadband", "--phone", "0800 1")
    gripe.ok(
        "log", "Northstar Broadband", "Outage", "--rep", "Dana", "--rep-id", "4471",
        "--promise", "Engineer visit", "--by", "friday",
    )  # fmt: skip
    gripe.ok("company", "add", "Nortstar Broadband", "--email", "help@ns.example")
    gripe.ok(
        "log", "Nortstar Broadband", "Billed twice", "--rep", "dana", "--role", "supervisor",
        "--promise", "Refund", "--by", "next week",
    )  # fmt: skip
    gripe.ok("log", "Nortstar Broadband", "Chased the refund", "--rep", "Sam")
    for case, name in ((1, "outage.png"), (2, "bill.pdf")):
        (tmp_path / name).write_bytes(name.encode() * 10)
        gripe.ok("attach", str(case), str(tmp_path / name))
    gripe.ok("letter", "2", "--record")
    return gripe


def test_merging_loses_no_row_and_makes_the_same_named_reps_one(twins: Gripe) -> None:
    before = counts(twins)
    shows = {case: without_company(twins.json("case", "show", str(case))) for case in (1, 2)}

    result = twins.ok("company", "merge", "2", "1")

    assert counts(twins) == before
    assert twins.rows("SELECT id, name FROM companies") == [(1, "Northstar Broadband")]
    assert twins.rows("SELECT name, employee_id, role FROM reps ORDER BY name") == [
        ("Dana", "4471", "supervisor"),  # one Dana: the badge kept, the role filled in
        ("Sam", None, None),
    ]
    for case in (1, 2):
        after = twins.json("case", "show", str(case))
        assert after["company"]["name"] == "Northstar Broadband"
        assert without_company(after) == shows[case]
    text = flat(result.stdout)
    assert "Merged Nortstar Broadband (#2) into Northstar Broadband (#1)" in text
    assert "1 rep of the same name made one" in text
    assert "email none → help@ns.example" in text  # a gap filled from the duplicate
    company = twins.json("company", "show", "1")
    assert (company["phone"], company["email"]) == ("0800 1", "help@ns.example")


def test_search_follows_a_merge(twins: Gripe) -> None:
    twins.ok("company", "merge", "nortstar", "northstar broadband")
    hits = twins.json("search", "nortstar")
    assert hits == []
    billed = twins.json("search", "billed")
    assert {(hit["kind"], hit["company"]) for hit in billed} == {
        ("case", "Northstar Broadband"),
        ("call", "Northstar Broadband"),
    }
    assert {hit["id"] for hit in twins.json("search", "dana") if hit["kind"] == "call"} == {1, 2}


def test_merge_json(twins: Gripe) -> None:
    data = twins.json("company", "merge", "2", "1")
    assert data["from"]["id"] == 2
    assert data["into"]["id"] == 1
    assert data["moved"]["cases"] == 1
    assert data["moved"]["calls"] == 2
    assert data["reps_joined"] == 1


def test_a_company_is_not_merged_into_itself(twins: Gripe) -> None:
    result = twins("company", "merge", "1", "northstar broadband")
    assert result.exit_code == 1


def test_deleting_a_company_with_cases_names_the_counts_and_needs_cascade(twins: Gripe) -> None:
    before = twins.dump()
    result = twins("company", "delete", "2")
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert "Nortstar Broadband (#2) has" in message
    # The letter's reply date is the letter's own: no promise is added for it.
    for part in ("1 case", "2 reps", "2 calls", "1 promise", "1 letter", "1 evidence file"):
        assert part in message
    assert "gripe company delete 2 --cascade" in message
    assert twins.dump() == before


def test_a_company_with_nothing_logged_goes_without_cascade(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Globex")
    assert "Deleted company Globex (#1)" in gripe.ok("company", "delete", "globex").stdout
    assert gripe.rows("SELECT count(*) FROM companies") == [(0,)]
    assert gripe.json("search", "globex") == []


def test_cascade_deletes_everything_but_keeps_the_evidence_file_for_undo(
    twins: Gripe,
) -> None:
    folder = twins.db.parent / "evidence"
    files = sorted(path.name for path in folder.iterdir())
    twins.ok("company", "delete", "2", "--cascade")
    assert twins.rows("SELECT count(*) FROM cases") == [(1,)]
    assert twins.rows("SELECT count(*) FROM evidence") == [(1,)]
    assert twins.json("search", "billed") == []
    # The deleted evidence's file stays: the delete can still be undone.
    assert sorted(path.name for path in folder.iterdir()) == files
    twins.ok("undo")
    assert twins.rows("SELECT count(*) FROM evidence") == [(2,)]
    assert sorted(path.name for path in folder.iterdir()) == files


def test_an_undone_attach_keeps_a_file_another_row_refers_to(twins: Gripe, tmp_path) -> None:
    folder = twins.db.parent / "evidence"
    twins.ok("attach", "1", str(tmp_path / "bill.pdf"))  # the same bytes as case 2's bill
    twins.ok("undo")
    assert len(list(folder.iterdir())) == 2
    (tmp_path / "new.txt").write_text("only here")
    twins.ok("attach", "1", str(tmp_path / "new.txt"))
    assert len(list(folder.iterdir())) == 3
    twins.ok("undo")
    assert len(list(folder.iterdir())) == 2


# ---- reps --------------------------------------------------------------------------------------


def test_rep_edit_corrects_the_spelling_everywhere(twins: Gripe) -> None:
    result = twins.ok("rep", "edit", "1", "--name", "Dana Smith", "--role", "agent")
    assert "name Dana → Dana Smith; role none → agent" in flat(result.stdout)
    assert twins.json("case", "show", "1")["calls"][0]["rep"]["name"] == "Dana Smith"
    assert {hit["kind"] for hit in twins.json("search", "smith")} == {"call", "promise"}
    assert "Dana Smith" in twins.ok("letter", "1").stdout


def test_rep_edit_points_at_a_namesake_to_merge(twins: Gripe) -> None:
    result = twins.ok("rep", "edit", "3", "--name", "Dana")  # Sam at Nortstar, Dana is #2
    assert "gripe rep merge 2 3" in flat(result.stderr)


def test_rep_merge_moves_calls_and_promises(twins: Gripe) -> None:
    result = twins.ok("rep", "merge", "3", "2")
    assert "Merged rep Sam (#3) into dana (#2" in flat(result.stdout)
    assert twins.rows("SELECT rep_id FROM calls WHERE id = 3") == [(2,)]
    assert twins.rows("SELECT count(*) FROM reps WHERE id = 3") == [(0,)]
    assert twins.json("search", "sam") == []


def test_reps_of_different_companies_are_merged_with_their_companies(twins: Gripe) -> None:
    result = twins("rep", "merge", "2", "1")
    assert result.exit_code == 1
    assert "gripe company merge 2 1" in result.stderr


@pytest.mark.parametrize("args", [("--role", "boss"), ("--name", "  ")])
def test_rep_edit_refuses_bad_input(twins: Gripe, args) -> None:
    before = twins.dump()
    assert twins("rep", "edit", "1", *args).exit_code == 2
    assert twins.dump() == before


def test_a_merge_keeps_every_phone_number_once(gripe: Gripe) -> None:
    gripe.ok("company", "add", "Northstar", "--phone", "0800 1", "--phone", "0800 2")
    gripe.ok("company", "add", "Northstar Ltd", "--phone", "0800 2", "--phone", "0800 3")
    gripe.ok("company", "merge", "Northstar Ltd", "Northstar")
    numbers = [phone["number"] for phone in gripe.json("company", "show", "1")["phones"]]
    assert sorted(numbers) == ["0800 1", "0800 2", "0800 3"]
