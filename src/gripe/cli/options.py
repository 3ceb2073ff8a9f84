"""Arguments and options shared by several commands, with their help text."""

from pathlib import Path
from typing import Annotated

import typer

from gripe.cli.completion import complete_company

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AllFlag = Annotated[
    bool, typer.Option("--all", "-a", help="Show every row instead of the first --limit.")
]
Limit = Annotated[
    int, typer.Option("--limit", "-n", metavar="N", min=1, help="How many rows to show.")
]
CompanyArg = Annotated[
    str,
    typer.Argument(
        metavar="COMPANY",
        help="The company: its name in any case or spacing (AT&T, att), or its number.",
        autocompletion=complete_company,
        show_default=False,
    ),
]
CaseArg = Annotated[
    str,
    typer.Argument(metavar="CASE", help="The case number, like 12 or #12.", show_default=False),
]

OutputFile = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE instead of stdout (never over an existing file without --force).",
        show_default=False,
        dir_okay=False,
    ),
]
Force = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]

# A screenful: rich tables cost about a millisecond a row to lay out at 80 columns.
DEFAULT_LIMIT = 20


def command_app(help: str | None = None, group: bool = False) -> typer.Typer:
    """A Typer for one command (or, with ``group``, a command group) loaded on demand."""
    return typer.Typer(
        help=help,
        no_args_is_help=group,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )


By = Annotated[
    str | None,
    typer.Option(
        "--by",
        metavar="WHEN",
        help='The deadline as they said it: "friday 5pm", "3-5 business days", "EOD" '
        "(leave it out when they gave no date).",
        show_default=False,
    ),
]
