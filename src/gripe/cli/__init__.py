"""The command line: the app, the root callback and the one error boundary.

Commands are loaded on demand: `COMMANDS` names the module and Typer app of each, and
`GripeGroup.get_command` imports only the one being run, so ``gripe overdue`` never builds the
options of the other twenty commands; a group of subcommands builds only the one run
(`_Subcommands`), so ``gripe company list`` never builds ``company add``'s (start-up time is a
budget, see DESIGN.md).

Domain code raises `GripeError`; `GripeGroup.invoke` turns it into ``Error: …`` on stderr and the
error's exit code, and turns Ctrl-C into exit 130. The world's faults (a full disk, a read-only
or damaged file, a number out of range, text that is not UTF-8) become one such line too,
worded by `gripe.cli.faults`; what it cannot place is a real bug and shows its traceback.
Arguments that are not UTF-8 are refused before anything runs.
"""

import importlib
import sqlite3
import sys
from typing import Annotated, Any, NoReturn

import typer
import typer.main
import typer.models
from typer.core import TyperGroup

from gripe import __version__
from gripe.cli.context import Output, Session
from gripe.cli.help import HelpFormat
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
    "letter": ("gripe.cli.letters", "letter_app", True),
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
    "backup": ("gripe.cli.backups", "backup_app", False),
    "restore": ("gripe.cli.backups", "restore_app", False),
    "doctor": ("gripe.cli.backups", "doctor_app", False),
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


class GripeGroup(HelpFormat, TyperGroup):
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
        command = _lazy_group(sub_app) if is_group else typer.main.get_command(sub_app)
        command.name = cmd_name
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GripeError as error:
            _finish_output(ctx)
            _refuse(error.message, error.exit_code)
        except KeyboardInterrupt:
            _finish_output(ctx)
            saved = _session_saved(ctx)
            typer.echo("", err=True)
            _say("Interrupted: " + ("the change was saved" if saved else "nothing was saved"))
            raise typer.Exit(130) from None
        except (
            sqlite3.Error,
            OSError,
            OverflowError,
            RecursionError,
            UnicodeError,
            MemoryError,
        ) as error:
            from gripe.cli import faults

            session = ctx.obj if isinstance(ctx.obj, Session) else None
            db = session.opened_path() if session is not None else None
            explained = faults.explain(error, db, _session_saved(ctx))
            if explained is None:
                raise
            _finish_output(ctx)
            _refuse(*explained)


class _Subcommands(dict[str, Any]):
    """A group's subcommands by name, each built by typer the first time it is asked for:
    ``gripe company list`` builds the options of ``list``, not those of the group's other five
    commands (a few milliseconds of every start)."""

    def __init__(self, registered: list[Any]) -> None:
        super().__init__((info.name, info) for info in registered)

    def _built(self, name: str) -> Any:
        found = super().get(name)
        if isinstance(found, typer.models.CommandInfo):
            found = typer.main.get_command_from_info(
                found, pretty_exceptions_short=True, rich_markup_mode=None
            )
            self[name] = found
        return found

    def __getitem__(self, name: str) -> Any:
        if name not in self:
            raise KeyError(name)
        return self._built(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._built(name) if name in self else default

    def values(self) -> Any:
        return [self._built(name) for name in self]

    def items(self) -> Any:
        return [(name, self._built(name)) for name in self]


def _lazy_group(sub_app: typer.Typer) -> TyperGroup:
    """The group typer would build for ``sub_app``, its subcommands built on demand."""
    registered = sub_app.registered_commands
    if any(info.name is None for info in registered):
        return typer.main.get_group(sub_app)  # every group here names its commands
    sub_app.registered_commands = []
    try:
        group = typer.main.get_group(sub_app)
    finally:
        sub_app.registered_commands = registered
    group.commands = _Subcommands(registered)
    return group


def _finish_output(ctx: Any) -> None:
    """What the command printed before it failed comes before the error, not after it."""
    if isinstance(ctx.obj, Session):
        ctx.obj.output.finish()


def _session_saved(ctx: Any) -> bool:
    return isinstance(ctx.obj, Session) and ctx.obj.saved()


def _say(line: str) -> None:
    from gripe.render import visible

    typer.echo(visible(line), err=True)


def _refuse(message: str, exit_code: int) -> NoReturn:
    # Names and phrases in a message are the person's own text: shown, never obeyed.
    _say(f"Error: {message}")
    raise typer.Exit(exit_code) from None


def _refuse_undecodable(args: list[str]) -> None:
    """Arguments that are not UTF-8 reach Python as lone surrogates (PEP 383): refused here,
    before any of them is stored or printed."""
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            sys.stderr.write(
                f"Error: argument {number} ({shown}) is not valid UTF-8 text; type it in UTF-8 "
                "(check your terminal's encoding, or rename the file)\n"
            )
            raise SystemExit(2) from None


app = typer.Typer(
    cls=GripeGroup,
    name="gripe",
    help="""Log every call to a company, catch every broken promise, write the letter.

    With no command: the dashboard of broken promises, what is due, the rights clocks and the
    open cases with what to do next. gripe COMMAND --help says more of each.

    Examples:
      gripe log Comcast "Outage again" --promise "Engineer visit" --by "friday 5pm"
      gripe
      gripe overdue
      gripe case show 12
      gripe letter 12 -o letter.pdf --record
    """,
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
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page long output (default: taller than the screen goes through "
            "$GRIPE_PAGER, else $PAGER, else less; never into a pipe).",
        ),
    ] = False,
    json_: Annotated[
        bool,
        typer.Option(
            "--json",
            help="The dashboard as JSON (after a command, --json is that command's).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    session = Session(
        db_option=db,
        command=ctx.meta.get("gripe.command", "gripe"),
        output=Output(paging=not no_pager),
    )
    ctx.obj = session
    ctx.call_on_close(session.end)
    if json_ and ctx.invoked_subcommand is not None:
        from gripe.errors import BadInput

        raise BadInput(
            f"--json goes after the command: gripe {ctx.invoked_subcommand} … --json "
            "(before it, --json is the dashboard's: gripe --json)"
        )
    if ctx.invoked_subcommand is None:
        from gripe.cli.dashboard import dashboard

        dashboard(session, json_)


def run() -> None:
    _refuse_undecodable(sys.argv[1:])
    app(prog_name="gripe")
