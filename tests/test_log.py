"""`gripe log COMPANY SUMMARY`: which company, which case, which rep, and what is stored."""

from __future__ import annotations

import pytest

CALL_KEYS = {
    "id",
    "uuid",
    "case_id",
    "company",
    "at",
    "channel",
    "rep",
    "summary",
    "reference",
    "hold_minutes",
    "duration_minutes",
}
CASE_KEYS = {"id", "uuid", "company", "title", "status", "level"}


def calls(gripe):
    return gripe.rows(
        "SELECT id, case_id, rep_id, at, channel, direction, duration_minutes, hold_minutes, "
        "reference, summary FROM calls ORDER BY id"
    )


# ---- the company ----------------------------------------------------------------------------


def test_unknown_company_is_created_and_said_so_on_stderr(gripe):
    result = gripe.ok("log", "Skyline Fibre", "Internet down again")
    assert "New company: Skyline Fibre" in result.stderr
    assert "New company" not in result.stdout
    assert gripe.rows("SELECT name FROM companies") == [("Skyline Fibre",)]
    assert "Logged call #1" in result.stdout


def test_known_company_is_not_announced_again(gripe):
    gripe.ok("log", "Skyline Fibre", "first")
    result = gripe.ok("log", "skyline fibre", "second")
    assert "New company" not in result.stderr
    assert gripe.rows("SELECT count(*) FROM companies") == [(1,)]


# ---- the case -------------------------------------------------------------------------------


def test_no_open_case_opens_a_new_one_titled_from_the_summary(gripe):
    result = gripe.ok("log", "Acme", "Charged twice for July")
    assert "new case #1" in result.stdout
    assert gripe.rows("SELECT id, title, status, level FROM cases") == [
        (1, "Charged twice for July", "open", "frontline")
    ]


@pytest.mark.parametrize(
    ("summary", "title"),
    [
        ("Short and sweet", "Short and sweet"),
        (
            "The engineer never came and nobody at the call centre can tell me why the booking "
            "vanished",
            "The engineer never came and nobody at the call centre can…",
        ),
        ("First line only\nsecond line is detail", "First line only"),
    ],
)
def test_case_title_is_the_summary_cut_at_a_word(gripe, summary, title):
    data = gripe.json("log", "Acme", summary)
    assert data["case"]["title"] == title
    assert len(title) <= 60
    assert gripe.rows("SELECT summary FROM calls") == [(summary,)]


def test_company_with_one_open_case_logs_on_that_case(gripe):
    gripe.ok("case", "open", "Acme", "Broken router")
    result = gripe.ok("log", "Acme", "Called about the router")
    assert "on case #1" in result.stdout
    assert gripe.rows("SELECT count(*) FROM cases") == [(1,)]
    assert [row[1] for row in calls(gripe)] == [1]


def test_closed_cases_do_not_count_a_new_call_opens_a_new_case(gripe):
    gripe.ok("log", "Acme", "old trouble")
    gripe.ok("case", "close", "1")
    data = gripe.json("log", "Acme", "new trouble")
    assert data["case"]["id"] == 2
    assert data["case"]["title"] == "new trouble"


def test_several_open_cases_is_a_question_and_nothing_is_written(gripe):
    gripe.ok("case", "open", "Acme", "Broken router")
    gripe.ok("case", "open", "Acme", "Wrong bill")
    before = gripe.dump()
    result = gripe("log", "Acme", "Which one is this?")
    assert result.exit_code == 2
    assert "#1" in result.stderr
    assert "#2" in result.stderr
    assert "--case" in result.stderr
    assert result.stdout == ""
    assert gripe.dump() == before


def test_case_option_picks_one_of_several(gripe):
    gripe.ok("case", "open", "Acme", "Broken router")
    gripe.ok("case", "open", "Acme", "Wrong bill")
    data = gripe.json("log", "Acme", "About the bill", "--case", "#2")
    assert data["call"]["case_id"] == 2
    assert data["case"]["title"] == "Wrong bill"


def test_case_of_another_company_is_refused_and_nothing_written(gripe):
    gripe.ok("case", "open", "Acme", "Broken router")
    gripe.ok("case", "open", "Globex", "Late delivery")
    before = gripe.dump()
    result = gripe("log", "Acme", "misfiled", "--case", "2")
    assert result.exit_code == 1
    assert "#2" in result.stderr
    assert "Globex" in result.stderr
    assert gripe.dump() == before


def test_case_of_another_company_does_not_create_the_new_company(gripe):
    gripe.ok("case", "open", "Acme", "Broken router")
    result = gripe("log", "Brand New Co", "misfiled", "--case", "1")
    assert result.exit_code == 1
    assert gripe.rows("SELECT name FROM companies") == [("Acme",)]


@pytest.mark.parametrize(("case", "code"), [("99", 1), ("abc", 2)])
def test_case_option_unknown_or_malformed(gripe, case, code):
    gripe.ok("case", "open", "Acme", "Broken router")
    before = gripe.dump()
    result = gripe("log", "Acme", "x", "--case", case)
    assert result.exit_code == code
    assert result.stderr.startswith("Error:")
    assert gripe.dump() == before


def test_empty_summary_is_refused(gripe):
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    result = gripe("log", "Acme", "   ")
    assert result.exit_code == 2
    assert "summary" in result.stderr
    assert gripe.dump() == before


# ---- reps -----------------------------------------------------------------------------------


def rep_ids(gripe):
    return [row[0] for row in gripe.rows("SELECT rep_id FROM calls ORDER BY id")]


def test_rep_is_created_once_and_reused_by_name(gripe):
    first = gripe.json(
        "log", "Acme", "one", "--rep", "Dana", "--rep-id", "4471", "--role", "agent"
    )
    assert first["call"]["rep"]["name"] == "Dana"
    assert first["call"]["rep"]["employee_id"] == "4471"
    assert first["call"]["rep"]["role"] == "agent"
    second = gripe.json("log", "Acme", "two", "--rep", "dana")
    assert second["call"]["rep"]["id"] == first["call"]["rep"]["id"]
    assert gripe.rows("SELECT name, employee_id, role FROM reps") == [("Dana", "4471", "agent")]


def test_badge_id_alone_finds_the_rep(gripe):
    first = gripe.json("log", "Acme", "one", "--rep", "Dana", "--rep-id", "4471")
    second = gripe.json("log", "Acme", "two", "--rep-id", "4471")
    assert second["call"]["rep"]["id"] == first["call"]["rep"]["id"]
    assert second["call"]["rep"]["name"] == "Dana"
    assert gripe.rows("SELECT count(*) FROM reps") == [(1,)]


def test_same_name_different_badge_is_another_person(gripe):
    gripe.ok("log", "Acme", "one", "--rep", "Dana", "--rep-id", "4471")
    gripe.ok("log", "Acme", "two", "--rep", "Dana", "--rep-id", "9999")
    assert gripe.rows("SELECT name, employee_id FROM reps ORDER BY id") == [
        ("Dana", "4471"),
        ("Dana", "9999"),
    ]
    assert len(set(rep_ids(gripe))) == 2


def test_same_name_at_another_company_is_another_rep(gripe):
    gripe.ok("log", "Acme", "one", "--rep", "Dana")
    gripe.ok("log", "Globex", "two", "--rep", "Dana")
    assert gripe.rows("SELECT count(*) FROM reps") == [(2,)]


def test_role_learned_later_is_filled_in(gripe):
    gripe.ok("log", "Acme", "one", "--rep", "Dana")
    gripe.ok("log", "Acme", "two", "--rep", "Dana", "--role", "supervisor")
    assert gripe.rows("SELECT name, role FROM reps") == [("Dana", "supervisor")]


def test_badge_learned_later_is_filled_in(gripe):
    """reps.ensure's contract: "a role or badge id learned later is filled in"."""
    gripe.ok("log", "Acme", "one", "--rep", "Dana")
    gripe.ok("log", "Acme", "two", "--rep", "Dana", "--rep-id", "4471")
    assert gripe.rows("SELECT name, employee_id FROM reps") == [("Dana", "4471")]
    assert len(set(rep_ids(gripe))) == 1


def test_name_learned_later_for_a_badge_is_the_same_rep(gripe):
    """A badge id identifies: the rep first known only by badge is the one who gave a name."""
    gripe.ok("log", "Acme", "one", "--rep-id", "77")
    gripe.ok("log", "Acme", "two", "--rep", "Sam", "--rep-id", "77")
    assert len(set(rep_ids(gripe))) == 1
    assert gripe.rows("SELECT name, employee_id FROM reps") == [("Sam", "77")]


def test_bad_role_is_refused(gripe):
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    result = gripe("log", "Acme", "one", "--rep", "Dana", "--role", "boss")
    assert result.exit_code == 2
    assert "supervisor" in result.stderr
    assert gripe.dump() == before


# ---- channel, direction, durations, reference -------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("phone", "phone"),
        ("chat", "chat"),
        ("email", "email"),
        ("letter", "letter"),
        ("in-person", "in-person"),
        ("In Person", "in-person"),
        ("social", "social"),
        ("EMAIL", "email"),
    ],
)
def test_channel_is_stored(gripe, typed, stored):
    data = gripe.json("log", "Acme", "one", "--channel", typed)
    assert data["call"]["channel"] == stored
    assert [row[4] for row in calls(gripe)] == [stored]


def test_channel_defaults_to_phone_and_outbound(gripe):
    gripe.ok("log", "Acme", "one")
    assert [(row[4], row[5]) for row in calls(gripe)] == [("phone", "outbound")]


def test_unknown_channel_is_refused(gripe):
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    result = gripe("log", "Acme", "one", "--channel", "fax")
    assert result.exit_code == 2
    assert "'fax'" in result.stderr
    assert "in-person" in result.stderr
    assert gripe.dump() == before


def test_inbound_is_stored(gripe):
    data = gripe.json("log", "Acme", "they rang me", "--inbound")
    assert data["call"]["direction"] == "inbound"
    assert [row[5] for row in calls(gripe)] == ["inbound"]


@pytest.mark.parametrize(
    ("hold", "duration", "hold_minutes", "duration_minutes"),
    [
        ("25m", "1h10m", 25, 70),
        ("1:10", "90", 70, 90),
        ("1h 5m", "45 min", 65, 45),
        ("0", "2h", 0, 120),
    ],
)
def test_hold_and_duration_are_stored_in_minutes(
    gripe, hold, duration, hold_minutes, duration_minutes
):
    data = gripe.json("log", "Acme", "one", "--hold", hold, "--duration", duration)
    assert data["call"]["hold_minutes"] == hold_minutes
    assert data["call"]["duration_minutes"] == duration_minutes
    assert [(row[7], row[6]) for row in calls(gripe)] == [(hold_minutes, duration_minutes)]


@pytest.mark.parametrize("option", ["--hold", "--duration"])
def test_bad_duration_is_refused(gripe, option):
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    result = gripe("log", "Acme", "one", option, "ages")
    assert result.exit_code == 2
    assert "'ages'" in result.stderr
    assert gripe.dump() == before


def test_reference_is_stored_trimmed(gripe):
    result = gripe.ok("log", "Acme", "one", "--ref", "  SKY-88123 ")
    assert "ref SKY-88123" in result.stdout
    assert [row[8] for row in calls(gripe)] == ["SKY-88123"]


def test_no_reference_is_null(gripe):
    data = gripe.json("log", "Acme", "one")
    assert data["call"]["reference"] is None
    assert [row[8] for row in calls(gripe)] == [None]


# ---- when -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "stored"),
    [
        (None, "2026-07-28T13:00:00Z"),
        ("yesterday 3pm", "2026-07-27T14:00:00Z"),
        ("2 hours ago", "2026-07-28T11:00:00Z"),
        ("Tuesday 10am", "2026-07-28T09:00:00Z"),  # today (a Tuesday), past 10:00
        ("Tuesday 3pm", "2026-07-21T14:00:00Z"),  # still to come today: last week's
        ("2026-07-27T09:15:00Z", "2026-07-27T09:15:00Z"),
        ("2026-07-27 09:15", "2026-07-27T08:15:00Z"),
    ],
)
def test_at_is_stored_as_the_utc_instant(gripe, at, stored):
    gripe.ok("log", "Acme", "one", *(["--at", at] if at else []))
    assert [row[3] for row in calls(gripe)] == [stored]


def test_a_new_case_opens_when_the_call_happened(gripe):
    gripe.ok("log", "Acme", "one", "--at", "3 days ago")
    assert gripe.rows("SELECT opened_at FROM cases") == [("2026-07-25T13:00:00Z",)]


@pytest.mark.parametrize("at", ["tomorrow 3pm", "soonish", "5", "2026-08-01", "05/07/2026"])
def test_unreadable_or_future_at_is_refused_and_nothing_written(gripe, at):
    gripe.ok("company", "add", "Acme")
    before = gripe.dump()
    result = gripe("log", "Acme", "one", "--at", at)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert gripe.dump() == before


# ---- JSON -------------------------------------------------------------------------------------


def test_json_output_has_the_contract_keys(gripe):
    data = gripe.json(
        "log",
        "Skyline Fibre",
        "Still down",
        "--rep",
        "Priya Shah",
        "--rep-id",
        "S-102",
        "--role",
        "supervisor",
        "--channel",
        "chat",
        "--hold",
        "12m",
        "--duration",
        "25m",
        "--ref",
        "SKY-90411",
        "--at",
        "yesterday 3pm",
    )
    assert set(data) == {"call", "promise", "case"}
    assert data["promise"] is None
    assert set(data["call"]) >= CALL_KEYS
    assert set(data["case"]) >= CASE_KEYS
    call, case = data["call"], data["case"]
    assert call["id"] == 1
    assert call["case_id"] == case["id"] == 1
    assert call["company"] == case["company"] == "Skyline Fibre"
    assert call["at"] == "2026-07-27T15:00:00+01:00"
    assert call["channel"] == "chat"
    assert call["rep"]["name"] == "Priya Shah"
    assert call["rep"]["employee_id"] == "S-102"
    assert call["rep"]["role"] == "supervisor"
    assert call["summary"] == "Still down"
    assert call["reference"] == "SKY-90411"
    assert call["hold_minutes"] == 12
    assert call["duration_minutes"] == 25
    assert case["title"] == "Still down"
    assert case["status"] == "open"
    assert case["level"] == "frontline"
    assert len(call["uuid"]) == 36
    assert len(case["uuid"]) == 36
    assert gripe.rows("SELECT uuid FROM calls") == [(call["uuid"],)]
    assert gripe.rows("SELECT uuid FROM cases") == [(case["uuid"],)]


def test_json_times_carry_the_summer_london_offset(gripe):
    data = gripe.json("log", "Acme", "one")
    assert data["call"]["at"] == "2026-07-28T14:00:00+01:00"
    assert data["case"]["opened_at"] == "2026-07-28T14:00:00+01:00"


def test_json_without_rep_has_null_rep(gripe):
    data = gripe.json("log", "Acme", "one")
    assert data["call"]["rep"] is None
    assert gripe.rows("SELECT count(*) FROM reps") == [(0,)]


def test_human_output_names_the_case_time_rep_and_hold(gripe):
    result = gripe.ok(
        "log", "Acme", "one", "--rep", "Dana", "--rep-id", "4471", "--hold", "25m", "--at", "3pm"
    )
    out = result.stdout
    assert "Logged call #1 on new case #1 (Acme: one)" in out
    assert "Mon 27 Jul 2026 15:00" in out
    assert "Dana (ID 4471)" in out
    assert "25m on hold" in out


def test_log_without_arguments_outside_a_terminal_is_a_usage_error(gripe):
    result = gripe("log")
    assert result.exit_code == 2
    assert "gripe log" in result.stderr
