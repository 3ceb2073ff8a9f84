"""Reading times and deadlines the way people say them (DESIGN.md, "Deadline semantics").

- ``parse_deadline``: a promise's deadline, read forwards from the call's time through an
  ordered table of rules (``deadline.DEADLINE_RULES``, one per family of phrases, each with its
  examples), then dateparser for what no rule reads;
- ``parse_at``: when a call happened, the same words read towards the past (``past``);
- ``parse_duration`` and ``parse_span``: how long a call lasted, how far ahead to look.

Modules: ``words`` (weekdays, months, numbers, clock times), ``arithmetic`` (calendar
arithmetic, also used by ``benchmarks/make_db.py``), ``rule`` (what a rule is and reads), the
rules in ``days``, ``clocks``, ``durations``, ``composites`` and ``refusals``, and ``fallback``,
the only importer of dateparser, loaded only when every rule has declined.

The names below are loaded when first used (PEP 562), so that a command which imports
``gripe.dates`` but reads no deadline (``gripe overdue``) pays nothing for the rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gripe.dates.deadline import DEADLINE_RULES, parse_deadline
    from gripe.dates.lengths import parse_duration, parse_span
    from gripe.dates.past import AT_RULES, parse_at
    from gripe.dates.refusals import DEADLINE_EXAMPLES
    from gripe.dates.rule import Deadline

_HOMES = {
    "DEADLINE_RULES": "gripe.dates.deadline",
    "parse_deadline": "gripe.dates.deadline",
    "parse_duration": "gripe.dates.lengths",
    "parse_span": "gripe.dates.lengths",
    "AT_RULES": "gripe.dates.past",
    "parse_at": "gripe.dates.past",
    "DEADLINE_EXAMPLES": "gripe.dates.refusals",
    "Deadline": "gripe.dates.rule",
}

__all__ = [
    "AT_RULES",
    "DEADLINE_EXAMPLES",
    "DEADLINE_RULES",
    "Deadline",
    "parse_at",
    "parse_deadline",
    "parse_duration",
    "parse_span",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'gripe.dates' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
