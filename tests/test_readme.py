"""The README's help blocks are the real ``--help`` output (regenerate: --update)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gripe.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(
    r"<!-- help: gripe (?P<args>[^>]*?) -->\n```text\n(?P<body>.*?)```\n<!-- /help -->", re.S
)


def help_text(args: str) -> str:
    result = CliRunner().invoke(app, args.split(), env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.stdout.strip().splitlines()) + "\n"


def blocks() -> list[tuple[str, str]]:
    return [(m["args"], m["body"]) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


@pytest.mark.parametrize(("args", "body"), blocks())
def test_readme_help_block_is_current(args: str, body: str) -> None:
    assert body == help_text(args), "run: python tests/test_readme.py --update"


def test_readme_has_help_blocks() -> None:
    assert len(blocks()) >= 2


def update() -> None:
    text = README.read_text(encoding="utf-8")
    updated = BLOCK.sub(
        lambda m: (
            f"<!-- help: gripe {m['args']} -->\n```text\n{help_text(m['args'])}```\n<!-- /help -->"
        ),
        text,
    )
    README.write_text(updated, encoding="utf-8")


if __name__ == "__main__" and "--update" in sys.argv:
    os.environ.pop("GRIPE_DB", None)
    update()
