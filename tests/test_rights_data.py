"""The rights data: every rule sourced and dated, and every clock's date right.

One table row per rule with a clock (a test fails when a rule has none), each giving a case's
event dates and the day the clock must fall on: month ends, leap years and business days
included where the rule counts them. Pure computation: no database, no clock.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from gripe import rights
from gripe.rights.clocks import Clock, compute, is_pressing, next_clock
from gripe.rights.facts import CaseFacts
from gripe.rights.rules import EVENTS, JURISDICTIONS, KINDS, SECTORS, UNITS, Rule
from gripe.rights.words import sentence, status, warning

RULES = rights.all_rules()
TODAY = date(2026, 12, 1)

# (rule key, sector, the case's event dates, the day the clock falls on)
TABLE: list[tuple[str, str, dict[str, date], date]] = [
    # Financial Ombudsman: 8 weeks after the complaint, at once after a final response.
    ("uk-fos-opens", "bank", {"first-complaint": date(2026, 3, 2)}, date(2026, 4, 27)),
    ("uk-fos-opens", "loan", {"first-complaint": date(2027, 12, 31)}, date(2028, 2, 25)),
    (
        "uk-fos-opens",
        "credit-card",
        {"first-complaint": date(2026, 3, 2), "final-response": date(2026, 3, 20)},
        date(2026, 3, 20),
    ),
    # Payment services: 15 business days (Christmas and New Year are not skipped: see the note).
    (
        "uk-fos-payment-services-opens",
        "bank",
        {"first-complaint": date(2026, 12, 24)},
        date(2027, 1, 14),
    ),
    (
        "uk-fos-payment-services-opens",
        "bank",
        {"first-complaint": date(2026, 5, 2)},  # a Saturday: day 1 is Monday 4 May
        date(2026, 5, 22),
    ),
    # Six months after a final response: month ends and leap years.
    ("uk-fos-closes", "insurance", {"final-response": date(2026, 8, 31)}, date(2027, 2, 28)),
    ("uk-fos-closes", "insurance", {"final-response": date(2027, 8, 31)}, date(2028, 2, 29)),
    ("uk-fos-closes", "store-card", {"final-response": date(2026, 3, 15)}, date(2026, 9, 15)),
    # Telecoms ADR: 8 weeks until 7 April 2026, 6 weeks from 8 April 2026.
    (
        "uk-telecoms-adr-opens-6-weeks",
        "broadband",
        {"first-complaint": date(2026, 3, 2)},
        date(2026, 4, 13),
    ),
    (
        "uk-telecoms-adr-opens-8-weeks",
        "mobile",
        {"first-complaint": date(2026, 1, 1)},
        date(2026, 2, 26),
    ),
    (
        "uk-telecoms-adr-opens-8-weeks",
        "landline",
        {"first-complaint": date(2026, 2, 10)},
        date(2026, 4, 7),
    ),
    # Six weeks after 20 February is 3 April, before the change: the door opens on 8 April,
    # earlier than the old 8 weeks (17 April).
    (
        "uk-telecoms-adr-opens-6-weeks",
        "broadband",
        {"first-complaint": date(2026, 2, 20)},
        date(2026, 4, 8),
    ),
    # A deadlock letter opens the door at once, under the version in force that day.
    (
        "uk-telecoms-adr-opens-8-weeks",
        "broadband",
        {"first-complaint": date(2026, 3, 2), "final-response": date(2026, 3, 9)},
        date(2026, 3, 9),
    ),
    (
        "uk-telecoms-adr-opens-6-weeks",
        "broadband",
        {"first-complaint": date(2026, 4, 1), "final-response": date(2026, 4, 10)},
        date(2026, 4, 10),
    ),
    ("uk-telecoms-adr-closes", "mobile", {"final-response": date(2028, 2, 29)}, date(2029, 2, 28)),
    ("uk-telecoms-adr-closes", "mobile", {"final-response": date(2026, 5, 31)}, date(2027, 5, 31)),
    (
        "uk-energy-ombudsman-opens",
        "energy",
        {"first-complaint": date(2026, 1, 5)},
        date(2026, 3, 2),
    ),
    (
        "uk-energy-ombudsman-opens",
        "energy",
        {"first-complaint": date(2026, 1, 5), "final-response": date(2026, 2, 1)},
        date(2026, 2, 1),
    ),
    # Water: 10 working days, the first being the day after the company received it.
    (
        "uk-water-reply-due",
        "water",
        {"first-written-complaint": date(2026, 12, 4)},  # a Friday
        date(2026, 12, 18),
    ),
    (
        "uk-water-reply-due",
        "water",
        {"first-written-complaint": date(2026, 12, 19)},  # a Saturday
        date(2027, 1, 1),
    ),
    ("uk-ccw-opens", "water", {"final-response": date(2026, 6, 1)}, date(2026, 6, 1)),
    ("uk-watrs-closes", "water", {"ccw-letter": date(2026, 3, 31)}, date(2026, 9, 30)),
    ("uk-watrs-closes", "water", {"ccw-letter": date(2027, 8, 29)}, date(2028, 2, 29)),
    # Consumer Rights Act: the end of 30 days beginning with the day after delivery.
    ("uk-cra-short-term-reject", "retail", {"delivered": date(2026, 1, 31)}, date(2026, 3, 2)),
    ("uk-cra-short-term-reject", "retail", {"delivered": date(2028, 2, 1)}, date(2028, 3, 2)),
    ("uk-ccr-cancel", "retail", {"delivered": date(2026, 12, 20)}, date(2027, 1, 3)),
    (
        "uk-letter-before-claim",
        "airline",
        {"sent-final-notice": date(2026, 2, 20)},
        date(2026, 3, 6),
    ),
    (
        "uk-letter-before-claim",
        "other",
        {"sent-final-notice": date(2028, 2, 20)},
        date(2028, 3, 5),
    ),
    # Fair Credit Billing Act: 60 days from the statement; 30 days and 90 days from the notice.
    ("us-fcba-notice", "store-card", {"statement-date": date(2026, 6, 10)}, date(2026, 8, 9)),
    ("us-fcba-notice", "credit-card", {"statement-date": date(2027, 12, 31)}, date(2028, 2, 29)),
    ("us-fcba-notice", "credit-card", {"statement-date": date(2026, 12, 31)}, date(2027, 3, 1)),
    (
        "us-fcba-acknowledge",
        "store-card",
        {"sent-billing-dispute": date(2026, 7, 1)},
        date(2026, 7, 31),
    ),
    (
        "us-fcba-resolve",
        "store-card",
        {"sent-billing-dispute": date(2026, 7, 1)},
        date(2026, 9, 29),
    ),
    (
        "us-fcba-resolve",
        "credit-card",
        {"sent-billing-dispute": date(2027, 12, 1)},
        date(2028, 2, 29),
    ),
    # Regulation E: 60 days; 10 business days; 45 days.
    ("us-reg-e-notice", "bank", {"statement-date": date(2026, 1, 1)}, date(2026, 3, 2)),
    ("us-reg-e-investigate", "bank", {"first-complaint": date(2026, 2, 28)}, date(2026, 3, 13)),
    ("us-reg-e-investigate", "bank", {"first-complaint": date(2026, 12, 23)}, date(2027, 1, 6)),
    ("us-reg-e-provisional", "bank", {"first-complaint": date(2028, 1, 31)}, date(2028, 3, 16)),
    # CFPB, FCC, BBB: from the day you filed.
    ("us-cfpb-response", "loan", {"filed-cfpb": date(2026, 2, 20)}, date(2026, 3, 7)),
    ("us-cfpb-close", "bank", {"filed-cfpb": date(2026, 1, 1)}, date(2026, 3, 2)),
    ("us-fcc-response", "tv", {"filed-fcc": date(2028, 2, 1)}, date(2028, 3, 2)),
    ("us-bbb-response", "airline", {"filed-bbb": date(2026, 12, 25)}, date(2027, 1, 8)),
]


def _clock_for(key: str, sector: str, dates: dict[str, date]) -> Clock:
    rule = next(rule for rule in RULES if rule.key == key)
    report = compute(CaseFacts(1, sector, dates), rule.jurisdiction, RULES)
    for clock in report.clocks:
        if clock.rule.clock_name == rule.clock_name:
            return clock
    raise AssertionError(f"no dated clock for {key}: {report}")


@pytest.mark.parametrize(("key", "sector", "dates", "expected"), TABLE)
def test_each_clock_falls_on_the_right_day(
    key: str, sector: str, dates: dict[str, date], expected: date
) -> None:
    clock = _clock_for(key, sector, dates)
    assert clock.rule.key == key
    assert clock.day == expected
    assert expected.strftime("%B") in sentence(clock)


def test_every_rule_with_a_clock_has_a_table_row() -> None:
    with_clocks = {rule.key for rule in RULES if rule.period is not None}
    assert with_clocks - {row[0] for row in TABLE} == set()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.key)
def test_every_rule_has_a_dated_primary_source(rule: Rule) -> None:
    assert rule.sources, f"{rule.key} has no source"
    for source in rule.sources:
        assert source.title.strip()
        assert source.says.strip()
        assert source.url.startswith(("https://", "http://")), source.url
        assert date(2025, 1, 1) <= source.checked <= TODAY, source.checked


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.key)
def test_every_rule_is_well_formed(rule: Rule) -> None:
    assert rule.jurisdiction in JURISDICTIONS
    assert rule.kind in KINDS
    assert rule.sectors is None or rule.sectors <= set(SECTORS)
    assert rule.body
    assert rule.does
    assert rule.allows
    assert rule.law
    if rule.kind == "right":
        assert rule.period is None
        assert rule.counted_from is None
    else:
        assert rule.period is not None
        assert rule.period.unit in UNITS
        assert rule.counted_from in EVENTS
    for event in (rule.early, rule.met_by):
        assert event is None or event in EVENTS
    if rule.period is not None and rule.period.unit == "business-days":
        assert "holiday" in (rule.note or ""), "say that public holidays are not skipped"


def test_rule_keys_are_unique() -> None:
    keys = [rule.key for rule in RULES]
    assert len(keys) == len(set(keys))


def test_versions_of_a_clock_do_not_overlap_in_time() -> None:
    groups: dict[str, list[Rule]] = {}
    for rule in RULES:
        groups.setdefault(rule.clock_name, []).append(rule)
    for versions in groups.values():
        ordered = sorted(versions, key=lambda rule: rule.in_force_from or date.min)
        for earlier, later in itertools.pairwise(ordered):
            assert earlier.in_force_until is not None
            assert later.in_force_from is not None
            assert (later.in_force_from - earlier.in_force_until).days == 1


def test_a_missing_event_waits_and_names_what_to_record() -> None:
    report = compute(CaseFacts(7, "store-card", {}), "US", RULES)
    assert report.clocks == []
    waiting = {clock.rule.key for clock in report.waiting}
    assert {"us-fcba-notice", "us-fcba-acknowledge", "us-fcba-resolve"} <= waiting


def test_no_sector_names_no_sector_body_and_says_so() -> None:
    report = compute(CaseFacts(3, None, {}, "Acme", 9), "UK", RULES)
    assert all(clock.rule.sectors is None for clock in report.clocks + report.waiting)
    assert report.rights == []
    assert "gripe company edit 9 --sector" in report.notes[0]


def test_a_sector_without_a_recorded_body_says_so() -> None:
    report = compute(CaseFacts(3, "airline", {}), "UK", RULES)
    assert any("no rule recorded for airline" in note for note in report.notes)
    assert rights.body_for("UK", "airline") is None
    assert rights.body_for("UK", "tv") is None
    assert rights.body_for("US", "insurance") is None


def test_no_jurisdiction_computes_nothing_and_says_how_to_set_it() -> None:
    report = compute(CaseFacts(3, "bank", {"first-complaint": date(2026, 1, 1)}), None, RULES)
    assert report.clocks == report.waiting == []
    assert "gripe config set jurisdiction" in report.notes[0]


def test_bodies_for_letters() -> None:
    body = rights.body_for("UK", "broadband")
    assert body is not None
    assert "Communications Ombudsman" in body.body
    body = rights.body_for("UK", "energy")
    assert body is not None
    assert body.body == "the Energy Ombudsman"
    body = rights.body_for("US", "store-card")
    assert body is not None
    assert body.body == "the Consumer Financial Protection Bureau (CFPB)"
    body = rights.body_for("US", "broadband")
    assert body is not None
    assert "FCC" in body.body
    body = rights.body_for("US", "water")
    assert body is not None
    assert "utility commission" in body.body


def test_the_wording_of_a_clock() -> None:
    clock = _clock_for("uk-fos-opens", "bank", {"first-complaint": date(2026, 3, 2)})
    assert sentence(clock) == (
        "You can take this to the Financial Ombudsman Service from 27 April 2026 — 8 weeks "
        "after your first complaint on 2 March; FCA DISP 2.8.1R"
    )
    assert status(clock, date(2026, 4, 20)) == "opens in 7 days"
    assert status(clock, date(2026, 4, 27)) == "open now"
    assert is_pressing(clock, date(2026, 4, 20))
    assert not is_pressing(clock, date(2026, 4, 19))


def test_the_fcba_deadline_warns_when_near_or_past_and_is_met_by_the_letter() -> None:
    dates = {"statement-date": date(2026, 6, 10)}
    clock = _clock_for("us-fcba-notice", "store-card", dates)
    assert warning(clock, date(2026, 7, 1)) is None
    assert warning(clock, date(2026, 7, 30)) == "Warning: only 10 days left."
    assert warning(clock, date(2026, 8, 9)) == "Warning: today is the last day."
    passed = warning(clock, date(2026, 8, 12))
    assert passed is not None
    assert passed.startswith("Warning: this date passed 3 days ago.")
    assert is_pressing(clock, date(2026, 7, 27))
    assert not is_pressing(clock, date(2026, 7, 25))
    met = _clock_for(
        "us-fcba-notice", "store-card", {**dates, "sent-billing-dispute": date(2026, 7, 1)}
    )
    assert warning(met, date(2026, 8, 12)) is None
    assert status(met, date(2026, 8, 12)).startswith("done:")


def test_next_clock_is_the_earliest_ahead() -> None:
    report = compute(
        CaseFacts(
            1,
            "credit-card",
            {"first-complaint": date(2026, 3, 2), "final-response": date(2026, 5, 1)},
        ),
        "UK",
        RULES,
    )
    upcoming = next_clock(report, date(2026, 6, 1))
    assert upcoming is not None
    assert upcoming.rule.key == "uk-fos-closes"
    assert upcoming.day == date(2026, 11, 1)
