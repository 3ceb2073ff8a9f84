"""The command line: the app, the root callback and the one error boundary.

Every command module registers itself on `app` (or a sub-app added here). Domain code raises
`GripeError`; `GripeGroup.invoke` turns it into ``Error: …`` on stderr and the error's exit
code, and turns Ctrl-C into exit 130. Nothing else catches exceptions: a real bug shows its
traceback.
"""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from gripe import __version__
from gripe.cli.context import Session
from gripe.errors import GripeError


class GripeGroup(TyperGroup):
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
    session = Session(db_option=db)
    ctx.obj = session
    ctx.call_on_close(session.close)
    if ctx.invoked_subcommand is None:
        from gripe.cli.dashboard import dashboard

        dashboard(session)


def _register() -> None:
    from gripe.cli import cases, companies, config, demo, log, promises, reps, review

    app.command("log")(log.log)
    app.command("overdue")(review.overdue)
    app.command("due")(review.due)
    app.command("when")(review.when)
    app.add_typer(cases.app, name="case")
    app.add_typer(promises.app, name="promise")
    app.add_typer(companies.app, name="company")
    app.add_typer(reps.app, name="rep")
    app.add_typer(config.app, name="config")
    app.command("demo")(demo.demo)


_register()


def run() -> None:
    app(prog_name="gripe")
