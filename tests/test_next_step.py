"""The next step: one rule over a case's level, its letters and its promises (and the door to
its ombudsman), read by ``case show``, the dashboard and ``gripe letter``.

`TABLE` is every combination the rule names: level, the newest letter's state, what the
promises come to, the door shut or open, with the kind of step and the letter ``gripe letter``
writes by default. The newest letter in each row is the level's own letter (a complaint at the
frontline, an escalation at supervisor or executive, the regulator letter at regulator, the
letter before action at legal); other sequences are tested below the table.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from conftest import Gripe
from gripe.facts import letters as letter_states
from gripe.facts.next_step import (
    LETTER_STATES,
    PROMISE_STATES,
    LatestLetter,
    Situation,
    next_step,
)
from gripe.model import TEMPLATE_FOR_LEVEL, Level

DUE = datetime(2026, 8, 11, 22, 59, tzinfo=timezone.utc)
COUNTS = {"none": (0, 0, 0), "pending": (0, 1, 0), "broken": (1, 0, 0), "undated": (0, 0, 1)}
BODY = "the Energy Ombudsman"

# door  level      letter   promises kind         template
TABLE = """
shut frontline  none     none     letter       complaint
shut frontline  none     pending  wait-promise complaint
shut frontline  none     broken   letter       follow-up
shut frontline  none     undated  ask-date     follow-up
shut frontline  written  none     send         follow-up
shut frontline  written  pending  send         follow-up
shut frontline  written  broken   send         follow-up
shut frontline  written  undated  send         follow-up
shut frontline  sent     none     wait-letter  follow-up
shut frontline  sent     pending  wait-letter  follow-up
shut frontline  sent     broken   wait-letter  follow-up
shut frontline  sent     undated  wait-letter  follow-up
shut frontline  no-reply none     letter       follow-up
shut frontline  no-reply pending  wait-promise follow-up
shut frontline  no-reply broken   letter       follow-up
shut frontline  no-reply undated  letter       follow-up
shut frontline  answered none     letter       follow-up
shut frontline  answered pending  wait-promise follow-up
shut frontline  answered broken   letter       follow-up
shut frontline  answered undated  ask-date     follow-up
shut supervisor none     none     letter       escalation
shut supervisor none     pending  wait-promise escalation
shut supervisor none     broken   letter       follow-up
shut supervisor none     undated  ask-date     follow-up
shut supervisor written  none     send         final-notice
shut supervisor written  pending  send         final-notice
shut supervisor written  broken   send         final-notice
shut supervisor written  undated  send         final-notice
shut supervisor sent     none     wait-letter  final-notice
shut supervisor sent     pending  wait-letter  final-notice
shut supervisor sent     broken   wait-letter  final-notice
shut supervisor sent     undated  wait-letter  final-notice
shut supervisor no-reply none     letter       final-notice
shut supervisor no-reply pending  wait-promise final-notice
shut supervisor no-reply broken   letter       final-notice
shut supervisor no-reply undated  letter       final-notice
shut supervisor answered none     letter       final-notice
shut supervisor answered pending  wait-promise final-notice
shut supervisor answered broken   letter       final-notice
shut supervisor answered undated  ask-date     follow-up
shut executive  none     none     letter       escalation
shut executive  none     pending  wait-promise escalation
shut executive  none     broken   letter       escalation
shut executive  none     undated  ask-date     follow-up
shut executive  written  none     send         final-notice
shut executive  written  pending  send         final-notice
shut executive  written  broken   send         final-notice
shut executive  written  undated  send         final-notice
shut executive  sent     none     wait-letter  final-notice
shut executive  sent     pending  wait-letter  final-notice
shut executive  sent     broken   wait-letter  final-notice
shut executive  sent     undated  wait-letter  final-notice
shut executive  no-reply none     letter       final-notice
shut executive  no-reply pending  wait-promise final-notice
shut executive  no-reply broken   letter       final-notice
shut executive  no-reply undated  letter       final-notice
shut executive  answered none     letter       final-notice
shut executive  answered pending  wait-promise final-notice
shut executive  answered broken   letter       final-notice
shut executive  answered undated  ask-date     follow-up
shut regulator  none     none     letter       regulator
shut regulator  none     pending  wait-promise regulator
shut regulator  none     broken   letter       regulator
shut regulator  none     undated  ask-date     follow-up
shut regulator  written  none     send         final-notice
shut regulator  written  pending  send         final-notice
shut regulator  written  broken   send         final-notice
shut regulator  written  undated  send         final-notice
shut regulator  sent     none     wait-letter  final-notice
shut regulator  sent     pending  wait-letter  final-notice
shut regulator  sent     broken   wait-letter  final-notice
shut regulator  sent     undated  wait-letter  final-notice
shut regulator  no-reply none     letter       final-notice
shut regulator  no-reply pending  wait-promise final-notice
shut regulator  no-reply broken   letter       final-notice
shut regulator  no-reply undated  letter       final-notice
shut regulator  answered none     letter       final-notice
shut regulator  answered pending  wait-promise final-notice
shut regulator  answered broken   letter       final-notice
shut regulator  answered undated  ask-date     follow-up
shut legal      none     none     letter       final-notice
shut legal      none     pending  wait-promise final-notice
shut legal      none     broken   letter       final-notice
shut legal      none     undated  ask-date     follow-up
shut legal      written  none     send         regulator
shut legal      written  pending  send         regulator
shut legal      written  broken   send         regulator
shut legal      written  undated  send         regulator
shut legal      sent     none     wait-letter  regulator
shut legal      sent     pending  wait-letter  regulator
shut legal      sent     broken   wait-letter  regulator
shut legal      sent     undated  wait-letter  regulator
shut legal      no-reply none     letter       regulator
shut legal      no-reply pending  wait-promise regulator
shut legal      no-reply broken   letter       regulator
shut legal      no-reply undated  letter       regulator
shut legal      answered none     letter       regulator
shut legal      answered pending  wait-promise regulator
shut legal      answered broken   letter       regulator
shut legal      answered undated  ask-date     follow-up
open frontline  none     none     body         regulator
open frontline  none     pending  wait-promise complaint
open frontline  none     broken   body         regulator
open frontline  none     undated  body         regulator
open frontline  written  none     send         follow-up
open frontline  written  pending  send         follow-up
open frontline  written  broken   send         follow-up
open frontline  written  undated  send         follow-up
open frontline  sent     none     wait-letter  follow-up
open frontline  sent     pending  wait-letter  follow-up
open frontline  sent     broken   wait-letter  follow-up
open frontline  sent     undated  wait-letter  follow-up
open frontline  no-reply none     body         regulator
open frontline  no-reply pending  wait-promise follow-up
open frontline  no-reply broken   body         regulator
open frontline  no-reply undated  body         regulator
open frontline  answered none     body         regulator
open frontline  answered pending  wait-promise follow-up
open frontline  answered broken   body         regulator
open frontline  answered undated  body         regulator
open supervisor none     none     body         regulator
open supervisor none     pending  wait-promise escalation
open supervisor none     broken   body         regulator
open supervisor none     undated  body         regulator
open supervisor written  none     send         final-notice
open supervisor written  pending  send         final-notice
open supervisor written  broken   send         final-notice
open supervisor written  undated  send         final-notice
open supervisor sent     none     wait-letter  final-notice
open supervisor sent     pending  wait-letter  final-notice
open supervisor sent     broken   wait-letter  final-notice
open supervisor sent     undated  wait-letter  final-notice
open supervisor no-reply none     body         regulator
open supervisor no-reply pending  wait-promise final-notice
open supervisor no-reply broken   body         regulator
open supervisor no-reply undated  body         regulator
open supervisor answered none     body         regulator
open supervisor answered pending  wait-promise final-notice
open supervisor answered broken   body         regulator
open supervisor answered undated  body         regulator
open executive  none     none     body         regulator
open executive  none     pending  wait-promise escalation
open executive  none     broken   body         regulator
open executive  none     undated  body         regulator
open executive  written  none     send         final-notice
open executive  written  pending  send         final-notice
open executive  written  broken   send         final-notice
open executive  written  undated  send         final-notice
open executive  sent     none     wait-letter  final-notice
open executive  sent     pending  wait-letter  final-notice
open executive  sent     broken   wait-letter  final-notice
open executive  sent     undated  wait-letter  final-notice
open executive  no-reply none     body         regulator
open executive  no-reply pending  wait-promise final-notice
open executive  no-reply broken   body         regulator
open executive  no-reply undated  body         regulator
open executive  answered none     body         regulator
open executive  answered pending  wait-promise final-notice
open executive  answered broken   body         regulator
open executive  answered undated  body         regulator
open regulator  none     none     body         regulator
open regulator  none     pending  wait-promise regulator
open regulator  none     broken   body         regulator
open regulator  none     undated  body         regulator
open regulator  written  none     send         final-notice
open regulator  written  pending  send         final-notice
open regulator  written  broken   send         final-notice
open regulator  written  undated  send         final-notice
open regulator  sent     none     wait-letter  final-notice
open regulator  sent     pending  wait-letter  final-notice
open regulator  sent     broken   wait-letter  final-notice
open regulator  sent     undated  wait-letter  final-notice
open regulator  no-reply none     letter       final-notice
open regulator  no-reply pending  wait-promise final-notice
open regulator  no-reply broken   letter       final-notice
open regulator  no-reply undated  letter       final-notice
open regulator  answered none     letter       final-notice
open regulator  answered pending  wait-promise final-notice
open regulator  answered broken   letter       final-notice
open regulator  answered undated  ask-date     follow-up
open legal      none     none     body         regulator
open legal      none     pending  wait-promise final-notice
open legal      none     broken   body         regulator
open legal      none     undated  body         regulator
open legal      written  none     send         regulator
open legal      written  pending  send         regulator
open legal      written  broken   send         regulator
open legal      written  undated  send         regulator
open legal      sent     none     wait-letter  regulator
open legal      sent     pending  wait-letter  regulator
open legal      sent     broken   wait-letter  regulator
open legal      sent     undated  wait-letter  regulator
open legal      no-reply none     body         regulator
open legal      no-reply pending  wait-promise regulator
open legal      no-reply broken   body         regulator
open legal      no-reply undated  body         regulator
open legal      answered none     body         regulator
open legal      answered pending  wait-promise regulator
open legal      answered broken   body         regulator
open legal      answered undated  body         regulator
"""


def situation(door: str, level: str, letter: str, promises: str) -> Situation:
    broken, pending, undated = COUNTS[promises]
    template = TEMPLATE_FOR_LEVEL[Level(level)]
    latest = None if letter == "none" else LatestLetter(3, template, letter, DUE)
    return Situation(
        case_id=1,
        level=Level(level),
        latest=latest,
        written=frozenset() if latest is None else frozenset({template}),
        broken=broken,
        pending=pending,
        undated=undated,
        next_due=DUE if pending else None,
        body=BODY if door == "open" else None,
    )


ROWS = [tuple(line.split()) for line in TABLE.strip().splitlines()]


def test_the_table_names_every_combination_once() -> None:
    named = {row[:4] for row in ROWS}
    assert len(named) == len(ROWS)
    assert named == {
        (door, level.value, letter, promises)
        for door in ("shut", "open")
        for level in Level
        for letter in LETTER_STATES
        for promises in PROMISE_STATES
    }


@pytest.mark.parametrize("row", ROWS, ids=["-".join(row[:4]) for row in ROWS])
def test_next_step_table(row: tuple[str, ...]) -> None:
    door, level, letter, promises, kind, template = row
    step = next_step(situation(door, level, letter, promises))
    assert (step.kind, step.template) == (kind, template)


@pytest.mark.parametrize("row", ROWS, ids=["-".join(row[:4]) for row in ROWS])
def test_a_letter_waiting_for_its_reply_is_never_proposed_again(row: tuple[str, ...]) -> None:
    door, level, letter, promises = row[:4]
    found = situation(door, level, letter, promises)
    step = next_step(found)
    if letter in (letter_states.WRITTEN, letter_states.SENT):
        assert found.latest is not None
        assert step.template != found.latest.template
        assert f"--template {found.latest.template}" not in (step.command or "")


def test_the_ladder_climbs_letter_by_letter_as_each_goes_unanswered() -> None:
    written: set[str] = set()
    climbed = []
    for number in range(1, 5):
        latest = None
        if climbed:
            latest = LatestLetter(number - 1, climbed[-1], letter_states.NO_REPLY, DUE)
        step = next_step(
            Situation(1, Level.FRONTLINE, latest=latest, written=frozenset(written), broken=1)
        )
        climbed.append(step.template)
        written.add(step.template)
    assert climbed == ["follow-up", "escalation", "final-notice", "regulator"]
    latest = LatestLetter(4, "regulator", letter_states.NO_REPLY, DUE)
    done = next_step(Situation(1, Level.FRONTLINE, latest=latest, written=frozenset(written)))
    assert done.kind == "done"  # not a first complaint after everything else
    assert done.command is None


def test_after_the_regulator_letter_the_letter_before_action_remains() -> None:
    step = next_step(
        Situation(
            1, Level.REGULATOR, latest=LatestLetter(2, "regulator", letter_states.NO_REPLY, DUE),
            written=frozenset({"complaint", "regulator"}),
        )
    )  # fmt: skip
    assert (step.kind, step.template) == ("letter", "final-notice")


def test_after_a_billing_dispute_goes_unanswered_the_regulator_is_next() -> None:
    step = next_step(
        Situation(
            1, Level.FRONTLINE,
            latest=LatestLetter(1, "billing-dispute", letter_states.NO_REPLY, DUE),
            written=frozenset({"billing-dispute"}),
        )
    )  # fmt: skip
    assert (step.kind, step.template) == ("letter", "regulator")


def test_while_a_promise_is_awaited_the_letter_if_it_breaks_is_named() -> None:
    step = next_step(Situation(1, Level.FRONTLINE, pending=1, next_due=DUE))
    assert (step.kind, step.template, step.if_not) == ("wait-promise", "complaint", "follow-up")
    assert step.command == "gripe letter 1 --template follow-up"


def test_a_closed_case_has_no_step() -> None:
    step = next_step(Situation(1, Level.SUPERVISOR, is_open=False, broken=2))
    assert step.kind == "closed"
    assert step.command is None


def test_a_user_template_does_not_move_the_ladder() -> None:
    step = next_step(
        Situation(
            1, Level.FRONTLINE, latest=LatestLetter(1, "my-own", letter_states.ANSWERED),
            written=frozenset({"my-own"}),
        )
    )  # fmt: skip
    assert step.template == "complaint"


# ---- the three places that use it agree -------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def test_case_show_the_dashboard_and_gripe_letter_follow_the_same_step(
    gripe: Gripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    gripe.ok(
        "log", "Skyline Fibre", "Internet down", "--at", "2026-07-20 09:00",
        "--promise", "Engineer visit", "--by", "friday 5pm",
    )  # fmt: skip
    for where in (gripe.ok("case", "show", "1").stdout, gripe.ok().stdout):
        assert "chase 1 broken promise" in flat(where)
        assert "gripe letter 1 --template follow-up" in flat(where)
    assert gripe.json("case", "show", "1")["case"]["next_step"]["template"] == "follow-up"
    gripe.ok("letter", "1", "--record")  # the follow-up, by default
    assert gripe.rows("SELECT template FROM letters") == [("follow-up",)]
    shown = flat(gripe.ok("case", "show", "1").stdout)
    assert "Next step: send your follow-up letter (#1), and record how it went" in shown
    assert "gripe letter sent 1 --via recorded --proof REF" in shown
    gripe.ok("letter", "sent", "1", "--via", "recorded", "--proof", "AB1")
    for where in (gripe.ok("case", "show", "1").stdout, gripe.ok().stdout):
        assert "wait for their reply to your follow-up letter (#1), due Tue 11 Aug" in flat(where)
        assert "--template follow-up" not in flat(where)  # never the letter already waiting
    written = gripe.ok("letter", "1").stderr + gripe.ok("letter", "1").stdout
    assert "escalat" in written.lower()  # gripe letter's default moved on with the step
    monkeypatch.setenv("GRIPE_NOW", "2026-08-13T09:00:00+01:00")
    shown = flat(gripe.ok("case", "show", "1").stdout)
    assert "Next step (chase 1 broken promise): gripe letter 1 --template escalation" in shown
