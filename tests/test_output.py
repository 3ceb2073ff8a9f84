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


# ---- text that could attack the terminal, shown instead of obeyed -------------------------------

HOSTILE = "Acme\x1b[2J\x1b]0;pwned\x07 Ltd"  # clear the screen, retitle the window, ring
SUMMARY = "Line down\x1b[31m red\x9b1m\x08\x08 back\r over \x00 nul"


def test_control_characters_are_shown_not_sent_to_the_terminal(gripe):
    gripe.ok("log", HOSTILE, SUMMARY, "--rep", "Dana\x1b[5m", "--ref", "R\x1b[1m-1")
    for command in (
        ("company", "list"),
        ("case", "list"),
        ("case", "show", "1"),
        ("rep", "list"),
        ("search", "line"),
        ("company", "show", "1"),
        (),
    ):
        result = gripe.ok(*command)
        for stream in (result.stdout, result.stderr):
            assert "\x1b" not in stream, (command, stream)
            assert "\x07" not in stream
            assert "\x9b" not in stream
            assert "\x08" not in stream
            assert "\x00" not in stream
    shown = gripe.ok("case", "show", "1").stdout
    assert "Acme\\x1b[2J\\x1b]0;pwned\\x07 Ltd" in shown
    assert "Line down\\x1b[31m red\\x9b1m\\x08\\x08 back\\x0d over \\x00 nul" in shown


def test_json_keeps_the_text_exact(gripe):
    gripe.ok("log", HOSTILE, SUMMARY)
    shown = gripe.json("case", "show", "1")
    assert shown["company"]["name"] == HOSTILE
    assert shown["calls"][0]["summary"] == SUMMARY


def test_an_error_naming_hostile_text_shows_it_too(gripe):
    result = gripe("company", "show", "Evil\x1b[2J Co")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr


def test_wrapping_measures_screen_cells(gripe, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "40")
    wide = "日本語のテキストと絵文字😀😀😀がたくさん並んでいる長い要約です。" * 4
    gripe.ok("log", "Acme", "東京の会社に電話しました 😀 " * 6 + wide)
    shown = gripe.ok("case", "show", "1").stdout
    assert max(cell_len(line) for line in shown.splitlines()) <= 40
    calls = shown.split("\nCalls\n")[1].splitlines()[1:]  # the summary, under its heading
    assert (
        "".join("".join(line.split()) for line in calls)
        == ("東京の会社に電話しました😀" * 6) + wide
    )


def test_wrap_is_linear_and_keeps_every_character():
    from gripe.render import wrap

    one_word = "x" * 5_000_000
    lines = wrap(one_word, 74)
    assert "".join(lines) == one_word
    assert {len(line) for line in lines[:-1]} == {74}
    words = "word " * 1_000_000
    assert " ".join(wrap(words, 80)) == words.strip()
    assert wrap("  kept  inside  ", 40) == ["  kept  inside"]
    assert wrap("a\n\nb", 10) == ["a", "", "b"]


def test_a_fifty_megabyte_summary_is_shown(gripe):
    """textwrap took quadratic time on a long word: case show never finished."""
    import sqlite3

    gripe.ok("log", "Acme", "short for now")
    conn = sqlite3.connect(gripe.db)
    with conn:
        conn.execute("UPDATE calls SET summary = ?", ("y" * 50_000_000,))
    conn.close()
    shown = gripe.ok("case", "show", "1").stdout
    summary = shown.split("\nCalls\n")[1].splitlines()[1:]
    assert "".join(line.strip() for line in summary) == "y" * 50_000_000


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(gripe):
    import csv
    import io
    import sqlite3

    gripe.ok("log", '=HYPERLINK("http://evil")', "+1 call", "--rep", "@rep", "--ref", "-2+3")
    gripe.ok("log", "Plain Co", "starts with a tab")
    conn = sqlite3.connect(gripe.db)
    with conn:  # as an import can store it (log strips what is typed)
        conn.execute("UPDATE calls SET summary = '\tstarts with a tab' WHERE id = 2")
    conn.close()
    rows = list(csv.DictReader(io.StringIO(gripe.ok("export", "--format", "csv").stdout)))
    assert rows[0]["company"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["summary"] == "'+1 call"
    assert rows[0]["rep_name"] == "'@rep"
    assert rows[0]["reference"] == "'-2+3"
    assert rows[1]["summary"] == "'\tstarts with a tab"
    assert rows[1]["company"] == "Plain Co"
    exported = gripe.json("case", "show", "1")
    assert exported["company"]["name"] == '=HYPERLINK("http://evil")'
