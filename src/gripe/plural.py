"""How gripe says how many: "1 case", "2 cases", "1,204 calls".

Every count gripe prints in words goes through `counted`, so that none says "1 cases". A leaf:
it imports nothing, and the store, the facts and the views all use it.
"""

from __future__ import annotations

_SIBILANT = ("s", "x", "z", "ch", "sh")


def plural(noun: str) -> str:
    """The plural of an English noun phrase, by its last word: "case" → "cases", "company" →
    "companies", "match" → "matches", "evidence file" → "evidence files"."""
    if noun.endswith("y") and len(noun) > 1 and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(_SIBILANT):
        return noun + "es"
    return noun + "s"


def counted(number: int, one: str, many: str | None = None) -> str:
    """ "1 case", "2 cases", "12,400 calls" (``many`` where the plural is not regular)."""
    return f"{number:,} {one if number == 1 else many or plural(one)}"
