"""Arguments and options shared by several commands, with their help text and completion."""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

Completer = Callable[[typer.Context, str], list[Any]]


def _completer(name: str, *arguments: str) -> Completer:
    """What typer calls to complete a value: `gripe.cli.completion`'s ``name``, imported only
    when the shell asks for completions (never when a command runs)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Any]:
        from gripe.cli import completion

        found = getattr(completion, name)
        chosen: Completer = found(*arguments) if arguments else found
        return chosen(ctx, incomplete)

    return complete


complete_company = _completer("company_names")
complete_case = _completer("cases")
complete_promise = _completer("promises")
complete_pending_promise = _completer("pending_promises")
complete_call = _completer("calls")
complete_letter = _completer("letters")
complete_rep = _completer("reps")
complete_claim = _completer("claims")
complete_template = _completer("templates")
complete_setting = _completer("setting_keys")
complete_setting_value = _completer("setting_values")
complete_sector = _completer("sectors")


def complete_choice(name: str) -> Completer:
    """One of a fixed list (`gripe.cli.completion.CHOICES`): channels, roles, levels …"""
    return _completer("choice", name)


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AllFlag = Annotated[
    bool, typer.Option("--all", "-a", help="Show every row instead of the first --limit.")
]
# A screenful or a thousand: a larger limit is a mistake (--all shows every row).
MAX_LIMIT = 100_000
Limit = Annotated[
    int,
    typer.Option(
        "--limit", "-n", metavar="N", min=1, max=MAX_LIMIT, help="How many rows to show."
    ),
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
    typer.Argument(
        metavar="CASE",
        help="The case number, like 12 or #12.",
        show_default=False,
        autocompletion=complete_case,
    ),
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
    """A Typer for one command (or, with ``group``, a command group) loaded on demand, whose
    help reads whole (`gripe.cli.help`)."""
    from gripe.cli.help import GripeSubGroup, GripeTyper

    return GripeTyper(
        cls=GripeSubGroup if group else None,
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


# ---- what a call was: the options of `gripe log`, shared with `gripe call end` ------------------

CaseOption = Annotated[
    str | None,
    typer.Option(
        "--case",
        metavar="ID",
        help="The case number, when the company has several open.",
        show_default=False,
        autocompletion=complete_case,
    ),
]
RepOption = Annotated[
    str | None,
    typer.Option("--rep", metavar="NAME", help="The name the rep gave.", show_default=False),
]
RepIdOption = Annotated[
    str | None,
    typer.Option(
        "--rep-id", metavar="ID", help="The rep's employee or badge id.", show_default=False
    ),
]
RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role",
        metavar="ROLE",
        help="agent, supervisor, manager or executive.",
        show_default=False,
        autocompletion=complete_choice("role"),
    ),
]
ChannelOption = Annotated[
    str,
    typer.Option(
        "--channel",
        metavar="CHANNEL",
        help="phone, chat, email, letter, in-person or social.",
        autocompletion=complete_choice("channel"),
    ),
]
InboundFlag = Annotated[
    bool, typer.Option("--inbound", help="They contacted you (default: you contacted them).")
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="WHEN",
        help='When it happened: "yesterday 3pm", "2 hours ago", 2026-07-28 14:30 (default: now).',
        show_default=False,
    ),
]
DurationOption = Annotated[
    str | None,
    typer.Option(
        "--duration",
        metavar="D",
        help="How long it took: 25m, 1h10m, 1:10, 90.",
        show_default=False,
    ),
]
HoldOption = Annotated[
    str | None,
    typer.Option(
        "--hold", metavar="D", help="Time on hold: 25m, 1h10m, 1:10, 90.", show_default=False
    ),
]
RefOption = Annotated[
    str | None,
    typer.Option(
        "--ref",
        metavar="REF",
        help="The reference, ticket or case number they gave.",
        show_default=False,
    ),
]
PromiseOption = Annotated[
    str | None,
    typer.Option(
        "--promise",
        metavar="TEXT",
        help='What they promised: "Service restored".',
        show_default=False,
    ),
]
ReplyToOption = Annotated[
    str | None,
    typer.Option(
        "--reply-to",
        metavar="LETTER",
        help="This contact answers your letter LETTER (its number: gripe letter list).",
        show_default=False,
        autocompletion=complete_letter,
    ),
]
