"""The person's letters are theirs: `letter --record`, `letter list/show/sent/replied`,
`log --reply-to`, and unanswered letters in `overdue` and on the dashboard, worded and counted
apart from the company's promises.

The clock is Tue 28 Jul 2026 14:00 in London (13:00 UTC).
"""

from __future__ import annotations

import sqlite3

import pytest

from conftest import Gripe
from gripe.store.letters import OVERDUE_COUNT_SQL, OVERDUE_SQL

LETTER_KEYS = {
    "id", "uuid", "case_id", "template", "generated_at", "format", "sent_at", "sent_via", "proof",
    "reply_due", "replied_at", "awaiting_reply",
}  # fmt: skip


def flat(text: str) -> str:
    return " ".join(text.split())


def at(monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    monkeypatch.setenv("GRIPE_NOW", when)


@pytest.fixture
def recorded(gripe: Gripe) -> Gripe:
    """A case with a broken promise, and the follow-up letter recorded on it (letter #1)."""
    gripe.ok(
        "log", "Skyline Fibre", "Internet down", "--at", "2026-07-20 09:00", "--rep", "Dana",
        "--promise", "Engineer visit", "--by", "friday 5pm",
    )  # fmt: skip
    gripe.ok("config", "set", "name", "Alex Doe")
    result = gripe.ok("letter", "1", "--record")
    assert "Recorded letter #1 on case #1" in result.stderr
    assert "gripe letter sent 1" in result.stderr
    return gripe


def test_a_recorded_letter_is_a_letter_with_its_reply_date_not_a_promise(recorded: Gripe) -> None:
    assert recorded.rows(
        "SELECT case_id, template, reply_due, sent_at, replied_at FROM letters"
    ) == [(1, "follow-up", "2026-08-11T22:59:00Z", None, None)]
    assert recorded.rows("SELECT text FROM promises") == [("Engineer visit",)]
    (shown,) = recorded.json("letter", "list")
    assert set(shown) >= LETTER_KEYS
    assert shown["reply_due"] == "2026-08-11T23:59:00+01:00"
    assert shown["awaiting_reply"] is False
    assert shown["state"] == "written"
    listing = flat(recorded.ok("letter", "list").stdout)
    assert "#1 follow-up · Skyline Fibre, case #1: Internet down" in listing
    assert "reply due Tue 11 Aug 2026 (in 14 days)" in listing
    assert "when it goes: gripe letter sent 1" in listing


def test_letter_show_prints_its_facts_and_its_text(recorded: Gripe) -> None:
    shown = recorded.ok("letter", "show", "1").stdout
    assert shown.startswith("Letter #1 (follow-up) · Skyline Fibre, case #1: Internet down")
    assert "Alex Doe" in shown
    data = recorded.json("letter", "show", "#1")
    assert data["id"] == 1
    assert "Alex Doe" in data["body"]
    missing = recorded("letter", "show", "9")
    assert missing.exit_code == 1
    assert "gripe letter list" in missing.stderr


def test_sent_later_moves_the_reply_date_by_as_many_days(
    recorded: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-07-31T10:00:00+01:00")
    result = recorded.ok(
        "letter", "sent", "1", "--via", "recorded", "--proof", "AB123456789GB", "--on", "today"
    )
    assert "sent Fri 31 Jul 2026 by recorded delivery (proof AB123456789GB)" in flat(result.stdout)
    assert "its reply date moves to Fri 14 Aug 2026" in flat(result.stdout)
    assert recorded.rows("SELECT sent_at, sent_via, proof, reply_due FROM letters") == [
        ("2026-07-31T09:00:00Z", "recorded", "AB123456789GB", "2026-08-14T22:59:00Z")
    ]
    assert recorded.json("letter", "show", "1")["state"] == "sent"


def test_sent_the_day_it_was_written_keeps_the_date_the_letter_gives(recorded: Gripe) -> None:
    recorded.ok("letter", "sent", "1", "--via", "email")
    assert recorded.rows("SELECT sent_via, reply_due FROM letters") == [
        ("email", "2026-08-11T22:59:00Z")
    ]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--via", "pigeon"), 2, "post, recorded, email, online-form, in-person"),
        (("--via", "post", "--on", "2026-07-01"), 2, "cannot have been sent before"),
        (("--via", "post", "--on", "next week"), 2, "--on is when it happened"),
    ],
)
def test_sent_refuses_what_cannot_be_and_writes_nothing(
    recorded: Gripe, args: tuple[str, ...], code: int, words: str
) -> None:
    before = recorded.dump()
    result = recorded("letter", "sent", "1", *args)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr
    assert recorded.dump() == before


def test_sent_needs_via_and_a_letter_that_exists(recorded: Gripe) -> None:
    assert recorded("letter", "sent", "1").exit_code == 2
    assert recorded("letter", "sent", "7", "--via", "post").exit_code == 1


def test_replied_settles_the_letter_once(recorded: Gripe, monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, "2026-08-03T09:00:00+01:00")
    result = recorded.ok("letter", "replied", "1", "--on", "yesterday")
    assert "answered Sun 02 Aug 2026" in result.stdout
    assert recorded.json("letter", "show", "1")["state"] == "answered"
    again = recorded("letter", "replied", "1")
    assert again.exit_code == 1
    assert "already answered" in again.stderr
    at(monkeypatch, "2026-08-20T09:00:00+01:00")
    assert recorded.json("overdue") == [
        entry for entry in recorded.json("overdue") if entry["kind"] == "promise"
    ]


def test_a_reply_logged_with_reply_to_settles_the_letter_on_its_case(
    recorded: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded.ok("case", "open", "Skyline Fibre", "A second complaint")  # now two open cases
    at(monkeypatch, "2026-08-04T11:00:00+01:00")
    logged = recorded.json(
        "log", "skyline", "They wrote back: engineer booked", "--inbound", "--channel", "letter",
        "--reply-to", "1",
    )  # fmt: skip
    assert logged["case"]["id"] == 1  # the letter's case, though the company has two open
    assert logged["answered_letter"] == 1
    assert recorded.rows("SELECT replied_at FROM letters") == [("2026-08-04T10:00:00Z",)]
    wrong = recorded("log", "skyline", "Another answer", "--case", "2", "--reply-to", "1")
    assert wrong.exit_code == 1
    assert "letter #1 is on case #1" in wrong.stderr


def test_call_end_takes_reply_to_like_log(recorded: Gripe) -> None:
    recorded.ok("call", "start", "skyline", "--detach")
    recorded.ok("call", "end", "They called about my letter", "--reply-to", "1")
    assert recorded.rows("SELECT replied_at IS NOT NULL FROM letters") == [(1,)]


def test_an_unanswered_letter_is_listed_apart_from_broken_promises(
    recorded: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded.ok("letter", "sent", "1", "--via", "recorded", "--proof", "AB123456789GB")
    at(monkeypatch, "2026-08-14T10:00:00+01:00")
    entries = recorded.json("overdue")
    assert [(entry["kind"], entry["id"]) for entry in entries] == [("promise", 1), ("letter", 1)]
    letter = entries[1]
    assert set(letter) >= LETTER_KEYS
    assert letter["text"] == "No reply to your letter of 28 July"
    assert letter["awaiting_reply"] is True
    assert letter["due"] == "2026-08-11T23:59:00+01:00"
    assert "promise" not in letter["text"].lower()
    text = flat(recorded.ok("overdue").stdout)
    assert "Broken promises (1)" in text
    assert "No reply to your letters (1)" in text
    assert "#1 No reply to your letter of 28 July (follow-up)" in text
    assert "Skyline Fibre, case #1 · reply was due Tue 11 Aug 2026 · overdue by 2 days" in text
    dashboard = flat(recorded.ok().stdout)
    assert "Broken promises (1)" in dashboard  # the letter is not counted as a promise
    assert "No reply to your letters (1)" in dashboard
    assert "No reply to your letter of 28 July" in dashboard


def test_overdue_exit_code_counts_an_unanswered_letter(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    gripe.ok("log", "Skyline Fibre", "Internet down", "--at", "2026-07-20 09:00")
    gripe.ok("letter", "1", "--record", "--days", "3")
    assert gripe("overdue", "--exit-code").exit_code == 0
    at(monkeypatch, "2026-08-01T09:00:00+01:00")
    result = gripe("overdue", "--exit-code")
    assert result.exit_code == 1
    assert "Broken promises" not in result.stdout  # there are none: only the letter is listed
    assert "No reply to your letters (1)" in result.stdout


def test_a_closed_case_s_letters_wait_for_nothing(
    recorded: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded.ok("promise", "kept", "1")
    recorded.ok("case", "close", "1", "--outcome", "resolved")
    at(monkeypatch, "2026-08-20T09:00:00+01:00")
    assert recorded.json("overdue") == []


def test_the_timeline_tells_the_letter_among_the_calls(recorded: Gripe) -> None:
    recorded.ok("letter", "sent", "1", "--via", "recorded", "--proof", "AB123456789GB")
    shown = flat(recorded.ok("case", "show", "1").stdout)
    assert "Calls and letters" in shown
    assert "your letter #1 (follow-up)" in shown
    assert "by recorded delivery (proof AB123456789GB) · reply due Tue 11 Aug 2026" in shown
    (letter,) = recorded.json("case", "show", "1")["letters"]
    assert set(letter) >= LETTER_KEYS


def test_the_unanswered_letters_query_reads_only_open_cases_and_waiting_letters(
    recorded: Gripe,
) -> None:
    """Pinned like the promises' plan: from the open cases through the partial index of the
    letters still waiting, never a scan of letters or cases, however long the log grows."""
    conn = sqlite3.connect(recorded.db)
    try:
        for sql in (OVERDUE_SQL, OVERDUE_COUNT_SQL):
            plan = [
                row[3]
                for row in conn.execute(
                    "EXPLAIN QUERY PLAN " + sql, {"now": "2026-07-28T13:00:00Z", "limit": 50}
                )
            ]
            assert "SEARCH cases USING COVERING INDEX cases_by_status (status=?)" in plan
            assert any(
                line.startswith("SEARCH letters USING INDEX letters_awaiting_reply")
                or line.startswith("SEARCH letters USING COVERING INDEX letters_awaiting_reply")
                for line in plan
            ), plan
            assert not any(line.startswith(("SCAN letters", "SCAN cases")) for line in plan)
    finally:
        conn.close()
