"""How import files are cut into lines, the same for the CLI and POST /import (docs/import.md#how-a-file-is-read):
at LF only, a CR before it dropped, whatever the size of the chunks the bytes arrive in."""

from __future__ import annotations

import pytest

from events.batch import LineError
from service.importer import parse_line, split_lines

FILE = b'{"a":1}\r\n{"b":2}\n\n{"c":3}\r{"d":4}\n{"e":5}'
LINES = [b'{"a":1}', b'{"b":2}', b"", b'{"c":3}\r{"d":4}', b'{"e":5}']


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64, len(FILE)])
def test_lines_end_at_lf_whatever_the_chunks(size: int) -> None:
    chunks = [FILE[i : i + size] for i in range(0, len(FILE), size)]
    assert list(split_lines(chunks)) == LINES


def test_a_line_longer_than_the_limit_is_none_and_the_next_line_is_whole() -> None:
    chunks = [b"x" * 6, b"x" * 6, b"\nshort\n", b"y" * 20]
    assert list(split_lines(chunks, max_line=10)) == [None, b"short", None]


def test_a_crlf_split_across_chunks_is_one_line_end() -> None:
    assert list(split_lines([b"one\r", b"\ntwo\r", b"\n"])) == [b"one", b"two"]


@pytest.mark.parametrize("raw, message", [
    (b'{"op":"registerPerson","input":{"name":"\xff"}}', "not valid UTF-8"),
    (b'{"op":"registerPerson","input":' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    (None, "longer than"),
    (b'{"op":"' + b"x" * 5000 + b'","input":{}}', "unknown op"),
])
def test_every_way_a_line_cannot_be_read_is_a_line_error(raw: bytes | None, message: str) -> None:
    error = parse_line(7, raw)
    assert isinstance(error, LineError)
    assert (error.line, error.code) == (7, "BAD_USER_INPUT") and message in error.message
    assert len(error.message) <= 301
