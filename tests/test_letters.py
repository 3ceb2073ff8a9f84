"""Letters at the library level: facts from the demo story, built-in templates, the sandbox.

The story is the demo (a broadband outage at Skyline Fibre, with its three promises: one broken,
one kept, one not yet due). The golden files are in `test_letter_golden`.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import NOW, ZONE, Gripe
from gripe.errors import BadInput
from gripe.facts.record import record
from gripe.letters import facts, render
from gripe.model import Level
from gripe.store import cases, settings
from gripe.store import db as db_module

FULL_ACCOUNT = "SKY-0042-7719-3381"
SENDER = {
    "name": "Alex Morgan",
    "address": "12 Orchard Lane, Leeds LS6 2AB",
    "email": "alex@example.org",
    "jurisdiction": "UK",
}
LETTERS = [(name, jurisdiction) for name in render.BUILTIN_NAMES for jurisdiction in ("UK", "US")]

# ---- the story ----------------------------------------------------------------------------------


def tell_story(gripe: Gripe) -> None:
    """The demo's outage (with its three promises: broken, kept, still to come) and the sender's
    details."""
    gripe.ok("demo", "--db", str(gripe.db))
    for key, value in SENDER.items():
        gripe.ok("config", "set", key, value)


def letter_facts(
    db: Path, template: str, case_id: int = 1, **changes: Any
) -> tuple[dict[str, Any], list[str]]:
    """The facts of a letter about ``case_id``, at the tests' fixed time and zone."""
    show_full = changes.pop("show_full_account", False)
    conn = db_module.connect(db)
    try:
        timeline = cases.timeline(conn, case_id)
        stored = settings.all_settings(conn)
    finally:
        conn.close()
    known = {**stored, **changes}
    now, zone = datetime.fromisoformat(NOW), ZoneInfo(ZONE)
    kept = record(timeline, now, zone, show_full, known.get("jurisdiction"))
    built = facts.build(kept, known, now, zone, template)
    return built.facts, built.missing


@pytest.fixture
def story(gripe: Gripe) -> Path:
    tell_story(gripe)
    return gripe.db


def assert_clean(markdown: str) -> None:
    """No double blank lines, no stray spaces, no paragraphs run together, text that wraps at 72
    columns."""
    assert "\n\n\n" not in markdown
    assert markdown.endswith("\n")
    assert not markdown.endswith("\n\n")
    lines = markdown.splitlines()
    for line, following in itertools.pairwise(lines):
        if line and following:  # within a block: an address's line breaks, or a list
            both_items = line.startswith("- ") and following.startswith("- ")
            assert line.endswith("  ") or both_items, (line, following)
    for line in markdown.splitlines():
        body = line[:-2] if line.endswith("  ") and line.strip() else line
        assert body == body.strip(), repr(line)  # no leading, trailing or lone spaces
        assert "  " not in body, repr(line)
    text = render.as_text(markdown)
    assert "\n\n\n" not in text
    for line in text.splitlines():
        assert len(line) <= 72 or " " not in line.strip(), repr(line)
        assert "**" not in line


# ---- the demo story in sentences ----------------------------------------------------------


@pytest.mark.parametrize("name", render.BUILTIN_NAMES)
def test_letters_tell_the_story_in_sentences(story, name):
    letter = render.render_letter(name, letter_facts(story, name)[0])
    assert "Alex Morgan" in letter
    assert "28 July 2026" in letter
    assert "SKY-88123 and SKY-90411" in letter
    assert '"An engineer will visit and restore the service" by 5:00 pm on 24 July 2026' in letter
    assert "That promise was not kept." in letter
    if name != "follow-up":  # which chases only what is not done
        assert "That promise was kept on 28 July 2026." in letter
    assert "after 1 hour and 5 minutes on hold, spoke with Priya Shah (ID S-102)" in letter
    if name != "regulator":  # no deadline is set for a regulator
        assert "11 August 2026" in letter


@pytest.mark.parametrize(("name", "jurisdiction"), LETTERS)
def test_the_full_account_number_appears_only_when_asked_for(story, name, jurisdiction):
    masked = render.render_letter(name, letter_facts(story, name, jurisdiction=jurisdiction)[0])
    assert FULL_ACCOUNT not in masked
    assert "0042" not in masked
    assert "7719" not in masked
    assert "ending 3381" in masked
    full, _ = letter_facts(story, name, jurisdiction=jurisdiction, show_full_account=True)
    assert FULL_ACCOUNT in render.render_letter(name, full)


def test_us_letters_use_us_dates_law_and_sign_off(story):
    letter = render.render_letter("final-notice", letter_facts(story, "x", jurisdiction="US")[0])
    assert "July 28, 2026" in letter
    assert "by 5:00 PM on July 24, 2026" in letter
    assert "Dear Sir or Madam:" in letter
    assert "Sincerely," in letter
    assert "small claims court" in letter
    assert "Final demand before legal action" in letter
    assert "Consumer Rights Act" not in letter
    assert "Yours faithfully" not in letter


def test_final_notice_is_a_letter_before_action_in_the_uk(story):
    letter = render.render_letter("final-notice", letter_facts(story, "final-notice")[0])
    assert "This is a letter before action" in letter
    assert "Practice Direction on Pre-Action Conduct and Protocols" in letter
    assert "small claims track of the County Court" in letter
    assert "I require this by 11 August 2026, 14 days from the date of this letter." in letter


@pytest.mark.parametrize(
    ("level", "addressee"),
    [
        (Level.FRONTLINE, "The Complaints Manager"),
        (Level.SUPERVISOR, "The Complaints Manager"),
        (Level.EXECUTIVE, "Office of the Chief Executive"),
        (Level.LEGAL, "Office of the Chief Executive"),
    ],
)
def test_escalation_is_addressed_by_level(story, level, addressee):
    conn = db_module.connect(story)
    with db_module.writing(conn):
        cases.set_level(conn, 1, level)
    conn.close()
    letter = render.render_letter("escalation", letter_facts(story, "escalation")[0])
    date_then_recipient = f"28 July 2026\n\n{addressee}  \nCustomer Relations  \n"
    assert date_then_recipient in letter
    assert_clean(letter)


def test_follow_up_lists_the_broken_promises_first(story):
    letter = render.render_letter("follow-up", letter_facts(story, "follow-up")[0])
    broken = letter.index("An engineer will visit")
    assert broken < letter.index("A call back from the engineering team")
    assert broken < letter.index("every contact I have had with you")
    assert "with a firm date by which this promise will now be kept" in letter


def test_regulator_letter_is_about_the_company_not_to_it(story):
    letter = render.render_letter("regulator", letter_facts(story, "regulator")[0])
    recipient = letter.split("28 July 2026\n\n", 1)[1].split("\n\n", 1)[0]
    assert "Customer Relations" not in recipient  # not sent to the company's address
    assert "Skyline Fibre (Customer Relations, Skyline Fibre Ltd" in letter  # but named in it
    assert "Dear Sir or Madam," in letter
    assert "I called Skyline Fibre (reference SKY-88123)" in letter
    assert "I called you" not in letter
    assert "your company" not in letter
    assert "Enclosures:" in letter


def test_billing_dispute_about_a_merchant_goes_to_the_card_issuer(story):
    """Skyline Fibre is the merchant (no card sector): the letter goes to the person's card
    issuer, whose name, address and card account are not in the log: marked gaps."""
    for jurisdiction, law, kind in [
        ("UK", "section 75 of the Consumer Credit Act 1974", "Section 75 claim"),
        ("US", "the Fair Credit Billing Act", "Billing error notice"),
    ]:
        letter = render.render_letter(
            "billing-dispute", letter_facts(story, "x", jurisdiction=jurisdiction)[0]
        )
        assert "\n\n[Your card issuer's name]  \n[Its address for " in letter
        assert law in letter
        assert f"**Re: {kind} — Broadband outage since Sunday night (Skyline Fibre)." in letter
        assert "Skyline Fibre Ltd" not in letter
        assert "Merchant account ending 3381" in letter
        assert_clean(letter)
        placeholders = re.findall(r"\[[^\]]*\]", letter)
        assert placeholders == [
            "[Your card issuer's name]",
            "[Its address for "
            + ("card disputes]" if jurisdiction == "UK" else "billing inquiries]"),
            "[your card account number]",
        ]


def test_other_calls_read_as_sentences_too(gripe):
    """An inbound chat, a company named AT&T without an address, a case opened by hand."""
    gripe.ok("company", "add", "AT&T", "--account", "99887766")
    gripe.ok(
        "case", "open", "AT&T", "Bill doubled without warning",
        "--want", "The old price restored.", "--amount", "£60",
    )  # fmt: skip
    gripe.ok("log", "AT&T", "Asked why my bill doubled", "--hold", "20m", "--ref", "T-1",
             "--at", "3 days ago 10am")  # fmt: skip
    gripe.ok(
        "log", "AT&T", "they said the discount ended", "--inbound", "--rep", "Sam",
        "--role", "manager", "--channel", "chat", "--ref", "T-2", "--at", "yesterday 4pm",
        "--promise", "Refund the difference", "--by", "tomorrow",
    )  # fmt: skip
    for name in render.BUILTIN_NAMES:
        letter = render.render_letter(name, letter_facts(gripe.db, name)[0])
        assert "AT&T" in letter
        assert "&amp;" not in letter
        assert "99887766" not in letter
        assert "ending 7766" in letter
        assert_clean(letter)
    complaint = render.render_letter("complaint", letter_facts(gripe.db, "complaint")[0])
    assert "On 27 July 2026 Sam, a manager, contacted me by chat (reference T-2)." in complaint
    assert "They said the discount ended." in complaint
    assert "I called you (reference T-1) and was kept on hold for 20 minutes." in complaint
    assert "the following: The old price restored. The sum I claim is £60.00." in complaint
    # The name, and a marked gap where the address goes.
    assert "\n\nAT&T  \n[postal address — gripe company edit 1 --address …]\n\n**Re: " in complaint


def test_a_bare_case_still_makes_whole_letters(gripe):
    """No calls, promises, references, account, address, outcome or amount: still letters."""
    gripe.ok("case", "open", "Acme Parcels", "Parcel never arrived")
    for key, value in SENDER.items():
        gripe.ok("config", "set", key, value)
    for name in render.BUILTIN_NAMES:
        letter = render.render_letter(name, letter_facts(gripe.db, name)[0])
        assert_clean(letter)
        assert "Parcel never arrived" in letter
        if name != "billing-dispute":  # which asks the card issuer for a refund
            assert "the service I am paying for, and compensation for the time" in letter
        re_line = next(line for line in letter.splitlines() if line.startswith("**Re: "))
        assert "ccount" not in re_line
        assert "eference" not in re_line
    follow_up = render.render_letter("follow-up", letter_facts(gripe.db, "follow-up")[0])
    assert "I have not yet been told what you will do about it, or when." in follow_up
    assert "0 times" not in follow_up
    assert "happened" not in follow_up


def test_missing_sender_details_show_markers_and_are_listed(gripe):
    gripe.ok("demo", "--db", str(gripe.db))
    for key in ("name", "address", "email"):  # the demo signs as Alex Morgan
        gripe.ok("config", "unset", key)
    letter_facts_, missing = letter_facts(gripe.db, "complaint")
    assert missing == ["name", "address", "email"]
    letter = render.render_letter("complaint", letter_facts_)
    for key in missing:
        assert f"— set it with: gripe config set {key} …]" in letter
    assert letter.startswith("[your name — set it with: gripe config set name …]  \n")
    assert letter.rstrip().endswith("[your name — set it with: gripe config set name …]")
    assert_clean(letter)


# ---- the sandbox --------------------------------------------------------------------------------


def user_template(name: str, text: str) -> Path:
    folder = render.user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}{render.SUFFIX}"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_templates_live_in_the_isolated_config_folder(tmp_path):
    assert render.user_dir().is_relative_to(tmp_path)
    assert render.user_dir().name == "templates"


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ case.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ ''|attr('__class__') }}",
        "{{ '{0.__class__}'.format(case) }}",
        "{{ case.update({'id': 0}) }}",
        "{{ calls.append(1) }}",
        "{{ 2 ** 1000000 }}",
    ],
)
def test_attribute_walking_and_mutation_are_refused(story, payload):
    user_template("sneaky", f"Dear {{{{ company.name }}}},\n{payload}\n")
    with pytest.raises(BadInput) as caught:
        render.render_letter("sneaky", letter_facts(story, "sneaky")[0])
    message = caught.value.message
    assert "template sneaky" in message
    assert "line 2" in message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    "body",
    [
        '{{ "x" * 1000000000 }}',
        "{{ 1000000000 * 'x' }}",
        "{{ [1] * 1000000000 }}",
        "{% for i in range(10000) %}{% for j in range(10000) %}"
        "{{ company.name }} owes me. {% endfor %}{% endfor %}",
        '{% set s = "x" * 90000 %}{{ s ~ s ~ s ~ s }}{{ s + s }}',
    ],
)
def test_runaway_output_fails_fast(story, body):
    user_template("huge", body)
    letter_facts_ = letter_facts(story, "huge")[0]
    started = time.monotonic()
    with pytest.raises(BadInput) as caught:
        render.render_letter("huge", letter_facts_)
    assert time.monotonic() - started < 2
    assert "template huge" in caught.value.message


@pytest.mark.parametrize(
    "body",
    [
        '{{ ("x" * 1000)|replace("x", "y" * 1000)|length }}',
        "{{ range(1000)|join('x' * 1000)|length }}",
        "{{ 'x'|center(1000000)|length }}",
        '{% set s = "x" * 90000 %}{% set s = s ~ s %}{% set s = s ~ s %}{{ s|length }}',
    ],
)
def test_strings_built_without_star_or_plus_are_bounded_too(story, body):
    user_template("sly", body)
    with pytest.raises(BadInput):
        render.render_letter("sly", letter_facts(story, "sly")[0])


def test_a_string_doubled_in_a_loop_meets_the_memory_ceiling_fast(story):
    user_template(
        "doubler",
        '{% set ns = namespace(s="x" * 90000) %}'
        "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    )
    started = time.monotonic()
    with pytest.raises(BadInput, match="template doubler"):
        render.render_letter("doubler", letter_facts(story, "doubler")[0])
    assert time.monotonic() - started < 5


def test_a_missing_field_names_the_template_line_and_field(story):
    user_template(
        "typo", "Dear {{ company.name }},\n\nAbout {{ case.title }}:\n{{ case.no_such_field }}\n"
    )
    fields = letter_facts(story, "typo")[0]
    with pytest.raises(BadInput) as caught:
        render.render_letter("typo", fields)
    message = caught.value.message
    assert "template typo" in message
    assert "line 4" in message
    assert "no_such_field" in message

    user_template("typo", "Dear {{ company.name }},\n\n{{ case.no_such_field }} and more\n")
    with pytest.raises(BadInput) as caught:
        render.render_letter("typo", fields)
    assert "line 3" in caught.value.message
    assert "'no_such_field'" in caught.value.message

    user_template("typo", "{{ sender.name }}\n\n{{ no_such_name }}\n")
    with pytest.raises(BadInput) as caught:
        render.render_letter("typo", fields)
    assert "line 3" in caught.value.message
    assert "'no_such_name'" in caught.value.message


def test_a_syntax_error_names_the_line(story):
    user_template("broken", "Dear {{ company.name }},\n\n{% if case.amount %}\nMoney\n")
    with pytest.raises(BadInput) as caught:
        render.render_letter("broken", letter_facts(story, "broken")[0])
    assert "template broken" in caught.value.message
    assert "line 4" in caught.value.message

    user_template("broken", "Dear {{ company.name }},\n{{ case.title }\n")
    with pytest.raises(BadInput) as caught:
        render.render_letter("broken", letter_facts(story, "broken")[0])
    assert "line 2" in caught.value.message


def test_a_user_template_overrides_the_builtin_of_the_same_name(story):
    mine = user_template("complaint", "My own letter to {{ company.name }} ({{ today }}).\n")
    letter = render.render_letter("complaint", letter_facts(story, "complaint")[0])
    assert letter == "My own letter to Skyline Fibre (28 July 2026).\n"
    assert render.template_path("complaint") == mine
    mine.unlink()
    assert render.render_letter("complaint", letter_facts(story, "complaint")[0]).startswith(
        "Alex Morgan  \n"
    )


def test_a_user_template_can_use_the_builtin_macros(story):
    user_template(
        "short",
        '{% import "_macros.md.j2" as letter with context %}\n'
        "{{ letter.header() }}\n\n{{ letter.re_line(case.title) }}\n\n"
        "{{ letter.salutation() }}\n\n{{ letter.history() }}\n\n{{ letter.sign_off() }}\n",
    )
    letter = render.render_letter("short", letter_facts(story, "short")[0])
    assert "**Re: Broadband outage since Sunday night. Account ending 3381;" in letter
    assert letter.endswith("Yours faithfully,\n\nAlex Morgan\n")
    assert_clean(letter)


# ---- compiling within the limits, and the cache ------------------------------------------------


def cache_files() -> list[Path]:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "gripe" / "templates"
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.parametrize(
    "body",
    [
        '{{ "%0999999999d" % 1 }}',
        '{{ "%0999999999d"|format(1) }}',
        '{{ "x"|center(999999999) }}',
        '{% set padded = "%0999999999d" % 1 %}{{ padded|length }}',
        '{% autoescape "%0999999999d" % 1 %}x{% endautoescape %}',
        "{{ ('%0999999999d' % 1)|length }}",
    ],
)
def test_nothing_is_built_while_compiling(story, body):
    """Jinja folds constants while compiling, outside any limit: "%0999999999d" % 1 took 20 s
    and 5 GB, and its gigabyte was kept in the template cache."""
    user_template("bomb", f"Dear {{{{ company.name }}}},\n{body}\n")
    fields = letter_facts(story, "bomb")[0]
    cached = cache_files()
    started = time.monotonic()
    with pytest.raises(BadInput, match=r"template bomb \(.*\), line [12]: refused"):
        render.render_letter("bomb", fields)
    assert time.monotonic() - started < 2
    assert cache_files() == cached


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{% macro again(n) %}{{ again(n) }}{% endmacro %}{{ again(1) }}", "nests too deeply"),
        ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "nests too deeply"),
        ("{{ range(1000000000)|list }}", "Range too big"),
        ("{% for i in range(1000000000) %}x{% endfor %}", "Range too big"),
        ("line one\n{{ 1 // 0 }}", "line 2: integer division or modulo by zero"),
        ('{{ "a" + 1 }}', "line 1"),
        ("{{ case.title[99] }}", "line 1"),
    ],
)
def test_a_template_that_fails_says_so_in_one_line(story, body, words):
    user_template("failing", body)
    fields = letter_facts(story, "failing")[0]
    cached = cache_files()
    with pytest.raises(BadInput) as caught:
        render.render_letter("failing", fields)
    assert "template failing" in caught.value.message
    assert words in caught.value.message
    assert cache_files() == cached


def test_a_template_that_runs_too_long_is_stopped(story, monkeypatch):
    monkeypatch.setattr(render, "TEMPLATE_SECONDS", 0.5)
    user_template(
        "slow", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    fields = letter_facts(story, "slow")[0]
    cached = cache_files()
    started = time.monotonic()
    with pytest.raises(BadInput, match=r"took more than 0\.5 seconds"):
        render.render_letter("slow", fields)
    assert time.monotonic() - started < 3
    assert cache_files() == cached


def test_a_template_file_too_big_is_refused_unread(story):
    user_template("huge-file", "x" * (render.MAX_TEMPLATE_BYTES + 1))
    with pytest.raises(BadInput, match="a letter template is a few kilobytes"):
        render.render_letter("huge-file", letter_facts(story, "huge-file")[0])
    user_template("_macros", "x" * (render.MAX_TEMPLATE_BYTES + 1))  # what a letter imports
    with pytest.raises(BadInput, match="bigger than a letter template"):
        render.render_letter("complaint", letter_facts(story, "complaint")[0])


def test_only_a_template_that_rendered_is_cached(story):
    user_template("good", "Dear {{ company.name }},\n")
    user_template("bad", "Dear {{ company.name }},\n{{ no_such_field }}\n")
    fields = letter_facts(story, "good")[0]
    before = cache_files()
    with pytest.raises(BadInput):
        render.render_letter("bad", fields)
    assert cache_files() == before

    first = render.render_letter("good", fields)

    [cached] = [path for path in cache_files() if path not in before]
    assert cached.stat().st_size < render.MAX_CACHED_BYTES
    assert render.render_letter("good", fields) == first
    assert len(cache_files()) == len(before) + 1


def test_an_oversized_cache_file_is_removed_unread(story):
    user_template("good", "Dear {{ company.name }},\n")
    fields = letter_facts(story, "good")[0]
    before = cache_files()
    render.render_letter("good", fields)
    [cached] = [path for path in cache_files() if path not in before]
    cached.write_bytes(b"\0" * (render.MAX_CACHED_BYTES + 1))  # as an older gripe left one

    letter = render.render_letter("good", fields)

    assert letter.startswith("Dear ")
    assert all(path.stat().st_size < render.MAX_CACHED_BYTES for path in cache_files())


def test_a_template_compiled_by_another_gripe_is_compiled_again(story):
    """The cache is keyed by the source and by how gripe sets Jinja up: code an older gripe
    compiled (filters called with what they took then) would fail with a traceback."""
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    folder = Path(os.environ["XDG_CACHE_HOME"]) / "gripe" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    fields = letter_facts(story, "complaint")[0]
    expected = render.render_letter("complaint", fields)  # compiled by this gripe
    for path in folder.iterdir():
        path.unlink()
    older = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(render.BUILTIN_DIR)]),
        bytecode_cache=FileSystemBytecodeCache(str(folder)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    older.get_template("complaint.md.j2")
    assert cache_files()

    letter = render.render_letter("complaint", fields)

    assert letter == expected
