"""The command line: the app, the root callback and the one error boundary.

Commands are loaded on demand: `COMMANDS` names the module and Typer app of each, and
`GripeGroup.get_command` imports only the one being run, so ``gripe overdue`` never builds the
options of the other twenty commands (start-up time is a budget, see DESIGN.md).

Domain code raises `GripeError`; `GripeGroup.invoke` turns it into ``Error: …`` on stderr and the
error's exit code, and turns Ctrl-C into exit 130. Nothing else catches exceptions: a real bug
shows its traceback.
"""

import importlib
import sqlite3
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from gripe import __version__
from gripe.cli.context import Session
from gripe.errors import GripeError

# Command name → (module, Typer app in it, whether it is a group of subcommands), in the order
# `gripe --help` lists them.
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "log": ("gripe.cli.log", "app", False),
    "call": ("gripe.cli.call", "app", True),
    "overdue": ("gripe.cli.review", "overdue_app", False),
    "due": ("gripe.cli.review", "due_app", False),
    "when": ("gripe.cli.review", "when_app", False),
    "search": ("gripe.cli.search", "app", False),
    "case": ("gripe.cli.cases", "app", True),
    "promise": ("gripe.cli.promises", "app", True),
    "company": ("gripe.cli.companies", "app", True),
    "letter": ("gripe.cli.letters", "letter_app", False),
    "rights": ("gripe.cli.rights", "app", False),
    "template": ("gripe.cli.letters", "template_app", True),
    "calendar": ("gripe.cli.evidence", "calendar_app", False),
    "attach": ("gripe.cli.evidence", "attach_app", False),
    "bundle": ("gripe.cli.evidence", "bundle_app", False),
    "rep": ("gripe.cli.reps", "app", True),
    "config": ("gripe.cli.config", "app", True),
    "export": ("gripe.cli.data", "export_app", False),
    "import": ("gripe.cli.data", "import_app", False),
    "history": ("gripe.cli.history", "history_app", False),
    "undo": ("gripe.cli.history", "undo_app", False),
    "demo": ("gripe.cli.demo", "app", False),
}


def command_line(args: list[str]) -> str:
    """The command as typed, for the change journal: ``gripe`` and its arguments, without the
    ``--db`` value (where the log lives is not part of what was done to it)."""
    import shlex

    kept: list[str] = []
    skip = False
    for number, arg in enumerate(args):
        if skip:
            skip = False
        elif arg == "--":
            kept += args[number:]
            break
        elif arg == "--db":
            skip = True
        elif not arg.startswith("--db="):
            kept.append(arg)
    return shlex.join(["gripe", *kept])


class GripeGroup(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["gripe.command"] = command_line(list(args))
        return list(super().parse_args(ctx, args))

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, is_group = COMMANDS[cmd_name]
        sub_app = getattr(importlib.import_module(module_name), attribute)
        # A group with one subcommand (rep list) must stay a group: get_command would flatten it.
        command = typer.main.get_group(sub_app) if is_group else typer.main.get_command(sub_app)
        command.name = cmd_name
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GripeError as error:
            typer.echo(f"Error: {error.message}", err=True)
            raise typer.Exit(error.exit_code) from None
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            typer.echo(
                "Error: the database is busy: another gripe is still writing; try again", err=True
            )
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("", err=True)
            raise typer.Exit(130) from None


app = typer.Typer(
    cls=GripeGroup,
    name="gripe",
    help="Log every call to a company, catch every broken promise, write the letter.",
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"gripe {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="The database file (default: $GRIPE_DB, else gripe.db in your data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """With no command: the dashboard of broken promises, what is due and open cases."""
    session = Session(db_option=db, command=ctx.meta.get("gripe.command", "gripe"))
    ctx.obj = session
    ctx.call_on_close(session.close)
    if ctx.invoked_subcommand is None:
        from gripe.cli.dashboard import dashboard

        dashboard(session)


def run() -> None:
    app(prog_name="gripe")
