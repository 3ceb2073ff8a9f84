"""Naming a company (DESIGN.md, "Naming a company"): what every COMMAND argument goes through.

A name is matched in this order: the company's id (``3``, ``#3``); its name key exactly ("AT&T",
"at&t" and "ATT" are one key); then a unique company whose key starts with the typed key or whose
name has the typed words as whole words ("northstar" → "Northstar Broadband"). That last kind of
match is said back by the command, so the person sees which company they got. Several matches
are refused, naming them. With no match, `log` and `case open` add the company and name any
company whose name is close (difflib over the name keys and the words of each name), with the
merge command to run if it was a slip; other commands fail with the same suggestion.

A prefix or word needs at least `MIN_PARTIAL` letters or digits: "n" or "at" must not land on
whichever company happens to start with them.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from datetime import datetime
from typing import NamedTuple

from gripe.errors import BadInput, NotFound
from gripe.model import Company, name_key
from gripe.plural import counted
from gripe.store import rows

MIN_PARTIAL = 3
CLOSE_CUTOFF = 0.8
SHOWN = 5  # companies named in an error, at most


class Named(NamedTuple):
    """The company a name found, and how: "id", "name" (its key exactly), "prefix" or "word"."""

    company: Company
    how: str

    @property
    def said_back(self) -> bool:
        """Whether the person should be told which company this was (a partial match)."""
        return self.how in {"prefix", "word"}

    @property
    def label(self) -> str:
        return label(self.company)


def label(company: Company) -> str:
    """ "Northstar Broadband (#1)"."""
    return f"{company.name} (#{company.id})"


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [word for word in re.split(r"[^\w]+|_", folded) if word]


def _one(conn: sqlite3.Connection, where: str, parameters: tuple[object, ...]) -> Company | None:
    row = conn.execute(
        f"SELECT {rows.COMPANY_COLUMNS} FROM companies WHERE {where}", parameters
    ).fetchone()
    return rows.company(row) if row else None


def _listed(companies: list[Company]) -> str:
    named = ", ".join(label(company) for company in companies[:SHOWN])
    more = len(companies) - SHOWN
    return named + (f" and {more} more" if more > 0 else "")


def _partial(conn: sqlite3.Connection, text: str, key: str) -> list[Company]:
    """Companies whose key starts with ``key`` or whose name has the typed words as words."""
    if len(key) < MIN_PARTIAL:
        return []
    found: dict[int, Company] = {}
    # The key's prefix range, read from the unique index on name_key.
    for row in conn.execute(
        f"SELECT {rows.COMPANY_COLUMNS} FROM companies "
        "WHERE name_key >= ? AND name_key < ? ORDER BY name_key",
        (key, key + "\U0010ffff"),
    ):
        found[row["id"]] = rows.company(row)
    typed = _words(text)
    if typed:
        pattern = re.compile(r"(?:^|\s)" + r"\s+".join(map(re.escape, typed)) + r"(?:\s|$)")
        longest = max(typed, key=len)
        # LIKE narrows the names to read, but folds the case of ASCII letters only.
        parameters: tuple[str, ...]
        where, parameters = "1", ()
        if longest.isascii():
            escaped = longest.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where, parameters = "name LIKE ? ESCAPE '\\'", (f"%{escaped}%",)
        for row in conn.execute(
            f"SELECT {rows.COMPANY_COLUMNS} FROM companies WHERE {where}", parameters
        ):
            if row["id"] not in found and pattern.search(" ".join(_words(row["name"]))):
                found[row["id"]] = rows.company(row)
    return sorted(found.values(), key=lambda company: (company.name.casefold(), company.id))


def find(conn: sqlite3.Connection, text: str) -> Named | None:
    """The company ``text`` names, or None when none does; several are refused by name."""
    stripped = text.strip()
    digits = stripped.removeprefix("#")
    if digits.isascii() and digits.isdigit():
        number = rows.as_id(digits)  # None: more digits than any id has
        company = _one(conn, "id = ?", (number,)) if number is not None else None
        if company is not None:
            return Named(company, "id")
        # A company whose name is only digits is found by that name too.
        company = _one(conn, "name_key = ?", (name_key(text),))
        if company is None:
            raise NotFound(f"there is no company #{digits}; see: gripe company list")
        return Named(company, "name")
    key = name_key(text)
    if not key:
        raise BadInput(
            'the company name is empty; type a name with letters or digits, like "Comcast"'
        )
    company = _one(conn, "name_key = ?", (key,))
    if company is not None:
        return Named(company, "name")
    matches = _partial(conn, stripped, key)
    if len(matches) == 1:
        how = "prefix" if name_key(matches[0].name).startswith(key) else "word"
        return Named(matches[0], how)
    if matches:
        raise BadInput(
            f"{stripped!r} matches {counted(len(matches), 'company')}: {_listed(matches)}; "
            "type more of the name, or its number"
        )
    return None


def close_to(conn: sqlite3.Connection, text: str, leave_out: int | None = None) -> list[Company]:
    """Companies whose name is close to ``text`` (a slip of the keyboard), the closest first."""
    import difflib

    key = name_key(text)
    if len(key) < MIN_PARTIAL:
        return []
    candidates: dict[str, int] = {}
    for company_id, name, company_key in conn.execute("SELECT id, name, name_key FROM companies"):
        if company_id == leave_out:
            continue
        candidates.setdefault(company_key, company_id)
        for word in _words(name):
            if len(word) > MIN_PARTIAL:
                candidates.setdefault(word, company_id)
    close = difflib.get_close_matches(key, list(candidates), n=SHOWN, cutoff=CLOSE_CUTOFF)
    ids = list(dict.fromkeys(candidates[match] for match in close))
    return [company for company_id in ids if (company := _one(conn, "id = ?", (company_id,)))]


def did_you_mean(companies: list[Company]) -> str:
    """ "did you mean Northstar Broadband (#1)?", or "" when there is nothing close."""
    if not companies:
        return ""
    return f"did you mean {' or '.join(label(company) for company in companies[:SHOWN])}?"


def get(conn: sqlite3.Connection, text: str) -> Named:
    """The company ``text`` names; no match fails naming any close names."""
    found = find(conn, text)
    if found is not None:
        return found
    suggestion = did_you_mean(close_to(conn, text))
    name = text.strip()
    if suggestion:
        raise NotFound(f"no company matches {name!r}; {suggestion} (see: gripe company list)")
    raise NotFound(
        f"no company matches {name!r}; see: gripe company list "
        f"(or add it: gripe company add {name!r})"
    )


class Ensured(NamedTuple):
    named: Named
    created: bool
    close: list[Company]  # for a new company: the existing ones its name is close to

    def note(self) -> str | None:
        """What to tell the person: the company said back, or the one added (and the merge to
        run if it was a slip)."""
        if self.created:
            added = f"New company: {self.named.label}"
            if not self.close:
                return added
            into = self.close[0]
            return (
                f"{added}; {did_you_mean(self.close)} "
                f"If so: gripe company merge {self.named.company.id} {into.id}"
            )
        if self.named.said_back:
            return f"Company: {self.named.label}"
        return None


def ensure(conn: sqlite3.Connection, text: str, now: datetime) -> Ensured:
    """The company ``text`` names, added when nothing matches (``log`` and ``case open``)."""
    from gripe.store import companies

    found = find(conn, text)
    if found is not None:
        return Ensured(found, False, [])
    close = close_to(conn, text)
    return Ensured(Named(companies.add(conn, text, now), "name"), True, close)
