"""The reps, and the person's own settings, as tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from gripe.render.text import new_table

if TYPE_CHECKING:
    from rich.table import Table


def settings_table(values: dict[str, str], descriptions: dict[str, str]) -> Table:
    table = new_table("Setting", "Value", "What it is for", wrap=("Value", "What it is for"))
    for key, description in descriptions.items():
        value = values.get(key)
        table.add_row(key, value if value else Text("not set", style="dim"), description)
    return table
