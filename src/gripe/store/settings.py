"""Settings: the person's details, time zone, date order and jurisdiction."""

from __future__ import annotations

import sqlite3

from gripe.model import Setting
from gripe.store.db import new_uuid


def get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else None


def put(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (uuid, key, value) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (new_uuid(), key, value),
    )


def delete(conn: sqlite3.Connection, key: str) -> bool:
    return conn.execute("DELETE FROM settings WHERE key = ?", (key,)).rowcount > 0


def all_settings(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM settings ORDER BY key"))


def rows(conn: sqlite3.Connection) -> dict[str, Setting]:
    """Every setting that is set, by its key."""
    return {
        row[2]: Setting(*row)
        for row in conn.execute("SELECT id, uuid, key, value FROM settings ORDER BY key")
    }
