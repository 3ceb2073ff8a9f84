"""SQLite storage: the connection recipe, the schema and the queries that return model objects.

The CLI is one consumer of this package: every read and write gripe does is a function here,
taking a connection made by `connect` and, for writes, run inside `writing`. Each command
imports the modules it uses (``from gripe.store import promises``): importing the package
brings only the connection recipe and the settings, which every command needs.
"""

from gripe.store import settings
from gripe.store.db import connect, reading, resolve_path, writing

__all__ = ["connect", "reading", "resolve_path", "settings", "writing"]
