"""`gripe config set/get/list/unset` and `gripe rep list`."""

from __future__ import annotations

import pytest

KEYS = ["name", "address", "email", "phone", "timezone", "date_order", "jurisdiction"]


def settings(gripe):
    return dict(gripe.rows("SELECT key, value FROM settings"))


# ---- config -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("name", "Ada Lovelace", "Ada Lovelace"),
        ("address", "1 Mill Lane\\nLeeds LS1 1AA", "1 Mill Lane\nLeeds LS1 1AA"),
        ("email", "ada@example.com", "ada@example.com"),
        ("phone", " 07700 900123 ", "07700 900123"),
        ("timezone", "America/New_York", "America/New_York"),
        ("date_order", "dmy", "DMY"),
        ("date_order", "MDY", "MDY"),
        ("jurisdiction", "uk", "UK"),
        ("jurisdiction", "US", "US"),
    ],
)
def test_config_set_then_get(gripe, key, typed, stored):
    gripe.ok("config", "set", key, typed)
    assert settings(gripe) == {key: stored}
    assert gripe.ok("config", "get", key).stdout == stored + "\n"


def test_config_set_replaces_the_value(gripe):
    gripe.ok("config", "set", "name", "Ada")
    gripe.ok("config", "set", "name", "Ada Lovelace")
    assert settings(gripe) == {"name": "Ada Lovelace"}


@pytest.mark.parametrize("command", ["set", "get", "unset"])
def test_unknown_key_is_refused_listing_the_valid_keys(gripe, command):
    gripe.ok("config", "set", "name", "Ada")
    before = gripe.dump()
    result = gripe("config", command, "tz", *(["Europe/London"] if command == "set" else []))
    assert result.exit_code == 2
    assert "'tz'" in result.stderr
    for key in KEYS:
        assert key in result.stderr
    assert gripe.dump() == before


@pytest.mark.parametrize(
    ("key", "good", "bad"),
    [
        ("timezone", "Europe/Paris", "Mars/Olympus"),
        ("timezone", "Europe/Paris", "not a zone"),
        ("date_order", "DMY", "YMD"),
        ("date_order", "DMY", "day first"),
        ("jurisdiction", "UK", "EU"),
        ("name", "Ada", "   "),
    ],
)
def test_bad_values_are_refused_and_nothing_written(gripe, key, good, bad):
    gripe.ok("config", "set", key, good)
    before = gripe.dump()
    result = gripe("config", "set", key, bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert gripe.dump() == before
    assert gripe.ok("config", "get", key).stdout.strip() == good


def test_config_get_unset_key_is_not_found(gripe):
    result = gripe("config", "get", "name")
    assert result.exit_code == 1
    assert "gripe config set name" in result.stderr
    assert result.stdout == ""


def test_config_unset(gripe):
    gripe.ok("config", "set", "name", "Ada")
    gripe.ok("config", "set", "email", "ada@example.com")
    result = gripe.ok("config", "unset", "name")
    assert "name removed" in result.stderr
    assert settings(gripe) == {"email": "ada@example.com"}
    assert gripe("config", "get", "name").exit_code == 1
    again = gripe.ok("config", "unset", "name")
    assert "was not set" in again.stderr


def test_config_list_table_and_json(gripe):
    gripe.ok("config", "set", "name", "Ada Lovelace")
    gripe.ok("config", "set", "jurisdiction", "UK")
    out = gripe.ok("config", "list").stdout
    for key in KEYS:
        assert key in out
    assert "Ada Lovelace" in out
    assert "not set" in out
    data = gripe.json("config", "list")
    assert [item["key"] for item in data] == KEYS
    values = {item["key"]: item["value"] for item in data}
    assert values["name"] == "Ada Lovelace"
    assert values["jurisdiction"] == "UK"
    assert values["email"] is None
    assert all(item["description"] for item in data)


# ---- the timezone setting and TZ ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "iso", "shown"),
    [
        ("America/New_York", "2026-07-27T10:00:00-04:00", "Mon 27 Jul 2026 10:00"),
        ("Asia/Tokyo", "2026-07-27T23:00:00+09:00", "Mon 27 Jul 2026 23:00"),
        ("Europe/London", "2026-07-27T15:00:00+01:00", "Mon 27 Jul 2026 15:00"),
    ],
)
def test_timezone_setting_is_used_when_tz_is_unset(gripe, monkeypatch, zone, iso, shown):
    monkeypatch.delenv("TZ")
    gripe.ok("config", "set", "timezone", zone)
    gripe.ok("log", "Acme", "one", "--at", "2026-07-27T14:00:00Z")
    assert gripe.json("case", "show", "1")["calls"][0]["at"] == iso
    assert shown in gripe.ok("case", "show", "1").stdout


def test_tz_overrides_the_timezone_setting(gripe, monkeypatch):
    gripe.ok("config", "set", "timezone", "America/New_York")
    gripe.ok("log", "Acme", "one", "--at", "2026-07-27T14:00:00Z")
    assert gripe.json("case", "show", "1")["calls"][0]["at"] == "2026-07-27T15:00:00+01:00"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert gripe.json("case", "show", "1")["calls"][0]["at"] == "2026-07-27T23:00:00+09:00"


def test_timezone_setting_reads_at_in_that_zone(gripe, monkeypatch):
    monkeypatch.delenv("TZ")
    gripe.ok("config", "set", "timezone", "America/New_York")
    # GRIPE_NOW is 09:00 in New York; "yesterday 3pm" is 15:00 New York time = 19:00 UTC.
    gripe.ok("log", "Acme", "one", "--at", "yesterday 3pm")
    assert gripe.rows("SELECT at FROM calls") == [("2026-07-27T19:00:00Z",)]


@pytest.mark.parametrize(
    ("order", "stored"),
    [("DMY", "2026-07-05T11:00:00Z"), ("MDY", "2026-05-07T11:00:00Z")],
)
def test_date_order_setting_reads_ambiguous_at(gripe, order, stored):
    gripe.ok("config", "set", "date_order", order)
    gripe.ok("log", "Acme", "one", "--at", "05/07/2026")
    assert gripe.rows("SELECT at FROM calls") == [(stored,)]


# ---- rep list -----------------------------------------------------------------------------------

REP_KEYS = {"id", "uuid", "name", "employee_id", "role", "company", "calls", "kept", "broken"}


@pytest.fixture
def reps(gripe):
    gripe.ok("log", "Acme", "one", "--rep", "Dana", "--rep-id", "4471", "--role", "agent")
    gripe.ok("log", "Acme", "two", "--rep", "Dana")
    gripe.ok("log", "Acme", "three", "--rep", "Priya Shah", "--role", "supervisor")
    gripe.ok("log", "Globex", "four", "--rep", "Lee")
    return gripe


def test_rep_list_table(reps):
    out = reps.ok("rep", "list").stdout
    for text in ["Rep", "Badge", "Role", "Company", "Kept", "Broken"]:
        assert text in out
    dana = next(line for line in out.splitlines() if "Dana" in line)
    assert "4471" in dana
    assert "agent" in dana
    assert "Acme" in dana
    assert dana.split()[-4:] == ["2", "0", "0", "0"]
    assert "Priya Shah" in out
    assert "Lee" in out


def test_rep_list_json(reps):
    data = reps.json("rep", "list")
    assert isinstance(data, list)
    for rep in data:
        assert set(rep) >= REP_KEYS
    by_name = {rep["name"]: rep for rep in data}
    assert set(by_name) == {"Dana", "Priya Shah", "Lee"}
    dana = by_name["Dana"]
    assert (dana["employee_id"], dana["role"], dana["company"], dana["calls"]) == (
        "4471",
        "agent",
        "Acme",
        2,
    )
    assert (dana["kept"], dana["broken"]) == (0, 0)
    assert by_name["Priya Shah"]["role"] == "supervisor"
    assert by_name["Lee"]["company"] == "Globex"
    assert by_name["Lee"]["employee_id"] is None


@pytest.mark.parametrize(
    ("company", "names"),
    [("acme", {"Dana", "Priya Shah"}), ("GLOBEX", {"Lee"}), ("#2", {"Lee"})],
)
def test_rep_list_company_filter(reps, company, names):
    data = reps.json("rep", "list", "--company", company)
    assert {rep["name"] for rep in data} == names
    out = reps.ok("rep", "list", "--company", company).stdout
    for name in {"Dana", "Priya Shah", "Lee"} - names:
        assert name not in out


def test_rep_list_unknown_company(reps):
    result = reps("rep", "list", "--company", "Initech")
    assert result.exit_code == 1
    assert "Initech" in result.stderr


def test_rep_list_empty_says_how_to_name_reps(gripe):
    result = gripe.ok("rep", "list")
    assert result.stdout == ""
    assert "--rep" in result.stderr
    assert gripe.json("rep", "list") == []


PAST = ("--by", "2026-07-21", "--at", "2026-07-20 10:00")  # due Tue 21 Jul: overdue now
FUTURE = ("--by", "2026-07-30")


@pytest.mark.parametrize(
    ("promises", "kept", "broken"),
    [
        ([(FUTURE, "kept")], 1, 0),
        ([(FUTURE, "broken")], 0, 1),
        ([(PAST, None)], 0, 1),  # still pending after its deadline: broken by the clock
        ([(FUTURE, None)], 0, 0),  # not due yet
        ([(PAST, "cancel")], 0, 0),
        ([(PAST, "kept"), (FUTURE, "kept"), (PAST, None), (FUTURE, None)], 2, 1),
    ],
)
def test_rep_record_counts_kept_and_broken_promises(gripe, promises, kept, broken):
    gripe.ok("log", "Acme", "one", "--rep", "Dana")
    for number, (when, fate) in enumerate(promises, start=1):
        gripe.ok("promise", "add", "1", f"promise {number}", "--rep", "Dana", *when)
        if fate:
            gripe.ok("promise", fate, str(number))
    (dana,) = gripe.json("rep", "list")
    assert (dana["name"], dana["kept"], dana["broken"]) == ("Dana", kept, broken)
    row = next(line for line in gripe.ok("rep", "list").stdout.splitlines() if "Dana" in line)
    assert row.split()[-3:-1] == [str(kept), str(broken)]
