"""Filling a letter template, safely.

Templates run in Jinja2's immutable sandbox: no attribute walking to Python internals, no
mutation of the facts. Undefined names are errors that name the template, the line and the
field; output is not HTML-escaped (AT&T stays AT&T); and output is bounded, both the size of
any string a template builds by repetition and the total length of the letter, so a template
cannot hang gripe or fill the disk. Templates in the user's template folder override the
built-in ones of the same name.

Compiling is held to the same limits as rendering. Jinja folds constant expressions while it
compiles (``{{ "%0999999999d" % 1 }}`` would be built then, and kept in the bytecode cache),
so nothing that can build a string is foldable here: ``%``, ``*``, ``+`` and ``**`` are
intercepted operators, and every filter asks for the render context, which does not exist at
compile time. Compiling and rendering both run under the memory ceiling and a time limit, a
template file over `MAX_TEMPLATE_BYTES` is refused unread, and a compiled template is kept in
the cache only after its letter was rendered, and only when small: a template that failed is
compiled afresh next time, never loaded from the cache.
"""

from __future__ import annotations

import os
import re
import textwrap
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from gripe import __version__
from gripe.errors import BadInput, NotFound

BUILTIN_DIR = Path(__file__).parent / "templates"
SUFFIX = ".md.j2"
MAX_LETTER_CHARS = 200_000
MAX_STRING_CHARS = 100_000
MAX_TEMPLATE_BYTES = 256 * 1024  # the built-in ones are a few kilobytes
MAX_CACHED_BYTES = 1024 * 1024  # compiled: a few times the source at most
TEMPLATE_SECONDS = 5  # to compile and render one letter
# Part of every cached template's key: change it when a change here changes compiled code.
CACHE_SCHEME = f"gripe {__version__}, bounded filters taking the context"
BUILTIN_NAMES = (
    "complaint",
    "follow-up",
    "escalation",
    "final-notice",
    "regulator",
    "billing-dispute",
)


def user_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path("gripe", appauthor=False) / "templates"


def template_path(name: str) -> Path:
    """The file a template name stands for: the user's own, else the built-in one."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise BadInput(f"{name!r} is not a template name; use letters, digits and dashes")
    for folder in (user_dir(), BUILTIN_DIR):
        candidate = folder / f"{name}{SUFFIX}"
        if candidate.is_file():
            return candidate
    raise NotFound(f"there is no template called {name!r}; see: gripe template list")


def available() -> list[tuple[str, str, Path]]:
    """(name, where it comes from, file) for every template, built-in ones first."""
    found: dict[str, tuple[str, str, Path]] = {}
    for path in sorted(BUILTIN_DIR.glob(f"[!_]*{SUFFIX}")):  # _macros is a part, not a letter
        name = path.name.removesuffix(SUFFIX)
        found[name] = (name, "built-in", path)
    folder = user_dir()
    if folder.is_dir():
        for path in sorted(folder.glob(f"[!_]*{SUFFIX}")):
            name = path.name.removesuffix(SUFFIX)
            where = "yours, replacing the built-in" if name in found else "yours"
            found[name] = (name, where, path)
    order = {name: index for index, name in enumerate(BUILTIN_NAMES)}
    return sorted(found.values(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _repeats_too_long(left: Any, right: Any) -> bool:
    """ "x" * 10**9 is refused before Python tries to build it."""
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list)) and isinstance(count, int):
            return len(sequence) * count > MAX_STRING_CHARS
    return False


_PERCENT_FIELD = re.compile(r"%[#0 +-]*(\d*)(?:\.(\d*))?")


def _formats_too_long(template: Any) -> bool:
    """ "%0999999999d" % 1 is refused before Python builds its billion characters."""
    if not isinstance(template, str):
        return False
    return any(
        len(number) > 6 or int(number) > MAX_STRING_CHARS
        for found in _PERCENT_FIELD.finditer(template)
        for number in found.groups()
        if number
    )


def _too_long(value: Any) -> bool:
    return isinstance(value, (str, list, tuple)) and len(value) > MAX_STRING_CHARS


def _bounded_filter(name: str, function: Any) -> Any:
    """A filter that refuses to take, build or return a string too long for a letter.

    Arguments are checked before the call (so ``center(10**9)`` or a huge ``replace`` never
    allocates), results after it. It asks for the render context, so Jinja never runs it while
    compiling (constant folding), outside the limits; it hands the filter what it asked for.
    """
    from functools import wraps

    from jinja2 import pass_context
    from jinja2.exceptions import SecurityError

    # Jinja's pass_context/pass_eval_context/pass_environment mark a filter with this attribute.
    wants = getattr(getattr(function, "jinja_pass_arg", None), "name", None)

    @pass_context  # over wraps, which copies the filter's own marker
    @wraps(function)
    def bounded(context: Any, *args: Any, **kwargs: Any) -> Any:
        leading = {
            "context": context,
            "eval_context": context.eval_ctx,
            "environment": context.environment,
        }
        if wants in leading:
            args = (leading[wants], *args)
        values = [*args, *kwargs.values()]
        if any(_too_long(value) for value in values) or any(
            isinstance(value, int) and not isinstance(value, bool) and value > MAX_STRING_CHARS
            for value in values
        ):
            raise SecurityError(f"the {name} filter was given more than a letter can hold")
        strings = [value for value in values if isinstance(value, str)]
        if (
            name == "replace"
            and len(strings) >= 3
            and strings[-3].count(strings[-2] or " ") * (len(strings[-1]) + 1) > MAX_STRING_CHARS
        ):
            raise SecurityError("the replace filter would build a string too long for a letter")
        if name == "format" and args and _formats_too_long(args[0]):
            raise SecurityError("the format filter would build a string too long for a letter")
        result = function(*args, **kwargs)
        if _too_long(result):
            raise SecurityError(f"the {name} filter built a string too long for a letter")
        return result

    return bounded


def _bytecode_cache() -> Any:
    """Compiled templates kept in the user's cache folder (keyed by their source), so a letter
    does not pay for compiling its template every time; none if that folder cannot be made.

    A compiled template is written only by `keep`, once its letter rendered, and only when it
    is small; an oversized file already there (an older gripe cached anything) is removed
    rather than read.
    """
    from jinja2 import FileSystemBytecodeCache
    from platformdirs import user_cache_path

    class LetterCache(FileSystemBytecodeCache):
        def __init__(self, directory: str) -> None:
            super().__init__(directory)
            self.pending: list[Any] = []

        def load_bytecode(self, bucket: Any) -> None:
            name = os.path.join(self.directory, self.pattern % (bucket.key,))
            try:
                too_big = os.path.getsize(name) > MAX_CACHED_BYTES
            except OSError:
                return
            if too_big:
                with suppress(OSError):
                    os.unlink(name)
                return
            super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: Any) -> None:
            self.pending.append(bucket)

        def get_source_checksum(self, source: str) -> str:
            # Compiled code depends on how gripe sets Jinja up (which filters take what), not
            # only on the source: a template compiled by another gripe is compiled again.
            return str(super().get_source_checksum(f"{CACHE_SCHEME}\0{source}"))

        def keep(self) -> None:
            for bucket in self.pending:
                if len(bucket.bytecode_to_string()) <= MAX_CACHED_BYTES:
                    with suppress(OSError):  # a cache that cannot be written is no cache
                        super().dump_bytecode(bucket)
            self.pending.clear()

    folder = user_cache_path("gripe", appauthor=False) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return LetterCache(str(folder))


def _environment() -> Any:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class LetterEnvironment(ImmutableSandboxedEnvironment):
        # Intercepted operators are also never folded at compile time.
        intercepted_binops = frozenset(["*", "+", "**", "%"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**":
                raise SecurityError("powers are not allowed in letter templates")
            if operator == "*" and _repeats_too_long(left, right):
                raise SecurityError("the template builds a string too long for a letter")
            if operator == "%" and _formats_too_long(left):
                raise SecurityError("the template formats a string too long for a letter")
            result = super().call_binop(context, operator, left, right)
            if isinstance(result, (str, list)) and len(result) > MAX_STRING_CHARS:
                raise SecurityError("the template builds a string too long for a letter")
            return result

    class BoundedLoader(FileSystemLoader):
        """Refuses a template file (one a letter imports, too) too big to be a letter's."""

        def get_source(self, environment: Any, template: str) -> Any:
            from jinja2.loaders import split_template_path

            for folder in self.searchpath:
                candidate = os.path.join(folder, *split_template_path(template))
                if os.path.isfile(candidate):
                    if os.path.getsize(candidate) > MAX_TEMPLATE_BYTES:
                        raise SecurityError(
                            f"{candidate} is bigger than a letter template "
                            f"({MAX_TEMPLATE_BYTES:,} bytes at most)"
                        )
                    break
            return super().get_source(environment, template)

    folders = [str(folder) for folder in (user_dir(), BUILTIN_DIR) if folder.is_dir()]
    environment = LetterEnvironment(
        loader=BoundedLoader(folders),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters = {
        name: _bounded_filter(name, function) for name, function in environment.filters.items()
    }
    return environment


class _TooSlow(BaseException):
    """Raised into a template that runs past `TEMPLATE_SECONDS` (a BaseException, so no
    ``except Exception`` on the way can swallow it)."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """A template that loops for ever is stopped: SIGALRM, in the main thread only."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _limits() -> Iterator[None]:
    """What compiling and rendering a template may take: memory and time."""
    with _memory_ceiling(), _time_limit(TEMPLATE_SECONDS):
        yield


@contextmanager
def _memory_ceiling(extra_bytes: int = 512 * 1024 * 1024) -> Iterator[None]:
    """The last line of defence: while a template runs, the process may grow by this much only,
    so a template that doubles a string in a loop meets a MemoryError, not the machine's limit."""
    try:
        import resource
    except ImportError:  # no rlimits on this platform
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    try:
        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        yield
        return
    ceiling = in_use + extra_bytes
    if hard != resource.RLIM_INFINITY:
        ceiling = min(ceiling, hard)
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _line_in(error: BaseException, path: Path) -> int | None:
    """The template line an error was raised on, from Jinja's rewritten traceback."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and Path(frame.filename).name == path.name:
            return frame.lineno
    return None


def render_letter(name: str, facts: dict[str, Any]) -> str:
    """Letter ``name`` filled with ``facts``, or an error saying what the template got wrong."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    path = template_path(name)
    where = f"template {name} ({path})"
    size = path.stat().st_size
    if size > MAX_TEMPLATE_BYTES:
        raise BadInput(
            f"{where} is {size:,} bytes; a letter template is a few kilobytes "
            f"(at most {MAX_TEMPLATE_BYTES:,})"
        )
    environment = _environment()
    try:
        with _limits():
            template = environment.get_template(path.name)  # compiled here, within the limits
            pieces: list[str] = []
            length = 0
            for piece in template.generate(**facts):
                length += len(piece)
                if length > MAX_LETTER_CHARS:
                    raise BadInput(
                        f"{where} wrote more than {MAX_LETTER_CHARS:,} characters; "
                        "a letter is a few pages: check its loops"
                    )
                pieces.append(piece)
    except _TooSlow:
        raise BadInput(
            f"{where} took more than {TEMPLATE_SECONDS} seconds; a letter takes a moment: "
            "check its loops"
        ) from None
    except MemoryError:
        raise BadInput(f"{where} tried to build more than a letter can hold") from None
    except RecursionError:
        raise BadInput(
            f"{where} nests too deeply (a macro that calls itself, or brackets in brackets "
            "in brackets)"
        ) from None
    except UndefinedError as error:
        field = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(error))
        missing = next((group for group in (field.groups() if field else ()) if group), "?")
        line = _line_in(error, path)
        raise BadInput(
            f"{where}, line {line}: there is no field {missing!r} ({error}); "
            "see the fields the built-in templates use: gripe template show complaint"
        ) from None
    except SecurityError as error:
        line = _line_in(error, path)
        raise BadInput(f"{where}, line {line}: refused: {error}") from None
    except TemplateSyntaxError as error:
        raise BadInput(f"{where}, line {error.lineno}: {error.message}") from None
    except TemplateError as error:
        raise BadInput(f"{where}, line {_line_in(error, path)}: {error}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as error:
        # {{ 1 // 0 }}, range(10**9) (the sandbox's OverflowError), "a" + 1: the template's
        # doing when it was raised on one of its lines; anything else is gripe's bug.
        line = _line_in(error, path)
        if line is None:
            raise
        raise BadInput(f"{where}, line {line}: {error}") from None
    cache = environment.bytecode_cache
    if cache is not None:
        cache.keep()
    return "".join(pieces)


def as_text(markdown: str, width: int = 72) -> str:
    """The letter as plain text: Markdown emphasis removed, paragraphs wrapped at ``width``."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", markdown.strip("\n")):
        lines = block.splitlines()
        if all(line.startswith(("- ", "* ")) or line.startswith("  ") for line in lines):
            for line in lines:
                item = line.lstrip()
                bullet = item.startswith(("- ", "* "))
                body = _plain(item[2:] if bullet else item)
                out.append(
                    textwrap.fill(body, width, initial_indent="- " if bullet else "  ",
                                  subsequent_indent="  ")
                )  # fmt: skip
        elif any(line.endswith("  ") for line in lines) or _is_address(lines):
            out.extend(_plain(line.rstrip()) for line in lines)  # line breaks kept
        else:
            out.append(textwrap.fill(_plain(" ".join(line.strip() for line in lines)), width))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _plain(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"\1", re.sub(r"^#+\s+", "", text))


def _is_address(lines: list[str]) -> bool:
    """A block of short lines (an address, a sign-off) keeps its line breaks."""
    return len(lines) > 1 and all(len(line) < 60 for line in lines)
