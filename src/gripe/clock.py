"""The current time and the person's time zone.

Every instant gripe stores is UTC text in one fixed format (``2026-07-28T14:03:00Z``), so that
text order is time order in SQL. Everything a person sees or types is in their local zone, which
is, in order: the ``TZ`` environment variable, the ``timezone`` setting, the system's zone.
``GRIPE_NOW`` pretends it is another time (tests, demos, back-filling); a value without an offset
is read in the local zone.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gripe.errors import BadInput

STORAGE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def zone_named(name: str) -> tzinfo:
    """The IANA zone called ``name``; a clear error for anything else."""
    key = name.strip().lstrip(":")
    if key.upper() in {"UTC", "Z", "GMT"}:
        return timezone.utc
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"unknown time zone {name!r}; use a name like Europe/London or America/New_York"
        ) from None


def system_zone() -> tzinfo:
    """The machine's own zone, with its DST rules when they can be read."""
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
    return moment.astimezone(zone)


def to_storage(moment: datetime) -> str:
    """UTC text in the one stored format."""
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return moment.astimezone(timezone.utc).strftime(STORAGE_FORMAT)


def from_storage(text: str) -> datetime:
    """An aware UTC datetime from stored text."""
    return datetime.strptime(text, STORAGE_FORMAT).replace(tzinfo=timezone.utc)
