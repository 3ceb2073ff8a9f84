"""The table test: every rule's examples and a corpus of real deadline phrases, read as expected.

The corpus (tests/data/deadline_corpus.csv) holds phrases companies and people really use, each
with the public page it came from (complaint forums, regulators' and ombudsmen's pages,
companies' help pages; US and UK), gathered on 2026-12-01. Each is read from Tuesday 28 July
2026, 14:00 in London, and is either read as its ``expected`` column says or refused with a
message that names a phrase gripe does read.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deadline_examples import BASE, REFUSED, local, matches, outcome
from gripe.dates import AT_RULES, DEADLINE_RULES, Deadline, parse_at, parse_deadline
from gripe.dates.arithmetic import LAST_YEAR
from gripe.dates.rule import Rule
from gripe.errors import BadInput

CORPUS = Path(__file__).parent / "data" / "deadline_corpus.csv"


def corpus() -> list[tuple[str, str, str]]:
    with CORPUS.open(newline="", encoding="utf-8") as rows:
        return [(row["phrase"], row["expected"], row["source"]) for row in csv.DictReader(rows)]


def rule_examples(rules: Sequence[Rule[Any]]) -> list[tuple[str, str, str, str]]:
    """(rule name, phrase, expected, base) for every example of every rule in a table."""
    found = []
    for rule in rules:
        for example in rule.examples:
            phrase, expected, *base = example
            found.append((rule.name, phrase, expected, base[0] if base else BASE))
    return found


DEADLINE_EXAMPLES = rule_examples(DEADLINE_RULES)


def read_deadline(phrase: str, base: str = BASE) -> tuple[str, Deadline | None]:
    read: list[Deadline] = []

    def due(text: str, moment: datetime) -> datetime:
        read.append(parse_deadline(text, moment))
        return read[-1].due

    found = outcome(due, phrase, base)
    return found, (read[0] if read else None)


def read_any(phrase: str, base: datetime) -> tuple[str, Deadline | None]:
    """(the refusal's message or "", the deadline or None)."""
    try:
        return "", parse_deadline(phrase, base)
    except BadInput as refused:
        return refused.message, None


QUOTED = re.compile(r'"([^"]+)"')


def names_a_phrase_that_works(message: str, base: str = BASE) -> bool:
    """Whether the refusal quotes at least one phrase that gripe reads at ``base``."""
    for example in QUOTED.findall(message):
        found, _ = read_deadline(example, base)
        if not found.startswith(REFUSED):
            return True
    return False


# ---- the table ----------------------------------------------------------------------------------


def test_every_rule_has_a_name_a_sentence_and_examples() -> None:
    names = [rule.name for rule in DEADLINE_RULES]
    assert len(names) == len(set(names))
    for rule in (*DEADLINE_RULES, *AT_RULES):
        assert rule.name
        assert rule.says.endswith("."), rule.name
        assert rule.examples, rule.name


@pytest.mark.parametrize(("rule", "phrase", "expected", "base"), DEADLINE_EXAMPLES)
def test_each_rule_reads_its_own_examples(
    rule: str, phrase: str, expected: str, base: str
) -> None:
    found, deadline = read_deadline(phrase, base)
    assert matches(found, expected, deadline.date_only if deadline else None), found
    if deadline is not None:
        assert rule in deadline.rule  # read by this rule, not by a rule before it
    else:
        assert names_a_phrase_that_works(found, base), found


@pytest.mark.parametrize(("rule", "phrase", "expected", "base"), rule_examples(AT_RULES))
def test_each_at_rule_reads_its_own_examples(
    rule: str, phrase: str, expected: str, base: str
) -> None:
    assert matches(outcome(parse_at, phrase, base), expected)


# ---- the corpus ---------------------------------------------------------------------------------


def test_the_corpus_is_big_enough_and_sourced() -> None:
    rows = corpus()
    assert len(rows) >= 100
    assert len({phrase.lower() for phrase, _, _ in rows}) == len(rows)
    assert all(source.startswith(("http://", "https://")) for _, _, source in rows)
    assert len({source for _, _, source in rows}) >= 50


@pytest.mark.parametrize(("phrase", "expected", "source"), corpus())
def test_corpus_phrase(phrase: str, expected: str, source: str) -> None:
    found, deadline = read_deadline(phrase)
    assert matches(found, expected, deadline.date_only if deadline else None), (found, source)
    if deadline is None:
        assert names_a_phrase_that_works(found), found
    else:
        assert deadline.rule != "dateparser"  # the families of the corpus are gripe's own


# ---- what always holds --------------------------------------------------------------------------

ZONES = [ZoneInfo("Europe/London"), ZoneInfo("America/New_York"), timezone.utc]
WORDS = [
    "friday", "next", "monday", "week", "weeks", "on", "tomorrow", "today", "by", "at", "the",
    "end", "of", "month", "year", "close", "business", "working", "days", "day", "hours",
    "minutes", "within", "in", "up", "to", "between", "and", "or", "-", "5pm", "noon", "9",
    "nine", "half", "past", "four", "12:30", "eod", "cob", "first", "thing", "lunchtime",
    "morning", "evening", "aug", "5th", "the 15th", "2026-08-05", "13/08/2026", "a",
    "fortnight", "before", "after", "from", "sometime", "max", "calendar", "full", "another",
    "2", "3", "10", "48", "365", "99999", "1969-12-31", "2201-01-01", "o'clock", "week",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
    base=st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(LAST_YEAR, 12, 1)),
    zone=st.sampled_from(ZONES),
)
def test_an_accepted_deadline_is_after_the_base_and_within_the_years(
    words: list[str], base: datetime, zone: ZoneInfo
) -> None:
    moment = base.replace(tzinfo=zone)
    found, deadline = read_any(" ".join(words), moment)
    if deadline is None:
        assert found  # a refusal says why, on one line
        assert "\n" not in found
        return
    assert deadline.due.astimezone(timezone.utc) > moment.astimezone(timezone.utc)
    assert 1970 <= deadline.due.year <= LAST_YEAR


@pytest.mark.parametrize("text", ["9999-12-31", "in 300 years", "0001-01-01", "in 99999999 days"])
def test_dates_outside_the_years_are_bad_input(text: str) -> None:
    with pytest.raises(BadInput, match=r"outside the years gripe keeps \(1970-2200\)"):
        parse_deadline(text, local(BASE))


@pytest.mark.parametrize("text", ["0001-01-01", "0001-01-01 10:00", "9999-12-31 12:00"])
def test_at_outside_the_years_is_bad_input(text: str) -> None:
    with pytest.raises(BadInput, match="outside the years"):
        parse_at(text, local(BASE), allow_future=True)


def every_phrase() -> list[tuple[str, str]]:
    """Every example of the table and every phrase of the corpus: (phrase, base)."""
    examples = [(phrase, base) for _, phrase, _, base in DEADLINE_EXAMPLES]
    return [*examples, *((phrase, BASE) for phrase, _, _ in corpus())]


def test_gripe_when_and_gripe_log_agree_on_every_phrase(gripe, monkeypatch) -> None:
    gripe.ok("log", "Acme", "first call")
    for phrase, base in every_phrase():
        moment = local(base).isoformat()
        monkeypatch.setenv("GRIPE_NOW", moment)
        when = gripe("when", phrase, "--json")
        logged = gripe("log", "Acme", "Called", "--promise", "Fix it", "--by", phrase, "--json")
        assert when.exit_code == logged.exit_code, (phrase, when.stderr, logged.stderr)
        if when.exit_code == 0:
            promise = json.loads(logged.stdout)["promise"]
            assert json.loads(when.stdout)["due"] == promise["due"], phrase
            assert promise["due_text"] == phrase.strip()
        else:
            assert when.exit_code == 2
            assert when.stderr == logged.stderr, phrase


# ---- dateparser stays unloaded ------------------------------------------------------------------

PROBE = """
import json, sys
from datetime import datetime
from zoneinfo import ZoneInfo
from gripe.dates import parse_deadline
from gripe.errors import BadInput
base = datetime(2026, 7, 28, 14, tzinfo=ZoneInfo("Europe/London"))
for phrase in json.loads(sys.stdin.read()):
    try:
        parse_deadline(phrase, base)
    except BadInput:
        pass
print("dateparser" in sys.modules)
"""


def dateparser_loaded_after(phrases: list[str]) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps(phrases),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "True"


def test_the_new_families_are_read_without_loading_dateparser() -> None:
    phrases = [phrase for phrase, _ in every_phrase()]
    assert not dateparser_loaded_after(phrases)


def test_dateparser_is_still_the_fallback_for_what_no_rule_reads() -> None:
    deadline = parse_deadline("1st of next month", local(BASE))
    assert deadline.rule == "dateparser"
    assert deadline.due == local("2026-08-01 23:59")
    assert deadline.date_only
    assert dateparser_loaded_after(["1st of next month"])


def test_a_reading_after_the_base_but_before_now_is_still_accepted() -> None:
    call = local(BASE) - timedelta(days=7)
    assert parse_deadline("friday 5pm", call).due == local("2026-07-24 17:00")


# ---- the benchmark stores what gripe reads ------------------------------------------------------


def test_the_benchmark_database_deadlines_are_gripes_own_readings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "make_db.py"
    spec = importlib.util.spec_from_file_location("make_db", path)
    assert spec is not None
    assert spec.loader is not None
    make_db = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_db", make_db)  # its dataclasses look themselves up
    spec.loader.exec_module(make_db)
    start = datetime(2024, 1, 1, 9, 17, tzinfo=timezone.utc)
    for phrase, date_only, rule in (*make_db.DEADLINES, *make_db.LONG_DEADLINES):
        for hours in range(0, 24 * 14, 7):  # every weekday, at many times of day
            made = start + timedelta(hours=hours)
            deadline = parse_deadline(phrase, made)
            assert (deadline.due, deadline.date_only) == (rule(made), bool(date_only)), phrase
