"""``gripe demo``: a realistic log in a throw-away database, then what gripe shows of it."""

import tempfile
from pathlib import Path
from typing import Annotated

import typer

from gripe import render
from gripe.cli.context import Session, session
from gripe.cli.options import command_app
from gripe.demo import build_story
from gripe.letters.compose import compose
from gripe.store import companies, reading, settings, writing

app = command_app()


@app.command("demo")
def demo(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Keep the demo log in this new file (default: a temporary one, deleted after).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """gripe at work on a sample story, in a throw-away log.

    A broadband outage: the dashboard, the case's timeline, the company and the letter, from a
    log made up for the purpose. Your own log is never touched.

    Examples:
      gripe demo
      gripe demo --db demo.db
    """
    gripe = session(ctx)
    chosen = db or gripe.db_option  # GRIPE_DB is ignored: the demo never touches your log
    if chosen:
        _run(Session(db_option=chosen, output=gripe.output))
        return
    with tempfile.TemporaryDirectory(prefix="gripe-demo-") as folder:
        demo_session = Session(db_option=str(Path(folder) / "demo.db"), output=gripe.output)
        try:
            _run(demo_session)
        finally:
            demo_session.close()


def _run(gripe: Session) -> None:
    with writing(gripe.conn) as conn:
        story = build_story(conn, gripe.view.now)
    gripe.note(f"A sample log in {gripe.path}: {story.summary}\n")
    from gripe.cli.dashboard import dashboard

    dashboard(gripe)
    from gripe.cli.case_state import case_state
    from gripe.render.timeline import timeline_view

    state = case_state(gripe, story.main_case_id)
    timeline = state.record.timeline
    gripe.out.rule(f"gripe case show {story.main_case_id}")
    shown = timeline_view(gripe.view, state.record, state.step, state.rights_lines)
    gripe.show(shown, prewrapped=True)
    with reading(gripe.conn) as conn:
        company = companies.summary(conn, timeline.company.id)
        phones = companies.phones(conn, timeline.company.id)
    gripe.out.rule(f"gripe company show {timeline.company.id}")
    gripe.show(render.company_card(gripe.view, company, [], phones))
    with reading(gripe.conn) as conn:
        known = settings.all_settings(conn)
    letter = compose(
        state.record, known, gripe.view.now, gripe.view.zone, state.step.template,
        report=state.report,
    )  # fmt: skip
    gripe.out.rule(f"gripe letter {story.main_case_id}  (the {letter.template} letter)")
    gripe.show(letter.text.rstrip("\n"), prewrapped=True)
    gripe.note(
        f"\nTry: gripe --db {gripe.path} case list --status any"
        if gripe.db_option and "gripe-demo-" not in gripe.db_option
        else "\nRun with --db demo.db to keep this log and explore it."
    )
