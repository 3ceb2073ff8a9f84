"""``gripe config set/get/list/unset``."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import emit_json, session
from gripe.cli.options import JsonFlag, command_app
from gripe.errors import BadInput, NotFound
from gripe.model import SETTINGS, check_setting
from gripe.store import reading, settings, writing

app = command_app(
    "Your details for letters, your time zone, date order and jurisdiction.", group=True
)

Key = Annotated[
    str, typer.Argument(metavar="KEY", help=f"One of: {', '.join(SETTINGS)}.", show_default=False)
]


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Key,
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The new value.", show_default=False)
    ],
) -> None:
    """Set a setting."""
    gripe = session(ctx)
    stored = check_setting(key, value)
    with writing(gripe.conn) as conn:
        settings.put(conn, key, stored)
    gripe.show(f"{key} = {stored}")


@app.command("get")
def get(ctx: typer.Context, key: Key) -> None:
    """Print one setting's value."""
    gripe = session(ctx)
    if key not in SETTINGS:
        raise BadInput(f"there is no setting {key!r}; use one of: {', '.join(SETTINGS)}")
    value = settings.get(gripe.conn, key)
    if value is None:
        raise NotFound(f"{key} is not set; set it with: gripe config set {key} VALUE")
    gripe.out.print(value, markup=False)


@app.command("unset")
def unset(ctx: typer.Context, key: Key) -> None:
    """Remove a setting."""
    gripe = session(ctx)
    if key not in SETTINGS:
        raise BadInput(f"there is no setting {key!r}; use one of: {', '.join(SETTINGS)}")
    with writing(gripe.conn) as conn:
        removed = settings.delete(conn, key)
    gripe.note(f"{key} removed" if removed else f"{key} was not set")


@app.command("list")
def list_(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Show every setting, set or not."""
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        values = settings.all_settings(conn)
    if json_:
        emit_json(
            [
                {"key": key, "value": values.get(key), "description": description}
                for key, description in SETTINGS.items()
            ]
        )
    else:
        gripe.show(render.settings_table(values, SETTINGS))
