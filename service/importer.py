"""NDJSON import: ``{"op": "<mutation>", "input": {...}}`` per line, validated as a whole file."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import msgspec

from events.commands import COMMANDS, Command
from events.ledger import Ledger, LineError


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


def parse_line(line_no: int, raw: bytes) -> Command:
    """Decode one import line into its command; raises LineError-carrying ValueError."""
    try:
        line = _line_decoder.decode(raw)
    except msgspec.DecodeError as error:
        raise _LineFailure(LineError(line_no, _field(str(error)), "BAD_USER_INPUT", str(error))) from error
    decoder = _input_decoders.get(line.op)
    if decoder is None:
        message = f"unknown op '{line.op}'; expected one of {', '.join(COMMANDS)}"
        raise _LineFailure(LineError(line_no, "op", "BAD_USER_INPUT", message))
    try:
        command: Command = decoder.decode(line.input)
    except msgspec.DecodeError as error:
        raise _LineFailure(LineError(line_no, _field(str(error)), "BAD_USER_INPUT", str(error))) from error
    return command


class _LineFailure(Exception):
    def __init__(self, error: LineError) -> None:
        super().__init__(error.message)
        self.error = error


def _field(message: str) -> str | None:
    match = _PATH.search(message)
    return match.group(1) or None if match else None


def import_lines(
    ledger: Ledger,
    lines: Iterable[bytes],
    principal: str,
    *,
    skip_invalid: bool = False,
    on_parsed: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate every line, then store the whole file in one atomic append (or nothing)."""
    report = ImportReport()
    commands: list[tuple[int, Command]] = []
    for line_no, raw in enumerate(lines, start=1):
        report.lines = line_no
        if on_parsed and line_no % 1000 == 0:
            on_parsed(line_no)
        if not raw.strip():
            continue
        try:
            commands.append((line_no, parse_line(line_no, raw)))
        except _LineFailure as failure:
            report.errors.append(failure.error)
    refused = bool(report.errors) and not skip_invalid
    result = ledger.execute_batch(commands, principal, skip_invalid=skip_invalid, store=not refused)
    report.errors = sorted(report.errors + result.errors, key=lambda e: e.line)
    if refused or (result.errors and not skip_invalid):
        return report
    report.accepted = result.accepted
    report.recorded_events = result.recorded_events
    report.position = result.position
    report.stored = True
    return report
