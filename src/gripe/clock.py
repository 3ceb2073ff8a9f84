"""The current time and the person's time zone.

Every instant gripe stores is UTC text in one fixed format (``2026-07-28T14:03:00Z``), so that
text order is time order in SQL. Everything a person sees or types is in their local zone, which
is, in order: the ``TZ`` environment variable, the ``timezone`` setting, the system's zone.
``GRIPE_NOW`` pretends it is another time (tests, demos, back-filling); a value without an offset
is read in the local zone.

gripe keeps times between the years 1970 and 2200 (`in_range`): every time it stores passes
`to_storage`, which refuses any other, so that no log holds a time it cannot show, compare or
do arithmetic on (year 1 has no room for a time-zone offset; year 9999 has none for a week).
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone, tzinfo

from gripe.errors import BadInput

STORAGE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_READS_Z = sys.version_info >= (3, 11)
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
EARLIEST_STORED = EARLIEST.strftime(STORAGE_FORMAT)
LATEST_STORED = LATEST.strftime(STORAGE_FORMAT)


def in_range(moment: datetime, what: str = "the time") -> datetime:
    """``moment`` itself, or a refusal when it lies outside the years 1970 to 2200."""
    if moment.tzinfo is None:
        raise ValueError("refusing to judge a naive datetime")
    if EARLIEST <= moment <= LATEST:  # aware comparison: no conversion that could overflow
        return moment
    day = f"{moment.day} {moment:%b} {moment.year}"  # %Y writes year 1 as "1"
    raise BadInput(
        f"{what} falls on {day}, outside the years 1970 to 2200 that gripe keeps; check the year"
    )


def zone_named(name: str) -> tzinfo:
    """The IANA zone called ``name``; a clear error for anything else."""
    key = name.strip().lstrip(":")
    if key.upper() in {"UTC", "Z", "GMT"}:
        return timezone.utc
    # Imported here: UTC needs no zone database, and zoneinfo costs a few ms of every start.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"unknown time zone {name!r}; use a name like Europe/London or America/New_York"
        ) from None


def system_zone() -> tzinfo:
    """The machine's own zone, with its DST rules when they can be read."""
    from zoneinfo import ZoneInfo

    try:
        with open("/etc/localtime", "rb") as localtime:
            return ZoneInfo.from_file(localtime, key="localtime")
    except (OSError, ValueError):
        fixed = datetime.now().astimezone().tzinfo
        return fixed if fixed is not None else timezone.utc


def local_zone(setting: str | None = None) -> tzinfo:
    """The zone to read and show times in: ``TZ``, else the setting, else the system's."""
    from_env = os.environ.get("TZ")
    if from_env:
        return zone_named(from_env)
    if setting:
        return zone_named(setting)
    return system_zone()


def now(zone: tzinfo) -> datetime:
    """The current time in ``zone``, or the time ``GRIPE_NOW`` names."""
    pretend = os.environ.get("GRIPE_NOW")
    if not pretend:
        return datetime.now(zone)
    try:
        moment = datetime.fromisoformat(pretend.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(
            f"GRIPE_NOW={pretend!r} is not an ISO-8601 time; use one like 2026-07-28T14:00+01:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return in_range(moment, f"GRIPE_NOW={pretend}").astimezone(zone)


def to_storage(moment: datetime) -> str:
    """UTC text in the one stored format."""
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return in_range(moment).astimezone(timezone.utc).strftime(STORAGE_FORMAT)


def from_storage(text: str) -> datetime:
    """An aware UTC datetime from stored text.

    Read by ``fromisoformat`` (in C) when it has the stored shape, as every stored time has:
    a listing reads several a row, and ``strptime`` (in Python, with its lock and locale
    checks) cost 12 µs each and the first of them 2 ms of imports. Anything else goes through
    ``strptime``, which refuses it as before. From Python 3.11 ``fromisoformat`` reads the "Z"
    itself, seven times quicker than the text cut and the zone put in."""
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        if _READS_Z:
            return datetime.fromisoformat(text)
        return datetime.fromisoformat(text[:19]).replace(tzinfo=timezone.utc)
    return datetime.strptime(text, STORAGE_FORMAT).replace(tzinfo=timezone.utc)
