"""What the clocks of a case count from: its sector and the dates of its events.

Filled by `gripe.store.rights` from the log and the dates the person recorded; read by
`gripe.rights.clocks`. Kept apart from the rules so that the store can build facts without
loading the rights data.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class CaseFacts(NamedTuple):
    case_id: int
    sector: str | None
    dates: dict[str, date]  # event key (gripe.rights.rules.EVENTS) → the local day it happened
    company: str = ""
    company_id: int = 0
