"""Opening hours: how gripe reads them, and whether the lines are open at a moment.

The table runs over ordinary days, closed days, hours that run past midnight (and past the end
of the week), and the nights the clocks change, in London and New York. ``changes_at`` is the
instant (UTC) the lines close, when open, or open, when closed.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from gripe import hours
from gripe.errors import BadInput

UK = "Mon-Fri 08:00-20:00; Sat 09:00-17:00"
LDN, NYC = "Europe/London", "America/New_York"

# (hours, zone, the moment (UTC), what gripe says, when that changes (UTC) or None)
STATUS = [
    # A weekday: before, during, at the close, after.
    (UK, LDN, "2026-07-28T06:59Z", "closed now; opens today 08:00", "2026-07-28T07:00Z"),
    (UK, LDN, "2026-07-28T07:00Z", "lines open now until 20:00", "2026-07-28T19:00Z"),
    (UK, LDN, "2026-07-28T13:00Z", "lines open now until 20:00", "2026-07-28T19:00Z"),
    (UK, LDN, "2026-07-28T19:00Z", "closed now; opens tomorrow 08:00", "2026-07-29T07:00Z"),
    # Friday night: Saturday's shorter hours; Saturday evening: closed until Monday.
    (UK, LDN, "2026-07-31T20:30Z", "closed now; opens tomorrow 09:00", "2026-08-01T08:00Z"),
    (UK, LDN, "2026-08-01T12:00Z", "lines open now until 17:00", "2026-08-01T16:00Z"),
    (UK, LDN, "2026-08-01T16:30Z", "closed now; opens Mon 08:00", "2026-08-03T07:00Z"),
    # A closed day in the middle of the week.
    ("Mon-Sat 09:00-17:00; Wed closed", LDN, "2026-07-29T10:00Z",
     "closed now; opens tomorrow 09:00", "2026-07-30T08:00Z"),
    ("Mon-Sat 09:00-17:00; Wed closed", LDN, "2026-07-28T17:00Z",
     "closed now; opens Thu 09:00", "2026-07-30T08:00Z"),
    # Hours that run past midnight: open until the close on the next day.
    ("Fri 22:00-02:00", LDN, "2026-07-31T20:00Z", "closed now; opens today 22:00",
     "2026-07-31T21:00Z"),
    ("Fri 22:00-02:00", LDN, "2026-07-31T22:30Z",
     "lines open now until tomorrow 02:00", "2026-08-01T01:00Z"),
    ("Fri 22:00-02:00", LDN, "2026-07-31T23:30Z", "lines open now until 02:00",
     "2026-08-01T01:00Z"),
    ("Fri 22:00-02:00", LDN, "2026-08-01T01:30Z", "closed now; opens Fri 22:00",
     "2026-08-07T21:00Z"),
    ("Fri 22:00-02:00", LDN, "2026-07-31T21:00Z", "lines open now until tomorrow 02:00",
     "2026-08-01T01:00Z"),
    # Only on the day it is now, but already over: a week away.
    ("Tue 09:00-12:00", LDN, "2026-07-28T13:00Z", "closed now; opens next Tue 09:00",
     "2026-08-04T08:00Z"),
    # Sunday night into Monday morning, across the end of the week.
    ("Sun 22:00-06:00", LDN, "2026-08-03T00:00Z", "lines open now until 06:00",
     "2026-08-03T05:00Z"),
    # Always open.
    ("daily 24h", LDN, "2026-07-28T13:00Z", "lines open now (24 hours, every day)", None),
    # The clocks go forward (London, Sun 29 Mar 2026, 01:00 GMT -> 02:00 BST).
    ("daily 08:00-20:00", LDN, "2026-03-29T00:30Z", "closed now; opens today 08:00",
     "2026-03-29T07:00Z"),
    ("daily 08:00-20:00", LDN, "2026-03-29T18:59Z", "lines open now until 20:00",
     "2026-03-29T19:00Z"),
    # ... through a night line: 02:00 BST comes an hour of real time sooner.
    ("Sat 22:00-02:00", LDN, "2026-03-29T00:30Z", "lines open now until 02:00",
     "2026-03-29T01:00Z"),
    # ... and a closing time the clocks skip happens when they jump past it.
    ("Sat 22:00-01:30", LDN, "2026-03-29T00:45Z", "lines open now until 01:30",
     "2026-03-29T01:00Z"),
    ("Sun 01:30-05:00", LDN, "2026-03-29T00:30Z", "closed now; opens today 01:30",
     "2026-03-29T01:00Z"),
    # The clocks go back (London, Sun 25 Oct 2026, 02:00 BST -> 01:00 GMT): the hour from 01:00
    # happens twice, and the night line is open through both.
    ("Sat 22:00-02:00", LDN, "2026-10-25T00:15Z", "lines open now until 02:00",
     "2026-10-25T02:00Z"),
    ("Sat 22:00-02:00", LDN, "2026-10-25T01:15Z", "lines open now until 02:00",
     "2026-10-25T02:00Z"),
    ("Sat 22:00-01:30", LDN, "2026-10-25T01:15Z", "lines open now until 01:30",
     "2026-10-25T01:30Z"),
    ("daily 08:00-20:00", LDN, "2026-10-25T19:30Z", "lines open now until 20:00",
     "2026-10-25T20:00Z"),
    # New York: forward on Sun 8 Mar 2026 (02:00 EST -> 03:00 EDT), back on Sun 1 Nov 2026.
    ("Mon-Fri 8am-8pm; Sat-Sun 10am-4pm", NYC, "2026-03-08T06:30Z",
     "closed now; opens today 10:00", "2026-03-08T14:00Z"),
    ("Mon-Fri 8am-8pm; Sat-Sun 10am-4pm", NYC, "2026-11-01T20:59Z",
     "lines open now until 16:00", "2026-11-01T21:00Z"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "zone", "at", "says", "changes_at"), STATUS)
def test_whether_the_lines_are_open(
    text: str, zone: str, at: str, says: str, changes_at: str | None
) -> None:
    moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    status = hours.status(hours.parse(text), moment, ZoneInfo(zone))
    assert status.phrase == says
    assert status.open == says.startswith("lines open")
    if changes_at is None:
        assert status.change_at is None
    else:
        assert status.change_at is not None
        assert status.change_at.astimezone(timezone.utc) == datetime.fromisoformat(
            changes_at.replace("Z", "+00:00")
        )
        assert status.change_at > moment


READINGS = [
    (UK, UK),
    ("mon-fri 8am-8pm, sat 9am-5pm", UK),
    ("Monday - Friday: 8:00 am to 8:00 pm; Saturday 9.00-17.00", UK),
    ("Weekdays 08:00-20:00 & Sat 09:00-17:00", "Mon-Fri 08:00-20:00; Sat 09:00-17:00"),
    ("Mon, Wed 09:00-17:00", "Mon 09:00-17:00; Wed 09:00-17:00"),
    ("Sat & Sun 10:00-16:00", "Sat-Sun 10:00-16:00"),
    ("weekdays 9:00-12:00 and 13:00-17:00", "Mon-Fri 09:00-12:00, 13:00-17:00"),
    ("Mon-Sat 09:00-17:00; Wed closed", "Mon-Tue 09:00-17:00; Thu-Sat 09:00-17:00"),
    ("daily 24 hours", "daily 24h"),
    (
        "Fri\u2013Mon 22:00\u201306:00",  # en dashes
        "Mon 22:00-06:00; Fri-Sun 22:00-06:00",
    ),
    ("7 days a week 8am-midnight", "daily 08:00-24:00"),
    ("Mon-Fri noon-8pm", "Mon-Fri 12:00-20:00"),
]


@pytest.mark.parametrize(("text", "reading"), READINGS)
def test_hours_are_read_as_people_write_them(text: str, reading: str) -> None:
    assert hours.parse(text).describe() == reading


REFUSED = [
    ("", "empty"),
    ("9-5", "does not start with days"),
    ("Mon-Fri 9-5", "needs minutes or am/pm"),
    ("Mon-Fri", "has no times"),
    ("Mon 25:00-26:00", "not a time of day"),
    ("Mon 13pm-2pm", "am and pm go with 1 to 12"),
    ("Mon 09:00-09:00", "opens and closes at the same time"),
    ("Mon 09:00", "not a pair of times"),
    ("Sun closed", "never open"),
    ("when they feel like it", "does not start with days"),
]


@pytest.mark.parametrize(("text", "problem"), REFUSED)
def test_unreadable_hours_are_refused_with_an_example(text: str, problem: str) -> None:
    with pytest.raises(BadInput) as refused:
        hours.parse(text)
    assert problem in refused.value.message
    assert '"Mon-Fri 08:00-20:00; Sat 09:00-17:00"' in refused.value.message
