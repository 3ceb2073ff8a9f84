"""The demo story: a broadband outage that drags on, and a billing error that got fixed.

The broadband company has its ways in (numbers with notes, opening hours, complaint addresses),
and one of its calls was made on the call clock: `gripe call start … --detach`, `answered`,
`hold`, `end`, through the same store functions those commands use.

Written through the same store functions as real commands, at times relative to ``now``, so that
the demo shows exactly what a person's own log would look like.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from gripe.dates import parse_deadline
from gripe.errors import InvalidState
from gripe.live import call_request
from gripe.model import Call, CaseStatus, Channel, Direction, PromiseStatus, Role
from gripe.store import calls, cases, companies, live_calls, promises, settings
from gripe.store.calls import CallRequest


@dataclass(frozen=True)
class Story:
    main_case_id: int
    summary: str


def _days_ago(now: datetime, days: int, hour: int, minute: int = 0) -> datetime:
    day = (now - timedelta(days=days)).date()
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)


def _on_the_clock(conn: sqlite3.Connection, case_id: int, start: datetime, now: datetime) -> Call:
    """The call of three days ago: started, answered, transferred, answered, ended."""
    live, _ = live_calls.start(conn, "Skyline Fibre", case_id, start)
    for minutes, answered in ((28, True), (32, False), (42, True)):
        moment = start + timedelta(minutes=minutes)
        changed = live.answered(moment) if answered else live.on_hold(moment)
        live = live_calls.save(conn, changed, moment)
    typed = live._replace(
        rep_name="Dana", rep_employee_id="4471", rep_role=Role.AGENT, reference="SKY-90411"
    )
    live = live_calls.save(conn, typed, start + timedelta(minutes=45))
    ended = start + timedelta(minutes=47)
    request, more = call_request(
        live,
        live_calls.company_reference(conn, live),
        "Engineer did not come. Dana could see no booking on the account.",
        ended,
        start.tzinfo or timezone.utc,
        None,
    )
    return live_calls.finish(conn, live, request, more, now).logged.call


def build_story(conn: sqlite3.Connection, now: datetime) -> Story:
    if companies.count(conn):
        raise InvalidState(
            "this database already has companies; the demo needs an empty one: "
            "leave out --db, or give it a new file"
        )
    fibre = companies.add(
        conn,
        "Skyline Fibre",
        _days_ago(now, 9, 9),
        {
            "account_number": "SKY-0042-7719-3381",
            "postal_address": (
                "Customer Relations\nSkyline Fibre Ltd\n1 Exchange Square\nLeeds LS1 4AB"
            ),
            "customer_since": "2019-03",
        },
    )
    companies.edit(
        conn,
        fibre,
        None,
        {
            "hours": "Mon-Fri 08:00-20:00; Sat 09:00-17:00",
            "sector": "broadband",
            "complaints_email": "complaints@skylinefibre.example",
            "exec_email": "ceo.office@skylinefibre.example",
        },
    )
    companies.edit_phones(
        conn,
        fibre.id,
        _days_ago(now, 9, 9),
        [
            ("0800 123 4567", "press 2, then 0 twice for a person"),
            ("0330 088 1234", "complaints line; shorter queue after 6pm"),
        ],
    )
    outage = cases.open_case(
        conn,
        fibre,
        "Broadband outage since Sunday night",
        _days_ago(now, 9, 9, 2),
        "Service restored and a refund for every day without it",
        (4500, "GBP"),
    )
    story = [
        (9, 9, 14, "Dana", "4471", Role.AGENT, Channel.PHONE, 42, 18, "SKY-88123",
         "Internet down since Sunday night. Line test shows an area fault; "
         "told an engineer is on it."),
        (8, 18, 40, "Marcus", None, Role.AGENT, Channel.CHAT, 12, 25, "SKY-88123",
         "Still down. Chat agent could not see the area fault and opened a new ticket."),
        (6, 12, 5, "Priya Shah", "S-102", Role.SUPERVISOR, Channel.PHONE, 65, 22, "SKY-90411",
         "Asked for a supervisor. Priya confirmed the fault is on our line, not the area; "
         "booked an engineer."),
        (3, 8, 30, "Dana", "4471", Role.AGENT, Channel.PHONE, 38, 9, "SKY-90411",
         "Engineer did not come. Dana could see no booking on the account."),
        (1, 16, 45, None, None, None, Channel.EMAIL, None, None, "SKY-90411",
         "Emailed a formal complaint to customer relations, listing every call and reference."),
    ]  # fmt: skip
    outage_calls = []
    for days, hour, minute, rep, badge, role, channel, hold, talk, ref, summary in story:
        if (days, hour) == (3, 8):
            # Made on the call clock, as gripe call start … --detach / answered / hold / end
            # make one: 28 minutes on hold, a transfer and 10 more, 9 minutes talking.
            outage_calls.append(_on_the_clock(conn, outage.id, _days_ago(now, 3, 8, 30), now))
            continue
        logged = calls.log(
            conn,
            CallRequest(
                company=fibre.name,
                summary=summary,
                at=_days_ago(now, days, hour, minute),
                case_id=outage.id,
                rep_name=rep,
                rep_employee_id=badge,
                rep_role=role,
                channel=channel,
                hold_minutes=hold,
                duration_minutes=talk,
                reference=ref,
            ),
            now,
        )
        outage_calls.append(logged.call)
    # What they promised on those calls: one broken, one kept, one still to come.
    for call, text, rep, badge, said in (
        (outage_calls[2], "An engineer will visit and restore the service", "Priya Shah",
         "S-102", "friday 5pm"),
        (outage_calls[3], "A credit of £10 applied to my account", None, None, "within 7 days"),
        (outage_calls[3], "A call back from the engineering team", "Dana", "4471", "thursday"),
    ):  # fmt: skip
        made_at = call.at.astimezone(now.tzinfo)
        promise = promises.record(
            conn, outage.id, text, parse_deadline(said, made_at), made_at, now, call.id, rep, badge
        )
        if text.startswith("A credit"):
            promises.resolve(conn, promise.id, PromiseStatus.KEPT, now)
    energy = companies.add(conn, "Brightwave Energy", _days_ago(now, 40, 10))
    billing = cases.open_case(
        conn,
        energy,
        "Charged twice for the October bill",
        _days_ago(now, 40, 10, 5),
        "The duplicate charge refunded",
        (8712, "GBP"),
    )
    for days, hour, rep, hold, summary, direction in (
        (
            40,
            10,
            "Lee",
            25,
            "Two direct debits of £87.12 for October. Lee raised a refund.",
            Direction.OUTBOUND,
        ),
        (
            33,
            15,
            "Lee",
            0,
            "Lee called back: refund of £87.12 sent, 3-5 working days.",
            Direction.INBOUND,
        ),
    ):
        calls.log(
            conn,
            CallRequest(
                company=energy.name,
                summary=summary,
                at=_days_ago(now, days, hour),
                case_id=billing.id,
                rep_name=rep,
                hold_minutes=hold or None,
                direction=direction,
                reference="BW-55120",
            ),
            now,
        )
    cases.close(
        conn, billing.id, CaseStatus.RESOLVED, "Refund arrived on the statement.",
        _days_ago(now, 29, 9),
    )  # fmt: skip
    for key, value in (
        ("name", "Alex Morgan"),
        ("address", "12 Orchard Lane, Leeds LS6 2AB"),
        ("email", "alex.morgan@example.org"),
        ("jurisdiction", "UK"),
    ):
        settings.put(conn, key, value)
    return Story(
        main_case_id=outage.id,
        summary="Skyline Fibre has left you without broadband for 9 days over 5 contacts and "
        "broken its promise of an engineer; Brightwave Energy fixed a double charge.",
    )
