"""NDJSON import: ``{"op": "<mutation>", "input": {...}}`` per line, validated as a whole file.

The CLI and ``POST /import`` read files through the same ``split_lines``; every way a line can
fail (not UTF-8, not JSON, nested too deep, too long, refused by the rules) is a line error with
its number. The ledger decides the file a chunk at a time and stages its events, so memory stays
bounded whatever the file's size (``docs/import.md#all-or-nothing-in-bounded-memory``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

import msgspec

from events.batch import Line
from events.commands import COMMANDS, Command
from events.ledger import Ledger, LineError
from service.exported import NotAnEvent, as_write

MAX_LINE_BYTES = 1 << 20  # the largest valid line is under 100 kB (docs/import.md#how-a-file-is-read)
READ_BYTES = 1 << 16
_MAX_MESSAGE = 300  # decode errors can quote the input; keep reports and logs short


class _Line(msgspec.Struct, forbid_unknown_fields=True):
    op: str
    input: msgspec.Raw


_line_decoder = msgspec.json.Decoder(_Line)
_input_decoders = {op: msgspec.json.Decoder(cls) for op, cls in COMMANDS.items()}
_PATH = re.compile(r"at `\$\.?([A-Za-z0-9_.\[\]]*)`")


@dataclass
class ImportReport:
    """What an import did: nothing is stored when ``errors`` is non-empty and lines were not skipped."""

    lines: int = 0
    accepted: int = 0
    recorded_events: int = 0
    position: int = 0
    stored: bool = False
    errors: list[LineError] = field(default_factory=list)


def split_lines(chunks: Iterable[bytes], max_line: int = MAX_LINE_BYTES) -> Iterator[bytes | None]:
    """The lines of an NDJSON stream given in chunks of any size: split at LF only, a CR just
    before it dropped (CRLF files), a bare CR left inside its line. A line longer than
    ``max_line`` bytes comes out as None, without ever being held whole."""
    parts: list[bytes] = []
    size = 0
    too_long = False
    for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            piece = chunk[start:end]
            if too_long or size + len(piece) > max_line + 1:
                yield None
            else:
                yield _without_cr(b"".join([*parts, piece]) if parts else piece)
            parts, size, too_long = [], 0, False
            start = end + 1
        rest = chunk[start:]
        if rest and not too_long:
            size += len(rest)
            too_long = size > max_line + 1  # + 1: room for the CR of a CRLF line
            if too_long:
                parts = []
            else:
                parts.append(rest)
    if parts or too_long:
        yield None if too_long else _without_cr(b"".join(parts))


def _without_cr(line: bytes) -> bytes:
    return line[:-1] if line.endswith(b"\r") else line


class NdjsonFile:
    """The lines of a file, read anew at each iteration (a batch is read again after a
    concurrent write): a path, or an open binary file that is rewound."""

    def __init__(self, source: Path | BinaryIO) -> None:
        self._source = source

    def __iter__(self) -> Iterator[bytes | None]:
        if isinstance(self._source, Path):
            with self._source.open("rb") as handle:
                yield from split_lines(iter(partial(handle.read, READ_BYTES), b""))
        else:
            self._source.seek(0)
            yield from split_lines(iter(partial(self._source.read, READ_BYTES), b""))


def parse_line(line_no: int, raw: bytes | None) -> Command | LineError:
    """Decode one import line into its command, or the line error saying why it cannot be."""
    if raw is None:
        return _error(line_no, None, f"line is longer than {MAX_LINE_BYTES} bytes")
    try:
        op, given = _op_and_input(raw)
        decoder = _input_decoders.get(op)
        if decoder is None:
            return _error(line_no, "op", f"unknown op {op[:40]!r}; expected one of {', '.join(COMMANDS)}")
        command: Command = decoder.decode(given)
    except NotAnEvent as error:
        return _error(line_no, "type", str(error))
    except msgspec.DecodeError as error:
        return _error(line_no, _field(str(error)), str(error))
    except UnicodeDecodeError as error:
        return _error(line_no, None, f"line is not valid UTF-8 (byte {error.start})")
    except RecursionError:
        return _error(line_no, None, "line is nested too deeply")
    return command


def _op_and_input(raw: bytes) -> tuple[str, bytes]:
    """An import line's op and input; an export line's event as the write that records it."""
    try:
        line = _line_decoder.decode(raw)
    except msgspec.ValidationError:
        write = as_write(raw)
        if write is None:
            raise
        return write
    return line.op, line.input


def _error(line_no: int, field: str | None, message: str) -> LineError:
    if len(message) > _MAX_MESSAGE:
        message = message[:_MAX_MESSAGE] + "…"
    return LineError(line_no, field, "BAD_USER_INPUT", message)


def _field(message: str) -> str | None:
    match = _PATH.search(message)
    return match.group(1) or None if match else None


class _Parsed:
    """The commands of ``lines``, numbered from 1, blank lines skipped; re-iterable like them."""

    def __init__(self, lines: Iterable[bytes | None], report: ImportReport,
                 on_parsed: Callable[[int], None] | None) -> None:
        self._lines = lines
        self._report = report
        self._on_parsed = on_parsed

    def __iter__(self) -> Iterator[Line]:
        for line_no, raw in enumerate(self._lines, start=1):
            self._report.lines = line_no
            if self._on_parsed and line_no % 1000 == 0:
                self._on_parsed(line_no)
            if raw is None or raw.strip():
                yield line_no, parse_line(line_no, raw)


def import_lines(
    ledger: Ledger,
    lines: Iterable[bytes | None],
    principal: str,
    *,
    skip_invalid: bool = False,
    on_parsed: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every line, then store the whole file in one atomic append (or nothing).

    ``lines`` (a list, or an ``NdjsonFile``) is read again if a concurrent write forces a retry.
    """
    if isinstance(lines, Iterator):
        raise TypeError("import_lines reads its lines again after a concurrent write: pass a list or an NdjsonFile")
    report = ImportReport()
    result = ledger.execute_batch(_Parsed(lines, report, on_parsed), principal, skip_invalid=skip_invalid)
    report.errors = sorted(result.errors, key=lambda e: e.line)
    if result.errors and not skip_invalid:
        return report
    report.accepted = result.accepted
    report.recorded_events = result.recorded_events
    report.position = result.position
    report.stored = True
    return report
