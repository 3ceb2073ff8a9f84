"""A letter's state, and how it went, in words shared by every output.

States, for the letter the person wrote and recorded:

- ``written``: recorded, not yet marked as sent, its reply time still running;
- ``sent``: marked as sent, its reply time still running;
- ``no-reply``: its reply date has passed and no reply was logged (``reply_overdue``);
- ``answered``: a reply was logged (``letter replied`` or ``log --reply-to``);
- ``no-reply-date``: it waits for nothing (a reply the person stopped waiting for).
"""

from __future__ import annotations

from datetime import datetime

from gripe.model import Letter, SentVia

WRITTEN = "written"
SENT = "sent"
NO_REPLY = "no-reply"
ANSWERED = "answered"
NO_REPLY_DATE = "no-reply-date"
STATES = (WRITTEN, SENT, NO_REPLY, ANSWERED, NO_REPLY_DATE)


def state(letter: Letter, now: datetime) -> str:
    if letter.replied_at is not None:
        return ANSWERED
    if letter.reply_due is None:
        return NO_REPLY_DATE
    if now > letter.reply_due:
        return NO_REPLY
    return SENT if letter.sent_at is not None else WRITTEN


def via_words(
    via: SentVia | None, jurisdiction: str | None = "UK", to_them: bool = True
) -> str | None:
    """ "by recorded delivery" (UK) or "by certified mail" (US), "by email", "through your online
    form" (``to_them``: in a letter to the company; else "its"); None when not said."""
    if via is None:
        return None
    us = jurisdiction == "US"
    return {
        SentVia.POST: "by mail" if us else "by post",
        SentVia.RECORDED: "by certified mail" if us else "by recorded delivery",
        SentVia.EMAIL: "by email",
        SentVia.ONLINE_FORM: f"through {'your' if to_them else 'its'} online form",
        SentVia.IN_PERSON: "by hand",
    }[via]


def how_it_went(letter: Letter, jurisdiction: str | None = "UK") -> str:
    """ "recorded delivery, proof AB123456789GB": the means and the proof, for brackets."""
    means = via_words(letter.sent_via, jurisdiction, to_them=False)
    parts = [means.removeprefix("by ").replace("through its ", "") if means else None]
    if letter.proof:
        parts.append(f"proof {letter.proof}")
    return ", ".join(part for part in parts if part)
