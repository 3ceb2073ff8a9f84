"""``gripe config set/get/list/unset``."""

from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import session
from gripe.cli.options import JsonFlag, command_app, complete_setting, complete_setting_value
from gripe.errors import BadInput, NotFound
from gripe.model import SETTINGS, Setting, check_setting
from gripe.store import reading, settings, writing

app = command_app(
    """Your details for letters, time zone, date order and law.

    Letters are signed with your name, address, email and phone; the jurisdiction (UK or US)
    decides which laws, bodies and clocks apply.

    Examples:
      gripe config set name "Alex Morgan"
      gripe config set jurisdiction UK
      gripe config list
    """,
    group=True,
)

Key = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        help=f"One of: {', '.join(SETTINGS)}.",
        show_default=False,
        autocompletion=complete_setting,
    ),
]


def _setting_json(key: str, found: Setting | None) -> dict[str, object]:
    return {
        "id": found.id if found else None,
        "uuid": found.uuid if found else None,
        "key": key,
        "value": found.value if found else None,
        "description": SETTINGS[key],
    }


def _known(key: str) -> None:
    if key not in SETTINGS:
        raise BadInput(f"there is no setting {key!r}; use one of: {', '.join(SETTINGS)}")


@app.command("set")
def set_(
    ctx: typer.Context,
    key: Key,
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE",
            help="The new value.",
            show_default=False,
            autocompletion=complete_setting_value,
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """Set one of your settings.

    Examples:
      gripe config set name "Alex Morgan"
      gripe config set address "12 High Street\\nLeeds\\nLS1 4AB"
      gripe config set timezone Europe/London
    """
    gripe = session(ctx)
    stored = check_setting(key, value)
    with writing(gripe.conn) as conn:
        settings.put(conn, key, stored)
        found = settings.rows(conn).get(key)
    if json_:
        gripe.json(_setting_json(key, found))
    else:
        gripe.show(f"{key} = {stored}")


@app.command("get")
def get(ctx: typer.Context, key: Key, json_: JsonFlag = False) -> None:
    """Print one setting's value.

    Exits 1 when it is not set.

    Examples:
      gripe config get jurisdiction
      gripe config get address --json
    """
    gripe = session(ctx)
    _known(key)
    with reading(gripe.conn) as conn:
        found = settings.rows(conn).get(key)
    if found is None:
        raise NotFound(f"{key} is not set; set it with: gripe config set {key} VALUE")
    if json_:
        gripe.json(_setting_json(key, found))
    else:
        gripe.out.print(found.value, markup=False)


@app.command("unset")
def unset(ctx: typer.Context, key: Key, json_: JsonFlag = False) -> None:
    """Remove one of your settings.

    Examples:
      gripe config unset phone
    """
    gripe = session(ctx)
    _known(key)
    with writing(gripe.conn) as conn:
        found = settings.rows(conn).get(key)
        settings.delete(conn, key)
    if json_:
        gripe.json({**_setting_json(key, found), "removed": found is not None})
    else:
        gripe.note(f"{key} removed" if found is not None else f"{key} was not set")


@app.command("list")
def list_(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """Show every setting, set or not.

    Examples:
      gripe config list
      gripe config list --json
    """
    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        found = settings.rows(conn)
    if json_:
        gripe.json([_setting_json(key, found.get(key)) for key in SETTINGS])
    else:
        values = {key: setting.value for key, setting in found.items()}
        gripe.show(render.settings_table(values, SETTINGS))
