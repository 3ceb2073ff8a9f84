"""SQLite storage: the connection recipe, the schema and the queries that return model objects.

The CLI is one consumer of this package: every read and write gripe does is a function here,
taking a connection made by `connect` and, for writes, run inside `writing`.
"""

from gripe.store import calls, cases, companies, reps, settings
from gripe.store.db import connect, reading, resolve_path, writing

__all__ = [
    "calls",
    "cases",
    "companies",
    "connect",
    "reading",
    "reps",
    "resolve_path",
    "settings",
    "writing",
]
