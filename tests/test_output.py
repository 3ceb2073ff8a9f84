"""What people see prints their own text as typed: no markup, no emoji codes, no escaping."""

from __future__ import annotations


def test_brackets_and_emoji_codes_print_as_typed(gripe):
    gripe.ok("log", "[Acme] :phone: Ltd", "Said [bold]hi[/bold] :smile:", "--ref", "[X-1]")
    for command in (("company", "list"), ("case", "list"), ("case", "show", "1"), ()):
        out = gripe.ok(*command).stdout
        assert "[Acme]" in out
        assert ":phone:" in out
    shown = gripe.ok("case", "show", "1").stdout
    assert "Said [bold]hi[/bold] :smile:" in shown
    assert "ref [X-1]" in shown
