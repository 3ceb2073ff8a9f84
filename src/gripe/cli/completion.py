"""Tab completion of company names: fast, read-only, and silent when anything goes wrong."""

import sqlite3

import typer


def complete_company(ctx: typer.Context, incomplete: str) -> list[str]:
    from gripe.store import companies
    from gripe.store.db import resolve_path

    path, _ = resolve_path(ctx.find_root().params.get("db"))
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return companies.names(conn, incomplete)
        finally:
            conn.close()
    except sqlite3.Error:
        return []
