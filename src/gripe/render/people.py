"""The reps, and the person's own settings, as tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from gripe.model import Rep
from gripe.render.text import new_table

if TYPE_CHECKING:
    from rich.table import Table


def reps_table(reps: list[Rep]) -> Table:
    table = new_table(
        "#", "Rep", "Badge", "Role", "Company", "Calls", "Kept", "Broken", "No date",
        wrap=("Rep", "Company"),
    )  # fmt: skip
    for rep in reps:
        table.add_row(
            str(rep.id),
            rep.name,
            rep.employee_id or "",
            rep.role.value if rep.role else "",
            rep.company,
            str(rep.calls),
            str(rep.kept),
            Text(str(rep.broken), style="red" if rep.broken else ""),
            str(rep.undated),
        )
    return table


def settings_table(values: dict[str, str], descriptions: dict[str, str]) -> Table:
    table = new_table("Setting", "Value", "What it is for", wrap=("Value", "What it is for"))
    for key, description in descriptions.items():
        value = values.get(key)
        table.add_row(key, value if value else Text("not set", style="dim"), description)
    return table
