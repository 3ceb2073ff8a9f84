"""``gripe letter CASE`` (write one), ``gripe letter list/show/sent/replied`` (the person's
letters) and ``gripe template list/show/edit/path``.

``letter`` is a group whose first argument is either one of its subcommands or a case: anything
that is not a subcommand's name is the ``CASE`` of the letter to write (`LetterGroup`), so
``gripe letter 1 --template complaint`` keeps working beside ``gripe letter list``.
"""

import os
import shlex
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from gripe.cli.context import Session, session
from gripe.cli.help import GripeCommand, GripeSubGroup, GripeTyper
from gripe.cli.options import (
    DEFAULT_LIMIT,
    AllFlag,
    CaseArg,
    Force,
    JsonFlag,
    Limit,
    OutputFile,
    command_app,
    complete_case,
    complete_choice,
    complete_letter,
    complete_template,
)
from gripe.errors import BadInput
from gripe.letters import render as letter_render
from gripe.store import letters, reading, writing
from gripe.store.rows import parse_id

WRITE = "write"


class LetterGroup(GripeSubGroup):
    """A group whose default command writes a letter: ``gripe letter 1`` is ``letter write 1``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [WRITE, *args]
        return list(super().parse_args(ctx, args))


class WriteCommand(GripeCommand):
    """Shown as ``gripe letter [OPTIONS] CASE``: the name of the default command is not typed."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        path = ctx.parent.command_path if ctx.parent is not None else ctx.command_path
        formatter.write_usage(path, " ".join(pieces))


letter_app = GripeTyper(
    cls=LetterGroup,
    help="""Write a case's letter, and track the letters you sent.

    gripe letter CASE writes the letter the next step calls for (gripe letter write CASE, in
    full); the others keep track of your letters: when and how each went, and whether they
    answered by its reply date.

    Examples:
      gripe letter 12
      gripe letter 12 --template escalation -o escalation.pdf --record
      gripe letter sent 3 --via recorded --proof AB123456789GB
      gripe letter list
    """,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
template_app = command_app(
    """Letter templates: the built-in ones and your own.

    A template of yours with a built-in one's name replaces it.

    Examples:
      gripe template list
      gripe template edit complaint
    """,
    group=True,
)

TemplateName = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="A template name, like complaint.",
        show_default=False,
        autocompletion=complete_template,
    ),
]
LetterArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The letter's number, like 3 (see: gripe letter list).",
        show_default=False,
        autocompletion=complete_letter,
    ),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="WHEN",
        help='When: "today", "yesterday", "9 March", 2026-03-09 (default: now).',
        show_default=False,
    ),
]


def _when(gripe: Session, on: str | None) -> datetime:
    """When a letter went or was answered: ``--on`` read towards the past, as ``--at`` is."""
    from gripe import dates

    if on is None:
        return gripe.view.now
    try:
        return dates.parse_at(on, gripe.view.now, gripe.setting("date_order"))
    except BadInput as error:
        raise BadInput(
            error.message.replace("--at is when the call happened", "--on is when it happened")
        ) from None


@letter_app.command(WRITE, cls=WriteCommand)
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
            "or one of yours (default: the next step's letter, as case show suggests).",
            show_default=False,
            autocompletion=complete_template,
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
            autocompletion=complete_choice("letter_format"),
        ),
    ] = None,
    output: OutputFile = None,
    force: Force = False,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Keep the letter on the case, waiting for a reply by its date (then say how "
            "it went: gripe letter sent ID).",
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
    json_: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the letter's text and facts as JSON (and the letter kept, with --record).",
        ),
    ] = False,
) -> None:
    """Write the letter for a case, filled in from the log.

    Every call, rep, reference and broken promise is filled in; the template is the one the
    next step calls for unless --template names another. What the letter lacks (your address,
    the company's) is said on stderr.

    Examples:
      gripe letter 12
      gripe letter 12 --template final-notice -o final-notice.pdf
      gripe letter 12 --record --days 14 > letter.txt
      gripe letter write 12 --json | jq -r .text
    """
    from gripe.cli.letter_writing import write_letter

    write_letter(
        session(ctx), case, template, format_, output, force, record, days, full_account, json_
    )


@letter_app.command("list")
def list_(
    ctx: typer.Context,
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            metavar="ID",
            help="Only this case's letters.",
            show_default=False,
            autocompletion=complete_case,
        ),
    ] = None,
    all_: AllFlag = False,
    limit: Limit = DEFAULT_LIMIT,
    json_: JsonFlag = False,
) -> None:
    """Your recorded letters, the newest first.

    When and how each went, and whether they answered by its reply date.

    Examples:
      gripe letter list
      gripe letter list --case 12 --json
    """
    from gripe import render
    from gripe.render import letters as render_letters

    gripe = session(ctx)
    case_id = parse_id(case, "case") if case else None
    with reading(gripe.conn) as conn:
        if case_id is not None:
            from gripe.store import cases

            cases.get(conn, case_id)  # a case that does not exist is an error, not "no letters"
        found = letters.listing(conn, case_id, None if all_ or json_ else limit)
        total = letters.count(conn, case_id)
    if json_:
        gripe.json([render_letters.letter_json(gripe.view, letter) for letter in found])
    elif found:
        gripe.show(render_letters.letter_entries(gripe.view, found), prewrapped=True)
        gripe.show(render.more_note(len(found), total))
    else:
        gripe.note(
            "No letters recorded yet. Write one and keep it on its case: "
            "gripe letter CASE --record"
        )


@letter_app.command("show")
def show(ctx: typer.Context, letter_id: LetterArg, json_: JsonFlag = False) -> None:
    """One letter: how it went, its reply and its text.

    Examples:
      gripe letter show 3
      gripe letter show 3 --json | jq -r .body
    """
    from gripe.render import letters as render_letters

    gripe = session(ctx)
    with reading(gripe.conn) as conn:
        found = letters.get(conn, parse_id(letter_id, "letter"))
        text = letters.body(conn, found.id)
    if json_:
        gripe.json({**render_letters.letter_json(gripe.view, found), "body": text})
    else:
        gripe.show(render_letters.letter_view(gripe.view, found, text), prewrapped=True)


@letter_app.command("sent")
def sent(
    ctx: typer.Context,
    letter_id: LetterArg,
    via: Annotated[
        str,
        typer.Option(
            "--via",
            metavar="HOW",
            help="post, recorded (recorded delivery; certified mail in the US), email, "
            "online-form or in-person.",
            show_default=False,
            autocompletion=complete_choice("via"),
        ),
    ],
    on: OnOption = None,
    proof: Annotated[
        str | None,
        typer.Option(
            "--proof",
            metavar="REF",
            help="The tracking or proof-of-posting reference.",
            show_default=False,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Record when and how a letter went.

    Its reply date counts from then, if that is later than when it was written.

    Examples:
      gripe letter sent 3 --via recorded --proof AB123456789GB
      gripe letter sent 3 --via email --on yesterday
    """
    from gripe.model import SentVia
    from gripe.render import letters as render_letters

    gripe = session(ctx)
    view = gripe.view
    how = SentVia.parse(via, "way of sending a letter")
    at = _when(gripe, on)
    with writing(gripe.conn) as conn:
        before, after = letters.sent(
            conn, parse_id(letter_id, "letter"), at, how, proof, view.zone
        )
    if json_:
        gripe.json(render_letters.letter_json(view, after))
        return
    moved = ""
    if after.reply_due and before.reply_due and after.reply_due != before.reply_due:
        moved = f"; its reply date moves to {view.day(after.reply_due)}"
    elif after.reply_due:
        moved = f"; reply due {view.day(after.reply_due)}"
    went = render_letters.went(view, after, gripe.setting("jurisdiction"))
    gripe.show(f"Letter #{after.id}: {went}{moved}")


@letter_app.command("replied")
def replied(
    ctx: typer.Context, letter_id: LetterArg, on: OnOption = None, json_: JsonFlag = False
) -> None:
    """Record that they answered a letter.

    Its reply date is settled; gripe log … --reply-to ID does the same when you log their
    answer.

    Examples:
      gripe letter replied 3
      gripe letter replied 3 --on "9 March"
    """
    from gripe.render import letters as render_letters

    gripe = session(ctx)
    view = gripe.view
    at = _when(gripe, on)
    with writing(gripe.conn) as conn:
        _, after = letters.replied(conn, parse_id(letter_id, "letter"), at, view.zone)
    if json_:
        gripe.json(render_letters.letter_json(view, after))
    else:
        assert after.replied_at is not None
        gripe.show(
            f"Letter #{after.id} ({after.template}) answered {view.day(after.replied_at)}; "
            f"what next: gripe case show {after.case_id}"
        )


def _template_json(name: str, where: str, path: Path) -> dict[str, object]:
    return {
        "name": name,
        "where": "built-in" if where == "built-in" else "yours",
        "replaces_built_in": where.startswith("yours, replacing"),
        "path": str(path),
    }


@template_app.command("list")
def template_list(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """List the templates, built-in and yours.

    Yours (in gripe template path) replace a built-in one of the same name.

    Examples:
      gripe template list
      gripe template list --json
    """
    gripe = session(ctx)
    found = letter_render.available()
    if json_:
        gripe.json([_template_json(name, where, path) for name, where, path in found])
        return
    for name, where, path in found:
        gripe.write(f"{name:<16} {where:<30} {path}\n")


@template_app.command("show")
def template_show(ctx: typer.Context, name: TemplateName, json_: JsonFlag = False) -> None:
    """Print a template's source.

    Examples:
      gripe template show complaint
      gripe template show complaint --json
    """
    gripe = session(ctx)
    path = letter_render.template_path(name)
    text = path.read_text(encoding="utf-8")
    if json_:
        where = next((where for found, where, _ in letter_render.available() if found == name), "")
        gripe.json({**_template_json(name, where, path), "text": text})
    else:
        gripe.write(text)


@template_app.command("path")
def template_path(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[NAME]",
            help="A template (default: your template folder).",
            show_default=False,
            autocompletion=complete_template,
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Print your template folder, or a template's file.

    Examples:
      gripe template path
      gripe template path complaint
    """
    gripe = session(ctx)
    chosen = letter_render.template_path(name) if name else letter_render.user_dir()
    if json_:
        gripe.json({"name": name, "path": str(chosen)})
    else:
        gripe.write(f"{chosen}\n")


@template_app.command("edit")
def template_edit(ctx: typer.Context, name: TemplateName) -> None:
    """Edit a template in $EDITOR.

    A built-in one is copied to your template folder first; yours then replaces it.

    Examples:
      gripe template edit complaint
      EDITOR=nano gripe template edit my-letter
    """
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
