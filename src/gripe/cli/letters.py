"""``gripe letter`` and ``gripe template list/show/edit/path``."""

import os
import shlex
import shutil
import subprocess
import sys
from typing import Annotated

import typer

from gripe.cli.context import session
from gripe.cli.options import CaseArg, Force, OutputFile, command_app
from gripe.errors import BadInput
from gripe.letters import render as letter_render
from gripe.letters.compose import compose, pick_format
from gripe.store import cases, letters, reading, settings, writing
from gripe.store.rows import parse_id

letter_app = command_app()
template_app = command_app("Letter templates: the built-in ones and your own.", group=True)

TemplateName = Annotated[
    str,
    typer.Argument(metavar="NAME", help="A template name, like complaint.", show_default=False),
]


@letter_app.command("letter")
def letter(
    ctx: typer.Context,
    case: CaseArg,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            metavar="NAME",
            help="complaint, follow-up, escalation, final-notice, regulator, billing-dispute "
            "or one of yours (default: the one that fits the case's level).",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="txt (wrapped at 72 columns), md or pdf (default: from -o's name, else txt).",
            show_default=False,
        ),
    ] = None,
    output: OutputFile = None,
    force: Force = False,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Keep the letter on the case and expect a reply by its deadline "
            "(a pending promise that turns broken if they stay silent).",
        ),
    ] = False,
    days: Annotated[
        int,
        typer.Option("--days", metavar="N", min=1, max=365, help="Days they have to reply."),
    ] = 14,
    full_account: Annotated[
        bool,
        typer.Option("--full-account", help="Print the whole account number, not its last four."),
    ] = False,
) -> None:
    """Write the letter for a case, every call, rep, reference and broken promise filled in."""
    gripe = session(ctx)
    chosen = pick_format(format_, output.name if output else None)
    if chosen == "pdf" and output is None and sys.stdout.isatty():
        raise BadInput("a PDF does not belong on a terminal; add -o letter.pdf")
    with reading(gripe.conn) as conn:
        timeline = cases.timeline(conn, parse_id(case, "case"))
        known = settings.all_settings(conn)
    composed = compose(
        timeline, known, gripe.view.now, gripe.view.zone, template, chosen, days, full_account
    )
    if composed.missing:
        gripe.note(
            "Your "
            + ", ".join(composed.missing)
            + " are not set, so the letter has a marked gap: "
            "gripe config set " + composed.missing[0] + " …"
        )
    if output is not None:
        from gripe.files import write_new

        write_new(output, composed.data, force)
        gripe.note(f"Wrote the {composed.template} letter to {output}")
    elif sys.stdout.isatty() and composed.format != "pdf":
        # On a screen, the person's text is shown, never obeyed (see gripe.render.visible).
        gripe.show(composed.data.decode("utf-8").rstrip("\n"), prewrapped=True)
    else:
        sys.stdout.buffer.write(composed.data)
        sys.stdout.flush()
    if record:
        with writing(gripe.conn) as conn:
            kept, reply = letters.record(
                conn, timeline.case.id, composed.template, composed.format, composed.text,
                gripe.view.now, composed.response_due, composed.dated,
            )  # fmt: skip
        gripe.note(
            f"Recorded letter #{kept.id} on case #{timeline.case.id}; "
            f'promise #{reply.id} "{reply.text}" is due {gripe.view.when(composed.response_due)}'
        )


@template_app.command("list")
def template_list(ctx: typer.Context) -> None:
    """List the templates: built-in, yours, and yours replacing a built-in."""
    for name, where, path in letter_render.available():
        sys.stdout.write(f"{name:<16} {where:<30} {path}\n")


@template_app.command("show")
def template_show(ctx: typer.Context, name: TemplateName) -> None:
    """Print a template's source."""
    sys.stdout.write(letter_render.template_path(name).read_text(encoding="utf-8"))


@template_app.command("path")
def template_path(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="A template (default: your template folder).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print your template folder, or the file a template name uses."""
    chosen = letter_render.template_path(name) if name else letter_render.user_dir()
    sys.stdout.write(f"{chosen}\n")


@template_app.command("edit")
def template_edit(ctx: typer.Context, name: TemplateName) -> None:
    """Edit a template in $EDITOR; a built-in one is copied to your folder first."""
    gripe = session(ctx)
    target = letter_render.user_dir() / f"{name}{letter_render.SUFFIX}"
    if not target.exists():
        source = letter_render.template_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        gripe.note(f"Copied the built-in {name} template to {target}")
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    # No shell: the editor command is split into words and run with the file as one argument.
    completed = subprocess.run([*shlex.split(editor), str(target)], check=False)
    if completed.returncode != 0:
        raise BadInput(
            f"the editor ({editor}) exited with {completed.returncode}; {target} is kept"
        )
