"""How every gripe command prints its help: a whole summary, a usage line as people write
one, and examples.

A command's help text (its docstring, or a group's ``help=``) is written as

    One short line: the summary, shown whole in its group's list of commands.

    Longer text below it, rewrapped to the screen.

    Examples:
      gripe case show 12
      gripe case show 12 --json

The summary is never cut with "..." to fit a column (click's default): the column wraps instead.
The lines under ``Examples:`` are printed as written, after the options, so that they can be
copied whole. A required argument is shown in the usage line as ``CASE``, an optional one as
``[NAME]`` (typer 0.28 writes ``{CASE}``).

Every command class gripe uses mixes `HelpFormat` in: `GripeCommand` for a command,
`GripeSubGroup` for a group of them, and the root group in `gripe.cli`; `GripeTyper` makes
them the default, so no command names its class.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

EXAMPLES = "Examples:"


def split_help(text: str | None) -> tuple[str, list[str]]:
    """A help text's prose and its example lines (the lines under ``Examples:``)."""
    import inspect

    cleaned = inspect.cleandoc(text or "")
    prose, marker, examples = cleaned.partition(f"\n{EXAMPLES}\n")
    if not marker and cleaned.startswith(f"{EXAMPLES}\n"):
        prose, examples = "", cleaned.removeprefix(f"{EXAMPLES}\n")
    lines = [line.strip() for line in examples.splitlines() if line.strip()]
    return prose.strip(), lines


def summary(text: str | None) -> str:
    """The first paragraph of a help text, on one line."""
    prose, _ = split_help(text)
    return " ".join(prose.split("\n\n", 1)[0].split())


class HelpFormat:
    """The help of a gripe command or group (see the module's docstring)."""

    help: str | None

    def get_short_help_str(self, limit: int = 45) -> str:
        return summary(self.help)

    def format_help_text(self, ctx: Any, formatter: Any) -> None:
        prose, _ = split_help(self.help)
        if prose:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(prose)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        _, examples = split_help(self.help)
        if examples:
            with formatter.section(EXAMPLES.rstrip(":")):
                for line in examples:
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        options_metavar: str | None = getattr(self, "options_metavar", None)
        pieces = [options_metavar] if options_metavar else []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name != "argument":
                continue
            name = param.make_metavar(ctx)
            if not param.required and not name.startswith("["):
                name = f"[{name}]"
            pieces.append(name + ("..." if param.nargs != 1 else ""))
        subcommands: str | None = getattr(self, "subcommand_metavar", None)
        if isinstance(self, TyperGroup) and subcommands:
            pieces.append(subcommands)
        return pieces


class GripeCommand(HelpFormat, TyperCommand):
    pass


class GripeSubGroup(HelpFormat, TyperGroup):
    pass


class GripeTyper(typer.Typer):
    """A Typer whose commands are `GripeCommand` unless they name another class."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or GripeCommand, **kwargs)
