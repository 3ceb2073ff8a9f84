"""Full-text search over the log: ``gripe search``.

The index is the FTS5 table ``search`` made by migration m003 (and again by m013) and kept in
step with the tables by its triggers: one row per call, promise, case and company, whose body
holds the row's text and the words that help find it (a call's reference number and rep, a
promise's note and rep, a case's outcome and resolution note, a company's notes), and whose
``company`` column holds the name of the company it belongs to, so that ``gripe search "AT&T"``
finds AT&T's calls and promises and ``gripe search comcast refund`` Comcast's refunds. Accents
and case fold away.

Ranking is bm25 over both columns, a word in the row's own text counting for more than the
company's name (`WEIGHTS`), with the companies that match first: they are what a name typed
alone is most likely to mean. Company rows have the top of the rowid space (`COMPANY_ROWS`), so
telling them apart costs no lookup.

What a person types never reaches MATCH as query syntax: each word becomes a quoted phrase
(`match_expression`), so ``AT&T``, ``don't``, ``20.04`` or a lone ``"`` search for what they
say, and ``OR``, ``NEAR`` and ``-`` are words like any other. All words must match; a word
ending in ``*`` matches as a prefix.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from gripe.clock import from_storage
from gripe.errors import BadInput
from gripe.model import SearchHit

# Around each matching word in `SearchHit.snippet` (control characters: never in typed text).
MARK_START, MARK_END = "\x02", "\x03"
# The rowids of company rows start here (migration m013); other rows are id * 8 + their kind.
COMPANY_ROWS = 1 << 62
# bm25's weight for each column of the index: kind and ref_id (not indexed), body, company.
WEIGHTS = "0.0, 0.0, 1.0, 0.4"


def match_expression(text: str) -> str:
    """The FTS5 query for what a person typed: every word a quoted phrase, all of them required.

    Quotes inside a word are doubled, so nothing typed can be read as FTS5 syntax; words with no
    letter or digit (``&``, ``-``, a lone ``"``) are dropped. A trailing ``*`` asks for a prefix.
    """
    phrases = []
    for token in text.split():
        word = token.rstrip("*")
        if any(character.isalnum() for character in word):
            prefix = "*" if word != token else ""
            phrases.append('"' + word.replace('"', '""') + '"' + prefix)
    if not phrases:
        raise BadInput(
            "nothing to search for; type a word, a name or a reference number, "
            "like: gripe search refund, or: gripe search CMC-88123"
        )
    return " ".join(phrases)


# The page of best matches is ranked first (`RANKED_SQL`), then only that page is read again
# for its snippets, which must be computed in a query that has the MATCH: one pass over the
# matches from the page's lowest rowid on, keeping the page's rows (`page_sql`; a lookup of each
# row by its rowid walks the word's list again, a quarter of a millisecond a row). Ranking is
# bm25 (rare words and short texts rank high), which costs a lookup per matching row: so that a
# search costs the same on a log of any size, a page ranks the newest `WINDOW` matches (those
# with the highest index rowids, a seek from the end of the word's list); with fewer matches
# than that, all of them. Without a page (--all) every match is ranked, in one pass. Equal
# matches come newest first.
WINDOW = 500
RANKED_SQL = f"""
    SELECT rowid FROM search
    WHERE search MATCH :query AND rowid >= (SELECT coalesce((
        SELECT rowid FROM search WHERE search MATCH :query
        ORDER BY rowid DESC LIMIT 1 OFFSET :window - 1), 0))
    ORDER BY rowid >= {COMPANY_ROWS} DESC, bm25(search, {WEIGHTS}), rowid DESC LIMIT :limit
"""
_PAGE = """
    SELECT rowid AS row, kind, ref_id,
        snippet(search, 2, '{start}', '{end}', '…', 24) AS snippet, {order} AS score
    FROM search WHERE search MATCH :query AND rowid >= :lowest AND +rowid IN ({rows})
"""
_ALL = """
    SELECT rowid AS row, kind, ref_id,
        snippet(search, 2, '{start}', '{end}', '…', 24) AS snippet,
        bm25(search, {weights}) AS score
    FROM search WHERE search MATCH :query
"""
_DETAILS = """
    WITH hit AS ({hits})
    SELECT hit.kind, hit.ref_id, hit.snippet, cases.id AS case_id, companies.name AS company,
        coalesce(calls.uuid, promises.uuid, cases.uuid, companies.uuid) AS uuid,
        coalesce(calls.at, promises.made_at, cases.opened_at, companies.created_at) AS at,
        coalesce(calls.summary, promises.text, cases.title, companies.name) AS text
    FROM hit
    LEFT JOIN calls ON hit.kind = 'call' AND calls.id = hit.ref_id
    LEFT JOIN promises ON hit.kind = 'promise' AND promises.id = hit.ref_id
    LEFT JOIN cases ON cases.id = coalesce(
        calls.case_id, promises.case_id, CASE hit.kind WHEN 'case' THEN hit.ref_id END)
    LEFT JOIN companies ON companies.id = coalesce(
        cases.company_id, CASE hit.kind WHEN 'company' THEN hit.ref_id END)
    WHERE companies.id IS NOT NULL
    ORDER BY hit.row >= {companies} DESC, hit.score, hit.row DESC
"""
_PARTS = {"start": MARK_START, "end": MARK_END, "weights": WEIGHTS, "companies": COMPANY_ROWS}
ALL_SQL = _DETAILS.format(hits=_ALL.format(**_PARTS), companies=COMPANY_ROWS)


def page_sql(rows: list[int]) -> str:
    """The details and snippets of a ranked page of index rows, in their order (``:lowest`` is
    the lowest of them)."""
    shown = ", ".join(str(int(row)) for row in rows)
    order = " ".join(f"WHEN {int(row)} THEN {place}" for place, row in enumerate(rows))
    hits = _PAGE.format(**_PARTS, rows=shown, order=f"CASE rowid {order} END")
    return _DETAILS.format(hits=hits, companies=COMPANY_ROWS)


def find(conn: sqlite3.Connection, text: str, limit: int | None = None) -> Iterator[SearchHit]:
    """What matches ``text``: the companies first, then the best match first (bm25: rare words,
    short texts and a row's own words rank high), read as it is needed (see `WINDOW`)."""
    query = match_expression(text)
    if limit is None:
        cursor = conn.execute(ALL_SQL, {"query": query})
    else:
        parameters = {"query": query, "limit": limit, "window": WINDOW}
        ranked = [row for (row,) in conn.execute(RANKED_SQL, parameters)]
        if not ranked:
            return iter(())
        cursor = conn.execute(page_sql(ranked), {"query": query, "lowest": min(ranked)})
    return (
        SearchHit(
            kind=row["kind"],
            id=row["ref_id"],
            uuid=row["uuid"],
            case_id=row["case_id"],
            company=row["company"],
            at=from_storage(row["at"]),
            text=row["text"],
            snippet=row["snippet"],
        )
        for row in cursor
    )


# Counting walks the word's list of rows: cut off here, so that a common word costs no more.
MAX_COUNTED = 10_000


def count(conn: sqlite3.Connection, text: str) -> int:
    """How many rows match ``text``, up to `MAX_COUNTED` + 1 (that means: more than it)."""
    query = match_expression(text)
    row = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)",
        (query, MAX_COUNTED + 1),
    ).fetchone()
    return int(row[0])
