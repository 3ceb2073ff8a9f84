"""How letters say things: each jurisdiction's generic legal wording, its dates and times, and
the person's details as the sender block shows them.

The wording here is generic on purpose: the body a letter names for the company's sector (the
Communications Ombudsman, the FCC) comes from the rights data (`gripe.letters.bodies`), never
from here, and where no rule names one the letter says so in general terms rather than listing
bodies that may not be the company's.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from typing import Any

from gripe.plural import counted

Facts = dict[str, Any]

MISSING = "[{field} — set it with: gripe config set {key} …]"
MISSING_COMPANY = "[{field} — gripe company edit {id} --{option} …]"

JURISDICTIONS: dict[str, dict[str, Any]] = {
    "UK": {
        "code": "UK",
        "consumer_law": "the Consumer Rights Act 2015",
        "service_duty": (
            "section 49 of the Consumer Rights Act 2015, which requires a service to be "
            "performed with reasonable care and skill"
        ),
        "remedy_law": (
            "sections 54 to 56 of the Consumer Rights Act 2015 (repeat performance or a price "
            "reduction)"
        ),
        # Where no rule names the body for the company's sector (gripe.letters.bodies).
        "generic_body": "the ombudsman or alternative dispute resolution scheme for your sector",
        "generic_body_about": "the ombudsman or alternative dispute resolution scheme for its "
        "sector",
        # A regulator letter's recipient then: a marked gap for the person to fill in.
        "generic_addressee": [
            "[The ombudsman or ADR scheme",
            "for {company}'s sector:",
            "its name and address]",
        ],
        "court": "the small claims track of the County Court (Money Claim Online)",
        "pre_action": "the Practice Direction on Pre-Action Conduct and Protocols",
        "date_style": "day-month",
        "currency": "GBP",
    },
    "US": {
        "code": "US",
        "consumer_law": "my state's consumer protection law",
        "service_duty": (
            "the terms of my agreement with you and my state's consumer protection law"
        ),
        "remedy_law": "my state's consumer protection law",
        "generic_body": "the government agency that oversees your business",
        "generic_body_about": "the government agency that oversees its business",
        "generic_addressee": [
            "[The government agency",
            "that oversees {company}:",
            "its name and address]",
        ],
        "court": "small claims court",
        "pre_action": "my state's rules for small claims",
        "date_style": "month-day",
        "currency": "USD",
    },
}


class Writer:
    """Dates, times and durations written out in the jurisdiction's style, in the local zone."""

    def __init__(self, zone: tzinfo, jurisdiction: dict[str, Any]) -> None:
        self.zone = zone
        self.month_first = jurisdiction["date_style"] == "month-day"

    def day(self, value: date | datetime) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        month = value.strftime("%B")
        return (
            f"{month} {value.day}, {value.year}"
            if self.month_first
            else (f"{value.day} {month} {value.year}")
        )

    def clock(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        hour = local.hour % 12 or 12
        suffix = "AM" if local.hour < 12 else "PM"
        suffix = suffix if self.month_first else suffix.lower()
        return f"{hour}:{local.minute:02d} {suffix}"

    def moment(self, moment: datetime) -> str:
        """ "8:00 pm on 29 July 2026"."""
        return f"{self.clock(moment)} on {self.day(moment)}"

    @staticmethod
    def duration(minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        parts = [counted(hours, "hour")] if hours else []
        if rest or not parts:
            parts.append(counted(rest, "minute"))
        return " and ".join(parts)


# A US state and ZIP code ("IL 62704"): it stays on the line of its city.
_STATE_ZIP = re.compile(r"^[A-Z]{2}\s+\d{5}(-\d{4})?$")


def lines(text: str | None) -> list[str]:
    """An address as its lines: written with line breaks, "\\n", or commas ("Springfield, IL
    62704" stays one line)."""
    if not text:
        return []
    separated = text.replace("\\n", "\n")
    if "\n" in separated:
        return [line.strip() for line in separated.splitlines() if line.strip()]
    found: list[str] = []
    for part in (part.strip() for part in separated.split(",")):
        if not part:
            continue
        if found and _STATE_ZIP.match(part):
            found[-1] += f", {part}"
        else:
            found.append(part)
    return found


def sender(settings: dict[str, str]) -> tuple[Facts, list[str]]:
    """The sender block, with a marked gap for each detail not set, and the keys missing."""
    labels = {"name": "your name", "address": "your address", "email": "your email"}
    missing = [key for key in labels if not settings.get(key)]
    found = {
        "name": settings.get("name") or MISSING.format(field=labels["name"], key="name"),
        "address_lines": lines(settings.get("address"))
        or [MISSING.format(field=labels["address"], key="address")],
        "email": settings.get("email") or MISSING.format(field=labels["email"], key="email"),
        "phone": settings.get("phone"),
    }
    return found, missing


def rep_label(name: str, employee_id: str | None) -> str:
    return f"{name} (ID {employee_id})" if employee_id else name
