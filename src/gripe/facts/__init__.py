"""What is true of a case, computed once: each promise's fate, each letter's state, the totals,
the account mask, the amount claimed and the next step.

Letters, ``case show``, the dashboard, ``overdue``, the bundle's case file and the JSON all read
these, so that no two of them word a fate differently or disagree on a number. Pure functions
of the model's records and the time: nothing here touches the database or the terminal.

- `letters`: a letter's state (written, sent, answered, no reply) and how it went, in words.
- `promises`: a promise's fate (kept, broken, moved, pending, undated, cancelled), in words.
- `record`: a case's totals, counts, account mask and amount, from its timeline.
- `next_step`: the one rule for what to do next, and the letter that fits.

`mask_account` lives here, in the package itself, so that a listing that shows an account
(``company list``) loads nothing else of the layer.
"""

from __future__ import annotations


def mask_account(number: str | None, show_full: bool = False) -> str | None:
    """The account number as gripe shows it: "ending 3381" (its last four characters) unless
    the whole of it is asked for; a number of four characters or fewer as it is."""
    if not number:
        return None
    if show_full or len(number) <= 4:
        return number
    return "ending " + number[-4:]
