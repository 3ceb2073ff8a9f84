"""Every built-in letter, word for word, in UK and US wording: the golden files.

The story (`tell`) is a broadband outage told through the real CLI over two months: a promise
the company moved to another date and then broke, a promise made with no date, a kept one, the
person's own complaint letter recorded, sent by recorded delivery and left unanswered past its
reply date, two sums claimed and a bill attached. Each letter is written on 28 July 2026 with
``gripe letter 1 --template NAME --format md`` and must equal ``tests/golden/<name>.md``
(``<name>-us.md`` for US wording). The US store-card story (late fees after the account was
paid and closed) has its Fair Credit Billing Act notice in ``billing-dispute-store-card-us.md``.

To rewrite the golden files after a deliberate change to a template or to the facts, run

    GRIPE_UPDATE_GOLDEN=1 pytest tests/test_letter_golden.py

then read the diff (``git diff tests/golden``) before keeping it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import NOW, Gripe
from gripe.letters import render
from test_letters import assert_clean

GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("GRIPE_UPDATE_GOLDEN") == "1"
LETTERS = [(name, code) for name in render.BUILTIN_NAMES for code in ("UK", "US")]
STORE_CARD = "billing-dispute-store-card-us.md"


def golden_name(name: str, code: str) -> str:
    return f"{name}-us.md" if code == "US" else f"{name}.md"


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("GRIPE_NOW", when)


def tell(gripe: Gripe, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: str) -> None:
    """The outage story, as the person logged it day by day."""
    at(monkeypatch, "2026-06-01T09:00:00+01:00")
    for key, value in (
        ("name", "Alex Morgan"),
        ("address", "12 Orchard Lane, Leeds LS6 2AB"),
        ("email", "alex@example.org"),
        ("jurisdiction", code),
    ):
        gripe.ok("config", "set", key, value)
    gripe.ok(
        "company", "add", "Skyline Fibre", "--account", "SKY-0042-7719-3381", "--address",
        "Customer Relations\\nSkyline Fibre Ltd\\n1 Exchange Square\\nLeeds LS1 4AB",
        "--sector", "broadband",
    )  # fmt: skip
    gripe.ok(
        "case", "open", "Skyline Fibre", "Broadband down since 31 May and still not fixed",
        "--want", "Restore my broadband and refund the line rental for every day without it",
    )  # fmt: skip
    at(monkeypatch, "2026-06-01T10:00:00+01:00")
    gripe.ok(
        "log", "skyline", "Internet down since Sunday night. Line test shows a fault on my line.",
        "--at", "09:14", "--rep", "Dana", "--rep-id", "4471", "--ref", "SKY-88123",
        "--hold", "42m", "--duration", "18m",
        "--promise", "An engineer will visit and restore the service", "--by", "friday 5pm",
    )  # fmt: skip
    at(monkeypatch, "2026-06-03T19:00:00+01:00")
    gripe.ok(
        "log", "skyline", "Still down. Chat agent could not see the fault and opened a new "
        "ticket.", "--channel", "chat", "--rep", "Marcus", "--ref", "SKY-88123", "--hold", "12m",
        "--duration", "25m", "--at", "18:40",
    )  # fmt: skip
    at(monkeypatch, "2026-06-05T13:00:00+01:00")
    gripe.ok(
        "log", "skyline", "Engineer did not come. Asked for a supervisor; Priya agreed the days "
        "without service will be credited.", "--rep", "Priya Shah", "--rep-id", "S-102",
        "--role", "supervisor", "--ref", "SKY-90411", "--hold", "1h05m", "--duration", "22m",
        "--at", "12:05", "--promise", "A credit for every day without service",
    )  # fmt: skip
    gripe.ok("promise", "reschedule", "1", "--by", "next tuesday 5pm", "--call", "3")
    at(monkeypatch, "2026-06-10T10:00:00+01:00")
    gripe.ok("letter", "1", "--template", "complaint", "--record")
    gripe.ok("letter", "sent", "1", "--via", "recorded", "--proof", "AB123456789GB")
    at(monkeypatch, "2026-06-15T12:00:00+01:00")
    gripe.ok(
        "log", "skyline", "Engineer came, could not fix it; says a new line is needed. Credit of "
        "£10 promised.", "--rep", "Dana", "--rep-id", "4471", "--ref", "SKY-90411",
        "--hold", "38m", "--duration", "9m", "--at", "08:30",
        "--promise", "A credit of £10 applied to my account", "--by", "within 7 days",
    )  # fmt: skip
    gripe.ok("promise", "kept", "4")
    at(monkeypatch, NOW)
    gripe.ok("case", "claim", "1", "30", "Refund of the line rental for 30 days without service")
    gripe.ok(
        "case", "claim", "1", "15.50", "Mobile data I had to buy while the line was down",
        "--on", "2026-06-04",
    )  # fmt: skip
    bill = tmp_path / "june-bill.pdf"
    bill.write_bytes(b"%PDF-1.4 the June bill\n")
    gripe.ok("attach", "1", str(bill), "--note", "The June bill")


def tell_store_card(gripe: Gripe, monkeypatch: pytest.MonkeyPatch) -> None:
    """The US store-card story: late fees charged after the account was paid and closed."""
    at(monkeypatch, "2026-06-15T15:00:00+01:00")
    for key, value in (
        ("name", "Jordan Lee"),
        ("address", "48 Maple Street, Springfield, IL 62704"),
        ("email", "jordan.lee@example.com"),
        ("jurisdiction", "US"),
    ):
        gripe.ok("config", "set", key, value)
    gripe.ok(
        "company", "add", "Acme Store Card", "--account", "6011-0000-4477-1234", "--address",
        "Acme Store Card Services\\nP.O. Box 1200\\nColumbus, OH 43218", "--sector", "store-card",
    )  # fmt: skip
    gripe.ok(
        "log", "Acme Store Card", "Late fees on my June statement, though I paid the balance in "
        "full and closed the account in May.", "--at", "14:30", "--rep", "Tara",
        "--ref", "ASC-5521", "--hold", "18m",
        "--promise", "The late fees will be reversed", "--by", "within 10 business days",
    )  # fmt: skip
    gripe.ok(
        "case", "edit", "1", "--title", "Late fees charged after I paid and closed the account",
        "--want", "Reverse the late fees and refund $78.50", "--statement-date", "2026-06-10",
    )  # fmt: skip
    gripe.ok("case", "claim", "1", "39.25", "Late fee", "--on", "2026-05-28")
    gripe.ok("case", "claim", "1", "39.25", "Late fee", "--on", "2026-06-08")
    at(monkeypatch, NOW)


def written(gripe: Gripe, name: str) -> tuple[str, str]:
    result = gripe.ok("letter", "1", "--template", name, "--format", "md")
    return result.stdout, result.stderr


def check_golden(letter: str, file_name: str) -> None:
    golden = GOLDEN / file_name
    if UPDATE_GOLDEN:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(letter, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"no golden file {golden}; run with GRIPE_UPDATE_GOLDEN=1"
    assert letter == golden.read_text(encoding="utf-8")


def sentences(letter: str) -> list[str]:
    """The letter's sentences, a list item or an address line never run into the next."""
    return [
        sentence
        for line in letter.replace("**", "").splitlines()
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line.strip())
        if sentence
    ]


@pytest.mark.parametrize(("name", "code"), LETTERS, ids=[f"{n}-{c}" for n, c in LETTERS])
def test_builtin_letter_matches_its_golden_file(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, code: str
) -> None:
    tell(gripe, monkeypatch, tmp_path, code)
    letter, _ = written(gripe, name)
    check_golden(letter, golden_name(name, code))
    assert_clean(letter)
    # The person's letter is theirs: told as "I wrote to", never as something promised.
    assert "Reply to my letter" not in letter
    for said in sentences(letter):
        if "10 June 2026" in said or "June 10, 2026" in said:
            assert "promised" not in said, said
        if "24 June 2026" in said or "June 24, 2026" in said:  # the letter's reply date
            assert said.startswith("- On 10 June 2026 I wrote to") or said.startswith(
                "- On June 10, 2026, I wrote to"
            ), said
    assert "I wrote to" in letter or name == "billing-dispute"
    # One promise was broken: letters count it once, never the letter's reply date with it.
    assert letter.count("That promise was not kept.") == 1
    assert "promises made to me" not in letter  # "a promise", one
    # The undated promise and the moved one are told as such.
    assert '"A credit for every day without service", but no date was given.' in letter
    assert "then moved it to" in letter


def test_every_builtin_template_has_golden_files_and_no_others() -> None:
    expected = {golden_name(name, code) for name, code in LETTERS} | {STORE_CARD}
    assert {path.name for path in GOLDEN.glob("*.md")} == expected


def test_the_counts_in_letters_are_the_case_s(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """case show, its JSON, the bundle's case file and the letters agree on every number."""
    import zipfile

    tell(gripe, monkeypatch, tmp_path, "UK")
    totals = gripe.json("case", "show", "1")["case"]["totals"]
    assert (totals["broken_promises"], totals["letters_unanswered"]) == (1, 1)
    assert (totals["calls"], totals["hold_minutes"], totals["days_open"]) == (4, 157, 57)
    gripe.ok("bundle", "1", "-o", str(tmp_path / "case.zip"))
    with zipfile.ZipFile(tmp_path / "case.zip") as bundle:
        case_file = bundle.read("case-1.md").decode()
    for line in (
        "- **Broken promises:** 1",
        "- **Letters with no reply:** 1",
        "- **Calls:** 4",
        "- **Days open:** 57",
        "- **Sum of the claims:** £45.50",
        "- **Account:** ending 3381",
    ):
        assert line in case_file
    shown = " ".join(gripe.ok("case", "show", "1").stdout.split())
    assert "4 calls · 2h 37m on hold" in shown
    assert "57 days open" in shown
    regulator, _ = written(gripe, "regulator")
    assert "contact with them 4 times over 57 days and spent 2 hours and 37 minutes" in regulator
    assert "Skyline Fibre broke a promise made to me" in regulator
    assert "The sum I claim is £45.50" in regulator
    assert "Account ending 3381" in regulator


def test_the_store_card_story_s_billing_error_notice(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    tell_store_card(gripe, monkeypatch)
    letter, notes = written(gripe, "billing-dispute")
    check_golden(letter, STORE_CARD)
    assert_clean(letter)
    flat = " ".join(letter.split())
    assert "Billing Inquiries Acme Store Card Services P.O. Box 1200 Columbus, OH 43218" in flat
    assert "the Fair Credit Billing Act (15 U.S.C. § 1666)" in flat
    assert "the statement dated June 10, 2026" in flat
    assert "- $39.25: Late fee (charged on May 28, 2026)" in letter
    assert "- $39.25: Late fee (charged on June 8, 2026)" in letter
    assert "The total in dispute is $78.50." in flat
    assert "to reach you by August 9, 2026" in flat  # 60 days from the statement
    assert "send me copies of the documents" in flat
    assert "within 30 days of receiving it" in flat
    assert "in no case later than 90 days" in flat
    assert "the Consumer Financial Protection Bureau (CFPB)" in flat
    assert "Attorney General" not in flat
    assert "Warning: the notice must reach the issuer by August 9, 2026 (12 days)" in " ".join(
        notes.split()
    )
    assert "--full-account" in notes


def test_the_store_card_notice_once_sent_starts_the_issuer_s_clocks(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    tell_store_card(gripe, monkeypatch)
    waiting = {clock["key"] for clock in gripe.json("rights", "1")["waiting"]}
    assert {"us-fcba-acknowledge", "us-fcba-resolve"} <= waiting
    gripe.ok("letter", "1", "--template", "billing-dispute", "--record")
    gripe.ok("letter", "sent", "1", "--via", "recorded", "--proof", "9407 1000 0000 0000 0001")
    clocks = {clock["key"]: clock for clock in gripe.json("rights", "1")["clocks"]}
    assert clocks["us-fcba-acknowledge"]["closes_at"] == "2026-08-27"  # 30 days
    assert clocks["us-fcba-resolve"]["closes_at"] == "2026-10-26"  # 90 days
    assert clocks["us-fcba-notice"]["met_on"] == "2026-07-28"


def test_a_company_without_a_sector_gets_generic_wording_and_a_note(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tell(gripe, monkeypatch, tmp_path, "UK")
    gripe.ok("company", "edit", "1", "--sector", "")
    for name in ("complaint", "regulator", "final-notice"):
        letter, notes = written(gripe, name)
        for body in ("Communications Ombudsman", "CISAS", "Energy Ombudsman", "Financial"):
            assert body not in letter
        generic = " ".join(letter.lower().split())
        assert (
            "the ombudsman or alternative dispute resolution scheme for" in generic
            or "[the ombudsman or adr scheme for skyline fibre's sector: its name and address]"
            in generic
        )
        assert "Skyline Fibre has no sector" in notes
        assert "gripe company edit 1 --sector SECTOR" in " ".join(notes.split())


def test_a_sector_with_no_rule_names_no_body(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tell(gripe, monkeypatch, tmp_path, "US")
    gripe.ok("company", "edit", "1", "--sector", "airline")
    letter, notes = written(gripe, "complaint")
    assert "the government agency that oversees your business" in letter
    assert "FCC" not in letter
    assert "no ombudsman or regulator recorded for airline companies" in " ".join(notes.split())
