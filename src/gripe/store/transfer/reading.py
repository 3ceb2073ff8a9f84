"""Reading an export a value at a time, whatever its size: ijson's parser (yajl, in C) turns
the bytes into events, and the rows are built from them here one at a time.

The file is fed to the parser a line at a time (a very long line in pieces of `PIECE` bytes),
which keeps memory flat and lets an error name its line: gripe writes a row a line, and a file
laid out otherwise (one line, or pretty-printed) reads the same. Bounds hold as it is read: no
value nested deeper than `MAX_DEPTH`, no row or header value longer than `MAX_VALUE_CHARS`, no
text that is not UTF-8. What the rows hold is judged later, in SQL (`gripe.store.transfer.spec`).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO, Any

import ijson

from gripe.store.transfer.progress import Progress
from gripe.store.transfer.spec import MAX_VALUE_CHARS

PIECE = 1024 * 1024  # bytes fed to the parser at most at a time
MAX_DEPTH = 64  # an export nests four deep (document, tables, table, row): far more is a trap

Event = tuple[str, Any]


class Truncated(Exception):
    """The file ends before the document does."""


class TooBig(Exception):
    """A value longer than any export has."""


class TooDeep(Exception):
    """Values nested deeper than any export's."""


class Events:
    """The parser's events for a byte stream, with the line being read."""

    def __init__(self, stream: IO[bytes], progress: Progress) -> None:
        self.stream = stream
        self.progress = progress
        self.line = 0  # the line the last piece fed belongs to
        self.since_value = 0  # bytes fed since the parser last finished a value
        self.empty = True  # nothing but white space so far

    def __iter__(self) -> Iterator[Event]:
        found = ijson.sendable_list()
        parser = ijson.basic_parse_coro(found, use_float=True)
        check_utf8 = codecs.getincrementaldecoder("utf-8")().decode
        first = True
        ended_line = True
        while piece := self.stream.readline(PIECE):
            self.progress.advance(len(piece))
            if ended_line:
                self.line += 1
            ended_line = piece.endswith(b"\n")
            if first:
                piece = piece.removeprefix(codecs.BOM_UTF8)
                first = False
            check_utf8(piece)  # UnicodeDecodeError: refused as text that is not UTF-8
            if self.empty and piece.strip():
                self.empty = False
            self._send(parser, piece)
            if found:
                self.since_value = 0
                yield from found
                del found[:]
            else:
                self.since_value += len(piece)
                if self.since_value > MAX_VALUE_CHARS:
                    raise TooBig()
        check_utf8(b"", True)
        if self.empty:
            return  # nothing to parse: the reader says the file is empty
        try:
            parser.close()
        except ijson.IncompleteJSONError as error:
            raise self._error(error, at_end=True) from None
        yield from found

    def _send(self, parser: Any, piece: bytes) -> None:
        try:
            parser.send(piece)
        except ijson.IncompleteJSONError as error:
            raise self._error(error, at_end=False) from None

    def _error(self, error: Exception, at_end: bool) -> Exception:
        text = str(error)
        if text.startswith("b'") or text.startswith('b"'):  # ijson's message as bytes' repr
            text = text[2:]
        reason = text.split("\\n")[0].split("\n")[0].strip().rstrip(".")
        if at_end and ("premature EOF" in reason or "incomplete" in reason.lower()):
            return Truncated()
        if "UTF8" in reason:
            return UnicodeDecodeError("utf-8", b"", 0, 1, reason)
        reason = reason.split(": ", 1)[-1] if ": " in reason else reason
        return ValueError(f"{reason} on line {max(self.line, 1)}")


def value(events: Iterator[Event], first: Event, depth: int) -> Any:
    """The whole value that starts with event ``first`` (a row, a header value), built from
    the events that follow it; ``depth`` is how deep ``first`` sits in the document."""
    kind, datum = first
    if kind == "start_map":
        # A row: a flat object, read in one tight loop (this is most of an import's reading).
        row: dict[str, Any] = {}
        key = ""
        for kind, datum in events:
            if kind == "map_key":
                key = datum
            elif kind == "end_map":
                return row
            elif kind in ("start_map", "start_array"):
                row[key] = _nested(events, (kind, datum), depth + 1)
            elif type(datum) is str and len(datum) > MAX_VALUE_CHARS:
                raise TooBig()
            else:
                row[key] = datum
        raise Truncated()
    if kind == "start_array":
        return _nested(events, first, depth)
    if type(datum) is str and len(datum) > MAX_VALUE_CHARS:
        raise TooBig()
    return datum


def _nested(events: Iterator[Event], first: Event, depth: int) -> Any:
    """Any value, however nested (up to `MAX_DEPTH`), without recursion."""
    kind, _ = first
    if depth + 1 > MAX_DEPTH:
        raise TooDeep()
    # Containers still open, innermost last, with the key waiting for a value in each map.
    stack: list[tuple[dict[str, Any] | list[Any], str]] = [({} if kind == "start_map" else [], "")]
    for kind, datum in events:
        container, key = stack[-1]
        if kind == "map_key":
            stack[-1] = (container, datum)
            continue
        if kind in ("end_map", "end_array"):
            stack.pop()
            if not stack:
                return container
            done = container
            container, key = stack[-1]
        elif kind in ("start_map", "start_array"):
            if len(stack) + depth + 1 > MAX_DEPTH:
                raise TooDeep()
            stack.append(({} if kind == "start_map" else [], ""))
            continue
        elif type(datum) is str and len(datum) > MAX_VALUE_CHARS:
            raise TooBig()
        else:
            done = datum
        if isinstance(container, dict):
            container[key] = done
        else:
            container.append(done)
    raise Truncated()
